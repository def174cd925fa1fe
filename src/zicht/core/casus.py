"""The case: the fold from events to state, with the zicht-op-veiligheid ledger and the terms.

`fold(gebeurtenissen, tot, afspraken)` replays a case's events up to a moment. Each event is
checked against the rules in force on its date; a breach raises `Afwijzing` and nothing of that
event is applied. Time itself moves the case too: an overrun triage term makes Veilig Thuis the
holder of zicht op veiligheid (Bijlage 1), so time is advanced before every event.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache
from typing import Any

from zicht.core import partijen as p
from zicht.core.afspraken import Afspraken, Regels
from zicht.core.gebeurtenissen import Gebeurtenis
from zicht.core.termijn import plus_maanden, verlopen_vanaf


class Afwijzing(Exception):
    """An event that breaks a rule of the agreement (exit code 3)."""

    def __init__(
        self,
        code: str,
        tekst: str,
        grond: str | None = None,
        ontbreekt: Sequence[str] = (),
        index: int | None = None,
    ) -> None:
        super().__init__(tekst)
        self.code, self.tekst, self.grond = code, tekst, grond
        self.ontbreekt, self.index = list(ontbreekt), index

    def als_json(self) -> dict[str, Any]:
        fout: dict[str, Any] = {"gebeurtenis": self.index, "code": self.code, "tekst": self.tekst}
        if self.ontbreekt:
            fout["ontbreekt"] = self.ontbreekt
        if self.grond:
            fout["grond"] = self.grond
        return {"fout": fout}


class TermijnStatus(StrEnum):
    """Where a started term stands at a moment (`Termijn.status`)."""

    OPEN = "open"
    VERLOPEN = "verlopen"
    VOLDAAN = "voldaan"
    TE_LAAT_VOLDAAN = "te_laat_voldaan"
    VERVALLEN = "vervallen"


@dataclass(slots=True)
class Termijn:
    """A term that has started: what is owed, by whom, by when, and on what ground."""

    code: str
    partij: str
    grond: str
    gestart_op: datetime
    uiterlijk: date | None
    signaal_vanaf: datetime | None = None  # undated tasks become a signal from this moment
    venster_van: date | None = None  # monitoring: a contact counts from this day
    voldaan_op: datetime | None = None
    vervallen_op: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def loopt(self) -> bool:
        return self.voldaan_op is None and self.vervallen_op is None

    def status(self, op: datetime) -> TermijnStatus:
        if self.vervallen_op is not None:
            return TermijnStatus.VERVALLEN
        if self.voldaan_op is not None:
            if self.uiterlijk is None or self.voldaan_op.date() <= self.uiterlijk:
                return TermijnStatus.VOLDAAN
            return TermijnStatus.TE_LAAT_VOLDAAN
        if self.uiterlijk is not None and op >= verlopen_vanaf(self.uiterlijk):
            return TermijnStatus.VERLOPEN
        return TermijnStatus.OPEN


@dataclass(slots=True)
class Overdracht:
    moment: str
    naar: list[str]
    op: datetime
    wijze: str | None
    informatie: list[str]
    bij_triagetafel: bool
    geaccepteerd: dict[str, datetime] = field(default_factory=dict)
    teruggewezen: dict[str, datetime] = field(default_factory=dict)
    vervangen_op: datetime | None = None  # redone before everyone accepted: this attempt lapsed


@dataclass(slots=True)
class Casus:
    """A case's state after some events; `tijd` is the moment it has been brought up to."""

    afspraken: Afspraken
    tijd: datetime | None = None
    gemeenten: list[str] = field(default_factory=list)
    melding: dict[str, Any] = field(default_factory=dict)
    melding_op: datetime | None = None
    regels: Regels | None = None
    triage: dict[str, Any] | None = None
    dienst: dict[str, Any] | None = None
    overdrachten: list[Overdracht] = field(default_factory=list)
    zicht: list[tuple[str, datetime]] = field(default_factory=list)
    historie: list[dict[str, Any]] = field(default_factory=list)
    zicht_einde: str | None = None  # why nobody holds zicht any more, when it ended legitimately
    casusregie: tuple[str, datetime] | None = None
    casusregie_afgesloten: dict[str, Any] | None = None
    procescoordinatie: tuple[list[str], datetime] | None = None
    procesregie: tuple[str, datetime] | None = None
    monitoring: dict[str, Any] = field(default_factory=lambda: {"actief": False, "sinds": None})
    monitoringscontacten: list[dict[str, Any]] = field(default_factory=list)
    # Bijlage 2: who Veilig Thuis spoke to in the current monitoring (every contact once it
    # closed), kept up with each contact (regels.gesproken_sinds).
    gesproken: set[str] = field(default_factory=set)
    samen_optrekken: list[dict[str, Any]] = field(default_factory=list)  # §2k during a service
    termijnen: list[Termijn] = field(default_factory=list)  # grows only by `start_termijn`
    # The same terms by code, in the same order: the rules ask for terms of one code after
    # nearly every event (`termijnen_met`).
    _per_code: dict[str, list[Termijn]] = field(default_factory=dict, repr=False, compare=False)
    geinformeerd: set[str] = field(default_factory=set)
    geinformeerd_door_vt: set[str] = field(default_factory=set)  # WA 5: informed by VT itself
    geinformeerd_door: dict[str, set[str]] = field(default_factory=dict)  # party -> persons
    informeren_afspraken: list[dict[str, Any]] = field(default_factory=list)  # §5.1.2
    laatste_incident: datetime | None = None
    evaluatie: dict[str, bool] = field(
        default_factory=lambda: {"risicofactoren_aangepakt": False, "herstel_gestart": False}
    )
    stabiliteitsperiode: int | None = None
    stabiel_op: datetime | None = None
    opschalingen: list[dict[str, Any]] = field(default_factory=list)
    opschaling_nodig_sinds: datetime | None = None
    crisisdienst_op: datetime | None = None
    brief_verstuurd_op: datetime | None = None  # §5.1: the letter may precede the hand-over
    dossier_gesloten_op: datetime | None = None
    gebeurtenissen: int = 0
    afgesloten: dict[str, Any] | None = None  # {reden, sinds} while the whole case is closed
    heropend: list[dict[str, Any]] = field(default_factory=list)
    correcties: list[dict[str, Any]] = field(default_factory=list)
    teruggewezen: list[dict[str, Any]] = field(default_factory=list)
    nieuwe_meldingen: list[dict[str, Any]] = field(default_factory=list)
    spoedeisend_sinds: datetime | None = None
    leidinggevende_geinformeerd_op: datetime | None = None
    huisbezoeken: list[dict[str, Any]] = field(default_factory=list)
    raadplegingen: list[dict[str, Any]] = field(default_factory=list)
    verwijsindex: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for t in self.termijnen:  # a case made with terms (not by a fold) is indexed too
            self._per_code.setdefault(t.code, []).append(t)

    # ---- derived facts -------------------------------------------------------------------

    @property
    def r(self) -> Regels:
        assert self.regels is not None
        return self.regels

    @property
    def anoniem(self) -> bool:
        return self.melding.get("bron") == "anoniem"

    @property
    def houders(self) -> list[str]:
        return [partij for partij, _ in self.zicht]

    @property
    def triagetafel_actief(self) -> bool:
        return bool(self.r("triagetafel.actief"))

    def termijnen_met(self, code: str, partij: str | None = None) -> Sequence[Termijn]:
        """The terms of `code` (of `partij`), oldest first: read-only, and not to be iterated
        while a term of the same code starts (the fold asks this after nearly every event, so
        without `partij` it hands out its own index, not a copy)."""
        termijnen = self._per_code.get(code, ())
        if partij is None:
            return termijnen
        return [t for t in termijnen if t.partij == partij]

    def stabiliteit_ontbreekt(self, op: datetime, vroegst: date | None = None) -> list[str]:
        """What keeps stable safety (§6.1) from being reached at `op`; empty when it holds.
        `vroegst`: `vroegst_stabiel()`, when the caller has it already."""
        ontbreekt = []
        if op.date() < (vroegst or self.vroegst_stabiel()):
            ontbreekt.append("incidentvrije_periode")
        if not self.evaluatie["risicofactoren_aangepakt"]:
            ontbreekt.append("risicofactoren_aangepakt")
        if not self.evaluatie["herstel_gestart"]:
            ontbreekt.append("herstel_gestart")
        return ontbreekt

    def incidentvrij_sinds(self) -> datetime:
        sinds = self.laatste_incident or self.melding_op
        assert sinds is not None
        return sinds

    def vroegst_stabiel(self) -> date:
        return plus_maanden(self.incidentvrij_sinds().date(), self.stabiliteitsmaanden())

    def stabiliteitsmaanden(self) -> int:
        """§6.1's six months; a plan may agree a longer period (§6.3), never a shorter one."""
        minimaal = self.r.termijn("stabiele_veiligheid.periode").n
        return max(minimaal, self.stabiliteitsperiode or 0)

    # ---- the ledger: who holds zicht op veiligheid -------------------------------------------

    def draag_zicht_over(self, naar: Sequence[str], op: datetime) -> None:
        """One atomic transfer: the old holders end and the new ones start at the same moment."""
        blijvers = [h for h in self.zicht if h[0] in naar]
        for partij, _ in self.zicht:
            if partij not in naar:
                self._sluit_historie(partij, op)
        nieuw = [(partij, op) for partij in naar if partij not in dict(blijvers)]
        for partij, sinds in nieuw:
            self.historie.append({"partij": partij, "van": sinds, "tot": None})
        self.zicht = blijvers + nieuw
        self.zicht_einde = None

    def beeindig_zicht(self, op: datetime, reden: str) -> None:
        for partij, _ in self.zicht:
            self._sluit_historie(partij, op)
        self.zicht = []
        self.zicht_einde = reden

    def _sluit_historie(self, partij: str, op: datetime) -> None:
        for rij in reversed(self.historie):
            if rij["partij"] == partij and rij["tot"] is None:
                rij["tot"] = op
                return

    # ---- terms ---------------------------------------------------------------------------

    def start_termijn(
        self, code: str, partij: str, grond: str, op: datetime, uiterlijk: date | None, **extra: Any
    ) -> Termijn:
        termijn = Termijn(code, partij, grond, op, uiterlijk, **extra)
        self.termijnen.append(termijn)
        self._per_code.setdefault(code, []).append(termijn)
        return termijn

    def voldoe(self, termijnen: Sequence[Termijn], op: datetime) -> None:
        for t in termijnen:
            if t.loopt:
                t.voldaan_op = op

    def vervallen(self, termijnen: Sequence[Termijn], op: datetime) -> None:
        for t in termijnen:
            if t.loopt:
                t.vervallen_op = op

    # ---- time ------------------------------------------------------------------------------

    def tijd_tot(self, op: datetime) -> None:
        """Let time pass until `op`: an overrun triage term gives Veilig Thuis zicht (Bijlage 1)."""
        if self.melding_op is not None and not self.zicht and self.zicht_einde is None:
            for t in self.termijnen_met("veiligheidsbeoordeling"):
                if t.loopt and t.uiterlijk is not None and op >= verlopen_vanaf(t.uiterlijk):
                    self.draag_zicht_over([p.VEILIG_THUIS], verlopen_vanaf(t.uiterlijk))
        self.tijd = op


