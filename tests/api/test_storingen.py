"""Fault tests (issue #16, PostgreSQL, loopback, bounded): kill -9 of the app server under write
load, then count; a database backend terminated in the middle of a request's transaction. Every
acknowledged write is there, a retry with the same Idempotency-Key is stored once, nothing is
half-written, and `zicht verify` holds."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from django.db import connection
from django.db.models.signals import post_save

from zicht.api.tokens import maak_client
from zicht.cli import main
from zicht.store.models import Casus, Gebeurtenis
from zicht.vertrouwen import proefserver
from zicht.vertrouwen.models import IdempotenteAanvraag

from .conftest import API, MELDING, Klok, Systeem

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="storingen: PostgreSQL"),
]
AANTAL = 24  # meldingen, each with its own key
CLIENTS = 4


def _post(url: str, token: str, sleutel: str, body: dict[str, Any]) -> tuple[int, Any]:
    verzoek = urllib.request.Request(
        f"{url}{API}/casussen",
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": sleutel,
        },
    )
    try:
        with urllib.request.urlopen(verzoek, timeout=30) as antwoord:
            return antwoord.status, json.loads(antwoord.read())
    except urllib.error.HTTPError as fout:
        return fout.code, None


def _melding(i: int) -> dict[str, Any]:
    return {**MELDING, "gezin": f"Gezin Storing {i}"}


def test_kill_9_under_write_load_loses_no_acknowledged_case_and_retries_store_once(
    orgs: None, tijd: Klok
) -> None:
    _, token = maak_client("storing", "veilig_thuis", ("lezen", "schrijven"), tijd.nu)
    server = proefserver.start(connection.settings_dict, werkers=2)
    bevestigd: dict[str, str] = {}  # key -> case id, answered 201
    genoeg = threading.Event()
    slot = threading.Lock()

    def client(nummers: list[int]) -> None:
        for i in nummers:
            try:
                status, body = _post(server.url, token, f"storing-{i}", _melding(i))
            except OSError:
                continue  # the server died under this request: not acknowledged
            if status == 201:
                with slot:
                    bevestigd[f"storing-{i}"] = body["id"]
                    if len(bevestigd) >= AANTAL // 3:
                        genoeg.set()

    draden = [
        threading.Thread(target=client, args=(list(range(c, AANTAL, CLIENTS)),))
        for c in range(CLIENTS)
    ]
    try:
        for d in draden:
            d.start()
        assert genoeg.wait(timeout=120), "geen schrijflast bevestigd"
        server.doden()  # kill -9, requests in flight
        for d in draden:
            d.join(timeout=120)
        voor_herstart = dict(bevestigd)

        # Every acknowledged case is stored; every case stored belongs to one key.
        opgeslagen = set(Casus.objects.values_list("id", flat=True))
        assert {str(c) for c in opgeslagen} >= set(voor_herstart.values())

        server = proefserver.start(connection.settings_dict, werkers=2)
        # The client retries everything with the same keys: acknowledged ones get their answer.
        for i in range(AANTAL):
            status, body = _post(server.url, token, f"storing-{i}", _melding(i))
            assert status == 201, (i, status)
            if f"storing-{i}" in voor_herstart:
                assert body["id"] == voor_herstart[f"storing-{i}"]
    finally:
        server.stoppen()

    assert Casus.objects.count() == AANTAL  # once per key, whatever was retried
    assert Gebeurtenis.objects.count() == AANTAL
    assert IdempotenteAanvraag.objects.count() == AANTAL
    assert main(["verify"]) == 0


def test_a_backend_terminated_mid_transaction_leaves_nothing_and_the_retry_stores_once(
    systeem: Callable[..., Systeem],
) -> None:
    vt = systeem("veilig_thuis")
    vt.http.raise_request_exception = False
    s = connection.settings_dict
    beheer = psycopg.connect(
        host=s["HOST"], port=s["PORT"], user=s["USER"], dbname=s["NAME"], autocommit=True
    )
    geraakt: list[int] = []

    def halverwege(sender: Any, **_: Any) -> None:
        """After the event is written, before the request's transaction commits."""
        if not geraakt:
            pid = connection.connection.info.backend_pid
            geraakt.append(pid)
            beheer.execute("SELECT pg_terminate_backend(%s)", [pid])

    post_save.connect(halverwege, sender=Gebeurtenis, dispatch_uid="storing")
    try:
        eerste = vt.post("casussen", MELDING, **{"Idempotency-Key": "afgebroken"})
    finally:
        post_save.disconnect(dispatch_uid="storing", sender=Gebeurtenis)
        beheer.close()
    connection.close()

    assert geraakt and eerste.status_code == 500
    assert not Casus.objects.exists() and not Gebeurtenis.objects.exists()
    assert not IdempotenteAanvraag.objects.exists()

    tweede = vt.post("casussen", MELDING, **{"Idempotency-Key": "afgebroken"})
    derde = vt.post("casussen", MELDING, **{"Idempotency-Key": "afgebroken"})
    assert tweede.status_code == derde.status_code == 201
    assert Casus.objects.count() == 1 and Gebeurtenis.objects.count() == 1
    assert main(["verify"]) == 0
