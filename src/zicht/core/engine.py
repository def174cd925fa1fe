"""Facade of the pure core: read events, compute a case's state at a moment.

Everything outside the core (CLI, event store, web, API) goes through these functions, so every
rule has one implementation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from zicht.core.afspraken import Afspraken, AfsprakenFout, afspraken_van, laad_afspraken
from zicht.core.casus import Afwijzing, Casus, evolve, fold
from zicht.core.gebeurtenissen import Gebeurtenis, InvoerFout, lees_moment, lees_opgeslagen
from zicht.core.gebeurtenissen import lees_gebeurtenis as _lees
from zicht.core.toestand import toestand

__all__ = [
    "Afspraken",
    "AfsprakenFout",
    "afspraken_van",
    "Afwijzing",
    "Casus",
    "Gebeurtenis",
    "InvoerFout",
    "bereken_toestand",
    "controleer_volgorde",
    "evolve",
    "fold",
    "laad_afspraken",
    "lees_gebeurtenis",
    "lees_moment",
    "lees_opgeslagen",
]


def lees_gebeurtenis(
    raw: Mapping[str, Any],
    index: int,
    afspraken: Afspraken | None = None,
) -> Gebeurtenis:
    """Check one raw event (`{"op": ..., "type": ..., **fields}`); InvoerFout when unreadable."""
    afspraken = afspraken or _standaard()
    gebeurtenis = _lees(raw, index, afspraken.bekende_gemeenten())
    if afspraken.versie_op(gebeurtenis.op.date()) is None:
        eerste = afspraken.versies[0].geldig_vanaf
        raise InvoerFout(
            f"geen afspraken van regio {afspraken.regio} geldig op {gebeurtenis.op.date()} "
            f"(de eerste versie geldt vanaf {eerste})",
            index,
            "op",
        )
    return gebeurtenis


def controleer_volgorde(gebeurtenissen: Sequence[Gebeurtenis]) -> None:
    """Events must be in time order (equal moments keep their order)."""
    for i in range(1, len(gebeurtenissen)):
        if gebeurtenissen[i].op < gebeurtenissen[i - 1].op:
            vorige = gebeurtenissen[i - 1].op.strftime("%Y-%m-%d %H:%M")
            raise InvoerFout(
                f"ligt vóór de vorige gebeurtenis ({vorige}); gebeurtenissen "
                "staan in tijdsvolgorde",
                i,
                "op",
            )


def bereken_toestand(
    gebeurtenissen: Sequence[Gebeurtenis], op: datetime, afspraken: Afspraken | None = None
) -> dict[str, Any]:
    """The SPEC §4 state at `op`; events after `op` are ignored. Raises Afwijzing."""
    controleer_volgorde(gebeurtenissen)
    casus = fold(gebeurtenissen, op, afspraken or _standaard())
    return toestand(casus, op)


def _standaard() -> Afspraken:
    return afspraken_van()
