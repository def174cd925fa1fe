"""Logging in: a password (argon2, django-axes lockout), then a TOTP code from an authenticator.

A user without a confirmed authenticator sets one up first (`koppelen`): the otpauth URI as
text and as a QR code drawn on the server as SVG (no script). Until the code is verified the
session reaches nothing else (zicht.web.beveiliging.TweedeFactorMiddleware).
"""

from __future__ import annotations

from typing import Any

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

APPARAAT = "Authenticator-app"


def _volgende(request: HttpRequest) -> str:
    doel = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        doel, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return doel
    return str(reverse(settings.LOGIN_REDIRECT_URL))


class WachtwoordView(auth_views.LoginView):
    """Step 1: the password. Then on to the second factor, keeping `next`."""

    template_name = "casuswerk/inloggen.html"
    redirect_authenticated_user = False

    def form_valid(self, form: Any) -> HttpResponse:
        super().form_valid(form)  # logs in (not yet verified) and resets the axes counter
        stap = "casuswerk:tweede_stap"
        if not TOTPDevice.objects.filter(user=form.get_user(), confirmed=True).exists():
            stap = "casuswerk:koppelen"
        return HttpResponseRedirect(f"{reverse(stap)}?{_next_query(self.get_success_url())}")


def _next_query(doel: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"next": doel})


class CodeFormulier(forms.Form):
    code = forms.RegexField(
        regex=r"^\s*\d{6}\s*$",
        label="Code uit uw authenticator-app",
        error_messages={
            "invalid": "Vul de zes cijfers uit de app in.",
            "required": "Vul de code in.",
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def tweede_stap_view(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    if request.user.is_verified():
        return redirect(_volgende(request))
    apparaten = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    if not apparaten:
        return redirect(f"{reverse('casuswerk:koppelen')}?{_next_query(_volgende(request))}")
    form = CodeFormulier(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip()
        for apparaat in apparaten:
            if apparaat.verify_token(code):  # throttled by django-otp after failures
                request.session.cycle_key()  # a new session id with the second factor
                otp_login(request, apparaat)
                return redirect(_volgende(request))
        form.add_error("code", "Deze code klopt niet of is verlopen. Probeer de nieuwste code.")
    return render(
        request,
        "casuswerk/tweede_stap.html",
        {"form": form, "next": _volgende(request), "titel": "Tweestapsverificatie"},
    )


def qr_svg(tekst: str) -> str:
    """The QR code of `tekst` as inline SVG markup (paths only: no script, no style)."""
    beeld = qrcode.make(tekst, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return str(beeld.to_string(encoding="unicode"))


@never_cache
@require_http_methods(["GET", "POST"])
def koppelen_view(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(f"{reverse('casuswerk:tweede_stap')}?{_next_query(_volgende(request))}")
    apparaat = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if apparaat is None:
        apparaat = TOTPDevice.objects.create(user=request.user, name=APPARAAT, confirmed=False)
    form = CodeFormulier(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if apparaat.verify_token(form.cleaned_data["code"].strip()):
            apparaat.confirmed = True
            apparaat.save(update_fields=["confirmed"])
            request.session.cycle_key()  # a new session id with the second factor
            otp_login(request, apparaat)
            messages.success(request, "Uw authenticator-app is gekoppeld.")
            return redirect(_volgende(request))
        form.add_error("code", "Deze code klopt niet. Controleer de tijd op uw telefoon.")
    uri = apparaat.config_url
    return render(
        request,
        "casuswerk/koppelen.html",
        {
            "form": form,
            "next": _volgende(request),
            "uri": uri,
            "qr": mark_safe(qr_svg(uri)),  # our own markup from qrcode, no user input in it
            "titel": "Authenticator-app koppelen",
        },
    )
