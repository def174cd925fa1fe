"""One case as the shells need it: its events, its state now, its family and its steps."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from zicht.core import acties, engine
from zicht.core.casus import INTREKKEN
from zicht.core.toegang import Actor, Casusbeeld, can, mag_intrekken
from zicht.store.contract import Casusstand, EventStore, OnbekendeCasus, OpgeslagenGebeurtenis
from zicht.store.models import Casus
from zicht.store.projectie import (
    AMSTERDAM,
    afspraken,
    engine_casus,
    engine_projector,
    projecteer,
    vouw_van,
)
from zicht.toepassing import inzage, opslag
from zicht.toepassing.fouten import NietGevonden
from zicht.toepassing.modellen import Gezin, Organisatie

__all__ = ["Dossier", "afspraken", "laad", "lees_casus", "organisaties"]


@dataclass
class Dossier:
    casus: Casus
    gebeurtenissen: list[OpgeslagenGebeurtenis]
    nu: datetime
    stand: Casusstand | None = None  # the store's snapshot it was read from (`lees_casus`)

    @cached_property
    def toestand(self) -> dict[str, Any]:
        """The state now, computed fresh (the stored projection is as of the last change).
        From the snapshot's fold, which an append of a step then goes on from."""
        if self.stand is not None:
            return vouw_van(self.stand).projectie(self.nu).toestand
        return projecteer(self.gebeurtenissen, self.nu, self.casus.regio, engine_projector).toestand

    @cached_property
    def kern(self) -> engine.Casus:
        """The core's folded case now: what the step rules read (`acties.mogelijke_stappen`)."""
        if self.stand is not None:
            return vouw_van(self.stand).casus_op(self.nu)
        op = max([self.nu, *(g.op for g in self.gebeurtenissen)]).astimezone(AMSTERDAM)
        return engine_casus(self.gebeurtenissen, op, self.casus.regio)

    @property
    def seq(self) -> int:
        return self.gebeurtenissen[-1].seq if self.gebeurtenissen else 0

    @cached_property
    def gezin(self) -> Gezin | None:
        try:
            return self.casus.gezin  # type: ignore[no-any-return]
        except Gezin.DoesNotExist:
            return None

    @property
    def naam(self) -> str:
        return self.gezin.naam if self.gezin else f"Casus {str(self.casus.pk)[:8]}"

    @property
    def personen(self) -> list[tuple[str, str]]:
        # An anonymised person (retention) keeps only its id and role: no name to show.
        personen = self.gezin.personen if self.gezin else []
        return [(p["id"], p.get("naam") or p["id"]) for p in personen]

    def ruwe(self) -> list[dict[str, Any]]:
        """The events as the core's step rules read them: `{"type": ..., **fields}`."""
        return [{**g.velden, "type": g.type} for g in self.gebeurtenissen]

    def gelezen(self) -> list[engine.Gebeurtenis]:
        overeenkomst = afspraken(self.casus.regio)
        return [
            engine.lees_gebeurtenis(
                {**g.velden, "type": g.type, "op": g.op.astimezone(AMSTERDAM)}, i, overeenkomst
            )
            for i, g in enumerate(self.gebeurtenissen)
        ]

    def stappen(self, actor: Actor) -> list[str]:
        """The event types this actor may record now: the one place that asks the core. A
        withdrawal only while the actor's organisation has a step it may withdraw."""
        stappen = acties.mogelijke_stappen(self.kern, actor.organisatie, actor.rol)
        if INTREKKEN in stappen and not self.intrekbaar(actor):
            stappen.remove(INTREKKEN)
        return stappen

    def intrekbaar(self, actor: Actor) -> list[OpgeslagenGebeurtenis]:
        """The steps this actor may withdraw now: its own organisation's (`mag_intrekken`),
        neither the melding nor a withdrawal, and not withdrawn already (the core refuses
        those). What the withdrawal form offers; `acties.leg_stap_vast` checks the first."""
        al = {g.velden.get("volgnummer") for g in self.gebeurtenissen if g.type == INTREKKEN}
        return [
            g
            for g in self.gebeurtenissen
            if g.type not in (INTREKKEN, "melding_ontvangen")
            and g.seq not in al
            and mag_intrekken(actor, g.organisatie)
        ]

    def vereiste_informatie(self, moment: str) -> list[str]:
        return acties.vereiste_overdrachtsinformatie(
            self.gelezen(), self.nu, afspraken(self.casus.regio), moment
        )


def laad(casus: Casus, nu: datetime, store: EventStore | None = None) -> Dossier:
    """The dossier of a case the caller already may see (no access check here)."""
    return Dossier(casus, (store or opslag.store()).gebeurtenissen(str(casus.pk)), nu)


def lees_casus(
    actor: Actor,
    casus_id: object,
    nu: datetime,
    actie: str = "casus_inzien",
    store: EventStore | None = None,
) -> Dossier:
    """Read a case in one snapshot and check `actie` on it: NietGevonden when it is absent or
    not for this actor. An append of a step goes on from this read and its fold. The read is
    named in the current action's access log (`inzage`)."""
    try:
        stand = (store or opslag.store()).lees(str(casus_id))
    except OnbekendeCasus:
        raise NietGevonden(casus_id) from None
    if not can(actor, actie, Casusbeeld(stand.relaties)):
        raise NietGevonden(casus_id)
    casus = Casus(
        id=uuid.UUID(stand.casus_id),
        regio=stand.regio,
        aangemaakt_op=stand.aangemaakt_op,
        laatste_seq=stand.seq,
    )
    casus._state.adding = False  # a stored case: its family is read on first use
    gelezen = Dossier(casus, stand.gebeurtenissen, nu, stand)
    inzage.lees(casus_id, dossier=gelezen)  # the action's access-log row names this case
    return gelezen


def organisaties() -> list[tuple[str, str]]:
    """Known parties for selects, in a fixed order: VT, lokale velden, gemeenten, others."""
    return [(o.code, o.naam) for o in Organisatie.objects.order_by("soort", "naam")]


def nog_zichtbaar(actor: Actor, casus_id: str, soort: str) -> bool:
    """After recording `soort`: may this actor still open the case? One query, and only after a
    step that can end the recorder's own access (`core.toegang.BEEINDIGT_EIGEN_TOEGANG`)."""
    from zicht.core.toegang import BEEINDIGT_EIGEN_TOEGANG
    from zicht.toepassing.toegang import zichtbare_casussen

    if soort not in BEEINDIGT_EIGEN_TOEGANG:
        return True
    return bool(zichtbare_casussen(actor).filter(pk=casus_id).exists())
