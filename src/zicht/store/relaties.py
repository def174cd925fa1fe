"""The CasusPartij projection: who stands in which relation to a case (core.betrokkenen.relaties).

The store's own projection beside the state and the open terms (registered in apps.py): written
in the same statement as every append, rebuilt by `zicht rebuild` and by the bulk rebuild.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from zicht.core.toegang import relaties
from zicht.store.contract import NieuweGebeurtenis
from zicht.store.models import Casus, CasusPartij
from zicht.store.snel import BulkCasus
from zicht.store.toevoegen import ProjectieRijen


def als_dict(g: NieuweGebeurtenis) -> dict[str, Any]:
    """An event as the core's step and access rules read it: `{"type": ..., **fields}`."""
    return {**g.velden, "type": g.type}


def bewaar_partijen(
    casus: Casus, toestand: dict[str, Any], gebeurtenissen: Sequence[NieuweGebeurtenis]
) -> ProjectieRijen:
    """The case's CasusPartij rows; the store writes what changed, in the append's statement."""
    rijen = relaties(toestand, [als_dict(g) for g in gebeurtenissen])
    return ProjectieRijen(
        CasusPartij,
        [
            {"partij": partij, "relatie": relatie, "aangemaakt_op": casus.aangemaakt_op}
            for partij, relatie in sorted(rijen)
        ],
    )


def partij_rijen(
    casus: BulkCasus, toestand: dict[str, Any], gebeurtenissen: Sequence[Mapping[str, Any]]
) -> list[tuple[str, str, datetime]]:
    """The same rows as `bewaar_partijen`, for the bulk rebuild (store/snel.py), which gives the
    events as `als_dict` would."""
    rijen = relaties(toestand, gebeurtenissen)
    return [(partij, relatie, casus.aangemaakt_op) for partij, relatie in sorted(rijen)]
