"""The OpenAPI document's shared parts, and the design rules applied to every operation.

Event bodies are generated from the engine's SCHEMA (one variant per event type), so the
document can never drift from what the engine accepts.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from zicht.api import namen
from zicht.api.instellingen import API_VERSIE
from zicht.api.invoer import STAPPEN
from zicht.api.problemen import MEDIATYPE, TITELS
from zicht.core import partijen as p
from zicht.core.afspraken import laad_afspraken
from zicht.core.gebeurtenissen import SCHEMA, Veldsoort, veldsoort
from zicht.core.toestand import TERMIJNNAMEN
from zicht.toepassing import teksten

TERMIJNSTATUSSEN = ["open", "voldaan", "te_laat_voldaan", "verlopen", "vervallen"]
FASEN = [
    "veiligheidsbeoordeling",
    "overdracht",
    "dienst",
    "overgedragen",
    "monitoring",
    "gesloten",
    "stabiel_veilig",
]
SEMVER = r"^\d+\.\d+\.\d+$"


def ref(naam: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{naam}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "nullable": True}


MOMENT = {"type": "string", "format": "date-time", "description": "ISO 8601 met offset."}
# What the server accepts as the moment of a melding or step (invoer.moment).
MOMENT_IN = {
    **MOMENT,
    "description": "ISO 8601 met offset; niet in de toekomst en niet vóór de eerste versie van "
    "de samenwerkingsafspraken (20 januari 2022).",
    "example": "2026-03-02T09:00:00+01:00",
}
DATUM = {"type": "string", "format": "date"}
TOELICHTING = {
    "type": "string",
    "maxLength": 2000,
    "description": "Vrije toelichting. Staat naast de gebeurtenis, niet erin: na de "
    "bewaartermijn wordt hij gewist (zoals andere vrije tekst).",
}
TEKST = {"type": "string"}


@cache
def gemeenten() -> list[str]:
    return sorted(laad_afspraken().bekende_gemeenten())


def _partij() -> dict[str, Any]:
    per_gemeente = "|".join(re.escape(g) for g in gemeenten())
    enkel = "|".join(sorted(p.ENKELVOUDIG))
    met_naam = "|".join(sorted(p.MET_NAAM))
    return {
        "type": "string",
        "pattern": f"^({enkel}|(lokaal_veld|gemeente):({per_gemeente})|({met_naam}):.*\\S.*)$",
        "description": "Een partij, zoals veilig_thuis of lokaal_veld:Heerlen (SPEC §1).",
    }


def _veld(soort: Veldsoort) -> dict[str, Any]:
    """A field of the engine's SCHEMA as JSON Schema."""
    if soort.soort == "tekst":
        return {"type": "string", "pattern": r"\S", "maxLength": 2000}
    if soort.soort == "ja_nee":
        return {"type": "boolean"}
    if soort.soort == "keuze":
        return {"type": "string", "enum": list(soort.opties)}
    if soort.soort == "gemeente":
        return {"type": "string", "enum": gemeenten()}
    if soort.soort == "partij":
        return _partij()
    if soort.soort == "datum":
        return DATUM
    if soort.soort == "score":
        return {"type": "integer", "minimum": 0, "maximum": 10}
    if soort.soort == "maanden":
        return {"type": "integer", "minimum": 1, "maximum": 120}
    if soort.soort == "volgnummer":
        return {"type": "integer", "minimum": 1, "maximum": 1000000}
    if soort.soort == "lijst":
        assert soort.element is not None
        uit = {"type": "array", "items": _veld(soort.element), "maxItems": 50}
        return uit | ({"minItems": soort.minimaal} if soort.minimaal else {})
    if soort.soort == "record":
        return {
            "type": "object",
            "properties": {naam: _veld(s) for naam, s, _ in soort.velden},
            "required": [naam for naam, _, verplicht in soort.velden if verplicht],
            "additionalProperties": False,
        }
    raise ValueError(f"onbekende veldsoort {soort.soort}")


def _velden(soort: str) -> tuple[dict[str, Any], list[str]]:
    eigen = SCHEMA[soort]
    velden = {naam: _veld(veldsoort(controle)) for naam, (controle, _) in eigen.items()}
    return velden, [naam for naam, (_, verplicht) in eigen.items() if verplicht]


# A step as a client posts it: the event's fields in camelCase, like every name (namen.py).
VOORBEELDEN = {
    "evaluatie": {
        "type": "evaluatie",
        "op": "2026-06-15T10:00:00+02:00",
        "versie": 7,
        "risicofactorenAangepakt": True,
        "herstelGestart": True,
        "toelichting": "Besproken met het gezin.",
    }
}


