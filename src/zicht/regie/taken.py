"""The regie refresh on the database queue (django-tasks; worker: `zicht beheer db_worker`)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django_tasks import task

from zicht.regie import verversen


@task()
def regie_verversen_taak(nu: str | None = None) -> int:
    """Recompute the regie tables; returns the number of cases counted."""
    moment = timezone.localtime() if nu is None else datetime.fromisoformat(nu)
    return verversen.ververs(moment)
