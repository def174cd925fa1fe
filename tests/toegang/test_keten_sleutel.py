"""Keyed tamper evidence (issue #16, finding 2): a DBA who turns the triggers off, changes a
triage decision, deletes the last event, lowers `laatste_seq` and recomputes the chain with the
project's own code (but without the key) is caught by `zicht verify`, which names case and seq.
The access log is chained too: a deleted row is noticed. Keys can be rotated."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from tests.kit import inzage

from zicht.cli import main
from zicht.store import alleen_toevoegen
from zicht.store.keten import BEGIN, VELDEN, kenmerk
from zicht.store.models import Casus, Gebeurtenis
from zicht.toegangslog.models import Toegangsrij
from zicht.vertrouwen.rollen import als_eigenaar

from .conftest import CASUSSEN, maak_casus

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def zonder_triggers() -> Iterator[None]:
    """As a DBA could (the owner, when the suite runs as the application role); the triggers
    back afterwards."""
    with als_eigenaar():
        for tabel in alleen_toevoegen.TABELLEN:
            alleen_toevoegen.verwijder(connection, tabel)
        yield
        for tabel in alleen_toevoegen.TABELLEN:
            alleen_toevoegen.maak(connection, tabel)


def _db_id(casus_id: str) -> str:
    return casus_id.replace("-", "") if connection.vendor == "sqlite" else casus_id


def _herschrijf(casus_id: str, rijen: list[dict[str, Any]]) -> None:
    """Recompute the chain with the unkeyed `kenmerk` and write it back (hash and sleutel)."""
    vorige = BEGIN
    with connection.cursor() as cursor:
        for r in rijen:
            velden = {k: r[k] for k in VELDEN}
            nieuw = kenmerk(vorige, casus=casus_id, **velden)
            cursor.execute(
                "UPDATE store_gebeurtenis SET vorige_hash = %s, hash = %s WHERE id = %s",
                [vorige, nieuw, r["id"]],
            )
            vorige = nieuw


def test_a_history_rewritten_without_the_key_is_named_by_verify(
    organisaties_klaar: None, zonder_triggers: None, capsys: pytest.CaptureFixture[str]
) -> None:
    casus_id = maak_casus("naar_heerlen", CASUSSEN["naar_heerlen"])
    intact = maak_casus("regie_xonar", CASUSSEN["regie_xonar"])
    assert main(["verify"]) == 0
    capsys.readouterr()

    with connection.cursor() as cursor:
        # change the triage decision, drop the last event, lower laatste_seq
        cursor.execute(
            "UPDATE store_gebeurtenis SET payload = %s WHERE casus_id = %s AND seq = 2",
            [
                '{"besluit": "onderzoek", "onderbouwing": "x", "beoordelaars": ["a"]}',
                _db_id(casus_id),
            ],
        )
        cursor.execute(
            "DELETE FROM store_gebeurtenis WHERE casus_id = %s AND seq = 3", [_db_id(casus_id)]
        )
        cursor.execute("UPDATE store_casus SET laatste_seq = 2 WHERE id = %s", [_db_id(casus_id)])
    rijen = list(
        Gebeurtenis.objects.filter(casus_id=casus_id).order_by("seq").values("id", *VELDEN)
    )
    _herschrijf(casus_id, rijen)

    assert main(["verify"]) == 1
    uit = capsys.readouterr().out
    assert f"BREUK casus {casus_id} seq 1:" in uit
    assert intact not in uit


def test_a_chain_cut_short_with_the_old_hashes_is_named_by_its_seal(
    organisaties_klaar: None, zonder_triggers: None, capsys: pytest.CaptureFixture[str]
) -> None:
    casus_id = maak_casus("naar_heerlen", CASUSSEN["naar_heerlen"])
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM store_gebeurtenis WHERE casus_id = %s AND seq = 3", [_db_id(casus_id)]
        )
        cursor.execute("UPDATE store_casus SET laatste_seq = 2 WHERE id = %s", [_db_id(casus_id)])

    assert main(["verify"]) == 1
    assert f"BREUK casus {casus_id} seq 2: zegel" in capsys.readouterr().out


def test_a_deleted_or_changed_access_log_row_is_noticed(
    organisaties_klaar: None,
    zonder_triggers: None,
    capsys: pytest.CaptureFixture[str],
    settings: Any,
) -> None:
    settings.ZICHT_TOEGANGSLOG_KETENS = 1  # one chain, as on SQLite (several: the test below)
    maak_casus("naar_heerlen", CASUSSEN["naar_heerlen"])
    for i in range(3):
        inzage(f"t.{i}")
    assert main(["verify"]) == 0
    capsys.readouterr()
    midden = Toegangsrij.objects.get(gebruiker="t.1")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM toegangslog_toegangsregel WHERE id = %s", [midden.pk])
    assert main(["verify"]) == 1
    assert f"BREUK toegangslog regel {midden.keten_seq}: regel ontbreekt" in (
        capsys.readouterr().out
    )

    laatste = Toegangsrij.objects.order_by("-keten_seq").first()
    assert laatste is not None
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM toegangslog_toegangsregel WHERE keten_seq >= %s", [2])
    assert main(["verify"]) == 1
    assert "regels ontbreken tot" in capsys.readouterr().out


def test_keys_rotate_old_links_still_verify_new_ones_use_the_new_key(
    organisaties_klaar: None, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    oud = dict(settings.ZICHT_KETEN_SLEUTELS)
    casus_id = maak_casus("naar_heerlen", CASUSSEN["naar_heerlen"])
    settings.ZICHT_KETEN_SLEUTELS = {"k2": b"een-nieuwe-sleutel-van-32-tekens!", **oud}
    tweede = maak_casus("regie_xonar", CASUSSEN["regie_xonar"])

    assert main(["verify"]) == 0
    assert set(Gebeurtenis.objects.filter(casus_id=tweede).values_list("sleutel", flat=True)) == {
        "k2"
    }
    assert Casus.objects.get(pk=tweede).zegel.startswith("k2:")  # type: ignore[union-attr]
    settings.ZICHT_KETEN_SLEUTELS = {"k2": b"een-nieuwe-sleutel-van-32-tekens!"}
    assert main(["verify"]) == 1  # without the old key the old links cannot be checked
    assert f"casus {casus_id} seq 1: niet getekend met een bekende sleutel" in (
        capsys.readouterr().out
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SKIP LOCKED: PostgreSQL")
def test_looks_do_not_queue_on_one_chain_and_every_chain_verifies(
    organisaties_klaar: None, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue #17: a look holds its chain's head until commit; a second look meanwhile takes
    another chain instead of waiting, and verify checks each chain."""
    import threading

    from django.db import transaction

    settings.ZICHT_TOEGANGSLOG_KETENS = 4
    inzage("t.vooraf")  # the first look ever makes the heads (a second one waits for that)
    klaar = threading.Event()

    def tweede() -> None:
        try:
            with transaction.atomic():
                inzage("t.tweede")
            klaar.set()
        finally:
            connection.close()

    with transaction.atomic():
        inzage("t.eerste")  # holds the head of its chain until this block commits
        draad = threading.Thread(target=tweede)
        draad.start()
        niet_gewacht = klaar.wait(timeout=20)
    draad.join(timeout=20)
    assert niet_gewacht, "the second look waited for the first one's chain"
    eerste, tweede_rij = (
        Toegangsrij.objects.get(gebruiker="t.eerste"),
        Toegangsrij.objects.get(gebruiker="t.tweede"),
    )
    assert eerste.keten != tweede_rij.keten
    for i in range(20):  # the shorter of two drawn at random: an empty chain is soon drawn
        inzage(f"t.{i}")
    assert Toegangsrij.objects.values("keten").distinct().count() == 4  # grown evenly
    assert main(["verify"]) == 0
    capsys.readouterr()

    # A changed row in another chain than the first is named with its chain.
    rij = Toegangsrij.objects.filter(keten="toegangslog.2").order_by("keten_seq").first()
    assert rij is not None
    with als_eigenaar():
        alleen_toevoegen.verwijder(connection, "toegangslog_toegangsregel")
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE toegangslog_toegangsregel SET gebruiker = 'iemand' WHERE id = %s",
                    [rij.pk],
                )
            assert main(["verify"]) == 1
            uit = capsys.readouterr().out
            assert "(keten toegangslog.2)" in uit and "gewijzigd" in uit

            # A chain removed as a whole, rows and head, is missed too.
            with connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM toegangslog_toegangsregel WHERE keten = 'toegangslog.2'"
                )
                cursor.execute("DELETE FROM vertrouwen_ketenkop WHERE naam = 'toegangslog.2'")
            assert main(["verify"]) == 1
            assert "kop van keten toegangslog.2 ontbreekt" in capsys.readouterr().out
        finally:
            alleen_toevoegen.maak(connection, "toegangslog_toegangsregel")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a look without a lock: PostgreSQL")