def _stap(soort: str) -> dict[str, Any]:
    velden, verplicht = _velden(soort)
    voorbeeld = {"example": VOORBEELDEN[soort]} if soort in VOORBEELDEN else {}
    return voorbeeld | {
        "type": "object",
        "description": teksten.STAPPEN.get(soort, (soort, soort))[0] + ".",
        "properties": {
            "type": {"type": "string", "enum": [soort]},
            "op": {
                **MOMENT_IN,
                "description": "Wanneer het gebeurde. " + str(MOMENT_IN["description"]),
            },
            "versie": {
                "type": "integer",
                "minimum": 0,
                "description": "De versie van de casus die u zag (of de header If-Match).",
            },
            "toelichting": TOELICHTING,
            **velden,
        },
        "required": ["type", "op", *verplicht],
        "additionalProperties": False,
    }


def _melding() -> dict[str, Any]:
    velden, verplicht = _velden("melding_ontvangen")
    velden["directbetrokkenen"] = {
        "type": "array",
        "maxItems": 50,
        "description": "De directbetrokkenen; hun namen blijven buiten de gebeurtenissen, die "
        "noemen hen p1, p2, ... in deze volgorde.",
        "items": {
            "type": "object",
            "properties": {
                "naam": {"type": "string", "pattern": r"\S", "maxLength": 200},
                "rol": {"type": "string", "pattern": r"\S", "maxLength": 200},
                "gezag": {"type": "boolean"},
                "contact": {
                    "type": "string",
                    "pattern": r"\S",
                    "maxLength": 200,
                    "description": "Telefoon, adres of e-mail; blijft bij het gezin, buiten de "
                    "gebeurtenissen.",
                },
            },
            "required": ["naam"],
            "additionalProperties": False,
        },
    }
    return {
        "type": "object",
        "description": "Een nieuwe melding (SPEC §4, melding_ontvangen) en de naam van het gezin.",
        "properties": {
            "op": {
                **MOMENT_IN,
                "description": "Moment van ontvangst. " + str(MOMENT_IN["description"]),
            },
            "gezin": {"type": "string", "pattern": r"\S", "maxLength": 200},
            "melder": {
                "type": "object",
                "description": "Wie meldde (niet bij een anonieme melding); blijft bij het gezin.",
                "properties": {
                    "naam": {"type": "string", "pattern": r"\S", "maxLength": 200},
                    "telefoon": {"type": "string", "pattern": r"\S", "maxLength": 40},
                },
                "additionalProperties": False,
            },
            "toelichting": TOELICHTING,
            **velden,
        },
        "required": ["op", *verplicht],
        "additionalProperties": False,
        "example": {
            "op": "2026-03-02T09:00:00+01:00",
            "gezin": "Gezin Jansen",
            "gemeenten": ["Heerlen"],
            "bron": "politie",
            "politieSoort": "hg",
            "directbetrokkenen": [{"naam": "Anna Jansen", "rol": "ouder", "gezag": True}],
            "toelichting": "Melding na een incident in de nacht.",
        },
    }