# A recorded moment may lie this far ahead of the clock that recorded it (clocks drift).
KLOKTOLERANTIE = timedelta(minutes=5)
INTREKKEN = "gebeurtenis_ingetrokken"


def controleer_tijdstip(op: datetime, nu: datetime, index: int | None = None) -> None:
    """Refuse a moment in the future: what has not happened cannot be recorded."""
    if op > nu + KLOKTOLERANTIE:
        raise Afwijzing(
            "moment_in_de_toekomst",
            f"Het moment ({op.strftime('%d-%m-%Y %H:%M')}) ligt in de toekomst: leg vast wat "
            "gebeurd is, niet wat gaat gebeuren.",
            None,
            index=index,
        )


def volgorde(
    gebeurtenissen: Sequence[Gebeurtenis], tot: datetime
) -> list[tuple[datetime, int, Gebeurtenis]]:
    """The events up to `tot` in the order they happened: (moment, recording index, event).

    Equal moments keep their recording order. An event voided by a later `gebeurtenis_ingetrokken`
    (itself up to `tot`) is left out; the voiding event stays, as a recorded fact.
    """
    ingetrokken = _ingetrokken(gebeurtenissen, tot)
    geldig = [
        (g.op, i, g)
        for i, g in enumerate(gebeurtenissen)
        if g.op <= tot and i + 1 not in ingetrokken
    ]
    geldig.sort()  # on (moment, index): the index is unique, so no two events are compared
    return geldig


