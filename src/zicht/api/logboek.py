"""Every API call in the access log, allowed and refused alike: the API's side of the one
access log (zicht.toepassing.inzage).

The middleware opens the call's record; the use cases and views name the cases (and person
ids) the call touched; the middleware writes the rows when the answer is known: one per case
touched, or one without a case.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase

from zicht.api import toegang
from zicht.api.models import ApiClient
from zicht.toepassing import inzage
from zicht.vertrouwen import beveiligingslog

# The client reached what it asked for, even when its input was then refused (400, 409, 422);
# 401, 403 and 404 (absent or forbidden, never told apart) are refusals of access.
TOEGESTAAN_BIJ_FOUT = frozenset({400, 409, 422, 428})


def _actie(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    view = getattr(getattr(match, "func", None), "cls", None)
    acties = getattr(view, "acties", {})
    # The core policy's action names (core.toegang), as the screens log them.
    return str(acties.get(request.method, "api_onbekend"))


def schrijf(request: HttpRequest, response: HttpResponseBase, gelezen: inzage.Inzage) -> None:
    client: ApiClient | None = getattr(request, "zicht_client", None)
    if client is None:  # no valid token: the security log, not a case's access log (#16)
        beveiligingslog.meld(request, "api_zonder_geldig_token")
        return
    status = response.status_code
    uitkomst = "toegestaan" if status < 400 or status in TOEGESTAAN_BIJ_FOUT else "geweigerd"
    casus_ids = list(gelezen.casussen or {})
    if uitkomst == "geweigerd" and not casus_ids:
        # A refused look at one case still names the id that was asked for.
        kwargs = getattr(getattr(request, "resolver_match", None), "kwargs", {}) or {}
        if "casus_id" in kwargs:
            casus_ids = [str(kwargs["casus_id"])]
    actie = _actie(request)
    inzage.schrijf(
        gelezen,
        casus_ids=casus_ids or [None],
        gebruiker=f"api:{client.naam}",
        rol=toegang.rol(client),
        organisatie=client.organisatie.code,
        actie=actie,
        verwerking=toegang.verwerking(client, actie),
        uitkomst=uitkomst,
        trace_id=getattr(request, "zicht_trace_id", ""),
        client=client.naam,
        met_personen=uitkomst == "toegestaan",
    )
