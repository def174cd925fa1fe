"""The receivers of a new event, and the event types each acts on.

A new event is announced with Django's `post_save` of `Gebeurtenis`: the ORM sends it when it
inserts the row (SQLite, the demo loaders), the PostgreSQL append sends it itself
(`toevoegen.schrijf`), in a transaction with what the receivers write. Most event types concern
no receiver (the bell, the webhooks and JZV's outcomes each act on a few), and for those the
append needs neither the signal nor the transaction around its one statement. So a receiver is
connected here with the types it acts on; one connected past this module counts as acting on
every type, so forgetting this costs speed, never an announcement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models.signals import post_save

from zicht.store.models import Gebeurtenis

Ontvanger = Callable[..., Any]

_TYPEN: dict[Ontvanger, frozenset[str]] = {}


def koppel(ontvanger: Ontvanger, dispatch_uid: str, typen: Iterable[str]) -> None:
    """Connect `ontvanger` to every new event; it acts only on `typen`."""
    _TYPEN[ontvanger] = frozenset(typen)
    post_save.connect(ontvanger, sender=Gebeurtenis, dispatch_uid=dispatch_uid)


def typen_van(ontvanger: Ontvanger) -> frozenset[str] | None:
    """The types a receiver was connected for; None when connected past `koppel`."""
    return _TYPEN.get(ontvanger)


def aan_te_kondigen(type_: str) -> bool:
    """Whether a live receiver acts on a new event of this type."""
    # `_live_receivers` is the signal's own list of what `send` would call (Django 5.2).
    synchroon, asynchroon = post_save._live_receivers(Gebeurtenis)
    if asynchroon:
        return True
    return any(type_ in _TYPEN.get(o, (type_,)) for o in synchroon)
