"""The regie dashboard: aggregates only, filtered by period, area and party; every look logged."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zicht.casuswerk.formulieren.velden import widget
from zicht.casuswerk.inzage import logt
from zicht.casuswerk.models import Medewerker
from zicht.casuswerk.toegang import medewerker_van
from zicht.core import partijen as p
from zicht.regie import cijfers, grafieken, voorraad
from zicht.regie.cijfers import Bereik, Gebieden, Keuze
from zicht.regie.models import Stand, TermijnCijfer
from zicht.regie.verversen import subregio_per_gemeente
from zicht.regie.voorraad import standaardperiode
from zicht.toepassing import inzage, klok, teksten

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


Keuzelijst = list[tuple[str, Any]]  # (value, label) or (group, [(value, label), ...])


class Filters(forms.Form):
    van = forms.CharField(
        label="Van maand", widget=widget(forms.TextInput(attrs={"type": "month"}))
    )
    tot = forms.CharField(
        label="Tot en met maand", widget=widget(forms.TextInput(attrs={"type": "month"}))
    )
    gebied = forms.ChoiceField(label="Gebied", widget=widget(forms.Select()))
    partij = forms.ChoiceField(
        label="Partij",
        required=False,
        widget=widget(forms.Select()),
        help_text=(
            "Bij wie de termijn lag; geldt voor de termijntabellen. Een gemeente zelf heeft "
            "alleen de termijn voor haar reactie op niet-nakomen (§5.5); de andere termijnen "
            "in een gemeente liggen bij haar lokale veld."
        ),
    )

    def __init__(self, data: Any, gebieden: list[tuple[str, str]], partijen: Keuzelijst) -> None:
        super().__init__(data)
        self.fields["gebied"].choices = gebieden
        self.fields["partij"].choices = [("", "Alle partijen"), *partijen]

    def _maandveld(self, naam: str) -> date:
        try:
            return _maand(self.cleaned_data[naam])
        except ValueError as fout:
            raise forms.ValidationError("Kies een maand.") from fout

    def clean_van(self) -> date:
        return self._maandveld("van")

    def clean_tot(self) -> date:
        return self._maandveld("tot")


def partijkeuzes(g: Gebieden, met_cijfers: Iterable[str]) -> Keuzelijst:
    """The parties to filter the terms on, grouped by kind: Veilig Thuis, the lokaal veld and
    the gemeente of every gemeente of the region (also without figures yet: a gemeente only
    has terms when it must react to niet-nakomen, so listing only those with figures showed
    two gemeenten and not one's own), and every other party that has figures."""
    gemeenten = sorted(g.subregio_van)
    vast = {p.VEILIG_THUIS} | {p.lokaal_veld(x) for x in gemeenten}
    vast |= {p.gemeente_partij(x) for x in gemeenten}
    overig = sorted(set(met_cijfers) - vast, key=teksten.partijnaam)
    keuzes: Keuzelijst = [(p.VEILIG_THUIS, teksten.partijnaam(p.VEILIG_THUIS))]
    keuzes.append(
        (
            "Lokale velden",
            [(p.lokaal_veld(x), teksten.partijnaam(p.lokaal_veld(x))) for x in gemeenten],
        )
    )
    keuzes.append(
        (
            "Gemeenten",
            [(p.gemeente_partij(x), teksten.partijnaam(p.gemeente_partij(x))) for x in gemeenten],
        )
    )
    if overig:
        keuzes.append(("Andere partijen", [(x, teksten.partijnaam(x)) for x in overig]))
    return keuzes


def keuze_uit(request: HttpRequest, g: Gebieden, bereik: Bereik) -> tuple[Filters, Keuze]:
    stand = Stand.objects.first()
    vandaag = stand.peildatum if stand else klok.nu().date()
    van, tot = standaardperiode(vandaag)
    zichtbaar = cijfers.zichtbare_gebieden(g, bereik)
    partijen = partijkeuzes(
        g, TermijnCijfer.objects.order_by().values_list("partij", flat=True).distinct()
    )
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
    inzage.noem([None])
    stand = Stand.objects.first()
    return {
        "medewerker": medewerker,
        "filters": filters,
        "keuze": keuze,
        "periode": f"{cijfers.maandnaam(keuze.van)} tot en met {cijfers.maandnaam(keuze.tot)}",
        "tabellen": voorraad.tabellen(g, keuze, bereik, stand),
        "stand": stand,
        "titel": "Regie",
        "query": request.GET.urlencode(),
    }


@login_required
@require_GET
@logt(GET="aggregaten_inzien")
def dashboard_view(request: HttpRequest) -> HttpResponse:
    return render(request, "regie/dashboard.html", _context(request))


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
    # Imported on the first export, not with the app: openpyxl brings numpy and lxml, 15 MB in
    # every app server process, most of which only serve case work (tests/perf/test_geheugen.py).
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


# ---- capacity outlook -------------------------------------------------------------------


class WatAls(forms.Form):
    maanden = forms.IntegerField(
        label="Aantal maanden vooruit",
        min_value=1,
        max_value=12,
        widget=widget(forms.NumberInput()),
    )
    partij = forms.ChoiceField(label="Capaciteit veranderen van", widget=widget(forms.Select()))
    procent = forms.IntegerField(
        label="Nieuwe capaciteit (procent van nu)",
        min_value=10,
        max_value=300,
        widget=widget(forms.NumberInput()),
    )

    def __init__(self, data: Any, partijen: list[str]) -> None:
        super().__init__(data)
        self.fields["partij"].choices = [(x, teksten.partijnaam(x)) for x in partijen]


def _procent(w: float | None) -> str:
    return "—" if w is None else f"{round(100 * w)}%"


def _casussen(n: int) -> str:
    return "1 casus" if n == 1 else f"{n} casussen"


@login_required
@require_GET
@logt(GET="aggregaten_inzien")
def capaciteit_view(request: HttpRequest) -> HttpResponse:
    medewerker = medewerker_van(request.user)
    g = gebieden()
    bereik = bereik_van(medewerker, g)
    inzage.noem([None])
    gemeenten = [gb.split(":", 1)[1] for gb in bereik.gebieden if gb.startswith("gemeente:")]
    partijen = [p.VEILIG_THUIS, *(f"lokaal_veld:{x}" for x in sorted(gemeenten))]
    stand = Stand.objects.first()
    vandaag = stand.peildatum if stand else klok.nu().date()
    form = WatAls(
        {"maanden": 6, "partij": p.VEILIG_THUIS, "procent": 90}
        | {k: v for k, v in request.GET.items() if v},
        partijen,
    )
    keuze = (
        form.cleaned_data
        if form.is_valid()
        else {"maanden": 6, "partij": p.VEILIG_THUIS, "procent": 90}
    )
    tabellen = _vooruitzicht(stand, vandaag, keuze, partijen)
    return render(
        request,
        "regie/capaciteit.html",
        {
            "medewerker": medewerker,
            "form": form,
            "tabellen": tabellen,
            "titel": "Capaciteit",
        },
    )


def _vooruitzicht(
    stand: Stand | None, vandaag: date, keuze: dict[str, Any], partijen: list[str]
) -> list[cijfers.Tabel]:
    # Imported on the first capacity page, not with the app: the simulation brings SimPy and
    # numpy, which an app server that only serves case work does not need.
    from zicht.regie import vooruitzicht

    rekenaar = vooruitzicht.Rekenaar(stand, vandaag)
    kop = rekenaar.kop()
    if kop is None:
        return []
    standaard, aandeel = kop
    nu_uit = rekenaar.uitkomst(keuze["maanden"])
    wat_als = rekenaar.uitkomst(keuze["maanden"], keuze["partij"], keuze["procent"])
    tabellen: list[cijfers.Tabel] = []
    for partij in partijen:
        t = cijfers.Tabel(
            f"capaciteit-{partij.replace(':', '-').replace(' ', '-').lower()}",
            f"{teksten.partijnaam(partij)}: verwachting per maand",
            [
                "Maand",
                "Nieuwe casussen",
                "Achterstand eind van de maand",
                "Op tijd",
                f"Achterstand bij {keuze['procent']}%",
                f"Op tijd bij {keuze['procent']}%",
            ],
            toelichting=(
                f"Capaciteit nu: {_casussen(standaard.get(partij, 0))} tegelijk; "
                f"{round(100 * aandeel)}% van de beoordelingen gaat "
                "direct naar het lokale veld."
            ),
        )
        for i, maand in enumerate(nu_uit.maanden):
            t.rijen.append(
                (
                    cijfers.maandnaam(maand.date()),
                    [
                        str(nu_uit.instroom[(partij, i)]),
                        str(nu_uit.achterstand[(partij, i)]),
                        _procent(nu_uit.aandeel_op_tijd(partij, i)),
                        str(wat_als.achterstand[(partij, i)]),
                        _procent(wat_als.aandeel_op_tijd(partij, i)),
                    ],
                )
            )
        tabellen.append(t)
    return tabellen


# ---- yearly report (§1.5) -----------------------------------------------------------------


@login_required
@require_GET
@logt(GET="aggregaten_inzien")
def jaarverslag_view(request: HttpRequest) -> HttpResponse:
    """The yearly report for the werkprocessenoverleg as PDF (WeasyPrint): the region and one
    page per subregion the viewer may see, with the charts; the same suppressed figures."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    medewerker = medewerker_van(request.user)
    g = gebieden()
    bereik = bereik_van(medewerker, g)
    inzage.noem([None])
    stand = Stand.objects.first()
    vandaag = stand.peildatum if stand else klok.nu().date()
    try:
        jaar = int(request.GET.get("jaar", vandaag.year - (vandaag.month < 12)))
    except ValueError as fout:
        raise Http404("Onbekend jaar.") from fout
    if not 2000 <= jaar <= vandaag.year:
        raise Http404("Onbekend jaar.")
    delen = []
    for gebied in [cijfers.REGIO, *(f"subregio:{s}" for s in g.subregios)]:
        if gebied not in bereik.gebieden:
            continue
        keuze = Keuze(date(jaar, 1, 1), date(jaar, 12, 1), gebied)
        tabellen = [
            t
            for t in cijfers.alle_tabellen(g, keuze, bereik)
            if t.sleutel in ("termijnen", "doorlooptijden", "instroom_bron", "termijnen_per_gebied")
        ]
        grafieken.teken(tabellen)
        delen.append({"naam": g.naam(gebied), "tabellen": tabellen})
    html = render_to_string(
        "regie/jaarverslag.html",
        {
            "jaar": jaar,
            "delen": delen,
            "stand": stand,
            "organisatie": medewerker.organisatie.naam,
            "periode": f"januari tot en met december {jaar}",
        },
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="zicht-jaarverslag-{jaar}.pdf"'
    return response
