"""The security log (issue #16): requests without a (valid) identity, kept out of the access log
of cases, so nobody can fill a case's "Wie heeft dit dossier ingezien" or the log itself.

Rate-limited per source: at most one row per source address and kind per minute (per server
process, counted in Django's cache); `aantal` is 1 in that row, later ones in the same minute
are counted in the cache only. So 1,000 bad tokens from one address write one row a minute.
"""

from __future__ import annotations

import contextlib
import time

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

VENSTER = 60  # seconds


def meld(request: HttpRequest, soort: str) -> bool:
    """Record a refused anonymous request; True if a row was written (not rate-limited)."""
    from zicht.vertrouwen.models import Beveiligingsregel

    bron = str(request.META.get("REMOTE_ADDR") or "onbekend")[:64]
    venster = int(time.time() // VENSTER)
    sleutel = f"zicht:beveiliging:{bron}:{soort}:{venster}"
    if not cache.add(sleutel, 1, VENSTER * 2):
        with contextlib.suppress(ValueError):  # expired meanwhile
            cache.incr(sleutel)
        return False
    Beveiligingsregel.objects.create(
        tijdstip=timezone.now(),
        bron=bron,
        soort=soort,
        pad=request.path[:200],
        trace_id=str(getattr(request, "trace_id", ""))[:64],
    )
    return True
