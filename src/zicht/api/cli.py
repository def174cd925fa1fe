"""`zicht api-client` and `zicht webhooks`: the functioneel beheerder's commands for the API.

Django loads only when one of them runs (`zicht scenario` stays free of it).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

SETTINGS = "zicht.web.settings"


def voeg_toe(subparsers: Any) -> None:
    client = subparsers.add_parser("api-client", help="API-clients (systemen) per organisatie")
    client_sub = client.add_subparsers(dest="api_opdracht", required=True)
    maak = client_sub.add_parser("maak", help="een client maken; toont het token één keer")
    maak.add_argument("--organisatie", required=True, help="bijv. lokaal_veld:Heerlen")
    maak.add_argument(
        "--scope", action="append", choices=["lezen", "schrijven"], required=True, dest="scopes"
    )
    maak.add_argument("--naam", help="naam van de client (standaard: de organisatie)")
    maak.set_defaults(uitvoeren=maak_client)
    lijst = client_sub.add_parser("lijst", help="alle clients, zonder tokens")
    lijst.set_defaults(uitvoeren=lijst_clients)
    intrekken = client_sub.add_parser("intrekken", help="een client blokkeren")
    intrekken.add_argument("naam")
    intrekken.set_defaults(uitvoeren=trek_in)

    webhooks = subparsers.add_parser("webhooks", help="webhook-abonnementen en -leveringen")
    web_sub = webhooks.add_subparsers(dest="webhook_opdracht", required=True)
    abonneer = web_sub.add_parser("abonneer", help="een abonnement; toont het geheim één keer")
    abonneer.add_argument("--organisatie", required=True)
    abonneer.add_argument("--url", required=True)
    abonneer.add_argument(
        "--soort",
        action="append",
        choices=["overdracht", "termijn_verloopt"],
        default=[],
        dest="soorten",
        help="standaard beide",
    )
    abonneer.set_defaults(uitvoeren=maak_abonnement)
    termijnen = web_sub.add_parser(
        "termijnen", help="zet de controle op bijna verlopen termijnen in de wachtrij (cron)"
    )
    termijnen.add_argument("--datum", help="JJJJ-MM-DD, standaard vandaag")
    termijnen.set_defaults(uitvoeren=termijnen_controleren)
    overzicht = web_sub.add_parser("lijst", help="abonnementen en hun leveringen")
    overzicht.set_defaults(uitvoeren=lijst_abonnementen)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()


def maak_client(args: argparse.Namespace) -> int:
    _django()
    from django.utils import timezone

    from zicht.api.tokens import ClientFout
    from zicht.api.tokens import maak_client as maak

    try:
        client, token = maak(
            args.naam or args.organisatie, args.organisatie, args.scopes, timezone.now()
        )
    except ClientFout as fout:
        print(f"zicht api-client: {fout}", file=sys.stderr)
        return 2
    print(
        f"Client '{client.naam}' voor {client.organisatie.code}, scopes: {', '.join(client.scopes)}"
    )
    print("Token (alleen nu zichtbaar; bewaar het veilig):")
    print(token)
    return 0


def lijst_clients(args: argparse.Namespace) -> int:
    _django()
    from zicht.api.models import ApiClient

    for c in ApiClient.objects.select_related("organisatie"):
        status = "actief" if c.actief else "ingetrokken"
        print(
            f"{c.naam:<30} {c.organisatie.code:<32} {','.join(c.scopes):<16} "
            f"{c.token_begin}… {status}"
        )
    return 0


def trek_in(args: argparse.Namespace) -> int:
    _django()
    from zicht.api.models import ApiClient

    if not ApiClient.objects.filter(naam=args.naam).update(actief=False):
        print(f"zicht api-client: geen client '{args.naam}'", file=sys.stderr)
        return 2
    print(f"Client '{args.naam}' ingetrokken.")
    return 0


def maak_abonnement(args: argparse.Namespace) -> int:
    _django()
    from django.utils import timezone

    from zicht.api.tokens import ClientFout
    from zicht.api.webhooks.abonneren import abonneer

    try:
        abonnement, geheim = abonneer(args.organisatie, args.url, args.soorten, timezone.now())
    except ClientFout as fout:
        print(f"zicht webhooks: {fout}", file=sys.stderr)
        return 2
    print(f"Abonnement {abonnement.id} voor {abonnement.organisatie.code}: {abonnement.url}")
    print(f"Soorten: {', '.join(abonnement.soorten)}")
    print("Geheim voor de Zicht-Signature (alleen nu zichtbaar):")
    print(geheim)
    return 0


def termijnen_controleren(args: argparse.Namespace) -> int:
    _django()
    from django.utils import timezone

    from zicht.api.webhooks.termijnen import controleer_termijnen

    datum = args.datum or timezone.localdate().isoformat()
    resultaat = controleer_termijnen.enqueue(datum)
    print(f"Controle van termijnen voor {datum} in de wachtrij ({resultaat.id}).")
    return 0


def lijst_abonnementen(args: argparse.Namespace) -> int:
    _django()
    from django.db.models import Count, Q

    from zicht.api.models import Abonnement, Levering

    rijen = Abonnement.objects.select_related("organisatie").annotate(
        bezorgd=Count("leveringen", filter=Q(leveringen__status=Levering.BEZORGD)),
        wachtend=Count("leveringen", filter=Q(leveringen__status=Levering.WACHTEND)),
        mislukt=Count("leveringen", filter=Q(leveringen__status=Levering.MISLUKT)),
    )
    for a in rijen:
        print(
            f"{a.id} {a.organisatie.code:<28} {a.url} {','.join(a.soorten)} "
            f"bezorgd={a.bezorgd} wachtend={a.wachtend} mislukt={a.mislukt}"
        )
    return 0
