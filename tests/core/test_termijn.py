"""Tests for zicht.core.termijn: term types, parsing and overrun moment (SPEC §3)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zicht.core.kalender import AMSTERDAM, FEESTDAGREGELS, Kalender
from zicht.core.termijn import (
    Dagen,
    Maanden,
    Termijnduur,
    Weken,
    Werkdagen,
    parse_termijn,
    plus_maanden,
    plus_weken,
    verlopen_vanaf,
)

KAL = Kalender(list(FEESTDAGREGELS), {})
datums = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
aantallen = st.integers(min_value=0, max_value=400)
rollende_termijnen = st.one_of(
    st.builds(Werkdagen, aantallen), st.builds(Weken, aantallen), st.builds(Maanden, aantallen)
)


def test_werkdagen() -> None:
    assert Werkdagen(5).uiterlijk(date(2026, 3, 2), KAL) == date(2026, 3, 9)
    assert Werkdagen(5).uiterlijk(date(2026, 4, 1), KAL) == date(2026, 4, 10)  # over Easter


def test_weken() -> None:
    assert Weken(3).uiterlijk(date(2026, 3, 5), KAL) == date(2026, 3, 26)
    # Monday 20 April + 1 week = Monday 27 April = Koningsdag -> Tuesday 28 April
    assert Weken(1).uiterlijk(date(2026, 4, 20), KAL) == date(2026, 4, 28)
    # Saturday + 2 weeks = Saturday -> Monday
    assert Weken(2).uiterlijk(date(2026, 3, 7), KAL) == date(2026, 3, 23)


def test_maanden_einde_maand() -> None:
    # 31 Jan 2026 + 1 month = 28 Feb 2026 (Saturday) -> Monday 2 March
    assert plus_maanden(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert Maanden(1).uiterlijk(date(2026, 1, 31), KAL) == date(2026, 3, 2)
    assert plus_maanden(date(2028, 1, 31), 1) == date(2028, 2, 29)  # leap year
    assert Maanden(3).uiterlijk(date(2026, 1, 31), KAL) == date(2026, 4, 30)
    # 14 Feb + 3 months = 14 May 2026 = Hemelvaartsdag -> Friday 15 May
    assert Maanden(3).uiterlijk(date(2026, 2, 14), KAL) == date(2026, 5, 15)


def test_dagen_rolt_niet() -> None:
    zaterdag = date(2026, 3, 7)
    assert Dagen(0).uiterlijk(zaterdag, KAL) == zaterdag
    assert Dagen(1).uiterlijk(zaterdag, KAL) == date(2026, 3, 8)
    assert Dagen(1).uiterlijk(date(2026, 4, 26), KAL) == date(2026, 4, 27)  # Koningsdag


def test_hulpfuncties_rollen_niet() -> None:
    assert plus_weken(date(2026, 4, 20), 1) == date(2026, 4, 27)
    assert plus_maanden(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert plus_maanden(date(2026, 11, 30), 3) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("termijn", "tekst"),
    [
        (Werkdagen(5), "5 werkdagen"),
        (Werkdagen(1), "1 werkdag"),
        (Weken(3), "3 weken"),
        (Weken(1), "1 week"),
        (Maanden(2), "2 maanden"),
        (Maanden(1), "1 maand"),
        (Dagen(0), "0 dagen"),
        (Dagen(1), "1 dag"),
    ],
)
def test_str_en_parse(termijn: Termijnduur, tekst: str) -> None:
    assert str(termijn) == tekst
    assert parse_termijn(tekst) == termijn
    assert parse_termijn(f"  {tekst.upper()} ") == termijn


def test_parse_varianten() -> None:
    assert parse_termijn("1 werkdagen") == Werkdagen(1)
    assert parse_termijn("10 Weken") == Weken(10)
    assert parse_termijn("3\tmaand") == Maanden(3)
    assert parse_termijn("12 maanden") != Weken(12)


@pytest.mark.parametrize(
    "tekst",
    [
        "",
        "5",
        "werkdagen",
        "5 werkdagen extra",
        "-1 dagen",
        "5 jaar",
        "vijf weken",
        "2.5 weken",
        "5werkdagen",
        "5 werkdag en",
    ],
)
def test_parse_fout(tekst: str) -> None:
    with pytest.raises(ValueError) as fout:
        parse_termijn(tekst)
    bericht = str(fout.value)
    assert repr(tekst) in bericht
    assert "werkdag(en)" in bericht and "maand(en)" in bericht


def test_negatief_aantal() -> None:
    for soort in (Werkdagen, Weken, Maanden, Dagen):
        with pytest.raises(ValueError):
            soort(-1)


def test_verlopen_vanaf() -> None:
    moment = verlopen_vanaf(date(2026, 3, 9))
    assert moment == datetime(2026, 3, 10, 0, 0, tzinfo=AMSTERDAM)
    assert moment.utcoffset() == timedelta(hours=1)
    assert moment.astimezone(UTC) == datetime(2026, 3, 9, 23, 0, tzinfo=UTC)
    zomer = verlopen_vanaf(date(2026, 7, 31))
    assert zomer.astimezone(UTC) == datetime(2026, 7, 31, 22, 0, tzinfo=UTC)
    # the night of the switch to summer time (29 March 2026, 02:00 -> 03:00)
    overgang = verlopen_vanaf(date(2026, 3, 28))
    assert overgang.astimezone(UTC) == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)


# --- properties -----------------------------------------------------------------------------


@given(datums, rollende_termijnen)
def test_uiterlijk_altijd_werkdag(start: date, termijn: Werkdagen | Weken | Maanden) -> None:
    uiterlijk = termijn.uiterlijk(start, KAL)
    assert KAL.is_werkdag(uiterlijk)
    assert uiterlijk >= start


@given(datums, aantallen)
def test_weken_en_maanden_rollen_hoogstens_tot_eerste_werkdag(start: date, n: int) -> None:
    for kaal, termijn in ((plus_weken(start, n), Weken(n)), (plus_maanden(start, n), Maanden(n))):
        uiterlijk = termijn.uiterlijk(start, KAL)
        assert kaal <= uiterlijk
        assert all(
            not KAL.is_werkdag(kaal + timedelta(days=i)) for i in range((uiterlijk - kaal).days)
        )


@given(datums, st.integers(min_value=1, max_value=400))
def test_werkdagen_telt_precies_n(start: date, n: int) -> None:
    assert KAL.werkdagen_tussen(start, Werkdagen(n).uiterlijk(start, KAL)) == n


@given(datums)
def test_verlopen_vanaf_is_middernacht_na_uiterlijk(uiterlijk: date) -> None:
    moment = verlopen_vanaf(uiterlijk)
    assert moment.tzinfo is not None
    lokaal = moment.astimezone(AMSTERDAM)
    assert lokaal.date() == uiterlijk + timedelta(days=1)
    assert (lokaal.hour, lokaal.minute, lokaal.second) == (0, 0, 0)


@given(datums, aantallen)
def test_parse_str_rondreis(start: date, n: int) -> None:
    for termijn in (Werkdagen(n), Weken(n), Maanden(n), Dagen(n)):
        assert parse_termijn(str(termijn)) == termijn
    assert Dagen(n).uiterlijk(start, KAL) == start + timedelta(days=n)
