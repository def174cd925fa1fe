"""The regie figures of the later lifecycle against hand-computed answers: lead times after the
hand-over, re-meldingen within 12 months, escalations, non-compliance and the gemeente's answer
within six weeks (§5.5). A second small fixed set, in 2025 (peildatum 10 March 2026):

- Sittard-Geleen (Westelijke Mijnstreek), 5 cases: melding Mon 2 Jun 2025, assessed Wed 4 Jun
  (2 days), handed over directly to lokaal veld Sittard-Geleen the same day (0 days), accepted
  Thu 5 Jun (1 day); contact after 2, 5, 9, 14 and 20 days (start_contact due Wed 25 Jun, 3
  weeks: all on time); plan on Wed 2 Jul (28 days) with its conditions due Fri 29 Aug (never
  recorded as met: overdue) and an evaluation on Mon 8 Dec (held that day: on time); stable
  safety on Mon 15 Dec (194 days); then each closed because of a new melding at Veilig Thuis on
  Mon 12 Jan 2026, within 12 months of the hand-over: 5 re-meldingen.
- Kerkrade (Parkstad), 6 cases: melding Mon 1 Sep 2025, assessed and handed over directly on
  Wed 3 Sep; contact never started (start_contact due Wed 24 Sep: overdue now). Escalated to the
  gedragswetenschappers on Mon 6 Oct (their reaction due Mon 13 Oct, never given: overdue);
  non-compliance reported to gemeente Kerkrade on Mon 13
  Oct: its answer is due in six weeks, Mon 24 Nov. Three answer on Thu 20 Nov (on time), one on
  Mon 1 Dec (late), two never (overdue now).
- In both: the letter to the directbetrokkenen and informing all of them (direct hand-over) were
  never recorded: 11 of each overdue.
"""

from __future__ import annotations

from datetime import date

import pytest

from zicht.regie import cijfers, verversen
from zicht.regie.cijfers import Bereik, Gebieden, Keuze
from zicht.regie.models import DoorlooptijdCijfer, GebeurtenisCijfer, TermijnCijfer

from .conftest import NU, ev, maak_casus
from .test_cijfers import DIRECT, melding, triage

CONTACT_NA = [2, 5, 9, 14, 20]  # days after the hand-over on Wed 4 Jun 2025


@pytest.fixture
def keten_set(orgs: None) -> None:
    for dagen in CONTACT_NA:
        maak_casus(
            melding("Sittard-Geleen", "2025-06-02T09:00"),
            triage("2025-06-04T10:00", "lokaal_veld"),
            ev(
                "2025-06-04T11:00",
                "overdracht",
                moment="direct",
                naar=["lokaal_veld:Sittard-Geleen"],
                wijze="digitaal",
                informatie=DIRECT,
            ),
            ev("2025-06-05T10:00", "overdracht_geaccepteerd", door="lokaal_veld:Sittard-Geleen"),
            ev("2025-06-05T11:00", "casusregie_belegd", bij="lokaal_veld:Sittard-Geleen"),
            ev(
                f"{date.fromordinal(date(2025, 6, 4).toordinal() + dagen)}T10:00",
                "contact_gestart",
                door="lokaal_veld:Sittard-Geleen",
            ),
            ev(
                "2025-07-02T10:00",
                "plan_vastgesteld",
                onderdelen=[
                    "vertaling_veiligheidsvoorwaarden",
                    "termijn_voorwaarden",
                    "consequenties",
                    "risicofactoren",
                    "hulp_en_herstel",
                    "evaluatiemomenten",
                ],
                evaluatiemomenten=["2025-12-08"],
                termijn_voorwaarden="2025-08-29",
            ),
            ev(
                "2025-12-08T10:00", "evaluatie", risicofactoren_aangepakt=True, herstel_gestart=True
            ),
            ev("2025-12-15T10:00", "stabiele_veiligheid_vastgesteld"),
            ev("2026-01-12T10:00", "casusregie_afgesloten", reden="gemeld_bij_veilig_thuis"),
        )
    for i in range(6):
        gebeurtenissen = [
            melding("Kerkrade", "2025-09-01T09:00"),
            triage("2025-09-03T10:00", "lokaal_veld"),
            ev(
                "2025-09-03T11:00",
                "overdracht",
                moment="direct",
                naar=["lokaal_veld:Kerkrade"],
                wijze="digitaal",
                informatie=DIRECT,
            ),
            ev(
                "2025-10-06T10:00",
                "opgeschaald",
                naar="gedragswetenschappers",
                partij="lokaal_veld:Kerkrade",
            ),
            ev(
                "2025-10-13T10:00",
                "niet_nakomen_gemeld",
                partij="lokaal_veld:Kerkrade",
                gemeente="Kerkrade",
            ),
        ]
        if i < 3:
            gebeurtenissen.append(ev("2025-11-20T10:00", "gemeente_reactie", gemeente="Kerkrade"))
        elif i == 3:
            gebeurtenissen.append(ev("2025-12-01T10:00", "gemeente_reactie", gemeente="Kerkrade"))
        maak_casus(*gebeurtenissen)
    assert verversen.ververs(NU) == 11


