"""The fast full refresh on PostgreSQL (regie/snel.py: worker processes, text, COPY) writes
exactly the tables and contributions the case-by-case path writes, and the incremental refresh
after it stays exact."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from tests.store.test_snel import vul_met_scenarios

from zicht.regie import snel, verversen
from zicht.regie.models import Bijdrage, Stand

from .test_bijwerken import _tabellen

NU = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def alleen_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the fast refresh is for PostgreSQL (ZICHT_DB=postgres)")


def _alles() -> dict[str, Any]:
    uit: dict[str, Any] = _tabellen()
    uit["bijdragen"] = sorted(
        Bijdrage.objects.values_list("casus_id", "bijgewerkt_op", "wissel", "sleutels")
    )
    return uit


def test_the_fast_refresh_writes_what_the_case_by_case_one_writes() -> None:
    casussen = vul_met_scenarios()
    tellers = verversen.Tellers(verversen._peildatum(NU), verversen.subregio_per_gemeente())
    verversen._ververs(NU, tellers)  # the portable path: the ORM, case by case
    langzaam = _alles()
    assert Stand.objects.get().casussen > 0
    assert len(langzaam["bijdragen"]) == casussen > 50

    assert not connection.in_atomic_block  # so the workers fork
    snel.DELEN, oud = 8, snel.DELEN  # several parts, also with few cases
    try:
        verversen.ververs(NU)
    finally:
        snel.DELEN = oud
    assert _alles() == langzaam

    # The contributions it kept let the incremental refresh a week on stay exact.
    later = NU + timedelta(days=7)
    verversen.bij(later)
    incrementeel = _tabellen()
    verversen.ververs(later)
    assert _tabellen() == incrementeel
