"""The hot paths cost the same number of queries with 10 and with 1,000 cases (issue #6).

Cases come from the bulk generator (`zicht genereer`), projections from the store's rebuild;
the same users, the same case and the same kind of append are measured at both sizes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht.casuswerk import klok
from zicht.casuswerk.demodata import bulk, massa
from zicht.casuswerk.demodata.vullen import organisaties
from zicht.casuswerk.models import Medewerker, Organisatie
from zicht.core import engine
from zicht.core.toegang import werkpartijen
from zicht.store.contract import NieuweGebeurtenis
from zicht.store.django_store import DjangoStore
from zicht.store.models import Casus, OpenTermijn
from zicht.store.projectie import AMSTERDAM, _afspraken
from zicht.toegangslog.log import registreer

NU = datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
GEBRUIKERS = {
    "vt": ("veilig_thuis", "vt_medewerker"),
    "heerlen": ("lokaal_veld:Heerlen", "lokaal_veld_medewerker"),
    "maastricht": ("lokaal_veld:Maastricht", "lokaal_veld_medewerker"),
    "pc": ("gemeente:Heerlen", "procescoordinator"),  # two parties: lokaal veld and gemeente
}


def _client(wie: str) -> Client:
    organisatie, rol = GEBRUIKERS[wie]
    user = User.objects.create(username=f"perf.{wie}")
    Medewerker.objects.create(
        user=user, organisatie=Organisatie.objects.get(code=organisatie), rol=rol
    )
    apparaat = TOTPDevice.objects.create(user=user, name="perf", confirmed=True)
    client = Client()
    client.force_login(user)
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
    sessie.save()
    return client


def _aantal(doe: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as q:
        doe()
    return len(q.captured_queries)


def _meet(clients: dict[str, Client], casus_id: str) -> dict[str, int]:
    store = DjangoStore()

    def toevoegen() -> None:
        nieuw = store.nieuwe_casus(massa.REGIO, NU)
        velden = {"gemeenten": ["Heerlen"], "bron": "professional"}
        store.voeg_toe(
            nieuw, 0, NieuweGebeurtenis("melding_ontvangen", NU, velden), "vt.x", "veilig_thuis", NU
        )

    def loggen() -> None:
        registreer(
            gebruiker="perf.vt",
            rol="vt_medewerker",
            organisatie="veilig_thuis",
            casus_id=casus_id,
            personen=["p1"],
            actie="casus_inzien",
            verwerking="vt_melding_en_onderzoek",
            uitkomst="toegestaan",
            trace_id="t",
        )

    uit = {}
    for wie, client in clients.items():
        uit[f"werkvoorraad {wie}"] = _aantal(lambda c=client: _ok(c.get("/")))
    uit["casuspagina"] = _aantal(lambda: _ok(clients["vt"].get(f"/casussen/{casus_id}")))
    uit["toevoegen"] = _aantal(toevoegen)
    uit["toegangslog"] = _aantal(loggen)
    return uit


def _ok(response: object) -> None:
    assert getattr(response, "status_code", None) == 200


@pytest.mark.django_db
def test_zelfde_aantal_queries_bij_10_en_1000_casussen(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    monkeypatch.setattr(klok, "nu", lambda: NU)
    settings.SESSIE_VERLENGEN_NA = 24 * 3600  # no session renewal between the two counts
    organisaties()
    clients = {wie: _client(wie) for wie in GEBRUIKERS}
    bulk.schrijf(10, 34, NU, orm=True)  # zaad 34: every user's worklist shows a case
    DjangoStore().herbouw(NU)
    casus_id = str(OpenTermijn.objects.filter(partij="veilig_thuis").first().casus_id)  # type: ignore[union-attr]
    for organisatie, rol in GEBRUIKERS.values():  # else an empty worklist writes no log row
        assert OpenTermijn.objects.filter(partij__in=werkpartijen(organisatie, rol)).exists()
    klein = _meet(clients, casus_id)

    bulk.schrijf(990, 34, NU, orm=True)
    DjangoStore().herbouw(NU)
    assert Casus.objects.count() >= 1000
    groot = _meet(clients, casus_id)
    assert groot == klein


def test_gegenereerde_casussen_zijn_voor_de_engine_geldig() -> None:
    """A sample of generated cases: the engine accepts every event, the hash chain holds."""
    from zicht.store.keten import eerste_breuk

    rnd = random.Random(11)
    afspraken = _afspraken(massa.REGIO)
    for _ in range(300):
        rijen = massa.casus(rnd, NU)
        gelezen = [
            engine.lees_gebeurtenis(
                {**g["payload"], "type": g["type"], "op": g["occurred_at"].astimezone(AMSTERDAM)},
                i,
                afspraken,
            )
            for i, g in enumerate(rijen.gebeurtenissen)
        ]
        toestand = engine.bereken_toestand(gelezen, NU + timedelta(days=1), afspraken)
        assert toestand["zicht_op_veiligheid"] is not None
        assert eerste_breuk(rijen.id, rijen.gebeurtenissen, rijen.laatste_seq) is None


# Queries per page view (issue #6), session and access log included: auth (session, user, second
# factor, medewerker), the page's own, and one insert into the access log. No session write: it
# is renewed at most once a minute (zicht.web.beveiliging.SessieVerlengenMiddleware).
PAGINABUDGET = {
    "werkvoorraad vt": 11,
    "werkvoorraad heerlen": 11,
    "werkvoorraad maastricht": 11,
    "werkvoorraad pc": 12,  # two parties: one index range per party
    "casuspagina": 16,  # + notes (one query), what was reported, behandelaars, family known
}


@pytest.mark.django_db
def test_paginas_binnen_hun_querybudget_en_zonder_sessie_te_schrijven(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(klok, "nu", lambda: NU)
    organisaties()
    clients = {wie: _client(wie) for wie in GEBRUIKERS}
    bulk.schrijf(10, 34, NU, orm=True)
    DjangoStore().herbouw(NU)
    casus_id = str(OpenTermijn.objects.filter(partij="veilig_thuis").first().casus_id)  # type: ignore[union-attr]
    paden = {f"werkvoorraad {wie}": (client, "/") for wie, client in clients.items()}
    paden["casuspagina"] = (clients["vt"], f"/casussen/{casus_id}")

    gemeten, schrijft = {}, []
    for naam, (client, pad) in paden.items():
        with CaptureQueriesContext(connection) as q:
            _ok(client.get(pad))
        gemeten[naam] = len(q.captured_queries)
        schrijft += [naam for x in q.captured_queries if x["sql"].startswith("UPDATE")]

    assert gemeten == PAGINABUDGET
    assert not schrijft  # the session's UPDATE
