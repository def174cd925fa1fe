"""/api/v1: plural Dutch collections, no trailing slash (NL API Design Rules)."""

from collections.abc import Callable
from typing import Any

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from zicht.api.views.basis import ApiView
from zicht.api.views.casussen import CasussenView, CasusView
from zicht.api.views.gebeurtenissen import GebeurtenissenView, GebeurtenisView
from zicht.api.views.naslag import AfspraakversiesView, GemeentenView
from zicht.api.views.overzichten import SignalenView, TermijnenView, WerkvoorraadView

app_name = "api"


class SchemaView(SpectacularJSONAPIView):
    """The OpenAPI document, for anyone (no token needed)."""

    acties = {"GET": "schema_inzien"}


def gelogd(view: type[ApiView] | type[SchemaView]) -> Callable[..., Any]:
    """The view, marked with the actions its calls write to the access log (by the middleware,
    like `casuswerk.inzage.logt` for the screens)."""
    functie: Callable[..., Any] = view.as_view()
    functie.logt = view.acties  # type: ignore[attr-defined]
    return functie


urlpatterns = [
    path("schema", gelogd(SchemaView), name="schema"),
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
    path("afspraakversies", gelogd(AfspraakversiesView), name="afspraakversies"),
]
