"""Strong login (ASVS L2 V2/V3): argon2, TOTP for everyone, lockout after five failures, a short
idle session, strict cookies and security headers on every response."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht.casuswerk.demodata.vullen import organisaties
from zicht.toepassing.modellen import Medewerker, Organisatie

from .conftest import CASUSSEN, maak_casus

pytestmark = pytest.mark.django_db
WACHTWOORD = "een-lang-geheim-wachtwoord"
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "zicht" / "casuswerk" / "templates"


@pytest.fixture
def user(db: None) -> User:
    organisaties()
    u = User.objects.create_user("lv.test", password=WACHTWOORD, first_name="Test")
    Medewerker.objects.create(
        user=u,
        organisatie=Organisatie.objects.get(code="lokaal_veld:Heerlen"),
        rol="lokaal_veld_medewerker",
    )
    return u


def code(apparaat: TOTPDevice) -> str:
    t = TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift)
    return f"{t.token():06d}"


def wachtwoord(client: Client, geheim: str = WACHTWOORD) -> object:
    return client.post("/inloggen/", {"username": "lv.test", "password": geheim})


def test_passwords_are_hashed_with_argon2(user: User) -> None:
    assert user.password.startswith("argon2$")


def test_without_a_second_factor_no_case_page_is_reachable(user: User, client: Client) -> None:
    casus_id = maak_casus("naar_heerlen", CASUSSEN["naar_heerlen"])
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)

    wachtwoord(client)

    for pad in ["/", f"/casussen/{casus_id}", f"/casussen/{casus_id}/stappen/contact_gestart"]:
        antwoord = client.get(pad)
        assert antwoord.status_code == 302, pad
        assert antwoord["Location"].startswith("/inloggen/tweede-stap/?next=")
    post = client.post(f"/casussen/{casus_id}/stappen/contact_gestart", {"seq": "3"})
    assert post.status_code == 302 and "tweede-stap" in post["Location"]


def test_a_wrong_code_is_refused_and_the_right_one_lets_in(user: User, client: Client) -> None:
    apparaat = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    wachtwoord(client)
    verkeerd = "000000" if code(apparaat) != "000000" else "111111"

    fout = client.post("/inloggen/tweede-stap/", {"code": verkeerd})

    apparaat.refresh_from_db()
    assert fout.status_code == 200 and "klopt niet" in fout.text
    assert apparaat.throttling_failure_count == 1  # django-otp slows the next try down

    apparaat.throttle_reset()  # instead of waiting out the back-off
    goed = client.post("/inloggen/tweede-stap/?next=/", {"code": code(apparaat)})

    assert goed.status_code == 302 and goed["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_user_without_an_app_links_one_first(user: User, client: Client) -> None:
    naar = wachtwoord(client)
    pagina = client.get("/inloggen/koppelen/")
    apparaat = TOTPDevice.objects.get(user=user)

    assert naar["Location"].startswith("/inloggen/koppelen/")  # type: ignore[index]
    assert "<svg" in pagina.text and "otpauth://totp/" in pagina.text
    assert not apparaat.confirmed and client.get("/").status_code == 302

    klaar = client.post("/inloggen/koppelen/?next=/", {"code": code(apparaat)})

    apparaat.refresh_from_db()
    assert klaar.status_code == 302 and apparaat.confirmed
    assert client.get("/").status_code == 200


def test_the_sixth_attempt_is_refused_even_with_the_right_password(user: User) -> None:
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = Client()
    for _ in range(4):
        assert wachtwoord(client, "fout").status_code == 200  # type: ignore[attr-defined]
    assert wachtwoord(client, "fout").status_code == 429  # type: ignore[attr-defined]  # fifth

    zesde = wachtwoord(client)

    assert zesde.status_code == 429  # type: ignore[attr-defined]
    assert "geblokkeerd" in zesde.text  # type: ignore[attr-defined]
    assert "_auth_user_id" not in client.session
    assert wachtwoord(Client()).status_code == 429  # type: ignore[attr-defined]  # any browser


def test_four_failures_and_the_right_password_still_get_in(user: User) -> None:
    client = Client()
    for _ in range(4):
        wachtwoord(client, "fout")

    assert wachtwoord(client).status_code == 302  # type: ignore[attr-defined]


def test_the_session_cookie_is_strict(user: User, client: Client) -> None:
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    wachtwoord(client)

    assert settings.SESSION_COOKIE_AGE == 900
    assert client.session.get_expiry_age() == 900
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


class Klok:
    """`django.utils.timezone.now` under the test's control: the session store reads it too."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.nu = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.nu)

    def verder(self, **duur: float) -> None:
        self.nu += timedelta(**duur)


