"""One small world for the access tests, built once per module: a user per role and a case
per relationship to them. Each test runs in a savepoint inside it, so posts leave no trace."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht.casuswerk import klok
from zicht.casuswerk.demodata.vullen import organisaties
from zicht.casuswerk.models import Gezin, Medewerker, Organisatie
from zicht.store.contract import NieuweGebeurtenis
from zicht.store.django_store import DjangoStore

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NU = datetime(2026, 3, 10, 12, 0, tzinfo=AMSTERDAM)
BSN = "111222333"  # passes the elfproef; synthetic
DIRECT = [
    "inhoud_melding",
    "contactgegevens_directbetrokkenen",
    "contactgegevens_melder",
    "triagebesluit",
    "informatie_veiligheidsbeoordeling",
]
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


def moment(tekst: str) -> datetime:
    return datetime.fromisoformat(tekst).replace(tzinfo=AMSTERDAM)


def ev(op: str, type_: str, **velden: Any) -> tuple[str, str, dict[str, Any]]:
    return op, type_, velden


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
    store = DjangoStore()
    casus_id = store.nieuwe_casus("zuid-limburg", nu=moment(gebeurtenissen[0][0]))
    Gezin.objects.create(
        casus_id=casus_id,
        naam=familienaam(sleutel),
        personen=[
            {"id": "p1", "naam": f"Ouder {familienaam(sleutel)}", "rol": "ouder", "bsn": BSN},
            {"id": "p2", "naam": f"Kind {familienaam(sleutel)}", "rol": "kind"},
        ],
        melder={"naam": "Melder Qqx", "telefoon": "0612345678"},
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


def gebruiker(wie: str) -> User:
    organisatie, rol = ROLLEN[wie]
    user = User.objects.create(username=f"t.{wie}", first_name=f"Test {wie}")
    Medewerker.objects.create(
        user=user, organisatie=Organisatie.objects.get(code=organisatie), rol=rol
    )
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def ingelogd(user: User) -> Client:
    """Logged in with a verified second factor, as after the real two steps."""
    client = Client()
    client.force_login(user)
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    sessie.save()
    return client


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
    monkeypatch.setattr(klok, "nu", lambda: NU)
    return NU


@pytest.fixture
def organisaties_klaar(db: None) -> None:
    organisaties()
