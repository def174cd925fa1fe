"""Validate an append against the engine and derive the projections; shared by every store.

No Django here: the in-memory store and the Django store call the same functions, so both
accept and reject exactly the same events and project exactly the same state.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from zicht.core import engine
from zicht.store.contract import BewaardeGebeurtenis, NieuweGebeurtenis, Projector

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Terms a worklist shows: still to be met, whether or not the deadline has passed.
WERKLIJST_STATUSSEN = ("open", "verlopen")


@dataclass(frozen=True)
class Projectie:
    toestand: dict[str, Any]
    termijnen: list[dict[str, Any]]  # the state's terms with a status in WERKLIJST_STATUSSEN
    afspraakversie: str
    tekst: str  # `toestand` as JSON text, for the database: the state is encoded only once


@cache
def _afspraken(regio: str) -> Any:
    return engine.laad_afspraken(regio)


def engine_projector(
    gebeurtenissen: Sequence[NieuweGebeurtenis], op: datetime, regio: str
) -> dict[str, Any]:
    """The real projector: read the events, then fold. An event offered for appending is read
    as the engine reads scenario input, checked; one read back from the store (checked when it
    was appended) the trusted way, which gives the same values without the checks."""
    afspraken = _afspraken(regio)
    gelezen = [_lees(g, index, afspraken) for index, g in enumerate(gebeurtenissen)]
    return engine.bereken_toestand(gelezen, op, afspraken)


def engine_casus(
    gebeurtenissen: Sequence[NieuweGebeurtenis], op: datetime, regio: str
) -> engine.Casus:
    """The core's folded case at `op` (what `engine_projector` renders as the state)."""
    afspraken = _afspraken(regio)
    gelezen = [_lees(g, index, afspraken) for index, g in enumerate(gebeurtenissen)]
    return engine.bereken(gelezen, op, afspraken)


def _lees(g: NieuweGebeurtenis, index: int, afspraken: Any) -> engine.Gebeurtenis:
    if isinstance(g, BewaardeGebeurtenis):
        try:
            return engine.lees_opgeslagen(g.type, g.op, g.velden)
        except (KeyError, TypeError, ValueError):  # not what a stored event can be: check it
            pass
    return engine.lees_gebeurtenis(
        {**g.velden, "type": g.type, "op": g.op.astimezone(AMSTERDAM)}, index, afspraken
    )


def json_tekst(waarde: Any) -> str:
    """JSON text as the database stores it: dates as ISO strings, tuples as lists."""
    return json.dumps(waarde, default=datum_als_tekst, separators=(",", ":"), ensure_ascii=False)


def datum_als_tekst(x: Any) -> str:
    if isinstance(x, date | datetime):
        return x.isoformat()
    raise TypeError(f"Niet op te slaan als JSON: {x!r}")


def als_json(waarde: Any) -> Any:
    """What a JSON column gives back: dates as ISO strings, tuples as lists."""
    return json.loads(json_tekst(waarde))


def projecteer(
    gebeurtenissen: Sequence[NieuweGebeurtenis], nu: datetime, regio: str, projector: Projector
) -> Projectie:
    """The state at `nu` (or at the last event, if later: no event may be left out)."""
    op = max([nu, *(g.op for g in gebeurtenissen)]).astimezone(AMSTERDAM)
    tekst = json_tekst(projector(gebeurtenissen, op, regio))
    toestand = json.loads(tekst)
    termijnen = [
        {
            "code": t.get("code", ""),
            "partij": t.get("partij", ""),
            "uiterlijk": t.get("uiterlijk"),
            "status": t.get("status", ""),
            "grond": t.get("grond") or "",
        }
        for t in toestand.get("termijnen", [])
        if t.get("status") in WERKLIJST_STATUSSEN
    ]
    return Projectie(toestand, termijnen, afspraakversie(toestand.get("afspraakversie")), tekst)


def afspraakversie(versie: Any) -> str:
    """The agreement version a state was computed under, as one short string for the event row.

    The engine's `versie` when it names one; else region and annex with their `geldig_vanaf`,
    e.g. `zuid-limburg@2022-01-20+parkstad@2022-01-20`.
    """
    if not isinstance(versie, dict):
        return ""
    if versie.get("versie"):
        return str(versie["versie"])
    kenmerk = f"{versie.get('regio', '')}@{versie.get('geldig_vanaf', '')}"
    bijlage = versie.get("bijlage")
    if isinstance(bijlage, dict):
        kenmerk += f"+{bijlage.get('subregio', '')}@{bijlage.get('geldig_vanaf', '')}"
    return kenmerk


def valideer_en_projecteer(
    bestaande: Sequence[NieuweGebeurtenis],
    nieuwe: NieuweGebeurtenis,
    nu: datetime,
    regio: str,
    projector: Projector,
) -> tuple[NieuweGebeurtenis, Projectie]:
    """The event as it will be stored, and the projection after it.

    Raises whatever the projector raises (engine.Afwijzing, engine.InvoerFout): the caller then
    stores nothing. The engine sees the fields exactly as they will be read back later. A moment
    in the future (beyond the clock tolerance) is refused here, with `nu` as the recording time.
    """
    engine.controleer_tijdstip(nieuwe.op, nu, len(bestaande))
    # The store keeps its own recording moment (`recorded_at` = `nu`), not a `geregistreerd` field.
    velden = {k: v for k, v in nieuwe.velden.items() if k != "geregistreerd"}
    opgeslagen = replace(nieuwe, velden=als_json(velden))
    return opgeslagen, projecteer([*bestaande, opgeslagen], nu, regio, projector)
