"""Background tasks on the database queue (django-tasks; worker: `zicht beheer db_worker`)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django_tasks import task

from zicht.casuswerk import bewaartermijn


@task()
def bewaartermijn_taak(nu: str | None = None) -> list[str]:
    """Anonymise the cases past their retention period; returns their ids (no names)."""
    moment = timezone.localtime() if nu is None else datetime.fromisoformat(nu)
    return [t.casus_id for t in bewaartermijn.draai(moment)]
