"""Paging on every list: `page` and `pageSize`, an envelope with `aantal`, HAL `_links` and
`resultaten`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param

from zicht.api.problemen import Probleem

STANDAARD, MAXIMUM, MAXIMUM_PAGINA = 20, 100, 1_000_000


def _getal(request: Request, naam: str, standaard: int, maximum: int) -> int:
    tekst = request.query_params.get(naam)
    if tekst is None:
        return standaard
    if not (tekst.isascii() and tekst.isdigit()) or not 1 <= int(tekst) <= maximum:
        bereik = f"1 tot en met {maximum}"
        raise Probleem(
            400,
            "ongeldige_invoer",
            f"{naam} moet een geheel getal zijn, {bereik}.",
            invalidParams=[{"name": naam, "code": "invalid", "reason": f"verwacht {bereik}"}],
        )
    return int(tekst)


class Pagina:
    """One page of a list (a query set or a list), with its links."""

    def __init__(self, request: Request, rijen: QuerySet[Any] | Sequence[Any]) -> None:
        self.request = request
        self.nummer = _getal(request, "page", 1, MAXIMUM_PAGINA)
        self.grootte = _getal(request, "pageSize", STANDAARD, MAXIMUM)
        self.aantal = rijen.count() if isinstance(rijen, QuerySet) else len(rijen)
        begin = (self.nummer - 1) * self.grootte
        self.rijen = list(rijen[begin : begin + self.grootte]) if begin < self.aantal else []

    @property
    def laatste(self) -> int:
        return max(1, -(-self.aantal // self.grootte))

    def _link(self, nummer: int) -> dict[str, str]:
        url = self.request.build_absolute_uri()
        return {"href": replace_query_param(url, "page", nummer)}

    def envelop(self, resultaten: list[Any]) -> dict[str, Any]:
        links = {"self": self._link(self.nummer), "first": self._link(1)}
        if self.nummer > 1:
            links["prev"] = self._link(min(self.nummer - 1, self.laatste))
        if self.nummer < self.laatste:
            links["next"] = self._link(self.nummer + 1)
        links["last"] = self._link(self.laatste)
        return {
            "aantal": self.aantal,
            "pagina": self.nummer,
            "pageSize": self.grootte,
            "_links": links,
            "resultaten": resultaten,
        }


def schema(item: dict[str, Any] | str) -> dict[str, Any]:
    """The OpenAPI schema of a page of `item` (a schema or a component name)."""
    link = {
        "type": "object",
        "properties": {"href": {"type": "string", "format": "uri"}},
        "required": ["href"],
    }
    resultaat = {"$ref": f"#/components/schemas/{item}"} if isinstance(item, str) else item
    return {
        "type": "object",
        "required": ["aantal", "pagina", "pageSize", "_links", "resultaten"],
        "properties": {
            "aantal": {"type": "integer", "minimum": 0, "description": "Aantal resultaten."},
            "pagina": {"type": "integer", "minimum": 1},
            "pageSize": {"type": "integer", "minimum": 1, "maximum": MAXIMUM},
            "_links": {
                "type": "object",
                "description": "HAL-links: deze, de eerste, vorige, volgende en laatste pagina.",
                "required": ["self", "first", "last"],
                "properties": {k: link for k in ("self", "first", "prev", "next", "last")},
            },
            "resultaten": {"type": "array", "items": resultaat},
        },
    }
