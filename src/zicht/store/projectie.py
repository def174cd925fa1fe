"""Validate an append against the engine and derive the projections; shared by every store.

No Django here: the in-memory store and the Django store call the same functions, so both
accept and reject exactly the same events and project exactly the same state.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import orjson

from zicht.core import engine
from zicht.core.casus import INTREKKEN
from zicht.core.toestand import toestand as toestand_op
from zicht.store.contract import Casusstand, NieuweGebeurtenis, OpgeslagenGebeurtenis, Projector

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Terms a worklist shows: still to be met, whether or not the deadline has passed.
WERKLIJST_STATUSSEN = ("open", "verlopen")


@dataclass(frozen=True)
class Projectie:
    toestand: dict[str, Any]
    termijnen: list[dict[str, Any]]  # the state's terms with a status in WERKLIJST_STATUSSEN
    afspraakversie: str
    tekst: str  # `toestand` as JSON text, for the database: the state is encoded only once

    @property
    def herzien_op(self) -> str | None:
        """When time alone changes this state (ISO text), for the sweep's index; None: never."""
        waarde = self.toestand.get("herzien_op")
        return str(waarde) if waarde else None


def afspraken(regio: str) -> engine.Afspraken:
    """The agreement of a region through the one cached loader (`afspraken_van`): the files plus
    the versions and decree days the shell registered (zicht.beheer, from the database)."""
    return engine.afspraken_van(regio)


def engine_projector(
    gebeurtenissen: Sequence[NieuweGebeurtenis], op: datetime, regio: str
) -> dict[str, Any]:
    """The real projector: read the events, then fold. An event offered for appending is read
    as the engine reads scenario input, checked; one read back from the store (checked when it
    was appended) the trusted way, which gives the same values without the checks."""
    overeenkomst = afspraken(regio)
    gelezen = [_lees(g, index, overeenkomst) for index, g in enumerate(gebeurtenissen)]
    return engine.bereken_toestand(gelezen, op, overeenkomst)


def engine_casus(
    gebeurtenissen: Sequence[NieuweGebeurtenis], op: datetime, regio: str
) -> engine.Casus:
    """The core's folded case at `op` (what `engine_projector` renders as the state)."""
    overeenkomst = afspraken(regio)
    gelezen = [_lees(g, index, overeenkomst) for index, g in enumerate(gebeurtenissen)]
    return engine.bereken(gelezen, op, overeenkomst)


def _lees(g: NieuweGebeurtenis, index: int, afspraken: Any) -> engine.Gebeurtenis:
    if isinstance(g, OpgeslagenGebeurtenis):
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


def snelle_json_tekst(waarde: Any) -> str:
    """`json_tekst` by orjson, several times faster (a state: ~13 instead of ~97 µs): the same
    JSON value. What orjson does not take (an integer beyond 64 bits, a key that is not a
    string) goes the slow way."""
    try:
        return orjson.dumps(waarde, default=datum_als_tekst).decode()
    except TypeError:
        return json_tekst(waarde)


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
    return _projectie(projector(gebeurtenissen, op, regio))


def _projectie(berekend: dict[str, Any]) -> Projectie:
    try:
        tekst = orjson.dumps(berekend, default=datum_als_tekst).decode()
        toestand = orjson.loads(tekst)  # exact: orjson wrote no integer beyond 64 bits
    except TypeError:  # it would not write one: both ways slow (orjson reads one as a float)
        tekst = json_tekst(berekend)
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


