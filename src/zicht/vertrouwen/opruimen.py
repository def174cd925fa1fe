"""Cleaning up after the one-time form tokens and the Idempotency-Key answers (issue #16).

A used form token is kept only as long as the token itself could still be accepted (its
signature carries its age; `FORMULIER_GELDIG_SECONDEN`), plus a margin for the clocks of
several app servers; after that the middleware refuses it as expired anyway. A stored API
answer is kept for `IDEMPOTENTIE_BEWAREN_SECONDEN`: a retry within that window gets the first
answer, after it the key counts as new. The scheduler puts `opruimen_taak` on the queue every
hour (`zicht.signalering.planner`); the worker runs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

from zicht.vertrouwen.models import GebruiktFormulier, IdempotenteAanvraag

KLOKMARGE = timedelta(minutes=5)  # app servers whose clocks differ a little


@dataclass(frozen=True)
class Opgeruimd:
    formuliertokens: int
    idempotentie: int


def grenzen(nu: datetime) -> tuple[datetime, datetime]:
    """(used form tokens before this go, stored answers before this go)."""
    vensters = settings.ZICHT_VERTROUWEN
    formulier = timedelta(seconds=int(vensters["FORMULIER_GELDIG_SECONDEN"])) + KLOKMARGE
    idempotentie = timedelta(seconds=int(vensters["IDEMPOTENTIE_BEWAREN_SECONDEN"]))
    return nu - formulier, nu - idempotentie


def opruimen(nu: datetime) -> Opgeruimd:
    formulier, idempotentie = grenzen(nu)
    tokens, _ = GebruiktFormulier.objects.filter(gebruikt_op__lt=formulier).delete()
    antwoorden, _ = IdempotenteAanvraag.objects.filter(aangemaakt_op__lt=idempotentie).delete()
    return Opgeruimd(tokens, antwoorden)
