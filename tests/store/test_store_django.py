"""What only the database store must do: serialise concurrent writers, keep its schema in sync."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from zicht.store.contract import Conflict, NieuweGebeurtenis
from zicht.store.django_store import DjangoStore
from zicht.store.models import Casus, Gebeurtenis, OpenTermijn

from .hulp import gebeurtenis, moment, nep_projector

SCHRIJVERS = 4


# Every writer has read the case (seq 0) before any of them writes: they meet here, in the
# projector, between their read and their write (a barrier instead of a sleep).
_GELEZEN = threading.Barrier(SCHRIJVERS, timeout=30)


def _traag_projector(
    gebeurtenissen: Sequence[NieuweGebeurtenis], op: datetime, regio: str
) -> dict[str, Any]:
    _GELEZEN.wait()
    return nep_projector(gebeurtenissen, op, regio)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_with_the_same_seq_exactly_one_wins() -> None:
    store = DjangoStore(projector=_traag_projector)
    casus_id = store.nieuwe_casus("zuid-limburg", nu=moment())
    start = threading.Barrier(SCHRIJVERS)
    uitkomsten: list[str] = []

    def schrijf(nummer: int) -> None:
        try:
            start.wait(timeout=30)
            nieuwe = gebeurtenis(f"schrijver_{nummer}")
            store.voeg_toe(casus_id, 0, nieuwe, f"vt.{nummer}", "veilig_thuis", moment())
            uitkomsten.append("gelukt")
        except Conflict:
            uitkomsten.append("conflict")
        except Exception as fout:  # reported by the assertion below, not lost in the thread
            uitkomsten.append(repr(fout))
        finally:
            connection.close()

    draden = [threading.Thread(target=schrijf, args=(n,)) for n in range(SCHRIJVERS)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=120)

    assert sorted(uitkomsten) == ["conflict"] * (SCHRIJVERS - 1) + ["gelukt"]
    opgeslagen = store.gebeurtenissen(casus_id)
    assert [g.seq for g in opgeslagen] == [1]
    assert store.toestand(casus_id)["types"] == [opgeslagen[0].type]
    assert Casus.objects.get(pk=casus_id).laatste_seq == 1


@pytest.mark.django_db
def test_unique_seq_catches_a_writer_that_skipped_the_check() -> None:
    store = DjangoStore(projector=nep_projector)
    casus_id = store.nieuwe_casus("zuid-limburg", nu=moment())
    # A row written behind the store's back, without moving laatste_seq: only the key stops us.
    Gebeurtenis.objects.create(
        casus_id=casus_id,
        seq=1,
        type="elders",
        occurred_at=moment(),
        recorded_at=moment(),
        actor="x",
        organisatie="y",
    )

    with pytest.raises(Conflict, match="verwacht volgnummer 0, actueel 1"):
        store.voeg_toe(casus_id, 0, gebeurtenis(), "vt.jansen", "veilig_thuis", moment())

    assert [g.type for g in store.gebeurtenissen(casus_id)] == ["elders"]
    assert store.toestand(casus_id) is None


@pytest.mark.django_db
def test_open_terms_are_rows_with_a_real_date() -> None:
    store = DjangoStore(projector=nep_projector)
    casus_id = store.nieuwe_casus("zuid-limburg", nu=moment())
    nieuwe = gebeurtenis(partij="lokaal_veld:Heerlen", uiterlijk="2026-03-26")

    store.voeg_toe(casus_id, 0, nieuwe, "vt.jansen", "veilig_thuis", moment())

    rij = OpenTermijn.objects.get(casus_id=casus_id)
    assert (rij.partij, rij.uiterlijk, rij.status) == (
        "lokaal_veld:Heerlen",
        date(2026, 3, 26),
        "open",
    )


@pytest.mark.django_db
def test_migrations_match_the_models() -> None:
    call_command("makemigrations", "store", "--check", "--dry-run", verbosity=0)
