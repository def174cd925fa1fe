"""Moved to `core.toegang` (one access policy); these names stay importable from here."""

from __future__ import annotations

from zicht.core.toegang import (
    CASUSREGIE,
    EERDER_HOUDER,
    GEMEENTE,
    HOUDER,
    INFO,
    ONTVANGER,
    PROCESCOORDINATIE,
    PROCESREGIE,
    TERMIJN,
    WACHT_OP,
    Zichtbaar,
    relaties,
    werkpartijen,
    zichtbaar,
)

__all__ = [
    "CASUSREGIE",
    "EERDER_HOUDER",
    "GEMEENTE",
    "HOUDER",
    "INFO",
    "ONTVANGER",
    "PROCESCOORDINATIE",
    "PROCESREGIE",
    "TERMIJN",
    "WACHT_OP",
    "Zichtbaar",
    "relaties",
    "werkpartijen",
    "zichtbaar",
]