def _ingetrokken(gebeurtenissen: Sequence[Gebeurtenis], tot: datetime) -> dict[int, int]:
    """Volgnummer (1-based recording position) of each voided event -> index of the void."""
    uit: dict[int, int] = {}
    for index, g in enumerate(gebeurtenissen):
        if g.type != INTREKKEN or g.op > tot:
            continue
        nummer = int(g.velden["volgnummer"])
        doel = gebeurtenissen[nummer - 1] if nummer <= index else None
        reden = None
        if doel is None:
            reden = "Er is geen eerder vastgelegde gebeurtenis met dit volgnummer."
        elif doel.type == INTREKKEN:
            reden = "Een intrekking wordt niet zelf ingetrokken; leg de gebeurtenis opnieuw vast."
        elif doel.type == "melding_ontvangen":
            reden = "De melding waarmee de casus begint kan niet worden ingetrokken."
        elif nummer in uit:
            reden = "Deze gebeurtenis is al ingetrokken."
        if reden:
            raise Afwijzing("intrekking_ongeldig", reden, None, index=index)
        uit[nummer] = index
    return uit


@cache
def _regels() -> Callable[[Casus, Gebeurtenis], None]:
    """`regels.pas_toe`: the rules per event type live in their own module, which imports this
    one; looked up once, not on every fold."""
    from zicht.core.regels import pas_toe

    return pas_toe


