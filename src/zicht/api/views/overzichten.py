"""Terms and signals of one case, and the worklist of the calling organisation."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.api import filters, toegang, weergave
from zicht.api.authenticatie import client_van
from zicht.api.paginering import Pagina
from zicht.api.paginering import schema as pagina
from zicht.api.schema import TERMIJNSTATUSSEN, fout, gemeenten
from zicht.api.views.basis import ApiView, beschreven
from zicht.core.toestand import TERMIJNNAMEN
from zicht.toepassing import dossier, inzage, werkvoorraad

CASUS = OpenApiParameter("casus_id", {"type": "string", "format": "uuid"}, "path")
NIET_GEVONDEN = fout("Casus niet gevonden (of niet voor deze organisatie).")
CODES = list(TERMIJNNAMEN)


def _toestand(request: Request, casus_id: str, nu: Any) -> tuple[str, dict[str, Any]]:
    casus = toegang.casus_of_404(client_van(request), casus_id)
    inzage.lees(casus.pk, [])
    return str(casus.pk), dossier.laad(casus, nu).toestand


class TermijnenView(ApiView):
    acties = {"GET": "casus_inzien"}

    @beschreven(
        operation_id="termijnen_lijst",
        summary="De termijnen van een casus",
        description="Elke termijn die gestart is, met zijn status nu en zijn grond.",
        parameters=[
            CASUS,
            *filters.PAGINA,
            filters.parameter("status", "Alleen termijnen met deze status.", TERMIJNSTATUSSEN),
            filters.parameter("code", "Alleen deze termijn.", CODES),
            filters.parameter("partij", "Alleen termijnen van deze partij."),
            *filters.UITERLIJK,
        ],
        responses={
            200: OpenApiResponse(pagina("CasusTermijn"), description="Een pagina."),
            404: NIET_GEVONDEN,
        },
        tags=["casussen"],
    )
    def get(self, request: Request, casus_id: str) -> Response:
        status = filters.keuze(request, "status", TERMIJNSTATUSSEN)
        code = filters.keuze(request, "code", CODES)
        partij = request.query_params.get("partij")
        uiterlijk = filters.uiterlijk(request)
        casus_id, toestand = _toestand(request, casus_id, self.nu())
        rijen = [
            weergave.met_casus(request, casus_id, t)
            for t in toestand["termijnen"]
            if (status is None or t["status"] == status)
            and (code is None or t["code"] == code)
            and (partij is None or t["partij"] == partij)
            and uiterlijk.past(t["uiterlijk"])
        ]
        blad = Pagina(request, rijen)
        return Response(blad.envelop(blad.rijen))


class SignalenView(ApiView):
    acties = {"GET": "casus_inzien"}

    @beschreven(
        operation_id="signalen_lijst",
        summary="De signalen van een casus",
        description="Wat nu aandacht vraagt, per partij, met de grond in de afspraken.",
        parameters=[
            CASUS,
            *filters.PAGINA,
            filters.parameter("code", "Alleen signalen met deze code."),
            filters.parameter("partij", "Alleen signalen voor deze partij."),
        ],
        responses={
            200: OpenApiResponse(pagina("CasusSignaal"), description="Een pagina."),
            404: NIET_GEVONDEN,
        },
        tags=["casussen"],
    )
    def get(self, request: Request, casus_id: str) -> Response:
        code = request.query_params.get("code")
        partij = request.query_params.get("partij")
        casus_id, toestand = _toestand(request, casus_id, self.nu())
        rijen = [
            weergave.met_casus(request, casus_id, s)
            for s in toestand["signalen"]
            if (code is None or s["code"] == code) and (partij is None or s["partij"] == partij)
        ]
        blad = Pagina(request, rijen)
        return Response(blad.envelop(blad.rijen))


class WerkvoorraadView(ApiView):
    acties = {"GET": "werkvoorraad_inzien"}

    @beschreven(
        operation_id="werkvoorraad_lijst",
        summary="De open termijnen van de eigen organisatie",
        description="De termijnen die de organisatie van de client (en, voor een gemeente, haar "
        "lokale veld) nog moet halen, vroegste uiterlijk eerst. `verlopen`: uiterlijk ligt vóór "
        "vandaag.",
        parameters=[
            *filters.PAGINA,
            filters.parameter("status", "open (nog op tijd) of verlopen.", ["open", "verlopen"]),
            filters.parameter("gemeente", "Alleen casussen van deze gemeente.", gemeenten()),
            filters.parameter("code", "Alleen deze termijn.", CODES),
            *filters.UITERLIJK,
        ],
        responses={200: OpenApiResponse(pagina("Werkvoorraadtermijn"), description="Een pagina.")},
        tags=["werkvoorraad"],
    )
    def get(self, request: Request) -> Response:
        keuzes = {
            "status": filters.keuze(request, "status", ["open", "verlopen"]),
            "gemeente": filters.keuze(request, "gemeente", gemeenten()),
            "termijn": filters.keuze(request, "code", CODES),
        }
        uiterlijk = filters.uiterlijk(request)
        vandaag = self.nu().date()
        partijen = toegang.werkvoorraadpartijen(client_van(request).organisatie)
        rijen = werkvoorraad.termijnen(partijen, keuzes, vandaag)
        if uiterlijk.vanaf:
            rijen = rijen.filter(uiterlijk__gte=uiterlijk.vanaf)
        if uiterlijk.tot_en_met:
            rijen = rijen.filter(uiterlijk__lte=uiterlijk.tot_en_met)
        blad = Pagina(request, rijen)
        for casus_id in dict.fromkeys(t.casus_id for t in blad.rijen):
            inzage.lees(casus_id, [])
        return Response(
            blad.envelop(
                [
                    weergave.met_casus(
                        request,
                        str(t.casus_id),
                        {
                            "casus_id": str(t.casus_id),
                            "code": t.code,
                            "partij": t.partij,
                            "uiterlijk": t.uiterlijk.isoformat() if t.uiterlijk else None,
                            "status": "verlopen"
                            if t.uiterlijk is not None and t.uiterlijk < vandaag
                            else "open",
                            "grond": t.grond,
                        },
                    )
                    for t in blad.rijen
                ]
            )
        )
