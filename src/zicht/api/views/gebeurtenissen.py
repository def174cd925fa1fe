"""`casussen/{id}/gebeurtenissen`: the history of a case, and a new step in its lifecycle."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.api import filters, invoer, toegang, weergave
from zicht.api.authenticatie import client_van
from zicht.api.paginering import Pagina
from zicht.api.paginering import schema as pagina
from zicht.api.problemen import Probleem
from zicht.api.schema import fout, ref
from zicht.api.views.basis import ApiView, beschreven
from zicht.api.views.casussen import ETAG, LOCATION, kop
from zicht.core.gebeurtenissen import SCHEMA
from zicht.toepassing import acties, dossier, inzage, opslag

CASUS = OpenApiParameter("casus_id", {"type": "string", "format": "uuid"}, "path")
NIET_GEVONDEN = fout("Casus niet gevonden (of niet voor deze organisatie).")


class GebeurtenissenView(ApiView):
    acties = {"GET": "casus_inzien", "POST": "stap_vastleggen"}

    @beschreven(
        operation_id="gebeurtenissen_lijst",
        summary="De geschiedenis van een casus",
        description="Alle gebeurtenissen in volgorde, met wie ze wanneer vastlegde.",
        parameters=[
            CASUS,
            *filters.PAGINA,
            filters.parameter("type", "Alleen gebeurtenissen van dit type.", list(SCHEMA)),
        ],
        responses={
            200: OpenApiResponse(pagina("Gebeurtenis"), description="Een pagina."),
            404: NIET_GEVONDEN,
        },
        tags=["gebeurtenissen"],
    )
    def get(self, request: Request, casus_id: str) -> Response:
        casus = toegang.casus_of_404(client_van(request), casus_id)
        soort = filters.keuze(request, "type", list(SCHEMA))
        inzage.lees(casus.pk, weergave.personen(casus))
        alle = opslag.store().gebeurtenissen(str(casus.pk))
        blad = Pagina(request, [g for g in alle if soort is None or g.type == soort])
        info = toegang.informatie(client_van(request), casus.pk)
        return Response(
            blad.envelop(
                [weergave.gebeurtenis(request, str(casus.pk), g, info) for g in blad.rijen]
            )
        )

    @beschreven(
        operation_id="stap_vastleggen",
        summary="Een stap in de levenscyclus vastleggen",
        description="Voegt één gebeurtenis toe (SPEC §4), na dezelfde regels als de schermen. "
        "Geef de versie van de casus mee die u zag (veld `versie` of header `If-Match`): "
        "is de casus intussen gewijzigd, dan 409. Breekt de stap een regel van de afspraken, "
        "dan 422 met de code van de regel, de tekst, de grond en wat ontbreekt (`ontbreekt`). "
        "Een stap die nu niet aan deze organisatie is: 403; net zo een intrekking van een stap "
        "die een andere organisatie vastlegde (code `niet_eigen_stap`).",
        parameters=[
            CASUS,
            OpenApiParameter(
                "If-Match",
                {"type": "string", "pattern": '^(W/)?"?[0-9]+"?$'},
                OpenApiParameter.HEADER,
                description="De ETag (versie) van de casus die u zag; in plaats van `versie`.",
            ),
            kop("Location", LOCATION, 201),
            kop("ETag", ETAG, 201),
        ],
        request={"application/json": ref("Gebeurtenisinvoer")},
        responses={
            201: OpenApiResponse(ref("Gebeurtenis"), description="De vastgelegde gebeurtenis."),
            404: NIET_GEVONDEN,
            409: fout("De casus is gewijzigd sinds de versie die u zag; haal hem opnieuw op."),
            415: fout("Stuur application/json."),
            422: fout("Afgewezen door de samenwerkingsafspraken (code, grond, ontbreekt)."),
            428: fout("Geef de versie mee: veld versie of header If-Match."),
        },
        tags=["gebeurtenissen"],
    )
    def post(self, request: Request, casus_id: str) -> Response:
        client = client_van(request)
        nu = self.nu()
        wie = toegang.actor(client)
        d = dossier.lees_casus(wie, casus_id, nu, "stap_vastleggen")
        casus = d.casus
        inzage.lees(casus.pk, weergave.personen(casus))
        data = invoer.object_(request.data)
        verwachte_seq = invoer.verwachte_seq(data, request.headers.get("If-Match"))
        stap = invoer.stap(data, nu)
        seq = acties.leg_stap_vast(wie, d, verwachte_seq, stap.type, stap.op, stap.velden, nu)
        opgeslagen = opslag.store().gebeurtenissen(str(casus.pk))[seq - 1]
        info = toegang.informatie(client, casus.pk)
        response = Response(
            weergave.gebeurtenis(request, str(casus.pk), opgeslagen, info), status=201
        )
        response["Location"] = weergave.url(request, "gebeurtenis", casus_id=casus.pk, seq=seq)
        response["ETag"] = f'"{seq}"'
        return response


class GebeurtenisView(ApiView):
    acties = {"GET": "casus_inzien"}

    @beschreven(
        operation_id="gebeurtenis_lezen",
        summary="Eén gebeurtenis van een casus",
        description="De gebeurtenis met dit volgnummer, met wie hem wanneer vastlegde; alleen "
        "de gegevens die deze organisatie mag zien.",
        parameters=[CASUS, OpenApiParameter("seq", {"type": "integer", "minimum": 1}, "path")],
        responses={
            200: OpenApiResponse(ref("Gebeurtenis"), description="De gebeurtenis."),
            404: fout("Casus of gebeurtenis niet gevonden."),
        },
        tags=["gebeurtenissen"],
    )
    def get(self, request: Request, casus_id: str, seq: int) -> Response:
        casus = toegang.casus_of_404(client_van(request), casus_id)
        inzage.lees(casus.pk, weergave.personen(casus))
        alle = opslag.store().gebeurtenissen(str(casus.pk))
        if not 1 <= seq <= len(alle):
            raise Probleem(404, "gebeurtenis_niet_gevonden", "Gebeurtenis niet gevonden.")
        info = toegang.informatie(client_van(request), casus.pk)
        return Response(weergave.gebeurtenis(request, str(casus.pk), alle[seq - 1], info))
