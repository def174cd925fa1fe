"""The OpenAPI document against the NL API Design Rules we follow (as Open Zaak does)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
FOUT_MEDIATYPE = "application/problem+json"


_GELADEN: dict[str, Any] = {}


@pytest.fixture
def document(db: None) -> dict[str, Any]:
    """The published document, fetched once (each fetch writes an access-log row)."""
    if not _GELADEN:
        antwoord = Client().get("/api/v1/schema")
        assert antwoord.status_code == 200
        assert antwoord["API-Version"] == "1.0.0"
        _GELADEN.update(antwoord.json())
    return _GELADEN


def _operaties(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (pad, methode, operatie)
        for pad, operaties in document["paths"].items()
        for methode, operatie in operaties.items()
        if methode in {"get", "post", "put", "patch", "delete"}
    ]


def test_version_contact_and_dutch_descriptions(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.")
    assert re.fullmatch(r"\d+\.\d+\.\d+", document["info"]["version"])
    assert {"name", "email"} <= set(document["info"]["contact"])
    assert "samenwerkingsafspraken" in document["info"]["description"]
    for _, _, operatie in _operaties(document):
        assert operatie.get("summary") and operatie.get("operationId")


def test_paths_carry_the_major_version_no_trailing_slash_and_plural_collections(
    document: dict[str, Any],
) -> None:
    for pad in document["paths"]:
        assert pad.startswith("/api/v1/"), pad
        assert not pad.endswith("/"), pad
        collecties = [d for d in pad.split("/")[3:] if not d.startswith("{")]
        # Dutch plurals end in -en or -s; `werkvoorraad` is a collective noun (one per caller).
        for naam in collecties:
            assert naam == "werkvoorraad" or re.search(r"(en|s)$", naam), pad


def test_every_response_declares_the_version_header_and_errors_are_problem_details(
    document: dict[str, Any],
) -> None:
    kop = document["components"]["headers"]["API-Version"]
    assert kop["required"] and kop["schema"]["pattern"]
    for pad, methode, operatie in _operaties(document):
        antwoorden = operatie["responses"]
        assert "default" not in antwoorden
        assert {"401", "403", "500"} <= set(antwoorden), (pad, methode)
        for status, antwoord in antwoorden.items():
            assert "API-Version" in antwoord.get("headers", {}), (pad, methode, status)
            if int(status) >= 400:
                assert list(antwoord["content"]) == [FOUT_MEDIATYPE], (pad, methode, status)
                schema = antwoord["content"][FOUT_MEDIATYPE]["schema"]
                assert schema == {"$ref": "#/components/schemas/Probleem"}
    probleem = document["components"]["schemas"]["Probleem"]
    assert {"type", "title", "status", "detail", "instance", "code"} <= set(probleem["required"])
    assert "invalidParams" in probleem["properties"]


def test_lists_are_paged_and_steps_name_their_errors(document: dict[str, Any]) -> None:
    for pad, methode, operatie in _operaties(document):
        if methode == "get" and "resultaten" in str(operatie["responses"]["200"]):
            namen = {p["name"] for p in operatie.get("parameters", [])}
            assert {"page", "pageSize"} <= namen, pad
    stap = document["paths"]["/api/v1/casussen/{casus_id}/gebeurtenissen"]["post"]
    assert {"404", "409", "422", "428"} <= set(stap["responses"])
    assert "If-Match" in {p["name"] for p in stap["parameters"]}
    invoer = document["components"]["schemas"]["Gebeurtenisinvoer"]
    assert invoer["discriminator"]["propertyName"] == "type"
    assert "overdracht" in invoer["discriminator"]["mapping"]


def test_date_times_in_requests_and_answers_are_declared_with_offsets(
    document: dict[str, Any],
) -> None:
    stap = document["components"]["schemas"]["Stap_overdracht"]
    assert stap["properties"]["op"]["format"] == "date-time"  # RFC 3339: offset required
    assert (
        document["components"]["schemas"]["Casus"]["properties"]["aangemaaktOp"]["format"]
        == "date-time"
    )
