"""The worklist of an organisation: open terms of its cases and hand-overs waiting for it.

A fixed number of queries whatever the number of cases: everything comes from the OpenTermijn
and CasusPartij projections, with the family and the stored state joined in.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet

from zicht.casuswerk import teksten
from zicht.casuswerk.dossier import afspraken
from zicht.casuswerk.models import CasusPartij, Gezin, Medewerker
from zicht.casuswerk.toegang import regel
from zicht.core.toegang import GEMEENTE, WACHT_OP, werkpartijen
from zicht.core.toestand import TERMIJNNAMEN
from zicht.store.models import CasusProjectie, OpenTermijn

PER_PAGINA = 50
# The worklist counts its terms up to here; past it the page says "meer dan" (a count of every
# open term of Veilig Thuis would read ~150,000 index entries on every page view at 1M cases).
TEL_TOT = 1000


class Filters(forms.Form):
    gemeente = forms.ChoiceField(required=False, label="Gemeente")
    termijn = forms.ChoiceField(required=False, label="Termijn")
    status = forms.ChoiceField(
        required=False,
        label="Status",
        choices=[("", "alle"), ("verlopen", "verlopen"), ("open", "nog op tijd")],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        gemeenten = sorted(afspraken("zuid-limburg").gemeenten())
        self.fields["gemeente"].choices = [("", "alle"), *((g, g) for g in gemeenten)]
        termijnen = [(c, teksten.termijnnaam(c)) for c in TERMIJNNAMEN]
        self.fields["termijn"].choices = [("", "alle"), *termijnen]
        for veld in self.fields.values():
            veld.widget.attrs["class"] = "utrecht-select utrecht-select--html-select"


@dataclass
class Regel:
    casus_id: str
    gezin: str
    gemeenten: list[str]
    termijn: str
    partij: str
    uiterlijk: str
    verlopen: bool
    grond: str
    signalen: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Wachtend:
    casus_id: str
    gezin: str
    partij: str
    wacht_op: list[str]


def _naam(gezin: Gezin | None, casus_id: Any) -> str:
    return gezin.naam if gezin else f"Casus {str(casus_id)[:8]}"


def _gezin(obj: Any) -> Gezin | None:
    try:
        return obj.casus.gezin  # type: ignore[no-any-return]
    except Gezin.DoesNotExist:
        return None


def termijnen(partijen: list[str], filters: dict[str, Any], vandaag: date) -> QuerySet[OpenTermijn]:
    rijen = OpenTermijn.objects.filter(partij__in=partijen)
    if filters.get("gemeente"):
        rijen = rijen.filter(
            casus__partijen__partij=f"gemeente:{filters['gemeente']}",
            casus__partijen__relatie=GEMEENTE,
        )
    if filters.get("termijn"):
        rijen = rijen.filter(code=filters["termijn"])
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

    def count(self) -> int:
        aantal = self.rijen.order_by()[: TEL_TOT + 1].count()
        self.begrensd = aantal > TEL_TOT
        return min(aantal, TEL_TOT)

    def __getitem__(self, k: Any) -> Any:
        """A page in three index-driven queries: the ids in order (no joins before the limit),
        the rows with their families, and only the two parts of each state the list shows."""
        if not isinstance(k, slice):
            return self[k : k + 1][0]
        ids = self._ids(k)
        per_id = {
            t.id: t
            for t in OpenTermijn.objects.filter(id__in=ids)
            .select_related("casus__gezin")
            .defer("casus__gezin__personen", "casus__gezin__melder")
        }
        kort = {
            c: {"gemeenten": g or [], "signalen": s or []}
            for c, g, s in CasusProjectie.objects.filter(
                casus_id__in={t.casus_id for t in per_id.values()}
            ).values_list("casus_id", "toestand__gemeenten", "toestand__signalen")
        }
        uit = [per_id[i] for i in ids if i in per_id]
        for t in uit:
            t.kort = kort.get(t.casus_id, {})
        return uit

    def __len__(self) -> int:
        return self.count()

    def _ids(self, k: slice) -> list[int]:
        """The ids of a page. Per party an index range scan in worklist order, merged here: one
        query over several parties would sort every open term of all of them first."""
        if len(self.partijen) <= 1:
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


def regels(pagina: Page[OpenTermijn], partijen: list[str], vandaag: date) -> list[Regel]:
    uit, gezien = [], set()
    for t in pagina:
        toestand = getattr(t, "kort", None)
        if toestand is None:
            toestand = getattr(getattr(t.casus, "projectie", None), "toestand", None) or {}
        regel_ = Regel(
            casus_id=str(t.casus_id),
            gezin=_naam(_gezin(t), t.casus_id),
            gemeenten=list(toestand.get("gemeenten", [])),
            termijn=teksten.termijnnaam(t.code),
            partij=teksten.partijnaam(t.partij),
            uiterlijk=teksten.datum(t.uiterlijk),
            verlopen=t.uiterlijk is not None and t.uiterlijk < vandaag,
            grond=t.grond,
        )
        if t.casus_id not in gezien:  # a case's signals once, at its most urgent term
            regel_.signalen = [s for s in toestand.get("signalen", []) if s["partij"] in partijen]
            gezien.add(t.casus_id)
        uit.append(regel_)
    return uit


def _wacht(partijen: list[str]) -> QuerySet[CasusPartij]:
    return CasusPartij.objects.filter(partij__in=partijen, relatie__in=list(WACHT_OP.values()))


def wachtende_overdrachten(partijen: list[str], ook: Iterable[Any] = ()) -> list[Wachtend]:
    """The oldest PER_PAGINA waiting hand-overs: a page, never every one there is.

    Ordered on the projection's own copy of the case's creation moment, so no join with every
    waiting case before the limit."""
    rijen = list(
        _wacht(partijen)
        .order_by("aangemaakt_op", "casus_id", "relatie")
        .values_list("casus_id", "partij", "relatie")[: 2 * len(WACHT_OP) * PER_PAGINA]
    )
    # Families after the limit (a join would come before the sort). The ids of the page's terms
    # go along, so the query runs whether or not anything waits: a fixed number of queries.
    ids = {c for c, _, _ in rijen} | set(ook)
    namen = dict(Gezin.objects.filter(casus_id__in=ids).values_list("casus_id", "naam"))
    per_casus: dict[tuple[str, str], Wachtend] = {}
    for casus_id, partij, relatie in rijen:
        sleutel = (str(casus_id), partij)
        if sleutel not in per_casus:
            naam = namen.get(casus_id) or f"Casus {str(casus_id)[:8]}"
            per_casus[sleutel] = Wachtend(str(casus_id), naam, teksten.partijnaam(partij), [])
        wat = "ontvangstbevestiging" if relatie == WACHT_OP["ontvangst"] else "acceptatie"
        per_casus[sleutel].wacht_op.append(wat)
    return list(per_casus.values())[:PER_PAGINA]


def aantal_wachtend(partijen: list[str]) -> int:
    """How many cases wait, counted up to TEL_TOT + 1 (the page says "meer dan" past it)."""
    return _wacht(partijen).values("casus_id", "partij").distinct()[: TEL_TOT + 1].count()


def werkvoorraad(
    medewerker: Medewerker, filters: Filters, pagina: Any, vandaag: date
) -> dict[str, Any]:
    partijen = werkpartijen(medewerker.organisatie.code, medewerker.rol)
    gekozen = filters.cleaned_data if filters.is_valid() else {}
    lijst = Begrensd(termijnen(partijen, gekozen, vandaag), partijen)
    blad = Paginator(lijst, PER_PAGINA).get_page(pagina)  # type: ignore[arg-type]
    return {
        "meer_dan": lijst.begrensd,
        "partijen": [teksten.partijnaam(p) for p in partijen],
        "werkt_met_casussen": not regel(medewerker).niets,
        "blad": blad,
        "regels": regels(blad, partijen, vandaag),
        "wachtend": (
            wachtend := wachtende_overdrachten(partijen, {t.casus_id for t in blad.object_list})
        ),
        "wachtend_totaal": (totaal := aantal_wachtend(partijen)),
        "wachtend_meer": totaal > len(wachtend),
        "tel_tot": TEL_TOT,
    }