def test_a_look_outside_a_transaction_is_two_statements_without_a_lock(
    organisaties_klaar: None, settings: Any
) -> None:
    """A page view logs its look without a transaction of its own: it reads a head (no lock)
    and one statement moves that head on and inserts the row (no BEGIN, no COMMIT)."""
    from django.test.utils import CaptureQueriesContext

    settings.ZICHT_TOEGANGSLOG_KETENS = 4
    inzage("t.vooraf")  # the heads exist
    with CaptureQueriesContext(connection) as q:
        inzage("t.los")
    sql = [x["sql"] for x in q.captured_queries]
    assert len(sql) == 2, sql
    assert sql[0].startswith("SELECT naam, lengte, hash FROM vertrouwen_ketenkop")
    assert "FOR UPDATE" not in sql[0]
    assert sql[1].startswith("WITH kop AS (UPDATE vertrouwen_ketenkop")
    for i in range(40):
        inzage(f"t.{i}")
    # the shorter of two chains drawn at random: every chain gets rows
    assert Toegangsrij.objects.values("keten").distinct().count() == 4
    assert main(["verify"]) == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a look without a lock: PostgreSQL")
def test_a_head_moved_after_it_was_read_sends_the_look_on_without_a_gap(
    organisaties_klaar: None, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another look moved the head between this look's read and its insert: the insert does
    nothing, the look reads a head again and lands once; every chain still verifies."""
    from zicht.vertrouwen import keten

    settings.ZICHT_TOEGANGSLOG_KETENS = 2
    inzage("t.vooraf")
    echt = keten.lees_kop
    gelezen: list[tuple[str, int, str]] = []

    def verouderd(namen: list[str]) -> tuple[str, int, str]:
        kop = echt(namen)
        if not gelezen:  # the first read: the head as it was before someone else's look
            naam, lengte, _ = echt(["toegangslog"])
            kop = ("toegangslog", lengte - 1, "0" * 64)
        gelezen.append(kop)
        return kop

    monkeypatch.setattr(keten, "lees_kop", verouderd)
    inzage("t.laat")
    assert len(gelezen) == 2
    assert Toegangsrij.objects.filter(gebruiker="t.laat").count() == 1
    assert main(["verify"]) == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a look without a lock: PostgreSQL")
def test_looks_at_the_same_moment_on_few_chains_all_land_and_verify(
    organisaties_klaar: None, settings: Any
) -> None:
    """Eight looks at once on two chains: some draw a head another one moves first; they try
    again, and after a few tries take the lock. None is lost, none is counted twice."""
    import threading

    settings.ZICHT_TOEGANGSLOG_KETENS = 2
    inzage("t.vooraf")
    start = threading.Barrier(8)
    fouten: list[BaseException] = []

    def kijk(i: int) -> None:
        try:
            start.wait(timeout=20)
            for k in range(5):
                inzage(f"t.gelijk.{i}.{k}")
        except BaseException as fout:  # noqa: BLE001 - reported below
            fouten.append(fout)
        finally:
            connection.close()

    draden = [threading.Thread(target=kijk, args=(i,)) for i in range(8)]
    for d in draden:
        d.start()
    for d in draden:
        d.join(timeout=60)
    assert not fouten, fouten
    assert Toegangsrij.objects.filter(gebruiker__startswith="t.gelijk.").count() == 40
    assert main(["verify"]) == 0
