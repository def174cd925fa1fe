"""Retention (AVG art. 5 lid 1 sub e): when a closed case's family data must be anonymised.

Terms per organisation in `afspraken/bewaartermijnen.yaml`; a case is one shared file, so it
is anonymised once the longest term of the organisations involved has passed. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from zicht.core import partijen as p
from zicht.core.termijn import plus_maanden

BESTAND = Path(__file__).resolve().parent.parent / "afspraken" / "bewaartermijnen.yaml"


@dataclass(frozen=True)
class Bewaartermijnen:
    standaard_jaren: int
    per_soort: Mapping[str, int]
    per_organisatie: Mapping[str, int]

    def jaren(self, organisatie: str) -> int:
        if organisatie in self.per_organisatie:
            return self.per_organisatie[organisatie]
        return self.per_soort.get(p.soort(organisatie), self.standaard_jaren)

    def vervalt_op(self, afgesloten: datetime, organisaties: Iterable[str]) -> date:
        """The day after which the family's data may no longer be kept."""
        jaren = max([self.jaren(o) for o in {*organisaties, p.VEILIG_THUIS}])
        return plus_maanden(afgesloten.date(), 12 * jaren)


def _jaren(waarde: Any, sleutel: str) -> int:
    jaren = waarde.get("jaren") if isinstance(waarde, Mapping) else waarde
    if not isinstance(jaren, int) or isinstance(jaren, bool) or jaren < 0:
        raise ValueError(f"{BESTAND.name}: {sleutel}: jaren moet een geheel getal >= 0 zijn")
    return jaren


@cache
def laad(pad: Path = BESTAND) -> Bewaartermijnen:
    data = yaml.safe_load(pad.read_text(encoding="utf-8")) or {}
    return Bewaartermijnen(
        standaard_jaren=_jaren(data.get("standaard_jaren", 15), "standaard_jaren"),
        per_soort={
            k: _jaren(v, f"per_soort.{k}") for k, v in (data.get("per_soort") or {}).items()
        },
        per_organisatie={
            k: _jaren(v, f"per_organisatie.{k}")
            for k, v in (data.get("per_organisatie") or {}).items()
        },
    )
