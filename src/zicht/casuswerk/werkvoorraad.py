"""The worklist of an organisation: open terms of its cases and hand-overs waiting for it.

A fixed number of queries whatever the number of cases: everything comes from the OpenTermijn
and CasusPartij projections, with two keys of the stored state joined in and the families read
once for the page (their person ids go to the access log too).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any, NamedTuple

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.forms.renderers import BaseRenderer
from django.urls import reverse
from django.utils.safestring import SafeString

from zicht.casusbeheer import toewijzing
from zicht.casuswerk import teksten
from zicht.casuswerk.dossier import afspraken
from zicht.casuswerk.models import CasusPartij, Gezin, Medewerker
from zicht.casuswerk.toegang import regel
from zicht.core.toegang import GEMEENTE, WACHT_OP, werkpartijen
from zicht.core.toestand import TERMIJNNAMEN
from zicht.store.models import OpenTermijn

PER_PAGINA = 50
# The worklist counts its terms up to here; past it the page says "meer dan" (a count of every
# open term of Veilig Thuis would read ~150,000 index entries on every page view at 1M cases).
TEL_TOT = 1000


class VasteKeuze(forms.Select):
    """A select whose choices never change: its HTML is made once per chosen value and kept.

    Django renders every option through a template; for the worklist's three selects that was a
    fifth of the page's rendering time, on every page view."""

    klaar: dict[tuple[str, ...], SafeString] = {}
    MAX = 500  # values come from the query string: keep the store bounded

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        sleutel = (name, repr(value), repr(attrs), repr(self.attrs), repr(self.choices))
        html = self.klaar.get(sleutel)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            if len(self.klaar) < self.MAX:
                self.klaar[sleutel] = html
        return html


@cache
def _keuzes() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    gemeenten = sorted(afspraken("zuid-limburg").gemeenten())
    termijnen = [(c, teksten.termijnnaam(c)) for c in TERMIJNNAMEN]
    return [("", "alle"), *((g, g) for g in gemeenten)], [("", "alle"), *termijnen]


class Filters(forms.Form):
    gemeente = forms.ChoiceField(required=False, label="Gemeente", widget=VasteKeuze)
    termijn = forms.ChoiceField(required=False, label="Termijn", widget=VasteKeuze)
    status = forms.ChoiceField(
        required=False,
        label="Status",
        choices=[("", "alle"), ("verlopen", "verlopen"), ("open", "open")],
        widget=VasteKeuze,
    )
    mijn = forms.BooleanField(required=False, label="Aan mij toegewezen")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        gemeenten, termijnen = _keuzes()
        self.fields["gemeente"].choices = gemeenten
        self.fields["termijn"].choices = termijnen
        for naam, veld in self.fields.items():
            veld.widget.attrs["class"] = (
                "utrecht-checkbox utrecht-checkbox--html-input"
                if naam == "mijn"
                else "utrecht-select utrecht-select--html-select"
            )


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
    url: str
    signalen: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Wachtend:
    casus_id: str
    gezin: str
    partij: str
    wacht_op: list[str]
    url: str


class Termijn(NamedTuple):
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
    if filters.get("mijn") and filters.get("toegewezen_aan") is not None:
        user, organisatie = filters["toegewezen_aan"]
        rijen = rijen.filter(
            casus_id__in=toewijzing.casussen_van(user, organisatie).values("casus_id")
        )
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
        """A page in two index-driven queries: the ids in order (no joins before the limit),
        then those rows as plain tuples with only the two parts of each state the list shows
        (`Termijn`). Families come separately, with the hand-overs (`gezinnen`)."""
        if not isinstance(k, slice):
            return self[k : k + 1][0]
        ids = self._ids(k)
        per_id = {
            r[0]: Termijn(*r)
            for r in OpenTermijn.objects.filter(id__in=ids).values_list(
                "id",
                "casus_id",
                "code",
                "partij",
                "uiterlijk",
                "grond",
                "casus__projectie__toestand__gemeenten",
                "casus__projectie__toestand__signalen",
            )
        }
        return [per_id[i] for i in ids if i in per_id]

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


def regels(
    pagina: Page[Termijn], partijen: list[str], vandaag: date, namen: dict[str, str], url: str
) -> list[Regel]:
    uit, gezien = [], set()
    termijnnamen, partijnamen = {}, {}
    for t in pagina:
        casus_id = str(t.casus_id)
        if t.code not in termijnnamen:
            termijnnamen[t.code] = teksten.termijnnaam(t.code)
        if t.partij not in partijnamen:
            partijnamen[t.partij] = teksten.partijnaam(t.partij)
        regel_ = Regel(
            casus_id=casus_id,
            gezin=namen.get(casus_id) or f"Casus {casus_id[:8]}",
            gemeenten=list(t.gemeenten or []),
            termijn=termijnnamen[t.code],
            partij=partijnamen[t.partij],
            uiterlijk=teksten.datum(t.uiterlijk),
            verlopen=t.uiterlijk is not None and t.uiterlijk < vandaag,
            grond=t.grond,
            url=url + casus_id,
        )
        if casus_id not in gezien:  # a case's signals once, at its most urgent term
            regel_.signalen = [
                {**s, "tekst": teksten.zonder_iso(s["tekst"])}
                for s in t.signalen or []
                if s["partij"] in partijen
            ]
            gezien.add(casus_id)
        uit.append(regel_)
    return uit


