"""Login and need-to-know: the same 404 for a case that is absent and one that is not yours."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht.toepassing.modellen import Medewerker, Organisatie

from .conftest import MELDING, OVERDRACHT, TRIAGE, ingelogd, maak_casus, totp

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("pad", ["/", "/meldingen/nieuw", f"/casussen/{uuid.uuid4()}"])
def test_every_page_asks_for_login(client: Client, pad: str) -> None:
    antwoord = client.get(pad)

    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith("/inloggen/?next=")


def test_the_login_page_is_dutch_and_logging_in_leads_to_the_worklist(
    client: Client, orgs: None
) -> None:
    pagina = client.get("/inloggen/")
    user = User.objects.create_user("lv.test", password="geheim-wachtwoord-123")
    Medewerker.objects.create(
        user=user,
        organisatie=Organisatie.objects.get(code="lokaal_veld:Heerlen"),
        rol="lokaal_veld_medewerker",
    )

    apparaat = TOTPDevice.objects.create(user=user, name="app", confirmed=True)

    fout = client.post("/inloggen/", {"username": "lv.test", "password": "fout"})
    goed = client.post("/inloggen/", {"username": "lv.test", "password": "geheim-wachtwoord-123"})
    nog_niet = client.get("/")
    code = client.post(goed["Location"], {"code": totp(apparaat)})

    assert '<html lang="nl">' in pagina.text and "Gebruikersnaam" in pagina.text
    assert "klopt niet" in fout.text
    assert goed.status_code == 302 and goed["Location"] == "/inloggen/tweede-stap/?next=%2F"
    assert nog_niet.status_code == 302 and nog_niet["Location"].startswith("/inloggen/tweede-stap/")
    assert code.status_code == 302 and code["Location"] == "/"
    assert client.get("/").status_code == 200


def test_logout_ends_the_session(inloggen: Callable[[str], Client]) -> None:
    client = inloggen("vt")

    client.post("/uitloggen/")

    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    ("wie", "status"),
    [
        ("vt", 200),
        ("vt2", 200),
        ("heerlen", 200),
        ("pc_heerlen", 200),
        ("maastricht", 404),
        ("xonar", 404),
        ("zvh", 404),
        ("beleid", 404),
        ("beheer", 404),
        ("privacy", 404),
    ],
)
def test_need_to_know_on_a_case_handed_over_to_heerlen(
    inloggen: Callable[[str], Client], wie: str, status: int
) -> None:
    casus_id = maak_casus(MELDING, TRIAGE, OVERDRACHT)

    assert inloggen(wie).get(f"/casussen/{casus_id}").status_code == status


def test_forbidden_looks_exactly_like_absent(inloggen: Callable[[str], Client]) -> None:
    casus_id = maak_casus(MELDING, TRIAGE, OVERDRACHT)
    client = inloggen("maastricht")

    verboden = client.get(f"/casussen/{casus_id}")
    afwezig = client.get(f"/casussen/{uuid.uuid4()}")
    stap = client.get(f"/casussen/{casus_id}/stappen/incident")

    assert verboden.status_code == afwezig.status_code == stap.status_code == 404
    assert verboden.content == afwezig.content


def test_a_lokaal_veld_does_not_see_a_melding_before_it_is_handed_over(
    inloggen: Callable[[str], Client],
) -> None:
    casus_id = maak_casus(MELDING)

    assert inloggen("heerlen").get(f"/casussen/{casus_id}").status_code == 404
    assert inloggen("vt").get(f"/casussen/{casus_id}").status_code == 200


def test_a_care_provider_sees_the_case_while_it_has_casusregie(
    inloggen: Callable[[str], Client],
) -> None:
    regie = ("2026-03-06T09:00", "casusregie_belegd", {"bij": "zorgaanbieder:Xonar"})
    casus_id = maak_casus(MELDING, TRIAGE, OVERDRACHT, regie)

    assert inloggen("xonar").get(f"/casussen/{casus_id}").status_code == 200


def test_an_account_without_organisation_is_refused(client: Client, db: None) -> None:
    ingelogd(User.objects.create_user("zonder.organisatie"), client)

    assert client.get("/").status_code == 403


def test_only_vt_registers_a_melding(inloggen: Callable[[str], Client]) -> None:
    assert inloggen("vt").get("/meldingen/nieuw").status_code == 200
    assert inloggen("heerlen").get("/meldingen/nieuw").status_code == 403


def test_not_found_is_a_dutch_page(inloggen: Callable[[str], Client]) -> None:
    antwoord = inloggen("maastricht").get(f"/casussen/{uuid.uuid4()}")
    assert antwoord.status_code == 404
    assert "Niet gevonden" in antwoord.text and 'lang="nl"' in antwoord.text
