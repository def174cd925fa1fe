"""The functioneel beheerder's screens through the real views and database."""

from __future__ import annotations

from collections.abc import Callable

from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht.api.models import ApiClient
from zicht.beheer.models import Afspraakversie, Beheeractie, GelijkgesteldeDag
from zicht.core.afspraken import AFSPRAKEN_MAP
from zicht.toegangslog.models import Toegangsrij

from .conftest import gebruiker


def test_invite_shows_a_one_time_password_and_the_account_must_enrol_totp(
    inloggen: Callable[[str], Client],
) -> None:
    beheer = inloggen("beheer")
    from zicht.casuswerk.models import Organisatie

    heerlen = Organisatie.objects.get(code="lokaal_veld:Heerlen")
    antwoord = beheer.post(
        "/beheer/gebruikers/",
        {
            "gebruikersnaam": "nieuw.heerlen",
            "naam": "Nieuwe Collega",
            "organisatie": heerlen.pk,
            "rol": "lokaal_veld_medewerker",
        },
    )
    assert antwoord.status_code == 200
    wachtwoord = antwoord.context["wachtwoord"]
    assert wachtwoord and wachtwoord in antwoord.text
    user = User.objects.get(username="nieuw.heerlen")
    assert user.check_password(wachtwoord)
    assert not TOTPDevice.objects.filter(user=user).exists()  # enrols at first login
    # Logging in with the password leads to enrolling an authenticator app.
    inlog = Client().post(
        "/inloggen/", {"username": "nieuw.heerlen", "password": wachtwoord}, follow=True
    )
    assert inlog.redirect_chain[-1][0].startswith("/inloggen/koppelen/")
    assert Beheeractie.objects.filter(actie="uitgenodigd", onderwerp="nieuw.heerlen").exists()
    assert Toegangsrij.objects.filter(
        gebruiker="test.beheer", actie="gebruikers_beheren", verwerking="functioneel_beheer"
    ).exists()


def test_a_role_must_fit_the_organisation(inloggen: Callable[[str], Client]) -> None:
    from zicht.casuswerk.models import Organisatie

    heerlen = Organisatie.objects.get(code="lokaal_veld:Heerlen")
    antwoord = inloggen("beheer").post(
        "/beheer/gebruikers/",
        {"gebruikersnaam": "fout", "naam": "X", "organisatie": heerlen.pk, "rol": "vt_medewerker"},
    )
    assert "Deze rol hoort niet bij" in antwoord.text
    assert not User.objects.filter(username="fout").exists()


def test_deactivate_unlock_and_reset_totp(inloggen: Callable[[str], Client]) -> None:
    beheer = inloggen("beheer")
    vt = gebruiker("vt")
    TOTPDevice.objects.create(user=vt, name="app", confirmed=True)
    AccessAttempt.objects.create(
        username=vt.username,
        ip_address="127.0.0.1",
        user_agent="test",
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/inloggen/",
    )
    pagina = beheer.get("/beheer/gebruikers/").text
    assert "geblokkeerd" in pagina

    beheer.post(f"/beheer/gebruikers/{vt.pk}/deblokkeren")
    assert not AccessAttempt.objects.filter(username=vt.username).exists()
    beheer.post(f"/beheer/gebruikers/{vt.pk}/tweede_stap_opnieuw")
    assert not TOTPDevice.objects.filter(user=vt).exists()
    beheer.post(f"/beheer/gebruikers/{vt.pk}/deactiveren")
    vt.refresh_from_db()
    assert not vt.is_active
    acties = set(Beheeractie.objects.values_list("actie", flat=True))
    assert {"deblokkeren", "tweede_stap_opnieuw", "deactiveren"} <= acties


def test_only_the_functioneel_beheerder(inloggen: Callable[[str], Client]) -> None:
    for pad in ("/beheer/gebruikers/", "/beheer/organisaties/", "/beheer/afspraken/"):
        assert inloggen("vt").get(pad).status_code == 403
        assert inloggen("privacy").get(pad).status_code == 403


