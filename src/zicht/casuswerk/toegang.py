"""The screens' side of need-to-know: who the logged-in user is, as an actor of the core policy.

The decisions are the application layer's (`zicht.toepassing.toegang`, which asks only
`core.toegang.can`); here a refusal becomes Http404, the same for a case that does not exist
and for one the user may not see.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from zicht.core.toegang import Actor, Besluit, Casusbeeld, Zichtbaar, can, zichtbaarheid
from zicht.store.models import Casus
from zicht.toepassing import toegang
from zicht.toepassing.fouten import NietGevonden
from zicht.toepassing.modellen import Medewerker
from zicht.toepassing.toegang import casusbeeld

__all__ = [
    "MedewerkerBackend",
    "actor",
    "bekende_medewerker",
    "besluit",
    "casus_met_beeld",
    "casusbeeld",
    "mag",
    "medewerker_van",
    "toegang_tot_casus",
    "zichtbaarheid_van",
    "zichtbare_casussen",
]


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
    medewerker: Medewerker | None = (
        Medewerker.objects.select_related("organisatie", "user").filter(user_id=user.pk).first()
    )
    user._zicht_medewerker = medewerker
    return medewerker


class MedewerkerBackend(ModelBackend):
    """Django's ModelBackend, whose per-request `get_user` also reads the user's Medewerker and
    organisation in the same query: every page asks for them (`bekende_medewerker`), and one
    query fewer per request is ~1 ms of CPU on each page view (bench/profiel.py)."""

    def get_user(self, user_id: object) -> User | None:
        user = (
            User._default_manager.select_related("medewerker__organisatie")
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        try:
            medewerker: Medewerker | None = user.medewerker
        except Medewerker.DoesNotExist:
            medewerker = None
        user._zicht_medewerker = medewerker
        return user


def actor(medewerker: Medewerker) -> Actor:
    return Actor(medewerker.organisatie.code, medewerker.rol, medewerker.user.get_username())


def zichtbaarheid_van(medewerker: Medewerker) -> Zichtbaar:
    return zichtbaarheid(actor(medewerker))


def zichtbare_casussen(medewerker: Medewerker) -> QuerySet[Casus]:
    """Every case this user may see, as one query (the same rule as `can`)."""
    return toegang.zichtbare_casussen(actor(medewerker))


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
        return toegang.casus_met_beeld(actor(medewerker), casus_id, actie)
    except NietGevonden:
        raise Http404("Casus niet gevonden.") from None


def mag(medewerker: Medewerker, actie: str) -> bool:
    """An action without a case (melding registreren, uitvraag, toegangslog inzien)."""
    return toegang.mag(actor(medewerker), actie)
