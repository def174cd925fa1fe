"""The engine through its facade: state, rejections and input errors."""

from __future__ import annotations

import pytest
from helpers import (
    AFSPRAKEN,
    DIRECT,
    MELDING,
    NA_DIENST,
    OVERDRACHT_DIRECT,
    TRIAGE_LV,
    ev,
    houders,
    lees,
    signaalcodes,
    staat,
    termijn,
)

from zicht.core import engine


def test_spec_example_direct_handover() -> None:
    s = staat([MELDING, TRIAGE_LV, OVERDRACHT_DIRECT], "2026-03-06T10:00")
    assert s["op"] == "2026-03-06T10:00:00+01:00"
    assert s["zicht_op_veiligheid"] == [
        {"partij": "lokaal_veld:Heerlen", "sinds": "2026-03-05T15:00:00+01:00"}
    ]
    t = termijn(s, "start_contact")
    assert (t["uiterlijk"], t["status"], t["grond"]) == ("2026-03-26", "open", "§2f")
    assert termijn(s, "veiligheidsbeoordeling")["status"] == "voldaan"
    assert s["casusregie"] is None and s["monitoring"]["actief"] is False


def test_events_after_the_moment_are_ignored() -> None:
    s = staat([MELDING, TRIAGE_LV, OVERDRACHT_DIRECT], "2026-03-03T10:00")
    assert houders(s) == []
    assert [t["code"] for t in s["termijnen"]] == ["veiligheidsbeoordeling"]


def test_triage_overrun_gives_veilig_thuis_zicht_at_midnight() -> None:
    # 5 working days after Mon 2 March 2026 is Mon 9 March; exceeded at 00:00 on 10 March.
    voor = staat([MELDING], "2026-03-09T23:59")
    na = staat([MELDING], "2026-03-10T00:00")
    assert houders(voor) == []
    assert na["zicht_op_veiligheid"] == [
        {"partij": "veilig_thuis", "sinds": "2026-03-10T00:00:00+01:00"}
    ]
    assert termijn(na, "veiligheidsbeoordeling")["status"] == "verlopen"
    assert "termijn_verlopen" in signaalcodes(na)


def test_late_triage_keeps_the_overrun_moment_as_sinds() -> None:
    late = dict(TRIAGE_LV, op="2026-03-11T10:00")
    s = staat([MELDING, late], "2026-03-11T11:00")
    assert s["zicht_op_veiligheid"][0]["sinds"] == "2026-03-10T00:00:00+01:00"
    assert termijn(s, "veiligheidsbeoordeling")["status"] == "te_laat_voldaan"


def test_urgent_melding_gives_zicht_from_the_melding() -> None:
    s = staat([dict(MELDING, spoedeisend=True)], "2026-03-02T09:30")
    assert s["zicht_op_veiligheid"] == [
        {"partij": "veilig_thuis", "sinds": "2026-03-02T09:00:00+01:00"}
    ]


def test_incomplete_handover_is_rejected_with_missing_items() -> None:
    onvolledig = dict(OVERDRACHT_DIRECT, informatie=DIRECT[:2])
    with pytest.raises(engine.Afwijzing) as e:
        staat([MELDING, TRIAGE_LV, onvolledig], "2026-03-06T10:00")
    assert e.value.code == "overdracht_onvolledig"
    assert e.value.index == 2
    assert e.value.ontbreekt == DIRECT[2:]
    assert e.value.als_json()["fout"]["grond"] == "§5.1.3"


def test_anonymous_melding_needs_no_melder_contact_details() -> None:
    anoniem = dict(MELDING, bron="anoniem")
    zonder_melder = dict(OVERDRACHT_DIRECT, informatie=[i for i in DIRECT if "melder" not in i])
    s = staat([anoniem, TRIAGE_LV, zonder_melder], "2026-03-06T10:00")
    assert houders(s) == ["lokaal_veld:Heerlen"]
    assert not [t for t in s["termijnen"] if t["code"] == "melder_terugkoppeling"]


def test_one_assessor_is_rejected() -> None:
    een = dict(TRIAGE_LV, beoordelaars=["vt.jansen", "vt.jansen"])
    with pytest.raises(engine.Afwijzing) as e:
        staat([MELDING, een], "2026-03-06T10:00")
    assert (e.value.code, e.value.grond) == ("te_weinig_beoordelaars", "§3.1 c")


def test_rejection_leaves_earlier_moments_answerable() -> None:
    een = dict(TRIAGE_LV, beoordelaars=["vt.jansen"])
    s = staat([MELDING, een], "2026-03-04T10:00")
    assert termijn(s, "veiligheidsbeoordeling")["status"] == "open"


def _na_dienst(gemeenten: list[str]) -> list[dict[str, object]]:
    naar = [f"lokaal_veld:{g}" for g in gemeenten]
    return [
        dict(MELDING, gemeenten=gemeenten),
        dict(TRIAGE_LV, besluit="onderzoek"),
        ev("2026-03-06T09:00", "dienst_gestart", dienst="onderzoek"),
        ev("2026-04-20T09:00", "dienst_afgerond", oordeel="hg_km_vastgesteld"),
        ev("2026-04-21T10:00", "overdracht", moment="na_dienst", naar=naar, informatie=NA_DIENST),
    ]


