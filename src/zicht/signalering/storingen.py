"""For the functioneel beheerder: what did not get out. Webhook deliveries that failed for good
(the dead letters) or are being retried, and e-mail digests the mail server did not take.
Kinds, organisations, attempts and errors; no case content."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from zicht.api.models import Levering
from zicht.api.webhooks.bezorgen import bezorg
from zicht.casuswerk.toegang import medewerker_van
from zicht.signalering.models import Digest

BEHEER = frozenset({"functioneel_beheerder"})
MAX_RIJEN = 200


def _beheerder(request: HttpRequest) -> Any:
    medewerker = medewerker_van(request.user)
    if medewerker.rol not in BEHEER:
        raise PermissionDenied("Alleen voor functioneel beheer.")
    return medewerker


def overzicht() -> dict[str, Any]:
    leveringen = Levering.objects.select_related("abonnement__organisatie")
    return {
        "dode_leveringen": list(
            leveringen.filter(status=Levering.MISLUKT).order_by("-aangemaakt_op")[:MAX_RIJEN]
        ),
        "opnieuw_leveringen": list(
            leveringen.filter(status=Levering.WACHTEND, pogingen__gt=0).order_by(
                "volgende_poging_op"
            )[:MAX_RIJEN]
        ),
        "digests": list(
            Digest.objects.exclude(laatste_fout="")
            .exclude(status=Digest.VERZONDEN)
            .select_related("gebruiker")
            .order_by("-dag")[:MAX_RIJEN]
        ),
    }


@login_required
@require_GET
def storingen_view(request: HttpRequest) -> HttpResponse:
    medewerker = _beheerder(request)
    return render(request, "signalering/storingen.html", {"medewerker": medewerker, **overzicht()})


@login_required
@require_POST
def opnieuw_view(request: HttpRequest, levering_id: str) -> HttpResponse:
    """A dead letter goes back on the queue for a fresh round of attempts."""
    _beheerder(request)
    levering = get_object_or_404(Levering, pk=levering_id, status=Levering.MISLUKT)
    with transaction.atomic():
        levering.status, levering.pogingen, levering.volgende_poging_op = Levering.WACHTEND, 0, None
        levering.save(update_fields=["status", "pogingen", "volgende_poging_op"])
        transaction.on_commit(lambda: bezorg.enqueue(str(levering.pk)))
    messages.success(request, "De levering staat weer in de wachtrij.")
    return HttpResponseRedirect(reverse("signalering:storingen"))
