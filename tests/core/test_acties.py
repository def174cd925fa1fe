"""Which steps a user may take now: per role and organisation, in every phase of a case."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import (
    AFSPRAKEN,
    DIRECT,
    MELDING,
    NA_DIENST,
    OVERDRACHT_DIRECT,
    TRIAGE_LV,
    ev,
    lees,
    staat,
)

from zicht.core import acties, engine
from zicht.core.gebeurtenissen import SCHEMA

VT, LV_HEERLEN, LV_MAASTRICHT = "veilig_thuis", "lokaal_veld:Heerlen", "lokaal_veld:Maastricht"
TRIAGE_ONDERZOEK = {**TRIAGE_LV, "besluit": "onderzoek"}
DIENST = [
    TRIAGE_ONDERZOEK,
    ev("2026-03-06T09:00", "dienst_gestart", dienst="onderzoek"),
    ev(
        "2026-04-01T09:00",
        "dienst_afgerond",
        veiligheidsvoorwaarden=["geen geweld"],
        oordeel="hg_km_vastgesteld",
    ),
]
NA_DIENST_OVERDRACHT = ev(
    "2026-04-02T09:00", "overdracht", moment="na_dienst", naar=[LV_HEERLEN], informatie=NA_DIENST
)
ACCEPTATIE = ev("2026-04-03T09:00", "overdracht_geaccepteerd", door=LV_HEERLEN)


def stappen(ruwe: list[dict[str, Any]], op: str, organisatie: str, rol: str) -> list[str]:
    casus = engine.bereken(lees(ruwe), engine.lees_moment(op), AFSPRAKEN)
    return acties.mogelijke_stappen(casus, organisatie, rol)


def test_an_empty_case_offers_nothing() -> None:
    leeg = engine.Casus(AFSPRAKEN)
    assert acties.mogelijke_stappen(leeg, VT, "vt_medewerker") == []


def test_a_fresh_melding_asks_vt_for_the_safety_assessment_and_nobody_else() -> None:
    vt = stappen([MELDING], "2026-03-03T09:00", VT, "vt_medewerker")

    assert "veiligheidsbeoordeling_afgerond" in vt
    assert not {"overdracht", "dienst_gestart", "monitoringscontact"} & set(vt)
    assert stappen([MELDING], "2026-03-03T09:00", LV_HEERLEN, "lokaal_veld_medewerker") == []


@pytest.mark.parametrize(
    "rol", ["beleidsmedewerker", "functioneel_beheerder", "privacy_officer", "onbekend"]
)
def test_roles_without_case_work_may_do_nothing(rol: str) -> None:
    ruwe = [MELDING, TRIAGE_LV, OVERDRACHT_DIRECT]
    assert stappen(ruwe, "2026-03-06T10:00", VT, rol) == []
    assert stappen(ruwe, "2026-03-06T10:00", LV_HEERLEN, rol) == []


def test_a_vt_role_outside_vt_may_do_nothing() -> None:
    assert stappen([MELDING], "2026-03-03T09:00", LV_HEERLEN, "vt_medewerker") == []


def test_a_service_decision_leads_to_the_service_then_the_hand_over_after_it() -> None:
    na_triage = stappen([MELDING, DIENST[0]], "2026-03-05T15:00", VT, "vt_medewerker")
    tijdens = stappen([MELDING, *DIENST[:2]], "2026-03-10T09:00", VT, "vt_medewerker")
    erna = stappen([MELDING, *DIENST], "2026-04-01T10:00", VT, "vt_medewerker")

    assert "dienst_gestart" in na_triage and "overdracht" not in na_triage
    assert "dienst_afgerond" in tijdens and "dienst_gestart" not in tijdens
    assert "overdracht" not in tijdens
    assert "overdracht" in erna and "dienst_afgerond" not in erna


def test_an_urgent_melding_is_not_handed_over_before_the_assessment() -> None:
    spoed = {**MELDING, "spoedeisend": True}  # VT holds zicht from the melding (Bijlage 1)

    vt = stappen([spoed], "2026-03-02T10:00", VT, "vt_medewerker")

    assert "veiligheidsbeoordeling_afgerond" in vt and "overdracht" not in vt


def test_a_direct_decision_offers_the_hand_over_not_a_service() -> None:
    vt = stappen([MELDING, TRIAGE_LV], "2026-03-05T14:30", VT, "vt_medewerker")

    assert "overdracht" in vt
    assert "dienst_gestart" not in vt and "veiligheidsbeoordeling_afgerond" not in vt


def test_after_a_direct_hand_over_the_receiving_lokaal_veld_acts_and_others_do_not() -> None:
    ruwe = [MELDING, TRIAGE_LV, OVERDRACHT_DIRECT]

    heerlen = stappen(ruwe, "2026-03-06T10:00", LV_HEERLEN, "lokaal_veld_medewerker")
    maastricht = stappen(ruwe, "2026-03-06T10:00", LV_MAASTRICHT, "lokaal_veld_medewerker")
    vt = stappen(ruwe, "2026-03-06T10:00", VT, "vt_medewerker")

    assert {"ontvangst_bevestigd", "contact_gestart", "casusregie_belegd", "plan_vastgesteld"} <= (
        set(heerlen)
    )
    assert "overdracht_geaccepteerd" not in heerlen  # acceptance is for a hand-over after a service
    assert maastricht == []
    assert {"brief_directbetrokkenen_verstuurd", "melder_geinformeerd"} <= set(vt)
    assert "overdracht" not in vt  # VT no longer holds zicht


def test_receipt_and_contact_disappear_once_done() -> None:
    ruwe = [
        MELDING,
        TRIAGE_LV,
        OVERDRACHT_DIRECT,
        ev("2026-03-06T09:00", "ontvangst_bevestigd", door=LV_HEERLEN),
        ev("2026-03-09T09:00", "contact_gestart", door=LV_HEERLEN),
    ]
    heerlen = stappen(ruwe, "2026-03-09T10:00", LV_HEERLEN, "lokaal_veld_gedragswetenschapper")

    assert "ontvangst_bevestigd" not in heerlen and "contact_gestart" not in heerlen
    assert "casusregie_belegd" in heerlen


def test_a_hand_over_after_a_service_waits_for_acceptance() -> None:
    ruwe = [MELDING, *DIENST, NA_DIENST_OVERDRACHT]

    voor = stappen(ruwe, "2026-04-02T10:00", LV_HEERLEN, "lokaal_veld_medewerker")
    na = stappen([*ruwe, ACCEPTATIE], "2026-04-03T10:00", LV_HEERLEN, "lokaal_veld_medewerker")
    vt = stappen(ruwe, "2026-04-02T10:00", VT, "vt_medewerker")

    assert "overdracht_geaccepteerd" in voor
    assert "overdracht_geaccepteerd" not in na and "casusregie_belegd" in na
    assert "overdracht" not in vt  # no second hand-over while the first one waits
    assert "monitoringscontact" in vt


def test_waiting_hand_overs_name_receipt_and_acceptance_per_recipient() -> None:
    ruwe = [MELDING, *DIENST, NA_DIENST_OVERDRACHT]

    assert acties.wachtende_overdrachten(staat(ruwe, "2026-04-02T10:00"), ruwe) == {
        LV_HEERLEN: ["ontvangst", "acceptatie"]
    }
    klaar = [*ruwe, ACCEPTATIE]
    assert acties.wachtende_overdrachten(staat(klaar, "2026-04-03T10:00"), klaar) == {}


def test_the_procescoordinator_answers_a_non_compliance_report_of_its_own_gemeente() -> None:
    ruwe = [
        MELDING,
        ev("2026-03-03T09:00", "niet_nakomen_gemeld", partij=LV_HEERLEN, gemeente="Heerlen"),
    ]

    assert stappen(ruwe, "2026-03-04T09:00", "gemeente:Heerlen", "procescoordinator") == [
        "gemeente_reactie"
    ]
    assert stappen(ruwe, "2026-03-04T09:00", "gemeente:Maastricht", "procescoordinator") == []


def test_a_care_provider_acts_only_while_it_has_casusregie() -> None:
    za = "zorgaanbieder:Xonar"
    ruwe = [
        MELDING,
        TRIAGE_LV,
        OVERDRACHT_DIRECT,
        ev("2026-03-10T09:00", "casusregie_belegd", bij=za),
    ]

    met = stappen(ruwe, "2026-03-10T10:00", za, "zorgaanbieder_medewerker")
    ander = stappen(ruwe, "2026-03-10T10:00", "zorgaanbieder:Elders", "zorgaanbieder_medewerker")

    assert {"plan_vastgesteld", "evaluatie", "casusregie_afgesloten"} <= set(met)
    assert "casusregie_belegd" not in met
    assert ander == []


ZVH = "zorg_en_veiligheidshuis"
NAAR_ZVH = ev("2026-03-03T09:00", "opgeschaald", naar=ZVH)


def test_the_zvh_acts_under_its_procesregie() -> None:
    ruwe = [MELDING, NAAR_ZVH]

    # Escalated to, the Z&VH first answers the escalation (its term runs), then keeps
    # recording incidents and escalating under its procesregie (§5.5.1, Bijlage 1).
    assert stappen(ruwe, "2026-03-03T10:00", ZVH, "zvh_procesregisseur") == [
        "incident",
        "opgeschaald",
        "opschaling_beantwoord",
    ]
    beantwoord = [*ruwe, ev("2026-03-04T09:00", "opschaling_beantwoord", door=ZVH)]
    assert stappen(beantwoord, "2026-03-04T10:00", ZVH, "zvh_procesregisseur") == [
        "incident",
        "opgeschaald",
    ]
    assert stappen([MELDING], "2026-03-03T10:00", ZVH, "zvh_procesregisseur") == []


def test_an_escalation_to_the_zvh_gives_it_a_term_from_the_agreement_that_its_answer_meets() -> (
    None
):
    def reactie(ruwe: list[dict[str, Any]], op: str) -> list[dict[str, Any]]:
        return [t for t in staat(ruwe, op)["termijnen"] if t["code"] == "opschaling_reactie"]

    regel = AFSPRAKEN.regels("Heerlen", engine.lees_moment("2026-03-03T09:00").date())
    grond = regel("opschaling.zorg_en_veiligheidshuis.grond")
    # Tuesday 3 March + 5 working days (opschaling.zorg_en_veiligheidshuis.termijn).
    [t] = reactie([MELDING, NAAR_ZVH], "2026-03-04T10:00")
    assert (t["partij"], t["uiterlijk"], t["status"], t["grond"]) == (
        ZVH,
        "2026-03-10",
        "open",
        grond,
    )
    assert "§5.5.1" in grond
    [t] = reactie([MELDING, NAAR_ZVH], "2026-03-11T10:00")
    assert t["status"] == "verlopen"  # not answered: overdue, never silently gone
    beantwoord = ev("2026-03-09T09:00", "opschaling_beantwoord", door=ZVH)
    [t] = reactie([MELDING, NAAR_ZVH, beantwoord], "2026-03-11T10:00")
    assert t["status"] == "voldaan"


def test_an_escalation_to_the_zvh_naming_another_party_gives_both_a_term() -> None:
    naar_zvh = {**NAAR_ZVH, "partij": "gemeente:Heerlen"}
    termijnen = staat([MELDING, naar_zvh], "2026-03-04T10:00")["termijnen"]

    assert sorted(
        (t["partij"], t["grond"]) for t in termijnen if t["code"] == "opschaling_reactie"
    ) == [("gemeente:Heerlen", "§5.5"), (ZVH, "§5.5.1, Bijlage 1")]


def test_stable_safety_is_offered_only_when_its_conditions_hold() -> None:
    ruwe = [
        MELDING,
        TRIAGE_LV,
        OVERDRACHT_DIRECT,
        ev("2026-05-01T09:00", "evaluatie", risicofactoren_aangepakt=True, herstel_gestart=True),
    ]

    vroeg = stappen(ruwe, "2026-05-01T10:00", LV_HEERLEN, "lokaal_veld_medewerker")
    laat = stappen(ruwe, "2026-09-03T10:00", LV_HEERLEN, "lokaal_veld_medewerker")

    assert "stabiele_veiligheid_vastgesteld" not in vroeg
    assert "stabiele_veiligheid_vastgesteld" in laat


def test_every_offered_step_is_an_event_type_and_in_lifecycle_order() -> None:
    ruwe = [MELDING, *DIENST, NA_DIENST_OVERDRACHT, ACCEPTATIE]
    volgorde = list(SCHEMA)
    for organisatie, rol in [(VT, "vt_medewerker"), (LV_HEERLEN, "lokaal_veld_medewerker")]:
        gevonden = stappen(ruwe, "2026-04-03T10:00", organisatie, rol)
        assert gevonden == sorted(gevonden, key=volgorde.index)


def test_required_hand_over_items_come_from_the_agreement() -> None:
    op = engine.lees_moment("2026-03-05T14:30")
    anoniem = {**MELDING, "bron": "anoniem"}

    direct = acties.vereiste_overdrachtsinformatie(
        lees([MELDING, TRIAGE_LV]), op, AFSPRAKEN, "direct", [LV_HEERLEN]
    )
    zonder_melder = acties.vereiste_overdrachtsinformatie(
        lees([anoniem, TRIAGE_LV]), op, AFSPRAKEN, "direct"
    )
    na_dienst = acties.vereiste_overdrachtsinformatie(
        lees([MELDING, *DIENST]), engine.lees_moment("2026-04-01T10:00"), AFSPRAKEN, "na_dienst"
    )

    assert direct == DIRECT
    assert zonder_melder == [i for i in DIRECT if i != "contactgegevens_melder"]
    assert sorted(na_dienst) == sorted(NA_DIENST)
    assert acties.vereiste_overdrachtsinformatie([], op, AFSPRAKEN, "direct") == []


# ---- need-to-know (core.betrokkenen) ----------------------------------------------------------


def test_relations_name_holders_recipients_terms_and_gemeenten() -> None:
    from zicht.core import betrokkenen as tg

    ruwe = [MELDING, *DIENST, NA_DIENST_OVERDRACHT]
    rel = tg.relaties(staat(ruwe, "2026-04-02T10:00"), ruwe)

    assert {(VT, tg.HOUDER), (LV_HEERLEN, tg.ONTVANGER), (LV_HEERLEN, tg.TERMIJN)} <= rel
    assert {("gemeente:Heerlen", tg.GEMEENTE), (LV_HEERLEN, "wacht_op_acceptatie")} <= rel
    assert ("gemeente:Heerlen", tg.PROCESCOORDINATIE) in rel


@pytest.mark.parametrize(
    ("organisatie", "rol", "ziet"),
    [
        (VT, "vt_medewerker", True),
        (VT, "vt_gedragswetenschapper", True),
        (LV_HEERLEN, "lokaal_veld_medewerker", True),
        (LV_MAASTRICHT, "lokaal_veld_medewerker", False),
        ("gemeente:Heerlen", "procescoordinator", True),
        ("gemeente:Maastricht", "procescoordinator", False),
        ("zorgaanbieder:Xonar", "zorgaanbieder_medewerker", False),
        ("zorg_en_veiligheidshuis", "zvh_procesregisseur", False),
        ("gemeente:Heerlen", "beleidsmedewerker", False),
        (VT, "functioneel_beheerder", False),
        (VT, "privacy_officer", False),
    ],
)
def test_who_sees_a_case_handed_over_to_heerlen(organisatie: str, rol: str, ziet: bool) -> None:
    from zicht.core import betrokkenen as tg

    ruwe = [MELDING, TRIAGE_LV, OVERDRACHT_DIRECT]
    rel = tg.relaties(staat(ruwe, "2026-03-06T10:00"), ruwe)

    assert tg.zichtbaar(organisatie, rol).ziet(rel) is ziet


def test_where_the_family_lives_grants_no_access() -> None:
    from zicht.core import betrokkenen as tg

    rel = tg.relaties(staat([MELDING], "2026-03-03T10:00"), [MELDING])

    assert not tg.zichtbaar(LV_HEERLEN, "lokaal_veld_medewerker").ziet(rel)
    assert not tg.zichtbaar("gemeente:Heerlen", "procescoordinator").ziet(rel)


# ---- issue #11: the steps added for Bijlage 2 and §5.1.2 reach the right role ---------------

MET_GEZIN = {
    **MELDING,
    "directbetrokkenen": [{"id": "kind1", "rol": "kind"}, {"id": "moeder", "rol": "ouder"}],
}


def test_vt_records_monitoring_agreements_only_while_it_monitors() -> None:
    tijdens = [MET_GEZIN, *DIENST, NA_DIENST_OVERDRACHT, ACCEPTATIE]

    assert "monitoringsafspraken_vastgelegd" in stappen(
        tijdens, "2026-04-04T09:00", VT, "vt_medewerker"
    )
    assert "monitoringsafspraken_vastgelegd" not in stappen(
        tijdens, "2026-04-04T09:00", LV_HEERLEN, "lokaal_veld_medewerker"
    )
    assert "monitoringsafspraken_vastgelegd" not in stappen(
        [MET_GEZIN, TRIAGE_LV, OVERDRACHT_DIRECT], "2026-03-06T09:00", VT, "vt_medewerker"
    )


def test_the_lokaal_veld_informs_the_family_member_agreed_in_the_hand_over() -> None:
    """§5.1.2: the agreement is a term of the lokaal veld, so the step is offered to it."""
    overdracht = {
        **OVERDRACHT_DIRECT,
        "criteria_informeren": [
            "weet_niet_van_melding",
            "niet_door_politie_geinformeerd",
            "niet_aanwezig_bij_incident",
            "geen_acute_onveiligheid",
            "triage_staat_toe",
        ],
        "informeren_afspraken": [
            {"persoon": "kind1", "door": "lokaal_veld", "uiterlijk": "2026-03-20"}
        ],
    }
    geinformeerd = ev(
        "2026-03-06T09:00", "directbetrokkene_geinformeerd", persoon="kind1", door=LV_HEERLEN
    )
    s = staat([MET_GEZIN, TRIAGE_LV, overdracht], "2026-03-06T08:00")
    afspraak = [t for t in s["termijnen"] if t["code"] == "directbetrokkene_informeren_afgesproken"]
    assert [(t["partij"], t["persoon"], t["status"]) for t in afspraak] == [
        (LV_HEERLEN, "kind1", "open")
    ]
    assert "directbetrokkene_geinformeerd" in stappen(
        [MET_GEZIN, TRIAGE_LV, overdracht], "2026-03-06T08:00", LV_HEERLEN, "lokaal_veld_medewerker"
    )
    na = staat([MET_GEZIN, TRIAGE_LV, overdracht, geinformeerd], "2026-03-06T10:00")
    assert {
        t["status"]
        for t in na["termijnen"]
        if t["code"] == "directbetrokkene_informeren_afgesproken"
    } == {"voldaan"}


# ---- every step type is offered somewhere: the screens and the API can record it ------------

ROL_PER_SOORT = {
    "veilig_thuis": "vt_medewerker",
    "lokaal_veld": "lokaal_veld_medewerker",
    "gemeente": "procescoordinator",
    "zorgaanbieder": "zorgaanbieder_medewerker",
    "zorg_en_veiligheidshuis": "zvh_procesregisseur",
}


def _partijen(g: engine.Gebeurtenis, gemeenten: set[str]) -> set[str]:
    """The parties an event names (who did it, who got it), plus each gemeente's two parties."""
    uit = {"veilig_thuis", "zorg_en_veiligheidshuis"}
    for naam in ("door", "bij", "partij", "aan"):
        if isinstance(g.velden.get(naam), str) and ":" in g.velden[naam]:
            uit.add(g.velden[naam])
    for naam in ("naar", "samen_met"):
        waarde = g.velden.get(naam)
        uit |= {x for x in waarde if ":" in x} if isinstance(waarde, list) else set()
    for gemeente in gemeenten:
        uit |= {f"lokaal_veld:{gemeente}", f"gemeente:{gemeente}"}
    return uit


