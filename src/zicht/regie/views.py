"""The regie dashboard: aggregates only, filtered by period, area and party; every look logged."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zicht.casuswerk import klok, teksten
from zicht.casuswerk.formulieren.velden import widget
from zicht.casuswerk.inzage import logt
from zicht.casuswerk.models import Medewerker
from zicht.casuswerk.toegang import medewerker_van
from zicht.core import partijen as p
from zicht.regie import cijfers, grafieken
from zicht.regie.cijfers import Bereik, Gebieden, Keuze
from zicht.regie.models import Stand, TermijnCijfer
from zicht.regie.verversen import subregio_per_gemeente

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def gebieden() -> Gebieden:
    return Gebieden(subregio_per_gemeente())


def bereik_van(m: Medewerker, g: Gebieden) -> Bereik:
    """A gemeente's beleidsmedewerker sees its own gemeente, subregion and region; Veilig Thuis
    management (its beleidsmedewerker) sees all. Anyone else: no regie."""
    if m.rol != "beleidsmedewerker":
        raise PermissionDenied("Alleen beleidsmedewerkers zien de regiecijfers.")
    if m.organisatie.code == p.VEILIG_THUIS:
        return Bereik.alles(g)
    if p.soort(m.organisatie.code) == "gemeente":
        gemeente = p.kwalificatie(m.organisatie.code)
        if gemeente in g.subregio_van:
            return Bereik.gemeente(g, gemeente)
    raise PermissionDenied("Uw organisatie heeft geen regiecijfers.")


def _maand(tekst: str) -> date:
    return date.fromisoformat(f"{tekst}-01")


class Filters(forms.Form):
    van = forms.CharField(
        label="Van maand", widget=widget(forms.TextInput(attrs={"type": "month"}))
    )
    tot = forms.CharField(
        label="Tot en met maand", widget=widget(forms.TextInput(attrs={"type": "month"}))
    )
    gebied = forms.ChoiceField(label="Gebied", widget=widget(forms.Select()))
    partij = forms.ChoiceField(label="Partij", required=False, widget=widget(forms.Select()))

    def __init__(self, data: Any, gebieden: list[tuple[str, str]], partijen: list[str]) -> None:
        super().__init__(data)
        self.fields["gebied"].choices = gebieden
        self.fields["partij"].choices = [("", "Alle partijen")] + [
            (x, teksten.partijnaam(x)) for x in partijen
        ]

    def _maandveld(self, naam: str) -> date:
        try:
            return _maand(self.cleaned_data[naam])
        except ValueError as fout:
            raise forms.ValidationError("Kies een maand.") from fout

    def clean_van(self) -> date:
        return self._maandveld("van")

    def clean_tot(self) -> date:
        return self._maandveld("tot")


def standaardperiode(vandaag: date) -> tuple[date, date]:
    """The last twelve whole months."""
    tot = date(vandaag.year - (vandaag.month == 1), (vandaag.month - 2) % 12 + 1, 1)
    van = date(tot.year - 1 + (tot.month == 12), tot.month % 12 + 1, 1)
    return van, tot


def keuze_uit(request: HttpRequest, g: Gebieden, bereik: Bereik) -> tuple[Filters, Keuze]:
    stand = Stand.objects.first()
    vandaag = stand.peildatum if stand else klok.nu().date()
    van, tot = standaardperiode(vandaag)
    zichtbaar = cijfers.zichtbare_gebieden(g, bereik)
    partijen = sorted(TermijnCijfer.objects.values_list("partij", flat=True).distinct())
    data = {
        "van": f"{van:%Y-%m}",
        "tot": f"{tot:%Y-%m}",
        "gebied": zichtbaar[-1][0] if len(zichtbaar) == 3 else cijfers.REGIO,
        "partij": "",
    } | {k: v for k, v in request.GET.items() if k in ("van", "tot", "gebied", "partij") and v}
    filters = Filters(data, zichtbaar, partijen)
    if not filters.is_valid():
        return filters, Keuze(van, tot, cijfers.REGIO)
    c = filters.cleaned_data
    van, tot = sorted((c["van"], c["tot"]))
    return filters, Keuze(van, tot, c["gebied"], c["partij"] or "")


def _context(request: HttpRequest) -> dict[str, Any]:
    medewerker = medewerker_van(request.user)
    g = gebieden()
    bereik = bereik_van(medewerker, g)
    filters, keuze = keuze_uit(request, g, bereik)
    request.inzage_casussen = [None]  # type: ignore[attr-defined]
    return {
        "medewerker": medewerker,
        "filters": filters,
        "keuze": keuze,
        "periode": f"{cijfers.maandnaam(keuze.van)} tot en met {cijfers.maandnaam(keuze.tot)}",
        "tabellen": cijfers.alle_tabellen(g, keuze, bereik),
        "stand": Stand.objects.first(),
        "titel": "Regie",
        "query": request.GET.urlencode(),
    }


@login_required
@require_GET
@logt(GET="aggregaten_inzien")
def dashboard_view(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    grafieken.teken(context["tabellen"])
    return render(request, "regie/dashboard.html", context)


@login_required
@require_GET
@logt(GET="aggregaten_inzien")
def export_view(request: HttpRequest, tabel: str, formaat: str) -> HttpResponse:
    context = _context(request)
    gekozen = [t for t in context["tabellen"] if t.sleutel == tabel]
    if not gekozen or formaat not in ("csv", "xlsx"):
        raise Http404("Onbekende tabel.")
    t = gekozen[0]
    naam = f"zicht-{t.sleutel}-{context['keuze'].van:%Y-%m}-{context['keuze'].tot:%Y-%m}"
    if formaat == "csv":
        buffer = io.StringIO()
        schrijver = csv.writer(buffer, delimiter=";")
        schrijver.writerow(t.kolommen)
        for label, cellen in t.rijen:
            schrijver.writerow([label, *cellen])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(xlsx(t), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{naam}.{formaat}"'
    return response


def xlsx(t: cijfers.Tabel) -> bytes:
    from openpyxl import Workbook

    boek = Workbook()
    blad = boek.active
    assert blad is not None
    blad.title = t.sleutel[:31]
    blad.append([t.titel])
    blad.append(t.kolommen)
    for label, cellen in t.rijen:
        blad.append([label, *[int(c) if c.isdigit() else c for c in cellen]])
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()
