"""Tamper evidence: the database refuses UPDATE and DELETE on the event table and the access
log (SQLite and PostgreSQL alike), and `zicht verify` names the first broken link when a DBA
changes an event behind the application's back."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from tests.kit import inzage

from zicht.cli import main
from zicht.store import alleen_toevoegen
from zicht.store.models import Gebeurtenis
from zicht.toegangslog.models import Toegangsrij
from zicht.vertrouwen.rollen import als_eigenaar

from .conftest import CASUSSEN, maak_casus

pytestmark = pytest.mark.django_db


@pytest.fixture
def casus_id(db: None) -> str:
    return maak_casus("naar_heerlen", CASUSSEN["naar_heerlen"])


@pytest.fixture
def logrij(db: None) -> Toegangsrij:
    inzage()
    return Toegangsrij.objects.get()


def _geweigerd(sql: str, *parameters: object) -> None:
    # The trigger refuses it; run as the application role (make test) its rights already do.
    with (
        pytest.raises(DatabaseError, match="append-only|permission denied"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, parameters)


@pytest.mark.parametrize("tabel", alleen_toevoegen.TABELLEN)
def test_update_and_delete_are_refused_by_the_database(
    casus_id: str, logrij: Toegangsrij, tabel: str
) -> None:
    _geweigerd(f"UPDATE {tabel} SET id = id")
    _geweigerd(f"DELETE FROM {tabel}")

    assert Gebeurtenis.objects.filter(casus_id=casus_id).count() == 3
    assert Toegangsrij.objects.count() == 1


def test_the_orm_cannot_change_or_delete_either(casus_id: str, logrij: Toegangsrij) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        Gebeurtenis.objects.filter(casus_id=casus_id).update(actor="iemand")
    with pytest.raises(DatabaseError), transaction.atomic():
        logrij.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_truncate_is_refused_on_postgresql(casus_id: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks
    _geweigerd("TRUNCATE store_gebeurtenis CASCADE")


def test_events_form_a_hash_chain(casus_id: str) -> None:
    rijen = list(Gebeurtenis.objects.filter(casus_id=casus_id).order_by("seq"))

    assert rijen[0].vorige_hash == "0" * 64
    assert [r.vorige_hash for r in rijen[1:]] == [r.hash for r in rijen[:-1]]
    assert len({r.hash for r in rijen}) == 3


def test_verify_passes_an_intact_store(casus_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify"]) == 0
    assert "in orde" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_verify_names_the_case_and_seq_a_dba_changed(
    casus_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ander = maak_casus("regie_xonar", CASUSSEN["regie_xonar"])
    with als_eigenaar(), connection.cursor() as cursor:
        alleen_toevoegen.verwijder(connection, "store_gebeurtenis")  # as a DBA could
        cursor.execute(
            "UPDATE store_gebeurtenis SET occurred_at = occurred_at, actor = %s "
            "WHERE casus_id = %s AND seq = 2",
            [
                "vt.iemand_anders",
                casus_id.replace("-", "") if connection.vendor == "sqlite" else casus_id,
            ],
        )
        assert cursor.rowcount == 1
        alleen_toevoegen.maak(connection, "store_gebeurtenis")

    code = main(["verify"])

    uit = capsys.readouterr().out
    assert code == 1
    assert f"casus {casus_id} seq 2" in uit and "gewijzigd" in uit
    assert ander not in uit


@pytest.mark.django_db(transaction=True)
def test_verify_notices_a_deleted_event(casus_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    with als_eigenaar():
        alleen_toevoegen.verwijder(connection, "store_gebeurtenis")
        Gebeurtenis.objects.filter(casus_id=casus_id, seq=3).delete()
        alleen_toevoegen.maak(connection, "store_gebeurtenis")

    assert main(["verify"]) == 1
    assert f"casus {casus_id} seq 3" in capsys.readouterr().out
