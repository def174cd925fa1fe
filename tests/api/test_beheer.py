"""The functioneel beheerder's commands: a client per organisation, its token shown once."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from zicht import cli
from zicht.api.models import ApiClient
from zicht.api.tokens import token_hash

pytestmark = pytest.mark.django_db


def test_a_client_is_made_by_command_with_only_the_tokens_hash_kept(
    capsys: pytest.CaptureFixture[str], orgs: None
) -> None:
    argumenten = ["api-client", "maak", "--organisatie", "lokaal_veld:Heerlen"]
    assert cli.main([*argumenten, "--scope", "lezen", "--scope", "schrijven"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]

    client = ApiClient.objects.get(naam="lokaal_veld:Heerlen")
    assert client.scopes == ["lezen", "schrijven"]
    assert client.token_hash == token_hash(token) and token not in str(client.__dict__)
    antwoord = Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/werkvoorraad")
    assert antwoord.status_code == 200

    assert cli.main(["api-client", "intrekken", "lokaal_veld:Heerlen"]) == 0
    antwoord = Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/werkvoorraad")
    assert antwoord.status_code == 401
    assert cli.main([*argumenten, "--scope", "lezen"]) == 2  # the name is taken
    assert (
        cli.main(["api-client", "maak", "--organisatie", "lokaal_veld:Nergens", "--scope", "lezen"])
        == 2
    )
    assert "onbekende gemeente" in capsys.readouterr().err


def test_cors_is_closed_by_default_and_the_security_headers_apply_to_the_api(
    orgs: None, settings: Any
) -> None:
    antwoord = Client().get("/api/v1/gemeenten", headers={"Origin": "https://elders.example"})

    assert antwoord.status_code == 401
    assert "Access-Control-Allow-Origin" not in antwoord
    assert antwoord["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in antwoord
    assert antwoord["Cache-Control"] == "no-store"
    assert antwoord["API-Version"] == "1.0.0"

    settings.ZICHT_API = {**settings.ZICHT_API, "CORS_ORIGINS": ["https://gemeente.example"]}
    open_ = Client().get("/api/v1/gemeenten", headers={"Origin": "https://gemeente.example"})
    dicht = Client().get("/api/v1/gemeenten", headers={"Origin": "https://elders.example"})
    assert open_["Access-Control-Allow-Origin"] == "https://gemeente.example"
    assert "Access-Control-Allow-Origin" not in dicht
