"""Placeholder replaced below."""

from __future__ import annotations

from datetime import datetime


def verstuur_wachtende(nu: datetime) -> int:
    return 0
