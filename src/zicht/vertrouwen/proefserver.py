"""A real gunicorn for the fault and browser tests (issue #16): the app as it runs in
production (no DEBUG, WhiteNoise, the settings' own secrets from the environment), on loopback,
on the test database. Not used by the application itself."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from typing import Any

from zicht.vertrouwen.geheimen import ONTWIKKEL_KETENSLEUTEL


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Proefserver:
    proces: subprocess.Popen[bytes]
    poort: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.poort}"

    def doden(self) -> None:
        """kill -9 of the whole server (arbiter and workers) at once."""
        os.killpg(self.proces.pid, signal.SIGKILL)
        self.proces.wait(timeout=30)

    def stoppen(self) -> None:
        if self.proces.poll() is None:
            os.killpg(self.proces.pid, signal.SIGTERM)
            try:
                self.proces.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.doden()


def app_omgeving() -> dict[str, str]:
    """The environment of an app server as in production, without its database: DEBUG off, its
    own secret key and chain keys, this machine as its host."""
    omgeving = {k: v for k, v in os.environ.items() if k != "ZICHT_DEBUG"}
    return omgeving | {
        "DJANGO_SETTINGS_MODULE": "zicht.web.settings",
        "ZICHT_SECRET_KEY": "proefserver-" + "x" * 40,
        "ZICHT_KETEN_SLEUTELS": os.environ.get("ZICHT_KETEN_SLEUTELS", ONTWIKKEL_KETENSLEUTEL),
        "ZICHT_ALLOWED_HOSTS": "127.0.0.1",
    }


def start(database: dict[str, Any], werkers: int = 2, poort: int | None = None) -> Proefserver:
    """gunicorn on 127.0.0.1 against `database` (a Django settings_dict); waits (at most 60 s)
    until /gezond answers."""
    poort = poort or vrije_poort()
    omgeving = app_omgeving()
    if "postgresql" in database["ENGINE"]:
        omgeving |= {
            "ZICHT_DB": "postgres",
            "ZICHT_PG_NAME": str(database["NAME"]),
            "ZICHT_PG_USER": str(database["USER"]),
            "ZICHT_PG_HOST": str(database["HOST"] or "127.0.0.1"),
            "ZICHT_PG_PORT": str(database["PORT"] or "5432"),
        }
    else:
        omgeving |= {"ZICHT_DB": "sqlite", "ZICHT_SQLITE": str(database["NAME"])}
    proces = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "zicht.web.wsgi:application",
            "--bind",
            f"127.0.0.1:{poort}",
            "--workers",
            str(werkers),
            "--graceful-timeout",
            "2",
            "--log-level",
            "warning",
        ],
        env=omgeving,
        start_new_session=True,  # its own process group: kill -9 hits arbiter and workers
        stdout=subprocess.DEVNULL,
    )
    server = Proefserver(proces, poort)
    einde = time.monotonic() + 60
    while time.monotonic() < einde:
        if proces.poll() is not None:
            raise RuntimeError(f"gunicorn stopte met code {proces.returncode}")
        try:
            with urllib.request.urlopen(f"{server.url}/gezond", timeout=2) as antwoord:
                if antwoord.status == 200:
                    return server
        except OSError:
            time.sleep(0.1)  # the server is still starting
    server.stoppen()
    raise RuntimeError("gunicorn antwoordde niet binnen 60 s")
