"""Fixtures for signalering: cases from the casework fixtures, a clock the test moves."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from casuswerk.conftest import orgs  # noqa: F401 (a fixture)
from zicht.toepassing import klok

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def moment(tekst: str) -> datetime:
    return datetime.fromisoformat(tekst).replace(tzinfo=AMSTERDAM)


@dataclass
class Klok:
    nu: datetime

    def zet(self, tekst: str) -> datetime:
        self.nu = moment(tekst)
        return self.nu


@pytest.fixture
def tijd(monkeypatch: pytest.MonkeyPatch) -> Iterator[Klok]:
    k = Klok(moment("2026-03-02T09:30"))
    monkeypatch.setattr(klok, "nu", lambda: k.nu)
    yield k


class Postbus:
    """A real SMTP server (aiosmtpd) on a free loopback port; keeps what arrives, or refuses."""

    def __init__(self) -> None:
        self.ontvangen: list[tuple[list[str], str]] = []
        self.weigeren = False
        postbus = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
                if postbus.weigeren:
                    return "554 5.7.1 Geweigerd"
                tekst = envelope.content.decode("utf-8", "replace")
                postbus.ontvangen.append((list(envelope.rcpt_tos), tekst))
                return "250 OK"

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.poort = s.getsockname()[1]
        self.handler = Handler()
        self.controller: Any = None
        self.start()

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.poort)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def postbus(settings: Any) -> Iterator[Postbus]:
    p = Postbus()
    # pytest-django puts Django's in-memory mail backend in place; these tests want real SMTP.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", p.poort
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield p
    p.stop()


class Ontvanger:
    """A webhook receiver: an HTTP server in a thread on 127.0.0.1 keeping what it is sent."""

    def __init__(self) -> None:
        self.ontvangen: list[tuple[dict[str, str], bytes]] = []
        ontvanger = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                ontvanger.ontvangen.append((dict(self.headers), body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/zicht"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def ontvanger() -> Iterator[Ontvanger]:
    o = Ontvanger()
    yield o
    o.stop()


def werk_wachtrij_af() -> None:
    """Run the queue's worker in-process until nothing is ready."""
    call_command(
        "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
    )


def draai(taak: object, tijd: Klok) -> None:
    """Enqueue a periodic task at the test clock's moment, as the planner does, and work it off."""
    taak.enqueue(nu=tijd.nu.isoformat())  # type: ignore[attr-defined]
    werk_wachtrij_af()