def test_every_step_type_is_offered_to_the_party_that_records_it_in_some_scenario() -> None:
    """Issue #11 "the screens and the API offer every new step": replaying every scenario, each
    recorded step is in `mogelijke_stappen` of at least one party just before it happened, for
    every step type of the core. A step that is never offered cannot be recorded at all."""
    from datetime import timedelta
    from pathlib import Path

    from zicht.core.casus import Afwijzing
    from zicht.core.partijen import soort
    from zicht.core.scenario import laad_scenario

    aangeboden: set[str] = set()
    vastgelegd: set[str] = set()
    for pad in sorted(Path(__file__).resolve().parents[2].glob("scenarios/*.yaml")):
        s = laad_scenario(pad)
        gemeenten: set[str] = set()
        for i, g in enumerate(s.gebeurtenissen):
            gemeenten |= set(g.velden.get("gemeenten", []))
            if i == 0 or g.type in aangeboden:
                continue
            try:
                casus = engine.bereken(
                    s.gebeurtenissen[:i], g.op - timedelta(seconds=1), s.afspraken
                )
                engine.bereken(s.gebeurtenissen[: i + 1], g.op, s.afspraken)  # accepted?
            except Afwijzing:
                continue  # a scenario about a refusal
            vastgelegd.add(g.type)
            for partij in _partijen(g, gemeenten | set(casus.gemeenten)):
                rol = ROL_PER_SOORT.get(soort(partij))
                if rol and g.type in acties.mogelijke_stappen(casus, partij, rol):
                    aangeboden.add(g.type)
                    break

    from zicht.core.gebeurtenissen import EIGEN_HANDELING

    stappen = set(SCHEMA) - EIGEN_HANDELING
    assert stappen <= vastgelegd, sorted(stappen - vastgelegd)
    assert vastgelegd - EIGEN_HANDELING <= aangeboden, sorted(vastgelegd - aangeboden)
