"""Two app servers behind one address share nothing but the database (issue #17).

Two gunicorn instances on loopback ports against the test's PostgreSQL database: a user logs
in with password on one and finishes the second factor on the other, records a step on one and
sees it on the other, and a lockout counted on both refuses the right password on either. The
servers are separate processes: whatever they share, they share through PostgreSQL.

Runs in the PostgreSQL run only (`make test-postgres`): SQLite is one file on one machine.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from casuswerk.conftest import MELDING, OVERDRACHT, TRIAGE, maak_casus, totp
from zicht.casuswerk.demodata.vullen import organisaties
from zicht.casuswerk.models import Medewerker, Organisatie

GUNICORN = Path(sys.executable).with_name("gunicorn")
WACHTWOORD = "twee-servers-wachtwoord-123"

alleen_postgres = pytest.mark.skipif(
    os.environ.get("ZICHT_DB") != "postgres",
    reason="two servers share one PostgreSQL database: runs with ZICHT_DB=postgres",
)
vastgelegd = pytest.mark.django_db(transaction=True)  # the servers see only what is committed


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wacht_op(poort: int, proces: subprocess.Popen[bytes]) -> None:
    for _ in range(600):  # at most 60 s on a loaded machine; usually about one
        if proces.poll() is not None:
            raise AssertionError(f"gunicorn on {poort} stopped: {proces.returncode}")
        try:
            socket.create_connection(("127.0.0.1", poort), timeout=0.1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"gunicorn on {poort} did not start")


@pytest.fixture(scope="module")
def servers(django_db_setup: None) -> Iterator[tuple[str, str]]:
    """Two gunicorn instances, one sync worker each, on the test database (made by then)."""
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZICHT_")} | {
        "DJANGO_SETTINGS_MODULE": "zicht.web.settings",
        "ZICHT_DB": "postgres",
        "ZICHT_PG_HOST": str(db["HOST"]),
        "ZICHT_PG_PORT": str(db["PORT"]),
        "ZICHT_PG_USER": str(db["USER"]),
        "ZICHT_PG_NAME": str(db["NAME"]),
        "ZICHT_SECRET_KEY": settings.SECRET_KEY,  # one key for all instances, as in production
        # ... and the same chain keys as the test process (production fails closed without)
        "ZICHT_KETEN_SLEUTELS": ",".join(
            f"{i}:{k.decode()}" for i, k in settings.ZICHT_KETEN_SLEUTELS.items()
        ),
        "ZICHT_LOGNIVEAU": "WARNING",
        # The test process signs with the public development keys, which only DEBUG accepts.
        "ZICHT_DEBUG": "1",
    }
    poorten = [vrije_poort(), vrije_poort()]
    processen = [
        subprocess.Popen(
            [
                str(GUNICORN),
                "zicht.web.wsgi:application",
                "--bind",
                f"127.0.0.1:{p}",
                "--workers",
                "1",
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        for p in poorten
    ]
    try:
        for p, proces in zip(poorten, processen, strict=True):
            wacht_op(p, proces)
        yield f"http://127.0.0.1:{poorten[0]}", f"http://127.0.0.1:{poorten[1]}"
    finally:
        for proces in processen:
            proces.send_signal(signal.SIGINT)  # quick shutdown: no requests are in flight
        for proces in processen:
            proces.wait(timeout=30)


class GeenDoorverwijzing(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Browser:
    """One user's browser: one cookie jar, whichever server answers."""

    def __init__(self) -> None:
        self.koekjes = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.koekjes), GeenDoorverwijzing()
        )

    def vraag(self, url: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        verzoek = urllib.request.Request(url, data=body)
        if data is not None:
            verzoek.add_header("Referer", url)
        try:
            with self.opener.open(verzoek, timeout=60) as antwoord:
                return (
                    antwoord.status,
                    antwoord.headers.get("Location", ""),
                    antwoord.read().decode(),
                )
        except urllib.error.HTTPError as fout:
            return fout.code, fout.headers.get("Location", ""), fout.read().decode()

    def formulier(self, url: str, velden: dict[str, str]) -> tuple[int, str, str]:
        """GET the form (for its CSRF token and its one-time form token, as a browser does),
        then POST it."""
        status, _, pagina = self.vraag(url)
        assert status == 200, (url, status)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', pagina)
        assert token, url
        velden = velden | {"csrfmiddlewaretoken": token.group(1)}
        eenmalig = re.search(r'name="_formulier" value="([^"]+)"', pagina)
        if eenmalig:  # every screen form but the exempt ones (zicht.vertrouwen.formulieren)
            velden |= {"_formulier": eenmalig.group(1)}
        return self.vraag(url, velden)


def medewerker(naam: str) -> TOTPDevice:
    user = User.objects.create_user(naam, password=WACHTWOORD)
    Medewerker.objects.create(
        user=user,
        organisatie=Organisatie.objects.get(code="lokaal_veld:Heerlen"),
        rol="lokaal_veld_medewerker",
    )
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


@alleen_postgres
@vastgelegd
def test_a_session_and_a_step_carry_over_from_one_server_to_the_other(
    servers: tuple[str, str],
) -> None:
    a, b = servers
    organisaties()
    apparaat = medewerker("lv.twee")
    casus_id = maak_casus(MELDING, TRIAGE, OVERDRACHT)
    stap = f"/casussen/{casus_id}/stappen/ontvangst_bevestigd"
    browser = Browser()

    # Password on A, the second factor on B, the worklist on A again.
    status, naar, _ = browser.formulier(
        f"{a}/inloggen/", {"username": "lv.twee", "password": WACHTWOORD}
    )
    assert status == 302 and naar.startswith("/inloggen/tweede-stap/"), (status, naar)
    status, naar, _ = browser.formulier(f"{b}{naar}", {"code": totp(apparaat), "next": "/"})
    assert (status, naar) == (302, "/")
    status, _, werkvoorraad = browser.vraag(f"{a}/")
    assert status == 200 and "Gezin Test" in werkvoorraad

    # The step is offered on B, recorded on A, and gone from B's case page at once.
    assert stap in browser.vraag(f"{b}/casussen/{casus_id}")[2]
    _, _, formulier = browser.vraag(f"{a}{stap}")
    seq = re.search(r'name="seq" value="(\d+)"', formulier)
    assert seq
    status, naar, _ = browser.formulier(
        f"{a}{stap}",
        {"seq": seq.group(1), "op": "2026-03-10T11:00", "door": "lokaal_veld:Heerlen"},
    )
    assert status == 302, status
    status, _, casuspagina = browser.vraag(f"{b}/casussen/{casus_id}")
    assert status == 200 and stap not in casuspagina

    # Logging out on B ends the session on A too.
    status, _, _ = browser.vraag(f"{b}/uitloggen/", {"csrfmiddlewaretoken": _csrf(browser)})
    assert status == 302 and browser.vraag(f"{a}/")[0] == 302


def _csrf(browser: Browser) -> str:
    return next(k.value for k in browser.koekjes if k.name == settings.CSRF_COOKIE_NAME) or ""


@alleen_postgres
@vastgelegd
def test_a_lockout_counted_on_both_servers_holds_on_either(servers: tuple[str, str]) -> None:
    a, b = servers
    organisaties()
    medewerker("lv.slot")
    browser = Browser()

    for server in (a, b, a, b):  # four wrong passwords, spread over both servers
        status, _, _ = browser.formulier(
            f"{server}/inloggen/", {"username": "lv.slot", "password": "fout"}
        )
        assert status == 200
    status, _, _ = browser.formulier(f"{a}/inloggen/", {"username": "lv.slot", "password": "x"})
    assert status == 429  # the fifth, on A, locks the account

    status, naar, pagina = browser.formulier(
        f"{b}/inloggen/", {"username": "lv.slot", "password": WACHTWOORD}
    )
    assert status == 429 and "tijdelijk geblokkeerd" in pagina, (status, naar)


def test_nothing_shared_lives_in_one_process() -> None:
    """Sessions, lockouts, OTP state and the task queue are in the database; no cache is used."""
    from importlib import import_module

    from django.contrib.sessions.backends import db

    sessies = import_module(settings.SESSION_ENGINE).SessionStore  # Django's, read with SQL
    assert issubclass(sessies, db.SessionStore) and sessies.save is db.SessionStore.save
    assert getattr(settings, "AXES_HANDLER", "axes.handlers.database.AxesDatabaseHandler") == (
        "axes.handlers.database.AxesDatabaseHandler"
    )
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "rest_framework.throttling" not in str(settings.REST_FRAMEWORK)
    bron = Path(__file__).resolve().parents[2] / "src" / "zicht"
    gebruikt_cache = [
        str(p.relative_to(bron))
        for p in bron.rglob("*.py")
        if re.search(r"django\.core\.cache|\bcaches\[", p.read_text())
    ]
    assert gebruikt_cache == [], "a local-memory cache is not shared between app servers"
    assert shutil.which(str(GUNICORN))
