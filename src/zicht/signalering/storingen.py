"""For the functioneel beheerder: what did not get out. Webhook deliveries that failed for good
(the dead letters) or are being retried, e-mail digests the mail server did not take, and
background tasks that failed (django-tasks' results) and have not succeeded since. Kinds,
organisations, attempts, errors and exception classes; no case content (no traceback, no
arguments). Each can be offered again; that is kept in the beheer log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET, require_POST
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from zicht.api.models import Levering
from zicht.api.webhooks.bezorgen import bezorg
from zicht.beheer.logboek import vastleggen
from zicht.casuswerk.toegang import medewerker_van
from zicht.signalering.models import Digest
from zicht.signalering.planner import JOBS

BEHEER = frozenset({"functioneel_beheerder"})
MAX_RIJEN = 200


def _beheerder(request: HttpRequest) -> Any:
    medewerker = medewerker_van(request.user)
    if medewerker.rol not in BEHEER:
        raise PermissionDenied("Alleen voor functioneel beheer.")
    return medewerker


# A background task by its function's name, as the beheerder knows it.
TAKEN = {
    "termijnen_taak": "Termijnen en berichten bijwerken",
    "digest_taak": "Dagelijkse e-mails versturen",
    "aggregaten_taak": "Regiecijfers bijwerken",
    "regie_verversen_taak": "Regiecijfers verversen",
    "bewaartermijn_taak": "Bewaartermijnen toepassen",
    "opruimen_taak": "Verlopen formuliertokens en API-antwoorden opruimen",
    "controleer_termijnen": "Termijnen van de volgende werkdag aankondigen (webhook)",
    "bezorg": "Webhookbericht bezorgen",
    "herprojecteer_taak": "Casussen herberekenen na een nieuwe afsprakenversie",
}


def taaknaam(task_path: str) -> str:
    functie = task_path.rsplit(".", 1)[-1]
    return TAKEN.get(functie, functie)


def mislukte_taken() -> list[dict[str, Any]]:
    """Failed task runs that nothing has made good since: a later successful run of a planned
    job (its next run catches up whatever fell due meanwhile), or of another task with the same
    arguments. Planned jobs succeed every minute, so their successes are asked as one latest
    moment per job, never row by row."""
    mislukt = list(
        DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).order_by("-finished_at")[
            :MAX_RIJEN
        ]
    )
    if not mislukt:
        return []
    gelukt = DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL)
    gepland = {job.taak.module_path for job in JOBS} & {r.task_path for r in mislukt}
    laatst = dict(
        gelukt.filter(task_path__in=gepland)
        .values("task_path")
        .annotate(laatst=Max("finished_at"))
        .values_list("task_path", "laatst")
    )
    uit = []
    for r in mislukt:
        moment = r.finished_at or r.enqueued_at
        if r.task_path in gepland:
            goedgemaakt = laatst.get(r.task_path) is not None and laatst[r.task_path] > moment
        else:
            goedgemaakt = gelukt.filter(
                task_path=r.task_path, finished_at__gt=moment, args_kwargs=r.args_kwargs
            ).exists()
        if not goedgemaakt:
            uit.append(
                {
                    "id": r.id,
                    "taak": taaknaam(r.task_path),
                    "mislukt_op": moment,
                    "fout": r.exception_class_path.rsplit(".", 1)[-1],
                }
            )
    return uit


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
        "taken": mislukte_taken(),
    }


def open_storingen() -> int:
    """What waits for the beheerder here: dead letters, digests given up, failed tasks."""
    dood: int = Levering.objects.filter(status=Levering.MISLUKT).count()
    opgegeven: int = Digest.objects.filter(status=Digest.MISLUKT).count()
    return dood + opgegeven + len(mislukte_taken())


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
        vastleggen(
            request, "levering_opnieuw", str(levering.pk), str(levering.bericht.get("type", ""))
        )
        transaction.on_commit(lambda: bezorg.enqueue(str(levering.pk)))
    messages.success(request, "De levering staat weer in de wachtrij.")
    return HttpResponseRedirect(reverse("signalering:storingen"))


@login_required
@require_POST
def taak_opnieuw_view(request: HttpRequest, taak_id: str) -> HttpResponse:
    """A failed background task runs again, with the arguments it had; when that run succeeds,
    the failure leaves the list."""
    _beheerder(request)
    mislukt = get_object_or_404(DBTaskResult, pk=taak_id, status=TaskResultStatus.FAILED)
    taak, argumenten = import_string(mislukt.task_path), mislukt.args_kwargs
    with transaction.atomic():
        vastleggen(request, "taak_opnieuw", taaknaam(mislukt.task_path), str(mislukt.pk))
        transaction.on_commit(lambda: taak.enqueue(*argumenten["args"], **argumenten["kwargs"]))
    messages.success(request, f"De taak '{taaknaam(mislukt.task_path)}' staat weer in de wachtrij.")
    return HttpResponseRedirect(reverse("signalering:storingen"))