G = Gebieden(verversen.subregio_per_gemeente())
ALLES = Bereik.alles(G)
PERIODE = {"van": date(2025, 6, 1), "tot": date(2026, 2, 1)}


def tabel(sleutel: str, keuze: Keuze, bereik: Bereik = ALLES) -> dict[str, list[str]]:
    t = next(t for t in cijfers.alle_tabellen(G, keuze, bereik) if t.sleutel == sleutel)
    return dict(t.rijen)


RIJ = ["Vervallen", "Op tijd", "%", "Te laat", "%", "Nu verlopen", "%"]


def test_terms_per_code_due_on_time_late_and_overdue(keten_set: None) -> None:
    rijen = tabel("termijnen", Keuze(**PERIODE))
    assert rijen["Veiligheidsbeoordeling"] == ["11", "11", "100%", "<5", "—", "<5", "—"]
    assert rijen["Brief aan de directbetrokkenen"] == ["11", "<5", "—", "<5", "—", "11", "100%"]
    assert rijen["Informeren van alle directbetrokkenen"] == [
        *["11", "<5", "—", "<5", "—", "11", "100%"]
    ]
    # 5 on time, 0 late, 6 overdue: the 0 is hidden, so the 5 is too ("×"), else 11 - 5 - 6.
    assert rijen["Start contact met het gezin"] == ["11", "×", "—", "<5", "—", "6", "55%"]
    assert rijen["Reactie van de gemeente op niet-nakomen"] == [
        *["6", "<5", "—", "<5", "—", "<5", "—"]
    ]
    assert rijen["Evaluatie van het plan"] == ["5", "5", "100%", "<5", "—", "<5", "—"]
    assert rijen["Voldoen aan de veiligheidsvoorwaarden"] == [
        "5",
        "<5",
        "—",
        "<5",
        "—",
        "5",
        "100%",
    ]
    assert rijen["Reactie op een opschaling"] == ["6", "<5", "—", "<5", "—", "6", "100%"]
    # All: 11 x 4 + 6 + 5 + 5 + 6 = 66 due; on time 11 + 5 + 3 + 5 = 24; late 1 (the gemeente's
    # answer); overdue 11 + 11 + 6 + 2 + 5 + 6 = 41 (62%). The late 1 is hidden, so the on-time
    # 24 is too: 66 - 24 - 41 would give the 1 away.
    assert rijen["Alle termijnen"] == ["66", "×", "—", "<5", "—", "41", "62%"]
    # The stored figures behind the hidden cells are the hand-computed ones.
    per_code = {
        r.code: (r.vervallen, r.op_tijd, r.te_laat, r.verlopen)
        for r in TermijnCijfer.objects.filter(gemeente="Kerkrade", code="gemeente_reactie")
    }
    assert per_code == {"gemeente_reactie": (6, 3, 1, 2)}
    totalen = {"vervallen": 0, "op_tijd": 0, "te_laat": 0, "verlopen": 0}
    for r in TermijnCijfer.objects.all():
        for k in totalen:
            totalen[k] += getattr(r, k)
    assert totalen == {"vervallen": 66, "op_tijd": 24, "te_laat": 1, "verlopen": 41}


def test_the_gemeentes_answer_to_non_compliance_within_six_weeks(keten_set: None) -> None:
    rijen = tabel("niet_nakomen", Keuze(**PERIODE))
    # Kerkrade: 6 answers due, 3 on time, 1 late, 2 overdue: three hidden parts of a shown
    # total, so no single subtraction recovers any; Parkstad and the region are Kerkrade's.
    for gebied in ("Kerkrade", "Parkstad", "Zuid-Limburg"):
        assert rijen[gebied] == ["6", "<5", "—", "<5", "—", "<5", "—"], gebied
    assert rijen["Sittard-Geleen"] == ["<5", "<5", "—", "<5", "—", "<5", "—"]
    # Only November 2025, the month the answers were due, holds them.
    assert tabel("niet_nakomen", Keuze(date(2025, 10, 1), date(2025, 10, 1)))["Kerkrade"][0] == (
        "<5"
    )
    assert tabel("niet_nakomen", Keuze(date(2025, 11, 1), date(2025, 11, 1)))["Kerkrade"][0] == (
        "6"
    )


def test_re_meldingen_escalations_and_non_compliance_reports(keten_set: None) -> None:
    rijen = tabel("opschalingen", Keuze(**PERIODE))
    # Columns: re-meldingen, non-compliance reported, escalated to gedragswetenschappers,
    # leidinggevenden, Zorg- en Veiligheidshuis, Raad voor de Kinderbescherming, politie.
    assert rijen["Zuid-Limburg"] == ["5", "6", "6", "<5", "<5", "<5", "<5"]
    assert rijen["Kerkrade"] == ["<5", "6", "6", "<5", "<5", "<5", "<5"]
    assert rijen["Parkstad"] == ["<5", "6", "6", "<5", "<5", "<5", "<5"]
    assert rijen["Sittard-Geleen"] == ["5", "<5", "<5", "<5", "<5", "<5", "<5"]
    assert rijen["Westelijke Mijnstreek"] == ["5", "<5", "<5", "<5", "<5", "<5", "<5"]
    # A re-melding counts in the month the casusregie closed (January 2026), the escalations
    # and reports in October 2025.
    januari = tabel("opschalingen", Keuze(date(2026, 1, 1), date(2026, 1, 1)))
    assert januari["Zuid-Limburg"][:3] == ["5", "<5", "<5"]
    oktober = tabel("opschalingen", Keuze(date(2025, 10, 1), date(2025, 10, 1)))
    assert oktober["Zuid-Limburg"][:3] == ["<5", "6", "6"]


