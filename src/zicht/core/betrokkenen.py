"""Need-to-know for the case screens: which parties stand in which relation to a case, and
which relations let a user of an organisation and role see it.

The relations are projected per case (a table in the web app); the rule says which rows grant
access, so "may this user see this case?" and "which cases may this user see?" are one query.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from zicht.core import partijen as p
from zicht.core.acties import LOKAAL_VELD_ROLLEN, VT_ROLLEN, wachtende_overdrachten

HOUDER, EERDER_HOUDER, ONTVANGER = "houder", "eerder_houder", "ontvanger"
TERMIJN, CASUSREGIE = "termijn", "casusregie"
PROCESCOORDINATIE, PROCESREGIE = "procescoordinatie", "procesregie"
# Not for access: where the family lives (filters) and hand-overs waiting (worklists).
GEMEENTE = "gemeente"
WACHT_OP = {"ontvangst": "wacht_op_ontvangst", "acceptatie": "wacht_op_acceptatie"}

_LOKAAL_VELD = frozenset({HOUDER, EERDER_HOUDER, ONTVANGER, TERMIJN, CASUSREGIE})


def relaties(
    toestand: Mapping[str, Any], gebeurtenissen: Sequence[Mapping[str, Any]]
) -> set[tuple[str, str]]:
    """Every (party, relation) of a case, from its state and its events."""
    uit: set[tuple[str, str]] = set()
    houders = {z["partij"] for z in toestand.get("zicht_op_veiligheid", [])}
    uit |= {(h, HOUDER) for h in houders}
    uit |= {
        (r["partij"], EERDER_HOUDER)
        for r in toestand.get("zicht_historie", [])
        if r["partij"] not in houders
    }
    uit |= {(t["partij"], TERMIJN) for t in toestand.get("termijnen", []) if t.get("partij")}
    for sleutel in (CASUSREGIE, PROCESREGIE):
        partij = (toestand.get(sleutel) or {}).get("partij")
        if partij:
            uit.add((partij, sleutel))
    for partij in (toestand.get(PROCESCOORDINATIE) or {}).get("partijen", []):
        uit.add((partij, PROCESCOORDINATIE))
    uit |= {(p.gemeente_partij(g), GEMEENTE) for g in toestand.get("gemeenten", [])}
    for g in gebeurtenissen:
        if g.get("type") == "overdracht":
            uit |= {(n, ONTVANGER) for n in g.get("naar", [])}
    for partij, wacht in wachtende_overdrachten(toestand, gebeurtenissen).items():
        uit |= {(partij, WACHT_OP[w]) for w in wacht}
    return uit


@dataclass(frozen=True)
class Zichtbaar:
    """Which cases a user may see: all of them, or those with one of these relations."""

    alles: bool = False
    via: tuple[tuple[str, frozenset[str]], ...] = ()  # (party, relations that grant access)

    @property
    def niets(self) -> bool:
        return not self.alles and not self.via

    def ziet(self, casus_relaties: set[tuple[str, str]]) -> bool:
        return self.alles or any(
            (partij, relatie) in casus_relaties for partij, rel in self.via for relatie in rel
        )


def zichtbaar(organisatie: str, rol: str) -> Zichtbaar:
    """The need-to-know rule for a user of `organisatie` (a party id) with `rol`."""
    soort, naam = p.soort(organisatie), p.kwalificatie(organisatie)
    if rol in VT_ROLLEN and organisatie == p.VEILIG_THUIS:
        return Zichtbaar(alles=True)
    if rol in LOKAAL_VELD_ROLLEN and soort == "lokaal_veld":
        return Zichtbaar(via=((organisatie, _LOKAAL_VELD),))
    if rol == "procescoordinator" and soort == "gemeente" and naam:
        return Zichtbaar(
            via=(
                (p.lokaal_veld(naam), _LOKAAL_VELD),
                (organisatie, frozenset({PROCESCOORDINATIE, TERMIJN})),
            )
        )
    if rol == "zorgaanbieder_medewerker" and soort == "zorgaanbieder":
        return Zichtbaar(via=((organisatie, frozenset({CASUSREGIE, TERMIJN})),))
    if rol == "zvh_procesregisseur" and organisatie == p.ZORG_EN_VEILIGHEIDSHUIS:
        return Zichtbaar(via=((organisatie, frozenset({PROCESREGIE})),))
    return Zichtbaar()  # beleidsmedewerker, functioneel beheerder, privacy officer: never a case


def werkpartijen(organisatie: str, rol: str) -> list[str]:
    """The parties whose open terms make up this user's worklist."""
    soort, naam = p.soort(organisatie), p.kwalificatie(organisatie)
    if rol == "procescoordinator" and soort == "gemeente" and naam:
        return [organisatie, p.lokaal_veld(naam)]
    if zichtbaar(organisatie, rol).niets:
        return []
    return [organisatie]
