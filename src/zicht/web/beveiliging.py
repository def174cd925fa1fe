"""Middleware for every response: a trace id, security headers, and the second factor.

- `TraceMiddleware`: a fresh id per request, on the request (`request.trace_id`), in every log
  line and in the access log, and back to the client as `X-Trace-Id`.
- `BeveiligingskoppenMiddleware`: Content-Security-Policy (no inline script or style),
  no caching of pages with personal data, Secure cookies whenever the request came over TLS.
- `OTPMiddleware`: django-otp's, reading the session's TOTP device with one fixed query.
- `TweedeFactorMiddleware`: a logged-in user without a verified second factor reaches only the
  pages that set one up or check it (and logging out); everything else redirects there.
- `SessieVerlengenMiddleware`: an idle session ends after SESSION_COOKIE_AGE, but the session
  row is rewritten at most once per `SESSIE_VERLENGEN_NA`, not on every request.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django_otp import middleware as otp
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht.toepassing import vaste_sql
from zicht.web.logboek import huidige_trace

Volgende = Callable[[HttpRequest], HttpResponse]
TRACE_KOP = "X-Trace-Id"


_TRACEPARENT = re.compile(r"^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$")


def trace_uit_traceparent(kop: str | None) -> str | None:
    """The trace id of a valid W3C `traceparent` header (not all zeros), else None."""
    gevonden = _TRACEPARENT.match((kop or "").strip().lower())
    if gevonden is None or gevonden.group(1) == "0" * 32 or kop.startswith("ff"):  # type: ignore[union-attr]
        return None
    return gevonden.group(1)


class TraceMiddleware:
    def __init__(self, get_response: Volgende) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # W3C Trace Context: a caller's `traceparent` names the trace this request is part of
        # (Logboek Dataverwerkingen); else a fresh one. Webhooks pass it on.
        trace_id = trace_uit_traceparent(request.headers.get("traceparent")) or uuid.uuid4().hex
        request.trace_id = trace_id
        teken = huidige_trace.set(trace_id)
        try:
            response = self.get_response(request)
        finally:
            huidige_trace.reset(teken)
        response[TRACE_KOP] = trace_id
        return response


class BeveiligingskoppenMiddleware:
    def __init__(self, get_response: Volgende) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        # Also on answers that never reach XFrameOptionsMiddleware (a refused Host: 400).
        response.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        response.setdefault("X-Content-Type-Options", "nosniff")
        response.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
        if not request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            # Pages may carry a family's data: not in a shared or back-button cache (ASVS 8.2.1).
            response["Cache-Control"] = "no-store"
        if request.is_secure():
            for naam in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
                if naam in response.cookies:
                    response.cookies[naam]["secure"] = True
        return response


class OTPMiddleware(otp.OTPMiddleware):  # type: ignore[misc]  # django-otp ships no types
    """django-otp's middleware (`request.user.otp_device`, `is_verified`), but the session's
    TOTP device, which every page asks for, is read with a fixed query (vaste_sql) and made as
    the ORM makes it: building and compiling that query was ~1 ms of CPU per page view
    (bench/profiel.py). Other kinds of device, and all checks, stay django-otp's."""

    def _device_from_persistent_id(self, persistent_id: str) -> Any:
        soort, _, nummer = self._normalize_persistent_id(persistent_id).rpartition("/")
        if soort != TOTPDevice._meta.label_lower or not (nummer.isascii() and nummer.isdigit()):
            return super()._device_from_persistent_id(persistent_id)
        rijen = vaste_sql.rijen("otp.apparaat", _apparaat_query, [int(nummer)], vaste_sql.DJANGO)
        return vaste_sql.model_uit(TOTPDevice, rijen[0]) if rijen else None


def _apparaat_query(stand_ins: list[Any]) -> Any:
    return TOTPDevice.objects.filter(pk=stand_ins[0]).values_list(*vaste_sql.velden(TOTPDevice))


class TweedeFactorMiddleware:
    def __init__(self, get_response: Volgende) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not self._vrij(request.path)
        ):
            from django_otp import user_has_device

            doel = settings.TWEEDE_STAP_URL
            if not user_has_device(user, confirmed=True):
                doel = settings.KOPPELEN_URL
            return HttpResponseRedirect(
                f"{reverse(doel)}?{urlencode({'next': request.get_full_path()})}"
            )
        return self.get_response(request)

    @staticmethod
    def _vrij(pad: str) -> bool:
        vrij = [
            reverse(settings.TWEEDE_STAP_URL),
            reverse(settings.KOPPELEN_URL),
            reverse("casuswerk:uitloggen"),
            reverse(settings.LOGIN_URL),
        ]
        return pad in vrij or pad.startswith("/" + settings.STATIC_URL.lstrip("/"))


class SessieVerlengenMiddleware:
    """Sliding expiry without an UPDATE and commit per request (issue #6).

    A session is saved with a new expiry (now + SESSION_COOKIE_AGE) only when it changed anyway
    or its last renewal is SESSIE_VERLENGEN_NA seconds old. So an idle session ends between
    SESSION_COOKIE_AGE - SESSIE_VERLENGEN_NA and SESSION_COOKIE_AGE after the last request:
    never later than the 15 minutes BIO asks for."""

    SLEUTEL = "_zicht_verlengd"  # epoch seconds of the last renewal, in the session itself

    def __init__(self, get_response: Volgende) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        sessie = getattr(request, "session", None)
        if sessie is None or sessie.is_empty():  # no session, or just logged out
            return response
        nu = int(timezone.now().timestamp())
        if sessie.modified or nu - sessie.get(self.SLEUTEL, 0) >= settings.SESSIE_VERLENGEN_NA:
            sessie[self.SLEUTEL] = nu  # marks it modified: SessionMiddleware saves it
        return response


def verlengd_bij_inloggen(sender: Any, request: HttpRequest | None, **_: Any) -> None:
    """Receiver of `user_logged_in`: a login is a renewal, whichever way it happens (the login
    view, or Django's test client's force_login, which passes no middleware)."""
    if request is not None and hasattr(request, "session"):
        request.session[SessieVerlengenMiddleware.SLEUTEL] = int(timezone.now().timestamp())


class EenTransactieMiddleware:
    """A change and its access-log row commit together, or neither does (issue #16, finding 3).

    Every request that may change something (not GET, HEAD, OPTIONS) runs in one transaction
    around the view and the middleware inside this one: the screens' `@logt` rows, the API's
    log middleware, the one-time form token and the Idempotency-Key. An answer of 500 or more
    (an exception Django turned into an error page, or a log row that could not be written)
    rolls all of it back, so the client's error and the stored data agree.
    """

    VEILIG = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in self.VEILIG:
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        return response
