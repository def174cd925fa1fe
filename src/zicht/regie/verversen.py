"""Rebuild the regie tables from the event store's projections and events (full refresh).

Reads cases in chunks (state from `CasusProjectie`, the relevant events from `Gebeurtenis`),
extracts their facts (`feiten.py`), sums them per month and replaces the tables in one
transaction, so the dashboard never sees a half-built set.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from django.db import transaction

from zicht.core.engine import laad_afspraken
from zicht.regie.feiten import CasusFeiten, feiten
from zicht.regie.models import (
    DoorlooptijdCijfer,
    GebeurtenisCijfer,
    InstroomCijfer,
    Stand,
    TermijnCijfer,
)
from zicht.store.models import CasusProjectie, Gebeurtenis

BLOK = 2000
SOORTEN = (
    "melding_ontvangen",
    "veiligheidsbeoordeling_afgerond",
    "overdracht",
    "overdracht_geaccepteerd",
    "ontvangst_bevestigd",
    "contact_gestart",
    "plan_vastgesteld",
    "stabiele_veiligheid_vastgesteld",
    "opgeschaald",
    "niet_nakomen_gemeld",
    "casusregie_afgesloten",
)


def maand(d: date) -> date:
    return d.replace(day=1)


@functools.cache
def _subregios() -> tuple[tuple[str, str], ...]:
    afspraken = laad_afspraken()
    versie = afspraken.versies[-1]
    return tuple((g, versie.subregios[info.subregio]) for g, info in versie.gemeenten.items())


def subregio_per_gemeente() -> dict[str, str]:
    """gemeente -> subregion name, from the latest agreement version (read once)."""
    return dict(_subregios())


def _casussen() -> Iterator[tuple[dict[str, Any], list[tuple[str, datetime, dict[str, Any]]]]]:
    ids = list(CasusProjectie.objects.order_by("casus_id").values_list("casus_id", flat=True))
    for i in range(0, len(ids), BLOK):
        blok = ids[i : i + BLOK]
        toestanden = dict(
            CasusProjectie.objects.filter(casus_id__in=blok).values_list("casus_id", "toestand")
        )
        per_casus: dict[Any, list[tuple[str, datetime, dict[str, Any]]]] = defaultdict(list)
        rijen = (
            Gebeurtenis.objects.filter(casus_id__in=blok, type__in=SOORTEN)
            .order_by("casus_id", "seq")
            .values_list("casus_id", "type", "occurred_at", "payload")
        )
        for casus_id, soort, op, payload in rijen:
            per_casus[casus_id].append((soort, op, payload))
        for casus_id in blok:
            yield toestanden[casus_id], per_casus.get(casus_id, [])


class Tellers:
    """The sums being built: one Counter per table."""

    def __init__(self, peildatum: date, subregios: dict[str, str]) -> None:
        self.peildatum, self.subregios = peildatum, subregios
        self.termijnen: Counter[tuple[Any, ...]] = Counter()
        self.doorloop: Counter[tuple[Any, ...]] = Counter()
        self.instroom: Counter[tuple[Any, ...]] = Counter()
        self.gebeurtenissen: Counter[tuple[Any, ...]] = Counter()
        self.casussen = 0

    def tel(self, f: CasusFeiten) -> None:
        if f.gemeente is None or f.gemeente not in self.subregios:
            return
        self.casussen += 1
        g = f.gemeente
        for t in f.termijnen:
            if t.uiterlijk >= self.peildatum:
                continue  # not yet due
            sleutel = (maand(t.uiterlijk), g, t.partij, t.code)
            self.termijnen[(*sleutel, "vervallen")] += 1
            if t.voldaan_op is None or t.voldaan_op > self.peildatum:
                self.termijnen[(*sleutel, "verlopen")] += 1
            elif t.voldaan_op <= t.uiterlijk:
                self.termijnen[(*sleutel, "op_tijd")] += 1
            else:
                self.termijnen[(*sleutel, "te_laat")] += 1
        for d in f.doorlooptijden:
            if d.tot <= self.peildatum:
                self.doorloop[(maand(d.tot), g, d.stap, d.dagen)] += 1
        if f.melding_op is not None and f.melding_op <= self.peildatum:
            self.instroom[(maand(f.melding_op), g, f.bron, f.besluit)] += 1
        for op, naar in f.opschalingen:
            self.gebeurtenissen[(maand(op), g, f"opschaling:{naar}")] += 1
        for op, _partij in f.niet_nakomen:
            self.gebeurtenissen[(maand(op), g, "niet_nakomen")] += 1
        if f.hermelding_op is not None:
            self.gebeurtenissen[(maand(f.hermelding_op), g, "hermelding")] += 1

    def opslaan(self, ververst_op: datetime) -> None:
        sub = self.subregios
        termijnen: dict[tuple[Any, ...], TermijnCijfer] = {}
        for (m, g, partij, code, maat), n in self.termijnen.items():
            rij = termijnen.get((m, g, partij, code))
            if rij is None:
                rij = termijnen[(m, g, partij, code)] = TermijnCijfer(
                    maand=m, gemeente=g, subregio=sub[g], partij=partij, code=code
                )
            setattr(rij, maat, n)
        with transaction.atomic():
            for model in (Stand, TermijnCijfer, DoorlooptijdCijfer, InstroomCijfer):
                model.objects.all().delete()
            GebeurtenisCijfer.objects.all().delete()
            TermijnCijfer.objects.bulk_create(termijnen.values(), batch_size=5000)
            DoorlooptijdCijfer.objects.bulk_create(
                (
                    DoorlooptijdCijfer(
                        maand=m, gemeente=g, subregio=sub[g], stap=s, dagen=d, aantal=n
                    )
                    for (m, g, s, d), n in self.doorloop.items()
                ),
                batch_size=5000,
            )
            InstroomCijfer.objects.bulk_create(
                (
                    InstroomCijfer(
                        maand=m, gemeente=g, subregio=sub[g], bron=b, besluit=bs, aantal=n
                    )
                    for (m, g, b, bs), n in self.instroom.items()
                ),
                batch_size=5000,
            )
            GebeurtenisCijfer.objects.bulk_create(
                (
                    GebeurtenisCijfer(maand=m, gemeente=g, subregio=sub[g], soort=s, aantal=n)
                    for (m, g, s), n in self.gebeurtenissen.items()
                ),
                batch_size=5000,
            )
            Stand.objects.create(
                ververst_op=ververst_op, peildatum=self.peildatum, casussen=self.casussen
            )


def ververs(nu: datetime) -> int:
    """Recompute every regie table as of `nu`; returns the number of cases counted."""
    from zicht.regie.feiten import dag

    peildatum = dag(nu)
    assert peildatum is not None
    tellers = Tellers(peildatum, subregio_per_gemeente())
    for toestand, gebeurtenissen in _casussen():
        tellers.tel(feiten(toestand, gebeurtenissen))
    tellers.opslaan(nu)
    from zicht.regie.cijfers import Gebieden
    from zicht.regie.voorraad import voorbereken

    voorbereken(Gebieden(tellers.subregios), Stand.objects.get())
    return tellers.casussen
