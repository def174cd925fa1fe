"""Fixtures for the browser part: a fixed clock, organisations, users per role, cases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.test import Client

from zicht.casuswerk import klok
from zicht.casuswerk.demodata.vullen import organisaties
from zicht.casuswerk.models import Gezin, Medewerker, Organisatie
from zicht.store.contract import NieuweGebeurtenis
from zicht.store.django_store import DjangoStore

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


@pytest.fixture
def inloggen(orgs: None) -> Callable[[str], Client]:
    """A logged-in client for one of ROLLEN (the user is created on first use)."""

    def maak(wie: str) -> Client:
        organisatie, rol = ROLLEN[wie]
        user, nieuw = User.objects.get_or_create(username=f"test.{wie}", first_name=f"Test {wie}")
        if nieuw:
            Medewerker.objects.create(
                user=user, organisatie=Organisatie.objects.get(code=organisatie), rol=rol
            )
        client = Client()
        client.force_login(user)
        return client

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
