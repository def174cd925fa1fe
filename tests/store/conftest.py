"""Fixtures for the event-store contract: every test runs against each implementation."""

from __future__ import annotations

import pytest

from zicht.store.contract import EventStore
from zicht.store.geheugen import InMemoryStore

from .hulp import StoreFabriek, nep_projector


@pytest.fixture(params=["geheugen", pytest.param("django", marks=pytest.mark.django_db)])
def maak_store(request: pytest.FixtureRequest) -> StoreFabriek:
    if request.param == "geheugen":
        return InMemoryStore
    from zicht.store.django_store import DjangoStore

    return DjangoStore


@pytest.fixture
def store(maak_store: StoreFabriek) -> EventStore:
    return maak_store(nep_projector)
