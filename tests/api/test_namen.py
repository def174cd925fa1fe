"""One naming style in the API (camelCase, NL API Design Rules) and `toelichting` kept beside
the event (issue #15). The contract's own names (SPEC §4) stay inside: the engine, the events
and the scenario files keep snake_case."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from zicht.api import namen
from zicht.casuswerk.models import Notitie
from zicht.core.gebeurtenissen import SCHEMA, veldsoort
from zicht.store.models import Gebeurtenis

from .conftest import DIRECT, MELDING, Klok, Systeem

pytestmark = pytest.mark.django_db
GEHEIM = "Jan Jansen belde om 23:00 over de buren"


def _sleutels(waarde: Any, pad: str = "") -> Iterator[str]:
    """Every property name in an answer, except the keys that are data (a party)."""
    if isinstance(waarde, dict):
        for k, v in waarde.items():
            yield f"{pad}.{k}"
            if k not in namen.DATASLEUTELS:
                yield from _sleutels(v, f"{pad}.{k}")
    elif isinstance(waarde, list):
        for v in waarde:
            yield from _sleutels(v, pad)


def _niet_kameel(antwoord: Any) -> list[str]:
    return [
        p
        for p in _sleutels(antwoord)
        if not (namen.is_kameel(p.rsplit(".", 1)[-1]) or p.endswith("._links"))
    ]


def _casus_met_stappen(vt: Systeem, tijd: Klok) -> str:
    tijd.zet("2026-03-02T10:00")
    casus = vt.post("casussen", MELDING).json()
    stappen = [
        {
            "type": "veiligheidsbeoordeling_afgerond",
            "besluit": "lokaal_veld",
            "onderbouwing": "Lokaal veld pakt op.",
            "beoordelaars": ["vt.a", "vt.b"],
        },
        {"type": "overdracht", "moment": "direct", "naar": ["lokaal_veld:Heerlen"]},
    ]
    stappen[1]["informatie"] = DIRECT
    for versie, stap in enumerate(stappen, start=1):
        body = {**stap, "op": f"2026-03-02T09:{versie}0:00+01:00", "versie": versie}
        assert vt.post(f"casussen/{casus['id']}/gebeurtenissen", body).status_code == 201
    return str(casus["id"])


def test_every_answer_of_the_api_names_its_properties_in_camel_case(
    systeem: Callable[..., Systeem], tijd: Klok
) -> None:
    vt = systeem("veilig_thuis")
    heerlen = systeem("lokaal_veld:Heerlen")
    casus_id = _casus_met_stappen(vt, tijd)
    antwoorden = {
        pad: wie.get(pad).json()
        for wie, pad in [
            (vt, "casussen"),
            (vt, f"casussen/{casus_id}"),
            (vt, f"casussen/{casus_id}/gebeurtenissen"),
            (vt, f"casussen/{casus_id}/gebeurtenissen/1"),
            (vt, f"casussen/{casus_id}/termijnen"),
            (vt, f"casussen/{casus_id}/signalen"),
            (heerlen, "werkvoorraad"),
            (vt, "gemeenten"),
            (vt, "afspraakversies"),
            (vt, "wijzigingen"),
        ]
    }
    assert {pad: _niet_kameel(a) for pad, a in antwoorden.items() if _niet_kameel(a)} == {}
    casus = antwoorden[f"casussen/{casus_id}"]
    assert "aangemaaktOp" in casus and "mogelijkeStappen" in casus
    assert "zichtOpVeiligheid" in casus["toestand"]
    # Values stay as they are: event types, term codes and parties are data.
    assert casus["toestand"]["zichtOpVeiligheid"][0]["partij"] == "lokaal_veld:Heerlen"
    overdracht = casus["toestand"]["overdrachten"][0]
    assert set(overdracht["geaccepteerd"]) | set(overdracht["teruggewezen"]) <= {
        "lokaal_veld:Heerlen"
    }
    assert {t["code"] for t in casus["toestand"]["termijnen"]} >= {"veiligheidsbeoordeling"}


def test_a_body_is_posted_in_camel_case_and_a_snake_case_name_is_refused(
    systeem: Callable[..., Systeem], tijd: Klok
) -> None:
    vt = systeem("veilig_thuis")
    tijd.zet("2026-03-02T10:00")
    slang = {**MELDING, "bron": "politie", "politie_soort": "hg", "politieSoort": "hg"}
    antwoord = vt.post("casussen", slang)
    assert antwoord.status_code == 400
    assert [(p["name"], p["code"]) for p in antwoord.json()["invalidParams"]] == [
        ("politie_soort", "unknown")
    ]
    del slang["politie_soort"]
    antwoord = vt.post("casussen", {**slang, "betrokkenMedewerkerGemeente": "Heerlen"})
    assert antwoord.status_code == 201, antwoord.json()
    casus_id = antwoord.json()["id"]
    gegevens = vt.get(f"casussen/{casus_id}/gebeurtenissen/1").json()["gegevens"]
    assert gegevens["politieSoort"] == "hg"
    assert gegevens["betrokkenMedewerkerGemeente"] == "Heerlen"
    # Inside, the event keeps the contract's names (SPEC §4).
    opgeslagen = Gebeurtenis.objects.get(casus_id=casus_id, seq=1).payload
    assert opgeslagen["politie_soort"] == "hg"
    assert opgeslagen["betrokken_medewerker_gemeente"] == "Heerlen"
    assert "politieSoort" not in opgeslagen
    # A step the caller may not take yet still has its field names checked first (400).
    stap = {"type": "evaluatie", "op": "2026-03-02T09:30:00+01:00", "versie": 1}
    fout = vt.post(f"casussen/{casus_id}/gebeurtenissen", {**stap, "herstel_gestart": True})
    assert fout.status_code == 400
    assert [(p["name"], p["code"]) for p in fout.json()["invalidParams"]] == [
        ("herstel_gestart", "unknown")
    ]
    # An engine check names the field as the caller does.
    fout = vt.post(f"casussen/{casus_id}/gebeurtenissen", {**stap, "herstelGestart": "ja"})
    assert [p["name"] for p in fout.json()["invalidParams"]] == ["herstelGestart"]


def test_every_field_name_of_the_contract_survives_the_round_trip() -> None:
    """camelCase outside, snake_case inside: no two names meet, none is lost."""
    gezien: set[str] = set()

    def loop(soort: Any) -> None:
        if soort.soort == "record":
            for n, sub, _ in soort.velden:
                gezien.add(n)
                loop(sub)
        if soort.soort == "lijst" and soort.element is not None:
            loop(soort.element)

    for velden in SCHEMA.values():
        for naam, (controle, _) in velden.items():
            gezien.add(naam)
            loop(veldsoort(controle))
    assert len(gezien) > 40
    assert {n for n in gezien if namen.slang(namen.kameel(n)) != n} == set()
    assert len({namen.kameel(n) for n in gezien}) == len(gezien)


def test_toelichting_stays_out_of_the_event_on_a_melding_and_a_step(
    systeem: Callable[..., Systeem], tijd: Klok
) -> None:
    vt = systeem("veilig_thuis")
    tijd.zet("2026-03-02T10:00")
    casus = vt.post("casussen", {**MELDING, "toelichting": GEHEIM})
    assert casus.status_code == 201, casus.json()
    casus_id = casus.json()["id"]
    stap = {
        "type": "veiligheidsbeoordeling_afgerond",
        "op": "2026-03-02T09:30:00+01:00",
        "versie": 1,
        "besluit": "clientsysteem",
        "onderbouwing": "Het gezin pakt het zelf op.",
        "beoordelaars": ["vt.a", "vt.b"],
        "toelichting": GEHEIM + " (stap)",
    }
    assert vt.post(f"casussen/{casus_id}/gebeurtenissen", stap).status_code == 201
    payloads = json.dumps(list(Gebeurtenis.objects.values_list("payload", flat=True)))
    assert "Jansen belde" not in payloads  # not in the immutable events
    assert "notitie:" in payloads
    assert set(Notitie.objects.filter(casus_id=casus_id).values_list("tekst", flat=True)) >= {
        GEHEIM,
        GEHEIM + " (stap)",
    }
    # The caller reads it back, from beside the event.
    gegevens = [
        g["gegevens"] for g in vt.get(f"casussen/{casus_id}/gebeurtenissen").json()["resultaten"]
    ]
    assert [g.get("toelichting") for g in gegevens] == [GEHEIM, GEHEIM + " (stap)"]


def test_the_documents_examples_use_the_same_names(systeem: Callable[..., Systeem]) -> None:
    from django.test import Client

    document = Client().get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    melding, stap = schemas["Meldinginvoer"]["example"], schemas["Stap_evaluatie"]["example"]
    assert set(melding) <= set(schemas["Meldinginvoer"]["properties"])
    assert set(stap) <= set(schemas["Stap_evaluatie"]["properties"])
    assert "risicofactorenAangepakt" in stap and "politieSoort" in melding
