"""The computed dashboard tables, kept: in memory per process and in the database, so the first
look after a refresh need not compute them. The refresh fills the default view of every scope
(each gemeente and the whole region)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from zicht.regie import cijfers, grafieken
from zicht.regie.cijfers import Bereik, Gebieden, Keuze, Tabel
from zicht.regie.models import BerekendeTabellen, Stand

_GEHEUGEN: dict[str, list[Tabel]] = {}
_MAX = 256


def sleutel(keuze: Keuze, bereik: Bereik, stand: Stand | None) -> str:
    tekst = "|".join(
        [
            keuze.van.isoformat(),
            keuze.tot.isoformat(),
            keuze.gebied,
            keuze.partij,
            ",".join(sorted(bereik.gebieden)),
            stand.ververst_op.isoformat() if stand else "-",
        ]
    )
    return hashlib.sha256(tekst.encode()).hexdigest()


def tabellen(g: Gebieden, keuze: Keuze, bereik: Bereik, stand: Stand | None) -> list[Tabel]:
    s = sleutel(keuze, bereik, stand)
    if s in _GEHEUGEN:
        return _GEHEUGEN[s]
    rij = BerekendeTabellen.objects.filter(sleutel=s).first()
    if rij is not None:
        berekend = [Tabel(**t) for t in rij.inhoud]
    else:
        berekend = cijfers.alle_tabellen(g, keuze, bereik)
        grafieken.teken(berekend)
        try:
            with transaction.atomic():
                BerekendeTabellen.objects.create(sleutel=s, inhoud=[_json(t) for t in berekend])
        except IntegrityError:
            pass  # another request stored the same
    if len(_GEHEUGEN) >= _MAX:
        _GEHEUGEN.pop(next(iter(_GEHEUGEN)))
    _GEHEUGEN[s] = berekend
    return berekend


def _json(t: Tabel) -> dict[str, Any]:
    uit = asdict(t)
    uit["rijen"] = [[label, cellen] for label, cellen in t.rijen]
    return uit


def standaardperiode(vandaag: date) -> tuple[date, date]:
    """The last twelve whole months."""
    tot = date(vandaag.year - (vandaag.month == 1), (vandaag.month - 2) % 12 + 1, 1)
    van = date(tot.year - 1 + (tot.month == 12), tot.month % 12 + 1, 1)
    return van, tot


def voorbereken(g: Gebieden, stand: Stand) -> int:
    """The default view of every scope: a gemeente's own page, and the region's."""
    BerekendeTabellen.objects.all().delete()
    _GEHEUGEN.clear()
    van, tot = standaardperiode(stand.peildatum)
    n = 0
    for gemeente in g.gemeenten():
        tabellen(g, Keuze(van, tot, f"gemeente:{gemeente}"), Bereik.gemeente(g, gemeente), stand)
        n += 1
    tabellen(g, Keuze(van, tot, cijfers.REGIO), Bereik.alles(g), stand)
    return n + 1
