"""The Veilig Thuis intake of JZV meldingen: the list, and one melding with the gemeente(n) to
assign. Only Veilig Thuis; every look at the list is in the access log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from zicht.api.problemen import Probleem
from zicht.casusbeheer import toewijzing
from zicht.casuswerk.inzage import logt
from zicht.casuswerk.models import Medewerker
from zicht.casuswerk.toegang import mag, medewerker_van
from zicht.jzv import intake
from zicht.jzv.models import Melding, OntvangenUitkomst
from zicht.store.regio import regio
from zicht.toepassing import dossier, inzage, klok, teksten

SOORTEN = {"VT": "Veilig Thuis", "NAZ": "Niet-acute zorg", "ZVH": "Zorg- en Veiligheidshuis"}
VRAGEN = {
    "VT-001": "Is er sprake van bestaande hulpverlening?",
    "VT-002": "Is er sprake van een tijdelijk huisverbod?",
}
STATUSSEN = {
    "VT-00": "Melding niet ontvankelijk",
    "VT-01-01": "Veiligheidsbeoordeling: vervolgstappen bij Veilig Thuis",
    "VT-01-02": "Veiligheidsbeoordeling: overdracht",
    "VT-01-03": "Veiligheidsbeoordeling: geen vervolgstappen nodig",
    "VT-01-04": "Veiligheidsbeoordeling: regionaal maatwerk Veilig Thuis",
    "VT-02": "Overgedragen",
    "VT-03": "Afgesloten zonder overdracht",
    "VT-99": "Melding onjuist geadresseerd",
}


class ToewijzenFormulier(forms.Form):
    gemeenten = forms.MultipleChoiceField(
        label="Gemeente(n) van het gezin",
        help_text="Kies de gemeente waar het gezin woont; twee als het gezin in twee gemeenten "
        "woont. Zicht kiest nooit zelf.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Kies minstens één gemeente."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        namen = sorted(dossier.afspraken(regio()).gemeenten())
        self.fields["gemeenten"].choices = [(g, g) for g in namen]


def _alleen_vt(request: HttpRequest) -> Medewerker:
    medewerker = medewerker_van(request.user)
    if not mag(medewerker, "melding_registreren"):
        raise PermissionDenied("Alleen Veilig Thuis ziet de intake van JZV-meldingen.")
    return medewerker


@login_required
@require_GET
@logt(GET="melding_registreren")
def intake_view(request: HttpRequest) -> HttpResponse:
    medewerker = _alleen_vt(request)
    rijen = [_samenvatting(m) for m in intake.in_intake()]
    inzage.noem([None])  # the queue itself is logged
    ontvangen = [
        {
            "registratienummer": u.registratienummer,
            "afzender": u.afzender.afzendernaam,
            "status": STATUSSEN.get(u.code, u.code),
            "op": teksten.moment(u.ontvangen_op),
        }
        for u in OntvangenUitkomst.objects.select_related("afzender")[:50]
    ]
    return render(
        request,
        "jzv/intake.html",
        {
            "rijen": rijen,
            "ontvangen": ontvangen,
            "medewerker": medewerker,
            "titel": "Intake JZV-meldingen",
        },
    )


def _samenvatting(melding: Melding) -> dict[str, Any]:
    b = melding.bericht
    return {
        "id": melding.pk,
        "afzender": melding.afzender.afzendernaam,
        "registratienummer": melding.registratienummer,
        "soort": SOORTEN.get(b["soort"], b["soort"]),
        "ontvangen": teksten.moment(melding.ontvangen_op),
        "naam": intake.naam_van(b["natuurlijkPersoon"]["naam"]),
        "terugkoppeling": melding.terugkoppeling_gewenst,
    }


@login_required
@require_http_methods(["GET", "POST"])
@logt(GET="melding_registreren", POST="melding_registreren")
def toewijzen_view(request: HttpRequest, melding_id: str) -> HttpResponse:
    medewerker = _alleen_vt(request)
    melding = Melding.objects.select_related("afzender").filter(pk=melding_id).first()
    if melding is None or melding.casus_id is not None:
        raise Http404("Deze melding staat niet (meer) in de intake.")
    inzage.noem([None])  # personal data, no case yet
    form = ToewijzenFormulier(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                casus_id = intake.wijs_toe(
                    melding, form.cleaned_data["gemeenten"], request.user.get_username(), klok.nu()
                )
                # Who makes the case of it handles it for Veilig Thuis, as with a melding
                # registered on the screen, until it is reassigned.
                toewijzing.wordt_behandelaar(
                    casus_id, medewerker.organisatie.code, request.user, klok.nu()
                )
        except Probleem as probleem:
            form.add_error(None, str(probleem.detail))
        else:
            inzage.noem([casus_id])
            messages.success(request, "De melding is een casus geworden.")
            return redirect(reverse("casuswerk:casus", args=[casus_id]))
    return render(
        request,
        "jzv/toewijzen.html",
        {
            "melding": _details(melding),
            "form": form,
            "medewerker": medewerker,
            "titel": "JZV-melding toewijzen",
        },
    )


def _details(melding: Melding) -> dict[str, Any]:
    b = melding.bericht
    persoon = b["natuurlijkPersoon"]
    adres = persoon["adres"]["straatAdres"]
    vraag = b["zorgelijkeSituatie"]["vraagAntwoord"]
    return {
        **_samenvatting(melding),
        "adres": f"{adres['straatnaam']} {adres['huisnummer']}{adres['huisletter']}",
        "geboren": teksten.datum(persoon.get("geboorte", {}).get("datum")),
        "incident": b["incident"]["omschrijving"],
        "locatie": b["incident"]["locatie"],
        "situatie": b["zorgelijkeSituatie"]["situatieSchets"],
        "nader": b["zorgelijkeSituatie"]["nadereOmschrijving"],
        "vraag": VRAGEN.get(vraag["vraag"], vraag["vraag"]),
        "antwoord": vraag["antwoord"],
        "verzoek": b["verzoek"],
    }
