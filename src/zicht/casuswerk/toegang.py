"""Need-to-know in one place: the screens ask only the core policy (`core.toegang.can`).

`toegang_tot_casus` answers 404 both for a case that does not exist and for one the user may
not see, so the answer tells nothing about which cases exist. The case's relations come from
the CasusPartij projection; the rule that reads them is the core's.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from zicht.casuswerk.models import CasusPartij, Medewerker
from zicht.core.toegang import Actor, Besluit, Casusbeeld, Zichtbaar, can, toegangsregel
from zicht.store.models import Casus


def medewerker_van(user: AbstractBaseUser | AnonymousUser) -> Medewerker:
    """The logged-in user's Medewerker; 403 for an account without organisation."""
    medewerker = bekende_medewerker(user)
    if medewerker is None:
        raise PermissionDenied("Dit account hoort niet bij een organisatie.")
    return medewerker


def bekende_medewerker(user: AbstractBaseUser | AnonymousUser) -> Medewerker | None:
    """The user's Medewerker or None, looked up once per request: the user object is the
    request's own (AuthenticationMiddleware), and the access log asks again after the view."""
    if hasattr(user, "_zicht_medewerker"):
        return user._zicht_medewerker  # type: ignore[no-any-return]
    medewerker = (
        Medewerker.objects.select_related("organisatie", "user").filter(user_id=user.pk).first()
    )
    user._zicht_medewerker = medewerker  # type: ignore[union-attr]
    return medewerker


def actor(medewerker: Medewerker) -> Actor:
    return Actor(medewerker.organisatie.code, medewerker.rol, medewerker.user.get_username())


def regel(medewerker: Medewerker) -> Zichtbaar:
    return toegangsregel(actor(medewerker))


def zichtbare_casussen(medewerker: Medewerker) -> QuerySet[Casus]:
    """Every case this user may see, as one query (the same rule as `can`)."""
    t = regel(medewerker)
    if t.alles:
        return Casus.objects.all()
    if t.niets:
        return Casus.objects.none()
    voorwaarde = Q()
    for partij, relaties in t.via:
        voorwaarde |= Q(partij=partij, relatie__in=sorted(relaties))
    return Casus.objects.filter(pk__in=CasusPartij.objects.filter(voorwaarde).values("casus_id"))


def casusbeeld(casus_id: object) -> Casusbeeld | None:
    """The policy's view of a case from the projection; None when there is no such case."""
    try:
        if not Casus.objects.filter(pk=casus_id).exists():
            return None
    except (ValidationError, ValueError):
        return None
    rijen = CasusPartij.objects.filter(casus_id=casus_id).values_list("partij", "relatie")
    return Casusbeeld(frozenset(rijen))


def besluit(medewerker: Medewerker, actie: str, casus_id: object) -> Besluit:
    return can(actor(medewerker), actie, casusbeeld(casus_id))


def toegang_tot_casus(
    medewerker: Medewerker, casus_id: object, actie: str = "casus_inzien"
) -> Casus:
    """The case with its family, or Http404 when it is absent or not for this user."""
    return casus_met_beeld(medewerker, casus_id, actie)[0]


def casus_met_beeld(
    medewerker: Medewerker, casus_id: object, actie: str = "casus_inzien"
) -> tuple[Casus, Casusbeeld]:
    """`toegang_tot_casus` with the policy's view of the case it decided on: two queries."""
    try:
        casus = Casus.objects.select_related("gezin").filter(pk=casus_id).first()
    except (ValidationError, ValueError):
        casus = None
    if casus is None:
        raise Http404("Casus niet gevonden.")
    rijen = CasusPartij.objects.filter(casus_id=casus.pk).values_list("partij", "relatie")
    beeld = Casusbeeld(frozenset(rijen))
    if not can(actor(medewerker), actie, beeld):
        raise Http404("Casus niet gevonden.")
    return casus, beeld


def mag(medewerker: Medewerker, actie: str) -> bool:
    """An action without a case (melding registreren, uitvraag, toegangslog inzien)."""
    return bool(can(actor(medewerker), actie))
