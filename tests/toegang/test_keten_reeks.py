"""The access log's batch encoder gives the very text of the row-by-row one (vertrouwen.keten):
a row linked in a look of a worklist verifies as any other."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from zicht.vertrouwen.keten import NAAM, VELDEN, _canoniek, _Reeks

tekst = st.text(max_size=30)
moment = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
) | st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.just(timezone(timedelta(hours=1))),
)
rij = st.fixed_dictionaries(
    {
        **{k: tekst for k in VELDEN if k not in ("tijdstip", "casus_id", "personen", "client")},
        "tijdstip": moment,
        "casus_id": st.none() | st.uuids().map(str),
        "personen": st.none() | st.lists(tekst, max_size=4),
        "client": st.none() | tekst,
        "keten": st.sampled_from([None, NAAM, f"{NAAM}.1", f"{NAAM}.15"]),
    }
)


@settings(max_examples=300, deadline=None)
@given(st.lists(rij, min_size=1, max_size=6), st.integers(min_value=1, max_value=10**9))
def test_de_reeks_geeft_dezelfde_tekst_als_per_regel(rijen: list[dict], begin: int) -> None:
    reeks = _Reeks()  # one per look: its pieces are shared between the rows
    for i, r in enumerate(rijen + rijen):  # the second time from the stored pieces
        assert reeks.canoniek(begin + i, r) == _canoniek(begin + i, r)


def test_een_moment_als_tekst_zoals_de_database_het_teruggeeft() -> None:
    r = {k: "x" for k in VELDEN} | {"personen": ["p1"], "tijdstip": "2026-11-30T08:00:00+01:00"}
    assert _Reeks().canoniek(7, r) == _canoniek(7, r)
