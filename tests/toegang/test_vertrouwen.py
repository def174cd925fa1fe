"""Issue #16 on the screens: a real deployment (static files, secrets, health), the session
renewed at the second factor, and a Dutch 400 page with the security headers."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from .test_inloggen import code, wachtwoord

pytestmark = pytest.mark.django_db
user = pytest.fixture(lambda db: _user())  # noqa: E731


def _user() -> User:
    from zicht.casuswerk.demodata.vullen import organisaties
    from zicht.casuswerk.models import Medewerker, Organisatie

    from .test_inloggen import WACHTWOORD

    organisaties()
    u = User.objects.create_user("lv.test", password=WACHTWOORD, first_name="Test")
    Medewerker.objects.create(
        user=u,
        organisatie=Organisatie.objects.get(code="lokaal_veld:Heerlen"),
        rol="lokaal_veld_medewerker",
    )
    return u


# ---- 8: the session id changes with the second factor --------------------------------------


def test_the_session_key_is_rotated_at_the_totp_step(user: User, client: Client) -> None:
    apparaat = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    wachtwoord(client)
    na_wachtwoord = client.session.session_key

    antwoord = client.post("/inloggen/tweede-stap/", {"code": code(apparaat)})

    assert antwoord.status_code == 302
    assert client.session.session_key != na_wachtwoord
    assert client.get("/").status_code == 200  # still logged in, now verified


def test_the_session_key_is_rotated_when_linking_the_app(user: User, client: Client) -> None:
    wachtwoord(client)
    client.get("/inloggen/koppelen/")
    apparaat = TOTPDevice.objects.get(user=user, confirmed=False)
    voor = client.session.session_key

    antwoord = client.post("/inloggen/koppelen/", {"code": code(apparaat)})

    assert antwoord.status_code == 302
    assert client.session.session_key != voor


# ---- 9: a real deployment ----------------------------------------------------------------


def test_static_files_are_served_without_debug(client: Client, settings: object) -> None:
    assert not settings.DEBUG  # type: ignore[attr-defined]
    antwoord = client.get("/static/zicht/zicht.css")
    assert antwoord.status_code == 200
    assert b"{" in b"".join(antwoord.streaming_content)  # type: ignore[attr-defined]


def test_the_health_endpoint_answers_without_login(client: Client) -> None:
    antwoord = client.get("/gezond")
    assert antwoord.status_code == 200 and antwoord.json() == {"status": "ok"}
    assert antwoord["Cache-Control"] == "no-store"


def _settings_laden(**env: str) -> subprocess.CompletedProcess[str]:
    schoon = {k: v for k, v in os.environ.items() if not k.startswith("ZICHT_")}
    return subprocess.run(
        [sys.executable, "-c", "import zicht.web.settings"],
        env={**schoon, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_fail_closed_without_a_secret_key_outside_debug() -> None:
    zonder = _settings_laden()
    assert zonder.returncode != 0 and "ZICHT_SECRET_KEY ontbreekt" in zonder.stderr
    publiek = _settings_laden(ZICHT_SECRET_KEY="dev-only-niet-voor-productie")
    assert publiek.returncode != 0  # the public development key is no key
    zonder_keten = _settings_laden(ZICHT_SECRET_KEY="x" * 50)
    assert zonder_keten.returncode != 0 and "ZICHT_KETEN_SLEUTELS" in zonder_keten.stderr
    echt = _settings_laden(ZICHT_SECRET_KEY="x" * 50, ZICHT_KETEN_SLEUTELS="k1:" + "y" * 32)
    assert echt.returncode == 0, echt.stderr
    assert _settings_laden(ZICHT_DEBUG="1").returncode == 0


def test_outside_development_the_app_connects_as_the_role_that_owns_nothing() -> None:
    """Finding 1: ZICHT_PG_USER defaulted to the superuser `postgres`."""
    echt = {"ZICHT_SECRET_KEY": "x" * 50, "ZICHT_KETEN_SLEUTELS": "k1:" + "y" * 32}
    code = "from django.conf import settings as s; print(s.DATABASES['default']['USER'])"

    def gebruiker(**env: str) -> str:
        schoon = {k: v for k, v in os.environ.items() if not k.startswith("ZICHT_")}
        uit = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            env={**schoon, "DJANGO_SETTINGS_MODULE": "zicht.web.settings", **env},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert uit.returncode == 0, uit.stderr
        return uit.stdout.strip()

    assert gebruiker(ZICHT_DB="postgres", **echt) == "zicht_app"
    eigenaar = gebruiker(ZICHT_DB="postgres", ZICHT_PG_USER="zicht_eigenaar", **echt)
    assert eigenaar == "zicht_eigenaar"
    assert gebruiker(ZICHT_DB="postgres", ZICHT_DEBUG="1") == "postgres"  # development


# ---- 6/7: a Dutch 400 page with the security headers -------------------------------------


def _nette_400(antwoord: object) -> None:
    assert antwoord.status_code == 400  # type: ignore[attr-defined]
    tekst = antwoord.content.decode()  # type: ignore[attr-defined]
    assert "Verzoek niet verwerkt" in tekst and "Bad Request" not in tekst
    assert antwoord["X-Frame-Options"] == "DENY"  # type: ignore[index]
    assert "default-src 'self'" in antwoord["Content-Security-Policy"]  # type: ignore[index]
    assert antwoord["X-Content-Type-Options"] == "nosniff"  # type: ignore[index]


def test_a_bad_host_gets_the_dutch_400_page_with_x_frame_options(client: Client) -> None:
    _nette_400(client.get("/inloggen/", HTTP_HOST="kwaadaardig.example"))


def test_a_20_mb_body_gets_the_dutch_400_page(client: Client) -> None:
    groot = "x" * (20 * 1024 * 1024)
    _nette_400(client.post("/inloggen/", {"username": groot, "password": "x"}))


def test_10000_fields_get_the_dutch_400_page(client: Client) -> None:
    velden = {f"v{i}": "1" for i in range(10_000)}
    _nette_400(client.post("/inloggen/", velden))
