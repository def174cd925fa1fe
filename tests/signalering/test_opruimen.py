"""Issue #16: used form tokens and stored Idempotency-Key answers are deleted after their
window, by the hourly job the scheduler puts on the task queue and a worker runs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from api.test_webhooks import werk_wachtrij_af
from zicht.signalering import planner
from zicht.vertrouwen.models import GebruiktFormulier, IdempotenteAanvraag
from zicht.vertrouwen.opruimen import KLOKMARGE

from .conftest import Klok

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_hourly_job_deletes_what_is_past_its_window_and_keeps_the_rest(
    tijd: Klok, settings: Any
) -> None:
    settings.ZICHT_VERTROUWEN = {
        "FORMULIER_GELDIG_SECONDEN": 3600,
        "IDEMPOTENTIE_BEWAREN_SECONDEN": 86400,
    }
    nu = tijd.nu  # 09:30:00, on the minute: the moment the scheduler hands the job
    formulier = nu - timedelta(seconds=3600) - KLOKMARGE
    idempotentie = nu - timedelta(seconds=86400)
    een = timedelta(seconds=1)
    for naam, op in (("oud", formulier - een), ("jong", formulier + een)):
        GebruiktFormulier.objects.create(token=naam, gebruikt_op=op)
    for sleutel, op in (("oud", idempotentie - een), ("jong", idempotentie + een)):
        IdempotenteAanvraag.objects.create(
            client="1",
            sleutel=sleutel,
            verzoek_hash="x",
            status=201,
            inhoud=b"{}",
            aangemaakt_op=op,
        )
    job = next(j for j in planner.JOBS if j.naam == "opruimen")
    assert job.cron == {"minute": "40", "second": "15"}  # every hour

    assert planner.plan(job, nu) is True
    assert planner.plan(job, nu) is False  # a second scheduler: once
    resultaat = DBTaskResult.objects.get(task_path__endswith="opruimen_taak")
    werk_wachtrij_af(lambda: DBTaskResult.objects.get(pk=resultaat.pk).status == "SUCCESSFUL")

    assert list(GebruiktFormulier.objects.values_list("token", flat=True)) == ["jong"]
    assert list(IdempotenteAanvraag.objects.values_list("sleutel", flat=True)) == ["jong"]
    assert DBTaskResult.objects.get(pk=resultaat.pk).return_value == {
        "formuliertokens": 1,
        "idempotentie": 1,
    }
