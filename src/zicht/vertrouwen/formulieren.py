"""A one-time token on every form of the screens: going back and sending a form again does not
record it twice (issue #16).

Every form template renders `{{ formuliertoken }}` (the context processor below), a hidden field
with a fresh signed token. The middleware lets a POST through the first time its token is seen
and refuses it after that: the token is written to `GebruiktFormulier`, whose unique key also
settles two posts racing with the same token. A form re-rendered with errors carries a new token.
A POST without a token is left alone (logging in; tests that post directly).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

VELD = "_formulier"
ZOUT = "zicht.formuliertoken"
GELDIG = 12 * 3600  # seconds: a form left open longer is refused, reload it


def nieuw_token(request: HttpRequest) -> str:
    gebruiker = getattr(request, "user", None)
    wie = gebruiker.pk if gebruiker is not None and gebruiker.is_authenticated else None
    token: str = signing.dumps(
        {"g": wie, "r": secrets.token_urlsafe(16)}, salt=ZOUT, compress=False
    )
    return token


def formuliertoken(request: HttpRequest) -> dict[str, Callable[[], SafeString]]:
    """Context processor: `{{ formuliertoken }}` is the hidden field (lazily, a fresh token)."""

    def veld() -> SafeString:
        return format_html('<input type="hidden" name="{}" value="{}">', VELD, nieuw_token(request))

    return {"formuliertoken": veld}


def _al_verstuurd(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "casuswerk/_foutpagina.html",
        {
            "titel": "Dit formulier is al verstuurd",
            "uitleg": "U hebt dit formulier al eens verstuurd (bijvoorbeeld via de knop Terug); "
            "het is maar één keer vastgelegd. Open het formulier opnieuw als u nog iets wilt "
            "vastleggen.",
        },
        status=409,
    )


def _ongeldig(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "casuswerk/_foutpagina.html",
        {
            "titel": "Formulier verlopen",
            "uitleg": "Dit formulier is te oud of niet van u. Open het opnieuw en vul het in.",
        },
        status=400,
    )


class FormuliertokenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or request.path.startswith("/api/"):
            return self.get_response(request)
        token = request.POST.get(VELD)
        if not token:
            return self.get_response(request)
        try:
            inhoud = signing.loads(token, salt=ZOUT, max_age=GELDIG)
        except signing.BadSignature:
            return _ongeldig(request)
        gebruiker = getattr(request, "user", None)
        wie = gebruiker.pk if gebruiker is not None and gebruiker.is_authenticated else None
        if not isinstance(inhoud, dict) or inhoud.get("g") != wie:
            return _ongeldig(request)
        from zicht.vertrouwen.models import GebruiktFormulier

        try:
            with transaction.atomic():
                GebruiktFormulier.objects.create(
                    token=str(inhoud.get("r", ""))[:64], gebruikt_op=timezone.now()
                )
        except IntegrityError:
            return _al_verstuurd(request)
        return self.get_response(request)
