"""The casework fixtures (fixed clock, organisations, logged-in clients, cases in the store)."""

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
