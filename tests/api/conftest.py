"""Fixtures for the API: a clock the test moves, organisations, and clients with tokens."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from zicht.api.tokens import maak_client
from zicht.casuswerk.demodata.vullen import organisaties
from zicht.toepassing import klok

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
START = datetime(2026, 3, 2, 9, 30, tzinfo=AMSTERDAM)
API = "/api/v1"


@dataclass
class Klok:
    nu: datetime

    def zet(self, tekst: str) -> datetime:
        self.nu = datetime.fromisoformat(tekst).replace(tzinfo=AMSTERDAM)
        return self.nu


@pytest.fixture
def tijd(monkeypatch: pytest.MonkeyPatch) -> Iterator[Klok]:
    k = Klok(START)
    monkeypatch.setattr(klok, "nu", lambda: k.nu)
    yield k


class Systeem:
    """An organisation's system talking to the API with its bearer token."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.http = Client(headers={"Authorization": f"Bearer {token}"})

    def get(self, pad: str, **params: Any) -> Any:
        return self.http.get(pad if pad.startswith("/") else f"{API}/{pad}", params)

    def post(self, pad: str, body: Any, **headers: str) -> Any:
        return self.http.post(
            pad if pad.startswith("/") else f"{API}/{pad}",
            json.dumps(body),
            content_type="application/json",
            headers=headers,
        )


@pytest.fixture
def orgs(db: None) -> None:
    organisaties()


@pytest.fixture
def systeem(orgs: None, tijd: Klok) -> Callable[..., Systeem]:
    def maak(organisatie: str, *scopes: str, naam: str | None = None) -> Systeem:
        _, token = maak_client(
            naam or organisatie, organisatie, scopes or ("lezen", "schrijven"), tijd.nu
        )
        return Systeem(token)

    return maak


MELDING: dict[str, Any] = {
    "op": "2026-03-02T09:00:00+01:00",
    "gezin": "Gezin Jansen",
    "gemeenten": ["Heerlen"],
    "bron": "professional",
    "directbetrokkenen": [
        {"naam": "Anna Jansen", "rol": "ouder", "gezag": True},
        {"naam": "Bo Jansen", "rol": "kind"},
    ],
}
DIRECT = [
    "inhoud_melding",
    "contactgegevens_directbetrokkenen",
    "contactgegevens_melder",
    "triagebesluit",
    "informatie_veiligheidsbeoordeling",
]
