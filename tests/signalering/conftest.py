"""Fixtures for signalering: cases from the casework fixtures, a clock the test moves."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from casuswerk.conftest import orgs  # noqa: F401 (a fixture)
from zicht.casuswerk import klok

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def moment(tekst: str) -> datetime:
    return datetime.fromisoformat(tekst).replace(tzinfo=AMSTERDAM)


@dataclass
class Klok:
    nu: datetime

    def zet(self, tekst: str) -> datetime:
        self.nu = moment(tekst)
        return self.nu


@pytest.fixture
def tijd(monkeypatch: pytest.MonkeyPatch) -> Iterator[Klok]:
    k = Klok(moment("2026-03-02T09:30"))
    monkeypatch.setattr(klok, "nu", lambda: k.nu)
    yield k
