"""Query parameters of the lists: each checked, a bad one answered with 400 naming it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request

from zicht.api.invoer import ongeldig
from zicht.api.paginering import MAXIMUM, MAXIMUM_PAGINA, STANDAARD


def keuze(request: Request, naam: str, opties: Sequence[str]) -> str | None:
    waarde: str | None = request.query_params.get(naam)
    if waarde is None:
        return None
    if waarde not in opties:
        raise ongeldig(naam, f"kies uit: {', '.join(opties)}")
    return waarde


# RFC 3339 full-date, as the document's `format: date` says. Python's fromisoformat also takes
# ISO week dates (2026-W01-1) and the basic form (20260101): those are not what the document
# promises, so they are refused like any other violation.
DATUM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def datum(request: Request, naam: str) -> date | None:
    waarden = request.query_params.getlist(naam)
    if not waarden:
        return None
    if len(waarden) > 1:  # one value per key: `a=1&a=2` is not a date
        raise ongeldig(naam, "geef één datum")
    waarde = waarden[0]
    try:
        if not DATUM.fullmatch(waarde):
            raise ValueError
        return date.fromisoformat(waarde)
    except ValueError:
        raise ongeldig(naam, "verwacht een datum JJJJ-MM-DD") from None


@dataclass(frozen=True)
class Uiterlijk:
    vanaf: date | None
    tot_en_met: date | None

    def past(self, uiterlijk: str | date | None) -> bool:
        if self.vanaf is None and self.tot_en_met is None:
            return True
        if uiterlijk is None:
            return False
        dag = uiterlijk if isinstance(uiterlijk, date) else date.fromisoformat(uiterlijk)
        return (self.vanaf is None or dag >= self.vanaf) and (
            self.tot_en_met is None or dag <= self.tot_en_met
        )


def uiterlijk(request: Request) -> Uiterlijk:
    return Uiterlijk(datum(request, "uiterlijkVanaf"), datum(request, "uiterlijkTot"))


def parameter(naam: str, beschrijving: str, enum: Sequence[str] | None = None) -> Any:
    return OpenApiParameter(naam, OpenApiTypes.STR, description=beschrijving, enum=enum)


PAGINA = [
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1, "maximum": MAXIMUM_PAGINA},
        description="Paginanummer, vanaf 1.",
    ),
    OpenApiParameter(
        "pageSize",
        {"type": "integer", "minimum": 1, "maximum": MAXIMUM, "default": STANDAARD},
        description=f"Aantal resultaten per pagina (hoogstens {MAXIMUM}).",
    ),
]
UITERLIJK = [
    OpenApiParameter(
        "uiterlijkVanaf", OpenApiTypes.DATE, description="Alleen termijnen met uiterlijk op of na."
    ),
    OpenApiParameter(
        "uiterlijkTot",
        OpenApiTypes.DATE,
        description="Alleen termijnen met uiterlijk op of vóór.",
    ),
]