def fold(gebeurtenissen: Sequence[Gebeurtenis], tot: datetime, afspraken: Afspraken) -> Casus:
    """Replay the events up to `tot` (later events are ignored) and bring time up to `tot`.

    Events are replayed in the order they happened, whatever the order they were recorded in
    (late registration); a refusal names the event's recording index.
    """
    pas_toe = _regels()
    casus = Casus(afspraken)
    for _, index, g in volgorde(gebeurtenissen, tot):
        try:
            if g.geregistreerd is not None:
                controleer_tijdstip(g.op, g.geregistreerd)
            casus.tijd_tot(g.op)
            if g.type == INTREKKEN:
                _registreer_intrekking(casus, g, gebeurtenissen)
            else:
                pas_toe(casus, g)
        except Afwijzing as afwijzing:
            afwijzing.index = index
            raise
        casus.gebeurtenissen += 1
    casus.tijd_tot(tot)
    return casus


def _registreer_intrekking(casus: Casus, g: Gebeurtenis, alle: Sequence[Gebeurtenis]) -> None:
    doel = alle[int(g.velden["volgnummer"]) - 1]
    casus.correcties.append(
        {
            "volgnummer": g.velden["volgnummer"],
            "type": doel.type,
            "gebeurtenis_op": doel.op,
            "onderbouwing": g.velden["onderbouwing"],
            "op": g.op,
        }
    )


def evolve(casus: Casus, g: Gebeurtenis) -> Casus:
    """The pure step: a new case state with one more event (the given one is left untouched)."""
    gedeeld = {id(casus.afspraken): casus.afspraken, id(casus.regels): casus.regels}
    if g.type == INTREKKEN:
        raise ValueError("een intrekking verandert de historie: vouw opnieuw met fold()")
    return evolve_ter_plaatse(copy.deepcopy(casus, gedeeld), g)


def evolve_ter_plaatse(casus: Casus, g: Gebeurtenis) -> Casus:
    """`evolve` without the copy: `casus` itself becomes the state after `g` and is returned.

    For a caller that does not use the state before `g` again: copying a case of 200 events
    costs more than applying one event to it. After a refusal `casus` is left half-applied
    and must not be used."""
    pas_toe = _regels()
    if g.type == INTREKKEN:
        raise ValueError("een intrekking verandert de historie: vouw opnieuw met fold()")
    casus.tijd_tot(g.op)
    pas_toe(casus, g)
    casus.gebeurtenissen += 1
    return casus


__all__ = [
    "KLOKTOLERANTIE",
    "Afwijzing",
    "Casus",
    "Overdracht",
    "Termijn",
    "controleer_tijdstip",
    "evolve",
    "evolve_ter_plaatse",
    "fold",
    "volgorde",
]
