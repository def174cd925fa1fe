"""Helpers shared by the store tests: a fixed clock and a stand-in for the engine."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from zicht.core.engine import Afwijzing
from zicht.store.contract import EventStore, NieuweGebeurtenis

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=AMSTERDAM)
# InMemoryStore or DjangoStore: called with a projector, or without for the real engine
StoreFabriek = Callable[..., EventStore]


def moment(uren: float = 0) -> datetime:
    return T0 + timedelta(hours=uren)


def nep_projector(
    gebeurtenissen: Sequence[NieuweGebeurtenis], op: datetime, regio: str
) -> dict[str, Any]:
    """A stand-in for the engine: one term per event, rejects events of type `afgewezen`."""
    for index, g in enumerate(gebeurtenissen):
        if g.type == "afgewezen":
            raise Afwijzing("nep_afgewezen", "De nep-projector wijst dit af.", index=index)
    return {
        "op": op.isoformat(),
        "regio": regio,
        "types": [g.type for g in gebeurtenissen],
        "afspraakversie": {"versie": "nep-2026"},
        "termijnen": [
            {
                "code": f"termijn_{index}",
                "partij": g.velden.get("partij", "veilig_thuis"),
                "uiterlijk": g.velden.get("uiterlijk"),
                "status": g.velden.get("status", "open"),
                "voldaan_op": None,
                "grond": "§5.1.1",
            }
            for index, g in enumerate(gebeurtenissen)
        ],
    }


def gebeurtenis(
    type_: str = "melding_ontvangen", uren: float = 0, **velden: Any
) -> NieuweGebeurtenis:
    return NieuweGebeurtenis(type=type_, op=moment(uren), velden=velden)
