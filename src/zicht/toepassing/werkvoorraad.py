"""The worklist's reads: open terms of an organisation's parties and hand-overs waiting for them.

A fixed number of queries whatever the number of cases: everything comes from the OpenTermijn
and CasusPartij projections, with two keys of the stored state joined in and the families read
once for the page (their person ids go to the access log too). The screens render them
(`casuswerk/werkvoorraad.py`), the API lists them (`api/views/overzichten.py`).
"""

from __future__ import annotations

import heapq
import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

from django.db.models import F, QuerySet

from zicht.core import partijen as p
from zicht.core.toegang import GEMEENTE, PROCESREGIE, WACHT_OP
from zicht.store.models import CasusPartij, CasusProjectie, OpenTermijn
from zicht.toepassing import vaste_sql
from zicht.toepassing.modellen import Gezin

PER_PAGINA = 50
# The worklist counts its terms up to here; past it the page says "meer dan" (a count of every
# open term of Veilig Thuis would read ~150,000 index entries on every page view at 1M cases).
TEL_TOT = 1000


class Werkvoorraadtermijn(NamedTuple):
    """One open term of a worklist page, with the two parts of its case's state it shows."""

    id: int
    casus_id: Any
    code: str
    partij: str
    uiterlijk: date | None
    grond: str
    gemeenten: list[str] | None
    signalen: list[dict[str, Any]] | None


def termijnen(partijen: list[str], filters: dict[str, Any], vandaag: date) -> QuerySet[OpenTermijn]:
    rijen = OpenTermijn.objects.filter(partij__in=partijen)
    if filters.get("gemeente"):
        rijen = rijen.filter(
            casus__partijen__partij=f"gemeente:{filters['gemeente']}",
            casus__partijen__relatie=GEMEENTE,
        )
    if filters.get("termijn"):
        rijen = rijen.filter(code=filters["termijn"])
    if filters.get("casussen") is not None:  # e.g. "aan mij toegewezen"
        rijen = rijen.filter(casus_id__in=filters["casussen"])
    if filters.get("status") == "verlopen":  # overrun from 00:00 the day after uiterlijk (§3)
        rijen = rijen.filter(uiterlijk__lt=vandaag)
    elif filters.get("status") == "open":
        rijen = rijen.exclude(uiterlijk__lt=vandaag)
    return rijen.select_related("casus__gezin", "casus__projectie").order_by(
        F("uiterlijk").asc(nulls_last=True), "casus_id", "code"
    )


class Begrensd:
    """A queryset for the Paginator whose count stops at TEL_TOT + 1 (`begrensd` says so)."""

    ordered = True

    def __init__(self, rijen: QuerySet[OpenTermijn], partijen: list[str]) -> None:
        self.rijen, self.partijen = rijen, partijen
        self.begrensd = False
        self._eerste: list[int] | None = None

    def _eerste_ids(self) -> list[int]:
        """One party: the ids of its first TEL_TOT + 1 terms in worklist order, one index range
        scan that gives both the count and any page (a page past TEL_TOT is never asked)."""
        if self._eerste is None:
            self._eerste = list(self.rijen.values_list("id", flat=True)[: TEL_TOT + 1])
        return self._eerste

    def count(self) -> int:
        if len(self.partijen) <= 1:
            aantal = len(self._eerste_ids())
        else:
            aantal = self.rijen.order_by()[: TEL_TOT + 1].count()
        self.begrensd = aantal > TEL_TOT
        return min(aantal, TEL_TOT)

    def __getitem__(self, k: Any) -> Any:
        """A page in index-driven queries: the ids in order (no joins before the limit), then
        those rows as plain tuples with only the two parts of each state the list shows
        (`Werkvoorraadtermijn`). Families come separately, with the hand-overs (`gezinnen`)."""
        if not isinstance(k, slice):
            return self[k : k + 1][0]
        ids = self._ids(k)
        per_id = {r[0]: Werkvoorraadtermijn(*r) for r in _termijnrijen(ids)}
        return [per_id[i] for i in ids if i in per_id]

    def __len__(self) -> int:
        return self.count()

    def _ids(self, k: slice) -> list[int]:
        """The ids of a page. Per party an index range scan in worklist order, merged here: one
        query over several parties would sort every open term of all of them first."""
        if len(self.partijen) <= 1:
            if k.stop is not None and k.stop <= TEL_TOT + 1:
                return self._eerste_ids()[k]
            return list(self.rijen.values_list("id", flat=True)[k])
        per_partij = [
            list(
                self.rijen.filter(partij=p).values_list("uiterlijk", "casus_id", "code", "id")[
                    : k.stop
                ]
            )
            for p in self.partijen
        ]
        samen = heapq.merge(
            *per_partij, key=lambda r: (r[0] is None, r[0] or date.min, r[1], r[2], r[3])
        )
        return [r[3] for r in samen][k]


