"""`zicht rebuild`, `zicht verify` and `zicht beheer`: the store's commands.

Django loads only when one runs.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

SETTINGS = "zicht.web.settings"


def voeg_toe(subparsers: Any) -> None:
    rebuild = subparsers.add_parser("rebuild", help="herbouw alle projecties uit de gebeurtenissen")
    rebuild.add_argument(
        "--langzaam",
        action="store_true",
        help="op PostgreSQL toch casus voor casus via de store (het pad van SQLite)",
    )
    rebuild.add_argument("--processen", type=int, help="werkprocessen voor het snelle pad")
    # A fixed moment instead of now, so two rebuilds can be compared exactly (benchmarks, tests).
    rebuild.add_argument("--op", help=argparse.SUPPRESS)
    rebuild.set_defaults(uitvoeren=herbouw)
    verify = subparsers.add_parser(
        "verify",
        help="controleer de hashketen van elke casus en van het toegangslog; exitcode 1 bij "
        "een breuk",
    )
    verify.set_defaults(uitvoeren=controleer)
    beheer = subparsers.add_parser(
        "beheer",
        help="Django-beheeropdracht, bijvoorbeeld `zicht beheer migrate`",
        add_help=False,
        prefix_chars="\0",  # every option, --help too, belongs to Django, not to us
    )
    beheer.add_argument("django_argumenten", nargs=argparse.REMAINDER)
    beheer.set_defaults(uitvoeren=beheer_opdracht)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()


def herbouw(args: argparse.Namespace) -> int:
    _django()
    from django.db import connection
    from django.utils import timezone

    from zicht.core.engine import lees_moment
    from zicht.store.django_store import DjangoStore

    # The fast path commits from its own processes: not inside a caller's transaction (tests).
    snel_pad = connection.vendor == "postgresql" and not connection.in_atomic_block
    if snel_pad and not getattr(args, "langzaam", False):
        from zicht.store import snel

        def voortgang(casussen: int, gebeurtenissen: int) -> None:
            print(f"  {casussen} casussen, {gebeurtenissen} gebeurtenissen", flush=True)

        op = getattr(args, "op", None)
        moment = lees_moment(op) if op else timezone.now()
        casussen, gebeurtenissen, duur = snel.herbouw(
            moment, getattr(args, "processen", None), voortgang
        )
        tempo = gebeurtenissen / duur if duur else 0.0
        print(
            f"{casussen} casussen herbouwd ({gebeurtenissen} gebeurtenissen in {duur:.1f} s, "
            f"{tempo:,.0f} gebeurtenissen/s)"
        )
        return 0
    aantal = DjangoStore().herbouw()
    print(f"{aantal} casussen herbouwd")
    return 0


def controleer(args: argparse.Namespace) -> int:
    _django()
    from zicht.store.models import Casus
    from zicht.store.verify import breuken
    from zicht.vertrouwen import keten

    gevonden = 0
    for breuk in breuken():
        print(f"BREUK {breuk}")
        gevonden += 1
    log = 0
    for logbreuk in keten.breuken():
        print(f"BREUK {logbreuk}")
        log += 1
    if gevonden or log:
        if gevonden:
            print(f"{gevonden} casus(sen) met een gebroken hashketen.")
        if log:
            print("Het toegangslog is gewijzigd of ingekort.")
        return 1
    print(f"Hashketens in orde ({Casus.objects.count()} casussen en het toegangslog).")
    return 0


def beheer_opdracht(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zicht beheer", *args.django_argumenten])
    return 0
