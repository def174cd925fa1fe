"""One form per lifecycle step; every submit goes through the store and so the engine."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from zicht.casusbeheer import keuzes as keuzelijsten
from zicht.casusbeheer import toewijzing
from zicht.casuswerk.formulieren.stap import StapFormulier
from zicht.casuswerk.formulieren.velden import Keuzes
from zicht.casuswerk.fouten import op_formulier
from zicht.casuswerk.inzage import logt
from zicht.casuswerk.toegang import actor, medewerker_van
from zicht.core import partijen as p
from zicht.core.gebeurtenissen import SCHEMA
from zicht.core.toegang import Actor
from zicht.toepassing import acties, dossier, fouten, klok, teksten
from zicht.toepassing.modellen import Medewerker


def keuzes(d: dossier.Dossier, medewerker: Medewerker, soort: str) -> Keuzes:
    """The choices of the step's selects, with sensible defaults for this user."""
    eigen = medewerker.organisatie.code
    gemeenten = d.toestand.get("gemeenten", [])
    standaard: dict[str, Any] = {"door": eigen, "bij": eigen}
    if soort == "overdracht":
        standaard |= {"naar": [p.lokaal_veld(g) for g in gemeenten], "moment": _moment(d)}
    if soort == "veiligheidsbeoordeling_afgerond":
        standaard["beoordelaars"] = [medewerker.user.get_username()]
    if soort in ("niet_nakomen_gemeld", "gemeente_reactie") and gemeenten:
        standaard["gemeente"] = gemeenten[0]
    return Keuzes(
        partijen=keuzelijsten.partijen_voor(d, medewerker, soort),
        gemeenten=sorted(dossier.afspraken(d.casus.regio).gemeenten()),
        personen=d.personen,
        standaard=standaard,
        beoordelaars=keuzelijsten.vt_beoordelaars()
        if soort == "veiligheidsbeoordeling_afgerond"
        else [],
        ouders_met_gezag=_ouders_met_gezag(d) if soort == "overdracht" else [],
        intrekbaar=_intrekbaar(d, actor(medewerker))
        if soort == "gebeurtenis_ingetrokken"
        else None,
    )


def _ouders_met_gezag(d: dossier.Dossier) -> list[tuple[str, str]]:
    """The melding's directbetrokkenen with gezag (WA 5), by name where the family has one."""
    namen = dict(d.personen)
    return [
        (b["id"], namen.get(b["id"]) or b["id"])
        for b in d.kern.melding.get("directbetrokkenen", [])
        if b.get("gezag") is True
    ]


def _intrekbaar(d: dossier.Dossier, wie: Actor) -> list[tuple[int, str]]:
    """The steps of the user's own organisation a withdrawal may name, newest first."""
    return [
        (g.seq, f"Stap {g.seq}: {teksten.gebeurd(g.type)} ({teksten.moment(g.op)})")
        for g in reversed(d.intrekbaar(wie))
    ]


def _moment(d: dossier.Dossier) -> str:
    return "na_dienst" if any(g.type == "dienst_afgerond" for g in d.gebeurtenissen) else "direct"


def _render(
    request: HttpRequest, d: dossier.Dossier, form: StapFormulier, **extra: Any
) -> HttpResponse:
    checklist = _checklist(d) if form.soort == "overdracht" else None
    if checklist:  # mark the items required now in the checkbox group itself
        nu = next(c["codes"] for c in checklist if c["geldt_nu"])
        veld = form.fields["informatie"]
        veld.choices = [(c, f"{n} (verplicht)" if c in nu else n) for c, n in veld.choices]
    context = {
        "d": d,
        "form": form,
        "groepen": form.groepen(),
        "titel": teksten.stap(form.soort),
        "checklist": checklist,
        "medewerker": medewerker_van(request.user),
        **extra,
    }
    status = 409 if extra.get("conflict") else 200
    return render(request, "casuswerk/stap.html", context, status=status)


