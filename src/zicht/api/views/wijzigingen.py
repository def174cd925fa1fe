"""`wijzigingen`: a change feed over every case the client may see, so no system need poll
each case. Each item is one event as a notice (which case, which step, when), never its content:
fetch that from the case with the same token. The cursor is the store's event order."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from zicht.api import toegang, weergave
from zicht.api.authenticatie import client_van
from zicht.api.invoer import ongeldig
from zicht.api.paginering import MAXIMUM, STANDAARD, _getal
from zicht.api.views.basis import ApiView, beschreven
from zicht.store.models import Gebeurtenis
from zicht.toepassing import inzage

CURSOR_MAX = 10**18
WIJZIGING = {
    "type": "object",
    "properties": {
        "cursor": {"type": "string", "description": "Geef dit mee als `na` voor wat erna kwam."},
        "casus": {"type": "string", "format": "uri"},
        "seq": {"type": "integer", "minimum": 1},
        "type": {"type": "string"},
        "op": {"type": "string", "format": "date-time"},
        "vastgelegdOp": {"type": "string", "format": "date-time"},
    },
    "required": ["cursor", "casus", "seq", "type", "op", "vastgelegdOp"],
}
FEED = {
    "type": "object",
    "properties": {
        "wijzigingen": {"type": "array", "items": WIJZIGING},
        "volgende": {
            "type": "string",
            "description": "De cursor voor de volgende aanroep (`na`); dezelfde als er niets "
            "nieuws is.",
        },
        "_links": {
            "type": "object",
            "properties": {
                "self": {"type": "object", "properties": {"href": {"type": "string"}}},
                "next": {"type": "object", "properties": {"href": {"type": "string"}}},
            },
        },
    },
    "required": ["wijzigingen", "volgende", "_links"],
}


def _cursor(request: Request) -> int:
    tekst = request.query_params.get("na")
    if tekst is None:
        return 0
    if not (tekst.isascii() and tekst.isdigit()) or int(tekst) > CURSOR_MAX:
        raise ongeldig("na", "verwacht een cursor uit een eerder antwoord")
    return int(tekst)


class WijzigingenView(ApiView):
    acties = {"GET": "werkvoorraad_inzien"}

    @beschreven(
        operation_id="wijzigingen_lijst",
        summary="Wijzigingen in casussen, vanaf een cursor",
        description="Elke gebeurtenis in een casus die deze organisatie mag zien, in de "
        "volgorde van vastleggen: welke casus, welke stap, wanneer. Geen inhoud: haal de casus "
        "op. Begin zonder `na`; geef daarna steeds `volgende` mee.",
        parameters=[
            OpenApiParameter(
                "na",
                {"type": "string", "pattern": "^[0-9]{1,18}$"},
                description="De cursor `volgende` uit het vorige antwoord.",
            ),
            OpenApiParameter(
                "pageSize",
                {"type": "integer", "minimum": 1, "maximum": MAXIMUM, "default": STANDAARD},
                description=f"Hoogstens zoveel wijzigingen (hoogstens {MAXIMUM}).",
            ),
        ],
        responses={200: OpenApiResponse(FEED, description="De wijzigingen na de cursor.")},
        tags=["wijzigingen"],
    )
    def get(self, request: Request) -> Response:
        client = client_van(request)
        na = _cursor(request)
        grootte = _getal(request, "pageSize", STANDAARD, MAXIMUM)
        rijen = list(
            Gebeurtenis.objects.filter(
                id__gt=na, casus_id__in=toegang.zichtbare_casussen(client).values("pk")
            )
            .order_by("id")
            .only("id", "casus_id", "seq", "type", "occurred_at", "recorded_at")[:grootte]
        )
        for casus_id in dict.fromkeys(r.casus_id for r in rijen):
            inzage.lees(casus_id, [])
        volgende = str(rijen[-1].id) if rijen else str(na)
        url = request.build_absolute_uri()
        return Response(
            {
                "wijzigingen": [
                    {
                        "cursor": str(r.id),
                        "casus": weergave.url(request, "casus", casus_id=r.casus_id),
                        "seq": r.seq,
                        "type": r.type,
                        "op": weergave.moment(r.occurred_at),
                        "vastgelegdOp": weergave.moment(r.recorded_at),
                    }
                    for r in rijen
                ],
                "volgende": volgende,
                "_links": {
                    "self": {"href": url},
                    "next": {"href": replace_query_param(url, "na", volgende)},
                },
            }
        )
