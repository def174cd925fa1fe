"""The periodic jobs as tasks on the database queue (django-tasks; worker: `zicht beheer
db_worker`). The scheduler (`planner.py`) only enqueues them; the worker runs them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.utils import timezone
from django_tasks import task

from zicht.signalering import verloop


def _moment(nu: str | None) -> datetime:
    return timezone.localtime() if nu is None else datetime.fromisoformat(nu)


@task()
def termijnen_taak(nu: str | None = None) -> int:
    """The deadline sweep; returns how many terms fired."""
    return len(verloop.veeg(_moment(nu)).gevuurd)


@task()
def digest_taak(nu: str | None = None) -> int:
    """The e-mail digests due at `nu`; returns how many were sent."""
    from zicht.signalering import digest

    return digest.verstuur_wachtende(_moment(nu))


# Dashboard aggregates (issue: regie per gemeente) register their refresh here; the scheduler
# runs them every quarter of an hour. Empty until a dashboard keeps stored aggregates.
AGGREGATEN: list[Callable[[datetime], object]] = []


def registreer_aggregaat(verversen: Callable[[datetime], object]) -> None:
    if verversen not in AGGREGATEN:
        AGGREGATEN.append(verversen)


@task()
def aggregaten_taak(nu: str | None = None) -> int:
    moment = _moment(nu)
    for verversen in AGGREGATEN:
        verversen(moment)
    return len(AGGREGATEN)
