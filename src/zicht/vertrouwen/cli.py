"""`zicht backup`, `zicht restore` and `zicht db-rollen` (issue #16). Django loads only when one
runs.

- `zicht backup BESTAND`: pg_dump (custom format) of the database, then `zicht verify` on it.
- `zicht restore BESTAND`: pg_restore into the database (as the owner role: it drops and
  recreates the tables), then `zicht verify`: a restored copy whose chains do not hold with the
  keys of this installation fails (exit 1).
- `zicht db-rollen`: the owner and application roles on PostgreSQL (see `rollen.py`).
"""

from __future__ import annotations

import argparse
import os
import subprocess
from typing import Any

from zicht.store.cli import _django, controleer


def voeg_toe(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup", help="pg_dump van de database naar BESTAND, daarna zicht verify"
    )
    backup.add_argument("bestand")
    backup.set_defaults(uitvoeren=maak_backup)
    restore = subparsers.add_parser(
        "restore",
        help="zet BESTAND (van zicht backup) terug met pg_restore, daarna zicht verify; "
        "draai dit als de eigenaarsrol",
    )
    restore.add_argument("bestand")
    restore.add_argument(
        "--app",
        default="zicht_app",
        help="de applicatierol die na het terugzetten weer alleen mag lezen en toevoegen",
    )
    restore.set_defaults(uitvoeren=zet_terug)
    rollen = subparsers.add_parser(
        "db-rollen",
        help="maak of werk de PostgreSQL-rollen bij: eigenaar (migraties) en applicatie "
        "(alleen lezen en toevoegen op gebeurtenissen en toegangslog)",
    )
    rollen.add_argument("--eigenaar", default="zicht_eigenaar")
    rollen.add_argument("--app", default="zicht_app")
    rollen.add_argument(
        "--database", help="de database (standaard die van de instellingen, ZICHT_PG_NAME)"
    )
    rollen.add_argument(
        "--alleen-rechten",
        action="store_true",
        help="maak geen rollen en database; geef alleen de rechten opnieuw (na een migratie)",
    )
    rollen.set_defaults(uitvoeren=db_rollen)


def _pg() -> tuple[list[str], dict[str, str]]:
    """Connection options and environment for pg_dump/pg_restore, from Django's settings."""
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("zicht backup en zicht restore werken met PostgreSQL (ZICHT_DB=postgres).")
    s = connection.settings_dict
    opties = ["-h", str(s["HOST"] or "127.0.0.1"), "-p", str(s["PORT"] or "5432")]
    opties += ["-U", str(s["USER"]), "-d", str(s["NAME"])]
    omgeving = dict(os.environ)
    if s.get("PASSWORD"):
        omgeving["PGPASSWORD"] = str(s["PASSWORD"])
    return opties, omgeving


def maak_backup(args: argparse.Namespace) -> int:
    _django()
    opties, omgeving = _pg()
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--file", args.bestand, *opties],
        env=omgeving,
        check=True,
    )
    print(f"Back-up geschreven naar {args.bestand}.")
    return controleer(args)


def zet_terug(args: argparse.Namespace) -> int:
    _django()
    from django.db import connection

    opties, omgeving = _pg()
    connection.close()  # no prepared statement may outlive the tables it names
    subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *opties,
            args.bestand,
        ],
        env=omgeving,
        check=True,
    )
    print(f"Teruggezet uit {args.bestand}.")
    # pg_restore recreated the tables: the default privileges gave the application role every
    # right on them again. Take UPDATE and DELETE on events and access log away once more.
    from zicht.vertrouwen import rollen

    if rollen.rol_bestaat(args.app):
        rollen.richt_in(
            eigenaar=str(connection.settings_dict["USER"]), app=args.app, alleen_rechten=True
        )
        print(f"Rechten van {args.app} opnieuw gezet.")
    return controleer(args)


def db_rollen(args: argparse.Namespace) -> int:
    _django()
    from zicht.vertrouwen import rollen

    rollen.richt_in(
        eigenaar=args.eigenaar,
        app=args.app,
        database=args.database,
        alleen_rechten=args.alleen_rechten,
    )
    return 0
