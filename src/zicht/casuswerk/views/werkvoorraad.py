from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from zicht.casuswerk.inzage import logt
from zicht.casuswerk.toegang import medewerker_van
from zicht.casuswerk.werkvoorraad import Filters, werkvoorraad
from zicht.toepassing import inzage, klok

# Roles without casework start on their own first page (issue 13).
STARTPAGINA = {
    "beleidsmedewerker": "regie:dashboard",
    "functioneel_beheerder": "beheer:gebruikers",
    "privacy_officer": "beheer:privacy",
}


@login_required
@require_GET
@logt(GET="werkvoorraad_inzien")
def werkvoorraad_view(request: HttpRequest) -> HttpResponse:
    medewerker = medewerker_van(request.user)
    if medewerker.rol in STARTPAGINA:
        inzage.noem([])  # a redirect shows nothing
        return redirect(STARTPAGINA[medewerker.rol])
    filters = Filters(request.GET)
    context = werkvoorraad(medewerker, filters, request.GET.get("pagina"), klok.nu().date())
    context |= {"medewerker": medewerker, "filters": filters}
    # The worklist shows family names: one access-log row per case on this page.
    getoond = [
        *(r.casus_id for r in context["rijen"]),
        *(w.casus_id for w in context["wachtend"]),
        *(c.casus_id for c in context["procesregie"]),
    ]
    for casus_id, personen in context.pop("personen").items():  # read for the page already
        inzage.lees(casus_id, personen)
    inzage.noem(dict.fromkeys(getoond))
    if request.headers.get("HX-Request"):
        return render(request, "casuswerk/_werkvoorraad_tabel.html", context)
    return render(request, "casuswerk/werkvoorraad.html", context)
