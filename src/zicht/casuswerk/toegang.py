"""Need-to-know in one place: who may see which case (rules in core.betrokkenen).

`toegang_tot_casus` answers 404 both for a case that does not exist and for one the user may
not see, so the answer tells nothing about which cases exist.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from zicht.casuswerk.models import CasusPartij, Medewerker
from zicht.core.betrokkenen import Zichtbaar, zichtbaar
from zicht.store.models import Casus


def medewerker_van(user: AbstractBaseUser | AnonymousUser) -> Medewerker:
    """The logged-in user's Medewerker; 403 for an account without organisation."""
    try:
        return Medewerker.objects.select_related("organisatie", "user").get(user_id=user.pk)
    except Medewerker.DoesNotExist:
        raise PermissionDenied("Dit account hoort niet bij een organisatie.") from None


def regel(medewerker: Medewerker) -> Zichtbaar:
    return zichtbaar(medewerker.organisatie.code, medewerker.rol)


def zichtbare_casussen(medewerker: Medewerker) -> QuerySet[Casus]:
    """Every case this user may see, as one query."""
    t = regel(medewerker)
    if t.alles:
        return Casus.objects.all()
    if t.niets:
        return Casus.objects.none()
    voorwaarde = Q()
    for partij, relaties in t.via:
        voorwaarde |= Q(partij=partij, relatie__in=sorted(relaties))
    return Casus.objects.filter(pk__in=CasusPartij.objects.filter(voorwaarde).values("casus_id"))


def toegang_tot_casus(medewerker: Medewerker, casus_id: object) -> Casus:
    """The case with its family, or Http404 when it is absent or not for this user."""
    try:
        return zichtbare_casussen(medewerker).select_related("gezin").get(pk=casus_id)
    except (Casus.DoesNotExist, ValidationError, ValueError):
        raise Http404("Casus niet gevonden.") from None
