"""The stores with the real engine as projector. Skipped only while the engine is a stub."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zicht import cli
from zicht.core import engine
from zicht.store.contract import EventStore, NieuweGebeurtenis

from .hulp import StoreFabriek

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MELDING = NieuweGebeurtenis(
    "melding_ontvangen",
    datetime(2026, 3, 2, 9, 0, tzinfo=AMSTERDAM),
    {"gemeenten": ["Heerlen"], "bron": "professional"},
)
NU = datetime(2026, 3, 2, 9, 5, tzinfo=AMSTERDAM)


def _engine_is_a_stub() -> bool:
    try:
        engine.bereken_toestand([], NU, engine.laad_afspraken())
    except NotImplementedError:
        return True
    except Exception:  # a real engine may refuse an empty case; it is still real
        return False
    return False


pytestmark = pytest.mark.skipif(_engine_is_a_stub(), reason="engine.bereken_toestand is a stub")


@pytest.fixture
def store(maak_store: StoreFabriek) -> EventStore:
    return maak_store()  # default projector: the engine


def _melding(store: EventStore) -> str:
    casus_id = store.nieuwe_casus("zuid-limburg", nu=NU)
    store.voeg_toe(casus_id, 0, MELDING, "vt.jansen", "veilig_thuis", NU)
    return casus_id


def test_a_melding_opens_the_safety_assessment_term(store: EventStore) -> None:
    casus_id = _melding(store)

    toestand = store.toestand(casus_id)
    assert toestand is not None
    assert {(t["code"], t["partij"], t["status"]) for t in toestand["termijnen"]} >= {
        ("veiligheidsbeoordeling", "veilig_thuis", "open")
    }
    assert store.gebeurtenissen(casus_id)[0].afspraakversie.startswith("zuid-limburg@")
    werklijst = store.open_termijnen("veilig_thuis")
    assert ("veiligheidsbeoordeling", casus_id) in {(t["code"], t["casus_id"]) for t in werklijst}


def test_the_engine_rejects_and_nothing_is_stored(store: EventStore) -> None:
    casus_id = _melding(store)
    voor = store.toestand(casus_id)
    een_beoordelaar = NieuweGebeurtenis(
        "veiligheidsbeoordeling_afgerond",
        datetime(2026, 3, 3, 10, 0, tzinfo=AMSTERDAM),
        {"besluit": "lokaal_veld", "onderbouwing": "...", "beoordelaars": ["vt.jansen"]},
    )

    with pytest.raises(engine.Afwijzing):
        store.voeg_toe(casus_id, 1, een_beoordelaar, "vt.jansen", "veilig_thuis", NU)

    assert [g.seq for g in store.gebeurtenissen(casus_id)] == [1]
    assert store.toestand(casus_id) == voor


def test_unreadable_input_is_refused(store: EventStore) -> None:
    casus_id = store.nieuwe_casus("zuid-limburg", nu=NU)
    zonder_bron = NieuweGebeurtenis("melding_ontvangen", MELDING.op, {"gemeenten": ["Heerlen"]})

    with pytest.raises((engine.InvoerFout, engine.Afwijzing)):
        store.voeg_toe(casus_id, 0, zonder_bron, "vt.jansen", "veilig_thuis", NU)

    assert store.gebeurtenissen(casus_id) == []


@pytest.mark.django_db
def test_zicht_rebuild_restores_the_projection(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from zicht.store.django_store import DjangoStore
    from zicht.store.models import CasusProjectie, OpenTermijn

    monkeypatch.setattr(cli, "SUBCOMMANDS", {"rebuild": "zicht.store.cli"})
    casus_id = _melding(DjangoStore())
    CasusProjectie.objects.all().delete()
    OpenTermijn.objects.all().delete()

    assert cli.main(["rebuild"]) == 0

    assert capsys.readouterr().out == "1 casussen herbouwd\n"
    assert OpenTermijn.objects.filter(casus_id=casus_id, code="veiligheidsbeoordeling").exists()


def _op(dag: int, uur: int) -> datetime:
    return datetime(2026, 3, dag, uur, 0, tzinfo=AMSTERDAM)


TRIAGE = NieuweGebeurtenis(
    "veiligheidsbeoordeling_afgerond",
    _op(5, 14),
    {"besluit": "lokaal_veld", "onderbouwing": "...", "beoordelaars": ["vt.jansen", "vt.peters"]},
)
OVERDRACHT = NieuweGebeurtenis(
    "overdracht",
    _op(5, 15),
    {
        "moment": "direct",
        "naar": ["lokaal_veld:Heerlen"],
        "wijze": "digitaal",
        "informatie": [
            "inhoud_melding",
            "contactgegevens_directbetrokkenen",
            "contactgegevens_melder",
            "triagebesluit",
            "informatie_veiligheidsbeoordeling",
        ],
    },
)


def test_a_moment_in_the_future_is_refused_by_the_store_and_nothing_is_stored(
    store: EventStore,
) -> None:
    casus_id = _melding(store)
    in_2030 = NieuweGebeurtenis("incident", datetime(2030, 3, 5, 9, 0, tzinfo=AMSTERDAM), {})

    with pytest.raises(engine.Afwijzing) as e:
        store.voeg_toe(casus_id, 1, in_2030, "vt.jansen", "veilig_thuis", NU)

    assert e.value.code == "moment_in_de_toekomst"
    assert [g.seq for g in store.gebeurtenissen(casus_id)] == [1]


def test_a_late_event_is_stored_and_folded_in_the_order_things_happened(
    store: EventStore,
) -> None:
    casus_id = _melding(store)
    lv = "lokaal_veld:Heerlen"
    store.voeg_toe(casus_id, 1, TRIAGE, "vt.jansen", "veilig_thuis", _op(5, 14))
    store.voeg_toe(casus_id, 2, OVERDRACHT, "vt.jansen", "veilig_thuis", _op(5, 15))
    incident = NieuweGebeurtenis("incident", _op(26, 8), {})
    store.voeg_toe(casus_id, 3, incident, "lv.smit", lv, _op(26, 8))
    gisteren = NieuweGebeurtenis("contact_gestart", _op(25, 16), {"door": lv})
    store.voeg_toe(casus_id, 4, gisteren, "lv.smit", lv, _op(26, 9))

    toestand = store.toestand(casus_id)
    assert toestand is not None
    contact = next(t for t in toestand["termijnen"] if t["code"] == "start_contact")
    assert (contact["status"], contact["voldaan_op"][:16]) == ("voldaan", "2026-03-25T16:00")
    assert [g.seq for g in store.gebeurtenissen(casus_id)] == [1, 2, 3, 4, 5]
