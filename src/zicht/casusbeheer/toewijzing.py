"""Who handles a case for an organisation (its behandelaar): assign, reassign, look up.

Each change is a new `Toewijzing` row (who, by whom, when), so the history stays; the current
behandelaar of an organisation's part is its newest row. Who registers a melding, or accepts a
hand-over for the lokaal veld, becomes the behandelaar of their organisation's part unless it
has one (`wordt_behandelaar`), so "Mijn casussen" holds the cases one works on.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from django.contrib.auth.models import User
from django.db.models import OuterRef, QuerySet, Subquery

from zicht.casusbeheer.models import Toewijzing
from zicht.toepassing import teksten, vaste_sql


def wijs_toe(
    casus_id: str, organisatie: str, behandelaar: User | None, door: User, op: datetime
) -> Toewijzing:
    return cast(
        Toewijzing,
        Toewijzing.objects.create(
            casus_id=casus_id, organisatie=organisatie, behandelaar=behandelaar, door=door, op=op
        ),
    )


def wordt_behandelaar(casus_id: str, organisatie: str, user: User, op: datetime) -> bool:
    """Make this user the behandelaar of the organisation's part of the case, unless someone
    is (or was, and the assignment was withdrawn on purpose). True when assigned."""
    if Toewijzing.objects.filter(casus_id=casus_id, organisatie=organisatie).exists():
        return False
    wijs_toe(casus_id, organisatie, user, user, op)
    return True


def _huidig(casus_ids: Iterable[Any] | None = None) -> QuerySet[Toewijzing]:
    """The newest row per (case, organisation)."""
    nieuwste = Toewijzing.objects.filter(
        casus_id=OuterRef("casus_id"), organisatie=OuterRef("organisatie")
    ).order_by("-op", "-id")
    rijen = Toewijzing.objects.all()
    if casus_ids is not None:
        rijen = rijen.filter(casus_id__in=list(casus_ids))
    return rijen.filter(id=Subquery(nieuwste.values("id")[:1]))


def behandelaars(casus_id: str) -> list[dict[str, str]]:
    """The current behandelaar per organisation of one case, for the case page: a fixed query
    (vaste_sql), as every case page asks it."""

    def bouw(stand_ins: list[Any]) -> QuerySet[Any]:
        return (
            Toewijzing.objects.filter(casus_id=stand_ins[0])
            .order_by("organisatie", "-op", "-id")
            .values_list(
                "organisatie",
                "op",
                "behandelaar_id",
                "behandelaar__first_name",
                "behandelaar__last_name",
                "behandelaar__username",
            )
        )

    rijen = vaste_sql.rijen(
        "toewijzing.behandelaars",
        bouw,
        [uuid.UUID(str(casus_id))],
        (None, vaste_sql.als_moment, None, None, None, None),
    )
    nieuwste: dict[str, tuple[Any, ...]] = {}  # a case has few rows: the newest per organisation
    for rij in rijen:
        nieuwste.setdefault(rij[0], rij)
    return [
        {
            "organisatie": teksten.partijnaam(organisatie),
            "naam": teksten.persoonsnaam(voornaam, achternaam, gebruikersnaam),
            "sinds": teksten.moment(op),
        }
        for organisatie, op, behandelaar, voornaam, achternaam, gebruikersnaam in nieuwste.values()
        if behandelaar is not None
    ]


def behandelaar_van(casus_id: str, organisatie: str) -> User | None:
    t = (
        Toewijzing.objects.filter(casus_id=casus_id, organisatie=organisatie)
        .select_related("behandelaar")
        .order_by("-op", "-id")
        .first()
    )
    return t.behandelaar if t else None


def per_casus(casus_ids: Iterable[Any], organisatie: str) -> dict[str, str]:
    """The behandelaar's name per case for one organisation (a list's column)."""
    return {
        str(t.casus_id): teksten.naam_van(t.behandelaar)
        for t in _huidig(casus_ids).filter(organisatie=organisatie).select_related("behandelaar")
        if t.behandelaar is not None
    }


def casussen_van(user: User, organisatie: str) -> QuerySet[Toewijzing]:
    """The cases whose current behandelaar for this organisation is this user."""
    return _huidig().filter(organisatie=organisatie, behandelaar=user)


def geschiedenis(casus_id: str, organisatie: str) -> list[dict[str, str]]:
    return [
        {
            "naam": teksten.naam_van(t.behandelaar) if t.behandelaar else "niemand",
            "door": teksten.naam_van(t.door),
            "op": teksten.moment(t.op),
        }
        for t in Toewijzing.objects.filter(casus_id=casus_id, organisatie=organisatie)
        .select_related("behandelaar", "door")
        .order_by("-op", "-id")
    ]
