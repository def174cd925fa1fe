"""Reference data from the agreement: the gemeenten (CBS code, subregion) and the versions."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.api import filters
from zicht.api.paginering import Pagina
from zicht.api.paginering import schema as pagina
from zicht.api.views.basis import ApiView, beschreven
from zicht.store.regio import regio
from zicht.toepassing.dossier import afspraken


def _subregios() -> list[str]:
    return sorted(afspraken(regio()).versies[-1].subregios)


class GemeentenView(ApiView):
    acties = {"GET": "naslag_inzien"}

    @beschreven(
        operation_id="gemeenten_lijst",
        summary="De gemeenten van de regio",
        description="Naam, CBS-code en subregio, uit de afspraken zoals ze nu gelden.",
        parameters=[
            *filters.PAGINA,
            filters.parameter("subregio", "Alleen gemeenten van deze subregio.", _subregios()),
        ],
        responses={200: OpenApiResponse(pagina("Gemeente"), description="Een pagina.")},
        tags=["naslag"],
    )
    def get(self, request: Request) -> Response:
        subregio = filters.keuze(request, "subregio", _subregios())
        versie = afspraken(regio()).versie_op(self.nu().date()) or afspraken(regio()).versies[-1]
        rijen = [
            {
                "naam": g.naam,
                "cbs_code": g.cbs,
                "subregio": {"code": g.subregio, "naam": versie.subregios.get(g.subregio, "")},
            }
            for g in sorted(versie.gemeenten.values(), key=lambda g: g.naam)
            if subregio is None or g.subregio == subregio
        ]
        blad = Pagina(request, rijen)
        return Response(blad.envelop(blad.rijen))


class AfspraakversiesView(ApiView):
    acties = {"GET": "naslag_inzien"}

    @beschreven(
        operation_id="afspraakversies_lijst",
        summary="De versies van de samenwerkingsafspraken",
        description="Elke versie van de regionale afspraken met haar subregionale bijlagen, "
        "oudste eerst; `van_kracht` zegt welke vandaag geldt.",
        parameters=[*filters.PAGINA],
        responses={200: OpenApiResponse(pagina("Afspraakversie"), description="Een pagina.")},
        tags=["naslag"],
    )
    def get(self, request: Request) -> Response:
        data = afspraken(regio())
        vandaag = self.nu().date()
        geldend = data.versie_op(vandaag)
        bijlagen_nu = {
            s: max((b for b in lijst if b.geldig_vanaf <= vandaag), key=lambda b: b.geldig_vanaf)
            for s, lijst in data.bijlagen.items()
            if any(b.geldig_vanaf <= vandaag for b in lijst)
        }
        rijen = [
            {
                "regio": v.regio,
                "naam": v.naam,
                "geldig_vanaf": v.geldig_vanaf.isoformat(),
                "status": v.status,
                "van_kracht": v is geldend,
                "bijlagen": [
                    {
                        "subregio": b.subregio,
                        "geldig_vanaf": b.geldig_vanaf.isoformat(),
                        "status": b.status,
                        "van_kracht": v is geldend and bijlagen_nu.get(b.subregio) is b,
                    }
                    for lijst in data.bijlagen.values()
                    for b in lijst
                    if data.versie_op(b.geldig_vanaf) is v
                ],
            }
            for v in data.versies
        ]
        blad = Pagina(request, rijen)
        return Response(blad.envelop(blad.rijen))
