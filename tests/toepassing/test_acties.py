"""The use cases on the in-memory store: no database, the same rules, one fold per step."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from zicht.core import engine
from zicht.core.afspraken import AfsprakenFout
from zicht.core.toegang import Actor
from zicht.store.geheugen import InMemoryStore
from zicht.toepassing import acties, dossier, fouten

NU = datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
VT = Actor("veilig_thuis", "vt_medewerker", "vt.a")
HEERLEN = Actor("lokaal_veld:Heerlen", "lokaal_veld_medewerker", "heerlen.a")
MAASTRICHT = Actor("lokaal_veld:Maastricht", "lokaal_veld_medewerker", "maastricht.a")
ZVH = Actor("zorg_en_veiligheidshuis", "zvh_procesregisseur", "zvh.a")
MELDING = {
    "gemeenten": ["Heerlen"],
    "bron": "professional",
    "directbetrokkenen": [{"id": "p1", "rol": "kind"}],
}
TRIAGE = {"besluit": "lokaal_veld", "onderbouwing": "", "beoordelaars": ["vt.a", "vt.b"]}
OVERDRACHT = {
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
}


def _stap(
    store: InMemoryStore, wie: Actor, casus_id: str, soort: str, velden: dict[str, Any], uur: int
) -> int:
    d = dossier.lees_casus(wie, casus_id, NU, "stap_vastleggen", store)
    op = NU - timedelta(hours=uur)
    return acties.leg_stap_vast(wie, d, d.seq, soort, op, velden, NU, store)


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def casus_id(store: InMemoryStore) -> str:
    casus_id = acties.registreer_melding(VT, NU - timedelta(days=3), MELDING, NU, store=store)
    _stap(store, VT, casus_id, "veiligheidsbeoordeling_afgerond", TRIAGE | {"onderbouwing": ""}, 5)
    return casus_id


def test_only_veilig_thuis_registers_a_melding(store: InMemoryStore) -> None:
    with pytest.raises(fouten.Verboden) as fout:
        acties.registreer_melding(HEERLEN, NU, MELDING, NU, store=store)
    assert fout.value.code == "alleen_veilig_thuis"


def test_a_melding_and_a_step_are_stored_in_order(store: InMemoryStore, casus_id: str) -> None:
    seq = _stap(store, VT, casus_id, "overdracht", OVERDRACHT, 4)

    assert seq == 3
    assert [g.type for g in store.gebeurtenissen(casus_id)] == [
        "melding_ontvangen",
        "veiligheidsbeoordeling_afgerond",
        "overdracht",
    ]
    assert store.gebeurtenissen(casus_id)[-1].actor == "vt.a"
    # The hand-over made Heerlen a party: it now sees the case and may confirm receipt.
    d = dossier.lees_casus(HEERLEN, casus_id, NU, store=store)
    assert "ontvangst_bevestigd" in d.stappen(HEERLEN)


def test_a_case_that_is_not_yours_is_not_found(store: InMemoryStore, casus_id: str) -> None:
    with pytest.raises(fouten.NietGevonden):
        dossier.lees_casus(MAASTRICHT, casus_id, NU, store=store)
    with pytest.raises(fouten.NietGevonden):
        dossier.lees_casus(VT, "bestaat-niet", NU, store=store)


def test_a_step_that_is_not_yours_is_forbidden_and_names_yours(
    store: InMemoryStore, casus_id: str
) -> None:
    d = dossier.lees_casus(VT, casus_id, NU, "stap_vastleggen", store)
    with pytest.raises(fouten.Verboden) as fout:
        acties.leg_stap_vast(VT, d, d.seq, "ontvangst_bevestigd", NU, {}, NU, store)
    assert fout.value.code == "stap_niet_toegestaan"
    assert "overdracht" in fout.value.mogelijk


def test_the_zvh_answers_an_escalation_to_it_on_the_case(
    store: InMemoryStore, casus_id: str
) -> None:
    _stap(store, VT, casus_id, "opgeschaald", {"naar": "zorg_en_veiligheidshuis"}, 4)

    d = dossier.lees_casus(ZVH, casus_id, NU, "stap_vastleggen", store)
    assert "opschaling_beantwoord" in d.stappen(ZVH)
    [termijn] = [t for t in d.toestand["termijnen"] if t["code"] == "opschaling_reactie"]
    assert (termijn["partij"], termijn["status"]) == ("zorg_en_veiligheidshuis", "open")
    with pytest.raises(fouten.Verboden):  # the answer is the Z&VH's, not Veilig Thuis's
        _stap(store, VT, casus_id, "opschaling_beantwoord", {"door": "veilig_thuis"}, 3)

    _stap(store, ZVH, casus_id, "opschaling_beantwoord", {"door": "zorg_en_veiligheidshuis"}, 2)

    d = dossier.lees_casus(ZVH, casus_id, NU, store=store)
    [termijn] = [t for t in d.toestand["termijnen"] if t["code"] == "opschaling_reactie"]
    assert termijn["status"] == "voldaan"
    assert d.toestand["procesregie"]["partij"] == "zorg_en_veiligheidshuis"
    assert "opschaling_beantwoord" not in d.stappen(ZVH)
    assert store.gebeurtenissen(casus_id)[-1].actor == "zvh.a"


def test_a_stale_version_is_a_conflict_and_stores_nothing(
    store: InMemoryStore, casus_id: str
) -> None:
    d = dossier.lees_casus(VT, casus_id, NU, "stap_vastleggen", store)
    _stap(store, VT, casus_id, "overdracht", OVERDRACHT, 4)  # someone else, in between

    with pytest.raises(fouten.Conflict) as fout:
        acties.leg_stap_vast(VT, d, d.seq, "overdracht", NU, OVERDRACHT, NU, store)
    assert (fout.value.verwacht, fout.value.actueel) == (2, 3)
    assert len(store.gebeurtenissen(casus_id)) == 3


def test_the_agreement_refuses_an_incomplete_hand_over(store: InMemoryStore, casus_id: str) -> None:
    with pytest.raises(fouten.Afgewezen) as fout:
        _stap(store, VT, casus_id, "overdracht", OVERDRACHT | {"informatie": ["triagebesluit"]}, 4)
    assert fout.value.grond and "inhoud_melding" in fout.value.ontbreekt
    assert len(store.gebeurtenissen(casus_id)) == 2


def test_unreadable_input_names_the_field(store: InMemoryStore, casus_id: str) -> None:
    with pytest.raises(fouten.OngeldigeInvoer) as fout:
        _stap(store, VT, casus_id, "overdracht", OVERDRACHT | {"moment": "ooit"}, 4)
    assert fout.value.veld == "moment"


def test_recording_a_step_folds_the_case_once(
    store: InMemoryStore, casus_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    vouwen = []
    echt = engine.fold

    def tel(*args: Any) -> Any:
        vouwen.append(1)
        return echt(*args)

    monkeypatch.setattr(engine, "fold", tel)
    _stap(store, VT, casus_id, "overdracht", OVERDRACHT, 4)

    assert len(vouwen) == 1


def test_the_command_line_gives_each_refusal_its_exit_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from zicht import cli

    def weigert(args: Any) -> int:
        raise fouten.Conflict(2, 3)

    def voeg_toe(sub: Any) -> None:
        sub.add_parser("proef").set_defaults(uitvoeren=weigert)

    monkeypatch.setattr(cli, "SUBCOMMANDS", {"proef": "zicht.toepassing.fouten"})
    monkeypatch.setattr(fouten, "voeg_toe", voeg_toe, raising=False)

    assert cli.main(["proef"]) == 5
    assert "intussen gewijzigd" in capsys.readouterr().err


def test_a_melding_opens_a_case_in_the_region_this_installation_serves(
    store: InMemoryStore, settings: Any
) -> None:
    """The region is one setting (ZICHT_REGIO): the case belongs to it and its agreement
    reads the melding; a region without agreement data refuses, naming it."""
    casus_id = acties.registreer_melding(VT, NU - timedelta(days=1), MELDING, NU, store=store)
    assert store.lees(casus_id).regio == "zuid-limburg"
    settings.ZICHT_REGIO = "noord-pool"
    with pytest.raises(AfsprakenFout, match="noord-pool"):
        acties.registreer_melding(VT, NU - timedelta(days=1), MELDING, NU, store=store)


def test_an_organisation_withdraws_only_the_steps_it_recorded(
    store: InMemoryStore, casus_id: str
) -> None:
    """Lokaal veld Heerlen withdrawing Veilig Thuis's step would reopen VT's term unseen: it is
    refused, naming who may correct it, and nothing is stored; its own step it may withdraw."""
    _stap(store, VT, casus_id, "overdracht", OVERDRACHT, 4)  # seq 3, recorded by VT
    eigen = _stap(store, HEERLEN, casus_id, "contact_gestart", {"door": HEERLEN.organisatie}, 3)
    intrekking = {"onderbouwing": "Per vergissing vastgelegd."}
    d = dossier.lees_casus(HEERLEN, casus_id, NU, "stap_vastleggen", store)
    assert [g.seq for g in d.intrekbaar(HEERLEN)] == [eigen]

    with pytest.raises(fouten.Verboden) as fout:
        _stap(
            store, HEERLEN, casus_id, "gebeurtenis_ingetrokken", intrekking | {"volgnummer": 3}, 2
        )
    assert (fout.value.code, fout.value.veld) == ("niet_eigen_stap", "volgnummer")
    assert fout.value.bericht == (
        "U kunt alleen een stap intrekken die uw eigen organisatie vastlegde; vraag Veilig Thuis "
        "om de correctie."
    )
    assert len(store.gebeurtenissen(casus_id)) == eigen

    intrekking |= {"volgnummer": eigen}
    seq = _stap(store, HEERLEN, casus_id, "gebeurtenis_ingetrokken", intrekking, 2)
    assert store.gebeurtenissen(casus_id)[seq - 1].type == "gebeurtenis_ingetrokken"
    d = dossier.lees_casus(VT, casus_id, NU, "stap_vastleggen", store)
    assert [g.seq for g in d.intrekbaar(VT)] == [2, 3]  # VT's own; never the melding
