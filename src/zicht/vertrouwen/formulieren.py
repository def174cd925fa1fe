"""A one-time token on every form of the screens: going back and sending a form again, a double
click, or a POST made up outside the page does not record anything (issue #16).

Every POST form renders `{{ formuliertoken }}` (the context processor below): a hidden field
with a fresh signed token that names the user and the page the form is on. The middleware lets
a POST of a screen through only with a valid token seen for the first time; the token is
written to `GebruiktFormulier` inside the request's one transaction (`EenTransactieMiddleware`),
so its unique key settles two posts racing with the same token, and a request that fails with
a 500 frees its token again. A POST without a token, with a forged, expired or someone else's
token, or with a token already used is refused: nothing is recorded, and the page the form was
on is shown again (with a fresh token) under a Dutch message, with a 4xx status; unless it was
recorded before, what the form held is shown above it, so nothing typed is lost.

Exempt (`HERHAALBAAR`) are only the screen POSTs that sending twice cannot record twice: each
says why. The step form's token is checked but not written down: its `seq` already makes it
one-time (`DOOR_SEQ`). The API has `Idempotency-Key` instead (`idempotentie.py`).
`opruimen.py` deletes used tokens once they could not be accepted anyway.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html
from django.utils.safestring import SafeString

VELD = "_formulier"
ZOUT = "zicht.formuliertoken"

# Screen POSTs without a token (URL name -> why sending it twice records nothing twice).
HERHAALBAAR: dict[str, str] = {
    "casuswerk:inloggen": "inloggen: nog eens inloggen legt niets vast; elke poging telt "
    "toch al mee voor de blokkade (django-axes), en een formulier dat lang open stond moet "
    "niet geweigerd worden",
    "casuswerk:tweede_stap": "de code uit de authenticator-app is zelf eenmalig: django-otp "
    "weigert een tijdstap die het al aannam",
    "casuswerk:koppelen": "de authenticator-app koppelen: de code is eenmalig, en een gekoppeld "
    "apparaat blijft gekoppeld",
    "casuswerk:uitloggen": "twee keer uitloggen is één keer uitloggen",
    "casuswerk:uitvraag": "een zoekvraag (het BSN per POST, niet in de URL): nog eens zoeken "
    "toont hetzelfde en logt die inzage opnieuw, zoals het hoort",
    "casusbeheer:lijst": "zoeken op BSN in de casuslijst: nog eens zoeken toont hetzelfde",
    "signalering:gelezen": "berichten als gelezen markeren: twee keer is hetzelfde als één keer",
}

# Screen POSTs whose form carries the case's `seq` (optimistic concurrency): the store accepts
# that seq once, so a second post of the same form is refused as a conflict (409) and records
# nothing. Their token is checked (signed, this user, not too old) but not written down: that
# keeps recording a step at its query budget (tests/perf).
DOOR_SEQ: dict[str, str] = {
    "casuswerk:stap": "het stapformulier draagt het volgnummer van de casus; de opslag neemt "
    "dat volgnummer maar één keer aan",
}


def geldig_seconden() -> int:
    """How long a form may stay open before its token is refused (settings)."""
    return int(settings.ZICHT_VERTROUWEN["FORMULIER_GELDIG_SECONDEN"])


def _wie(request: HttpRequest) -> Any:
    gebruiker = getattr(request, "user", None)
    return gebruiker.pk if gebruiker is not None and gebruiker.is_authenticated else None


def maak_token(gebruiker: Any, pagina: str) -> str:
    """A fresh token for the user with primary key `gebruiker` (None: anonymous), for a form on
    `pagina` (a local path)."""
    token: str = signing.dumps(
        {"g": gebruiker, "p": pagina, "r": secrets.token_urlsafe(16)}, salt=ZOUT, compress=False
    )
    return token


def nieuw_token(request: HttpRequest) -> str:
    return maak_token(_wie(request), request.get_full_path())


def formuliertoken(request: HttpRequest) -> dict[str, Callable[[], SafeString]]:
    """Context processor: `{{ formuliertoken }}` is the hidden field (lazily, a fresh token)."""

    def veld() -> SafeString:
        return format_html('<input type="hidden" name="{}" value="{}">', VELD, nieuw_token(request))

    return {"formuliertoken": veld}


ONTBREEKT = (
    "Niet vastgelegd: het formulier kwam niet van deze pagina",
    "Vul het formulier hieronder opnieuw in en verstuur het.",
)
VERLOPEN = (
    "Niet vastgelegd: dit formulier is verlopen of niet van u",
    "Het stond te lang open of hoort bij een andere gebruiker. Vul het formulier hieronder "
    "opnieuw in en verstuur het.",
)
AL_VERSTUURD = (
    "Dit formulier is al verstuurd",
    "U hebt het al eens verstuurd (bijvoorbeeld via de knop Terug of met een dubbele klik); "
    "het is maar één keer vastgelegd. Wilt u nog iets vastleggen, gebruik dan het formulier "
    "hieronder.",
)


def _lokaal(pad: Any) -> str | None:
    """`pad` when it is a path on this site (no scheme, no host), else None."""
    if not isinstance(pad, str) or not pad.startswith("/") or pad.startswith("//"):
        return None
    delen = urlsplit(pad)
    return None if delen.scheme or delen.netloc else pad


def _herkomst(request: HttpRequest) -> list[str]:
    """Where the form may have been: the page its token names, the Referer on this host, the
    POST's own URL (most forms post to the page they are on)."""
    kandidaten: list[str] = []
    verwijzer = request.headers.get("Referer", "")
    if verwijzer:
        delen = urlsplit(verwijzer)
        if delen.netloc == request.get_host():
            kandidaten.append(delen.path + (f"?{delen.query}" if delen.query else ""))
    kandidaten.append(request.get_full_path())
    return kandidaten


