"""The API's part of the Django settings; `zicht.web.settings` takes these values.

Plain constants and environment, no Django import: settings load before the apps.
"""

from __future__ import annotations

import os
from typing import Any

API_VERSIE = "1.0.0"  # full semver in the `API-Version` header; the major is in the URI
PREFIX = "/api/v1"

APPS = [
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Redoc for /api/v1/docs from our own static files
    "django_tasks",
    "django_tasks_db",
    "zicht.api",
]
MIDDLEWARE = ["zicht.api.middleware.ApiMiddleware"]

REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["zicht.api.authenticatie.BearerAuthenticatie"],
    "DEFAULT_PERMISSION_CLASSES": ["zicht.api.authenticatie.Scope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSONParser with limits: depth, lone surrogates, NUL (issue #16)
    "DEFAULT_PARSER_CLASSES": ["zicht.api.veilige_json.VeiligeJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "zicht.api.problemen.exception_handler",
    "UNAUTHENTICATED_USER": None,
    "DATETIME_FORMAT": "iso-8601",
}

SPECTACULAR_SETTINGS: dict[str, Any] = {
    "TITLE": "Zicht API",
    "DESCRIPTION": (
        "De API van Zicht voor de systemen van Veilig Thuis Zuid-Limburg en de Zuid-Limburgse "
        "gemeenten: casussen registreren en volgen, stappen in de levenscyclus vastleggen, "
        "termijnen en signalen opvragen. Elke stap gaat door dezelfde regels als in de schermen "
        "(de samenwerkingsafspraken als data). Authenticatie met `Authorization: Bearer <token>`; "
        "de functioneel beheerder maakt een token per organisatie met `zicht api-client maak`. "
        "Fouten zijn problem details (RFC 9457, `application/problem+json`)."
    ),
    "VERSION": API_VERSIE,
    # Set the real address per installation; `.invalid` never reaches anyone by mistake.
    "CONTACT": {
        "name": "Functioneel beheer Zicht",
        "email": os.environ.get("ZICHT_API_CONTACT", "functioneel-beheer@zicht.invalid"),
        "url": os.environ.get("ZICHT_API_CONTACT_URL", "https://zicht.invalid/api"),
    },
    # Paths carry /api/v1 themselves; the server is this installation (same origin).
    "SERVERS": [{"url": "/", "description": "Deze installatie van Zicht"}],
    "TAGS": [
        {"name": "casussen", "description": "Casussen: een melding registreren, een casus lezen."},
        {
            "name": "gebeurtenissen",
            "description": "De geschiedenis van een casus en een stap in de levenscyclus.",
        },
        {
            "name": "werkvoorraad",
            "description": "Open termijnen en signalen per casus en organisatie.",
        },
        {"name": "wijzigingen", "description": "Wat er veranderde, met een cursor (geen polling)."},
        {"name": "naslag", "description": "Gemeenten en versies van de samenwerkingsafspraken."},
    ],
    "EXTERNAL_DOCS": {"description": "Documentatie", "url": "/api/v1/docs"},
    "SERVE_INCLUDE_SCHEMA": False,
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "zicht.api.schema.ontwerpregels",
    ],
}


def _lijst(naam: str) -> list[str]:
    return [w.strip() for w in os.environ.get(naam, "").split(",") if w.strip()]


def zicht_api() -> dict[str, Any]:
    return {
        # Where systems reach the API; webhook deliveries name case URLs under it.
        "BASIS_URL": os.environ.get("ZICHT_API_BASIS_URL", "http://127.0.0.1:8000").rstrip("/"),
        # Closed by default: no CORS header unless an origin is listed here.
        "CORS_ORIGINS": _lijst("ZICHT_API_CORS_ORIGINS"),
        # Deliveries are NL GOV CloudEvents: `source` the URN of the organisation running Zicht
        # (its OIN), `type` reverse-DNS under TYPE_PREFIX plus the event kind.
        "CLOUDEVENTS": {
            "SOURCE": os.environ.get(
                "ZICHT_CLOUDEVENTS_SOURCE", "urn:nld:oin:00000000000000000000:systeem:zicht"
            ),
            "TYPE_PREFIX": os.environ.get("ZICHT_CLOUDEVENTS_TYPE_PREFIX", "nl.vtzl.zicht"),
        },
        "WEBHOOKS": {
            # http only for loopback addresses (development, tests); elsewhere https.
            "MAX_POGINGEN": 8,
            "BACKOFF_SECONDEN": 30.0,  # 30 s, 1 min, 2 min, ... capped below
            "BACKOFF_MAX_SECONDEN": 6 * 3600.0,
            "TIMEOUT_SECONDEN": 10.0,
        },
    }
