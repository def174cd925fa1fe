"""The event store on the Django database (SQLite for development, PostgreSQL in production).

How an append reaches the database, optimistic and in two statements on PostgreSQL, is in
`toevoegen.py`; this is the store's interface around it, and the slow rebuild.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max
from django.utils import timezone

from zicht.core.casus import Afwijzing
from zicht.store.contract import (
    Casusstand,
    Conflict,
    NieuweGebeurtenis,
    OnbekendeCasus,
    OpgeslagenGebeurtenis,
    Projector,
)
from zicht.store.keten import BEGIN, hmac_kenmerk, zegel
from zicht.store.models import Casus, CasusProjectie, Gebeurtenis, Notitie, OpenTermijn
from zicht.store.projectie import (
    engine_projector,
    projecteer,
    valideer_en_projecteer,
    vouw_van,
)
from zicht.store.toevoegen import (
    ProjectieRijen,
    Stand,
    Toevoeging,
    bewaar_projectie,
    bewaar_termijnen,
    lees_stand,
    schrijf,
    termijn_rij,
    verschil,
    vervang_haakrijen,
)

# Another app's projection (e.g. who is involved in a case): called with the case, its state
# and its events with every append and by `herbouw`, it returns the rows the case should have;
# the store writes them in the append's own statement. An exception undoes the append.
ProjectieHaak = Callable[[Casus, dict[str, Any], Sequence[NieuweGebeurtenis]], ProjectieRijen]
_HAKEN: list[ProjectieHaak] = []


def registreer_projectie(haak: ProjectieHaak) -> None:
    if haak not in _HAKEN:
        _HAKEN.append(haak)


def bevroren() -> Afwijzing:
    return Afwijzing(
        "casus_bevroren",
        "Deze casus is na de bewaartermijn geanonimiseerd en daarmee afgesloten: er kan niets "
        "meer worden vastgelegd.",
        grond="bewaartermijn",
    )


def ketensleutel() -> tuple[str, bytes]:
    """The key that signs new links: the first of ZICHT_KETEN_SLEUTELS (id, key)."""
    sleutels: dict[str, bytes] = settings.ZICHT_KETEN_SLEUTELS
    sleutel_id = next(iter(sleutels))
    return sleutel_id, sleutels[sleutel_id]


def projectiehaken() -> list[ProjectieHaak]:
    """The registered hooks, for a refresh of the projections outside an append."""
    return list(_HAKEN)


class DjangoStore:
    def __init__(self, projector: Projector = engine_projector) -> None:
        self._projector = projector

    def transactie(self, *, savepoint: bool = True) -> AbstractContextManager[Any]:
        if not savepoint and connection.in_atomic_block:
            # Join the caller's transaction as it is: no savepoint, and no `atomic` that would
            # mark it for rollback when this unit refuses (having written nothing).
            return nullcontext()
        atomair: AbstractContextManager[Any] = transaction.atomic()
        return atomair

    def nieuwe_casus(self, regio: str, nu: datetime | None = None) -> str:
        casus_id = uuid.uuid4()
        sleutel_id, sleutel = ketensleutel()
        casus = Casus.objects.create(
            id=casus_id,
            regio=regio,
            aangemaakt_op=nu or timezone.now(),
            zegel=zegel(sleutel_id, sleutel, str(casus_id), 0, BEGIN),
        )
        return str(casus.id)

    def lees(self, casus_id: str) -> Casusstand:
        """The case in one snapshot (one statement on PostgreSQL): what `voeg_toe` reads."""
        stand = lees_stand(casus_id)
        casus = stand.casus
        return Casusstand(
            casus_id=str(casus.pk),
            regio=casus.regio,
            aangemaakt_op=casus.aangemaakt_op,
            seq=casus.laatste_seq,
            gebeurtenissen=stand.gebeurtenissen,
            relaties=stand.relaties,
            intern=stand,
        )

    def voeg_toe(
        self,
        casus_id: str,
        verwachte_seq: int,
        gebeurtenis: NieuweGebeurtenis,
        actor: str,
        organisatie: str,
        nu: datetime,
        gelezen: Casusstand | None = None,
    ) -> int:
        """Read (unless the caller's snapshot is given), fold, check, write: see toevoegen.py."""
        if gelezen is None or gelezen.casus_id != str(casus_id):
            gelezen = self.lees(casus_id)
        stand: Stand = gelezen.intern
        casus = stand.casus
        if casus.bevroren_op is not None:
            raise bevroren()
        if casus.laatste_seq != verwachte_seq:
            raise Conflict(verwachte_seq, casus.laatste_seq)
        if self._projector is engine_projector:  # the case folded once, with the caller
            nieuwe, projectie = vouw_van(gelezen).met(gebeurtenis, nu)
        else:
            nieuwe, projectie = valideer_en_projecteer(
                stand.gebeurtenissen, gebeurtenis, nu, casus.regio, self._projector
            )
        seq = verwachte_seq + 1
        rij = {
            "seq": seq,
            "type": nieuwe.type,
            "payload": dict(nieuwe.velden),
            "occurred_at": nieuwe.op,
            "recorded_at": nu,
            "actor": actor,
            "organisatie": organisatie,
            "afspraakversie": projectie.afspraakversie,
        }
        vorige = stand.laatste_hash or BEGIN
        sleutel_id, sleutel = ketensleutel()
        hash_ = hmac_kenmerk(sleutel, vorige, casus=str(casus.pk), **rij)
        rij |= {"vorige_hash": vorige, "hash": hash_, "sleutel": sleutel_id}
        alle = [*stand.gebeurtenissen, nieuwe]
        weg, erbij = verschil(stand.termijnen, [termijn_rij(t) for t in projectie.termijnen])
        toevoeging = Toevoeging(
            verwachte_seq,
            zegel(sleutel_id, sleutel, str(casus.pk), seq, hash_),
            rij,
            projectie,
            weg,
            erbij,
            [haak(casus, projectie.toestand, alle) for haak in _HAKEN],
            stand.gebeurtenissen,
        )
        try:
            geschreven = schrijf(casus, toevoeging)
        except IntegrityError:
            # Another writer got this seq first despite the check: same answer as a stale seq.
            raise Conflict(verwachte_seq, _hoogste_seq(casus.pk)) from None
        if not geschreven:  # another writer appended after our read, or it was frozen
            actueel = Casus.objects.filter(pk=casus.pk).values_list("laatste_seq", "bevroren_op")
            if actueel[0][1] is not None:
                raise bevroren()
            raise Conflict(verwachte_seq, actueel[0][0])
        return seq

    def bewaar_teksten(self, casus_id: str, teksten: Mapping[str, str]) -> None:
        if teksten:
            Notitie.objects.bulk_create(
                Notitie(casus_id=casus_id, sleutel=s, tekst=t) for s, t in teksten.items()
            )

    def gebeurtenissen(self, casus_id: str) -> list[OpgeslagenGebeurtenis]:
        """One query for a case that has events; the case itself is read only when none came
        back (OnbekendeCasus for an unknown one, an empty list for one without events)."""
        try:
            gelezen = _lees_id(casus_id)
        except (ValidationError, ValueError):
            raise OnbekendeCasus(casus_id) from None
        return gelezen or _lees(_casus(casus_id))

    def toestand(self, casus_id: str) -> dict[str, Any] | None:
        casus = _casus(casus_id)
        projectie = CasusProjectie.objects.filter(casus=casus).first()
        return None if projectie is None else projectie.toestand

    def open_termijnen(self, partij: str) -> list[dict[str, Any]]:
        rijen = OpenTermijn.objects.filter(partij=partij).order_by(
            F("uiterlijk").asc(nulls_last=True), "casus_id", "code"
        )
        return [
            {
                "casus_id": str(r.casus_id),
                "code": r.code,
                "partij": r.partij,
                "uiterlijk": r.uiterlijk.isoformat() if r.uiterlijk else None,
                "status": r.status,
                "grond": r.grond,
            }
            for r in rijen
        ]

    def herbouw(self, nu: datetime | None = None) -> int:
        moment = nu or timezone.now()
        ids = list(Casus.objects.order_by("aangemaakt_op", "id").values_list("id", flat=True))
        return self.herprojecteer(ids, moment)

    def herprojecteer(self, ids: Sequence[Any], moment: datetime) -> int:
        """Project these cases anew from their events (e.g. after a decree day changed the
        working days their open terms count); one transaction per case."""
        for casus_id in ids:
            with transaction.atomic():
                casus = _casus(str(casus_id), vergrendeld=True)
                CasusProjectie.objects.filter(casus=casus).delete()
                OpenTermijn.objects.filter(casus=casus).delete()
                gebeurtenissen = _lees(casus)
                if gebeurtenissen:
                    projectie = projecteer(gebeurtenissen, moment, casus.regio, self._projector)
                    bewaar_projectie(casus, projectie, gebeurtenissen[-1].seq, moment)
                    termijnen = [termijn_rij(t) for t in projectie.termijnen]
                    bewaar_termijnen(casus, [], termijnen)
                    haken = [h(casus, projectie.toestand, gebeurtenissen) for h in _HAKEN]
                else:
                    haken = [h(casus, {}, []) for h in _HAKEN]
                vervang_haakrijen(casus, haken)
        return len(ids)


# --- reading ---------------------------------------------------------------------------------


def _casus(casus_id: str, vergrendeld: bool = False) -> Casus:
    rijen = Casus.objects.select_for_update(no_key=True) if vergrendeld else Casus.objects
    try:
        casus: Casus = rijen.get(pk=casus_id)
        return casus
    except (Casus.DoesNotExist, ValidationError, ValueError):
        raise OnbekendeCasus(casus_id) from None


def _opgeslagen(g: Gebeurtenis) -> OpgeslagenGebeurtenis:
    return OpgeslagenGebeurtenis(
        type=g.type,
        op=g.occurred_at,
        velden=g.payload,
        seq=g.seq,
        recorded_at=g.recorded_at,
        actor=g.actor,
        organisatie=g.organisatie,
        afspraakversie=g.afspraakversie,
    )


def _lees(casus: Casus) -> list[OpgeslagenGebeurtenis]:
    return [_opgeslagen(g) for g in Gebeurtenis.objects.filter(casus=casus).order_by("seq")]


def _lees_id(casus_id: str) -> list[OpgeslagenGebeurtenis]:
    """The events of a case by its id, as plain rows: no model instance per event."""
    rijen = (
        Gebeurtenis.objects.filter(casus_id=casus_id)
        .order_by("seq")
        .values_list(
            "type",
            "occurred_at",
            "payload",
            "seq",
            "recorded_at",
            "actor",
            "organisatie",
            "afspraakversie",
        )
    )
    return [
        OpgeslagenGebeurtenis(
            type=t,
            op=op,
            velden=v,
            seq=n,
            recorded_at=r,
            actor=a,
            organisatie=o,
            afspraakversie=av,
        )
        for t, op, v, n, r, a, o, av in rijen
    ]


def _hoogste_seq(casus_id: uuid.UUID) -> int:
    hoogste = Gebeurtenis.objects.filter(casus_id=casus_id).aggregate(m=Max("seq"))["m"]
    return int(hoogste or 0)
