"""/api/v1: plural Dutch collections, no trailing slash (NL API Design Rules)."""

from collections.abc import Callable
from typing import Any

from django.urls import path
from drf_spectacular.views import (
    SpectacularJSONAPIView,
    SpectacularRedocView,
    SpectacularYAMLAPIView,
)
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.api.views.basis import ApiView
from zicht.api.views.casussen import CasussenView, CasusView
from zicht.api.views.gebeurtenissen import GebeurtenissenView, GebeurtenisView
from zicht.api.views.naslag import AfspraakversiesView, GemeentenView
from zicht.api.views.overzichten import SignalenView, TermijnenView, WerkvoorraadView
from zicht.api.views.wijzigingen import WijzigingenView

app_name = "api"


class SchemaView(SpectacularJSONAPIView):
    """The OpenAPI document, for anyone (no token needed)."""

    acties = {"GET": "schema_inzien"}


class SchemaYamlView(SpectacularYAMLAPIView):
    acties = {"GET": "schema_inzien"}
    schema = None  # not an operation of the document it serves


# Redoc styles itself at run time (inline <style>) and searches in a worker from a blob URL.
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


class DocsView(SpectacularRedocView):
    """The documentation page (Redoc, from drf-spectacular-sidecar's static files)."""

    acties = {"GET": "schema_inzien"}
    schema = None
    template_name = "api/docs.html"
    url_name = "api:openapi_json"

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response: Response = super().get(request, *args, **kwargs)  # type: ignore[no-untyped-call]
        response["Content-Security-Policy"] = DOCS_CSP
        return response


def gelogd(view: type[ApiView] | type[SpectacularJSONAPIView]) -> Callable[..., Any]:
    """The view, marked with the actions its calls write to the access log (by the middleware,
    like `casuswerk.inzage.logt` for the screens)."""
    functie: Callable[..., Any] = view.as_view()
    functie.logt = view.acties  # type: ignore[attr-defined]
    return functie


urlpatterns = [
    path("schema", gelogd(SchemaView), name="schema"),
    path("openapi.json", gelogd(SchemaView), name="openapi_json"),
    path("openapi.yaml", gelogd(SchemaYamlView), name="openapi_yaml"),
    path("docs", gelogd(DocsView), name="docs"),
    path("casussen", gelogd(CasussenView), name="casussen"),
    path("casussen/<uuid:casus_id>", gelogd(CasusView), name="casus"),
    path(
        "casussen/<uuid:casus_id>/gebeurtenissen",
        gelogd(GebeurtenissenView),
        name="gebeurtenissen",
    ),
    path(
        "casussen/<uuid:casus_id>/gebeurtenissen/<int:seq>",
        gelogd(GebeurtenisView),
        name="gebeurtenis",
    ),
    path("casussen/<uuid:casus_id>/termijnen", gelogd(TermijnenView), name="termijnen"),
    path("casussen/<uuid:casus_id>/signalen", gelogd(SignalenView), name="signalen"),
    path("werkvoorraad", gelogd(WerkvoorraadView), name="werkvoorraad"),
    path("gemeenten", gelogd(GemeentenView), name="gemeenten"),
    path("wijzigingen", gelogd(WijzigingenView), name="wijzigingen"),
    path("afspraakversies", gelogd(AfspraakversiesView), name="afspraakversies"),
]
