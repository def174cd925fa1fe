"""Errors as problem details (RFC 9457, `application/problem+json`), with a Dutch title.

Every error of the API leaves through here (DRF's exception handler) or through the middleware
(errors outside DRF: unknown paths, server errors), so they all have the same shape:
`type`, `title`, `status`, `detail`, `instance`, plus `code` and, for invalid input,
`invalidParams`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response

from zicht.api import namen
from zicht.toepassing import fouten

MEDIATYPE = "application/problem+json"
TITELS = {
    400: "Ongeldige invoer",
    401: "Niet geauthenticeerd",
    403: "Geen toestemming",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Gevraagd formaat niet beschikbaar",
    409: "De casus is intussen gewijzigd",
    415: "Mediatype niet ondersteund",
    422: "Afgewezen door de samenwerkingsafspraken",
    428: "Versie vereist",
    429: "Te veel verzoeken",
    500: "Interne fout",
}
STANDAARD_CODES = {
    400: "ongeldige_invoer",
    401: "niet_geauthenticeerd",
    403: "geen_toestemming",
    404: "niet_gevonden",
    405: "methode_niet_toegestaan",
    406: "niet_aanvaardbaar",
    409: "conflict",
    415: "mediatype_niet_ondersteund",
    422: "afgewezen",
    428: "versie_vereist",
    429: "te_veel_verzoeken",
    500: "interne_fout",
}


class Probleem(exceptions.APIException):
    """An error the API answers deliberately: status, a machine code, Dutch text, extras."""

    def __init__(self, status: int, code: str, detail: str, **extra: Any) -> None:
        super().__init__(detail, code)
        self.status_code, self.code, self.extra = status, code, extra


def inhoud(
    request: HttpRequest | None, status: int, code: str, detail: str, **extra: Any
) -> dict[str, Any]:
    trace_id = getattr(request, "zicht_trace_id", None) or ""
    return {
        # The kind of problem; `code` says which one precisely (e.g. a rule of the agreement).
        "type": f"urn:zicht:probleem:{STANDAARD_CODES.get(status, 'fout')}",
        "title": TITELS.get(status, "Fout"),
        "status": status,
        "detail": detail,
        "instance": f"urn:uuid:{trace_id}" if trace_id else "urn:zicht:verzoek",
        "code": code,
        **extra,
    }


def als_response(request: HttpRequest | None, status: int, inhoud_: dict[str, Any]) -> Response:
    return Response(inhoud_, status=status, content_type=MEDIATYPE)


def django_response(request: HttpRequest, status: int, detail: str) -> JsonResponse:
    """For errors outside DRF (the middleware): same body, same media type."""
    return JsonResponse(
        inhoud(request, status, STANDAARD_CODES.get(status, "fout"), detail),
        status=status,
        content_type=MEDIATYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def _ongeldig(details: Any, prefix: str = "") -> Iterator[dict[str, str]]:
    """DRF's nested error dict as a flat list: `{name, code, reason}` per field."""
    if isinstance(details, Mapping):
        for naam, sub in details.items():
            veld = "nonFieldErrors" if naam == "non_field_errors" else str(naam)
            yield from _ongeldig(sub, f"{prefix}.{veld}" if prefix else veld)
    elif isinstance(details, list):
        for i, sub in enumerate(details):
            if isinstance(sub, Mapping | list):
                yield from _ongeldig(sub, f"{prefix}.{i}" if prefix else str(i))
            else:
                yield from _ongeldig(sub, prefix)
    else:
        code = getattr(details, "code", None) or "invalid"
        yield {"name": prefix or "body", "code": str(code), "reason": str(details)}


def _bericht(exc: exceptions.APIException) -> str:
    detail = exc.detail
    return str(detail) if isinstance(detail, str) else str(exc.default_detail)


def van_fout(fout: fouten.Fout) -> Probleem:
    """The one translation of the application layer's refusals into problems (RFC 9457)."""
    if isinstance(fout, fouten.NietGevonden):
        return Probleem(404, "casus_niet_gevonden", "Casus niet gevonden.")
    if isinstance(fout, fouten.Verboden):
        if fout.code == "stap_niet_toegestaan":
            return Probleem(403, fout.code, fout.bericht, mogelijkeStappen=fout.mogelijk)
        return Probleem(403, fout.code, fout.bericht)
    if isinstance(fout, fouten.Afgewezen):
        return Probleem(422, fout.code, fout.tekst, grond=fout.grond, ontbreekt=fout.ontbreekt)
    if isinstance(fout, fouten.OngeldigeInvoer):
        naam = namen.pad_naar_buiten(fout.veld or "body")  # the caller's name (camelCase)
        return Probleem(
            400,
            "ongeldige_invoer",
            f"{naam}: {fout.bericht}",
            invalidParams=[{"name": naam, "code": "invalid", "reason": fout.bericht}],
        )
    if isinstance(fout, fouten.Conflict):
        return Probleem(
            409,
            "versie_verouderd",
            f"De casus is intussen gewijzigd: u zag versie {fout.verwacht}, de actuele is "
            f"{fout.actueel}. Haal de casus opnieuw op.",
            actueleVersie=fout.actueel,
        )
    raise TypeError(f"Onbekende fout: {fout!r}")


def exception_handler(exc: Exception, context: Mapping[str, Any]) -> Response | None:
    request = context.get("request")
    if isinstance(exc, fouten.Fout):
        exc = van_fout(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Niet gevonden.")
    if not isinstance(exc, exceptions.APIException):
        return None  # a server error: Django answers 500, the middleware makes it a problem
    status = exc.status_code
    if isinstance(exc, Probleem):
        body = inhoud(request, status, exc.code, _bericht(exc), **exc.extra)
    elif isinstance(exc, exceptions.ValidationError):
        params = list(_ongeldig(exc.detail))
        body = inhoud(
            request,
            400,
            "ongeldige_invoer",
            "De invoer is niet geldig; zie invalidParams.",
            invalidParams=params,
        )
    else:
        detail = {
            401: "Geef een geldig token mee: Authorization: Bearer <token>.",
            405: f"Methode {getattr(request, 'method', '')} is hier niet toegestaan.",
            406: "Deze API levert alleen application/json.",
            415: "Stuur de gegevens als application/json.",
        }.get(status, _bericht(exc))
        body = inhoud(request, status, STANDAARD_CODES.get(status, "fout"), detail)
    response = als_response(request, status, body)
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response["WWW-Authenticate"] = 'Bearer realm="zicht"'
    if isinstance(exc, exceptions.MethodNotAllowed) and context.get("view") is not None:
        response["Allow"] = ", ".join(context["view"].allowed_methods)
    return response
