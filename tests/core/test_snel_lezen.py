"""The shortcuts of the rebuild's hot path give exactly what the plain code gives."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from zicht.core import engine
from zicht.core.gebeurtenissen import InvoerFout, lees_opgeslagen
from zicht.core.kalender import AMSTERDAM, TekstLader, laad_kalender
from zicht.core.termijn import Maanden, Weken, Werkdagen, plus_maanden
from zicht.core.toestand import dag, iso, moment

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
AFSPRAKEN = engine.laad_afspraken()


def als_opgeslagen(ruw: dict[str, Any]) -> tuple[str, datetime, dict[str, Any]]:
    """An event as the store keeps it: type and moment apart, the fields as JSON gives them.

    The store keeps its own recording moment (`recorded_at`), never a scenario's `geregistreerd`.
    """
    velden = {k: v for k, v in ruw.items() if k not in ("type", "op", "geregistreerd")}
    velden = json.loads(json.dumps(velden, default=str))
    return str(ruw["type"]), engine.lees_moment(ruw["op"]).astimezone(UTC), velden


def scenario_gebeurtenissen() -> list[dict[str, Any]]:
    uit = []
    for pad in sorted(SCENARIOS.glob("*.yaml")):
        inhoud = yaml.load(pad.read_text(encoding="utf-8"), Loader=TekstLader)  # noqa: S506
        uit += [g for g in inhoud.get("gebeurtenissen", []) if isinstance(g, dict)]
    return uit


def beide(ruw: dict[str, Any]) -> tuple[engine.Gebeurtenis, engine.Gebeurtenis]:
    soort, op, velden = als_opgeslagen(ruw)
    gecontroleerd = engine.lees_gebeurtenis({**velden, "type": soort, "op": op}, 0, AFSPRAKEN)
    return lees_opgeslagen(soort, op, velden), gecontroleerd


def test_every_scenario_event_reads_the_same_the_trusted_way() -> None:
    gelezen = 0
    for ruw in scenario_gebeurtenissen():
        try:
            vertrouwd, gecontroleerd = beide(ruw)
        except InvoerFout:
            continue  # scenarios of refused input: never stored
        assert vertrouwd == gecontroleerd
        assert vertrouwd.op.isoformat() == gecontroleerd.op.isoformat()
        gelezen += 1
    assert gelezen > 300


@pytest.mark.parametrize(
    "ruw",
    [
        # a number where text is asked for is stored as a number and read as text
        {
            "type": "veiligheidsbeoordeling_afgerond",
            "besluit": "onderzoek",
            "onderbouwing": 5,
            "beoordelaars": ["a", 7],
        },  # fmt: skip
        # a date in another ISO form is read as YYYY-MM-DD; toelichting is no field of the event
        {
            "type": "plan_vastgesteld",
            "onderdelen": ["consequenties"],
            "evaluatiemomenten": ["20261201", "2026-11-03"],
            "termijn_voorwaarden": "20270101",
            "toelichting": "x",
        },  # fmt: skip
        {
            "type": "monitoringscontact",
            "scores": [{"score": 4, "door": "p1", "onderbouwing": 3}],
            "directe_veiligheid": False,
        },  # fmt: skip
    ],
)
def test_unusual_stored_values_are_cleaned_like_the_checking_read(ruw: dict[str, Any]) -> None:
    vertrouwd, gecontroleerd = beide({**ruw, "op": "2026-10-25T02:30:00+01:00"})
    assert vertrouwd == gecontroleerd
    assert vertrouwd.op.fold == gecontroleerd.op.fold == 1


@given(st.dates(date(1990, 1, 1), date(2100, 12, 31)), st.integers(-240, 240))
def test_plus_maanden_is_relativedelta(d: date, n: int) -> None:
    assert plus_maanden(d, n) == d + relativedelta(months=n)


KALENDER = laad_kalender()


@given(st.dates(date(2020, 1, 1), date(2040, 12, 31)), st.integers(0, 40))
def test_remembered_deadlines_are_the_computed_ones(start: date, n: int) -> None:
    for _ in range(2):  # the second time from the calendar's memory
        assert Werkdagen(n).uiterlijk(start, KALENDER) == KALENDER.plus_werkdagen(start, n)
        assert Weken(n).uiterlijk(start, KALENDER) == KALENDER.werkdag_op_of_na(
            start + timedelta(weeks=n)
        )
        assert Maanden(n).uiterlijk(start, KALENDER) == KALENDER.werkdag_op_of_na(
            start + relativedelta(months=n)
        )


@given(
    st.datetimes(datetime(1900, 1, 1), datetime(2100, 12, 31), timezones=st.just(UTC)),
    st.sampled_from([UTC, AMSTERDAM]),
    st.booleans(),
)
def test_moments_and_days_are_written_as_isoformat_writes_them(
    utc: datetime, zone: Any, opnieuw: bool
) -> None:
    """`iso` builds the text from remembered parts; the text is isoformat's, in every era
    (offsets with seconds before 1937), with microseconds, in either hour of the switch."""
    m = utc.astimezone(zone)
    verwacht = m.astimezone(AMSTERDAM).isoformat()
    for _ in range(2 if opnieuw else 1):  # the second time from the remembered parts
        assert iso(m) == verwacht
        assert moment(m) == verwacht
        assert dag(m.date()) == m.date().isoformat()


def test_remembered_moments_keep_the_repeated_hour_apart() -> None:
    zomer = datetime(2026, 10, 25, 0, 30, tzinfo=UTC).astimezone(AMSTERDAM)
    winter = datetime(2026, 10, 25, 1, 30, tzinfo=UTC).astimezone(AMSTERDAM)
    assert zomer == winter  # Python ignores fold within one time zone ...
    assert moment(zomer) == "2026-10-25T02:30:00+02:00"  # ... the state does not
    assert moment(winter) == "2026-10-25T02:30:00+01:00"
    assert moment(winter.astimezone(UTC)) == "2026-10-25T02:30:00+01:00"


@pytest.mark.parametrize("veld", ["gezinsvoogd", "volgnummer"])
def test_a_number_beyond_64_bits_is_refused_as_input(veld: str) -> None:
    """The rebuild reads stored fields with orjson, which makes such a number a float: the
    case would rebuild to another state than it had, so the number never gets stored."""
    import orjson

    assert isinstance(orjson.loads(str(2**64)), float)  # why: the reader's limit
    grens = 2**63 - 1
    basis: dict[str, Any] = {"op": "2026-03-10T09:00+01:00"}
    if veld == "gezinsvoogd":
        basis |= {"type": "melding_ontvangen", "gemeenten": ["Heerlen"], "bron": "burger"}
    else:
        basis |= {"type": "gebeurtenis_ingetrokken", "onderbouwing": "dubbel ingevoerd"}
    with pytest.raises(InvoerFout, match="getal te groot"):
        engine.lees_gebeurtenis({**basis, veld: grens + 1}, 0, AFSPRAKEN)
    gelezen = engine.lees_gebeurtenis({**basis, veld: grens}, 0, AFSPRAKEN)
    assert str(grens) in str(gelezen)
