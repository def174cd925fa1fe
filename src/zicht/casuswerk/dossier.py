"""One case as the screens need it: its events, its state now, its family and its steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache, cached_property
from typing import Any

from zicht.casuswerk.models import Gezin, Medewerker, Organisatie
from zicht.casuswerk.projectie import als_dict
from zicht.core import acties, engine
from zicht.core.toestand import toestand
from zicht.store.contract import OpgeslagenGebeurtenis
from zicht.store.django_store import DjangoStore
from zicht.store.models import Casus
from zicht.store.projectie import AMSTERDAM, engine_casus, projecteer


@cache
def afspraken(regio: str) -> engine.Afspraken:
    return engine.laad_afspraken(regio)


@dataclass
class Dossier:
    casus: Casus
    gebeurtenissen: list[OpgeslagenGebeurtenis]
    nu: datetime

    @cached_property
    def toestand(self) -> dict[str, Any]:
        """The state now, computed fresh (the stored projection is as of the last change): the
        same fold as `kern`, rendered as the store renders it (`projecteer`)."""
        return projecteer(
            self.gebeurtenissen, self.nu, self.casus.regio, lambda *_: toestand(self.kern, self._op)
        ).toestand

    @property
    def seq(self) -> int:
        return self.gebeurtenissen[-1].seq if self.gebeurtenissen else 0

    @cached_property
    def gezin(self) -> Gezin | None:
        try:
            return self.casus.gezin
        except Gezin.DoesNotExist:
            return None

    @property
    def naam(self) -> str:
        return self.gezin.naam if self.gezin else f"Casus {str(self.casus.pk)[:8]}"

    @property
    def personen(self) -> list[tuple[str, str]]:
        return [(p["id"], p["naam"]) for p in (self.gezin.personen if self.gezin else [])]

    def ruwe(self) -> list[dict[str, Any]]:
        return [als_dict(g) for g in self.gebeurtenissen]

    def gelezen(self) -> list[engine.Gebeurtenis]:
        regels = afspraken(self.casus.regio)
        return [
            engine.lees_gebeurtenis(
                {**g.velden, "type": g.type, "op": g.op.astimezone(AMSTERDAM)}, i, regels
            )
            for i, g in enumerate(self.gebeurtenissen)
        ]

    @cached_property
    def kern(self) -> engine.Casus:
        """The core's folded case now: what the step rules read (`acties.mogelijke_stappen`)."""
        return engine_casus(self.gebeurtenissen, self._op, self.casus.regio)

    @property
    def _op(self) -> datetime:
        return max([self.nu, *(g.op for g in self.gebeurtenissen)]).astimezone(AMSTERDAM)

    def stappen(self, medewerker: Medewerker) -> list[str]:
        return acties.mogelijke_stappen(self.kern, medewerker.organisatie.code, medewerker.rol)

    def vereiste_informatie(self, moment: str) -> list[str]:
        return acties.vereiste_overdrachtsinformatie(
            self.gelezen(), self.nu, afspraken(self.casus.regio), moment
        )


def laad(casus: Casus, nu: datetime) -> Dossier:
    return Dossier(casus, DjangoStore().gebeurtenissen(str(casus.pk)), nu)


def organisaties() -> list[tuple[str, str]]:
    """Known parties for selects, in a fixed order: VT, lokale velden, gemeenten, others."""
    return [(o.code, o.naam) for o in Organisatie.objects.order_by("soort", "naam")]