def test_api_clients_created_and_revoked(inloggen: Callable[[str], Client]) -> None:
    from zicht.casuswerk.models import Organisatie

    beheer = inloggen("beheer")
    heerlen = Organisatie.objects.get(code="lokaal_veld:Heerlen")
    antwoord = beheer.post(
        "/beheer/organisaties/",
        {
            "client": "1",
            "c-naam": "Suite Heerlen",
            "c-organisatie": heerlen.pk,
            "c-scopes": ["lezen"],
        },
    )
    client = ApiClient.objects.get(naam="Suite Heerlen")
    token = antwoord.context["geheim"][1]
    assert client.scopes == ["lezen"] and token in antwoord.text
    assert Client().get("/api/v1/casussen", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    beheer.post("/beheer/organisaties/", {"intrekken": client.pk})
    client.refresh_from_db()
    assert not client.actief
    assert Client().get("/api/v1/casussen", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_webhook_subscription_with_delivery_state(inloggen: Callable[[str], Client]) -> None:
    from zicht.casuswerk.models import Organisatie

    beheer = inloggen("beheer")
    heerlen = Organisatie.objects.get(code="lokaal_veld:Heerlen")
    beheer.post(
        "/beheer/organisaties/",
        {
            "abonnement": "1",
            "a-organisatie": heerlen.pk,
            "a-url": "https://suite.heerlen.example/zicht",
            "a-soorten": ["overdracht"],
        },
    )
    pagina = beheer.get("/beheer/organisaties/").text
    assert "https://suite.heerlen.example/zicht" in pagina
    assert "Nieuwe overdracht aan de organisatie" in pagina


def _versie(termijn: str, vanaf: str = "2027-01-01") -> bytes:
    huidig = (AFSPRAKEN_MAP / "zuid-limburg" / "regio-2022-01-20.yaml").read_text()
    tekst = huidig.replace("geldig_vanaf: 2022-01-20", f"geldig_vanaf: {vanaf}")
    oud = "  start_contact:\n    direct:\n      termijn: 3 weken\n"
    assert oud in tekst  # the shape of the region file this test changes
    tekst = tekst.replace(oud, oud.replace("3 weken", termijn))
    return tekst.encode()


def test_a_new_agreement_version_is_checked_previewed_and_scheduled(
    inloggen: Callable[[str], Client],
) -> None:
    beheer = inloggen("beheer")
    pagina = beheer.get("/beheer/afspraken/").text
    assert "§5.1.1" in pagina and "5 werkdagen" in pagina  # the rules in force, with grounds
    assert "anoniem verplicht: ja" in pagina and "True" not in pagina  # settings in Dutch

    bestand = SimpleUploadedFile("regio-2027.yaml", _versie("2 weken"))
    antwoord = beheer.post("/beheer/afspraken/", {"upload": "1", "bestand": bestand})
    assert "is in orde" in antwoord.text
    assert antwoord.context["verschillen"] == [
        {"regel": "start_contact.direct.termijn", "was": "3 weken", "wordt": "2 weken"}
    ]
    versie = Afspraakversie.objects.get()
    beheer.post("/beheer/afspraken/", {"plannen": versie.pk})
    versie.refresh_from_db()
    assert versie.gepland and str(versie.geldig_vanaf) == "2027-01-01"

    fout = SimpleUploadedFile("fout.yaml", _versie("3 eeuwen", "2027-02-01"))
    antwoord = beheer.post("/beheer/afspraken/", {"upload": "1", "bestand": fout})
    assert "is niet in orde" in antwoord.text and "eeuwen" in antwoord.text


def test_a_day_equated_with_a_holiday(inloggen: Callable[[str], Client]) -> None:
    beheer = inloggen("beheer")
    beheer.post(
        "/beheer/afspraken/",
        {"dag": "1", "datum": "2027-05-07", "besluit": "Besluit gelijkgestelde dagen 2027"},
    )
    assert GelijkgesteldeDag.objects.get().besluit == "Besluit gelijkgestelde dagen 2027"
    assert "7 mei 2027" in beheer.get("/beheer/afspraken/").text


def test_decree_days_as_the_block_for_kalender_yaml(db: None) -> None:
    import io
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    import yaml
    from django.core.management import call_command

    from zicht.core.kalender import Kalender

    GelijkgesteldeDag.objects.create(
        datum=date(2027, 5, 7),
        besluit="Besluit X",
        toegevoegd_door="beheer",
        toegevoegd_op=datetime(2026, 3, 1, tzinfo=ZoneInfo("Europe/Amsterdam")),
    )
    uit = io.StringIO()
    call_command("kalender_besluiten", stdout=uit)
    blok = yaml.safe_load(uit.getvalue())
    assert blok == {
        "gelijkgestelde_dagen": {2027: [{"datum": "2027-05-07", "besluit": "Besluit X"}]}
    }
    # The block is what the core calendar takes: that Friday is then no working day.
    dagen = {
        date.fromisoformat(d["datum"]): d["besluit"] for d in blok["gelijkgestelde_dagen"][2027]
    }
    assert not Kalender([], dagen).is_werkdag(date(2027, 5, 7))
