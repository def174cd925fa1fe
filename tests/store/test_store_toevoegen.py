"""What an append writes besides the event: only the rows that changed, and always the rows a
rebuild gives; a stale append writes nothing; two statements on PostgreSQL."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from zicht.store.contract import Conflict, NieuweGebeurtenis
from zicht.store.django_store import DjangoStore
from zicht.store.keten import VELDEN, eerste_breuk
from zicht.store.models import Casus, CasusPartij, Gebeurtenis, OpenTermijn

from .hulp import gebeurtenis, moment, nep_projector


def _termijnen_uit_velden(
    gebeurtenissen: Sequence[NieuweGebeurtenis], op: datetime, regio: str
) -> dict[str, Any]:
    """A projector whose terms are the last event's field `termijnen`: duplicates included."""
    laatste = gebeurtenissen[-1].velden if gebeurtenissen else {}
    return {
        "op": op.isoformat(),
        "afspraakversie": {"versie": "test"},
        "termijnen": [
            {"status": "open", "uiterlijk": None, "grond": "§1", **t}
            for t in laatste.get("termijnen", [])
        ],
    }


def _termijn(code: str, partij: str = "veilig_thuis", **velden: Any) -> dict[str, Any]:
    return {"code": code, "partij": partij, **velden}


HEERLEN, GEMEENTE = "lokaal_veld:Heerlen", "gemeente:Heerlen"
STAPPEN = [
    [_termijn("a"), _termijn("b", HEERLEN)],
    [_termijn("a"), _termijn("a"), _termijn("b", HEERLEN)],  # the same term twice
    [_termijn("a"), _termijn("c", GEMEENTE, uiterlijk="2026-03-20")],  # one gone, one new
    [_termijn("a", status="verlopen"), _termijn("c", GEMEENTE, uiterlijk="2026-03-20")],
    [_termijn("d", status="voldaan")],  # no open term left, still a party
    [],
]


def _rijen(casus_id: str) -> tuple[Counter[tuple[Any, ...]], set[tuple[Any, ...]]]:
    termijnen = OpenTermijn.objects.filter(casus_id=casus_id)
    partijen = CasusPartij.objects.filter(casus_id=casus_id)
    return (
        Counter(termijnen.values_list("code", "partij", "uiterlijk", "status", "grond")),
        set(partijen.values_list("partij", "relatie", "aangemaakt_op")),
    )


