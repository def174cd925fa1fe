"""Subscribing an organisation's system (by the functioneel beheerder): the secret shown once."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urlsplit

from zicht.api.models import SOORTEN_MELDING, Abonnement
from zicht.api.tokens import ClientFout, organisatie

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def controleer_url(url: str) -> str:
    """https; plain http only to this machine (development and tests)."""
    delen = urlsplit(url)
    if delen.scheme == "https" and delen.hostname:
        return url
    if delen.scheme == "http" and delen.hostname in LOOPBACK:
        return url
    raise ClientFout("een webhook-URL begint met https:// (http alleen naar 127.0.0.1)")


def abonneer(
    organisatie_code: str, url: str, soorten: Iterable[str], nu: datetime
) -> tuple[Abonnement, str]:
    gekozen = sorted(set(soorten)) or sorted(SOORTEN_MELDING)
    onbekend = [s for s in gekozen if s not in SOORTEN_MELDING]
    if onbekend:
        raise ClientFout(f"kies soorten uit: {', '.join(SOORTEN_MELDING)}")
    geheim = secrets.token_hex(32)
    abonnement = Abonnement.objects.create(
        organisatie=organisatie(organisatie_code),
        url=controleer_url(url),
        soorten=gekozen,
        geheim=geheim,
        aangemaakt_op=nu,
    )
    return abonnement, geheim
