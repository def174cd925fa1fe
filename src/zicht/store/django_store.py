"""The event store on the Django database (SQLite for development, PostgreSQL in production)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from zicht.store.contract import (
    Conflict,
    NieuweGebeurtenis,
    OnbekendeCasus,
    OpgeslagenGebeurtenis,
    Projector,
)
from zicht.store.keten import BEGIN, kenmerk
from zicht.store.models import Casus, CasusProjectie, Gebeurtenis, OpenTermijn
from zicht.store.projectie import Projectie, engine_projector, projecteer, valideer_en_projecteer

# A projection kept by another app (e.g. who is involved in a case): called with the case, its
# state and its events in the same transaction as every append, and by `herbouw`. It replaces
# its own rows for the case; an exception undoes the append.
ProjectieHaak = Callable[[Casus, dict[str, Any], Sequence[NieuweGebeurtenis]], None]
_HAKEN: list[ProjectieHaak] = []


def registreer_projectie(haak: ProjectieHaak) -> None:
    if haak not in _HAKEN:
        _HAKEN.append(haak)


class DjangoStore:
    def __init__(self, projector: Projector = engine_projector) -> None:
        self._projector = projector

    def nieuwe_casus(self, regio: str, nu: datetime | None = None) -> str:
        casus = Casus.objects.create(regio=regio, aangemaakt_op=nu or timezone.now())
        return str(casus.id)

    def voeg_toe(
        self,
        casus_id: str,
        verwachte_seq: int,
        gebeurtenis: NieuweGebeurtenis,
        actor: str,
        organisatie: str,
        nu: datetime,
    ) -> int:
        try:
            with transaction.atomic():
                # Writers to one case queue here (PostgreSQL row lock; SQLite: BEGIN IMMEDIATE).
                casus = _casus(casus_id, vergrendeld=True)
                if casus.laatste_seq != verwachte_seq:
                    raise Conflict(verwachte_seq, casus.laatste_seq)
                rijen = list(Gebeurtenis.objects.filter(casus=casus).order_by("seq"))
                bestaande = [_opgeslagen(g) for g in rijen]
                nieuwe, projectie = valideer_en_projecteer(
                    bestaande, gebeurtenis, nu, casus.regio, self._projector
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
                # The chain's previous link is the last event just read (seq == verwachte_seq).
                laatste = rijen[-1] if rijen and rijen[-1].seq == verwachte_seq else None
                vorige = (laatste.hash if laatste else "") or BEGIN
                Gebeurtenis.objects.create(
                    casus=casus,
                    vorige_hash=vorige,
                    hash=kenmerk(vorige, casus=str(casus.pk), **rij),
                    **rij,
                )
                Casus.objects.filter(pk=casus.pk).update(laatste_seq=seq)
                _bewaar_projectie(casus, projectie, seq, nu, [*bestaande, nieuwe])
                return seq
        except IntegrityError:
            # Another writer got this seq first despite the check: same answer as a stale seq.
            raise Conflict(verwachte_seq, _hoogste_seq(casus_id)) from None

    def gebeurtenissen(self, casus_id: str) -> list[OpgeslagenGebeurtenis]:
        return _lees(_casus(casus_id))

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
        for casus_id in ids:
            with transaction.atomic():
                casus = _casus(str(casus_id), vergrendeld=True)
                CasusProjectie.objects.filter(casus=casus).delete()
                OpenTermijn.objects.filter(casus=casus).delete()
                gebeurtenissen = _lees(casus)
                if gebeurtenissen:
                    projectie = projecteer(gebeurtenissen, moment, casus.regio, self._projector)
                    _bewaar_projectie(
                        casus, projectie, gebeurtenissen[-1].seq, moment, gebeurtenissen
                    )
                else:
                    for haak in _HAKEN:
                        haak(casus, {}, [])
        return len(ids)


def _casus(casus_id: str, vergrendeld: bool = False) -> Casus:
    rijen = Casus.objects.select_for_update(no_key=True) if vergrendeld else Casus.objects
    try:
        return rijen.get(pk=casus_id)
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


def _hoogste_seq(casus_id: str) -> int:
    hoogste = Gebeurtenis.objects.filter(casus_id=casus_id).aggregate(m=Max("seq"))["m"]
    return int(hoogste or 0)


def _bewaar_projectie(
    casus: Casus,
    projectie: Projectie,
    seq: int,
    nu: datetime,
    gebeurtenissen: Sequence[NieuweGebeurtenis],
) -> None:
    # One UPDATE on the hot path (an append to an existing case); INSERT only the first time.
    velden = {"toestand": projectie.toestand, "bijgewerkt_op": nu, "seq": seq}
    if not CasusProjectie.objects.filter(casus=casus).update(**velden):
        CasusProjectie.objects.create(casus=casus, **velden)
    OpenTermijn.objects.filter(casus=casus).delete()
    OpenTermijn.objects.bulk_create(
        OpenTermijn(
            casus=casus,
            code=t["code"],
            partij=t["partij"],
            uiterlijk=date.fromisoformat(t["uiterlijk"]) if t["uiterlijk"] else None,
            status=t["status"],
            grond=t["grond"],
        )
        for t in projectie.termijnen
    )
    for haak in _HAKEN:
        haak(casus, projectie.toestand, gebeurtenissen)
