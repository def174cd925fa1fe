"""The retention job: anonymise closed cases past their retention period.

Only `Gezin` (names, BSN, melder) and `Notitie` (free text) change; the event table stays
append-only, because events carry pseudonymous ids (p1, p2) and references, never names.
Each anonymisation writes an access-log row (processing activity `bewaartermijn`).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction

from zicht.core.bewaartermijn import laad
from zicht.core.uitvraag import afgesloten_op
from zicht.store.models import Casus, CasusPartij, CasusProjectie
from zicht.toepassing import inzage
from zicht.toepassing.modellen import Gezin, Notitie

SYSTEEM = "systeem:bewaartermijn"
GEANONIMISEERD = "Geanonimiseerd gezin"


@dataclass(frozen=True)
class TeAnonimiseren:
    casus_id: str
    afgesloten_op: datetime
    vervalt_op: date


def te_anonimiseren(nu: datetime) -> list[TeAnonimiseren]:
    """Closed cases whose retention period ended before `nu`, not yet anonymised."""
    termijnen = laad()
    open_gezinnen = Gezin.objects.filter(geanonimiseerd_op__isnull=True).values("casus_id")
    toestanden = CasusProjectie.objects.filter(casus_id__in=open_gezinnen).values_list(
        "casus_id", "toestand"
    )
    gesloten = {str(c): m for c, t in toestanden if (m := afgesloten_op(t)) is not None}
    partijen: dict[str, set[str]] = defaultdict(set)
    for casus_id, partij in CasusPartij.objects.filter(casus_id__in=list(gesloten)).values_list(
        "casus_id", "partij"
    ):
        partijen[str(casus_id)].add(partij)
    uit = []
    for casus_id, moment in sorted(gesloten.items(), key=lambda x: x[1]):
        vervalt = termijnen.vervalt_op(moment, partijen[casus_id])
        if vervalt < nu.date():
            uit.append(TeAnonimiseren(casus_id, moment, vervalt))
    return uit


def anonimiseer(casus_id: str, nu: datetime, trace_id: str) -> None:
    with transaction.atomic(), inzage.actie() as gelezen:
        gezin = Gezin.objects.select_for_update().get(casus_id=casus_id)
        personen = [{"id": p["id"], "rol": p.get("rol", "")} for p in gezin.personen]
        gezin.naam, gezin.personen, gezin.melder = GEANONIMISEERD, personen, {}
        gezin.geanonimiseerd_op = nu
        gezin.save(update_fields=["naam", "personen", "melder", "geanonimiseerd_op"])
        Notitie.objects.filter(casus_id=casus_id).update(tekst="")
        # frozen: the store refuses every further event (issue #16)
        Casus.objects.filter(pk=casus_id, bevroren_op__isnull=True).update(bevroren_op=nu)
        gelezen.lees(casus_id, [p["id"] for p in personen])
        inzage.schrijf(  # the one access log (toepassing.inzage), in this transaction
            gelezen,
            casus_ids=[casus_id],
            gebruiker=SYSTEEM,
            rol="",
            organisatie="",
            actie="anonimiseren",
            verwerking="bewaartermijn",
            uitkomst="toegestaan",
            trace_id=trace_id,
        )


def draai(nu: datetime, *, proef: bool = False) -> list[TeAnonimiseren]:
    """Anonymise every case that is due (or, as a dry run, only list them)."""
    lijst = te_anonimiseren(nu)
    if not proef:
        trace_id = uuid.uuid4().hex
        for item in lijst:
            anonimiseer(item.casus_id, nu, trace_id)
    return lijst
