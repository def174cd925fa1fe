"""The worklist of an organisation: open terms of its cases and hand-overs waiting for it.

A fixed number of queries whatever the number of cases: everything comes from the OpenTermijn
and CasusPartij projections, with the family and the stored state joined in.
"""

from __future__ import annotations

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
from zicht.store.models import OpenTermijn

PER_PAGINA = 50


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


def regels(pagina: Page[OpenTermijn], partijen: list[str], vandaag: date) -> list[Regel]:
    uit, gezien = [], set()
    for t in pagina:
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


def wachtende_overdrachten(partijen: list[str]) -> list[Wachtend]:
    rijen = (
        CasusPartij.objects.filter(partij__in=partijen, relatie__in=list(WACHT_OP.values()))
        .select_related("casus__gezin")
        .order_by("casus__aangemaakt_op", "casus_id", "relatie")
    )
    per_casus: dict[tuple[str, str], Wachtend] = {}
    for r in rijen:
        sleutel = (str(r.casus_id), r.partij)
        if sleutel not in per_casus:
            per_casus[sleutel] = Wachtend(
                str(r.casus_id), _naam(_gezin(r), r.casus_id), teksten.partijnaam(r.partij), []
            )
        wat = "ontvangstbevestiging" if r.relatie == WACHT_OP["ontvangst"] else "acceptatie"
        per_casus[sleutel].wacht_op.append(wat)
    return list(per_casus.values())


def werkvoorraad(
    medewerker: Medewerker, filters: Filters, pagina: Any, vandaag: date
) -> dict[str, Any]:
    partijen = werkpartijen(medewerker.organisatie.code, medewerker.rol)
    gekozen = filters.cleaned_data if filters.is_valid() else {}
    blad = Paginator(termijnen(partijen, gekozen, vandaag), PER_PAGINA).get_page(pagina)
    return {
        "partijen": [teksten.partijnaam(p) for p in partijen],
        "werkt_met_casussen": not regel(medewerker).niets,
        "blad": blad,
        "regels": regels(blad, partijen, vandaag),
        "wachtend": wachtende_overdrachten(partijen),
    }
