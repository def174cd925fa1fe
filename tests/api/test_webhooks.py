"""Webhooks end to end: real HTTP receivers on 127.0.0.1, signed deliveries, retries with
backoff on the real task queue (django-tasks' database backend, its worker run in-process)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import override_settings

from zicht import cli
from zicht.api.models import Levering
from zicht.api.webhooks import bezorgen

from .conftest import DIRECT, Klok, Systeem

pytestmark = pytest.mark.django_db(transaction=True)
LOKAAL = "127.0.0.1"
# A CloudEvent (NL GOV profile); `data` names moments, never the case's content.
MAG_IN_BERICHT = {
    "specversion",
    "id",
    "source",
    "type",
    "subject",
    "time",
    "datacontenttype",
    "dataref",
    "traceparent",
    "data",
}
MAG_IN_DATA = {"gebeurd_op", "termijn", "uiterlijk", "grond", "status", "stap"}


class Ontvanger:
    """An HTTP server in a thread that answers with the given statuses, then 200."""

    def __init__(self, statussen: list[int]) -> None:
        self.statussen, self.ontvangen = list(statussen), []
        ontvanger = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                ontvanger.ontvangen.append((dict(self.headers), body))
                status = ontvanger.statussen.pop(0) if ontvanger.statussen else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer((LOKAAL, 0), Handler)
        self.url = f"http://{LOKAAL}:{self.server.server_port}/zicht"
        self.draad = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.draad.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def ontvangers() -> Iterator[Callable[[list[int]], Ontvanger]]:
    gestart: list[Ontvanger] = []

    def start(statussen: list[int]) -> Ontvanger:
        gestart.append(Ontvanger(statussen))
        return gestart[-1]

    yield start
    for o in gestart:
        o.stop()


@pytest.fixture
def alleen_lokaal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing but 127.0.0.1 is ever contacted."""
    echt = bezorgen._post

    def post(url: str, *args: Any) -> int:
        assert urlsplit(url).hostname == LOKAAL, url
        return echt(url, *args)

    monkeypatch.setattr(bezorgen, "_post", post)


def abonneer(capsys: pytest.CaptureFixture[str], url: str, *soorten: str) -> str:
    """Through the beheerder's command; returns the secret it shows once."""
    argumenten = ["webhooks", "abonneer", "--organisatie", "lokaal_veld:Heerlen", "--url", url]
    for soort in soorten:
        argumenten += ["--soort", soort]
    assert cli.main(argumenten) == 0
    return capsys.readouterr().out.strip().splitlines()[-1]


def werk_wachtrij_af(klaar: Callable[[], bool], seconden: float = 20) -> None:
    """Run the queue's worker in-process until `klaar`, bounded in time."""
    grens = time.monotonic() + seconden
    while not klaar():
        assert time.monotonic() < grens, "de wachtrij werd niet op tijd afgewerkt"
        call_command(
            "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
        )
        time.sleep(0.05)


