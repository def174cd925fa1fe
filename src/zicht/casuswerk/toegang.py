"""The screens' side of need-to-know: who the logged-in user is, as an actor of the core policy.

The decisions are the application layer's (`zicht.toepassing.toegang`, which asks only
`core.toegang.can`); here a refusal becomes Http404, the same for a case that does not exist
and for one the user may not see.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404

from zicht.core.toegang import Actor, Besluit, Casusbeeld, Zichtbaar, can, zichtbaarheid
from zicht.store.models import Casus
from zicht.toepassing import toegang, vaste_sql
from zicht.toepassing.fouten import NietGevonden
from zicht.toepassing.modellen import Medewerker, Organisatie
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
    organisation, in one fixed query (vaste_sql) whose row becomes the three instances as the
    ORM makes them: every page asks for them (`bekende_medewerker`), and building and compiling
    the select_related query each time was ~1.5 ms of CPU per page view (bench/profiel.py)."""

    def get_user(self, user_id: object) -> User | None:
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        rijen = vaste_sql.rijen("toegang.gebruiker", _gebruiker_query, [pk], vaste_sql.DJANGO)
        user = vaste_sql.model_uit(User, rijen[0]) if rijen else None
        if user is None or not self.user_can_authenticate(user):
            return None
        medewerker = vaste_sql.model_uit(Medewerker, rijen[0], len(_VELDEN[0]))
        if medewerker is not None:
            organisatie = vaste_sql.model_uit(
                Organisatie, rijen[0], len(_VELDEN[0]) + len(_VELDEN[1])
            )
            # What select_related("medewerker__organisatie") would have cached.
            Medewerker.organisatie.field.set_cached_value(medewerker, organisatie)
            Medewerker.user.field.set_cached_value(medewerker, user)
            User.medewerker.related.set_cached_value(user, medewerker)
        user._zicht_medewerker = medewerker
        return user


_VELDEN = (
    vaste_sql.velden(User),
    vaste_sql.velden(Medewerker, "medewerker__"),
    vaste_sql.velden(Organisatie, "medewerker__organisatie__"),
)
_KOLOMMEN = [kolom for velden in _VELDEN for kolom in velden]


def _gebruiker_query(stand_ins: list[Any]) -> QuerySet[Any]:
    return User._default_manager.filter(pk=stand_ins[0]).values_list(*_KOLOMMEN)


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