def _botsing(
    request: HttpRequest,
    wie: Actor,
    medewerker: Medewerker,
    casus_id: str,
    soort: str,
    form: StapFormulier,
    conflict: str,
) -> HttpResponse:
    """The case changed after the form was opened (a mid-air collision). What the user typed
    stays on the form, and the page lists what happened since. When the step is still theirs and
    they did not just record it themselves (a double click, Back), the form carries the case's
    current seq: sending it again records it on the case as it is now."""
    d = dossier.lees_casus(wie, casus_id, klok.nu(), "stap_vastleggen")  # as it is now
    gezien = int(form.cleaned_data["seq"])
    nieuw = [g for g in d.gebeurtenissen if g.seq > gezien]
    al_verstuurd = any(g.type == soort and g.actor == wie.naam for g in nieuw)
    opnieuw = not al_verstuurd and soort in d.stappen(wie)
    if opnieuw:
        data = request.POST.copy()
        data["seq"] = str(d.seq)
        form = StapFormulier(soort, keuzes(d, medewerker, soort), data)
        form.is_valid()
    sinds = [
        {"wat": teksten.gebeurd(g.type), "op": g.op, "door_u": g.actor == wie.naam} for g in nieuw
    ]
    return _render(
        request, d, form, conflict=conflict, sinds=sinds, opnieuw=opnieuw, al_verstuurd=al_verstuurd
    )


def _checklist(d: dossier.Dossier) -> list[dict[str, Any]]:
    """The required items per hand-over moment, from the agreement in force (via the core)."""
    nu = _moment(d)
    lijsten = {m: d.vereiste_informatie(m) for m in ("direct", "na_dienst")}
    return [
        {
            "moment": teksten.waarde(m),
            "geldt_nu": m == nu,
            "codes": codes,
            "items": [teksten.waarde(i) for i in codes],
        }
        for m, codes in lijsten.items()
    ]


# Steps by which one takes over a case for one's organisation: who records it becomes its
# behandelaar there (unless it has one), so it shows under "Mijn casussen".
NEEMT_OVER = frozenset({"ontvangst_bevestigd", "overdracht_geaccepteerd"})


@login_required
@require_http_methods(["GET", "POST"])
@logt(GET="stap_inzien", POST="stap_vastleggen")
def stap_view(request: HttpRequest, casus_id: str, soort: str) -> HttpResponse:
    if soort not in SCHEMA or soort == "melding_ontvangen":
        raise Http404("Onbekende stap.")
    medewerker = medewerker_van(request.user)
    wie, nu = actor(medewerker), klok.nu()
    actie = "stap_vastleggen" if request.method == "POST" else "stap_inzien"
    try:
        d = dossier.lees_casus(wie, casus_id, nu, actie)
    except fouten.NietGevonden:
        raise Http404("Casus niet gevonden.") from None
    if request.method == "GET":
        if soort not in d.stappen(wie):
            raise PermissionDenied("Deze stap is nu niet aan u.")
        initial = {"seq": d.seq, "op": nu.replace(second=0, microsecond=0)}
        return _render(
            request, d, StapFormulier(soort, keuzes(d, medewerker, soort), initial=initial)
        )
    form = StapFormulier(soort, keuzes(d, medewerker, soort), request.POST)
    if not form.is_valid():
        return _render(request, d, form)
    try:
        acties.controleer_stap(wie, d, form.cleaned_data["seq"], soort)
        velden = form.velden()
        if form.heeft_fouten():
            return _render(request, d, form)
        acties.leg_stap_vast(
            wie, d, form.cleaned_data["seq"], soort, form.cleaned_data["op"], velden, nu
        )
    except fouten.Verboden as fout:
        if fout.veld is None:
            raise PermissionDenied("Deze stap is nu niet aan u.") from None
        op_formulier(form, fout)  # a step it names that is not theirs: next to that input
        return _render(request, d, form)
    except fouten.Fout as fout:
        conflict = op_formulier(form, fout)
        if conflict:
            return _botsing(request, wie, medewerker, casus_id, soort, form, conflict)
        return _render(request, d, form)
    if soort in NEEMT_OVER:
        toewijzing.wordt_behandelaar(str(d.casus.pk), wie.organisatie, request.user, nu)
    if not dossier.nog_zichtbaar(wie, str(d.casus.pk), soort):
        messages.success(
            request,
            f"{teksten.gebeurd(soort)}: vastgelegd. De casus staat niet meer bij uw organisatie.",
        )
        return redirect(reverse("casuswerk:werkvoorraad"))
    messages.success(request, f"{teksten.gebeurd(soort)}: vastgelegd.")
    return redirect(reverse("casuswerk:casus", args=[d.casus.pk]))
