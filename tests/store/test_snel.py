"""The fast PostgreSQL rebuild (store/snel.py) writes what the slow one writes, and leaves the
tables' indexes and constraints as it found them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.db import connection

from zicht.core.engine import Afwijzing, InvoerFout, lees_moment
from zicht.core.kalender import TekstLader
from zicht.store import snel
from zicht.store.contract import NieuweGebeurtenis
from zicht.store.django_store import DjangoStore
from zicht.store.models import Casus
from zicht.vertrouwen.rollen import als_eigenaar

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
NU = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
TABELLEN = {
    "store_casusprojectie": "casus_id, toestand::text, bijgewerkt_op, seq",
    "store_opentermijn": "casus_id, code, partij, uiterlijk, status, grond",
    "casuswerk_casuspartij": "casus_id, partij, relatie, aangemaakt_op",
}

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def alleen_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the fast rebuild is for PostgreSQL (ZICHT_DB=postgres)")


def vul_met_scenarios() -> int:
    """One case per zuid-limburg scenario, with its events up to the first refused one; the
    number of cases with at least one event."""
    store = DjangoStore()
    for pad in sorted(SCENARIOS.glob("*.yaml")):
        inhoud = yaml.load(pad.read_text(encoding="utf-8"), Loader=TekstLader)  # noqa: S506
        if inhoud.get("regio", "zuid-limburg") != "zuid-limburg":
            continue
        casus_id = store.nieuwe_casus("zuid-limburg", nu=NU)
        for seq, ruw in enumerate(inhoud["gebeurtenissen"]):
            velden = {k: v for k, v in ruw.items() if k not in ("type", "op")}
            g = NieuweGebeurtenis(ruw["type"], lees_moment(ruw["op"]), velden)
            try:
                store.voeg_toe(casus_id, seq, g, "test", "veilig_thuis", NU)
            except (Afwijzing, InvoerFout):
                break
    return Casus.objects.filter(laatste_seq__gt=0).count()


def inhoud() -> dict[str, list[tuple[Any, ...]]]:
    with connection.cursor() as cur:
        uit = {}
        for tabel, kolommen in TABELLEN.items():
            cur.execute(f"SELECT {kolommen} FROM {tabel} ORDER BY {kolommen}")
            uit[tabel] = cur.fetchall()
        return uit


def bouwwerk() -> list[tuple[Any, ...]]:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
            "UNION ALL SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s) ORDER BY 1, 2, 3",
            [list(TABELLEN), list(TABELLEN)],
        )
        return cur.fetchall()


def compressies() -> dict[str | None, int]:
    """How the stored states are compressed: a state beyond TOAST's 2 KB is, with the column's
    method (store migration 0012: lz4 where the server has it); a smaller one is not (None)."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT pg_column_compression(toestand), count(*) FROM store_casusprojectie GROUP BY 1"
        )
        return dict(cur.fetchall())


def lz4_beschikbaar() -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")
        return "lz4" in cur.fetchone()[0]


def test_the_fast_rebuild_writes_what_the_slow_one_writes() -> None:
    casussen = vul_met_scenarios()
    DjangoStore().herbouw(NU)
    langzaam, voor = inhoud(), bouwwerk()
    assert len(langzaam["store_casusprojectie"]) == casussen > 50

    with als_eigenaar():  # it drops and recreates indexes: the owner's right
        assert snel.herbouw(NU, 2, lambda c, g: None)[0] == casussen

    assert inhoud() == langzaam
    assert bouwwerk() == voor
    # Appends and both rebuilds compress large states the cheap way (lz4 instead of pglz).
    verwacht = "lz4" if lz4_beschikbaar() else "pglz"
    assert set(compressies()) == {None, verwacht}
    assert compressies()[verwacht] > 10
