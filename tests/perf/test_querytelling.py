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
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.kit import ingelogd, ketenkoppen, medewerker, zet_klok

from zicht.casuswerk.demodata import bulk, massa
from zicht.casuswerk.demodata.vullen import organisaties
from zicht.core import engine
from zicht.core.toegang import werkpartijen
from zicht.store.contract import NieuweGebeurtenis
from zicht.store.django_store import DjangoStore
from zicht.store.models import Casus, OpenTermijn
from zicht.store.projectie import AMSTERDAM, afspraken
from zicht.store.regio import regio
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
    return ingelogd(medewerker(f"perf.{wie}", organisatie, rol))


def _aantal(doe: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as q:
        doe()
    return len(q.captured_queries)


def _meet(clients: dict[str, Client], casus_id: str) -> dict[str, int]:
    store = DjangoStore()

    def toevoegen() -> None:
        nieuw = store.nieuwe_casus(regio(), NU)
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
    zet_klok(monkeypatch, NU)
    settings.SESSIE_VERLENGEN_NA = 24 * 3600  # no session renewal between the two counts
    organisaties()
    clients = {wie: _client(wie) for wie in GEBRUIKERS}
    bulk.schrijf(10, 34, NU, orm=True)  # zaad 34: every user's worklist shows a case
    DjangoStore().herbouw(NU)
    casus_id = str(OpenTermijn.objects.filter(partij="veilig_thuis").first().casus_id)  # type: ignore[union-attr]
    for organisatie, rol in GEBRUIKERS.values():  # else an empty worklist writes no log row
        assert OpenTermijn.objects.filter(partij__in=werkpartijen(organisatie, rol)).exists()
    ketenkoppen()
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
    overeenkomst = afspraken(regio())
    for _ in range(300):
        rijen = massa.casus(rnd, NU)
        gelezen = [
            engine.lees_gebeurtenis(
                {**g["payload"], "type": g["type"], "op": g["occurred_at"].astimezone(AMSTERDAM)},
                i,
                overeenkomst,
            )
            for i, g in enumerate(rijen.gebeurtenissen)
        ]
        toestand = engine.bereken_toestand(gelezen, NU + timedelta(days=1), overeenkomst)
        assert toestand["zicht_op_veiligheid"] is not None
        sleutels = settings.ZICHT_KETEN_SLEUTELS
        breuk = eerste_breuk(
            rijen.id, rijen.gebeurtenissen, rijen.laatste_seq, sleutels, rijen.zegel
        )
        assert breuk is None


# Queries per page view (issue #6), session and access log included: auth (session, user with
# medewerker, second factor), the page's own, and the access log: lock and read its chain's
# head, one insert, move the head (issue #16). No session write: it is renewed at most once a
# minute (zicht.web.beveiliging.SessieVerlengenMiddleware).
# Before the bench round of 30-11: 13, 13, 13, 14 and 18. Since then the user's medewerker comes
# with the user (casuswerk.toegang.MedewerkerBackend), one party's worklist counts and pages in
# one query, the waiting hand-overs are counted only when there are more than one page, and the
# case page reads its events without reading the case again and its notes once.
PAGINABUDGET = {
    "werkvoorraad vt": 10,
    "werkvoorraad heerlen": 10,
    "werkvoorraad maastricht": 10,
    "werkvoorraad pc": 12,  # two parties: one index range per party, and a count
    # + notes (one query), what was reported, behandelaars, family known; + 2 for the keyed
    # access-log chain (its head is locked and moved on, issue #16; one on PostgreSQL)
    "casuspagina": 15,
}


@pytest.mark.django_db
def test_paginas_binnen_hun_querybudget_en_zonder_sessie_te_schrijven(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    zet_klok(monkeypatch, NU)
    organisaties()
    clients = {wie: _client(wie) for wie in GEBRUIKERS}
    bulk.schrijf(10, 34, NU, orm=True)
    DjangoStore().herbouw(NU)
    casus_id = str(OpenTermijn.objects.filter(partij="veilig_thuis").first().casus_id)  # type: ignore[union-attr]
    ketenkoppen()
    paden = {f"werkvoorraad {wie}": (client, "/") for wie, client in clients.items()}
    paden["casuspagina"] = (clients["vt"], f"/casussen/{casus_id}")

    gemeten, schrijft = {}, []
    for naam, (client, pad) in paden.items():
        with CaptureQueriesContext(connection) as q:
            _ok(client.get(pad))
        gemeten[naam] = len(q.captured_queries)
        schrijft += [
            naam for x in q.captured_queries if x["sql"].startswith('UPDATE "django_session"')
        ]

    # PostgreSQL moves the access log's chain head in the statement that inserts the rows.
    eigen = 1 if connection.vendor == "postgresql" else 0
    assert gemeten == {naam: budget - eigen for naam, budget in PAGINABUDGET.items()}
    assert not schrijft  # the session's UPDATE


# Recording one step through the screens (issue #10): the session and second factor, the
# case with its events, open terms and relations in one snapshot (one statement on both
# databases), the form's choices and the family, the append (one statement on PostgreSQL),
# the active webhook subscriptions, and the access-log row with its keyed chain (issue #16).
# One fold of the case, not one in the view and one in the store.
# Before issue #10: 18 and 25; after the merges of #14-#16: 23 and 31. Since then the step
# joins the request's transaction without a savepoint of its own (the append refuses before it
# writes), reads the family once for page and log (toepassing.inzage), looks up subscriptions
# once (not per kind, and the case's parties only for a subscriber), skips the JZV sender
# lookup for a case whose melding did not come through JZV, reads the case in one statement on
# SQLite too, and on PostgreSQL moves the access log's chain head in the insert's statement.
# Since the bench round of 30-11 the user's medewerker comes with the user (one query less).
STAP_QUERIES = {"postgresql": 15, "sqlite": 21}
STAP_FOLDS = 1  # before issue #10: 2 (the view, then the store)


@pytest.mark.django_db
def test_een_stap_vastleggen_kost_een_vouw_en_weinig_queries(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    from zicht.core import acties, casus, engine

    zet_klok(monkeypatch, NU)
    settings.SESSIE_VERLENGEN_NA = 24 * 3600
    organisaties()
    client = _client("vt")
    store = DjangoStore()
    casus_id = store.nieuwe_casus(regio(), NU - timedelta(days=8))
    for seq, (dagen, soort, velden) in enumerate(
        [
            (
                8,
                "melding_ontvangen",
                {
                    "gemeenten": ["Heerlen"],
                    "bron": "professional",
                    "directbetrokkenen": [{"id": "p1", "rol": "kind"}],
                },
            ),
            (
                5,
                "veiligheidsbeoordeling_afgerond",
                {"besluit": "lokaal_veld", "onderbouwing": "x", "beoordelaars": ["a", "b"]},
            ),
        ]
    ):
        op = NU - timedelta(days=dagen)
        store.voeg_toe(casus_id, seq, NieuweGebeurtenis(soort, op, velden), "vt.a", "vt", op)
    ketenkoppen()
    vouwen = []
    echt = casus.fold

    def tel(*args: Any, **kwargs: Any) -> Any:
        vouwen.append(1)
        return echt(*args, **kwargs)

    monkeypatch.setattr(engine, "fold", tel)
    monkeypatch.setattr(acties, "fold", tel)
    data = {
        "seq": "2",
        "op": "2026-03-10T11:00",
        "moment": "direct",
        "naar": ["lokaal_veld:Heerlen"],
        "informatie": [
            "inhoud_melding",
            "contactgegevens_directbetrokkenen",
            "contactgegevens_melder",
            "triagebesluit",
            "informatie_veiligheidsbeoordeling",
        ],
        "wijze": "digitaal",
    }
    with CaptureQueriesContext(connection) as q:
        antwoord = client.post(f"/casussen/{casus_id}/stappen/overdracht", data)
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    assert (len(q.captured_queries), len(vouwen)) == (STAP_QUERIES[connection.vendor], STAP_FOLDS)
