"""The worklist page of an organisation: its filters and rows; the reads are the application
layer's (`toepassing/werkvoorraad.py`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.forms.renderers import BaseRenderer
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from zicht.casusbeheer import toewijzing
from zicht.casuswerk.toegang import zichtbaarheid_van
from zicht.core.toegang import WACHT_OP, werkpartijen
from zicht.core.toestand import TERMIJNNAMEN
from zicht.toepassing import teksten
from zicht.toepassing.dossier import afspraken
from zicht.toepassing.modellen import Medewerker
from zicht.toepassing.werkvoorraad import (
    PER_PAGINA,
    TEL_TOT,
    Begrensd,
    Werkvoorraadtermijn,
    aantal_wachtend,
    gezinnen,
    procesregie,
    termijnen,
    wachtende_rijen,
)


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
class Rij:
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


@dataclass
class Regiecasus:
    casus_id: str
    gezin: str
    gemeld_op: str
    url: str


def rijen(
    pagina: Page[Werkvoorraadtermijn],
    partijen: list[str],
    vandaag: date,
    namen: dict[str, str],
    url: str,
) -> list[Rij]:
    uit, gezien = [], set()
    termijnnamen, partijnamen = {}, {}
    for t in pagina:
        casus_id = str(t.casus_id)
        if t.code not in termijnnamen:
            termijnnamen[t.code] = teksten.termijnnaam(t.code)
        if t.partij not in partijnamen:
            partijnamen[t.partij] = teksten.partijnaam(t.partij)
        rij = Rij(
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
            rij.signalen = [
                {**s, "tekst": teksten.zonder_iso(s["tekst"])}
                for s in t.signalen or []
                if s["partij"] in partijen
            ]
            gezien.add(casus_id)
        uit.append(rij)
    return uit


def rijen_html(rijen: list[Rij]) -> SafeString:
    """The rows of the worklist's table, each value escaped as the template language does.

    Written out here instead of in the template: the 50 rows with their eight cells were
    ~500 template variables per page view, a third of the worklist's CPU (bench/schaal.py)."""
    uit = []
    for r in rijen:
        status = '<strong class="zicht-verlopen">Verlopen</strong>' if r.verlopen else "Open"
        signalen = ""
        if r.signalen:
            signalen = (
                '<ul class="zicht-signalen">'
                + "".join(
                    f'<li>{escape(s["tekst"])} <span class="zicht-grond">'
                    f"({escape(s['grond'])})</span></li>"
                    for s in r.signalen
                )
                + "</ul>"
            )
        uit.append(
            '  <tr class="utrecht-table__row">\n'
            f'    <td class="utrecht-table__cell" data-kop="Uiterlijk">{escape(r.uiterlijk)}</td>\n'
            f'    <td class="utrecht-table__cell" data-kop="Status">{status}</td>\n'
            f'    <td class="utrecht-table__cell" data-kop="Termijn">{escape(r.termijn)}</td>\n'
            '    <td class="utrecht-table__cell zicht-breekt" data-kop="Gezin">'
            f'<a class="utrecht-link" href="{escape(r.url)}">{escape(r.gezin)}</a></td>\n'
            '    <td class="utrecht-table__cell" data-kop="Gemeenten">'
            f"{', '.join(escape(g) for g in r.gemeenten)}</td>\n"
            f'    <td class="utrecht-table__cell" data-kop="Voor">{escape(r.partij)}</td>\n'
            '    <td class="utrecht-table__cell zicht-grond" data-kop="Grond">'
            f"{escape(r.grond)}</td>\n"
            f'    <td class="utrecht-table__cell" data-kop="Signalen">{signalen}</td>\n'
            "  </tr>\n"
        )
    return mark_safe("".join(uit))  # noqa: S308 - every value above is escaped


def wachtend_html(wachtend: list[Wachtend]) -> SafeString:
    """The rows of the waiting hand-overs, escaped as the template language does (as
    `rijen_html`: 50 rows of template variables were ~2 ms of CPU per page view)."""
    return mark_safe(  # noqa: S308 - every value below is escaped
        "".join(
            '  <tr class="utrecht-table__row">\n'
            '    <td class="utrecht-table__cell"><a class="utrecht-link" '
            f'href="{escape(w.url)}">{escape(w.gezin)}</a></td>\n'
            f'    <td class="utrecht-table__cell">{escape(w.partij)}</td>\n'
            f'    <td class="utrecht-table__cell">{" en ".join(escape(x) for x in w.wacht_op)}'
            "</td>\n  </tr>\n"
            for w in wachtend
        )
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


def werkvoorraad(
    medewerker: Medewerker, filters: Filters, pagina: Any, vandaag: date
) -> dict[str, Any]:
    partijen = werkpartijen(medewerker.organisatie.code, medewerker.rol)
    gekozen = filters.cleaned_data if filters.is_valid() else {}
    if gekozen.get("mijn"):
        eigen = toewijzing.casussen_van(medewerker.user, medewerker.organisatie.code)
        gekozen = {**gekozen, "casussen": eigen.values("casus_id")}
    lijst = Begrensd(termijnen(partijen, gekozen, vandaag), partijen)
    blad = Paginator(lijst, PER_PAGINA).get_page(pagina)
    wacht, aantal = wachtende_rijen(partijen)
    regie, regie_totaal = procesregie(partijen)
    namen, personen = gezinnen(
        [t.casus_id for t in blad.object_list] + [c for c, _, _ in wacht] + [c for c, _ in regie]
    )
    url = casus_url()
    wachtend = wachtende_overdrachten(wacht, namen, url)
    totaal = aantal if aantal is not None else aantal_wachtend(partijen)
    tabel = rijen(blad, partijen, vandaag, namen, url)
    return {
        "meer_dan": lijst.begrensd,
        "partijen": [teksten.partijnaam(p) for p in partijen],
        "werkt_met_casussen": not zichtbaarheid_van(medewerker).niets,
        "blad": blad,
        "rijen": tabel,
        "rijen_html": rijen_html(tabel),
        "wachtend": wachtend,
        "wachtend_html": wachtend_html(wachtend),
        "wachtend_totaal": totaal,
        "wachtend_meer": totaal > len(wachtend),
        "tel_tot": TEL_TOT,
        "procesregie": [
            Regiecasus(
                str(c),
                namen.get(str(c)) or f"Casus {str(c)[:8]}",
                teksten.datum(localtime(op).date()) if op else "—",
                url + str(c),
            )
            for c, op in regie
        ],
        "procesregie_totaal": regie_totaal,
        "personen": personen,
    }


def casus_url() -> str:
    """The case page's URL without the id: one `reverse` per page instead of one per row."""
    nul = "00000000-0000-0000-0000-000000000000"
    return str(reverse("casuswerk:casus", args=[nul])).removesuffix(nul)
