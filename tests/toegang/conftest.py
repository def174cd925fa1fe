"""One small world for the access tests, built once per module: a user per role and a case
per relationship to them. Each test runs in a savepoint inside it, so posts leave no trace."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests import kit
from tests.kit import AMSTERDAM, DIRECT, ev, ingelogd, medewerker, moment, zet_klok

from zicht.casuswerk.demodata.vullen import organisaties

__all__ = ["AMSTERDAM", "ingelogd", "moment"]

NU = datetime(2026, 3, 10, 12, 0, tzinfo=AMSTERDAM)
BSN = "111222333"  # passes the elfproef; synthetic
ROLLEN = {
    "vt": ("veilig_thuis", "vt_medewerker"),
    "vt_gedrag": ("veilig_thuis", "vt_gedragswetenschapper"),
    "lv_heerlen": ("lokaal_veld:Heerlen", "lokaal_veld_medewerker"),
    "gw_heerlen": ("lokaal_veld:Heerlen", "lokaal_veld_gedragswetenschapper"),
    "lv_maastricht": ("lokaal_veld:Maastricht", "lokaal_veld_medewerker"),
    "pc_heerlen": ("gemeente:Heerlen", "procescoordinator"),
    "pc_maastricht": ("gemeente:Maastricht", "procescoordinator"),
    "xonar": ("zorgaanbieder:Xonar", "zorgaanbieder_medewerker"),
    "zorgpunt": ("zorgaanbieder:Zorgpunt Zuid", "zorgaanbieder_medewerker"),
    "zvh": ("zorg_en_veiligheidshuis", "zvh_procesregisseur"),
    "beleid": ("gemeente:Heerlen", "beleidsmedewerker"),
    "beheer": ("veilig_thuis", "functioneel_beheerder"),
    "privacy": ("veilig_thuis", "privacy_officer"),
}


def melding(gemeente: str, **extra: Any) -> tuple[str, str, dict[str, Any]]:
    return ev(
        "2026-03-02T09:00",
        "melding_ontvangen",
        gemeenten=[gemeente],
        bron="professional",
        directbetrokkenen=[
            {"id": "p1", "rol": "ouder", "gezag": True},
            {"id": "p2", "rol": "kind"},
        ],
        **extra,
    )


TRIAGE = ev(
    "2026-03-05T14:00",
    "veiligheidsbeoordeling_afgerond",
    besluit="lokaal_veld",
    onderbouwing="synthetisch",
    beoordelaars=["vt.a", "vt.b"],
)


def overdracht(gemeente: str, informatie: list[str] = DIRECT) -> tuple[str, str, dict[str, Any]]:
    return ev(
        "2026-03-05T15:00",
        "overdracht",
        moment="direct",
        naar=[f"lokaal_veld:{gemeente}"],
        wijze="digitaal",
        informatie=informatie,
    )


# Each case's story and the family name that must never leak to someone who may not see it.
CASUSSEN: dict[str, list[tuple[str, str, dict[str, Any]]]] = {
    "alleen_gemeld": [melding("Heerlen")],  # at VT, family in Heerlen, not handed over
    "naar_heerlen": [melding("Heerlen"), TRIAGE, overdracht("Heerlen")],
    "naar_maastricht": [melding("Maastricht"), TRIAGE, overdracht("Maastricht")],
    "regie_xonar": [
        melding("Heerlen"),
        TRIAGE,
        overdracht("Heerlen"),
        ev("2026-03-06T09:00", "casusregie_belegd", bij="zorgaanbieder:Xonar"),
    ],
    "bij_zvh": [
        melding("Kerkrade"),
        ev("2026-03-03T09:00", "opgeschaald", naar="zorg_en_veiligheidshuis"),
    ],
    "gesloten": [
        melding("Heerlen"),
        TRIAGE,
        overdracht("Heerlen"),
        ev("2026-03-09T09:00", "dossier_gesloten"),
    ],
    "politie_wa3": [  # WA 3: straight to the lokaal veld, no hand-over event
        ev(
            "2026-03-02T09:00",
            "melding_ontvangen",
            gemeenten=["Heerlen"],
            bron="politie",
            politie_soort="zorgmelding",
            contextverhaal=False,
            directbetrokkenen=[{"id": "p1", "rol": "ouder"}],
        )
    ],
}


def familienaam(sleutel: str) -> str:
    return f"Gezin Zzq{sleutel.replace('_', '').capitalize()}"


def maak_casus(sleutel: str, gebeurtenissen: list[tuple[str, str, dict[str, Any]]]) -> str:
    naam = familienaam(sleutel)
    return kit.maak_casus(
        gebeurtenissen,
        naam=naam,
        personen=[
            {"id": "p1", "naam": f"Ouder {naam}", "rol": "ouder", "bsn": BSN},
            {"id": "p2", "naam": f"Kind {naam}", "rol": "kind"},
        ],
        melder={"naam": "Melder Qqx", "telefoon": "0612345678"},
    )


def gebruiker(wie: str) -> User:
    organisatie, rol = ROLLEN[wie]
    user = medewerker(f"t.{wie}", organisatie, rol, first_name=f"Test {wie}")
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


@dataclass
class Wereld:
    casussen: dict[str, str]  # key -> case id ("afwezig": an id that exists nowhere)
    gebruikers: dict[str, User] = field(default_factory=dict)


@pytest.fixture(scope="module")
def wereld(django_db_setup: None, django_db_blocker: Any) -> Iterator[Wereld]:
    with django_db_blocker.unblock(), transaction.atomic():
        organisaties()
        w = Wereld({k: maak_casus(k, g) for k, g in CASUSSEN.items()})
        w.casussen["afwezig"] = str(uuid.uuid4())
        w.gebruikers = {wie: gebruiker(wie) for wie in ROLLEN}
        yield w
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def vaste_klok(monkeypatch: pytest.MonkeyPatch) -> datetime:
    return zet_klok(monkeypatch, NU)


@pytest.fixture
def organisaties_klaar(db: None) -> None:
    organisaties()
