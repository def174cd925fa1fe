"""Least privilege on PostgreSQL (issue #16): an owner role and an application role.

- The owner (`zicht_eigenaar`) owns the database, its schema, tables and the trigger function:
  it runs `zicht beheer migrate`, `zicht rebuild` (the fast path drops and recreates indexes)
  and `zicht restore`.
- The application (`zicht_app`) owns nothing. On the event table and the access log it may
  only SELECT and INSERT; the case row it may also UPDATE (its `laatste_seq` and seal), but
  never DELETE; the projections, sessions, queue and the other tables it may change. Not the
  owner, it cannot disable or drop the append-only triggers, nor truncate anything, nor migrate.

`richt_in` is idempotent: run it after every migration (new tables get the rights then).
It connects as the configured user (a superuser or a role with CREATEROLE), with psycopg.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql

ALLEEN_TOEVOEGEN = ("store_gebeurtenis", "toegangslog_toegangsregel")
# Tables the application reads and inserts into, and updates, but never deletes from.
NIET_VERWIJDEREN = ("store_casus", "vertrouwen_ketenkop")
ALLEEN_LEZEN = ("django_migrations",)


def _verbind(database: str | None) -> Any:
    from django.db import connection

    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or "5432",
        user=s["USER"],
        password=s.get("PASSWORD") or None,
        dbname=database or s["NAME"],
        autocommit=True,
    )


def _bestaat(cur: Any, rol: str) -> bool:
    cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [rol])
    return cur.fetchone() is not None


def rol_bestaat(rol: str) -> bool:
    with _verbind(None) as verbinding, verbinding.cursor() as cur:
        return _bestaat(cur, rol)


def richt_in(
    *, eigenaar: str, app: str, database: str | None = None, alleen_rechten: bool = False
) -> None:
    from django.db import connection

    naam = database or str(connection.settings_dict["NAME"])
    E, A = sql.Identifier(eigenaar), sql.Identifier(app)
    with _verbind(database) as verbinding, verbinding.cursor() as cur:
        if not alleen_rechten:
            for rol in (eigenaar, app):
                if not _bestaat(cur, rol):
                    cur.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(rol)))
            cur.execute(
                sql.SQL(
                    "ALTER ROLE {} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
                ).format(A)
            )
            cur.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(naam), E))
            cur.execute(sql.SQL("ALTER SCHEMA public OWNER TO {}").format(E))
            cur.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner <> %s",
                [eigenaar],
            )
            for (tabel,) in cur.fetchall():
                cur.execute(sql.SQL("ALTER TABLE {} OWNER TO {}").format(sql.Identifier(tabel), E))
            cur.execute(
                "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n "
                "ON n.oid = p.pronamespace WHERE n.nspname = 'public'"
            )
            for (functie,) in cur.fetchall():
                cur.execute(sql.SQL("ALTER FUNCTION {} OWNER TO {}").format(sql.SQL(functie), E))
        _rechten(cur, naam, E, A)


def _rechten(cur: Any, naam: str, E: sql.Identifier, A: sql.Identifier) -> None:
    alle = sql.SQL("ALL TABLES IN SCHEMA public")
    stappen = [
        sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
        sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(naam)),
        sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(sql.Identifier(naam), A),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(A),
        sql.SQL("REVOKE ALL ON {} FROM {}").format(alle, A),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO {}").format(alle, A),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(A),
        # Tables made by later migrations: the same rights, until this runs again.
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public "
            "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
        ).format(E, A),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public "
            "GRANT USAGE, SELECT ON SEQUENCES TO {}"
        ).format(E, A),
    ]
    cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    bestaand = {t for (t,) in cur.fetchall()}  # an empty database: the rest after migrate
    for tabel in (t for t in ALLEEN_TOEVOEGEN if t in bestaand):
        stappen.append(
            sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(
                sql.Identifier(tabel), A
            )
        )
    for tabel in (t for t in NIET_VERWIJDEREN if t in bestaand):
        stappen.append(
            sql.SQL("REVOKE DELETE, TRUNCATE ON {} FROM {}").format(sql.Identifier(tabel), A)
        )
    for tabel in (t for t in ALLEEN_LEZEN if t in bestaand):
        stappen.append(
            sql.SQL("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(
                sql.Identifier(tabel), A
            )
        )
    for stap in stappen:
        cur.execute(stap)


@contextmanager
def als_eigenaar() -> Iterator[None]:
    """For the test suite run as the application role (`make test`): what only the owner may
    (flush lifting the triggers, a DBA's tampering, the fast rebuild's DDL) runs as the owner
    named in ZICHT_PG_TEST_EIGENAAR, on a connection of its own. Without it: nothing changes.
    Not inside a transaction: the connection is closed and opened again."""
    from django.db import connection

    eigenaar = os.environ.get("ZICHT_PG_TEST_EIGENAAR")
    if not eigenaar or connection.vendor != "postgresql":
        yield
        return
    oud = connection.settings_dict["USER"]
    connection.close()
    connection.settings_dict["USER"] = eigenaar
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["USER"] = oud
