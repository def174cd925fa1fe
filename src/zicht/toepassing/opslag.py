"""The one event store of the running app, constructed once; tests pass their own to a use case."""

from __future__ import annotations

from functools import cache

from zicht.store.contract import EventStore


@cache
def store() -> EventStore:
    from zicht.store.django_store import DjangoStore

    return DjangoStore()
