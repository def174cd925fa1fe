"""The lifecycle beyond the first contract: closing in any order, late registration, voiding,
moments in the future, returned hand-overs, escalation as a process (docs/contract.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import AFSPRAKEN, MELDING, OVERDRACHT_DIRECT, TRIAGE_LV, ev, houders, lees

from zicht.core import acties, engine
from zicht.core.scenario import laad_scenario

SCENARIOS = Path(__file__).parents[2] / "scenarios"
VT, LV = "veilig_thuis", "lokaal_veld:Sittard-Geleen"


def _stappen(bestand: str, tot: int, op: str, organisatie: str, rol: str) -> list[str]:
    """The steps offered after the first `tot` events of a scenario, at `op`."""
    scenario = laad_scenario(SCENARIOS / bestand)
    casus = engine.bereken(scenario.gebeurtenissen[:tot], engine.lees_moment(op), AFSPRAKEN)
    return acties.mogelijke_stappen(casus, organisatie, rol)


def test_vt_can_still_close_monitoring_and_its_file_after_the_lokaal_veld_found_stable_safety() -> (
    None
):
    na_stabiel = _stappen(
        "afsluiten-stabiele-veiligheid-eerst.yaml", 12, "2027-03-02T12:00", VT, "vt_medewerker"
    )
    assert "monitoring_afgesloten" in na_stabiel
    assert "dossier_gesloten" not in na_stabiel  # monitoring first
    na_monitoring = _stappen(
        "afsluiten-stabiele-veiligheid-eerst.yaml", 13, "2027-03-03T12:00", VT, "vt_medewerker"
    )
    assert "dossier_gesloten" in na_monitoring


def test_vt_can_close_its_file_when_monitoring_closed_before_casusregie() -> None:
    stappen = _stappen(
        "afsluiten-monitoring-eerst.yaml", 13, "2027-03-04T12:00", VT, "vt_medewerker"
    )
    assert "dossier_gesloten" in stappen


def test_a_closed_case_offers_only_the_steps_that_reopen_it() -> None:
    vt = _stappen(
        "afsluiten-stabiele-veiligheid-eerst.yaml", 14, "2027-03-05T12:00", VT, "vt_medewerker"
    )
    lv = _stappen(
        "afsluiten-stabiele-veiligheid-eerst.yaml",
        14,
        "2027-03-05T12:00",
        LV,
        "lokaal_veld_medewerker",
    )
    assert "incident" in vt and "nieuwe_melding" in vt
    assert not {"dossier_gesloten", "monitoringscontact", "opgeschaald"} & set(vt)
    assert "incident" in lv and not {"evaluatie", "plan_vastgesteld"} & set(lv)


def test_a_moment_in_the_future_is_refused_beyond_the_clock_tolerance() -> None:
    nu = engine.lees_moment("2026-03-05T14:00")
    engine.controleer_tijdstip(nu + engine.KLOKTOLERANTIE, nu)
    with pytest.raises(engine.Afwijzing) as e:
        engine.controleer_tijdstip(engine.lees_moment("2030-01-01T09:00"), nu)
    assert e.value.code == "moment_in_de_toekomst"


def test_a_late_event_is_refused_only_when_it_breaks_the_history() -> None:
    laat = dict(TRIAGE_LV, op="2026-03-01T10:00")  # before the melding it belongs to
    with pytest.raises(engine.Afwijzing) as e:
        engine.bereken(lees([MELDING, laat]), engine.lees_moment("2026-03-06T10:00"), AFSPRAKEN)
    assert (e.value.code, e.value.index) == ("geen_melding", 1)


def test_a_voided_event_is_left_out_of_the_fold_but_kept_as_a_correction() -> None:
    ruwe = [
        MELDING,
        TRIAGE_LV,
        OVERDRACHT_DIRECT,
        ev("2026-03-06T09:00", "incident", omschrijving="verkeerde casus"),
        ev(
            "2026-03-06T10:00",
            "gebeurtenis_ingetrokken",
            volgnummer=4,
            onderbouwing="Verkeerde casus.",
        ),
    ]
    s = engine.bereken_toestand(lees(ruwe), engine.lees_moment("2026-03-06T11:00"), AFSPRAKEN)
    assert houders(s) == ["lokaal_veld:Heerlen"]
    assert s["stabiele_veiligheid"]["incidentvrij_sinds"].startswith("2026-03-02T09:00")
    assert s["correcties"] == [
        {
            "volgnummer": 4,
            "type": "incident",
            "gebeurtenis_op": "2026-03-06T09:00:00+01:00",
            "onderbouwing": "Verkeerde casus.",
            "op": "2026-03-06T10:00:00+01:00",
        }
    ]


def test_voiding_the_melding_or_an_unknown_event_is_refused() -> None:
    for nummer in (1, 9):
        ruwe = [
            MELDING,
            ev("2026-03-03T10:00", "gebeurtenis_ingetrokken", volgnummer=nummer, onderbouwing="x"),
        ]
        with pytest.raises(engine.Afwijzing) as e:
            engine.bereken(lees(ruwe), engine.lees_moment("2026-03-04T10:00"), AFSPRAKEN)
        assert (e.value.code, e.value.index) == ("intrekking_ongeldig", 1)


def test_vt_can_close_its_file_after_handing_a_melding_to_the_gi() -> None:
    stappen = _stappen(
        "gezinsvoogd-melding-naar-gi.yaml", 2, "2026-03-16T12:00", VT, "vt_medewerker"
    )
    assert "dossier_gesloten" in stappen
    voor = _stappen("gezinsvoogd-melding-naar-gi.yaml", 1, "2026-03-16T10:00", VT, "vt_medewerker")
    assert "dossier_gesloten" not in voor


def test_a_plan_may_evaluate_from_its_own_day_but_not_before_it() -> None:
    """§6.2: a date in the plan before the day it is made would be overdue at once."""
    scenario = laad_scenario(SCENARIOS / "plan-evaluatiemoment-voor-plandatum-afgewezen.yaml")
    *voor, plan = scenario.gebeurtenissen
    op = plan.op + engine.KLOKTOLERANTIE

    def vastgesteld(evaluatiemomenten: list[str], termijn_voorwaarden: str) -> dict:
        velden = dict(plan.velden) | {
            "evaluatiemomenten": evaluatiemomenten,
            "termijn_voorwaarden": termijn_voorwaarden,
        }
        nieuw = engine.lees_gebeurtenis(
            {**velden, "type": plan.type, "op": plan.op}, len(voor), AFSPRAKEN
        )
        return engine.bereken_toestand([*voor, nieuw], op, AFSPRAKEN)

    toestand = vastgesteld(["2026-06-01", "2026-09-01"], "2026-07-31")
    evaluaties = [t["uiterlijk"] for t in toestand["termijnen"] if t["code"] == "plan_evaluatie"]
    assert evaluaties == ["2026-06-01", "2026-09-01"]
    with pytest.raises(engine.Afwijzing) as e:
        vastgesteld(["2026-09-01"], "2026-05-31")  # the term for the conditions, too
    assert (e.value.code, e.value.grond) == ("plandatum_verstreken", "§6.2")
    assert "31-05-2026" in e.value.tekst