class Vouw:
    """A case folded once: its events read and applied, time brought up to the last of them.

    The state at any later moment (`projectie`) and the state after one more event (`met`)
    follow from it without folding the case again: time only moves forward in a fold
    (`Casus.tijd_tot`), so folding up to the last event and then to `nu` is folding up to `nu`.
    The same result as `projecteer` with the engine's projector, for one fold per request.
    A late event (before the last one that happened) or a void changes the history itself:
    then `met` folds the case anew, in the order things happened.
    """

    def __init__(self, gebeurtenissen: Sequence[NieuweGebeurtenis], regio: str) -> None:
        self.gebeurtenissen = list(gebeurtenissen)
        self.regio = regio
        self.afspraken = afspraken(regio)
        self._gelezen = [_lees(g, i, self.afspraken) for i, g in enumerate(gebeurtenissen)]
        self.laatste: datetime | None = None
        if self._gelezen:
            self.laatste = max(g.op for g in self._gelezen)
        self._casus: engine.Casus | None = None
        self._bij: tuple[datetime, engine.Casus] | None = None  # the last `casus_op`

    @property
    def casus(self) -> engine.Casus:
        """The case folded up to its last event; folded again if `met` used it up."""
        if self._casus is None:
            if self.laatste is None:
                self._casus = engine.Casus(self.afspraken)
            else:
                self._casus = engine.fold(self._gelezen, self.laatste, self.afspraken)
        return self._casus

    def _op(self, nu: datetime) -> datetime:
        return max([nu, *(g.op for g in self.gebeurtenissen)]).astimezone(AMSTERDAM)

    def casus_op(self, nu: datetime) -> engine.Casus:
        """The folded case at `nu` (or at the last event, if later): what the step rules read.

        Read it, do not change it: asked again for the same moment (the case page asks for the
        state and for the steps) it is the same object, so a request copies the case once."""
        op = self._op(nu)
        if self._bij is not None and self._bij[0] == op:
            return self._bij[1]
        casus = self._kopie(self.casus)
        casus.tijd_tot(op)
        self._bij = (op, casus)
        return casus

    def projectie(self, nu: datetime) -> Projectie:
        """The state at `nu` (or at the last event, if later), as `projecteer` gives it."""
        return _projectie(toestand_op(self.casus_op(nu), self._op(nu)))

    def met(self, nieuwe: NieuweGebeurtenis, nu: datetime) -> tuple[NieuweGebeurtenis, Projectie]:
        """`valideer_en_projecteer` on this fold: the event as it will be stored and the state
        after it. Raises engine.InvoerFout or engine.Afwijzing: then nothing is stored."""
        index = len(self._gelezen)
        # The store keeps its own recording moment (`recorded_at` = `nu`), not a `geregistreerd`.
        velden = {k: v for k, v in nieuwe.velden.items() if k != "geregistreerd"}
        opgeslagen = replace(nieuwe, velden=als_json(velden))
        gelezen = _lees(opgeslagen, index, self.afspraken)  # unreadable input first, then time
        engine.controleer_tijdstip(gelezen.op, nu, index)
        op = max([nu, *(g.op for g in self.gebeurtenissen), opgeslagen.op]).astimezone(AMSTERDAM)
        laat = self.laatste is not None and gelezen.op < self.laatste
        if laat or gelezen.type == INTREKKEN:
            casus = engine.bereken([*self._gelezen, gelezen], op, self.afspraken)
        else:
            # The fold itself becomes the state after the event, without a copy (a copy of a
            # long case cost more than the event): this fold is used up and made again on the
            # next use, which an append does not have. The read events stay as they were.
            casus, self._casus = self.casus, None
            try:
                engine.evolve_ter_plaatse(casus, gelezen)
            except engine.Afwijzing as afwijzing:
                afwijzing.index = index
                raise
            casus.tijd_tot(op)
        return opgeslagen, _projectie(toestand_op(casus, op))

    @staticmethod
    def _kopie(casus: engine.Casus) -> engine.Casus:
        gedeeld = {id(casus.afspraken): casus.afspraken, id(casus.regels): casus.regels}
        return copy.deepcopy(casus, gedeeld)


def vouw_van(stand: Casusstand) -> Vouw:
    """The stand's fold, made on first use and kept with it."""
    if not isinstance(stand.vouw, Vouw):
        stand.vouw = Vouw(stand.gebeurtenissen, stand.regio)
    return stand.vouw
