"""Fixtures for JZV Meldingen: a sender's system with its token and outcome receiver, a Veilig
Thuis system, and a melding as the standard defines it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from api.conftest import Klok, Systeem, orgs, systeem, tijd  # noqa: F401 (fixtures)
from zicht.jzv.beheer import maak_afzender

BASIS = "/api/jzv_meldingen/v1"

MELDING: dict[str, Any] = {
    "registratienummer": "POL-2026-0001",
    "soort": "VT",
    "datumTijd": "2026-03-02T08:45:00+01:00",
    "incident": {
        "datumTijd": "2026-03-01T22:10:00+01:00",
        "locatie": "Woning van het gezin",
        "omschrijving": "Ruzie met geschreeuw, buren belden de politie.",
        "periodeVanTot": {
            "datumTijdBegin": "2026-03-01T22:00:00+01:00",
            "datumTijdEinde": "2026-03-01T23:00:00+01:00",
        },
    },
    "natuurlijkPersoon": {
        "adres": {
            "soortAdres": "02",
            "straatAdres": {"straatnaam": "Voorbeeldstraat", "huisnummer": 12, "huisletter": "A"},
        },
        "burgerservicenummer": "999993653",
        "naam": {"geslachtsnaam": "Jansen", "voornamen": "Noor", "voorvoegselGeslachtsnaam": "de"},
        "geboorte": {"datum": "2016-05-04"},
        "communicatiemiddel": [{"type": "Mobiele telefoon", "waarde": "0612345678"}],
    },
    "zorgelijkeSituatie": {
        "nadereOmschrijving": "Het kind was tijdens de ruzie thuis.",
        "situatieSchets": "Eerder contact met het wijkteam.",
        "vraagAntwoord": {"vraag": "VT-001", "antwoord": "Ja, het wijkteam."},
    },
    "verzoek": "Graag een veiligheidsbeoordeling.",
    "terugkoppelingGewenst": True,
    "overigeInformatie": {"omschrijving": "Proces-verbaal", "uRL": "https://politie.example/pv/1"},
}


def melding(**anders: Any) -> dict[str, Any]:
    uit = copy.deepcopy(MELDING)
    uit.update(anders)
    return uit


@dataclass
class Afzender:
    systeem: Systeem
    geheim: str


@pytest.fixture
def afzender(systeem: Callable[..., Systeem], tijd: Klok) -> Callable[..., Afzender]:  # noqa: F811
    """A police system as JZV sender (its organisation is irrelevant to JZV)."""

    def maak(url: str = "", naam: str = "politie-limburg") -> Afzender:
        s = systeem("lokaal_veld:Heerlen", naam=naam)
        _, geheim = maak_afzender(naam, "Politie Limburg", "politie", url, tijd.nu)
        return Afzender(s, geheim)

    return maak
