"""`zicht verify`: walk every case's keyed hash chain, and the access log's, and name the
first broken link."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings

from zicht.store.keten import VELDEN, Breuk, eerste_breuk
from zicht.store.models import Casus, Gebeurtenis


def breuken() -> Iterator[Breuk]:
    """The first broken link of every case whose chain is broken, in case order."""
    sleutels = settings.ZICHT_KETEN_SLEUTELS
    for casus in Casus.objects.order_by("aangemaakt_op", "id").iterator():
        rijen = (
            Gebeurtenis.objects.filter(casus=casus)
            .order_by("seq")
            .values(*VELDEN, "hash", "vorige_hash", "sleutel")
        )
        breuk = eerste_breuk(
            str(casus.pk), rijen.iterator(), casus.laatste_seq, sleutels, casus.zegel
        )
        if breuk is not None:
            yield breuk
