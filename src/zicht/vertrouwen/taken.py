"""Issue #16's periodic job on the database queue (django-tasks; worker: `zicht beheer
db_worker`); the scheduler in zicht.signalering enqueues it."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django_tasks import task

from zicht.vertrouwen import opruimen


@task()
def opruimen_taak(nu: str | None = None) -> dict[str, int]:
    """Delete used form tokens and stored Idempotency-Key answers past their window; returns
    how many of each."""
    moment = timezone.now() if nu is None else datetime.fromisoformat(nu)
    gedaan = opruimen.opruimen(moment)
    return {"formuliertokens": gedaan.formuliertokens, "idempotentie": gedaan.idempotentie}
