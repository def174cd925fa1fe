"""Facts per case for regie: what happened when, without any personal data. Pure Python.

From a case's state (the engine's SPEC §4 output, as projected) and its events, this takes:
the gemeente, the melding's date, source and triage decision, the lead times between the
lifecycle's steps, escalations, a re-melding, and every dated term with its deadline and the
day it was met. Dates are Europe/Amsterdam calendar days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from zicht.core.kalender import AMSTERDAM
from zicht.core.termijn import plus_maanden

# The lead times of the dashboard, each from one step to the next (first occurrence of each).
STAPPEN = {
    "melding_beoordeling": "Melding → veiligheidsbeoordeling",
    "beoordeling_overdracht": "Veiligheidsbeoordeling → overdracht",
    "overdracht_acceptatie": "Overdracht → acceptatie",
    "overdracht_contact": "Overdracht → eerste contact",
    "overdracht_plan": "Overdracht → plan",
    "overdracht_stabiel": "Overdracht → stabiele veiligheid",
}
_VAN_NAAR = {
    "melding_beoordeling": ("melding_ontvangen", "veiligheidsbeoordeling_afgerond"),
    "beoordeling_overdracht": ("veiligheidsbeoordeling_afgerond", "overdracht"),
    "overdracht_acceptatie": ("overdracht", "overdracht_geaccepteerd"),
    "overdracht_contact": ("overdracht", "contact_gestart"),
    "overdracht_plan": ("overdracht", "plan_vastgesteld"),
    "overdracht_stabiel": ("overdracht", "stabiele_veiligheid_vastgesteld"),
}


@dataclass(frozen=True)
class TermijnFeit:
    code: str
    partij: str
    uiterlijk: date
    voldaan_op: date | None


@dataclass(frozen=True)
class Doorlooptijd:
    stap: str
    tot: date  # the lead time counts in the month it ended
    dagen: int


@dataclass
class CasusFeiten:
    gemeente: str | None = None
    melding_op: date | None = None
    bron: str = ""
    besluit: str = ""
    doorlooptijden: list[Doorlooptijd] = field(default_factory=list)
    opschalingen: list[tuple[date, str]] = field(default_factory=list)
    niet_nakomen: list[tuple[date, str]] = field(default_factory=list)  # (day, party reported)
    hermelding_op: date | None = None
    termijnen: list[TermijnFeit] = field(default_factory=list)


_DAGEN: dict[str, date] = {}


def dag(m: datetime | date | str | None) -> date | None:
    if m is None:
        return None
    if type(m) is date:
        return m  # already the Amsterdam calendar day (the refresh asks the database for it)
    if isinstance(m, str):
        # Moments in the states repeat (whole minutes): each text is parsed once.
        d = _DAGEN.get(m)
        if d is None:
            d = dag(datetime.fromisoformat(m))
            assert d is not None
            if len(_DAGEN) < 200_000:
                _DAGEN[m] = d
        return d
    if isinstance(m, date) and not isinstance(m, datetime):
        return m
    if m.tzinfo is None:
        m = m.replace(tzinfo=AMSTERDAM)
    return m.astimezone(AMSTERDAM).date()


def feiten(
    toestand: Mapping[str, Any],
    gebeurtenissen: Iterable[tuple[str, datetime | date, Mapping[str, Any]]],
) -> CasusFeiten:
    """The facts of one case from its state and its events `(type, op, fields)` in order (`op`
    a moment, or already its Amsterdam day; `fields` need only the ones read here)."""
    uit = CasusFeiten()
    gemeenten = toestand.get("gemeenten") or []
    uit.gemeente = gemeenten[0] if gemeenten else None
    eerste: dict[str, date] = {}
    for soort, op, velden in gebeurtenissen:
        d = op if type(op) is date else dag(op)  # a day already: the refresh's own reading
        assert d is not None
        if soort not in eerste:
            eerste[soort] = d
        if soort == "melding_ontvangen" and uit.melding_op is None:
            uit.melding_op, uit.bron = d, str(velden.get("bron", ""))
            if uit.gemeente is None and velden.get("gemeenten"):
                uit.gemeente = str(velden["gemeenten"][0])
        elif soort == "veiligheidsbeoordeling_afgerond" and not uit.besluit:
            uit.besluit = str(velden.get("besluit", ""))
        elif soort == "opgeschaald":
            uit.opschalingen.append((d, str(velden.get("naar", ""))))
        elif soort == "niet_nakomen_gemeld":
            uit.niet_nakomen.append((d, str(velden.get("partij", ""))))
        elif (
            soort == "casusregie_afgesloten"
            and velden.get("reden") == "gemeld_bij_veilig_thuis"
            and "overdracht" in eerste
            and d <= plus_maanden(eerste["overdracht"], 12)
        ):
            uit.hermelding_op = d
    if "overdracht_geaccepteerd" not in eerste and "ontvangst_bevestigd" in eerste:
        eerste["overdracht_geaccepteerd"] = eerste["ontvangst_bevestigd"]
    for stap, (van, naar) in _VAN_NAAR.items():
        if van in eerste and naar in eerste and eerste[naar] >= eerste[van]:
            uit.doorlooptijden.append(
                Doorlooptijd(stap, eerste[naar], (eerste[naar] - eerste[van]).days)
            )
    for t in toestand.get("termijnen", []):
        if t.get("status") == "vervallen" or not t.get("uiterlijk"):
            continue
        uit.termijnen.append(
            TermijnFeit(
                code=str(t["code"]),
                partij=str(t["partij"]),
                uiterlijk=date.fromisoformat(t["uiterlijk"]),
                voldaan_op=dag(t.get("voldaan_op")),
            )
        )
    return uit