def _open(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    """An object that may grow keys (the state output promises: more keys may be added)."""
    verplicht = required if required is not None else list(properties)
    return {
        "type": "object",
        "properties": properties,
        **({"required": verplicht} if verplicht else {}),
        "additionalProperties": True,
    }


def _houder() -> dict[str, Any]:
    return _open({"partij": TEKST, "sinds": MOMENT})


def _termijn() -> dict[str, Any]:
    return _open(
        {
            "code": {"type": "string", "enum": list(TERMIJNNAMEN)},
            "partij": TEKST,
            "uiterlijk": _nullable(DATUM),
            "status": {"type": "string", "enum": TERMIJNSTATUSSEN},
            "voldaan_op": _nullable(MOMENT),
            "grond": _nullable(TEKST),
        }
    )


def _signaal() -> dict[str, Any]:
    return _open({"code": TEKST, "partij": TEKST, "grond": _nullable(TEKST), "tekst": TEKST})


def _toestand() -> dict[str, Any]:
    return _open(
        {
            "op": MOMENT,
            "zicht_op_veiligheid": {"type": "array", "items": _houder()},
            "casusregie": _nullable(_houder()),
            "procescoordinatie": _nullable(
                _open({"partijen": {"type": "array", "items": TEKST}, "sinds": MOMENT})
            ),
            "monitoring": _open({"actief": {"type": "boolean"}, "sinds": _nullable(MOMENT)}),
            "termijnen": {"type": "array", "items": ref("Termijn")},
            "signalen": {"type": "array", "items": ref("Signaal")},
            "stabiele_veiligheid": _open(
                {
                    "bereikt": {"type": "boolean"},
                    "incidentvrij_sinds": _nullable(MOMENT),
                    "vroegst_mogelijk": _nullable(DATUM),
                    "risicofactoren_aangepakt": {"type": "boolean"},
                    "herstel_gestart": {"type": "boolean"},
                }
            ),
            "gemeenten": {"type": "array", "items": TEKST},
            "fase": TEKST,
            "herzien_op": _nullable(MOMENT)
            | {"description": "Het eerste moment waarop de tijd alleen deze toestand verandert."},
        },
    ) | {"description": "De toestand van de casus nu, zoals de engine hem berekent (SPEC §4)."}


def _links(*namen: str) -> dict[str, Any]:
    href = _open({"href": {"type": "string", "format": "uri"}})
    return {"type": "object", "properties": {n: href for n in namen}, "required": list(namen)}


def componenten() -> dict[str, Any]:
    stappen = {f"Stap_{s}": _stap(s) for s in STAPPEN}
    return {
        **stappen,
        "Gebeurtenisinvoer": {
            "description": "Een stap in de levenscyclus: één gebeurtenis uit SPEC §4.",
            "oneOf": [ref(f"Stap_{s}") for s in STAPPEN],
            "discriminator": {
                "propertyName": "type",
                "mapping": {s: f"#/components/schemas/Stap_{s}" for s in STAPPEN},
            },
        },
        "Meldinginvoer": _melding(),
        "Termijn": _termijn(),
        "Signaal": _signaal(),
        "Toestand": _toestand(),
        "Casus": {
            "type": "object",
            "required": [
                "url",
                "id",
                "versie",
                "regio",
                "aangemaakt_op",
                "gezin",
                "toestand",
                "mogelijke_stappen",
                "_links",
            ],
            "properties": {
                "url": {"type": "string", "format": "uri"},
                "id": {"type": "string", "format": "uuid"},
                "versie": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Volgnummer van de laatste gebeurtenis; geef het mee bij een "
                    "nieuwe stap (ook als ETag).",
                },
                "regio": TEKST,
                "aangemaakt_op": MOMENT,
                "gezin": _nullable(
                    {
                        "type": "object",
                        "required": ["naam", "personen"],
                        "properties": {
                            "naam": TEKST,
                            "personen": {
                                "type": "array",
                                "items": _open(
                                    {"id": TEKST, "naam": TEKST, "rol": TEKST, "contact": TEKST},
                                    ["id", "naam", "rol"],
                                ),
                            },
                            "melder": _open({}, []),
                        },
                    }
                ),
                "toestand": ref("Toestand"),
                "mogelijke_stappen": {
                    "type": "array",
                    "items": {"type": "string", "enum": list(STAPPEN)},
                    "description": "De stappen die deze organisatie nu kan vastleggen.",
                },
                "_links": _links("self", "gebeurtenissen", "termijnen", "signalen"),
            },
        },
        "Casussamenvatting": {
            "type": "object",
            "required": ["url", "id", "versie", "aangemaakt_op", "gemeenten", "fase"],
            "properties": {
                "url": {"type": "string", "format": "uri"},
                "id": {"type": "string", "format": "uuid"},
                "versie": {"type": "integer", "minimum": 0},
                "aangemaakt_op": MOMENT,
                "gemeenten": {"type": "array", "items": TEKST},
                "fase": _nullable(TEKST),
                "zicht_op_veiligheid": {"type": "array", "items": TEKST},
            },
        },
        "Gebeurtenis": {
            "type": "object",
            "required": ["url", "seq", "type", "op", "gegevens", "geregistreerd_op"],
            "properties": {
                "url": {"type": "string", "format": "uri"},
                "seq": {"type": "integer", "minimum": 1},
                "type": {"type": "string", "enum": list(SCHEMA)},
                "op": MOMENT,
                "gegevens": {
                    "type": "object",
                    "additionalProperties": True,
                    "description": "De velden van de gebeurtenis die deze organisatie mag zien.",
                },
                "verborgen": {
                    "type": "array",
                    "items": TEKST,
                    "description": "Velden die niet aan deze organisatie zijn overgedragen.",
                },
                "geregistreerd_op": MOMENT,
                "geregistreerd_door": TEKST,
                "organisatie": TEKST,
                "afspraakversie": TEKST,
            },
        },
        "CasusTermijn": {"allOf": [_open({"casus": {"type": "string"}}), ref("Termijn")]},
        "CasusSignaal": {"allOf": [_open({"casus": {"type": "string"}}), ref("Signaal")]},
        "Werkvoorraadtermijn": _open(
            {
                "casus": {"type": "string", "format": "uri"},
                "casus_id": {"type": "string", "format": "uuid"},
                "code": {"type": "string", "enum": list(TERMIJNNAMEN)},
                "partij": TEKST,
                "uiterlijk": _nullable(DATUM),
                "status": {"type": "string", "enum": ["open", "verlopen"]},
                "grond": TEKST,
            }
        ),
        "Gemeente": _open(
            {
                "naam": TEKST,
                "cbs_code": {"type": "string", "pattern": r"^GM\d{4}$"},
                "subregio": _open({"code": TEKST, "naam": TEKST}),
            }
        ),
        "Afspraakversie": _open(
            {
                "regio": TEKST,
                "naam": TEKST,
                "geldig_vanaf": DATUM,
                "status": {"type": "string", "enum": ["concept", "vastgesteld"]},
                "van_kracht": {"type": "boolean"},
                "bijlagen": {
                    "type": "array",
                    "items": _open(
                        {
                            "subregio": TEKST,
                            "geldig_vanaf": DATUM,
                            "status": TEKST,
                            "van_kracht": {"type": "boolean"},
                        }
                    ),
                },
            }
        ),
        "Probleem": {
            "type": "object",
            "description": "Problem details (RFC 9457).",
            "required": ["type", "title", "status", "detail", "instance", "code"],
            "properties": {
                "type": {"type": "string", "format": "uri-reference"},
                "title": TEKST,
                "status": {"type": "integer", "minimum": 400, "maximum": 599},
                "detail": TEKST,
                "instance": {"type": "string", "format": "uri-reference"},
                "code": {"type": "string", "description": "Machineleesbare code van de fout."},
                "invalidParams": {
                    "type": "array",
                    "items": _open({"name": TEKST, "code": TEKST, "reason": TEKST}),
                },
                "grond": _nullable(
                    {**TEKST, "description": "Bij een afwijzing: de grond in de afspraken."}
                ),
                "ontbreekt": {"type": "array", "items": TEKST},
            },
            "additionalProperties": True,
        },
    }