def _open(termijnen: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    return Counter(
        (
            t["code"],
            t["partij"],
            date.fromisoformat(t["uiterlijk"]) if t.get("uiterlijk") else None,
            t.get("status", "open"),
            "§1",
        )
        for t in termijnen
        if t.get("status", "open") in ("open", "verlopen")
    )


@pytest.mark.django_db
def test_after_every_append_the_rows_equal_a_rebuild() -> None:
    store = DjangoStore(_termijnen_uit_velden)
    casus_id = store.nieuwe_casus("zuid-limburg", nu=moment())

    for seq, termijnen in enumerate(STAPPEN):
        nieuwe = gebeurtenis("stap", uren=seq, termijnen=termijnen)
        store.voeg_toe(casus_id, seq, nieuwe, "vt.jansen", "veilig_thuis", moment(seq))
        na_toevoegen = _rijen(casus_id)
        assert na_toevoegen[0] == _open(termijnen)
        assert {p for p, _, _ in na_toevoegen[1]} == {t["partij"] for t in termijnen}
        store.herbouw(moment(seq))
        assert _rijen(casus_id) == na_toevoegen

    rijen = Gebeurtenis.objects.filter(casus_id=casus_id).order_by("seq")
    keten = rijen.values(*VELDEN, "hash", "vorige_hash", "sleutel")
    zegel = Casus.objects.get(pk=casus_id).zegel
    sleutels = settings.ZICHT_KETEN_SLEUTELS
    assert eerste_breuk(casus_id, keten, len(STAPPEN), sleutels, zegel) is None


@pytest.mark.django_db
def test_rows_that_stay_are_not_written_again() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite replaces a case's rows with every append")
    store = DjangoStore(_termijnen_uit_velden)
    casus_id = store.nieuwe_casus("zuid-limburg", nu=moment())
    eerst = [_termijn("a"), _termijn("b", HEERLEN)]
    store.voeg_toe(casus_id, 0, gebeurtenis(termijnen=eerst), "vt.jansen", "veilig_thuis", moment())
    termijnen = set(OpenTermijn.objects.filter(casus_id=casus_id).values_list("id", flat=True))
    partijen = set(CasusPartij.objects.filter(casus_id=casus_id).values_list("id", flat=True))

    daarna = gebeurtenis("stap", uren=1, termijnen=[*eerst, _termijn("c", GEMEENTE)])
    store.voeg_toe(casus_id, 1, daarna, "vt.jansen", "veilig_thuis", moment(1))

    assert termijnen < set(
        OpenTermijn.objects.filter(casus_id=casus_id).values_list("id", flat=True)
    )
    assert partijen < set(
        CasusPartij.objects.filter(casus_id=casus_id).values_list("id", flat=True)
    )


@pytest.mark.django_db(transaction=True)
def test_an_append_read_before_another_writer_appended_writes_nothing() -> None:
    andere = DjangoStore(nep_projector)
    casus_id = andere.nieuwe_casus("zuid-limburg", nu=moment())
    tussendoor: list[int] = []

    def projector_met_schrijver_ertussen(
        gebeurtenissen: Sequence[NieuweGebeurtenis], op: datetime, regio: str
    ) -> dict[str, Any]:
        # After our read, before our write: another writer appends seq 1 and commits.
        if not tussendoor:
            eerst = gebeurtenis("eerst", partij=HEERLEN)
            tussendoor.append(andere.voeg_toe(casus_id, 0, eerst, "vt.peters", "veilig_thuis", op))
        return nep_projector(gebeurtenissen, op, regio)

    later = gebeurtenis("later", partij=GEMEENTE)
    with pytest.raises(Conflict, match="verwacht volgnummer 0, actueel 1"):
        DjangoStore(projector_met_schrijver_ertussen).voeg_toe(
            casus_id, 0, later, "vt.jansen", "veilig_thuis", moment()
        )

    assert [g.type for g in andere.gebeurtenissen(casus_id)] == ["eerst"]
    assert andere.toestand(casus_id)["types"] == ["eerst"]  # type: ignore[index]
    assert set(OpenTermijn.objects.filter(casus_id=casus_id).values_list("partij")) == {(HEERLEN,)}
    assert Casus.objects.get(pk=casus_id).laatste_seq == 1


def _derde_append(store: DjangoStore, type_: str) -> list[str]:
    """The SQL of a case's third append, of type `type_`."""
    casus_id = store.nieuwe_casus("zuid-limburg", nu=moment())
    for seq in range(2):
        nieuwe = gebeurtenis(f"stap_{seq}", uren=seq)
        store.voeg_toe(casus_id, seq, nieuwe, "vt.jansen", "veilig_thuis", moment(seq))
    with CaptureQueriesContext(connection) as queries:
        store.voeg_toe(casus_id, 2, gebeurtenis(type_), "vt.jansen", "veilig_thuis", moment(2))
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.django_db(transaction=True)
def test_an_append_is_two_statements_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("round trips cost nothing on SQLite")
    store = DjangoStore(nep_projector)
    assert post_save.has_listeners(Gebeurtenis)  # the bell, the webhooks, JZV's outcomes

    # Read the case, write everything. A type no receiver acts on: the write is one statement,
    # atomic by itself.
    assert [s.split()[0] for s in _derde_append(store, "stap_2")] == ["SELECT", "WITH"]
    # One a receiver acts on (the bell hears of an escalation): the write and what the receiver
    # writes share one transaction, BEGIN/COMMIT around it, no savepoint.
    sql = _derde_append(store, "opgeschaald")
    assert [s.split()[0] for s in sql] == ["SELECT", "BEGIN", "WITH", "COMMIT"], sql


@pytest.mark.django_db(transaction=True)
def test_refused_appends_in_and_outside_a_transaction_leave_the_connection_usable() -> None:
    store = DjangoStore(nep_projector)
    casus_id = store.nieuwe_casus("zuid-limburg", nu=moment())
    store.voeg_toe(casus_id, 0, gebeurtenis(), "vt.jansen", "veilig_thuis", moment())
    # seq 2 written behind the store's back: every append that expects seq 1 hits the key
    Gebeurtenis.objects.create(
        casus_id=casus_id,
        seq=2,
        type="elders",
        occurred_at=moment(),
        recorded_at=moment(),
        actor="x",
        organisatie="y",
    )

    for _ in range(6):  # past psycopg's threshold for preparing a statement
        with pytest.raises(Conflict, match="actueel 2"):
            store.voeg_toe(casus_id, 1, gebeurtenis("weg"), "vt.jansen", "veilig_thuis", moment())
        with transaction.atomic():
            with pytest.raises(Conflict, match="actueel 2"):
                store.voeg_toe(casus_id, 1, gebeurtenis("weg"), "vt.a", "veilig_thuis", moment())
            assert Casus.objects.filter(pk=casus_id).exists()  # the transaction still works

    ander = store.nieuwe_casus("zuid-limburg", nu=moment())
    assert store.voeg_toe(ander, 0, gebeurtenis(), "vt.jansen", "veilig_thuis", moment()) == 1
    assert [g.type for g in store.gebeurtenissen(casus_id)] == ["melding_ontvangen", "elders"]
