"""The security log (issue #16): requests without a (valid) identity, kept out of the access log
of cases, so nobody can fill a case's "Wie heeft dit dossier ingezien" or the log itself.

Rate-limited per source: at most one row per source address and kind per minute; later ones in
the same minute raise that row's `aantal`. The count lives in the database, so every app server
behind the proxy shares it (issue #17: nothing shared lives in one process). So 1,000 bad tokens
from one address write one row a minute.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

VENSTER = 60  # seconds


def meld(request: HttpRequest, soort: str) -> bool:
    """Record a refused anonymous request; True if a row was written (not rate-limited)."""
    from zicht.vertrouwen.models import Beveiligingsrij

    bron = str(request.META.get("REMOTE_ADDR") or "onbekend")[:64]
    nu = timezone.now()
    begin = nu - timedelta(seconds=nu.timestamp() % VENSTER)  # this minute's window
    zelfde = Beveiligingsrij.objects.filter(bron=bron, soort=soort, tijdstip__gte=begin)
    if zelfde.update(aantal=F("aantal") + 1):
        return False
    Beveiligingsrij.objects.create(
        tijdstip=nu,
        bron=bron,
        soort=soort,
        pad=request.path[:200],
        trace_id=str(getattr(request, "trace_id", ""))[:64],
    )
    return True