def test_na_dienst_passes_zicht_only_when_all_recipients_accepted() -> None:
    events = _na_dienst(["Heerlen", "Maastricht"])
    s = staat(events, "2026-04-21T12:00")
    assert houders(s) == ["veilig_thuis"]
    assert s["monitoring"] == {"actief": True, "sinds": "2026-04-21T10:00:00+02:00", "contacten": 0}
    events.append(ev("2026-04-22T09:00", "overdracht_geaccepteerd", door="lokaal_veld:Heerlen"))
    assert houders(staat(events, "2026-04-22T10:00")) == ["veilig_thuis"]
    events.append(ev("2026-04-23T09:00", "overdracht_geaccepteerd", door="lokaal_veld:Maastricht"))
    s = staat(events, "2026-04-23T10:00")
    assert houders(s) == ["lokaal_veld:Heerlen", "lokaal_veld:Maastricht"]
    assert {h["sinds"] for h in s["zicht_op_veiligheid"]} == {"2026-04-23T09:00:00+02:00"}
    assert s["procescoordinatie"]["partijen"] == ["gemeente:Heerlen", "gemeente:Maastricht"]
    # §2j: 5 working days after Tue 21 April 2026 (Koningsdag 27 April) = Wed 29 April.
    assert termijn(s, "start_contact", "lokaal_veld:Heerlen")["uiterlijk"] == "2026-04-29"


def test_monitoring_window_around_three_months() -> None:
    events = _na_dienst(["Heerlen"])
    # M = 21 July 2026; window 7 July .. 4 August.
    s = staat(events, "2026-04-22T10:00")
    t = termijn(s, "monitoring_3_maanden")
    assert (t["venster_van"], t["uiterlijk"]) == ("2026-07-07", "2026-08-04")
    te_vroeg = ev("2026-07-06T10:00", "monitoringscontact", directe_veiligheid=True)
    s = staat([*events, te_vroeg], "2026-07-06T11:00")
    assert termijn(s, "monitoring_3_maanden")["status"] == "open"
    op_tijd = ev("2026-07-07T10:00", "monitoringscontact")
    s = staat([*events, te_vroeg, op_tijd], "2026-07-08T11:00")
    assert termijn(s, "monitoring_3_maanden")["status"] == "voldaan"


def test_two_gemeenten_handover_must_reach_both() -> None:
    events = _na_dienst(["Heerlen", "Maastricht"])
    events[-1] = dict(events[-1], naar=["lokaal_veld:Heerlen"])
    with pytest.raises(engine.Afwijzing) as e:
        staat(events, "2026-04-22T10:00")
    assert e.value.code == "overdracht_niet_aan_alle_gemeenten"
    assert e.value.ontbreekt == ["lokaal_veld:Maastricht"]


@pytest.mark.parametrize(
    ("raw", "veld"),
    [
        (ev("2026-03-02T09:00", "melding_gedaan", gemeenten=["Heerlen"]), "type"),
        (dict(MELDING, kleur="rood"), "kleur"),
        (dict(MELDING, gemeenten=["Amsterdam"]), "gemeenten"),
        (dict(MELDING, bron="buurman"), "bron"),
        (dict(MELDING, op="2 maart"), "op"),
        ({"type": "melding_ontvangen", "gemeenten": ["Heerlen"], "bron": "burger"}, "op"),
        (ev("2026-03-02T09:00", "melding_ontvangen", bron="burger"), "gemeenten"),
        (ev("2026-03-02T09:00", "contact_gestart", door="lokaal_veld:Atlantis"), "door"),
        (
            ev("2026-03-02T09:00", "monitoringscontact", scores=[{"door": "x", "score": 11}]),
            "scores",
        ),
    ],
)
def test_unreadable_events_name_index_and_field(raw: dict[str, object], veld: str) -> None:
    with pytest.raises(engine.InvoerFout) as e:
        lees([MELDING, raw])
    assert (e.value.index, e.value.veld) == (1, veld)
    assert "gebeurtenis 1" in str(e.value)


def test_events_recorded_out_of_time_order_are_folded_in_time_order() -> None:
    """Late registration: the triage recorded after the hand-over still comes first."""
    laat = lees([MELDING, OVERDRACHT_DIRECT, TRIAGE_LV])
    s = engine.bereken_toestand(laat, engine.lees_moment("2026-03-06T10:00"), AFSPRAKEN)
    assert houders(s) == ["lokaal_veld:Heerlen"]


def test_event_before_melding_is_rejected() -> None:
    with pytest.raises(engine.Afwijzing) as e:
        staat([TRIAGE_LV], "2026-03-06T10:00")
    assert e.value.code == "geen_melding"


