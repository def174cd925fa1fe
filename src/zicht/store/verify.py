"""`zicht verify`: walk every case's hash chain and name the first broken link."""

from __future__ import annotations

from collections.abc import Iterator

from zicht.store.keten import VELDEN, Breuk, eerste_breuk
from zicht.store.models import Casus, Gebeurtenis


def breuken() -> Iterator[Breuk]:
    """The first broken link of every case whose chain is broken, in case order."""
    for casus in Casus.objects.order_by("aangemaakt_op", "id").iterator():
        rijen = (
            Gebeurtenis.objects.filter(casus=casus)
            .order_by("seq")
            .values(*VELDEN, "hash", "vorige_hash")
        )
        breuk = eerste_breuk(str(casus.pk), rijen.iterator(), casus.laatste_seq)
        if breuk is not None:
            yield breuk
