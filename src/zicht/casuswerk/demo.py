"""`zicht demo`: organisations, demo users and ~300 synthetic families in every phase.

Django loads only when the command runs (the dispatcher imports this module for --help).
"""

from __future__ import annotations

import argparse
import os
from typing import Any

SETTINGS = "zicht.web.settings"
WACHTWOORD = "zicht-demo-2026"


def voeg_toe(subparsers: Any) -> None:
    demo = subparsers.add_parser(
        "demo", help="demodata: organisaties, gebruikers en synthetische casussen (geen echte data)"
    )
    demo.add_argument("--aantal", type=int, default=300, help="aantal gezinnen (standaard 300)")
    demo.add_argument(
        "--nu",
        help="het moment waar de casussen naartoe lopen, bv. 2026-03-10T12:00 (standaard: nu)",
    )
    demo.add_argument(
        "--wachtwoord", default=WACHTWOORD, help="het wachtwoord van elke demogebruiker"
    )
    demo.add_argument("--zaad", type=int, default=2026, help="startwaarde van het toeval")
    demo.set_defaults(uitvoeren=demo_opdracht)


def demo_opdracht(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()
    from zicht.casuswerk.demodata.vullen import vul

    return vul(args.aantal, args.nu, args.wachtwoord, args.zaad)
