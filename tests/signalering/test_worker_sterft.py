"""The worker is killed (SIGKILL) in the middle of a sweep and started again: every due term
fired exactly once (one `Verloop`, one webhook delivery per subscriber). Real worker processes
on the test database; the fixed clock travels as the task's argument."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter

import pytest
from django.db import connection

from casuswerk.conftest import MELDING, maak_casus
from zicht.api.models import Abonnement, Levering
from zicht.casuswerk.models import Organisatie
from zicht.signalering.models import Verloop
from zicht.signalering.taken import termijnen_taak

from .conftest import Klok

pytestmark = pytest.mark.django_db(transaction=True)
AANTAL = 30
PARTIJ = 3
NU = "2026-03-10T00:00:30+01:00"


def _omgeving() -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zicht.web.settings", "ZICHT_LOGNIVEAU": "INFO"}
    env["ZICHT_DEBUG"] = "1"  # the development keys, the same as the test process signs with
    env["ZICHT_VEEG_PARTIJ"] = str(PARTIJ)  # ten batches: the kill falls between commits
    naam = str(connection.settings_dict["NAME"])
    env["ZICHT_PG_NAME" if connection.vendor == "postgresql" else "ZICHT_SQLITE"] = naam
    return env


def _worker() -> list[str]:
    return [sys.executable, "-m", "django", "db_worker", "--batch", "--no-startup-delay"]


def test_worker_gedood_halverwege_elke_termijn_eenmaal(orgs: None, tijd: Klok) -> None:
    casussen = {maak_casus(MELDING) for _ in range(AANTAL)}
    Abonnement.objects.create(
        organisatie=Organisatie.objects.get(code="veilig_thuis"),
        url="http://127.0.0.1:9/zicht",  # nothing listens: deliveries wait, rows count
        soorten=["termijn_verloopt"],
        geheim="x" * 64,
        aangemaakt_op=tijd.nu,
    )
    termijnen_taak.enqueue(nu=NU)

    worker = subprocess.Popen(
        [*_worker(), "--no-reload"], env=_omgeving(), stderr=subprocess.PIPE, text=True
    )
    assert worker.stderr is not None
    for lijn in worker.stderr:  # the first batch fired and committed: kill the worker now
        if "termijn verlopen" in lijn:
            worker.send_signal(signal.SIGKILL)
            break
    worker.wait(timeout=60)
    assert worker.returncode == -signal.SIGKILL
    na_kill = Verloop.objects.filter(soort=Verloop.TERMIJN).count()
    assert 0 < na_kill < AANTAL  # killed mid-run
    assert na_kill % PARTIJ == 0  # a batch commits whole or not at all

    # The scheduler's next minute: a new sweep; the restarted worker finishes the work.
    termijnen_taak.enqueue(nu=NU)
    klaar = subprocess.run(
        [*_worker(), "--no-reload"], env=_omgeving(), capture_output=True, text=True, timeout=120
    )
    assert klaar.returncode == 0, klaar.stderr[-2000:]

    gevuurd = Counter(Verloop.objects.values_list("casus_id", "soort", "code"))
    assert {str(c) for c, _, _ in gevuurd} == casussen
    assert set(gevuurd.values()) == {1}
    # Each case: its triage term overran, and that gave Veilig Thuis zicht (Bijlage 1).
    assert Counter((s, c) for _, s, c in gevuurd) == {
        (Verloop.TERMIJN, "veiligheidsbeoordeling"): AANTAL,
        (Verloop.ZICHT, "zicht_op_veiligheid"): AANTAL,
    }
    leveringen = Levering.objects.filter(sleutel__startswith="verlopen:")
    assert leveringen.count() == AANTAL
    assert len(set(leveringen.values_list("sleutel", flat=True))) == AANTAL
    print(f"na kill -9: {na_kill} van {AANTAL} gevuurd; na herstart: {len(gevuurd)}")
