"""Fixtures for the screens: a fixed clock, organisations, users per role, cases (tests/kit.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests import kit
from tests.kit import AMSTERDAM, DIRECT, Ev, ev, ingelogd, medewerker, moment, zet_klok

from zicht.casuswerk.demodata.vullen import organisaties

__all__ = ["AMSTERDAM", "DIRECT", "ev", "ingelogd", "moment"]

NU = datetime(2026, 3, 10, 12, 0, tzinfo=AMSTERDAM)
ROLLEN = {
    "vt": ("veilig_thuis", "vt_medewerker"),
    "vt2": ("veilig_thuis", "vt_gedragswetenschapper"),
    "heerlen": ("lokaal_veld:Heerlen", "lokaal_veld_medewerker"),
    "maastricht": ("lokaal_veld:Maastricht", "lokaal_veld_medewerker"),
    "pc_heerlen": ("gemeente:Heerlen", "procescoordinator"),
    "xonar": ("zorgaanbieder:Xonar", "zorgaanbieder_medewerker"),
    "zvh": ("zorg_en_veiligheidshuis", "zvh_procesregisseur"),
    "beleid": ("gemeente:Heerlen", "beleidsmedewerker"),
    "beheer": ("veilig_thuis", "functioneel_beheerder"),
    "privacy": ("veilig_thuis", "privacy_officer"),
}


@pytest.fixture(autouse=True)
def vaste_klok(monkeypatch: pytest.MonkeyPatch) -> datetime:
    return zet_klok(monkeypatch, NU)


@pytest.fixture
def orgs(db: None) -> None:
    organisaties()


def totp(apparaat: TOTPDevice) -> str:
    """The code the user's authenticator app shows now."""
    from django_otp.oath import TOTP

    t = TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift)
    return f"{t.token():0{apparaat.digits}d}"


def gebruiker(wie: str) -> User:
    """The test user for one of ROLLEN, created on first use."""
    organisatie, rol = ROLLEN[wie]
    return medewerker(f"test.{wie}", organisatie, rol, first_name=f"Test {wie}")


@pytest.fixture
def inloggen(orgs: None) -> Callable[[str], Client]:
    """A logged-in client (password and second factor) for one of ROLLEN."""

    def maak(wie: str) -> Client:
        return ingelogd(gebruiker(wie))

    return maak


MELDING = ev(
    "2026-03-02T09:00",
    "melding_ontvangen",
    gemeenten=["Heerlen"],
    bron="professional",
    directbetrokkenen=[{"id": "p1", "rol": "ouder", "gezag": True}, {"id": "p2", "rol": "kind"}],
)
TRIAGE = ev(
    "2026-03-05T14:00",
    "veiligheidsbeoordeling_afgerond",
    besluit="lokaal_veld",
    onderbouwing="synthetisch",
    beoordelaars=["vt.a", "vt.b"],
)
OVERDRACHT = ev(
    "2026-03-05T15:00",
    "overdracht",
    moment="direct",
    naar=["lokaal_veld:Heerlen"],
    wijze="digitaal",
    informatie=DIRECT,
)


def maak_casus(*gebeurtenissen: Ev, naam: str = "Gezin Test") -> str:
    return kit.maak_casus(gebeurtenissen, naam=naam)
