"""`Idempotency-Key` on every POST of the API (issue #16): a retry gets the first answer.

The middleware wraps the view in one transaction with a row in `IdempotenteAanvraag` for
(client, key): what the POST changed and the stored answer commit together or not at all. A
second request with the same key waits on that row's unique key, then gets the stored answer
(with `Idempotent-Replayed: true`); with another body it is refused (422). Without the header a
POST works as before. Server errors (5xx) are not stored: the transaction rolls back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone

KOP = "Idempotency-Key"
BEWAARDE_KOPPEN = ("Content-Type", "Location", "ETag")
MAX_LENGTE = 255


class _Terugdraaien(Exception):
    def __init__(self, response: HttpResponseBase) -> None:
        self.response = response


def _probleem(request: HttpRequest, status: int, code: str, detail: str) -> HttpResponseBase:
    from django.http import JsonResponse

    from zicht.api.problemen import MEDIATYPE, inhoud

    return JsonResponse(
        inhoud(request, status, code, detail),
        status=status,
        content_type=MEDIATYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def _client(request: HttpRequest) -> str | None:
    from zicht.api.tokens import client_bij_token

    kop = request.headers.get("Authorization", "").split()
    if len(kop) != 2 or kop[0].lower() != "bearer" or not kop[1].isascii():
        return None
    client = client_bij_token(kop[1])
    return None if client is None else str(client.pk)


class IdempotentieMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        sleutel = request.headers.get(KOP)
        if request.method != "POST" or not request.path.startswith("/api/") or sleutel is None:
            return self.get_response(request)
        if (
            not sleutel
            or len(sleutel) > MAX_LENGTE
            or not sleutel.isascii()
            or not sleutel.isprintable()
        ):
            return _probleem(
                request,
                400,
                "ongeldige_invoer",
                f"{KOP}: verwacht 1 tot {MAX_LENGTE} zichtbare ASCII-tekens.",
            )
        client = _client(request)
        if client is None:
            return self.get_response(request)  # the API answers 401 itself
        from zicht.vertrouwen.models import IdempotenteAanvraag

        verzoek = hashlib.sha256(
            b"\n".join([request.method.encode(), request.path.encode(), request.body])
        ).hexdigest()
        try:
            with transaction.atomic():
                rij = IdempotenteAanvraag.objects.create(
                    client=client,
                    sleutel=sleutel,
                    verzoek_hash=verzoek,
                    status=0,
                    inhoud=b"",
                    aangemaakt_op=timezone.now(),
                )
                response = self.get_response(request)
                if response.status_code >= 500 or getattr(response, "streaming", False):
                    raise _Terugdraaien(response)
                rij.status = response.status_code
                rij.koppen = {k: response[k] for k in BEWAARDE_KOPPEN if k in response}
                rij.inhoud = response.content
                rij.save(update_fields=["status", "koppen", "inhoud"])
                return response
        except _Terugdraaien as terug:
            return terug.response
        except IntegrityError:
            pass
        eerder = IdempotenteAanvraag.objects.filter(client=client, sleutel=sleutel).first()
        if eerder is None:  # pragma: no cover - the other request rolled back meanwhile
            return _probleem(request, 409, "conflict", "Probeer het verzoek opnieuw.")
        if eerder.verzoek_hash != verzoek:
            return _probleem(
                request,
                422,
                "idempotency_key_hergebruikt",
                f"Deze {KOP} is al gebruikt voor een ander verzoek.",
            )
        antwoord = HttpResponse(bytes(eerder.inhoud), status=eerder.status)
        for naam, waarde in eerder.koppen.items():
            antwoord[naam] = waarde
        antwoord["Idempotent-Replayed"] = "true"
        return antwoord