def echt(headers: dict[str, str], body: bytes, geheim: str) -> bool:
    """The receiver's check of `Zicht-Signature: t=<ts>,v1=<hex>` over `<ts>.<body>`."""
    delen = dict(d.split("=", 1) for d in headers["Zicht-Signature"].split(","))
    verwacht = hmac.new(geheim.encode(), f"{delen['t']}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(verwacht.hexdigest(), delen["v1"])


def overdragen(vt: Systeem, tijd: Klok) -> str:
    tijd.zet("2026-03-05T16:00")
    casus_id = vt.post(
        "casussen",
        {"op": "2026-03-05T09:00:00+01:00", "gemeenten": ["Heerlen"], "bron": "professional"},
    ).json()["id"]
    for versie, stap in enumerate(
        [
            {
                "type": "veiligheidsbeoordeling_afgerond",
                "op": "2026-03-05T14:00:00+01:00",
                "besluit": "lokaal_veld",
                "onderbouwing": "Lokaal veld pakt op.",
                "beoordelaars": ["vt.a", "vt.b"],
            },
            {
                "type": "overdracht",
                "op": "2026-03-05T15:00:00+01:00",
                "moment": "direct",
                "naar": ["lokaal_veld:Heerlen"],
                "informatie": DIRECT,
            },
        ],
        start=1,
    ):
        assert (
            vt.post(f"casussen/{casus_id}/gebeurtenissen", {**stap, "versie": versie}).status_code
            == 201
        )
    return casus_id


@override_settings(
    ZICHT_API={
        "BASIS_URL": "http://127.0.0.1:8000",
        "CORS_ORIGINS": [],
        "WEBHOOKS": {
            "MAX_POGINGEN": 3,
            "BACKOFF_SECONDEN": 0.2,
            "BACKOFF_MAX_SECONDEN": 1.0,
            "TIMEOUT_SECONDEN": 5.0,
        },
    }
)
def test_hand_overs_and_expiring_terms_reach_subscribers_signed_and_retried(
    systeem: Callable[..., Systeem],
    tijd: Klok,
    ontvangers: Callable[[list[int]], Ontvanger],
    alleen_lokaal: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    goed, wankel, kapot = ontvangers([]), ontvangers([500]), ontvangers([500, 500, 500])
    geheim = abonneer(capsys, goed.url, "overdracht", "termijn_verloopt")
    geheim_wankel = abonneer(capsys, wankel.url, "overdracht")
    abonneer(capsys, kapot.url, "overdracht")

    casus_id = overdragen(systeem("veilig_thuis"), tijd)
    werk_wachtrij_af(lambda: not Levering.objects.filter(status=Levering.WACHTEND).exists())

    ((koppen, body),) = goed.ontvangen
    bericht = json.loads(body)
    assert echt(koppen, body, geheim) and not echt(koppen, body, geheim_wankel)
    assert bericht["specversion"] == "1.0"
    assert bericht["type"] == "nl.vtzl.zicht.overdracht.aangeboden"
    assert bericht["source"].startswith("urn:nld:oin:")
    assert bericht["subject"] == casus_id
    assert bericht["dataref"] == f"http://127.0.0.1:8000/api/v1/casussen/{casus_id}"
    assert set(bericht) <= MAG_IN_BERICHT and set(bericht["data"]) <= MAG_IN_DATA
    assert bericht["data"]["gebeurd_op"] == "2026-03-05T15:00:00+01:00"
    assert koppen["Content-Type"].startswith("application/cloudevents+json")
    assert {k.lower(): v for k, v in koppen.items()}["traceparent"] == bericht["traceparent"]
    assert len(wankel.ontvangen) == 2 and all(
        echt(k, b, geheim_wankel) for k, b in wankel.ontvangen
    )
    assert wankel.ontvangen[0][1] == wankel.ontvangen[1][1]  # the same delivery, again
    assert len(kapot.ontvangen) == 3  # bounded: MAX_POGINGEN
    log = {lev.abonnement.url: lev for lev in Levering.objects.select_related("abonnement")}
    assert (log[wankel.url].status, log[wankel.url].pogingen) == (Levering.BEZORGD, 2)
    assert (log[kapot.url].status, log[kapot.url].pogingen) == (Levering.MISLUKT, 3)
    assert log[kapot.url].laatste_fout == "HTTP 500"
    eerste, tweede = log[wankel.url].laatste_poging_op, log[wankel.url].bezorgd_op
    assert eerste is not None and tweede is not None

    # start_contact (§2f) is due on Thursday 26 March: announced on the working day before
    assert cli.main(["webhooks", "termijnen", "--datum", "2026-03-25"]) == 0
    assert cli.main(["webhooks", "termijnen", "--datum", "2026-03-25"]) == 0  # once per term
    werk_wachtrij_af(
        lambda: (
            len(goed.ontvangen) == 2
            and not Levering.objects.filter(status=Levering.WACHTEND).exists()
        )
    )
    termijn = json.loads(goed.ontvangen[1][1])
    assert termijn["type"] == "nl.vtzl.zicht.termijn.verloopt"
    assert termijn["data"]["uiterlijk"] == "2026-03-26"
    assert set(termijn) <= MAG_IN_BERICHT and echt(*goed.ontvangen[1], geheim)
    assert len(wankel.ontvangen) == 2  # subscribed to hand-overs only
