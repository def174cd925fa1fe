"""An event store in memory: for tests and for trying the core without a database."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from zicht.core.toegang import relaties
from zicht.store.contract import (
    Casusstand,
    Conflict,
    NieuweGebeurtenis,
    OnbekendeCasus,
    OpgeslagenGebeurtenis,
    Projector,
)
from zicht.store.projectie import (
    Projectie,
    engine_projector,
    projecteer,
    valideer_en_projecteer,
    vouw_van,
)


@dataclass
class _Casus:
    regio: str
    aangemaakt_op: datetime
    gebeurtenissen: list[OpgeslagenGebeurtenis] = field(default_factory=list)
    projectie: Projectie | None = None
    relaties: frozenset[tuple[str, str]] = frozenset()
    teksten: dict[str, str] = field(default_factory=dict)


class InMemoryStore:
    def __init__(self, projector: Projector = engine_projector) -> None:
        self._projector = projector
        self._casussen: dict[str, _Casus] = {}
        self._slot = threading.Lock()

    def transactie(self, *, savepoint: bool = True) -> AbstractContextManager[Any]:
        return nullcontext()  # each append is atomic by itself; nothing else is kept here

    def nieuwe_casus(self, regio: str, nu: datetime | None = None) -> str:
        casus_id = str(uuid.uuid4())
        with self._slot:
            self._casussen[casus_id] = _Casus(regio, nu or datetime.now(UTC))
        return casus_id

    def _casus(self, casus_id: str) -> _Casus:
        try:
            return self._casussen[casus_id]
        except KeyError:
            raise OnbekendeCasus(casus_id) from None

    def lees(self, casus_id: str) -> Casusstand:
        with self._slot:
            casus = self._casus(casus_id)
            return Casusstand(
                casus_id=casus_id,
                regio=casus.regio,
                aangemaakt_op=casus.aangemaakt_op,
                seq=len(casus.gebeurtenissen),
                gebeurtenissen=list(casus.gebeurtenissen),
                relaties=casus.relaties,
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
        with self._slot:
            casus = self._casus(casus_id)
            if len(casus.gebeurtenissen) != verwachte_seq:
                raise Conflict(verwachte_seq, len(casus.gebeurtenissen))
            if gelezen is None or gelezen.casus_id != casus_id or gelezen.seq != verwachte_seq:
                gelezen = None  # not this version of this case: fold it here
            if gelezen is not None and self._projector is engine_projector:
                nieuwe, projectie = vouw_van(gelezen).met(gebeurtenis, nu)
            else:
                nieuwe, projectie = valideer_en_projecteer(
                    casus.gebeurtenissen, gebeurtenis, nu, casus.regio, self._projector
                )
            seq = verwachte_seq + 1
            casus.gebeurtenissen.append(
                OpgeslagenGebeurtenis(
                    type=nieuwe.type,
                    op=nieuwe.op,
                    velden=nieuwe.velden,
                    seq=seq,
                    recorded_at=nu,
                    actor=actor,
                    organisatie=organisatie,
                    afspraakversie=projectie.afspraakversie,
                )
            )
            casus.projectie = projectie
            casus.relaties = frozenset(
                relaties(projectie.toestand, [_als_dict(g) for g in casus.gebeurtenissen])
            )
            return seq

    def bewaar_teksten(self, casus_id: str, teksten: Mapping[str, str]) -> None:
        with self._slot:
            self._casus(casus_id).teksten.update(teksten)

    def gebeurtenissen(self, casus_id: str) -> list[OpgeslagenGebeurtenis]:
        return list(self._casus(casus_id).gebeurtenissen)

    def toestand(self, casus_id: str) -> dict[str, Any] | None:
        projectie = self._casus(casus_id).projectie
        return None if projectie is None else projectie.toestand

    def open_termijnen(self, partij: str) -> list[dict[str, Any]]:
        rijen = [
            {"casus_id": casus_id, **termijn}
            for casus_id, casus in self._casussen.items()
            if casus.projectie is not None
            for termijn in casus.projectie.termijnen
            if termijn["partij"] == partij
        ]
        return sorted(rijen, key=_werklijst_volgorde)

    def herbouw(self, nu: datetime | None = None) -> int:
        moment = nu or datetime.now(UTC)
        with self._slot:
            for casus in self._casussen.values():
                casus.projectie = (
                    projecteer(casus.gebeurtenissen, moment, casus.regio, self._projector)
                    if casus.gebeurtenissen
                    else None
                )
                toestand = casus.projectie.toestand if casus.projectie else {}
                ruwe = [_als_dict(g) for g in casus.gebeurtenissen]
                casus.relaties = frozenset(relaties(toestand, ruwe))
            return len(self._casussen)


def _als_dict(g: NieuweGebeurtenis) -> dict[str, Any]:
    return {**g.velden, "type": g.type}


def _werklijst_volgorde(termijn: dict[str, Any]) -> tuple[bool, str, str, str]:
    """Earliest deadline first, terms without a deadline last; stable across stores."""
    uiterlijk = termijn["uiterlijk"]
    return (uiterlijk is None, uiterlijk or "", termijn["casus_id"], termijn["code"])
