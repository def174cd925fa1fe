"""`herzien_op`: the first moment after `op` at which time alone changes a case's state.

The sweep refolds a case only when that moment has come, so a moment missing here would leave a
stale projection. Checked over every scenario, at each expected moment and after the last
event: between `op` and `herzien_op` the state stays what it was at `op` (every change by time
falls at midnight, Europe/Amsterdam: each midnight up to a year is tried, and the last instant
before `herzien_op`); and `herzien_op` itself is always later than `op`.
"""

from __future__ import annotations

import copy
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from zicht.core.casus import Casus, fold
from zicht.core.engine import lees_moment
from zicht.core.kalender import AMSTERDAM
from zicht.core.scenario import laad_scenario
from zicht.core.toestand import herzien_op, toestand

SCENARIOS = sorted((Path(__file__).parents[2] / "scenarios").glob("*.yaml"))
VOORUIT = timedelta(days=400)


def _zonder_klok(staat: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in staat.items() if k not in ("op", "herzien_op")}


def _op(c: Casus, moment: datetime) -> dict[str, Any]:
    later = copy.deepcopy(c, {id(c.afspraken): c.afspraken, id(c.regels): c.regels})
    later.tijd_tot(moment)
    return _zonder_klok(toestand(later, moment))


def _middernachten(van: datetime, tot: datetime) -> list[datetime]:
    dag = van.astimezone(AMSTERDAM).date() + timedelta(days=1)
    uit = []
    while (m := datetime.combine(dag, time(0, 0), tzinfo=AMSTERDAM)) < tot:
        uit.append(m)
        dag += timedelta(days=1)
    return uit


@pytest.mark.parametrize("pad", SCENARIOS, ids=lambda p: p.stem)
def test_niets_verandert_voor_herzien_op(pad: Path) -> None:
    scenario = laad_scenario(pad)
    momenten = {lees_moment(v["op"]) for v in scenario.verwacht if "op" in v and "fout" not in v}
    if scenario.gebeurtenissen:
        momenten.add(max(g.op for g in scenario.gebeurtenissen))
    gecontroleerd = 0
    for op in sorted(momenten):
        try:
            c = fold(scenario.gebeurtenissen, op, scenario.afspraken)
        except Exception:  # a scenario that expects a refusal at this moment
            continue
        volgende = herzien_op(c, op)
        assert volgende is None or volgende > op
        nu = _op(c, op)
        grens = min(volgende or op + VOORUIT, op + VOORUIT)
        for m in [op + timedelta(seconds=1), *_middernachten(op, grens)]:
            if m < grens:
                assert _op(c, m) == nu, f"{pad.stem}: de toestand veranderde op {m}, vóór {grens}"
        if volgende is not None:
            voor = volgende - timedelta(microseconds=1)
            assert _op(c, voor) == nu, f"{pad.stem}: veranderd vóór herzien_op {volgende}"
        gecontroleerd += 1
    if not gecontroleerd:
        pytest.skip("dit scenario verwacht een afgewezen gebeurtenis")
