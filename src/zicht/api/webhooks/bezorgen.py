"""Delivering one message: sign, POST, log the attempt; on failure try again later.

The one delivery mechanism of Zicht: webhooks (CloudEvents) and JZV outcomes alike are a
`Levering` to an `Abonnement`. What must follow a delivery (a JZV outcome is the melder's
feedback) listens to the signal `bezorgd`.

Runs as a task on the queue (django-tasks, DatabaseBackend: `zicht beheer db_worker`). A failed
attempt enqueues the next one with `run_after`: 30 s, 1 min, 2 min, ... up to a cap, at most
MAX_POGINGEN attempts in all; then the delivery is `mislukt`. Redirects are not followed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django_tasks import task

from zicht.api.models import CLOUDEVENTS, Levering

KOP = "Zicht-Signature"
# Sent (sender=Levering, levering=...) after a delivery the receiver accepted, outside any
# transaction of the attempt.
bezorgd = Signal()


def handtekening(geheim: str, tijdstip: int, body: bytes) -> str:
    """`t=<timestamp>,v1=<hex HMAC-SHA256 over "<timestamp>.<body>">`."""
    inhoud = f"{tijdstip}.".encode() + body
    digest = hmac.new(geheim.encode(), inhoud, hashlib.sha256).hexdigest()
    return f"t={tijdstip},v1={digest}"


def wachttijd(pogingen: int) -> timedelta:
    """Exponential backoff after `pogingen` failed attempts, capped."""
    instellingen = settings.ZICHT_API["WEBHOOKS"]
    seconden = instellingen["BACKOFF_SECONDEN"] * 2 ** (pogingen - 1)
    return timedelta(seconds=min(seconden, instellingen["BACKOFF_MAX_SECONDEN"]))


class _GeenDoorverwijzing(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 3xx is a failed delivery, never a request elsewhere


_OPENER = urllib.request.build_opener(_GeenDoorverwijzing)


def _post(url: str, body: bytes, koppen: dict[str, str], timeout: float) -> int:
    verzoek = urllib.request.Request(url, data=body, headers=koppen, method="POST")
    try:
        with _OPENER.open(verzoek, timeout=timeout) as antwoord:
            return int(antwoord.status)
    except urllib.error.HTTPError as fout:
        return int(fout.code)


def probeer(levering: Levering, nu: datetime) -> bool:
    """One attempt; records it on the delivery. True when the receiver answered 2xx."""
    body = json.dumps(levering.bericht, separators=(",", ":"), ensure_ascii=False).encode()
    koppen = {
        "Content-Type": levering.mediatype,
        "User-Agent": "Zicht-webhooks/1",
        "Zicht-Levering": str(levering.id),
        KOP: handtekening(levering.abonnement.geheim, int(nu.timestamp()), body),
    }
    if levering.mediatype == CLOUDEVENTS:
        # CloudEvents in structured mode; the trace goes on as W3C Trace Context.
        koppen["traceparent"] = str(levering.bericht.get("traceparent", ""))
    timeout = settings.ZICHT_API["WEBHOOKS"]["TIMEOUT_SECONDEN"]
    try:
        status = _post(levering.abonnement.url, body, koppen, timeout)
        fout = "" if 200 <= status < 300 else f"HTTP {status}"
    except (OSError, ValueError) as e:  # refused, timeout, DNS, bad URL
        fout = f"{type(e).__name__}: {e}"[:500]
    levering.pogingen += 1
    levering.laatste_poging_op = nu
    levering.laatste_fout = fout
    return not fout


@task()
def bezorg(levering_id: str) -> str:
    # No transaction around the HTTP call: a slow receiver must never hold a database lock.
    # One task per delivery is outstanding at a time (the next is queued after an attempt).
    levering = (
        Levering.objects.select_related("abonnement")
        .filter(pk=levering_id, status=Levering.WACHTEND)
        .first()
    )
    if levering is None:
        return "niets te doen"
    nu = timezone.now()
    if probeer(levering, nu):
        levering.status, levering.bezorgd_op, levering.volgende_poging_op = (
            Levering.BEZORGD,
            nu,
            None,
        )
    elif levering.pogingen >= settings.ZICHT_API["WEBHOOKS"]["MAX_POGINGEN"]:
        levering.status, levering.volgende_poging_op = Levering.MISLUKT, None
    else:
        levering.volgende_poging_op = nu + wachttijd(levering.pogingen)
    with transaction.atomic():
        levering.save()
        if levering.status == Levering.WACHTEND:
            volgende = levering.volgende_poging_op
            transaction.on_commit(lambda: bezorg.using(run_after=volgende).enqueue(levering_id))
    if levering.status == Levering.BEZORGD:
        bezorgd.send(sender=Levering, levering=levering)
    return str(levering.status)
