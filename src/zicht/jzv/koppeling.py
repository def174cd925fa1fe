"""The one place where JZV reaches Zicht's changes: register a melding, record a step.

Both go through the API's entry points (`zicht.api.diensten`), so through the same engine, rules
and projections as the screens. JZV acts for Veilig Thuis as one system client of its own,
`jzv-koppeling`, whose token nobody holds (only an unguessable hash is stored). When the
application layer takes over these two entry points, only this module changes.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from zicht.api import diensten, invoer
from zicht.api.models import ApiClient
from zicht.api.problemen import Probleem
from zicht.api.tokens import organisatie, token_hash
from zicht.casuswerk import dossier
from zicht.core import partijen as p
from zicht.store.models import Casus

SYSTEEMCLIENT = "jzv-koppeling"


def systeemclient(nu: datetime) -> ApiClient:
    client = ApiClient.objects.filter(naam=SYSTEEMCLIENT).first()
    if client is None:
        client = ApiClient.objects.create(
            naam=SYSTEEMCLIENT,
            organisatie=organisatie(p.VEILIG_THUIS),
            scopes=["lezen", "schrijven"],
            token_hash=token_hash(secrets.token_urlsafe(32)),  # no token exists for it
            token_begin="",
            aangemaakt_op=nu,
        )
    return client


def registreer_melding(melding: invoer.Melding, nu: datetime) -> str:
    """A new case for this melding; its id."""
    return diensten.registreer_melding(systeemclient(nu), melding, nu)


def leg_stap_vast(casus: Casus, soort: str, velden: dict[str, Any], nu: datetime) -> bool:
    """Record one step for Veilig Thuis now; False when the step is not (or no longer) open.
    A case changed in between (409) is read again once."""
    for _ in range(2):
        versie = dossier.laad(casus, nu).seq
        stap = invoer.Stap(soort, nu, velden)
        try:
            diensten.leg_stap_vast(systeemclient(nu), casus, versie, stap, nu)
        except Probleem as probleem:
            if probleem.status_code != 409:
                return False
        else:
            return True
    return False