def _wacht(partijen: list[str]) -> QuerySet[CasusPartij]:
    return CasusPartij.objects.filter(partij__in=partijen, relatie__in=list(WACHT_OP.values()))


def wachtende_rijen(partijen: list[str]) -> list[tuple[Any, str, str]]:
    """(case, party, relation) of the oldest waiting hand-overs: enough for PER_PAGINA cases.

    Ordered on the projection's own copy of the case's creation moment, so no join with every
    waiting case before the limit."""
    return list(
        _wacht(partijen)
        .order_by("aangemaakt_op", "casus_id", "relatie")
        .values_list("casus_id", "partij", "relatie")[: 2 * len(WACHT_OP) * PER_PAGINA]
    )


def wachtende_overdrachten(
    rijen: list[tuple[Any, str, str]], namen: dict[str, str], url: str
) -> list[Wachtend]:
    per_casus: dict[tuple[str, str], Wachtend] = {}
    for casus_id, partij, relatie in rijen:
        sleutel = (str(casus_id), partij)
        if sleutel not in per_casus:
            naam = namen.get(str(casus_id)) or f"Casus {str(casus_id)[:8]}"
            per_casus[sleutel] = Wachtend(
                str(casus_id), naam, teksten.partijnaam(partij), [], url + str(casus_id)
            )
        wat = "ontvangstbevestiging" if relatie == WACHT_OP["ontvangst"] else "acceptatie"
        per_casus[sleutel].wacht_op.append(wat)
    return list(per_casus.values())[:PER_PAGINA]


def gezinnen(casus_ids: Iterable[Any]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Name and pseudonymous person ids per case, one query for the whole page: the names for
    the list, the ids for the access log. It runs whether or not anything waits (the page's
    terms go along), so the page costs a fixed number of queries."""
    ids = {str(c) for c in casus_ids}
    namen: dict[str, str] = {}
    personen: dict[str, list[str]] = dict.fromkeys(ids, [])  # a case without a family: nobody
    for casus_id, naam, mensen in Gezin.objects.filter(casus_id__in=ids).values_list(
        "casus_id", "naam", "personen"
    ):
        namen[str(casus_id)] = naam
        personen[str(casus_id)] = [p["id"] for p in mensen]
    return namen, personen


def aantal_wachtend(partijen: list[str]) -> int:
    """How many cases wait, counted up to TEL_TOT + 1 (the page says "meer dan" past it)."""
    return _wacht(partijen).values("casus_id", "partij").distinct()[: TEL_TOT + 1].count()


def werkvoorraad(
    medewerker: Medewerker, filters: Filters, pagina: Any, vandaag: date
) -> dict[str, Any]:
    partijen = werkpartijen(medewerker.organisatie.code, medewerker.rol)
    gekozen = filters.cleaned_data if filters.is_valid() else {}
    gekozen = {**gekozen, "toegewezen_aan": (medewerker.user, medewerker.organisatie.code)}
    lijst = Begrensd(termijnen(partijen, gekozen, vandaag), partijen)
    blad = Paginator(lijst, PER_PAGINA).get_page(pagina)  # type: ignore[arg-type]
    wacht = wachtende_rijen(partijen)
    namen, personen = gezinnen([t.casus_id for t in blad.object_list] + [c for c, _, _ in wacht])
    url = casus_url()
    wachtend = wachtende_overdrachten(wacht, namen, url)
    totaal = aantal_wachtend(partijen)
    return {
        "meer_dan": lijst.begrensd,
        "partijen": [teksten.partijnaam(p) for p in partijen],
        "werkt_met_casussen": not regel(medewerker).niets,
        "blad": blad,
        "regels": regels(blad, partijen, vandaag, namen, url),
        "wachtend": wachtend,
        "wachtend_totaal": totaal,
        "wachtend_meer": totaal > len(wachtend),
        "tel_tot": TEL_TOT,
        "personen": personen,
    }


def casus_url() -> str:
    """The case page's URL without the id: one `reverse` per page instead of one per row."""
    nul = "00000000-0000-0000-0000-000000000000"
    return reverse("casuswerk:casus", args=[nul]).removesuffix(nul)
