"""The scheduler: APScheduler's cron triggers, enqueueing onto the django-tasks database queue.

It runs no job itself, so it holds no transaction and needs no state: every minute it puts the
deadline sweep (and the digest check) on the queue, where the workers pick it up. A second
scheduler started by mistake enqueues nothing twice: each planned moment is one `Planning` row
(unique on job and minute), and the jobs themselves are idempotent anyway (`Verloop`, `Digest`).
A scheduler that was down misses nothing: the next sweep fires whatever fell due meanwhile.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from zicht.api.webhooks.termijnen import controleer_termijnen
from zicht.casuswerk.taken import bewaartermijn_taak
from zicht.signalering.models import Planning
from zicht.signalering.taken import aggregaten_taak, digest_taak, termijnen_taak
from zicht.vertrouwen.taken import opruimen_taak

if TYPE_CHECKING:
    from apscheduler.schedulers.blocking import BlockingScheduler

log = logging.getLogger(__name__)
TIJDZONE = "Europe/Amsterdam"


def _nu(moment: datetime) -> dict[str, str]:
    return {"nu": moment.isoformat()}


def _datum(moment: datetime) -> dict[str, str]:
    return {"datum": moment.date().isoformat()}


@dataclass(frozen=True)
class Job:
    naam: str
    taak: Any  # a django-tasks Task
    cron: dict[str, str]  # CronTrigger fields
    argumenten: Callable[[datetime], dict[str, str]] = _nu


JOBS = (
    Job("termijnen", termijnen_taak, {"second": "0"}),  # every minute: due within a minute
    Job("digest", digest_taak, {"second": "5"}),  # each user's chosen minute
    Job("aggregaten", aggregaten_taak, {"minute": "*/15", "second": "10"}),
    Job("bewaartermijn", bewaartermijn_taak, {"hour": "2", "minute": "30"}),
    # Used form tokens and Idempotency-Key answers past their window (zicht.vertrouwen).
    Job("opruimen", opruimen_taak, {"minute": "40", "second": "15"}),
    # The webhook announcing terms due the next working day (zicht webhooks termijnen).
    Job(
        "termijnen_vooraf",
        controleer_termijnen,
        {"day_of_week": "mon-fri", "hour": "7", "minute": "0"},
        _datum,
    ),
)


def plan(job: Job, nu: datetime | None = None) -> bool:
    """Enqueue `job` for this minute, unless it was already (by this or another scheduler)."""
    moment = (nu or timezone.localtime()).replace(second=0, microsecond=0)
    try:
        with transaction.atomic():
            Planning.objects.create(taak=job.naam, moment=moment, in_wachtrij_op=timezone.now())
            job.taak.enqueue(**job.argumenten(moment))
    except IntegrityError:
        log.info("%s voor %s stond al in de wachtrij", job.naam, moment.isoformat())
        return False
    return True


def _tik(job: Job) -> None:
    close_old_connections()  # a long-lived process: drop a connection the database closed
    plan(job)


def planner() -> BlockingScheduler:
    # APScheduler is imported here, by the scheduler process alone: app servers import this
    # module for JOBS (the failed-jobs page) and need not carry it.
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger

    s = BlockingScheduler(timezone=TIJDZONE)
    for job in JOBS:
        s.add_job(
            _tik,
            CronTrigger(timezone=TIJDZONE, **job.cron),
            args=[job],
            id=job.naam,
            coalesce=True,  # after a pause, one run, not one per missed minute
            misfire_grace_time=50,
            max_instances=1,
        )
    return s
