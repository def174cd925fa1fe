"""The one place where JZV reaches Zicht's changes: register a melding, record a step.

Both go through the application layer (`zicht.toepassing.acties`), so through the same engine,
rules and projections as the screens and the API. JZV acts for Veilig Thuis as one system client
of its own, `jzv-koppeling`, whose token nobody holds (only an unguessable hash is stored).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any, cast

from zicht.api import invoer, toegang
from zicht.api.models import ApiClient
from zicht.api.tokens import organisatie, token_hash
from zicht.core import partijen as p
from zicht.store.models import Casus
from zicht.toepassing import acties, dossier, fouten

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
    return cast(ApiClient, client)


def registreer_melding(melding: invoer.Melding, nu: datetime) -> str:
    """A new case for this melding; its id."""
    gezin = (
        acties.Gezinsgegevens(melding.gezin or "", melding.personen, melding.melder)
        if melding.gezin or melding.personen or melding.melder
        else None
    )
    return acties.registreer_melding(
        toegang.actor(systeemclient(nu)), melding.op, melding.velden, nu, gezin
    )


def leg_stap_vast(casus: Casus, soort: str, velden: dict[str, Any], nu: datetime) -> bool:
    """Record one step for Veilig Thuis now; False when the step is not (or no longer) open.
    A case changed in between (409) is read again once."""
    wie = toegang.actor(systeemclient(nu))
    for _ in range(2):
        try:
            d = dossier.lees_casus(wie, casus.pk, nu, "stap_vastleggen")
            acties.leg_stap_vast(wie, d, d.seq, soort, nu, velden, nu)
        except fouten.Conflict:
            continue
        except fouten.Fout:
            return False
        else:
            return True
    return False
