"""The casework fixtures (fixed clock, organisations, logged-in clients, cases in the store)."""

import pytest

from casuswerk.conftest import (  # noqa: F401
    NU,
    ev,
    gebruiker,
    ingelogd,
    inloggen,
    maak_casus,
    orgs,
    vaste_klok,
)


@pytest.fixture(autouse=True)
def leeg_geheugen() -> None:
    """Computed tables are kept per process, keyed by the refresh moment: every test its own."""
    from zicht.regie import voorraad

    voorraad._GEHEUGEN.clear()
