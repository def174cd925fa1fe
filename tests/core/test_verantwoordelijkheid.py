"""Property: once someone holds zicht op veiligheid, there is never a moment without a holder,
until it ends by stable safety or a closed file (Bijlage 1, §6.1)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from helpers import AFSPRAKEN, DIRECT, NA_DIENST
from hypothesis import given, settings
from hypothesis import strategies as st

from zicht.core import engine
from zicht.core.casus import Casus
from zicht.core.kalender import AMSTERDAM

LV = ["lokaal_veld:Heerlen", "lokaal_veld:Kerkrade"]
STAPPEN: list[dict[str, Any]] = [
    {
        "type": "veiligheidsbeoordeling_afgerond",
        "besluit": "lokaal_veld",
        "onderbouwing": "x",
        "beoordelaars": ["a", "b"],
    },
    {
        "type": "veiligheidsbeoordeling_afgerond",
        "besluit": "onderzoek",
        "onderbouwing": "x",
        "beoordelaars": ["a", "b"],
        "triagetafel": True,
    },
    {
        "type": "veiligheidsbeoordeling_afgerond",
        "besluit": "clientsysteem",
        "onderbouwing": "x",
        "beoordelaars": ["a", "b"],
    },
    {"type": "dienst_gestart", "dienst": "onderzoek"},
    {"type": "dienst_afgerond", "oordeel": "niet_vastgesteld"},
    {"type": "dienst_afgerond", "monitoring": False},
    {"type": "overdracht", "moment": "direct", "naar": LV, "informatie": DIRECT},
    {"type": "overdracht", "moment": "direct", "naar": ["clientsysteem"], "informatie": DIRECT},
    {"type": "overdracht", "moment": "na_dienst", "naar": LV, "informatie": NA_DIENST},
    {"type": "overdracht_geaccepteerd", "door": LV[0]},
    {"type": "overdracht_geaccepteerd", "door": LV[1]},
    {"type": "contact_gestart", "door": LV[0]},
    {"type": "casusregie_belegd", "bij": LV[0]},
    {"type": "evaluatie", "risicofactoren_aangepakt": True, "herstel_gestart": True},
    {"type": "incident"},
    {"type": "monitoringscontact", "directe_veiligheid": True},
    {"type": "stabiele_veiligheid_vastgesteld"},
    {"type": "monitoring_afgesloten"},
    {"type": "dossier_gesloten"},
    {"type": "opgeschaald", "naar": "zorg_en_veiligheidshuis"},
]
BEGIN = datetime(2026, 3, 2, 9, 0, tzinfo=AMSTERDAM)


def _verloop(
    melding: dict[str, Any], stappen: list[tuple[int, int]]
) -> list[tuple[datetime, Casus]]:
    """Apply the steps one by one; a refused step is skipped, as a user would be told no."""
    op = BEGIN
    casus = engine.evolve(
        engine.Casus(AFSPRAKEN), engine.lees_gebeurtenis({"op": op, **melding}, 0, AFSPRAKEN)
    )
    momenten = [(op, casus)]
    for keuze, uren in stappen:
        op = op + timedelta(hours=uren)
        g = engine.lees_gebeurtenis({"op": op, **STAPPEN[keuze]}, len(momenten), AFSPRAKEN)
        try:
            casus = engine.evolve(casus, g)
        except engine.Afwijzing:
            continue
        momenten.append((op, casus))
    return momenten


@settings(max_examples=150, deadline=None)
@given(
    spoed=st.booleans(),
    stappen=st.lists(
        st.tuples(st.integers(0, len(STAPPEN) - 1), st.integers(1, 24 * 60)), max_size=25
    ),
)
def test_never_a_gap_once_assigned(spoed: bool, stappen: list[tuple[int, int]]) -> None:
    melding = {
        "type": "melding_ontvangen",
        "gemeenten": ["Heerlen", "Kerkrade"],
        "bron": "burger",
        "spoedeisend": spoed,
    }
    momenten = _verloop(melding, stappen)
    ooit_belegd = False
    for _, casus in momenten:
        if casus.zicht:
            ooit_belegd = True
        elif ooit_belegd:
            assert casus.zicht_einde in ("stabiele_veiligheid", "dossier_gesloten")
    laatste = momenten[-1][1]
    # The history is a chain: every holder that stopped was replaced at that very moment,
    # unless zicht ended there legitimately.
    eindes = {r["tot"] for r in laatste.historie if r["tot"] is not None}
    starts = {r["van"] for r in laatste.historie}
    legitiem = {op for op, c in momenten if c.zicht_einde is not None and not c.zicht}
    assert eindes <= starts | legitiem
    for r in laatste.historie:
        assert r["tot"] is None or r["tot"] >= r["van"]


@settings(max_examples=100, deadline=None)
@given(
    stappen=st.lists(
        st.tuples(st.integers(0, len(STAPPEN) - 1), st.integers(1, 24 * 90)), max_size=25
    )
)
def test_every_working_day_deadline_lands_on_a_working_day(stappen: list[tuple[int, int]]) -> None:
    melding = {
        "type": "melding_ontvangen",
        "gemeenten": ["Heerlen", "Kerkrade"],
        "bron": "burger",
        "crisis": True,
    }
    casus = _verloop(melding, stappen)[-1][1]
    kalender = AFSPRAKEN.kalender
    for t in casus.termijnen:
        if t.uiterlijk is not None and t.code != "crisisdienst":  # WA 2: crisis is same-day
            assert kalender.is_werkdag(t.uiterlijk), (t.code, t.uiterlijk)


@settings(max_examples=100, deadline=None)
@given(
    stappen=st.lists(
        st.tuples(st.integers(0, len(STAPPEN) - 1), st.integers(1, 24 * 90)), max_size=25
    )
)
def test_closed_exactly_when_nothing_is_open(stappen: list[tuple[int, int]]) -> None:
    """After every step: the case is closed when, and only when, no part is open; the fold's
    quick check (`_iets_open`) says what the list of open parts says."""
    from zicht.core.regels import _iets_open, nog_open

    melding = {"type": "melding_ontvangen", "gemeenten": ["Heerlen"], "bron": "burger"}
    for _, casus in _verloop(melding, stappen):
        open_ = nog_open(casus)
        assert _iets_open(casus) == bool(open_)
        assert (casus.afgesloten is None) == bool(open_), open_
