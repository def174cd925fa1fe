from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zicht.casuswerk import klok
from zicht.casuswerk.toegang import medewerker_van
from zicht.casuswerk.werkvoorraad import Filters, werkvoorraad


@login_required
@require_GET
def werkvoorraad_view(request: HttpRequest) -> HttpResponse:
    medewerker = medewerker_van(request.user)
    filters = Filters(request.GET)
    context = werkvoorraad(medewerker, filters, request.GET.get("pagina"), klok.nu().date())
    context |= {"medewerker": medewerker, "filters": filters}
    if request.headers.get("HX-Request"):
        return render(request, "casuswerk/_werkvoorraad_tabel.html", context)
    return render(request, "casuswerk/werkvoorraad.html", context)