def _ingelogd(user: User, client: Client) -> None:
    apparaat = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    wachtwoord(client)
    client.post("/inloggen/tweede-stap/", {"code": code(apparaat)})
    assert client.get("/").status_code == 200


def _sessie_opgeslagen(client: Client, pad: str = "/") -> bool:
    with CaptureQueriesContext(connection) as q:
        assert client.get(pad).status_code == 200
    return any(
        x["sql"].startswith("UPDATE") and "django_session" in x["sql"] for x in q.captured_queries
    )


def test_the_session_ends_after_fifteen_idle_minutes(
    user: User, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    klok = Klok(monkeypatch)
    _ingelogd(user, client)
    klok.verder(minutes=5)
    assert client.get("/").status_code == 200

    klok.verder(minutes=15)

    antwoord = client.get("/")
    assert antwoord.status_code == 302 and antwoord["Location"].startswith("/inloggen/")


def test_an_active_user_stays_logged_in_and_the_session_is_not_written_every_request(
    user: User, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    klok = Klok(monkeypatch)
    _ingelogd(user, client)
    geschreven = []
    for _ in range(40):  # 40 minutes, a page every 30 seconds: far past the 15 minutes
        klok.verder(seconds=30)
        geschreven.append(_sessie_opgeslagen(client))

    assert client.get("/").status_code == 200
    # Renewed once a minute at most: every other page, never two in a row.
    assert 15 <= sum(geschreven) <= 20
    assert not any(a and b for a, b in zip(geschreven, geschreven[1:], strict=False))


def test_idle_just_under_the_renewal_interval_after_a_renewal_ends_within_fifteen_minutes(
    user: User, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    klok = Klok(monkeypatch)
    _ingelogd(user, client)
    klok.verder(minutes=2)
    assert _sessie_opgeslagen(client)  # renewed: expires 15 minutes from now
    klok.verder(seconds=59)
    assert not _sessie_opgeslagen(client)  # not renewed

    klok.verder(minutes=14, seconds=2)  # 15 min 1 s after the renewal, 14 min 2 s idle

    assert client.get("/").status_code == 302


@pytest.mark.parametrize("pad", ["/inloggen/", "/bestaat-niet", "/"])
def test_security_headers_on_every_response(client: Client, db: None, pad: str) -> None:
    antwoord = client.get(pad)
    csp = antwoord["Content-Security-Policy"]

    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "style-src 'self'" in csp
    assert antwoord["X-Frame-Options"] == "DENY"
    assert antwoord["X-Content-Type-Options"] == "nosniff"
    assert antwoord["Referrer-Policy"] == "same-origin"
    assert re.fullmatch(r"[0-9a-f]{32}", antwoord["X-Trace-Id"])
    assert antwoord["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in antwoord  # plain http on localhost


def test_over_tls_hsts_and_secure_cookies(user: User, client: Client) -> None:
    antwoord = client.post(
        "/inloggen/", {"username": "lv.test", "password": WACHTWOORD}, secure=True
    )

    assert antwoord["Strict-Transport-Security"].startswith("max-age=31536000")
    assert antwoord.cookies[settings.SESSION_COOKIE_NAME]["secure"]


def test_every_form_needs_the_csrf_token(user: User) -> None:
    client = Client(enforce_csrf_checks=True)

    assert wachtwoord(client).status_code == 403  # type: ignore[attr-defined]


def test_templates_have_no_inline_script_or_style_and_every_post_form_a_token() -> None:
    for pad in TEMPLATES.rglob("*.html"):
        tekst = pad.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", tekst), pad.name
        assert not re.search(r"\sstyle=|<style|\son[a-z]+=|hx-on|javascript:", tekst), pad.name
        for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>.*?</form>", tekst, re.S):
            assert "{% csrf_token %}" in form, pad.name


def test_the_qr_code_is_plain_svg(user: User, client: Client) -> None:
    wachtwoord(client)
    pagina = client.get("/inloggen/koppelen/").text
    svg = pagina[pagina.index("<svg") : pagina.index("</svg>")]

    assert "<script" not in svg and "style=" not in svg and "<path" in svg
