"""Every look at, export or change of a family's data writes one access-log row (NEN 7513).

Views declare their action per HTTP method with `@logt(...)`; the decorator writes the row
after the view answered, as `toegestaan`, or as `geweigerd` when the view refused (404 for a
case that is not yours, 403 for a step that is not yours). A view that shows several cases
(the worklist) or makes a new one (a melding) names them in `request.inzage_casussen`;
`[None]` there means "personal data without a case" (a search, the access log itself).
A view that read the families anyway may name their person ids in `request.inzage_personen`
(case id -> ids), which saves the log a query.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse

from zicht.casuswerk.toegang import bekende_medewerker
from zicht.core.toegang import Actor, verwerking
from zicht.toegangslog.log import registreer_per_casus
from zicht.toepassing.modellen import Gezin

View = Callable[..., HttpResponse]


def _personen(casus_ids: list[str]) -> dict[str, list[str]]:
    """Pseudonymous ids of the directbetrokkenen per case (never names)."""
    if not casus_ids:
        return {}
    try:
        rijen = Gezin.objects.filter(casus_id__in=casus_ids).values_list("casus_id", "personen")
        return {str(c): [p["id"] for p in personen] for c, personen in rijen}
    except (ValidationError, ValueError):
        return {}


def schrijf(request: HttpRequest, actie: str, casus_ids: list[str | None], uitkomst: str) -> None:
    gebruiker = request.user.get_username() if request.user.is_authenticated else ""
    m = bekende_medewerker(request.user) if request.user.is_authenticated else None
    wie = Actor(m.organisatie.code, m.rol) if m else Actor("", "")
    # A view that already read the families names their persons (`request.inzage_personen`).
    bekend: dict[str, list[str]] = getattr(request, "inzage_personen", {})
    personen = bekend | _personen([c for c in casus_ids if c and c not in bekend])
    registreer_per_casus(
        gebruiker=gebruiker,
        rol=wie.rol,
        organisatie=wie.organisatie,
        casussen={c: personen.get(str(c), []) for c in casus_ids},
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
            try:
                response = view(request, *args, **kwargs)
            except (Http404, PermissionDenied):
                schrijf(request, actie, [str(casus) if casus else None], "geweigerd")
                raise
            uitkomst = "geweigerd" if response.status_code in (403, 404) else "toegestaan"
            ids: list[str | None] | None = getattr(request, "inzage_casussen", None)
            if ids is None or (not ids and uitkomst == "geweigerd"):
                ids = [str(casus) if casus else None]
            if ids:  # a list that showed no family (an empty worklist) writes nothing
                schrijf(request, actie, ids, uitkomst)
            return response

        met_log.logt = per_methode  # type: ignore[attr-defined]  # read by the URL audit test
        return met_log

    return decorator
