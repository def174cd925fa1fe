"""Every look at, export or change of a family's data writes one access-log row (NEN 7513).

The screens' side of the one access log (zicht.toepassing.inzage). Views declare their action
per HTTP method with `@logt(...)`; the decorator opens the action's record, and writes it after
the view answered, as `toegestaan`, or as `geweigerd` when the view refused (404 for a case
that is not yours, 403 for a step that is not yours). The use cases name the case they read
(`dossier.lees_casus`); a view that shows several cases (the worklist) or makes a new one (a
melding) names them with `inzage.noem(...)`; `[None]` there means "personal data without a
case" (a search, the access log itself). Without either, the row names the URL's case.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from zicht.casuswerk.toegang import bekende_medewerker
from zicht.core.toegang import Actor, verwerking
from zicht.toepassing import inzage

View = Callable[..., HttpResponse]


def schrijf(
    request: HttpRequest,
    actie: str,
    casus_ids: list[str | None],
    uitkomst: str,
    gelezen: inzage.Inzage | None = None,
) -> None:
    gebruiker = request.user.get_username() if request.user.is_authenticated else ""
    m = bekende_medewerker(request.user) if request.user.is_authenticated else None
    wie = Actor(m.organisatie.code, m.rol) if m else Actor("", "")
    inzage.schrijf(
        gelezen or inzage.Inzage(),
        casus_ids=casus_ids,
        gebruiker=gebruiker,
        rol=wie.rol,
        organisatie=wie.organisatie,
        actie=actie,
        verwerking=verwerking(wie, actie),
        uitkomst=uitkomst,
        trace_id=getattr(request, "trace_id", ""),
    )


def logt(**per_methode: str) -> Callable[[View], View]:
    """`@logt(GET="stap_inzien", POST="stap_vastleggen")`: the action per method."""

    def decorator(view: View) -> View:
        @wraps(view)
        def met_log(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            actie = per_methode.get(request.method or "")
            if actie is None:
                return view(request, *args, **kwargs)
            casus = kwargs.get("casus_id")
            gevraagd = str(casus) if casus else None
            with inzage.actie() as gelezen:
                try:
                    response = view(request, *args, **kwargs)
                except (Http404, PermissionDenied):
                    schrijf(request, actie, [gevraagd], "geweigerd", gelezen)
                    raise
            uitkomst = "geweigerd" if response.status_code in (403, 404) else "toegestaan"
            ids: list[str | None] | None = (
                None if gelezen.casussen is None else list(gelezen.casussen)
            )
            if ids is None or (not ids and uitkomst == "geweigerd"):
                ids = [gevraagd]
            if ids:  # a list that showed no family (an empty worklist) writes nothing
                schrijf(request, actie, ids, uitkomst, gelezen)
            return response

        met_log.logt = per_methode  # type: ignore[attr-defined]  # read by the URL audit test
        return met_log

    return decorator