def test_a_re_melding_after_twelve_months_is_no_re_melding(orgs: None) -> None:
    maak_casus(
        melding("Stein", "2024-01-08T09:00"),
        triage("2024-01-10T10:00", "lokaal_veld"),
        ev(
            "2024-01-10T11:00",
            "overdracht",
            moment="direct",
            naar=["lokaal_veld:Stein"],
            wijze="digitaal",
            informatie=DIRECT,
        ),
        ev("2024-01-11T10:00", "casusregie_belegd", bij="lokaal_veld:Stein"),
        ev("2025-01-13T10:00", "casusregie_afgesloten", reden="gemeld_bij_veilig_thuis"),
    )
    verversen.ververs(NU)
    assert not GebeurtenisCijfer.objects.filter(soort="hermelding").exists()


def test_lead_times_after_the_hand_over(keten_set: None) -> None:
    rijen = tabel("doorlooptijden", Keuze(**PERIODE))
    # Columns: count, median, 80th percentile (nearest rank).
    assert rijen["Melding → veiligheidsbeoordeling"] == ["11", "2", "2"]
    assert rijen["Veiligheidsbeoordeling → overdracht"] == ["11", "0", "0"]
    assert rijen["Overdracht → acceptatie"] == ["5", "1", "1"]
    # 2, 5, 9, 14, 20: median the 3rd (9), 80th percentile the 4th (ceil(0.8 x 5) = 4: 14).
    assert rijen["Overdracht → eerste contact"] == ["5", "9", "14"]
    assert rijen["Overdracht → plan"] == ["5", "28", "28"]
    assert rijen["Overdracht → stabiele veiligheid"] == ["5", "194", "194"]
    # Kerkrade alone handed over 6 cases; none accepted, contacted or planned: 0, hidden.
    kerkrade = tabel("doorlooptijden", Keuze(**PERIODE, gebied="gemeente:Kerkrade"))
    assert kerkrade["Veiligheidsbeoordeling → overdracht"] == ["6", "0", "0"]
    assert kerkrade["Overdracht → eerste contact"] == ["<5", "—", "—"]
    contact = dict(
        DoorlooptijdCijfer.objects.filter(stap="overdracht_contact").values_list("dagen", "aantal")
    )
    assert contact == {2: 1, 5: 1, 9: 1, 14: 1, 20: 1}


def test_terms_per_party(keten_set: None) -> None:
    rijen = tabel("termijnen_per_partij", Keuze(**PERIODE))
    # Gemeente Kerkrade: its 6 answers. Lokaal veld Kerkrade: 6 contacts, 6 informing, 6
    # escalation reactions, all overdue (18). Lokaal veld Sittard-Geleen: 5 contacts and 5
    # evaluations on time, 5 informing and 5 conditions overdue (20: 10 and 10). Veilig Thuis:
    # 11 assessments on time, 11 letters overdue (22).
    assert rijen["Gemeente Kerkrade"] == ["6", "<5", "—", "<5", "—", "<5", "—"]
    assert rijen["Lokaal veld Kerkrade"] == ["18", "<5", "—", "<5", "—", "18", "100%"]
    # Sittard-Geleen's 0 late is hidden, so its 10 and 10 are too (the region's total is shown).
    assert rijen["Lokaal veld Sittard-Geleen"] == ["20", "×", "—", "<5", "—", "×", "—"]
    assert rijen["Veilig Thuis"] == ["22", "×", "—", "<5", "—", "11", "50%"]
    sg = TermijnCijfer.objects.filter(partij="lokaal_veld:Sittard-Geleen")
    assert sum(r.op_tijd for r in sg) == 10 and sum(r.verlopen for r in sg) == 10


def test_inflow_by_source_and_triage(keten_set: None) -> None:
    bron = tabel("instroom_bron", Keuze(**PERIODE))
    assert bron["juni 2025"] == ["5", "<5", "<5", "<5", "5"]
    assert bron["september 2025"] == ["6", "<5", "<5", "<5", "6"]
    assert bron["oktober 2025"] == ["<5", "<5", "<5", "<5", "<5"]
    assert bron["Hele periode"] == ["11", "<5", "<5", "<5", "11"]
    besluit = tabel("instroom_besluit", Keuze(**PERIODE))
    # Columns: onderzoek, voorwaarden en vervolg, lokaal veld, ... , not yet assessed, total.
    assert besluit["juni 2025"][2] == "5" and besluit["juni 2025"][-1] == "5"
    assert besluit["september 2025"][2] == "6"
    assert besluit["Hele periode"][2] == "11"
