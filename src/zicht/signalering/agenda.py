"""The calendar feed: per user an iCalendar file of the deadlines of their worklist's terms and
the monitoring moments, behind an unguessable token that the user can revoke or replace
(`voorkeuren.py`). Case numbers, never names; the case page behind the link asks for a login."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event

from zicht.casuswerk.models import Medewerker
from zicht.core.toegang import werkpartijen
from zicht.signalering.bel import casusnummer
from zicht.signalering.models import Voorkeur
from zicht.store.models import OpenTermijn
from zicht.toepassing import klok, teksten

TERUG_DAGEN, VOORUIT_DAGEN = 60, 400
MAX_AFSPRAKEN = 2000
# Monitoring (Bijlage 2): a contact counts from M - 2 to M + 2 weeks; uiterlijk is M + 2 weeks.
MONITORING = {"monitoring_3_maanden", "monitoring_12_maanden"}
MONITORINGSVENSTER = timedelta(weeks=4)


def agenda(medewerker: Medewerker, nu: datetime, basis_url: str) -> bytes:
    vandaag = nu.date()
    partijen = werkpartijen(medewerker.organisatie.code, medewerker.rol)
    termijnen = OpenTermijn.objects.filter(
        partij__in=partijen,
        uiterlijk__gte=vandaag - timedelta(days=TERUG_DAGEN),
        uiterlijk__lte=vandaag + timedelta(days=VOORUIT_DAGEN),
    ).order_by("uiterlijk", "casus_id", "code")[:MAX_AFSPRAKEN]
    cal = Calendar()
    cal.add("prodid", "-//Zicht//Termijnen//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Zicht: termijnen")
    cal.add("x-wr-timezone", "Europe/Amsterdam")
    for t in termijnen:
        assert t.uiterlijk is not None
        cal.add_component(_afspraak(t, nu, basis_url))
    return bytes(cal.to_ical())


def _afspraak(t: OpenTermijn, nu: datetime, basis_url: str) -> Event:
    uiterlijk: date = t.uiterlijk
    nummer = casusnummer(t.casus_id)
    e = Event()
    e.add("uid", f"{t.casus_id}-{t.code}-{t.partij}@zicht")
    e.add("dtstamp", nu)
    if t.code in MONITORING:
        e.add("summary", f"Monitoringsmoment ({teksten.termijnnaam(t.code)}) – casus {nummer}")
        e.add("dtstart", uiterlijk - MONITORINGSVENSTER)
    else:
        e.add("summary", f"Uiterlijk: {teksten.termijnnaam(t.code)} – casus {nummer}")
        e.add("dtstart", uiterlijk)
    e.add("dtend", uiterlijk + timedelta(days=1))  # all day, the whole of `uiterlijk`
    status = "verlopen" if t.status == "verlopen" else "open"
    e.add("description", f"Termijn {status}. Grond: {t.grond or 'de samenwerkingsafspraken'}.")
    e.add("url", basis_url + reverse("casuswerk:casus", args=[t.casus_id]))
    e.add("transp", "TRANSPARENT")
    return e


@require_GET
def agenda_view(request: HttpRequest, token: str) -> HttpResponse:
    voorkeur = (
        Voorkeur.objects.select_related("gebruiker__medewerker__organisatie")
        .filter(agenda_token=token, gebruiker__is_active=True)
        .first()
    )
    medewerker = getattr(voorkeur.gebruiker, "medewerker", None) if voorkeur else None
    if medewerker is None:
        raise Http404("Onbekende agenda.")
    inhoud = agenda(medewerker, klok.nu(), request.build_absolute_uri("/").rstrip("/"))
    antwoord = HttpResponse(inhoud, content_type="text/calendar; charset=utf-8")
    antwoord["Cache-Control"] = "private, no-store"
    antwoord["Content-Disposition"] = 'inline; filename="zicht.ics"'
    return antwoord
