"""Uitvraag (WA 6, WA 7): is this family known, and to whom, within the agreed windows?

A gemeente counts a case up to `regels.uitvraag.gemeente.termijn` after closure (24 months),
the Zorg- en Veiligheidshuis up to `regels.uitvraag.zorg_en_veiligheidshuis.termijn` (6
months); open cases always count. Pure: the caller passes `nu` and the rules in force.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from zicht.core import partijen as p
from zicht.core.afspraken import Regels
from zicht.core.kalender import Kalender
from zicht.core.termijn import einde_periode
from zicht.core.toegang import CASUSREGIE, EERDER_HOUDER, HOUDER, ONTVANGER, PROCESCOORDINATIE

# Relations by which a gemeente (its lokaal veld or the gemeente itself) knows a case.
KENT = frozenset({HOUDER, EERDER_HOUDER, ONTVANGER, CASUSREGIE, PROCESCOORDINATIE})


def afgesloten_op(toestand: Mapping[str, Any]) -> datetime | None:
    """When the whole case closed: the core's `afgesloten` state (regels.werk_afsluiting_bij),
    the one definition of "closed" that uitvraag and retention share; None while open."""
    sinds = (toestand.get("afgesloten") or {}).get("sinds")
    if sinds is None:
        return None
    return datetime.fromisoformat(sinds) if isinstance(sinds, str) else sinds


@dataclass(frozen=True)
class Kandidaat:
    """A case of a family that matched the question."""

    casus_id: str
    relaties: frozenset[tuple[str, str]]
    afgesloten_op: datetime | None


@dataclass(frozen=True)
class Treffer:
    casus_id: str
    partij: str  # `gemeente:Heerlen` or `zorg_en_veiligheidshuis`
    afgesloten_op: datetime | None
    bekend_tot: date | None  # None: the case is open
    grond: str


def _bekend_tot(
    afgesloten: datetime | None, regels: Regels, soort: str, k: Kalender
) -> date | None:
    if afgesloten is None:
        return None
    return einde_periode(regels.termijn(f"uitvraag.{soort}.termijn"), afgesloten.date(), k)


SOORTEN = ("gemeente", "zorg_en_veiligheidshuis")


def vensters(
    toestand: Mapping[str, Any], regels: Regels, kalender: Kalender
) -> dict[str, Any] | None:
    """Until when a closed case counts in the uitvraag, per partner kind; None while open."""
    afgesloten = afgesloten_op(toestand)
    if afgesloten is None:
        return None
    uit: dict[str, Any] = {"afgesloten_op": afgesloten}
    for soort in SOORTEN:
        uit[soort] = {
            "bekend_tot": _bekend_tot(afgesloten, regels, soort, kalender),
            "grond": str(regels(f"uitvraag.{soort}.grond")),
        }
    return uit


def treffers(
    kandidaten: Iterable[Kandidaat], nu: datetime, regels: Regels, kalender: Kalender
) -> list[Treffer]:
    """Per case, the partners that know the family now (WA 6: Z&VH, WA 7: gemeente)."""
    uit: list[Treffer] = []
    for k in kandidaten:
        gemeenten = sorted(
            {
                naam
                for partij, relatie in k.relaties
                if relatie in KENT
                and p.soort(partij) in ("lokaal_veld", "gemeente")
                and (naam := p.kwalificatie(partij))
            }
        )
        partners = [(p.gemeente_partij(g), "gemeente") for g in gemeenten]
        if any(q == p.ZORG_EN_VEILIGHEIDSHUIS for q, _ in k.relaties):
            partners.append((p.ZORG_EN_VEILIGHEIDSHUIS, "zorg_en_veiligheidshuis"))
        for partij, soort in partners:
            tot = _bekend_tot(k.afgesloten_op, regels, soort, kalender)
            if tot is None or nu.date() <= tot:
                grond = str(regels(f"uitvraag.{soort}.grond"))
                uit.append(Treffer(k.casus_id, partij, k.afgesloten_op, tot, grond))
    return uit
