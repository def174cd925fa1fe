"""Configuring a sender: which API client sends JZV meldingen, and where its outcomes go."""

from __future__ import annotations

import secrets
from datetime import datetime
from urllib.parse import urlsplit

from zicht.api.models import ApiClient
from zicht.api.tokens import ClientFout
from zicht.jzv.models import BRONNEN, Afzender

LOKAAL = frozenset({"127.0.0.1", "localhost", "::1"})


def maak_afzender(
    client_naam: str, naam: str, bron: str, uitkomst_url: str, nu: datetime
) -> tuple[Afzender, str]:
    """A sender for an existing client, and the HMAC key its outcomes are signed with."""
    client = ApiClient.objects.filter(naam=client_naam).first()
    if client is None:
        raise ClientFout(f"geen API-client '{client_naam}'; maak die eerst met zicht api-client")
    if bron not in BRONNEN:
        raise ClientFout(f"kies een bron uit: {', '.join(BRONNEN)}")
    if uitkomst_url:
        delen = urlsplit(uitkomst_url)
        if not (delen.scheme == "https" or (delen.scheme == "http" and delen.hostname in LOKAAL)):
            raise ClientFout("het adres voor uitkomsten moet https zijn (http alleen lokaal)")
    if Afzender.objects.filter(client=client).exists():
        raise ClientFout(f"client '{client_naam}' is al een afzender")
    geheim = secrets.token_urlsafe(32)
    afzender = Afzender.objects.create(
        client=client,
        naam=naam,
        bron=bron,
        uitkomst_url=uitkomst_url,
        geheim=geheim,
        aangemaakt_op=nu,
    )
    return afzender, geheim
