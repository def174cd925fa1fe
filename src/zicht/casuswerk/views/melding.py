"""Registering a melding: a new case, its first event and the family's names, in one go."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from zicht.casusbeheer import meldingsinhoud, toewijzing
from zicht.casuswerk.formulieren.stap import StapFormulier
from zicht.casuswerk.formulieren.velden import Keuzes, rij, widget
from zicht.casuswerk.fouten import op_formulier
from zicht.casuswerk.inzage import logt
from zicht.casuswerk.toegang import actor, mag, medewerker_van
from zicht.core.bsn import is_bsn, normaliseer
from zicht.core.gebeurtenissen import SCHEMA, veldsoort
from zicht.core.tekens import MAX_NAAM, fout_in_tekst
from zicht.store.regio import regio
from zicht.toepassing import acties, dossier, fouten, inzage, klok
from zicht.toepassing.modellen import Medewerker

PERSONEN = "directbetrokkenen"


class MeldingFormulier(StapFormulier):
    """The fields of `melding_ontvangen`, the family's name, and people by name (not id)."""

    gezin = forms.CharField(
        label="Naam van het gezin",
        help_text="Zoals het gezin in de werkvoorraad verschijnt, bijv. 'Gezin Jansen'.",
        max_length=200,
        widget=widget(forms.TextInput()),
    )

    wat_gemeld = forms.CharField(
        label="Wat is gemeld",
        required=False,
        max_length=meldingsinhoud.MAX_TEKST,
        help_text="De zorg zoals de melder die vertelde. Alleen zichtbaar voor wie de inhoud "
        "van de melding krijgt.",
        widget=widget(forms.Textarea(attrs={"rows": 5})),
    )

    melder_naam = forms.CharField(
        label="Naam van de melder",
        required=False,
        max_length=200,
        help_text="Leeg bij een anonieme melding. Alleen zichtbaar voor wie het is overgedragen.",
        widget=widget(forms.TextInput()),
    )
    melder_telefoon = forms.CharField(
        label="Telefoon van de melder",
        required=False,
        max_length=40,
        widget=widget(forms.TextInput(attrs={"autocomplete": "off"})),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__("melding_ontvangen", _keuzes(), *args, **kwargs)
        self.fields["op"].label = "Moment van ontvangst"
        for groep, _, _ in self._schema:
            if groep.naam == PERSONEN:
                for i, (_, namen) in enumerate(groep.rijen):
                    namen += [contact_veld(self, i), bsn_veld(self, i)]

    def clean(self) -> dict[str, Any]:
        schoon = super().clean() or {}
        for naam, waarde in list(schoon.items()):
            is_naam = naam in NAMEN or naam.endswith(NAAM_IN_RIJ)
            probleem = is_naam and fout_in_tekst(str(waarde or ""), naam=True, maximum=MAX_NAAM)
            if probleem:
                self.add_error(naam, f"Deze naam {probleem}.")  # issue #16
            probleem = naam.endswith(CONTACT) and fout_in_tekst(
                str(waarde or ""), naam=True, maximum=MAX_CONTACT
            )
            if probleem:
                self.add_error(naam, f"Deze contactgegevens {probleem}.")
            if naam.endswith(BSN) and waarde:
                if is_bsn(waarde):
                    schoon[naam] = normaliseer(waarde)
                else:  # never echo the number in a message
                    self.add_error(naam, "Dit is geen geldig BSN (de elfproef klopt niet).")
        return schoon

    def bsns(self) -> list[str]:
        """The BSN per kept directbetrokkene (rows with a name), in the order of the event."""
        return self._per_persoon(BSN)

    def contacten(self) -> list[str]:
        """The contact details per kept directbetrokkene, in the order of the event."""
        return [c.strip() for c in self._per_persoon(CONTACT)]

    def _per_persoon(self, achtervoegsel: str) -> list[str]:
        data, uit = self.cleaned_data, []
        for i in range(30):
            if data.get(f"{PERSONEN}__{i}__id"):
                uit.append(data.get(f"{PERSONEN}__{i}{achtervoegsel}") or "")
        return uit


BSN = "__bsn"
CONTACT = "__contact"
MAX_CONTACT = 200
NAMEN = ("gezin", "melder_naam", "melder_telefoon")
NAAM_IN_RIJ = "__id"  # a directbetrokkene's name, in the form's id field


def contact_veld(form: forms.Form, i: int) -> str:
    """Optional contact details in row `i` (phone, address): kept with the family, never in
    the event; handed over as "contactgegevens directbetrokkenen"."""
    naam = f"{PERSONEN}__{i}{CONTACT}"
    form.fields[naam] = forms.CharField(
        label="Contactgegevens (optioneel)",
        required=False,
        max_length=MAX_CONTACT,
        help_text="Telefoon, adres of e-mail.",
        widget=widget(forms.TextInput(attrs={"autocomplete": "off"})),
    )
    return naam


def bsn_veld(form: forms.Form, i: int) -> str:
    """An optional BSN input in row `i`: kept with the family, never in the event."""
    naam = f"{PERSONEN}__{i}{BSN}"
    form.fields[naam] = forms.CharField(
        label="BSN (optioneel)",
        required=False,
        max_length=9,
        min_length=8,
        error_messages={"min_length": "Een BSN heeft negen cijfers."},
        widget=widget(forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})),
    )
    return naam