def _termijnrijen(ids: list[int]) -> list[tuple[Any, ...]]:
    """The fields of `Werkvoorraadtermijn` for these terms: a fixed query (vaste_sql)."""

    def bouw(stand_ins: list[Any]) -> QuerySet[Any]:
        return OpenTermijn.objects.filter(id__in=stand_ins).values_list(
            "id",
            "casus_id",
            "code",
            "partij",
            "uiterlijk",
            "grond",
            "casus__projectie__toestand__gemeenten",
            "casus__projectie__toestand__signalen",
        )

    j, d, u = vaste_sql.als_json, vaste_sql.als_datum, vaste_sql.als_uuid
    return vaste_sql.rijen(
        "werkvoorraad.termijnen", bouw, ids, (None, u, None, None, d, None, j, j)
    )


def _wacht(partijen: list[str]) -> QuerySet[CasusPartij]:
    return CasusPartij.objects.filter(partij__in=partijen, relatie__in=list(WACHT_OP.values()))


class Wachtende(NamedTuple):
    """The rows of the oldest waiting hand-overs and, when they were all of them, how many
    cases wait (None: more than were read, `aantal_wachtend` counts them)."""

    rijen: list[tuple[Any, str, str]]
    aantal: int | None


def wachtende_rijen(partijen: list[str]) -> Wachtende:
    """(case, party, relation) of the oldest waiting hand-overs: enough for PER_PAGINA cases.

    Ordered on the projection's own copy of the case's creation moment, so no join with every
    waiting case before the limit. Only the rows of the first PER_PAGINA (case, party) pairs,
    the ones the page shows: their families are read, not those of every row fetched. When
    fewer rows than the limit came back, they were all: the count needs no query of its own."""
    grens = 2 * len(WACHT_OP) * PER_PAGINA
    rijen = list(
        _wacht(partijen)
        .order_by("aangemaakt_op", "casus_id", "relatie")
        .values_list("casus_id", "partij", "relatie")[:grens]
    )
    paren: set[tuple[Any, str]] = set()
    alle: set[tuple[Any, str]] = set()
    uit = []
    for casus_id, partij, relatie in rijen:
        alle.add((casus_id, partij))
        if (casus_id, partij) not in paren:
            if len(paren) == PER_PAGINA:
                continue
            paren.add((casus_id, partij))
        uit.append((casus_id, partij, relatie))
    return Wachtende(uit, len(alle) if len(rijen) < grens else None)


def procesregie(partijen: list[str]) -> tuple[list[tuple[Any, Any]], int]:
    """(case, reported on) of the open cases whose procesregie one of `partijen` holds, newest
    first, and how many there are. The Zorg- en Veiligheidshuis's work (§5.5.1) is those cases
    more than terms: without this its worklist would be empty. Other parties never hold
    procesregie: their page runs no query for it."""
    if p.ZORG_EN_VEILIGHEIDSHUIS not in partijen:
        return [], 0
    open_ = CasusProjectie.objects.filter(toestand__afgesloten=None).values("casus_id")
    rijen = CasusPartij.objects.filter(
        partij__in=partijen, relatie=PROCESREGIE, casus_id__in=open_
    ).order_by("-aangemaakt_op", "casus_id")
    return list(rijen.values_list("casus_id", "aangemaakt_op")[:PER_PAGINA]), rijen.count()


def gezinnen(casus_ids: Iterable[Any]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Name and pseudonymous person ids per case, one query for the whole page: the names for
    the list, the ids for the access log. It runs whether or not anything waits (the page's
    terms go along), so the page costs a fixed number of queries."""
    ids = {str(c) for c in casus_ids}
    namen: dict[str, str] = {}
    personen: dict[str, list[str]] = dict.fromkeys(ids, [])  # a case without a family: nobody

    def bouw(stand_ins: list[Any]) -> QuerySet[Any]:
        return Gezin.objects.filter(casus_id__in=stand_ins).values_list(
            "casus_id", "naam", "personen"
        )

    rijen = vaste_sql.rijen(
        "werkvoorraad.gezinnen",
        bouw,
        sorted(uuid.UUID(c) for c in ids),
        (vaste_sql.als_uuid, None, vaste_sql.als_json),
    )
    for casus_id, naam, mensen in rijen:
        namen[str(casus_id)] = naam
        personen[str(casus_id)] = [p["id"] for p in mensen]
    return namen, personen


def aantal_wachtend(partijen: list[str]) -> int:
    """How many cases wait, counted up to TEL_TOT + 1 (the page says "meer dan" past it)."""
    aantal: int = _wacht(partijen).values("casus_id", "partij").distinct()[: TEL_TOT + 1].count()
    return aantal
