"""Small-number protection: a count under 5 is shown as "<5", and no total gives it away.

Primary suppression hides every cell under `DREMPEL`. Complementary suppression then works through
the table's additive relations (a total and its parts: a row of sources adds up to the month's
inflow, the gemeenten add up to their subregion): while a relation has exactly one hidden cell,
the smallest visible part (or the total) is hidden too, so that no single subtraction recovers a
hidden cell. Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

DREMPEL = 5

Relatie = tuple[Hashable, Sequence[Hashable]]  # (total cell, its parts)


# `cellen` is keyed by any hashable (Mapping is invariant in its key: a dict keyed by tuples is no
# Mapping[Hashable, int]).
def onderdruk(cellen: Mapping[Any, int], relaties: Sequence[Relatie]) -> set[Hashable]:
    """The keys of the cells to hide.

    A relation's total that is not among `cellen` counts as known to the reader (published
    elsewhere): the conservative assumption, it only causes more suppression."""
    verborgen = {k for k, v in cellen.items() if v < DREMPEL}
    lijsten = [(totaal, delen, (totaal, *delen)) for totaal, delen in relaties]
    veranderd = True
    while veranderd:
        veranderd = False
        for totaal, delen, alle in lijsten:
            if verborgen.isdisjoint(alle):
                continue  # most relations: nothing hidden
            if _meer_dan_een(alle, verborgen):
                continue
            zichtbaar = [k for k in delen if k not in verborgen and k in cellen]
            if zichtbaar:
                extra = min(zichtbaar, key=lambda k: (cellen[k], str(k)))
            elif totaal not in verborgen:
                extra = totaal
            else:  # pragma: no cover - one hidden cell among all means one is visible
                continue
            verborgen.add(extra)
            veranderd = True
    return verborgen


def _meer_dan_een(alle: Sequence[Hashable], verborgen: set[Hashable]) -> bool:
    gezien = False
    for k in alle:
        if k in verborgen:
            if gezien:
                return True
            gezien = True
    return False


def toon(waarde: int, verborgen: bool) -> str:
    return "<5" if verborgen else str(waarde)