def test_evolve_is_pure_and_agrees_with_fold() -> None:
    gebeurtenissen = lees([MELDING, TRIAGE_LV, OVERDRACHT_DIRECT])
    op = engine.lees_moment("2026-03-06T10:00")
    casus = engine.fold(gebeurtenissen[:2], gebeurtenissen[1].op, AFSPRAKEN)
    voor = [t.status(op) for t in casus.termijnen]
    nieuw = engine.evolve(casus, gebeurtenissen[2])
    assert casus.houders == ["veilig_thuis"]
    assert [t.status(op) for t in casus.termijnen] == voor
    assert nieuw.houders == ["lokaal_veld:Heerlen"]
    volledig = engine.fold(gebeurtenissen, gebeurtenissen[2].op, AFSPRAKEN)
    assert [(t.code, t.uiterlijk) for t in volledig.termijnen] == [
        (t.code, t.uiterlijk) for t in nieuw.termijnen
    ]


def test_an_event_before_the_first_agreement_version_is_unreadable() -> None:
    with pytest.raises(engine.InvoerFout) as e:
        lees([dict(MELDING, op="2021-12-31T09:00")])
    assert (e.value.index, e.value.veld) == (0, "op")
    assert "2022-01-20" in e.value.bericht


def test_the_terms_by_code_are_the_terms_of_that_code_after_every_scenario() -> None:
    """`Casus.termijnen_met` reads an index kept beside `termijnen`; after folding (and copying,
    as `evolve` does) every scenario, it gives what a scan of all terms gives, in that order."""
    import copy
    from pathlib import Path

    from zicht.core.casus import Afwijzing, Casus
    from zicht.core.scenario import laad_scenario

    gevouwen = 0
    for pad in sorted(Path(__file__).resolve().parents[2].glob("scenarios/*.yaml")):
        s = laad_scenario(pad)
        try:
            casus = engine.bereken(s.gebeurtenissen, s.gebeurtenissen[-1].op, s.afspraken)
        except Afwijzing:
            continue  # a scenario about a refusal
        gevouwen += 1
        kopie = copy.deepcopy(casus)
        opnieuw = Casus(casus.afspraken, termijnen=list(casus.termijnen))
        for c in (casus, kopie, opnieuw):
            for code, partij in {(t.code, t.partij) for t in c.termijnen} | {("geen", None)}:
                verwacht = [t for t in c.termijnen if t.code == code and partij in (None, t.partij)]
                assert list(c.termijnen_met(code, partij)) == verwacht, (pad.name, code, partij)
                gevonden = c.termijnen_met(code, partij)
                assert all(a is b for a, b in zip(gevonden, verwacht, strict=True))
                assert list(c.termijnen_met(code)) == [t for t in c.termijnen if t.code == code]
    assert gevouwen > 10


def test_who_was_spoken_to_is_kept_up_with_every_contact() -> None:
    """`Casus.gesproken` grows with each monitoring contact and is worked out anew when
    monitoring starts or closes; at every moment of every scenario it is what the contacts
    themselves say (Bijlage 2): from the start of the current monitoring, all once it closed."""
    from pathlib import Path

    from zicht.core.casus import Afwijzing
    from zicht.core.regels import gesproken_sinds
    from zicht.core.scenario import laad_scenario

    gezien = 0
    for pad in sorted(Path(__file__).resolve().parents[2].glob("scenarios/*.yaml")):
        s = laad_scenario(pad)
        for g in s.gebeurtenissen:
            try:
                c = engine.bereken(s.gebeurtenissen, g.op, s.afspraken)
            except Afwijzing:
                break  # a scenario about a refusal: the moments before it were checked
            verwacht = gesproken_sinds(c.monitoringscontacten, c.monitoring.get("sinds"))
            assert c.gesproken == verwacht, (pad.name, g.op)
            gezien += bool(verwacht)
    assert gezien > 10


def test_monitoring_that_starts_again_counts_only_its_own_contacts() -> None:
    """A new monitoring period (a new hand-over after a service) starts with nobody spoken to,
    except in a contact at its very start moment; closing it counts every contact."""
    from datetime import datetime

    from zicht.core import regels
    from zicht.core.casus import Casus
    from zicht.core.kalender import AMSTERDAM

    afspraken = engine.afspraken_van()
    c = Casus(afspraken, gemeenten=["Heerlen"])
    c.regels = afspraken.regels("Heerlen", datetime(2026, 3, 1).date())
    eerder = datetime(2026, 1, 5, 10, 0, tzinfo=AMSTERDAM)
    start = datetime(2026, 3, 2, 9, 0, tzinfo=AMSTERDAM)
    c.monitoringscontacten = [
        {"op": eerder, "scores": [{"door": "p1", "score": 6}], "gesproken": ["p2"]},
        {"op": start, "gesproken": ["p3"]},
    ]
    c.gesproken = {"p1", "p2", "p3"}
    regels._start_monitoring(c, start, ["lokaal_veld:Heerlen"])
    assert c.gesproken == {"p3"}
