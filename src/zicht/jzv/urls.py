"""/api/jzv_meldingen/v1 (the base path of VNG Realisatie's reference server) and the intake."""

from django.urls import path

from zicht.api.urls import gelogd
from zicht.jzv import api, schermen

app_name = "jzv"

api_urls = [
    path("openapi.json", api.openapi_json, name="openapi_json"),
    path("openapi.yaml", api.openapi_yaml, name="openapi_yaml"),
    path("meldingen", gelogd(api.MeldingenView), name="meldingen"),
    path("meldingen/<str:registratienummer>", gelogd(api.MeldingView), name="melding"),
    path("uitkomstmeldingen", gelogd(api.UitkomstmeldingenView), name="uitkomstmeldingen"),
]

scherm_urls = [
    path("intake", schermen.intake_view, name="intake"),
    path("intake/<uuid:melding_id>", schermen.toewijzen_view, name="toewijzen"),
]
