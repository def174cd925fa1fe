"""The API as a client meets it: 405 before query checks, authorization before validation,
CORS preflight without a token and `Vary: Origin` always, the published document and docs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import yaml
from django.test import Client, override_settings

from .conftest import API, Systeem

pytestmark = pytest.mark.django_db
HERKOMST = "https://werkplek.example"


def test_an_unsupported_method_is_405_before_any_query_check(
    systeem: Callable[..., Systeem],
) -> None:
    vt = systeem("veilig_thuis")
    antwoord = vt.http.delete(f"{API}/gemeenten?page=1&onzin=2")
    assert antwoord.status_code == 405 and "GET" in antwoord["Allow"]


def test_authorization_comes_before_validation(systeem: Callable[..., Systeem]) -> None:
    heerlen = systeem("lokaal_veld:Heerlen")
    assert heerlen.post("casussen", {"op": "gisteren", "gemeenten": "x"}).status_code == 403


@override_settings(
    ZICHT_API={"BASIS_URL": "http://127.0.0.1:8000", "CORS_ORIGINS": [HERKOMST], "WEBHOOKS": {}}
)
def test_a_preflight_needs_no_token_and_every_answer_varies_by_origin(
    systeem: Callable[..., Systeem],
) -> None:
    voor = Client().options(
        f"{API}/casussen",
        headers={
            "Origin": HERKOMST,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert voor.status_code == 204
    assert voor["Access-Control-Allow-Origin"] == HERKOMST
    assert "Authorization" in voor["Access-Control-Allow-Headers"]
    assert "POST" in voor["Access-Control-Allow-Methods"]
    vreemd = Client().options(
        f"{API}/casussen",
        headers={"Origin": "https://elders.example", "Access-Control-Request-Method": "GET"},
    )
    assert "Access-Control-Allow-Origin" not in vreemd and "Origin" in vreemd["Vary"]
    vt = systeem("veilig_thuis")
    for antwoord in (vt.get("gemeenten"), Client().get(f"{API}/casussen"), vt.get("niets")):
        assert "Origin" in antwoord["Vary"]


def test_the_document_is_published_as_json_and_yaml_with_a_docs_page() -> None:
    http = Client()
    als_json = http.get(f"{API}/openapi.json")
    assert als_json.status_code == 200 and als_json.json()["openapi"].startswith("3.")
    als_yaml = http.get(f"{API}/openapi.yaml")
    assert yaml.safe_load(als_yaml.content)["paths"].keys() == als_json.json()["paths"].keys()
    docs = http.get(f"{API}/docs")
    pagina = docs.content.decode()
    assert docs.status_code == 200 and 'spec-url="/api/v1/openapi.json"' in pagina
    assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in pagina
    assert "unpkg" not in pagina and "cdn" not in pagina.lower()


def test_every_validation_error_at_once(systeem: Callable[..., Systeem]) -> None:
    vt = systeem("veilig_thuis")
    antwoord = vt.post(
        "casussen",
        {
            "op": "gisteren",
            "gemeenten": ["Atlantis"],
            "bron": "duif",
            "directbetrokkenen": [{"rol": "kind", "kleur": "rood"}],
            "toelichting": 7,
        },
    )
    assert antwoord.status_code == 400
    namen = {p["name"] for p in antwoord.json()["invalidParams"]}
    assert {"op", "gemeenten", "bron", "directbetrokkenen.0.naam"} <= namen
    assert {"directbetrokkenen.0.kleur", "toelichting"} <= namen


def test_every_step_error_at_once(systeem: Callable[..., Systeem], tijd: Any) -> None:
    vt = systeem("veilig_thuis")
    casus = vt.post(
        "casussen",
        {"op": "2026-03-02T09:00:00+01:00", "gemeenten": ["Heerlen"], "bron": "professional"},
    ).json()["id"]
    antwoord = vt.post(
        f"casussen/{casus}/gebeurtenissen",
        {"type": "veiligheidsbeoordeling_afgerond", "versie": 1, "besluit": "x", "extra": 1},
    )
    namen = {p["name"] for p in antwoord.json()["invalidParams"]}
    assert {"op", "besluit", "extra", "onderbouwing", "beoordelaars"} <= namen


def test_a_change_feed_with_a_cursor_only_for_visible_cases(
    systeem: Callable[..., Systeem], tijd: Any
) -> None:
    vt, maastricht = systeem("veilig_thuis"), systeem("lokaal_veld:Maastricht")
    melding = {"op": "2026-03-02T09:00:00+01:00", "bron": "professional"}
    heerlen = vt.post("casussen", {**melding, "gemeenten": ["Heerlen"]}).json()["id"]
    eerste = vt.get("wijzigingen", pageSize=1).json()
    assert [w["casus"].rsplit("/", 1)[1] for w in eerste["wijzigingen"]] == [heerlen]
    vt.post("casussen", {**melding, "gemeenten": ["Vaals"]})
    verder = vt.get("wijzigingen", na=eerste["volgende"]).json()
    assert (
        len(verder["wijzigingen"]) == 1 and verder["wijzigingen"][0]["type"] == "melding_ontvangen"
    )
    leeg = vt.get("wijzigingen", na=verder["volgende"]).json()
    assert leeg["wijzigingen"] == [] and leeg["volgende"] == verder["volgende"]
    assert maastricht.get("wijzigingen").json()["wijzigingen"] == []  # need-to-know
    assert vt.get("wijzigingen", na="-1").status_code == 400


def test_zicht_demo_makes_a_demo_api_client_that_works(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from zicht import cli

    assert cli.main(["demo", "--aantal", "2", "--nu", "2026-03-10T12:00"]) == 0
    lijn = next(r for r in capsys.readouterr().out.splitlines() if "demo-veilig-thuis" in r)
    token = lijn.rsplit("Bearer ", 1)[1].strip()
    antwoord = Client(headers={"Authorization": f"Bearer {token}"}).get(f"{API}/casussen")
    assert antwoord.status_code == 200 and antwoord.json()["aantal"] == 2
    assert cli.main(["demo", "--aantal", "2"]) == 0  # again: the same token, nothing new
    assert token in capsys.readouterr().out
