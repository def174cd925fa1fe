"""Where the engine's agreement gets what the functioneel beheerder stored: scheduled versions
and days equated with holidays by Royal Decree (Algemene termijnenwet art. 3 lid 3).

The core stays pure: it asks a registered leverancier (`core.afspraken.registreer_leverancier`)
for an `Aanvulling`. This one answers from memory and looks at the database's change counter
(`AfsprakenTeller`) at most every `ZICHT_AFSPRAKEN_HERLADEN_SECONDEN` (None: only after a change
made in this process, or `vergeet()`), so several stateless app servers each pick up a version
scheduled on another one. A version is scheduled from a day after today, so a server that looks
again within that interval never applies an old rule on a day the new one is in force.
"""

from __future__ import annotations

import hashlib
import threading
import time
from datetime import date
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F

from zicht.beheer.models import Afspraakversie, AfsprakenTeller, GelijkgesteldeDag
from zicht.core.afspraken import GEEN_AANVULLING, Aanvulling
from zicht.store.models import OpenTermijn
from zicht.store.regio import regio as _regio
from zicht.toepassing import klok

STANDAARD_SECONDEN = 30.0


def geplande_versies(behalve: Afspraakversie | None = None) -> tuple[tuple[str, str], ...]:
    rijen = Afspraakversie.objects.filter(gepland=True, geldig=True).order_by("geldig_vanaf", "pk")
    if behalve is not None:
        rijen = rijen.exclude(pk=behalve.pk)
    return tuple((f"{r.bestandsnaam} (beheer #{r.pk})", r.inhoud) for r in rijen)


def gelijkgestelde_dagen() -> tuple[tuple[date, str], ...]:
    return tuple(GelijkgesteldeDag.objects.order_by("datum").values_list("datum", "besluit"))


def aanvulling_uit_database() -> Aanvulling:
    versies = geplande_versies()
    dagen = gelijkgestelde_dagen()
    kenmerk = hashlib.sha256(repr((versies, dagen)).encode()).hexdigest()[:16]
    return Aanvulling(versies, dagen, kenmerk)


def _teller() -> int:
    waarde = AfsprakenTeller.objects.values_list("teller", flat=True).first()
    return waarde or 0


def verhoog_teller() -> None:
    """After scheduling a version or adding a decree day (in the same transaction)."""
    if not AfsprakenTeller.objects.update(teller=F("teller") + 1):
        AfsprakenTeller.objects.create(teller=1)
    transaction.on_commit(LEVERANCIER.vergeet)
    LEVERANCIER.vergeet()


class DatabaseLeverancier:
    def __init__(self) -> None:
        self._slot = threading.Lock()
        self._aanvulling: Aanvulling | None = None
        self._teller = -1
        self._gekeken = 0.0

    def vergeet(self) -> None:
        """Look in the database at the next call (a change made here, or a test's rollback)."""
        with self._slot:
            self._aanvulling = None

    def __call__(self, regio: str) -> Aanvulling:
        if regio != _regio():
            return GEEN_AANVULLING
        wachten = getattr(settings, "ZICHT_AFSPRAKEN_HERLADEN_SECONDEN", STANDAARD_SECONDEN)
        nu = time.monotonic()
        bekend = self._aanvulling
        if bekend is not None and (wachten is None or nu - self._gekeken < wachten):
            return bekend
        try:
            teller = _teller()
            if bekend is None or teller != self._teller:
                bekend = aanvulling_uit_database()
        except DatabaseError:
            # No database (the pure core's tests, a broken transaction): the files, or what
            # was known; asked again at the next call.
            return self._aanvulling or GEEN_AANVULLING
        except RuntimeError:  # pytest-django: a test without database access
            return self._aanvulling or GEEN_AANVULLING
        with self._slot:
            self._aanvulling, self._teller, self._gekeken = bekend, teller, nu
        return bekend


LEVERANCIER = DatabaseLeverancier()


INLINE_MAX = 500


def open_casussen_vanaf(dag: date) -> list[Any]:
    """Cases with an open term due on or after `dag`: their working days may have changed."""
    return list(
        OpenTermijn.objects.filter(uiterlijk__gte=dag).values_list("casus_id", flat=True).distinct()
    )


def herbereken_open_termijnen(dag: date) -> int:
    """After a decree day: project the cases whose open terms run over it anew (in this request
    when there are few, on the task queue otherwise); returns how many cases now."""
    ids = open_casussen_vanaf(dag)
    if len(ids) > INLINE_MAX:
        from zicht.beheer.taken import herprojecteer_taak

        transaction.on_commit(lambda: herprojecteer_taak.enqueue(dag.isoformat()))
        return 0
    from zicht.store.django_store import DjangoStore

    return DjangoStore().herprojecteer(ids, klok.nu())
