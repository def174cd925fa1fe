"""Fixtures for the browser part: a fixed clock, organisations, users per role, cases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht.casuswerk.demodata.vullen import organisaties
from zicht.store.contract import NieuweGebeurtenis
from zicht.store.django_store import DjangoStore
from zicht.toepassing import klok
from zicht.toepassing.modellen import Gezin, Medewerker, Organisatie

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NU = datetime(2026, 3, 10, 12, 0, tzinfo=AMSTERDAM)
DIRECT = [
    "inhoud_melding",
    "contactgegevens_directbetrokkenen",
    "contactgegevens_melder",
    "triagebesluit",
    "informatie_veiligheidsbeoordeling",
]
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


def moment(tekst: str) -> datetime:
    return datetime.fromisoformat(tekst).replace(tzinfo=AMSTERDAM)


@pytest.fixture(autouse=True)
def vaste_klok(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr(klok, "nu", lambda: NU)
    return NU


@pytest.fixture
def orgs(db: None) -> None:
    organisaties()


def totp(apparaat: TOTPDevice) -> str:
    """The code the user's authenticator app shows now."""
    from django_otp.oath import TOTP

    t = TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift)
    return f"{t.token():0{apparaat.digits}d}"


def ingelogd(user: User, client: Client | None = None) -> Client:
    """A client logged in as `user` with a verified second factor (the one place that knows)."""
    apparaat = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if apparaat is None:
        apparaat = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client = client or Client()
    client.force_login(user)
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
    sessie.save()
    return client


def gebruiker(wie: str) -> User:
    """The test user for one of ROLLEN, created on first use."""
    organisatie, rol = ROLLEN[wie]
    user, nieuw = User.objects.get_or_create(username=f"test.{wie}", first_name=f"Test {wie}")
    if nieuw:
        Medewerker.objects.create(
            user=user, organisatie=Organisatie.objects.get(code=organisatie), rol=rol
        )
    return user


@pytest.fixture
def inloggen(orgs: None) -> Callable[[str], Client]:
    """A logged-in client (password and second factor) for one of ROLLEN."""

    def maak(wie: str) -> Client:
        return ingelogd(gebruiker(wie))

    return maak


def ev(op: str, type_: str, **velden: Any) -> tuple[str, str, dict[str, Any]]:
    return op, type_, velden


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


def maak_casus(*gebeurtenissen: tuple[str, str, dict[str, Any]], naam: str = "Gezin Test") -> str:
    store = DjangoStore()
    casus_id = store.nieuwe_casus("zuid-limburg", nu=moment(gebeurtenissen[0][0]))
    Gezin.objects.create(
        casus_id=casus_id,
        naam=naam,
        personen=[
            {"id": "p1", "naam": "Ouder Test", "rol": "ouder"},
            {"id": "p2", "naam": "Kind Test", "rol": "kind"},
        ],
    )
    for seq, (op, soort, velden) in enumerate(gebeurtenissen):
        store.voeg_toe(
            casus_id,
            seq,
            NieuweGebeurtenis(soort, moment(op), velden),
            "vt.a",
            "veilig_thuis",
            moment(op),
        )
    return casus_id
