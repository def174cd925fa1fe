"""Facade of the pure core: read events, compute a case's state at a moment.

Everything outside the core (CLI, event store, web, API) goes through these functions, so every
rule has one implementation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from zicht.core.afspraken import Afspraken, AfsprakenFout, afspraken_van, laad_afspraken
from zicht.core.casus import (
    KLOKTOLERANTIE,
    Afwijzing,
    Casus,
    controleer_tijdstip,
    evolve,
    evolve_ter_plaatse,
    fold,
)
from zicht.core.gebeurtenissen import Gebeurtenis, InvoerFout, lees_moment, lees_opgeslagen
from zicht.core.gebeurtenissen import lees_gebeurtenis as _lees
from zicht.core.toestand import toestand

__all__ = [
    "Afspraken",
    "AfsprakenFout",
    "afspraken_van",
    "Afwijzing",
    "Casus",
    "KLOKTOLERANTIE",
    "Gebeurtenis",
    "InvoerFout",
    "bereken",
    "bereken_toestand",
    "controleer_tijdstip",
    "evolve",
    "evolve_ter_plaatse",
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


def bereken(
    gebeurtenissen: Sequence[Gebeurtenis], op: datetime, afspraken: Afspraken | None = None
) -> Casus:
    """The folded case at `op`: events in the order they happened, later ones ignored.

    Pass the events in the order they were recorded (a store's `seq`, a scenario's list): that
    order breaks ties between equal moments and numbers the events for `gebeurtenis_ingetrokken`.
    Raises Afwijzing.
    """
    return fold(gebeurtenissen, op, afspraken or _standaard())


def bereken_toestand(
    gebeurtenissen: Sequence[Gebeurtenis], op: datetime, afspraken: Afspraken | None = None
) -> dict[str, Any]:
    """The SPEC §4 state at `op`; events after `op` are ignored. Raises Afwijzing."""
    return toestand(bereken(gebeurtenissen, op, afspraken), op)


def _standaard() -> Afspraken:
    return afspraken_van()
