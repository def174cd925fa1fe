"""Issue #16 on the screens: bad input is a Dutch message (never a 500), and a form sent twice
(back and resubmit, a double click) is recorded once."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from zicht.casuswerk.models import Gezin
from zicht.store.models import Casus, Gebeurtenis

pytestmark = pytest.mark.django_db


def _melding(**anders: Any) -> dict[str, Any]:
    return {
        "seq": "0",
        "op": "2026-03-10T09:30",
        "gezin": "Gezin Nieuw",
        "gemeenten": ["Heerlen"],
        "bron": "professional",
        "directbetrokkenen__0__id": "Anna Nieuw",
        "directbetrokkenen__0__rol": "ouder",
        **anders,
    }


def _token(pagina: str) -> str:
    gevonden = re.search(r'name="_formulier" value="([^"]+)"', pagina)
    assert gevonden, "het formulier heeft geen eenmalig token"
    return gevonden.group(1)


def test_a_web_melding_at_the_end_of_time_is_a_dutch_message(
    inloggen: Callable[[str], Client],
) -> None:
    antwoord = inloggen("vt").post("/meldingen/nieuw", _melding(op="9999-12-31T23:59"))
    assert antwoord.status_code == 200 and "Niet vastgelegd" in antwoord.text
    assert "tussen 1900 en 2200" in antwoord.text
    assert not Casus.objects.exists()


@pytest.mark.parametrize("teken", ["\u202e", "\u200b", "\x07"])
@pytest.mark.parametrize("veld", ["gezin", "directbetrokkenen__0__id", "melder_naam"])
def test_names_with_control_or_bidi_characters_are_refused_in_dutch(
    inloggen: Callable[[str], Client], teken: str, veld: str
) -> None:
    antwoord = inloggen("vt").post("/meldingen/nieuw", _melding(**{veld: f"Ann{teken}a"}))
    assert antwoord.status_code == 200 and "Niet vastgelegd" in antwoord.text
    assert not Casus.objects.exists() and not Gezin.objects.exists()


def test_a_melding_sent_twice_with_its_form_token_is_recorded_once(
    inloggen: Callable[[str], Client],
) -> None:
    client = inloggen("vt")
    token = _token(client.get("/meldingen/nieuw").text)

    eerste = client.post("/meldingen/nieuw", _melding(_formulier=token))
    tweede = client.post("/meldingen/nieuw", _melding(_formulier=token))

    assert eerste.status_code == 302
    assert tweede.status_code == 409 and "al verstuurd" in tweede.text
    assert Casus.objects.count() == 1 and Gebeurtenis.objects.count() == 1


def test_a_forged_or_foreign_form_token_is_refused(inloggen: Callable[[str], Client]) -> None:
    vt = inloggen("vt")
    ander = inloggen("heerlen")
    token = _token(vt.get("/meldingen/nieuw").text)
    assert ander.post("/meldingen/nieuw", _melding(_formulier=token)).status_code == 400
    assert vt.post("/meldingen/nieuw", _melding(_formulier="nep")).status_code == 400
    assert not Casus.objects.exists()


def test_a_megabyte_of_text_on_a_step_form_is_a_dutch_message_and_not_stored(
    inloggen: Callable[[str], Client],
) -> None:
    """Finding 7: no length limit on text bound for the immutable event table (1 MB taken)."""
    from .conftest import MELDING, maak_casus

    casus_id = maak_casus(MELDING)
    client = inloggen("vt")
    pad = f"/casussen/{casus_id}/stappen/veiligheidsbeoordeling_afgerond"
    seq = re.search(r'name="seq" value="(\d+)"', client.get(pad).text)
    assert seq
    antwoord = client.post(
        pad,
        {
            "seq": seq.group(1),
            "op": "2026-03-10T11:00",
            "besluit": "lokaal_veld",
            "onderbouwing": "x" * 1_000_000,
        },
    )
    assert antwoord.status_code == 200 and "Niet vastgelegd" in antwoord.text
    assert "niet meer dan 10000 tekens bevat (het zijn er nu 1000000)" in antwoord.text
    assert Gebeurtenis.objects.filter(casus_id=casus_id).count() == 1
