"""`zicht bewaartermijn`: anonymise closed cases past their retention period.

    zicht bewaartermijn --dry-run           what it would do, nothing changes
    zicht bewaartermijn                     do it now
    zicht bewaartermijn --wachtrij          put it on the task queue (`zicht beheer db_worker`)

Prints case ids and dates only, never names. Django loads only when it runs.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

SETTINGS = "zicht.web.settings"


def voeg_toe(subparsers: Any) -> None:
    b = subparsers.add_parser(
        "bewaartermijn", help="anonimiseer gesloten casussen waarvan de bewaartermijn voorbij is"
    )
    b.add_argument("--dry-run", action="store_true", help="alleen tonen wat er zou gebeuren")
    b.add_argument("--nu", help="rekenmoment, bv. 2050-01-01T00:00 (standaard: nu)")
    b.add_argument("--wachtrij", action="store_true", help="als taak op de wachtrij zetten")
    b.set_defaults(uitvoeren=bewaartermijn_opdracht)


def bewaartermijn_opdracht(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()
    from django.utils import timezone

    from zicht.casuswerk import bewaartermijn
    from zicht.core.engine import lees_moment

    nu = lees_moment(args.nu) if args.nu else timezone.localtime()
    if args.wachtrij and not args.dry_run:
        from zicht.casuswerk.taken import bewaartermijn_taak

        resultaat = bewaartermijn_taak.enqueue(nu.isoformat())
        print(f"Taak {resultaat.id} op de wachtrij; de worker: zicht beheer db_worker")
        return 0
    lijst = bewaartermijn.draai(nu, proef=args.dry_run)
    werkwoord = "zou anonimiseren" if args.dry_run else "geanonimiseerd"
    for t in lijst:
        print(
            f"{werkwoord}: casus {t.casus_id} (afgesloten {t.afgesloten_op:%Y-%m-%d}, "
            f"bewaren tot {t.vervalt_op:%Y-%m-%d})"
        )
    print(f"{len(lijst)} casus(sen) {werkwoord} (per {nu:%Y-%m-%d %H:%M}).")
    return 0
