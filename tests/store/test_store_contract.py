"""The event-store contract, run against the in-memory store and the Django store."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest

from zicht.core.engine import Afwijzing
from zicht.store.contract import Conflict, EventStore, NieuweGebeurtenis, OnbekendeCasus
from zicht.store.geheugen import InMemoryStore
from zicht.store.projectie import projecteer

from .hulp import gebeurtenis, moment, nep_projector


def _vul(store: EventStore, aantal: int) -> str:
    casus_id = store.nieuwe_casus("zuid-limburg", nu=moment())
    for seq in range(aantal):
        store.voeg_toe(
            casus_id,
            seq,
            gebeurtenis(f"stap_{seq}", uren=seq),
            "vt.jansen",
            "veilig_thuis",
            nu=moment(seq),
        )
    return casus_id


def test_append_and_read_back_in_order(store: EventStore) -> None:
    casus_id = store.nieuwe_casus("zuid-limburg", nu=moment())
    nieuwe = gebeurtenis("melding_ontvangen", gemeenten=["Heerlen"], bron="professional")

    seq = store.voeg_toe(casus_id, 0, nieuwe, "vt.jansen", "veilig_thuis", nu=moment(0.5))
    store.voeg_toe(
        casus_id, 1, gebeurtenis("tweede", uren=2), "vt.peters", "veilig_thuis", moment(2)
    )

    gelezen = store.gebeurtenissen(casus_id)
    assert seq == 1
    assert [g.type for g in gelezen] == ["melding_ontvangen", "tweede"]
    eerste = gelezen[0]
    assert (eerste.op, dict(eerste.velden)) == (
        moment(),
        {"gemeenten": ["Heerlen"], "bron": "professional"},
    )
    assert (eerste.seq, eerste.actor, eerste.organisatie) == (1, "vt.jansen", "veilig_thuis")
    assert eerste.recorded_at == moment(0.5)
    assert eerste.afspraakversie == "nep-2026"


def test_seq_increments_per_case(store: EventStore) -> None:
    casus_id = _vul(store, 3)
    ander = _vul(store, 1)

    assert [g.seq for g in store.gebeurtenissen(casus_id)] == [1, 2, 3]
    assert [g.seq for g in store.gebeurtenissen(ander)] == [1]


@pytest.mark.parametrize("verwacht", [0, 1, 3])
def test_stale_seq_is_a_conflict_and_stores_nothing(store: EventStore, verwacht: int) -> None:
    casus_id = _vul(store, 2)
    voor = store.toestand(casus_id)

    with pytest.raises(Conflict) as fout:
        store.voeg_toe(
            casus_id, verwacht, gebeurtenis("laat"), "vt.jansen", "veilig_thuis", moment(5)
        )

    assert str(fout.value) == (
        f"De casus is intussen gewijzigd: verwacht volgnummer {verwacht}, actueel 2. "
        "Laad de casus opnieuw."
    )
    assert [g.seq for g in store.gebeurtenissen(casus_id)] == [1, 2]
    assert store.toestand(casus_id) == voor


@pytest.mark.parametrize("casus_id", [str(uuid.uuid4()), "geen-uuid"])
def test_unknown_case(store: EventStore, casus_id: str) -> None:
    with pytest.raises(OnbekendeCasus):
        store.gebeurtenissen(casus_id)
    with pytest.raises(OnbekendeCasus):
        store.toestand(casus_id)
    with pytest.raises(KeyError):
        store.voeg_toe(casus_id, 0, gebeurtenis(), "vt.jansen", "veilig_thuis", moment())


def test_new_case_has_no_events_and_no_state(store: EventStore) -> None:
    casus_id = store.nieuwe_casus("zuid-limburg", nu=moment())

    assert store.gebeurtenissen(casus_id) == []
    assert store.toestand(casus_id) is None


def test_rejected_event_stores_nothing_and_keeps_projection(store: EventStore) -> None:
    casus_id = _vul(store, 2)
    voor = store.toestand(casus_id)
    termijnen_voor = store.open_termijnen("veilig_thuis")

    with pytest.raises(Afwijzing):
        store.voeg_toe(
            casus_id, 2, gebeurtenis("afgewezen"), "vt.jansen", "veilig_thuis", moment(5)
        )

    assert [g.type for g in store.gebeurtenissen(casus_id)] == ["stap_0", "stap_1"]
    assert store.toestand(casus_id) == voor
    assert store.open_termijnen("veilig_thuis") == termijnen_voor
    assert (
        store.voeg_toe(casus_id, 2, gebeurtenis("na"), "vt.jansen", "veilig_thuis", moment(6)) == 3
    )


def test_projection_equals_fresh_recomputation(store: EventStore) -> None:
    casus_id = _vul(store, 3)

    vers = projecteer(store.gebeurtenissen(casus_id), moment(2), "zuid-limburg", nep_projector)

    assert store.toestand(casus_id) == vers.toestand
    assert store.toestand(casus_id)["types"] == ["stap_0", "stap_1", "stap_2"]


def test_open_terms_per_party_only_open_or_overdue(store: EventStore) -> None:
    casus_id = store.nieuwe_casus("zuid-limburg", nu=moment())
    for seq, (partij, uiterlijk, status) in enumerate(
        [
            ("veilig_thuis", "2026-03-09", "open"),
            ("lokaal_veld:Heerlen", "2026-03-26", "open"),
            ("veilig_thuis", "2026-03-03", "verlopen"),
            ("veilig_thuis", "2026-03-04", "voldaan"),
            ("veilig_thuis", None, "open"),
        ]
    ):
        nieuwe = gebeurtenis(f"stap_{seq}", partij=partij, uiterlijk=uiterlijk, status=status)
        store.voeg_toe(casus_id, seq, nieuwe, "vt.jansen", "veilig_thuis", moment())

    werklijst = store.open_termijnen("veilig_thuis")

    assert [(t["code"], t["uiterlijk"], t["status"]) for t in werklijst] == [
        ("termijn_2", "2026-03-03", "verlopen"),
        ("termijn_0", "2026-03-09", "open"),
        ("termijn_4", None, "open"),
    ]
    assert {t["casus_id"] for t in werklijst} == {casus_id}
    assert werklijst[0]["grond"] == "§5.1.1"
    assert [t["code"] for t in store.open_termijnen("lokaal_veld:Heerlen")] == ["termijn_1"]


def test_rebuild_restores_a_corrupted_projection(store: EventStore) -> None:
    eerste, tweede = _vul(store, 2), _vul(store, 3)
    leeg = store.nieuwe_casus("zuid-limburg", nu=moment())
    goed = {c: store.toestand(c) for c in (eerste, tweede)}
    werklijst = store.open_termijnen("veilig_thuis")
    _beschadig(store, eerste)

    assert store.toestand(eerste) != goed[eerste]
    # each state is computed at its last event, as when it was appended
    assert store.herbouw(nu=moment()) == 3
    assert {c: store.toestand(c) for c in (eerste, tweede)} == goed
    assert store.toestand(leeg) is None
    assert store.open_termijnen("veilig_thuis") == werklijst


def test_fields_come_back_as_json(store: EventStore) -> None:
    casus_id = store.nieuwe_casus("zuid-limburg", nu=moment())
    nieuwe = NieuweGebeurtenis(
        "plan_vastgesteld", moment(), {"termijn": datetime(2026, 4, 1).date()}
    )

    store.voeg_toe(casus_id, 0, nieuwe, "lv.smit", "lokaal_veld:Heerlen", moment())

    assert dict(store.gebeurtenissen(casus_id)[0].velden) == {"termijn": "2026-04-01"}


def test_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError):
        NieuweGebeurtenis("melding_ontvangen", datetime(2026, 3, 2, 9, 0))


def _beschadig(store: EventStore, casus_id: str) -> None:
    """Corrupt or drop a projection behind the store's back, as a bug or a hand edit would."""
    if isinstance(store, InMemoryStore):
        store._casussen[casus_id].projectie = None
        return
    from zicht.store.models import CasusProjectie, OpenTermijn

    CasusProjectie.objects.filter(casus_id=casus_id).update(toestand={"kapot": True})
    OpenTermijn.objects.filter(casus_id=casus_id).delete()
