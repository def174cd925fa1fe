"""The one clock of the web app, so tests can fix it."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def nu() -> datetime:
    moment: datetime = timezone.localtime()
    return moment
