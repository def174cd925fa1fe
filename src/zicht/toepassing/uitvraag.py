"""Uitvraag (WA 6, 7): find a family by BSN or by name and gemeente, and who knows it.

The BSN comes in by POST only (never in a URL) and is compared, never logged or shown.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from zicht.core import uitvraag as kern
from zicht.core.bsn import normaliseer
from zicht.core.toegang import GEMEENTE
from zicht.store.models import CasusPartij, CasusProjectie
from zicht.store.regio import regio
from zicht.toepassing.dossier import afspraken
from zicht.toepassing.modellen import Gezin


def gezinnen(*, bsn: str = "", naam: str = "", gemeente: str = "") -> list[Gezin]:
    """Families with this BSN, or whose family or person name contains `naam` in `gemeente`."""
    if bsn:
        doel = normaliseer(bsn)
        return [
            g
            for g in Gezin.objects.exclude(personen=[]).only("casus_id", "naam", "personen")
            if any(p.get("bsn") == doel for p in g.personen)
        ]
    if not (naam.strip() and gemeente):
        return []
    in_gemeente = CasusPartij.objects.filter(
        partij=f"gemeente:{gemeente}", relatie=GEMEENTE
    ).values("casus_id")
    woord = naam.strip().lower()
    return [
        g
        for g in Gezin.objects.filter(casus_id__in=in_gemeente)
        if woord in g.naam.lower() or any(woord in p.get("naam", "").lower() for p in g.personen)
    ]


def zoek(nu: datetime, **vraag: str) -> tuple[list[Gezin], list[kern.Treffer]]:
    gevonden = gezinnen(**vraag)
    ids = [g.casus_id for g in gevonden]
    relaties: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for casus_id, partij, relatie in CasusPartij.objects.filter(casus_id__in=ids).values_list(
        "casus_id", "partij", "relatie"
    ):
        relaties[str(casus_id)].add((partij, relatie))
    toestanden = dict(
        CasusProjectie.objects.filter(casus_id__in=ids).values_list("casus_id", "toestand")
    )
    kandidaten = [
        kern.Kandidaat(
            str(i), frozenset(relaties[str(i)]), kern.afgesloten_op(toestanden.get(i) or {})
        )
        for i in ids
    ]
    a = afspraken(regio())
    gemeente = vraag.get("gemeente") or next(iter(sorted(a.gemeenten())))
    regels = a.regels(gemeente, nu.date())
    return gevonden, kern.treffers(kandidaten, nu, regels, a.kalender)
