"""Every API call in the access log (zicht.toegangslog), allowed and refused alike.

Views name the cases (and the person ids) a call touched on the request; the middleware writes
the rows when the answer is known: one per case touched, or one without a case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponseBase

from zicht.api import toegang
from zicht.api.models import ApiClient
from zicht.toegangslog import registreer
from zicht.vertrouwen import beveiligingslog

# The client reached what it asked for, even when its input was then refused (400, 409, 422);
# 401, 403 and 404 (absent or forbidden, never told apart) are refusals of access.
TOEGESTAAN_BIJ_FOUT = frozenset({400, 409, 422, 428})


@dataclass
class Raadpleging:
    """What one call touched: (case id, person ids) per case."""

    casussen: list[tuple[str, list[str]]] = field(default_factory=list)

    def casus(self, casus_id: object, personen: list[str] | None = None) -> None:
        self.casussen.append((str(casus_id), list(personen or [])))


def raadpleging(request: Any) -> Raadpleging:
    """The record for this call; views pass the DRF request or Django's."""
    django_request = getattr(request, "_request", request)
    if not hasattr(django_request, "zicht_raadpleging"):
        django_request.zicht_raadpleging = Raadpleging()
    return django_request.zicht_raadpleging  # type: ignore[no-any-return]


def _actie(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    view = getattr(getattr(match, "func", None), "cls", None)
    acties = getattr(view, "acties", {})
    # The core policy's action names (core.toegang), as the screens log them.
    return str(acties.get(request.method, "api_onbekend"))


def schrijf(request: HttpRequest, response: HttpResponseBase) -> None:
    client: ApiClient | None = getattr(request, "zicht_client", None)
    if client is None:  # no valid token: the security log, not a case's access log (#16)
        beveiligingslog.meld(request, "api_zonder_geldig_token")
        return
    status = response.status_code
    uitkomst = "toegestaan" if status < 400 or status in TOEGESTAAN_BIJ_FOUT else "geweigerd"
    gelezen = getattr(request, "zicht_raadpleging", Raadpleging())
    if uitkomst == "geweigerd" and not gelezen.casussen:
        # A refused look at one case still names the id that was asked for.
        kwargs = getattr(getattr(request, "resolver_match", None), "kwargs", {}) or {}
        if "casus_id" in kwargs:
            gelezen.casus(kwargs["casus_id"])
    actie = _actie(request)
    for casus_id, personen in gelezen.casussen or [(None, [])]:
        registreer(
            gebruiker=f"api:{client.naam}" if client else "api:onbekend",
            rol=toegang.rol(client) if client else "",
            organisatie=client.organisatie.code if client else "",
            casus_id=casus_id,
            personen=personen if uitkomst == "toegestaan" else [],
            actie=actie,
            verwerking=toegang.verwerking(client, actie),
            uitkomst=uitkomst,
            trace_id=getattr(request, "zicht_trace_id", ""),
            client=client.naam if client else None,
        )
