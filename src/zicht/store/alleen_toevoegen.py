"""Append-only in the database itself: triggers that refuse UPDATE and DELETE (and TRUNCATE on
PostgreSQL) on the event table and the access log, whoever connects.

Created by migrations (store 0003, toegangslog 0002) per vendor. Only the test suite's flush
(`store/management/commands/flush.py`) lifts them for a moment, as a DBA could; `zicht verify`
finds what such a DBA changed in the event table.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

TABELLEN = ("store_gebeurtenis", "toegangslog_toegangsregel")
_PG_FUNCTIE = """
CREATE OR REPLACE FUNCTION zicht_alleen_toevoegen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'tabel % is append-only: % is niet toegestaan', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END
$$;
"""


def _statements(vendor: str, tabel: str) -> list[str]:
    if vendor == "postgresql":
        return [
            _PG_FUNCTIE,
            f"CREATE TRIGGER {tabel}_alleen_toevoegen BEFORE UPDATE OR DELETE ON {tabel} "
            "FOR EACH ROW EXECUTE FUNCTION zicht_alleen_toevoegen()",
            f"CREATE TRIGGER {tabel}_geen_truncate BEFORE TRUNCATE ON {tabel} "
            "FOR EACH STATEMENT EXECUTE FUNCTION zicht_alleen_toevoegen()",
        ]
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {tabel}_geen_{op.lower()} BEFORE {op} ON {tabel} BEGIN "
            f"SELECT RAISE(ABORT, 'tabel {tabel} is append-only: {op} is niet toegestaan'); END"
            for op in ("UPDATE", "DELETE")
        ]
    raise ImproperlyConfigured(f"geen append-only triggers voor database {vendor}")


def _verwijder_statements(vendor: str, tabel: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {tabel}_alleen_toevoegen ON {tabel}",
            f"DROP TRIGGER IF EXISTS {tabel}_geen_truncate ON {tabel}",
        ]
    return [f"DROP TRIGGER IF EXISTS {tabel}_geen_{op} " for op in ("update", "delete")]


def maak(connection: Any, tabel: str) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, tabel):
            cursor.execute(sql)


def verwijder(connection: Any, tabel: str) -> None:
    with connection.cursor() as cursor:
        for sql in _verwijder_statements(connection.vendor, tabel):
            cursor.execute(sql)


def migratie(tabel: str) -> tuple[Any, Any]:
    """(forward, backward) for `migrations.RunPython`: per vendor via `connection.vendor`."""

    def vooruit(apps: Any, schema_editor: Any) -> None:
        maak(schema_editor.connection, tabel)

    def terug(apps: Any, schema_editor: Any) -> None:
        verwijder(schema_editor.connection, tabel)

    return vooruit, terug
