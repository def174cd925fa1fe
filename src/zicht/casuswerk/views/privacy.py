"""The privacy officer's screen: search the access log by user, case, period and outcome."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from zicht.casuswerk.formulieren.velden import widget
from zicht.casuswerk.inzage import logt
from zicht.casuswerk.toegang import mag, medewerker_van
from zicht.casuswerk.views.casus import ACTIES
from zicht.core.acties import ROLLEN
from zicht.core.verwerkingen import verwerkingen
from zicht.toegangslog.models import Toegangsrij
from zicht.toepassing import inzage, teksten
from zicht.toepassing.lezen import leest_mag_achterlopen

PER_PAGINA = 50


class Zoeken(forms.Form):
    gebruiker = forms.CharField(required=False, label="Gebruiker", widget=widget(forms.TextInput()))
    casus = forms.UUIDField(
        required=False,
        label="Casus (id)",
        error_messages={"invalid": "Vul een volledig casus-id in."},
        widget=widget(forms.TextInput()),
    )
    van = forms.DateField(
        required=False, label="Van", widget=widget(forms.DateInput(attrs={"type": "date"}))
    )
    tot = forms.DateField(
        required=False,
        label="Tot en met",
        widget=widget(forms.DateInput(attrs={"type": "date"})),
    )
    uitkomst = forms.ChoiceField(
        required=False,
        label="Uitkomst",
        choices=[("", "alle"), ("toegestaan", "toegestaan"), ("geweigerd", "geweigerd")],
        widget=widget(forms.Select()),
    )


def gezocht(filters: dict[str, Any]) -> QuerySet[Toegangsrij]:
    rijen = Toegangsrij.objects.all()
    if filters.get("gebruiker"):
        rijen = rijen.filter(gebruiker__iexact=filters["gebruiker"].strip())
    if filters.get("casus"):
        rijen = rijen.filter(casus_id=str(filters["casus"]))
    zone = timezone.get_current_timezone()
    if filters.get("van"):
        rijen = rijen.filter(tijdstip__gte=datetime.combine(filters["van"], time(), zone))
    if filters.get("tot"):
        einde = datetime.combine(filters["tot"] + timedelta(days=1), time(), zone)
        rijen = rijen.filter(tijdstip__lt=einde)
    if filters.get("uitkomst"):
        rijen = rijen.filter(uitkomst=filters["uitkomst"])
    return rijen.order_by("-tijdstip", "-id")


def _rijen(blad: Any, register: Any) -> list[dict[str, Any]]:
    return [
        {
            "moment": teksten.moment(r.tijdstip),
            "gebruiker": r.gebruiker,
            "rol": ROLLEN.get(r.rol, r.rol),
            "organisatie": teksten.partijnaam(r.organisatie) if r.organisatie else "—",
            "casus": r.casus_id or "—",
            "personen": ", ".join(r.personen) or "—",
            "actie": ACTIES.get(r.actie, r.actie),
            "verwerking": register[r.verwerking].naam if r.verwerking in register else r.verwerking,
            "grondslag": register[r.verwerking].grondslag if r.verwerking in register else "",
            "uitkomst": r.uitkomst,
            "trace": r.trace_id,
            "client": r.client or "",
        }
        for r in blad
    ]


@login_required
@require_GET
@logt(GET="toegangslog_inzien")
def toegangslog_view(request: HttpRequest) -> HttpResponse:
    medewerker = medewerker_van(request.user)
    if not mag(medewerker, "toegangslog_inzien"):
        raise PermissionDenied("Alleen de privacy officer ziet het toegangslog.")
    zoeken = Zoeken(request.GET)
    filters = zoeken.cleaned_data if zoeken.is_valid() else {}
    # Looking at the log is itself logged, with the case searched for (if any).
    inzage.noem([str(filters["casus"]) if filters.get("casus") else None])
    register = verwerkingen()
    # A report over the log: it may lag the primary by seconds (the standby, issue #17).
    with leest_mag_achterlopen():
        blad = Paginator(gezocht(filters), PER_PAGINA).get_page(request.GET.get("pagina"))
        rijen = _rijen(blad, register)
    zonder_pagina = request.GET.copy()
    zonder_pagina.pop("pagina", None)
    return render(
        request,
        "casuswerk/toegangslog.html",
        {
            "medewerker": medewerker,
            "zoeken": zoeken,
            "blad": blad,
            "rijen": rijen,
            "query": zonder_pagina.urlencode(),
            "titel": "Toegangslog",
        },
    )
