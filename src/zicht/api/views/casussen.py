"""`casussen`: register a melding (POST), list the cases this organisation may see, one case."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.api import filters, invoer, toegang, weergave
from zicht.api.authenticatie import client_van
from zicht.api.paginering import Pagina
from zicht.api.paginering import schema as pagina
from zicht.api.problemen import Probleem
from zicht.api.schema import FASEN, fout, gemeenten, ref
from zicht.api.views.basis import ApiView, beschreven
from zicht.core.betrokkenen import GEMEENTE
from zicht.toepassing import acties, dossier, inzage


def kop(naam: str, beschrijving: str, *statussen: int) -> OpenApiParameter:
    """A response header of these statuses, in the OpenAPI document."""
    return OpenApiParameter(
        naam,
        str,
        OpenApiParameter.HEADER,
        required=True,
        response=list(statussen),
        description=beschrijving,
    )


ETAG = "De versie van de casus, tussen aanhalingstekens; voor If-Match."
LOCATION = "De URL van wat gemaakt is."


def detail(request: Request, casus: Any, nu: Any, status: int = 200) -> Response:
    client = client_van(request)
    d = dossier.laad(casus, nu)
    inzage.lees(casus.pk, weergave.personen(casus))
    stappen = d.stappen(toegang.actor(client))
    body = weergave.casus(request, d, stappen, toegang.informatie(client, casus.pk))
    response = Response(body, status=status)
    response["ETag"] = f'"{d.seq}"'
    return response


class CasussenView(ApiView):
    acties = {"GET": "werkvoorraad_inzien", "POST": "melding_registreren"}

    @beschreven(
        operation_id="casussen_lijst",
        summary="Casussen die deze organisatie mag zien",
        description="Alle casussen waar de organisatie van de client bij betrokken is "
        "(need-to-know, zoals in de schermen), nieuwste eerst. Zonder namen.",
        parameters=[
            *filters.PAGINA,
            filters.parameter("status", "Alleen casussen in deze fase.", FASEN),
            filters.parameter("gemeente", "Alleen casussen van deze gemeente.", gemeenten()),
        ],
        responses={200: OpenApiResponse(pagina("Casussamenvatting"), description="Een pagina.")},
        tags=["casussen"],
    )
    def get(self, request: Request) -> Response:
        client = client_van(request)
        rijen = toegang.zichtbare_casussen(client)
        status = filters.keuze(request, "status", FASEN)
        gemeente = filters.keuze(request, "gemeente", gemeenten())
        if status:
            rijen = rijen.filter(projectie__toestand__fase=status)
        if gemeente:
            rijen = rijen.filter(
                partijen__partij=f"gemeente:{gemeente}", partijen__relatie=GEMEENTE
            )
        blad = Pagina(request, rijen.select_related("projectie").order_by("-aangemaakt_op", "id"))
        for casus in blad.rijen:
            inzage.lees(casus.pk, [])
        return Response(blad.envelop([weergave.samenvatting(request, c) for c in blad.rijen]))

    @beschreven(
        operation_id="melding_registreren",
        summary="Een melding registreren (nieuwe casus)",
        description="Maakt een casus met de gebeurtenis melding_ontvangen. Alleen Veilig Thuis. "
        "De namen van de directbetrokkenen blijven bij het gezin; de gebeurtenis noemt hen "
        "p1, p2, ... Antwoordt met de casus en zijn toestand.",
        request={"application/json": ref("Meldinginvoer")},
        parameters=[kop("Location", LOCATION, 201), kop("ETag", ETAG, 201)],
        responses={
            201: OpenApiResponse(ref("Casus"), description="De nieuwe casus."),
            422: fout("Afgewezen door de samenwerkingsafspraken (code, grond, ontbreekt)."),
            415: fout("Stuur application/json."),
        },
        tags=["casussen"],
    )
    def post(self, request: Request) -> Response:
        client = client_van(request)
        if not toegang.mag(client, "melding_registreren"):  # authorization before validation
            raise Probleem(403, "alleen_veilig_thuis", "Alleen Veilig Thuis registreert meldingen.")
        nu = self.nu()
        melding = invoer.melding(invoer.object_(request.data), nu)
        gezin = (
            acties.Gezinsgegevens(melding.gezin or "", melding.personen, melding.melder)
            if melding.gezin or melding.personen or melding.melder
            else None
        )
        casus_id = acties.registreer_melding(
            toegang.actor(client), melding.op, melding.velden, nu, gezin
        )
        casus = toegang.casus_of_404(client, casus_id)
        response = detail(request, casus, nu, status=201)
        response["Location"] = weergave.url(request, "casus", casus_id=casus_id)
        return response


class CasusView(ApiView):
    acties = {"GET": "casus_inzien"}

    @beschreven(
        operation_id="casus_lezen",
        summary="Eén casus met zijn toestand",
        description="De toestand nu (SPEC §4: zicht op veiligheid, termijnen, signalen, ...), "
        "het gezin en de stappen die deze organisatie nu kan vastleggen. 404 voor een casus "
        "die niet bestaat én voor een die de organisatie niet mag zien.",
        parameters=[
            OpenApiParameter("casus_id", {"type": "string", "format": "uuid"}, "path"),
            kop("ETag", ETAG, 200),
        ],
        responses={
            (200, "application/json"): OpenApiResponse(ref("Casus"), description="De casus."),
            404: fout("Casus niet gevonden (of niet voor deze organisatie)."),
        },
        tags=["casussen"],
    )
    def get(self, request: Request, casus_id: str) -> Response:
        return detail(request, toegang.casus_of_404(client_van(request), casus_id), self.nu())
