"""Configuring a sender: which API client sends JZV meldingen, and where its outcomes go.

A sender is an API client with a `bron` (one model for a system Zicht talks to); where its
outcomes go is its own `Abonnement` (url and HMAC key), delivered like every webhook.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import cast
from urllib.parse import urlsplit

from django.db import transaction

from zicht.api.models import BRONNEN, UITKOMSTMELDING, Abonnement, ApiClient
from zicht.api.tokens import ClientFout

LOKAAL = frozenset({"127.0.0.1", "localhost", "::1"})


def maak_afzender(
    client_naam: str, naam: str, bron: str, uitkomst_url: str, nu: datetime
) -> tuple[ApiClient, str]:
    """An existing client as a sender; the HMAC key its outcomes are signed with (empty when
    it gets no outcomes)."""
    client = ApiClient.objects.filter(naam=client_naam).first()
    if client is None:
        raise ClientFout(f"geen API-client '{client_naam}'; maak die eerst met zicht api-client")
    if bron not in BRONNEN:
        raise ClientFout(f"kies een bron uit: {', '.join(BRONNEN)}")
    if uitkomst_url:
        delen = urlsplit(uitkomst_url)
        if not (delen.scheme == "https" or (delen.scheme == "http" and delen.hostname in LOKAAL)):
            raise ClientFout("het adres voor uitkomsten moet https zijn (http alleen lokaal)")
    if client.bron:
        raise ClientFout(f"client '{client_naam}' is al een afzender")
    geheim = secrets.token_urlsafe(32) if uitkomst_url else ""
    with transaction.atomic():
        client.bron, client.melder_naam = bron, naam
        client.save(update_fields=["bron", "melder_naam"])
        if uitkomst_url:
            Abonnement.objects.create(
                organisatie=client.organisatie,
                client=client,
                url=uitkomst_url,
                soorten=[UITKOMSTMELDING],
                geheim=geheim,
                aangemaakt_op=nu,
            )
    return cast(ApiClient, client), geheim


def uitkomst_url(client: ApiClient) -> str:
    abonnement = client.abonnementen.filter(actief=True).first()
    return str(abonnement.url) if abonnement is not None else ""