def kop(beschrijving: str, **schema: Any) -> dict[str, Any]:
    return {"description": beschrijving, "required": True, "schema": schema or TEKST}


KOPPEN = {
    "API-Version": kop("De volledige versie van de API (semver).", type="string", pattern=SEMVER),
}
# Errors any operation can give; each operation adds its own (views).
ALGEMENE_FOUTEN = {
    401: "Geen of een ongeldig token.",
    403: "De client mist de benodigde scope of dit is niet aan deze organisatie.",
    406: "Alleen application/json wordt geleverd.",
    500: "Interne fout.",
}


def fout(beschrijving: str) -> dict[str, Any]:
    return {
        "description": beschrijving,
        "content": {MEDIATYPE: {"schema": ref("Probleem")}},
        "headers": {"API-Version": {"$ref": "#/components/headers/API-Version"}},
    }


def ontwerpregels(result: dict[str, Any], generator: Any, request: Any, public: bool) -> Any:
    """drf-spectacular post-processing: components, headers and errors on every operation;
    every property name in camelCase, as the answers (namen.py)."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(componenten())
    result["components"]["headers"] = KOPPEN
    result["info"]["x-api-versie"] = API_VERSIE
    for operaties in result.get("paths", {}).values():
        for methode, operatie in operaties.items():
            if methode not in {"get", "post", "put", "patch", "delete"}:
                continue
            if "requestBody" in operatie:
                operatie["requestBody"]["required"] = True  # every POST needs its body
            antwoorden = operatie.setdefault("responses", {})
            for status, beschrijving in ALGEMENE_FOUTEN.items():
                antwoorden.setdefault(str(status), fout(beschrijving))
            if operatie.get("parameters") or methode == "post":
                antwoorden.setdefault("400", fout("Ongeldige invoer; zie invalidParams."))
            for status, antwoord in antwoorden.items():
                koppen = antwoord.setdefault("headers", {})
                koppen.setdefault("API-Version", {"$ref": "#/components/headers/API-Version"})
                if int(status) >= 400:
                    antwoord["content"] = {MEDIATYPE: {"schema": ref("Probleem")}}
                    antwoord.setdefault("description", TITELS.get(int(status), "Fout"))
    return namen.schema_naar_buiten(result)
