"""Webhooks as NL GOV CloudEvents: a type per event kind, the incoming W3C traceparent passed
on, a step that moves zicht op veiligheid announced, a hanging receiver cut off."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from casuswerk.conftest import MELDING, OVERDRACHT, TRIAGE, maak_casus
from zicht.api.models import Abonnement, Levering
from zicht.api.webhooks.bezorgen import probeer
from zicht.casuswerk.models import Organisatie
from zicht.web.beveiliging import TraceMiddleware

from .conftest import Klok

pytestmark = pytest.mark.django_db
TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"


def _abonneer(code: str, url: str, *soorten: str, nu: Any) -> Abonnement:
    return Abonnement.objects.create(
        organisatie=Organisatie.objects.get(code=code),
        url=url,
        soorten=list(soorten),
        geheim="g" * 64,
        aangemaakt_op=nu,
    )


def test_traceparent_gaat_mee_en_zicht_wijziging_is_een_eigen_soort(orgs: None, tijd: Klok) -> None:
    _abonneer("veilig_thuis", "http://127.0.0.1:9/vt", "zicht_gewijzigd", "gesloten", nu=tijd.nu)
    _abonneer("lokaal_veld:Heerlen", "http://127.0.0.1:9/lv", "overdracht", nu=tijd.nu)

    def stappen(request: Any) -> HttpResponse:
        maak_casus(MELDING, TRIAGE, OVERDRACHT)
        return HttpResponse()

    verzoek = RequestFactory().post("/", headers={"traceparent": f"00-{TRACE}-00f067aa0ba902b7-01"})
    antwoord = TraceMiddleware(stappen)(verzoek)
    assert antwoord["X-Trace-Id"] == TRACE

    berichten = {lev.bericht["type"]: lev.bericht for lev in Levering.objects.all()}
    assert set(berichten) == {
        "nl.vtzl.zicht.zicht-op-veiligheid.gewijzigd",
        "nl.vtzl.zicht.overdracht.aangeboden",
    }
    for bericht in berichten.values():
        assert bericht["specversion"] == "1.0"
        assert bericht["traceparent"].split("-")[1] == TRACE
        assert bericht["time"].endswith("Z")
        assert bericht["dataref"].endswith(f"/api/v1/casussen/{bericht['subject']}")
    zicht = Levering.objects.filter(soort="zicht_gewijzigd")
    # triage (VT takes zicht) and the direct hand-over (the lokaal veld takes it)
    assert sorted(lev.bericht["data"]["stap"] for lev in zicht) == [
        "overdracht",
        "veiligheidsbeoordeling_afgerond",
    ]


def test_een_ongeldige_traceparent_telt_niet() -> None:
    verzoek = RequestFactory().get("/", headers={"traceparent": "00-" + "0" * 32 + "-00-01"})
    antwoord = TraceMiddleware(lambda r: HttpResponse())(verzoek)
    assert antwoord["X-Trace-Id"] != "0" * 32 and len(antwoord["X-Trace-Id"]) == 32


@pytest.fixture
def hangt() -> Iterator[str]:
    """A receiver that accepts the request and never answers."""
    los = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            los.wait(30)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/hangt"
    los.set()
    server.shutdown()
    server.server_close()


def test_een_hangende_ontvanger_wordt_afgekapt(
    orgs: None, tijd: Klok, hangt: str, settings: Any
) -> None:
    settings.ZICHT_API = {
        **settings.ZICHT_API,
        "WEBHOOKS": {**settings.ZICHT_API["WEBHOOKS"], "TIMEOUT_SECONDEN": 0.2},
    }
    levering = Levering.objects.create(
        abonnement=_abonneer("veilig_thuis", hangt, "termijn_verloopt", nu=tijd.nu),
        soort="termijn_verlopen",
        sleutel="k",
        bericht={"specversion": "1.0", "traceparent": f"00-{TRACE}-00f067aa0ba902b7-01"},
        aangemaakt_op=tijd.nu,
    )
    assert probeer(levering, tijd.nu) is False
    assert "timed out" in levering.laatste_fout.lower()
    assert levering.pogingen == 1
