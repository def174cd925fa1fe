"""Step forms offer only what the step allows: parties of this case, assessors of Veilig Thuis."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from .conftest import MELDING, OVERDRACHT, TRIAGE, gebruiker, maak_casus

pytestmark = pytest.mark.django_db


def _opties(html: str, naam: str) -> list[str]:
    select = re.search(rf'<select name="{naam}"[^>]*>(.*?)</select>', html, re.S)
    assert select, naam
    return [w for w in re.findall(r'value="([^"]*)"', select.group(1)) if w]


def test_door_bij_ontvangst_is_alleen_de_eigen_ontvangende_organisatie(
    inloggen: Callable[[str], Client],
) -> None:
    casus = maak_casus(MELDING, TRIAGE, OVERDRACHT)
    html = inloggen("heerlen").get(f"/casussen/{casus}/stappen/ontvangst_bevestigd").text
    assert _opties(html, "door") == ["lokaal_veld:Heerlen"]


def test_overdracht_biedt_lokale_velden_met_die_van_het_gezin_eerst(
    inloggen: Callable[[str], Client],
) -> None:
    casus = maak_casus(MELDING, TRIAGE)
    html = inloggen("vt").get(f"/casussen/{casus}/stappen/overdracht").text
    opties = _opties(html, "naar")
    assert opties[0] == "lokaal_veld:Heerlen"
    assert all(o.startswith("lokaal_veld:") for o in opties) and len(opties) == 16


def test_beoordelaars_zijn_medewerkers_van_veilig_thuis(
    inloggen: Callable[[str], Client],
) -> None:
    gebruiker("vt2")
    gebruiker("heerlen")
    casus = maak_casus(MELDING)
    html = inloggen("vt").get(f"/casussen/{casus}/stappen/veiligheidsbeoordeling_afgerond").text
    waarden = re.findall(r'name="beoordelaars" value="([^"]+)"', html)
    assert sorted(waarden) == ["test.vt", "test.vt2"]
    assert 'type="checkbox"' in html and '<textarea name="beoordelaars"' not in html


def test_elke_tekst_heeft_een_lengtegrens(inloggen: Callable[[str], Client]) -> None:
    casus = maak_casus(MELDING, TRIAGE, OVERDRACHT)
    pad = f"/casussen/{casus}/stappen/incident"
    html = inloggen("heerlen").get(pad).text
    assert 'maxlength="10000"' in html
    antwoord = inloggen("heerlen").post(
        pad, {"seq": "3", "op": "2026-03-10T11:00", "omschrijving": "x" * 10_001}
    )
    assert antwoord.status_code == 200 and "Niet vastgelegd" in antwoord.text
