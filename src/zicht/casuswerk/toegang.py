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
    try:
        return Medewerker.objects.select_related("organisatie", "user").get(user_id=user.pk)
    except Medewerker.DoesNotExist:
        raise PermissionDenied("Dit account hoort niet bij een organisatie.") from None


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
    if not besluit(medewerker, actie, casus_id):
        raise Http404("Casus niet gevonden.")
    return Casus.objects.select_related("gezin").get(pk=casus_id)


def mag(medewerker: Medewerker, actie: str) -> bool:
    """An action without a case (melding registreren, uitvraag, toegangslog inzien)."""
    return bool(can(actor(medewerker), actie))
