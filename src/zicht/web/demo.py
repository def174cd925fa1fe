"""`zicht demo` with the API: the screens' demo data, then a demo API client for Veilig Thuis and
a demo JZV sender, so the API and its documentation can be tried at once.

The tokens follow from the demo password (synthetic data only, like the demo users): running
the demo again shows the same tokens. Django loads only when the command runs.
"""

from __future__ import annotations

import argparse
import hashlib
from typing import Any

from zicht.casuswerk import demo as schermen

KLANTEN = (
    ("demo-veilig-thuis", "veilig_thuis", "Het systeem van Veilig Thuis"),
    ("demo-politie", "lokaal_veld:Heerlen", "Een melder die JZV-meldingen stuurt"),
)


def voeg_toe(subparsers: Any) -> None:
    schermen.voeg_toe(subparsers)
    subparsers.choices["demo"].set_defaults(uitvoeren=demo_met_api)


def demo_token(naam: str, wachtwoord: str) -> str:
    return "zicht_demo_" + hashlib.sha256(f"{wachtwoord}:{naam}".encode()).hexdigest()[:32]


def demo_met_api(args: argparse.Namespace) -> int:
    uitkomst = schermen.demo_opdracht(args)  # sets Django up
    if uitkomst != 0:
        return uitkomst
    from django.utils import timezone

    from zicht.core.engine import lees_moment
    from zicht.regie.verversen import ververs

    # The regie figures of the demo cases (issue 13), as of the moment they run to.
    ververs(lees_moment(args.nu) if args.nu else timezone.localtime())
    from zicht.api.models import ApiClient
    from zicht.api.tokens import VOORVOEGSEL, organisatie, token_hash
    from zicht.jzv.beheer import maak_afzender

    nu = timezone.now()
    print("\nDemo-clients voor de API (documentatie: /api/v1/docs):")
    for naam, code, wat in KLANTEN:
        token = demo_token(naam, args.wachtwoord)
        ApiClient.objects.update_or_create(
            naam=naam,
            defaults={
                "organisatie": organisatie(code),
                "scopes": ["lezen", "schrijven"],
                "token_hash": token_hash(token),
                "token_begin": token[: len(VOORVOEGSEL) + 4],
                "actief": True,
                "aangemaakt_op": nu,
            },
        )
        print(f"  {naam:<20} {wat}: Authorization: Bearer {token}")
    if not ApiClient.objects.filter(naam="demo-politie").exclude(bron="").exists():
        maak_afzender("demo-politie", "Politie (demo)", "politie", "", nu)
    print("  demo-politie stuurt JZV-meldingen naar /api/jzv_meldingen/v1/meldingen;")
    print("  Veilig Thuis wijst ze toe in de intake (/jzv/intake).")
    return 0
