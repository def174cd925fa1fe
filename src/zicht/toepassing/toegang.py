"""Need-to-know for every shell: the application layer asks only the core policy (`can`).

An actor is `core.toegang.Actor` (organisation, role, name): the screens make it from the
logged-in Medewerker, the API from its client. A case that does not exist and one the actor may
not see give the same `NietGevonden`, so the answer tells nothing about which cases exist. The
case's relations come from the CasusPartij projection (`store/relaties.py`); the rule that reads
them is the core's.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet

from zicht.core.toegang import Actor, Casusbeeld, can, zichtbaarheid
from zicht.store.models import Casus, CasusPartij
from zicht.toepassing import vaste_sql
from zicht.toepassing.fouten import NietGevonden
from zicht.toepassing.modellen import Gezin


def zichtbare_casussen(actor: Actor) -> QuerySet[Casus]:
    """Every case this actor may see, as one query (the same rule as `can`)."""
    z = zichtbaarheid(actor)
    if z.alles:
        return Casus.objects.all()
    if z.niets:
        return Casus.objects.none()
    voorwaarde = Q()
    for partij, relaties in z.via:
        voorwaarde |= Q(partij=partij, relatie__in=sorted(relaties))
    return Casus.objects.filter(pk__in=CasusPartij.objects.filter(voorwaarde).values("casus_id"))


def casusbeeld(casus_id: object) -> Casusbeeld | None:
    """The policy's view of a case from the projection; None when there is no such case."""
    pk = _als_uuid(casus_id)
    if pk is None or not Casus.objects.filter(pk=pk).exists():
        return None
    return Casusbeeld(frozenset(_relaties(pk)))


def casus_met_beeld(
    actor: Actor, casus_id: object, actie: str = "casus_inzien"
) -> tuple[Casus, Casusbeeld]:
    """The case (with its family) and the policy's view of it, if `actie` is the actor's: two
    queries. NietGevonden when it is absent or not for this actor."""
    pk = _als_uuid(casus_id)
    casus = None if pk is None else _casus_met_gezin(pk)
    if casus is None:
        raise NietGevonden(casus_id)
    beeld = Casusbeeld(frozenset(_relaties(casus.pk)))
    if not can(actor, actie, beeld):
        raise NietGevonden(casus_id)
    return casus, beeld


def mag(actor: Actor, actie: str) -> bool:
    """An action without a case (melding registreren, uitvraag, toegangslog inzien)."""
    return bool(can(actor, actie))


def _als_uuid(casus_id: object) -> uuid.UUID | None:
    """A case id as given (a UUID, or its text from a URL or the API); None when it is none."""
    if isinstance(casus_id, uuid.UUID):
        return casus_id
    try:
        return uuid.UUID(str(casus_id))
    except ValueError:
        return None


_CASUS_EN_GEZIN = (vaste_sql.velden(Casus), vaste_sql.velden(Gezin, "gezin__"))


def _casus_met_gezin(casus_id: uuid.UUID) -> Casus | None:
    """`Casus.objects.select_related("gezin")` of one case, as a fixed query (vaste_sql): every
    case page and step asks it."""

    def bouw(stand_ins: list[Any]) -> QuerySet[Any]:
        casus, gezin = _CASUS_EN_GEZIN
        return Casus.objects.filter(pk=stand_ins[0]).values_list(*casus, *gezin)

    rijen = vaste_sql.rijen("toegang.casus", bouw, [casus_id], vaste_sql.DJANGO)
    if not rijen:
        return None
    casus: Casus = vaste_sql.model_uit(Casus, rijen[0])
    gezin = vaste_sql.model_uit(Gezin, rijen[0], len(_CASUS_EN_GEZIN[0]))
    # As select_related caches it; None too (a case registered without family data), so that
    # `casus.gezin` raises as it would, without a query.
    Casus.gezin.related.set_cached_value(casus, gezin)
    if gezin is not None:
        Gezin.casus.field.set_cached_value(gezin, casus)
    return casus


def _relaties(casus_id: uuid.UUID) -> list[tuple[Any, ...]]:
    """(party, relation) of one case: a fixed query (vaste_sql), as every case page asks it."""

    def bouw(stand_ins: list[Any]) -> QuerySet[Any]:
        return CasusPartij.objects.filter(casus_id=stand_ins[0]).values_list("partij", "relatie")

    return vaste_sql.rijen("toegang.relaties", bouw, [casus_id], (None, None))
