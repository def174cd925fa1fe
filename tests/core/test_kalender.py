"""Tests for zicht.core.kalender: Atw holidays, working days, office hours, kalender.yaml."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
import pytest
from dateutil.easter import easter
from hypothesis import given
from hypothesis import strategies as st

from zicht.core.kalender import (
    AMSTERDAM,
    FEESTDAGREGELS,
    Feestdag,
    Kalender,
    KalenderFout,
    laad_kalender,
)

ALLE_REGELS = list(FEESTDAGREGELS)
KAL = Kalender(ALLE_REGELS, {})
datums = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
aantallen = st.integers(min_value=0, max_value=400)


def ams(j: int, m: int, d: int, uur: int, minuut: int) -> datetime:
    return datetime(j, m, d, uur, minuut, tzinfo=AMSTERDAM)


# --- holidays -------------------------------------------------------------------------------


def test_feestdagen_2026() -> None:
    assert [(f.datum, f.naam) for f in KAL.feestdagen(2026)] == [
        (date(2026, 1, 1), "Nieuwjaarsdag"),
        (date(2026, 4, 3), "Goede Vrijdag"),
        (date(2026, 4, 6), "Tweede Paasdag"),
        (date(2026, 4, 27), "Koningsdag"),
        (date(2026, 5, 5), "Bevrijdingsdag"),
        (date(2026, 5, 14), "Hemelvaartsdag"),
        (date(2026, 5, 25), "Tweede Pinksterdag"),
        (date(2026, 12, 25), "Eerste Kerstdag"),
        (date(2026, 12, 26), "Tweede Kerstdag"),
    ]


def test_grond_per_feestdag() -> None:
    gronden = {f.naam: f.grond for f in KAL.feestdagen(2026)}
    assert gronden["Goede Vrijdag"] == "Atw art. 3 lid 2"
    assert gronden["Bevrijdingsdag"] == "Atw art. 3 lid 1"
    assert gronden["Koningsdag"] == "Atw art. 3 lid 1"


def test_koningsdag_op_zondag_wordt_zaterdag() -> None:
    assert date(2025, 4, 27).weekday() == 6
    assert Feestdag(date(2025, 4, 26), "Koningsdag", "Atw art. 3 lid 1") in KAL.feestdagen(2025)
    assert KAL.is_feestdag(date(2025, 4, 26))
    assert not KAL.is_feestdag(date(2025, 4, 27))


def test_koninginnedag_voor_2014() -> None:
    assert KAL.is_feestdag(date(2013, 4, 30))
    assert not KAL.is_feestdag(date(2013, 4, 27))
    assert KAL.is_feestdag(date(2006, 4, 29))  # 30 April 2006 was a Sunday
    assert not KAL.is_feestdag(date(2006, 4, 30))
    assert KAL.is_feestdag(date(2014, 4, 26))  # 27 April 2014 was a Sunday


def test_bevrijdingsdag_ook_buiten_lustrumjaren() -> None:
    assert KAL.is_feestdag(date(2026, 5, 5))
    assert not KAL.is_werkdag(date(2026, 5, 5))  # a Tuesday
    assert KAL.is_werkdag(date(2026, 5, 4))


def test_regels_zijn_data() -> None:
    zonder = Kalender([r for r in ALLE_REGELS if r != "bevrijdingsdag"], {})
    assert zonder.is_werkdag(date(2026, 5, 5))
    assert len(zonder.feestdagen(2026)) == 8


def test_onbekende_regel() -> None:
    with pytest.raises(ValueError, match="sinterklaas"):
        Kalender(["nieuwjaarsdag", "sinterklaas"], {})


def test_gelijkgestelde_dag_is_geen_werkdag() -> None:
    vrijdag = date(2026, 5, 15)  # the Friday after Hemelvaartsdag 2026
    assert KAL.is_werkdag(vrijdag)
    kal = Kalender(ALLE_REGELS, {vrijdag: "besluit X"})
    assert not kal.is_werkdag(vrijdag)
    assert kal.is_feestdag(vrijdag)
    dag = next(f for f in kal.feestdagen(2026) if f.datum == vrijdag)
    assert dag.grond.startswith("Atw art. 3 lid 3") and "besluit X" in dag.grond
    assert kal.plus_werkdagen(date(2026, 5, 13), 1) == date(2026, 5, 18)


# --- working-day arithmetic -----------------------------------------------------------------


def test_is_werkdag_weekend() -> None:
    assert KAL.is_werkdag(date(2026, 3, 6))  # Friday
    assert not KAL.is_werkdag(date(2026, 3, 7))
    assert not KAL.is_werkdag(date(2026, 3, 8))


def test_plus_werkdagen_concreet() -> None:
    assert KAL.plus_werkdagen(date(2026, 3, 2), 5) == date(2026, 3, 9)
    assert KAL.plus_werkdagen(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Friday -> Monday


def test_vijf_werkdagen_over_pasen_2026() -> None:
    # Wed 1 Apr; Fri 3 Apr (Goede Vrijdag), weekend, Mon 6 Apr (Tweede Paasdag) do not count:
    # Thu 2, Tue 7, Wed 8, Thu 9, Fri 10 April.
    assert KAL.plus_werkdagen(date(2026, 4, 1), 5) == date(2026, 4, 10)
    assert KAL.werkdagen_tussen(date(2026, 4, 1), date(2026, 4, 10)) == 5


def test_plus_werkdagen_nul_en_negatief() -> None:
    assert KAL.plus_werkdagen(date(2026, 3, 2), 0) == date(2026, 3, 2)
    assert KAL.plus_werkdagen(date(2026, 4, 3), 0) == date(2026, 4, 7)
    with pytest.raises(ValueError):
        KAL.plus_werkdagen(date(2026, 3, 2), -1)


def test_werkdag_op_of_na_en_volgende() -> None:
    assert KAL.werkdag_op_of_na(date(2026, 12, 25)) == date(2026, 12, 28)
    assert KAL.werkdag_op_of_na(date(2026, 12, 24)) == date(2026, 12, 24)
    assert KAL.volgende_werkdag(date(2026, 12, 24)) == date(2026, 12, 28)
    assert KAL.volgende_werkdag(date(2026, 12, 31)) == date(2027, 1, 4)  # 1 Jan 2027 = Friday


def test_werkdagen_tussen_halfopen() -> None:
    assert KAL.werkdagen_tussen(date(2026, 3, 2), date(2026, 3, 2)) == 0
    assert KAL.werkdagen_tussen(date(2026, 3, 9), date(2026, 3, 2)) == 0
    assert KAL.werkdagen_tussen(date(2026, 3, 2), date(2026, 3, 3)) == 1
    assert KAL.werkdagen_tussen(date(2025, 12, 31), date(2027, 1, 1)) == 261 - 8  # 2026


# --- office hours ---------------------------------------------------------------------------


@pytest.mark.parametrize("dag", [date(2026, 1, 14), date(2026, 7, 15)])  # winter, summer
def test_kantooruren_grenzen(dag: date) -> None:
    j, m, d = dag.year, dag.month, dag.day
    assert not KAL.binnen_kantooruren(ams(j, m, d, 8, 29))
    assert KAL.binnen_kantooruren(ams(j, m, d, 8, 30))
    assert KAL.binnen_kantooruren(ams(j, m, d, 16, 59))
    assert not KAL.binnen_kantooruren(ams(j, m, d, 17, 0))


@pytest.mark.parametrize(
    ("utc", "binnen"),
    [
        (datetime(2026, 1, 14, 7, 29, tzinfo=UTC), False),  # 08:29 CET
        (datetime(2026, 1, 14, 7, 30, tzinfo=UTC), True),  # 08:30 CET
        (datetime(2026, 7, 15, 6, 30, tzinfo=UTC), True),  # 08:30 CEST
        (datetime(2026, 7, 15, 6, 29, tzinfo=UTC), False),
        (datetime(2026, 7, 15, 14, 59, tzinfo=UTC), True),  # 16:59 CEST
        (datetime(2026, 7, 15, 15, 0, tzinfo=UTC), False),  # 17:00 CEST
        (datetime(2026, 1, 14, 15, 59, tzinfo=UTC), True),  # 16:59 CET
        (datetime(2026, 1, 14, 16, 0, tzinfo=UTC), False),  # 17:00 CET
    ],
)
def test_kantooruren_andere_tijdzone(utc: datetime, binnen: bool) -> None:
    assert KAL.binnen_kantooruren(utc) is binnen


def test_kantooruren_niet_op_feestdag_of_weekend() -> None:
    assert not KAL.binnen_kantooruren(ams(2026, 4, 27, 10, 0))  # Koningsdag
    assert not KAL.binnen_kantooruren(ams(2026, 3, 7, 10, 0))  # Saturday


def test_kantooruren_eigen_tijden() -> None:
    kal = Kalender(ALLE_REGELS, {}, (time(9, 0), time(12, 0)))
    assert not kal.binnen_kantooruren(ams(2026, 3, 2, 8, 45))
    assert kal.binnen_kantooruren(ams(2026, 3, 2, 11, 59))
    assert not kal.binnen_kantooruren(ams(2026, 3, 2, 12, 0))
    with pytest.raises(ValueError):
        Kalender(ALLE_REGELS, {}, (time(17, 0), time(8, 30)))


def test_naief_moment_geweigerd() -> None:
    with pytest.raises(ValueError):
        KAL.binnen_kantooruren(datetime(2026, 3, 2, 10, 0))
    with pytest.raises(ValueError):
        KAL.eerstvolgende_kantoordag(datetime(2026, 3, 2, 10, 0))


def test_eerstvolgende_kantoordag() -> None:
    assert KAL.eerstvolgende_kantoordag(ams(2026, 3, 2, 7, 0)) == date(2026, 3, 2)
    assert KAL.eerstvolgende_kantoordag(ams(2026, 3, 2, 12, 0)) == date(2026, 3, 2)
    assert KAL.eerstvolgende_kantoordag(ams(2026, 3, 2, 17, 0)) == date(2026, 3, 3)
    assert KAL.eerstvolgende_kantoordag(ams(2026, 3, 6, 18, 0)) == date(2026, 3, 9)
    assert KAL.eerstvolgende_kantoordag(ams(2026, 4, 2, 23, 0)) == date(2026, 4, 7)  # Easter
    # 23:30 UTC on Friday 6 March is already Saturday in Amsterdam
    utc = datetime(2026, 3, 6, 23, 30, tzinfo=UTC)
    assert KAL.eerstvolgende_kantoordag(utc) == date(2026, 3, 9)
    tokyo = datetime(2026, 3, 3, 1, 0, tzinfo=ZoneInfo("Asia/Tokyo"))  # Mon 17:00 Amsterdam
    assert KAL.eerstvolgende_kantoordag(tokyo) == date(2026, 3, 3)


# --- properties -----------------------------------------------------------------------------


@given(datums, st.integers(min_value=1, max_value=400))
def test_werkdagen_tussen_inverse(d: date, n: int) -> None:
    assert KAL.werkdagen_tussen(d, KAL.plus_werkdagen(d, n)) == n


@given(datums, aantallen)
def test_plus_werkdagen_strikt_stijgend(d: date, n: int) -> None:
    resultaat = KAL.plus_werkdagen(d, n)
    assert KAL.is_werkdag(resultaat)
    volgende = KAL.plus_werkdagen(d, n + 1)
    if n >= 1 or KAL.is_werkdag(d):
        assert volgende > resultaat
        assert volgende == KAL.volgende_werkdag(resultaat)
    else:
        # n == 0 is werkdag_op_of_na(d): on a non-working day it coincides with n == 1
        assert volgende == resultaat


@given(datums, st.integers(min_value=0, max_value=60))
def test_werkdagen_tussen_telt_dag_voor_dag(d: date, lengte: int) -> None:
    b = d + timedelta(days=lengte)
    verwacht = sum(KAL.is_werkdag(d + timedelta(days=i)) for i in range(1, lengte + 1))
    assert KAL.werkdagen_tussen(d, b) == verwacht


def test_paasfeestdagen_tegen_holidays_orakel() -> None:
    for jaar in range(1990, 2101):
        pasen = easter(jaar)
        assert pasen.weekday() == 6
        assert date(jaar, 3, 22) <= pasen <= date(jaar, 4, 25)
        orakel = holidays.Netherlands(years=jaar, language="en_US")
        per_naam = {naam: d for d in orakel for naam in orakel.get_list(d)}
        ons = {f.naam: f.datum for f in KAL.feestdagen(jaar)}
        assert ons["Tweede Paasdag"] == per_naam["Easter Monday"], jaar
        assert ons["Goede Vrijdag"] == per_naam["Easter Monday"] - timedelta(days=3), jaar
        assert ons["Hemelvaartsdag"] == per_naam["Ascension Day"], jaar
        assert ons["Tweede Pinksterdag"] == per_naam["Pentecost Monday"], jaar
        koning = "King's Day" if jaar >= 2014 else "Queen's Day"
        assert ons.get("Koningsdag", ons.get("Koninginnedag")) == per_naam[koning], jaar


# --- kalender.yaml --------------------------------------------------------------------------


def test_meegeleverde_kalender() -> None:
    kal = laad_kalender()
    assert kal.feestdagregels == tuple(ALLE_REGELS)
    assert kal.kantooruren == (time(8, 30), time(17, 0))
    assert kal.feestdagen(2026) == KAL.feestdagen(2026)


GOED = """\
feestdagen: [nieuwjaarsdag, hemelvaartsdag]
kantooruren: {van: "09:00", tot: "16:00", grond: "test"}
gelijkgestelde_dagen:
  2026:
    - {datum: 2026-05-15, besluit: "Besluit A"}
    - {datum: "2026-12-24", besluit: "Besluit B"}
