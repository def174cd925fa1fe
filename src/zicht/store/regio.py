"""The region this installation serves: one setting, `ZICHT_REGIO` (default `zuid-limburg`).

Its agreement lies in `zicht/afspraken/<regio>/`. Every new case belongs to it; screens, the
API and the background work read their agreement (gemeenten, calendar, versions) through it.
"""

from __future__ import annotations

from django.conf import settings


def regio() -> str:
    return str(settings.ZICHT_REGIO)