def _keuzes() -> Keuzes:
    gemeenten = sorted(dossier.afspraken(regio()).gemeenten())
    return Keuzes(partijen=[], gemeenten=gemeenten, rijen=4)


def _alleen_vt(medewerker: Medewerker) -> None:
    if not mag(medewerker, "melding_registreren"):
        raise PermissionDenied("Alleen Veilig Thuis registreert meldingen.")


def _met_ids(
    velden: dict[str, Any], bsns: list[str] | None = None, contacten: list[str] | None = None
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """People get ids (p1, p2, ...) in the event; their names, contact details and BSN stay
    with the family."""
    personen, betrokkenen = [], []
    for i, persoon in enumerate(velden.get(PERSONEN, []), start=1):
        pid = f"p{i}"
        mens = {"id": pid, "naam": persoon["id"], "rol": persoon.get("rol", "")}
        if contacten and i <= len(contacten) and contacten[i - 1]:
            mens["contact"] = contacten[i - 1]
        if bsns and i <= len(bsns) and bsns[i - 1]:
            mens["bsn"] = bsns[i - 1]
        personen.append(mens)
        betrokkenen.append({**persoon, "id": pid})
    if betrokkenen:
        velden = {**velden, PERSONEN: betrokkenen}
    return velden, personen


@login_required
@require_http_methods(["GET", "POST"])
@logt(POST="melding_registreren")
def melding_view(request: HttpRequest) -> HttpResponse:
    medewerker = medewerker_van(request.user)
    _alleen_vt(medewerker)
    if request.method == "GET":
        begin = {"seq": 0, "op": klok.nu().replace(second=0, microsecond=0)}
        return _render(request, MeldingFormulier(initial=begin))
    inzage.noem([])  # nothing stored yet
    form = MeldingFormulier(request.POST)
    velden = form.velden() if form.is_valid() else {}
    if form.heeft_fouten():
        return _render(request, form)
    velden, personen = _met_ids(velden, form.bsns(), form.contacten())
    melder = {
        k: form.cleaned_data[f"melder_{k}"].strip()
        for k in ("naam", "telefoon")
        if form.cleaned_data.get(f"melder_{k}", "").strip() and velden.get("bron") != "anoniem"
    }
    gezin = acties.Gezinsgegevens(form.cleaned_data["gezin"], personen, melder)
    try:
        with transaction.atomic():  # the case, its family and what was reported, or nothing
            casus_id = acties.registreer_melding(
                actor(medewerker), form.cleaned_data["op"], velden, klok.nu(), gezin
            )
            meldingsinhoud.bewaar(casus_id, form.cleaned_data.get("wat_gemeld") or "")
            # Who registers the melding handles it for Veilig Thuis until it is reassigned.
            toewijzing.wordt_behandelaar(
                casus_id, medewerker.organisatie.code, request.user, klok.nu()
            )
    except fouten.Fout as fout:
        op_formulier(form, fout)
        return _render(request, form)
    inzage.noem([casus_id])
    messages.success(request, "De melding is geregistreerd.")
    return redirect(reverse("casuswerk:casus", args=[casus_id]))


def _render(request: HttpRequest, form: MeldingFormulier) -> HttpResponse:
    groepen = form.groepen()
    return render(
        request,
        "casuswerk/melding.html",
        {
            "form": form,
            "groepen": [g for g in groepen if g.naam != PERSONEN],
            "personen": next(g for g in groepen if g.naam == PERSONEN),
            "titel": "Melding registreren",
            "medewerker": medewerker_van(request.user),
        },
    )


@login_required
@require_GET
def persoon_rij_view(request: HttpRequest) -> HttpResponse:
    """htmx: one more row for a directbetrokkene, and the add button for the row after it."""
    _alleen_vt(medewerker_van(request.user))
    tekst = request.GET.get("i", "")
    i = min(int(tekst), 29) if tekst.isdigit() else 0
    form = MeldingFormulier()
    element = veldsoort(SCHEMA["melding_ontvangen"][PERSONEN][0]).element
    assert element is not None  # directbetrokkenen is a list of records
    legend, namen = rij(form, PERSONEN, element, i, _keuzes())
    namen += [contact_veld(form, i), bsn_veld(form, i)]
    return render(
        request,
        "casuswerk/_persoon_rij.html",
        {"legend": legend, "velden": [form[n] for n in namen], "volgende": i + 1, "oob": True},
    )