"""


def schrijf(tmp_path: Path, tekst: str) -> Path:
    pad = tmp_path / "kalender.yaml"
    pad.write_text(tekst, encoding="utf-8")
    return pad


def test_laad_kalender_uit_bestand(tmp_path: Path) -> None:
    kal = laad_kalender(schrijf(tmp_path, GOED))
    assert kal.kantooruren == (time(9, 0), time(16, 0))
    assert kal.gelijkgestelde_dagen == {
        date(2026, 5, 15): "Besluit A",
        date(2026, 12, 24): "Besluit B",
    }
    assert not kal.is_werkdag(date(2026, 5, 15))
    assert not kal.is_werkdag(date(2026, 12, 24))
    assert kal.is_werkdag(date(2026, 12, 25))  # eerste_kerstdag not configured here


@pytest.mark.parametrize(
    ("oud", "nieuw", "sleutel", "probleem"),
    [
        ("2026-05-15", "2026-02-30", "gelijkgestelde_dagen.2026[0].datum", "geen geldige datum"),
        ('"2026-12-24"', '"24-12-2026"', "gelijkgestelde_dagen.2026[1].datum", "geen geldige"),
        ("2026-05-15", "2027-05-15", "gelijkgestelde_dagen.2026[0].datum", "valt niet in 2026"),
        ('besluit: "Besluit A"', 'besluit: ""', "gelijkgestelde_dagen.2026[0].besluit", "tekst"),
        ("hemelvaartsdag]", "sinterklaas]", "feestdagen[1]", "onbekende feestdagregel"),
        ('"09:00"', "9", "kantooruren.van", "geen geldige tijd"),
        ('"16:00"', '"25:00"', "kantooruren.tot", "geen geldige tijd"),
        ('"16:00"', '"08:00"', "kantooruren", "ligt niet voor"),
        ("  2026:", "  twintig:", "gelijkgestelde_dagen.twintig", "geen jaartal"),
        ("feestdagen:", "feestdag:", "feestdag", "onbekende sleutel"),
    ],
)
def test_foute_kalender(tmp_path: Path, oud: str, nieuw: str, sleutel: str, probleem: str) -> None:
    assert oud in GOED
    pad = schrijf(tmp_path, GOED.replace(oud, nieuw, 1))
    with pytest.raises(KalenderFout) as fout:
        laad_kalender(pad)
    tekst = str(fout.value)
    assert tekst.startswith(f"kalender.yaml: {sleutel}: "), tekst
    assert probleem in tekst


def test_kalender_ongeldige_yaml_en_ontbrekend(tmp_path: Path) -> None:
    with pytest.raises(KalenderFout, match=r"^kalender\.yaml: .*YAML"):
        laad_kalender(schrijf(tmp_path, "feestdagen: [nieuwjaarsdag\n"))
    with pytest.raises(KalenderFout, match=r"^elders\.yaml: "):
        laad_kalender(tmp_path / "elders.yaml")
    assert issubclass(KalenderFout, ValueError)
