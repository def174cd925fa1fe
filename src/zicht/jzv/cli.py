"""`zicht jzv afzender`: make an API client a sender of JZV meldingen (functioneel beheerder)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from zicht.api.cli import _django


def voeg_toe(subparsers: Any) -> None:
    jzv = subparsers.add_parser("jzv", help="JZV Meldingen: afzenders en hun uitkomsten")
    sub = jzv.add_subparsers(dest="jzv_opdracht", required=True)
    afzender = sub.add_parser("afzender", help="een API-client als afzender instellen")
    afzender.add_argument("--client", required=True, help="naam van de API-client")
    afzender.add_argument("--naam", required=True, help="de melder zoals de casus hem noemt")
    afzender.add_argument("--bron", required=True, choices=["professional", "politie", "burger"])
    afzender.add_argument("--url", default="", help="waar Zicht de uitkomstmeldingen post")
    afzender.set_defaults(uitvoeren=maak)


def maak(args: argparse.Namespace) -> int:
    _django()
    from django.utils import timezone

    from zicht.api.tokens import ClientFout
    from zicht.jzv.beheer import maak_afzender, uitkomst_url

    try:
        afzender, geheim = maak_afzender(
            args.client, args.naam, args.bron, args.url, timezone.now()
        )
    except ClientFout as fout:
        print(f"zicht jzv: {fout}", file=sys.stderr)
        return 2
    print(f"Afzender '{afzender.melder_naam}' (client {afzender.naam}), bron {afzender.bron}")
    print(f"Uitkomsten naar: {uitkomst_url(afzender) or '(geen)'}")
    if geheim:
        print("Geheim voor de Zicht-Signature (alleen nu zichtbaar):")
        print(geheim)
    return 0
