"""Is the family of a new melding already known? For Veilig Thuis only (WA 6, WA 7).

The same BSN (the keyed index) or the same family name in the same gemeente; a match counts
while its case is open or closed within the uitvraag window (the gemeente's, the longest).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Upper

from zicht.casusbeheer.lijsten import casusnummer
from zicht.casusbeheer.models import BsnSleutel
from zicht.casuswerk.models import CasusPartij, Gezin
from zicht.core import partijen as p
from zicht.core import uitvraag as kern
from zicht.core.toegang import GEMEENTE
from zicht.store.models import CasusProjectie
from zicht.toepassing import teksten, vaste_sql
from zicht.toepassing.dossier import afspraken

MAX = 10


def eerder_bekend(
    casus_id: str, gezin: Gezin | None, gemeenten: list[str], nu: datetime, regio: str
) -> list[dict[str, Any]]:
    if gezin is None:
        return []
    casus = uuid.UUID(str(casus_id))
    # One query whatever matches (the page's query count stays fixed), compiled once per shape
    # (vaste_sql): building it through the ORM took ~5 ms of CPU per case page of Veilig Thuis.
    if gemeenten and gezin.geanonimiseerd_op is None:
        partijen = [p.gemeente_partij(g) for g in gemeenten]
        rijen = vaste_sql.rijen(
            "bekend.bsn_of_naam", _bsn_of_naam, [casus, gezin.naam, *partijen], vaste_sql.DJANGO
        )
    else:
        rijen = vaste_sql.rijen("bekend.bsn", _bsn, [casus], vaste_sql.DJANGO)
    a = afspraken(regio)
    regels = a.regels(gemeenten[0] if gemeenten else sorted(a.gemeenten())[0], nu.date())
    uit = []
    for i, toestand, naam in rijen:
        gesloten = kern.afgesloten_op(toestand or {})
        if gesloten is None:
            uit.append(
                {
                    "casus_id": str(i),
                    "naam": naam or "",
                    "nummer": casusnummer(i),
                    "tekst": "lopende casus",
                }
            )
            continue
        tot = regels.termijn("uitvraag.gemeente.termijn").uiterlijk(gesloten.date(), a.kalender)
        if tot >= nu.date():
            uit.append(
                {
                    "casus_id": str(i),
                    "naam": naam or "",
                    "nummer": casusnummer(i),
                    "tekst": f"afgesloten op {teksten.datum(gesloten.date())}",
                }
            )
    return sorted(uit, key=lambda r: r["nummer"])


def _kandidaten(casus: Any) -> QuerySet[Any]:
    """Cases with one of this case's BSNs (the keyed index)."""
    sleutels = BsnSleutel.objects.filter(casus_id=casus).values("sleutel")
    return BsnSleutel.objects.filter(sleutel__in=sleutels).values("casus_id")


def _bekend(casus: Any, kandidaten: QuerySet[Any]) -> QuerySet[Any]:
    return (
        CasusProjectie.objects.filter(casus_id__in=kandidaten)
        .exclude(casus_id=casus)
        .values_list("casus_id", "toestand", "casus__gezin__naam")[:MAX]
    )


def _bsn(stand_ins: list[Any]) -> QuerySet[Any]:
    return _bekend(stand_ins[0], _kandidaten(stand_ins[0]))


def _bsn_of_naam(stand_ins: list[Any]) -> QuerySet[Any]:
    """The same BSN, or the same family name in one of the gemeenten: [case, name, *parties]."""
    casus, naam, *partijen = stand_ins
    # Per family of the same name (its index on UPPER(naam), in order) one probe of the unique
    # index on (case, party, relation), stopping at MAX + 1 found. A join of both sides read
    # every family of that name and every case of the gemeente first: at 1M cases 4,700 and
    # 20,000 rows, ~33 ms per case page of Veilig Thuis (bench/RESULTS.md). A scalar subquery,
    # not EXISTS: PostgreSQL turns an EXISTS into that join. UPPER on both sides rather than
    # `iexact`, whose SQLite form (LIKE) would change the name before it reaches the SQL.
    in_gemeente = CasusPartij.objects.filter(
        casus_id=OuterRef("casus_id"), partij__in=partijen, relatie=GEMEENTE
    ).values("id")[:1]
    zelfde_naam = (
        Gezin.objects.annotate(naam_upper=Upper("naam"))
        .filter(naam_upper=Upper(Value(naam)))
        .exclude(casus_id=casus)
        .annotate(in_gemeente=Subquery(in_gemeente))
        .filter(in_gemeente__isnull=False)
        .values("casus_id")
    )
    if connection.features.supports_slicing_ordering_in_compound:  # not SQLite
        zelfde_naam = zelfde_naam[: MAX + 1]
    # A UNION, not an OR of two IN's: each part uses its index (the keyed BSN, the family name
    # in upper case); the OR made PostgreSQL scan every projection (issue #17).
    return _bekend(casus, _kandidaten(casus).union(zelfde_naam))
