"""/api/jzv_meldingen/v1: the JZV Meldingen resources Zicht serves (our own OpenAPI document:
`openapi.yaml`, written from VNG Realisatie's published schema).

Only a system configured as a JZV sender (`ApiClient.bron`) may post; its registratienummers
are its own: the same number twice is the same melding.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote

import yaml
from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.api import toegang
from zicht.api.authenticatie import client_van
from zicht.api.filters import PAGINA
from zicht.api.models import ApiClient
from zicht.api.paginering import Pagina
from zicht.api.problemen import Probleem
from zicht.api.views.basis import ApiView, beschreven
from zicht.jzv import bericht, intake
from zicht.jzv.models import Melding, OntvangenUitkomst
from zicht.store.projectie import AMSTERDAM

DOCUMENT = Path(__file__).with_name("openapi.yaml")


def afzender_van(request: Request) -> ApiClient:
    """The sender behind the token; 403 for any other client (before the body is read)."""
    client = client_van(request)
    if not client.bron:
        raise Probleem(
            403,
            "geen_jzv_afzender",
            "Deze client is niet ingesteld als afzender van JZV-meldingen.",
        )
    return client


class JzvView(ApiView):
    schema = None  # not part of Zicht's own document; see openapi.yaml
    acties: ClassVar[dict[str, str]] = {}
    camel_case = False  # the names are JZV Meldingen's own (openapi.yaml)


class MeldingenView(JzvView):
    acties = {"POST": "melding_registreren"}

    def post(self, request: Request) -> Response:
        afzender = afzender_van(request)
        schoon = bericht.melding(request.data)
        melding, nieuw = intake.ontvang(afzender, schoon, self.nu())
        response = Response(intake.als_bericht(melding), status=201 if nieuw else 200)
        response["Location"] = request.build_absolute_uri(
            f"{request.path}/{quote(melding.registratienummer, safe='')}"
        )
        return response


class MeldingView(JzvView):
    acties = {"GET": "melding_registreren"}

    def get(self, request: Request, registratienummer: str) -> Response:
        afzender = afzender_van(request)
        melding = Melding.objects.filter(
            afzender=afzender, registratienummer=registratienummer
        ).first()
        if melding is None:
            raise Probleem(404, "melding_niet_gevonden", "Geen melding met dit registratienummer.")
        try:
            return Response(intake.als_bericht(melding))
        except intake.Vervallen:
            raise Probleem(
                410,
                "melding_vervallen",
                "De gegevens van deze melding zijn na de bewaartermijn gewist.",
            ) from None


def _ontvangen(uitkomst: OntvangenUitkomst) -> dict[str, Any]:
    return {
        "registratienummer": uitkomst.registratienummer,
        "status": uitkomst.code,
        "afzender": uitkomst.afzender.afzendernaam,
        "ontvangenOp": uitkomst.ontvangen_op.astimezone(AMSTERDAM).isoformat(),
    }


class UitkomstmeldingenView(JzvView):
    # Reading them is part of Veilig Thuis's intake (as the intake screen logs it).
    acties = {"GET": "melding_registreren", "POST": "melding_registreren"}

    @beschreven(parameters=PAGINA)  # the query keys it accepts (page, pageSize)
    def get(self, request: Request) -> Response:
        """The outcomes received: all of them for Veilig Thuis (its intake), a sender's own for
        a sender; 403 for anyone else. Newest first."""
        client = client_van(request)
        rijen = OntvangenUitkomst.objects.select_related("afzender").order_by("-ontvangen_op")
        if not toegang.mag(client, "melding_registreren"):
            rijen = rijen.filter(afzender=afzender_van(request))
        blad = Pagina(request, rijen)
        return Response(blad.envelop([_ontvangen(u) for u in blad.rijen]))

    def post(self, request: Request) -> Response:
        afzender = afzender_van(request)
        schoon = bericht.uitkomstmelding(request.data)
        OntvangenUitkomst.objects.create(
            afzender=afzender,
            registratienummer=schoon["registratienummer"],
            code=schoon["status"],
            ontvangen_op=self.nu(),
        )
        return Response(schoon, status=201)


_document: dict[str, Any] | None = None


def document() -> dict[str, Any]:
    global _document
    if _document is None:
        _document = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    return _document


def openapi_json(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    return JsonResponse(document(), json_dumps_params={"ensure_ascii": False})


def openapi_yaml(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    return HttpResponse(DOCUMENT.read_bytes(), content_type="application/yaml; charset=utf-8")
