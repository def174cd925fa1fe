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

from zicht.casuswerk import dossier, klok
from zicht.casuswerk.formulieren.stap import StapFormulier
from zicht.casuswerk.formulieren.velden import Keuzes, rij, widget
from zicht.casuswerk.models import Gezin, Medewerker
from zicht.casuswerk.toegang import medewerker_van
from zicht.core.acties import VT_ROLLEN
from zicht.core.engine import Afwijzing, InvoerFout
from zicht.core.gebeurtenissen import SCHEMA, veldsoort
from zicht.store.contract import NieuweGebeurtenis
from zicht.store.django_store import DjangoStore

REGIO = "zuid-limburg"
PERSONEN = "directbetrokkenen"


class MeldingFormulier(StapFormulier):
    """The fields of `melding_ontvangen`, the family's name, and people by name (not id)."""

    gezin = forms.CharField(
        label="Naam van het gezin",
        help_text="Zoals het gezin in de werkvoorraad verschijnt, bijv. 'Gezin Jansen'.",
        max_length=200,
        widget=widget(forms.TextInput()),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__("melding_ontvangen", _keuzes(), *args, **kwargs)
        self.fields["op"].label = "Moment van ontvangst"


def _keuzes() -> Keuzes:
    gemeenten = sorted(dossier.afspraken(REGIO).gemeenten())
    return Keuzes(partijen=[], gemeenten=gemeenten, rijen=4)


def _alleen_vt(medewerker: Medewerker) -> None:
    if medewerker.rol not in VT_ROLLEN:
        raise PermissionDenied("Alleen Veilig Thuis registreert meldingen.")


def _met_ids(velden: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """People get ids (p1, p2, ...) in the event; their names stay with the family."""
    personen, betrokkenen = [], []
    for i, persoon in enumerate(velden.get(PERSONEN, []), start=1):
        pid = f"p{i}"
        personen.append({"id": pid, "naam": persoon["id"], "rol": persoon.get("rol", "")})
        betrokkenen.append({**persoon, "id": pid})
    if betrokkenen:
        velden = {**velden, PERSONEN: betrokkenen}
    return velden, personen


@login_required
@require_http_methods(["GET", "POST"])
def melding_view(request: HttpRequest) -> HttpResponse:
    medewerker = medewerker_van(request.user)
    _alleen_vt(medewerker)
    if request.method == "GET":
        begin = {"seq": 0, "op": klok.nu().replace(second=0, microsecond=0)}
        return _render(request, MeldingFormulier(initial=begin))
    form = MeldingFormulier(request.POST)
    velden = form.velden() if form.is_valid() else {}
    if form.heeft_fouten():
        return _render(request, form)
    velden, personen = _met_ids(velden)
    store = DjangoStore()
    try:
        with transaction.atomic():  # the case, its melding and the family, or nothing
            casus_id = store.nieuwe_casus(REGIO, nu=klok.nu())
            gebeurtenis = NieuweGebeurtenis("melding_ontvangen", form.cleaned_data["op"], velden)
            gebruiker, organisatie = medewerker.user.get_username(), medewerker.organisatie.code
            store.voeg_toe(casus_id, 0, gebeurtenis, gebruiker, organisatie, klok.nu())
            Gezin.objects.create(
                casus_id=casus_id, naam=form.cleaned_data["gezin"], personen=personen
            )
    except InvoerFout as fout:
        form.fout(fout.veld, fout.bericht)
        return _render(request, form)
    except Afwijzing as afwijzing:
        form.afgewezen(afwijzing.code, afwijzing.tekst, afwijzing.grond, afwijzing.ontbreekt)
        return _render(request, form)
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
    legend, namen = rij(
        form, PERSONEN, veldsoort(SCHEMA["melding_ontvangen"][PERSONEN][0]).element, i, _keuzes()
    )  # type: ignore[arg-type]
    return render(
        request,
        "casuswerk/_persoon_rij.html",
        {"legend": legend, "velden": [form[n] for n in namen], "volgende": i + 1, "oob": True},
    )
