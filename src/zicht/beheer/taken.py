"""Beheer's work on the database queue (django-tasks; worker: `zicht beheer db_worker`)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from zicht.toepassing import klok


@task()
def herprojecteer_taak(vanaf: str) -> int:
    """Project anew the cases whose open terms run over a newly added decree day."""
    from zicht.beheer.bronnen import open_casussen_vanaf
    from zicht.store.django_store import DjangoStore

    return DjangoStore().herprojecteer(open_casussen_vanaf(date.fromisoformat(vanaf)), klok.nu())
