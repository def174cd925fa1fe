"""For every answer under /api/: the `API-Version` header, problem details for errors that did
not pass through DRF (unknown paths, server errors), CORS only for configured origins, and a row
in the access log."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import patch_vary_headers

from zicht.api import logboek, problemen
from zicht.api.instellingen import API_VERSIE
from zicht.toepassing import inzage

PREFIX = "/api/"
log = logging.getLogger(__name__)


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        # The trace id of zicht.web.beveiliging.TraceMiddleware, when it ran (X-Trace-Id).
        trace_id = getattr(request, "trace_id", None) or uuid.uuid4().hex
        request.zicht_trace_id = trace_id
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            # A CORS preflight carries no token by design: answer it here, before DRF's 401.
            voorcontrole = HttpResponse(status=204)
            self._cors(request, voorcontrole)
            voorcontrole["API-Version"] = API_VERSIE
            return voorcontrole
        with inzage.actie() as gelezen:  # the call's access-log record
            response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(
            problemen.MEDIATYPE
        ):
            response = self._als_probleem(request, response)
        response["API-Version"] = API_VERSIE
        self._cors(request, response)
        logboek.schrijf(request, response, gelezen)
        return response

    @staticmethod
    def _als_probleem(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        status = response.status_code
        detail = {
            404: "Deze URL bestaat niet in de API (let op: zonder slash aan het eind).",
            405: f"Methode {request.method} is hier niet toegestaan.",
        }.get(status, "Er ging iets mis aan onze kant; probeer het later opnieuw.")
        nieuw = problemen.django_response(request, status, detail)
        for kop in ("Allow", "WWW-Authenticate"):
            if kop in response:
                nieuw[kop] = response[kop]
        return nieuw

    @staticmethod
    def _cors(request: HttpRequest, response: HttpResponseBase) -> None:
        """Closed unless the origin is configured (ZICHT_API_CORS_ORIGINS). `Vary: Origin` on
        every answer, so no cache hands one origin's answer to another."""
        patch_vary_headers(response, ["Origin"])
        herkomst = request.headers.get("Origin")
        if herkomst and herkomst in settings.ZICHT_API["CORS_ORIGINS"]:
            response["Access-Control-Allow-Origin"] = herkomst
            response["Access-Control-Expose-Headers"] = "API-Version, ETag, Location"
            response["Access-Control-Allow-Headers"] = (
                "Authorization, Content-Type, If-Match, Idempotency-Key"
            )
            response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response["Access-Control-Max-Age"] = "600"
