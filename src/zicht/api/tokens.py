"""Clients and their tokens: made by the functioneel beheerder, the token shown only once.

Tokens are 256 random bits, so a plain SHA-256 is enough to store them: there is nothing to
guess that a slow hash would protect (unlike a password).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime

from zicht.api.models import SCOPES, ApiClient
from zicht.core import partijen as p
from zicht.core.afspraken import laad_afspraken
from zicht.toepassing.modellen import SOORTEN, Organisatie

VOORVOEGSEL = "zicht_"


class ClientFout(ValueError):
    """A client cannot be made as asked; the message says why, in Dutch."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def organisatie(code: str) -> Organisatie:
    """The organisation with this party id; made when it is a valid party of the region."""
    bestaand: Organisatie | None = Organisatie.objects.filter(code=code).first()
    if bestaand:
        return bestaand
    probleem = p.fout_in_partij(code, laad_afspraken().bekende_gemeenten())
    if probleem or p.soort(code) not in SOORTEN:
        raise ClientFout(probleem or f"'{code}' is geen organisatie die met Zicht werkt")
    naam = f"{SOORTEN[p.soort(code)]} {p.kwalificatie(code) or ''}".strip()
    nieuw: Organisatie = Organisatie.objects.create(code=code, naam=naam, soort=p.soort(code))
    return nieuw


def maak_client(
    naam: str, organisatie_code: str, scopes: Iterable[str], nu: datetime
) -> tuple[ApiClient, str]:
    """A new client and its token (the only moment the token exists in clear)."""
    gekozen = sorted(set(scopes))
    onbekend = [s for s in gekozen if s not in SCOPES]
    if onbekend or not gekozen:
        raise ClientFout(f"kies scopes uit: {', '.join(SCOPES)}")
    if ApiClient.objects.filter(naam=naam).exists():
        raise ClientFout(f"er is al een client met de naam '{naam}'")
    token = VOORVOEGSEL + secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        naam=naam,
        organisatie=organisatie(organisatie_code),
        scopes=gekozen,
        token_hash=token_hash(token),
        token_begin=token[: len(VOORVOEGSEL) + 4],
        aangemaakt_op=nu,
    )
    return client, token


def client_bij_token(token: str) -> ApiClient | None:
    client: ApiClient | None = (
        ApiClient.objects.select_related("organisatie")
        .filter(token_hash=token_hash(token), actief=True)
        .first()
    )
    return client