def _toon_opnieuw(request: HttpRequest, pad: str) -> HttpResponse | None:
    """The page at `pad` as a GET would show it (a fresh form, fresh tokens); None when that
    is not a page that shows (a redirect, a refusal, an unknown URL)."""
    delen = urlsplit(pad)
    try:
        gevonden = resolve(delen.path)
    except Resolver404:
        return None
    request.method = "GET"
    request.GET = QueryDict(delen.query)
    request._post = QueryDict()
    request._files = MultiValueDict()
    request.path = request.path_info = delen.path
    request.resolver_match = gevonden
    try:
        antwoord = gevonden.func(request, *gevonden.args, **gevonden.kwargs)
    except (PermissionDenied, Http404):  # not a page this user may see: the plain message
        return None
    if hasattr(antwoord, "render") and not getattr(antwoord, "is_rendered", True):
        antwoord = antwoord.render()
    if antwoord.status_code != 200 or getattr(antwoord, "streaming", False):
        return None
    gevonden_type = antwoord.get("Content-Type", "")
    return antwoord if gevonden_type.startswith("text/html") else None


# Not typed by the user: the token, Django's CSRF token, the case's sequence number.
TECHNISCH = {VELD, "csrfmiddlewaretoken", "seq"}


def ingevuld(request: HttpRequest) -> str:
    """What the refused form held, so that nothing typed is lost with the fresh form: the
    filled-in fields as JSON pairs [name, value] (a password is never shown back), "" when none.
    The page shows them under the form's labels (`casuswerk` template filter `invoerregels`)."""
    regels = [
        [naam, waarde.strip()]
        for naam, waarden in request.POST.lists()
        if naam not in TECHNISCH and "wachtwoord" not in naam and "password" not in naam
        for waarde in waarden
        if waarde.strip()
    ]
    return json.dumps(regels, ensure_ascii=False) if regels else ""


def _weiger(
    request: HttpRequest, melding: tuple[str, str], status: int, paginas: list[str]
) -> HttpResponse:
    titel, uitleg = melding
    messages.error(request, f"{titel}. {uitleg}")
    invoer = "" if melding is AL_VERSTUURD else ingevuld(request)  # before the POST is cleared
    if invoer:
        messages.info(request, invoer, extra_tags="invoer")
    for pad in dict.fromkeys(p for p in paginas if _lokaal(p)):
        antwoord = _toon_opnieuw(request, pad)
        if antwoord is not None and titel.encode() in antwoord.content:  # a page, no fragment
            antwoord.status_code = status
            return antwoord
    for _ in messages.get_messages(request):  # shown on the page below, not on a later one
        pass
    return render(
        request,
        "casuswerk/_foutpagina.html",
        {"titel": titel, "uitleg": uitleg, "invoer": invoer},
        status=status,
    )


class FormuliertokenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponse],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if request.method != "POST" or request.path.startswith("/api/"):
            return None
        naam = request.resolver_match.view_name if request.resolver_match else ""
        if naam in HERHAALBAAR:
            return None
        token = request.POST.get(VELD)
        if not token:
            return _weiger(request, ONTBREEKT, 400, _herkomst(request))
        try:
            inhoud = signing.loads(token, salt=ZOUT, max_age=geldig_seconden())
        except signing.SignatureExpired:
            # A step written over a night: its seq still makes it one-time, so the form's age
            # alone does not refuse it (the token must still be this user's).
            if naam not in DOOR_SEQ:
                return _weiger(request, VERLOPEN, 400, _herkomst(request))
            inhoud = signing.loads(token, salt=ZOUT)
        except signing.BadSignature:
            return _weiger(request, VERLOPEN, 400, _herkomst(request))
        if not isinstance(inhoud, dict) or inhoud.get("g") != _wie(request):
            return _weiger(request, VERLOPEN, 400, _herkomst(request))
        if naam in DOOR_SEQ:
            return None
        pagina = inhoud.get("p")
        paginas = ([pagina] if isinstance(pagina, str) else []) + _herkomst(request)
        if not _eerste_keer(str(inhoud.get("r", ""))[:64]):
            return _weiger(request, AL_VERSTUURD, 409, paginas)
        return None


def _eerste_keer(token: str) -> bool:
    """Record `token` as used; False when it was already. One statement, no savepoint: a
    second request with the same token waits on the first one's row lock, then inserts nothing
    (or, when the first rolled back, does insert)."""
    from zicht.vertrouwen.models import GebruiktFormulier

    tabel = connection.ops.quote_name(GebruiktFormulier._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {tabel} (token, gebruikt_op) VALUES (%s, %s) "  # noqa: S608
            "ON CONFLICT (token) DO NOTHING",
            [token, connection.ops.adapt_datetimefield_value(timezone.now())],
        )
        return bool(cursor.rowcount == 1)
