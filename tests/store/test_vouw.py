"""One fold per request (issue #10): the fold kept with a read gives what folding again gives."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from zicht.casuswerk.demodata import massa
from zicht.core import engine
from zicht.store.contract import NieuweGebeurtenis, OpgeslagenGebeurtenis
from zicht.store.projectie import Vouw, engine_projector, projecteer, valideer_en_projecteer
from zicht.store.regio import regio

NU = datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def _opgeslagen(g: dict[str, Any]) -> OpgeslagenGebeurtenis:
    return OpgeslagenGebeurtenis(
        g["type"],
        g["occurred_at"],
        g["payload"],
        seq=g["seq"],
        recorded_at=g["recorded_at"],
        actor=g["actor"],
        organisatie=g["organisatie"],
        afspraakversie=g["afspraakversie"],
    )


def test_the_kept_fold_projects_and_appends_as_a_fresh_fold() -> None:
    rnd = random.Random(7)
    for _ in range(150):
        rijen = massa.casus(rnd, NU)
        gebeurtenissen = [_opgeslagen(g) for g in rijen.gebeurtenissen]
        *eerder, laatste = gebeurtenissen
        nieuw = NieuweGebeurtenis(laatste.type, laatste.op, laatste.velden)
        for nu in (NU, NU + timedelta(days=40)):
            vouw = Vouw(eerder, regio())
            assert vouw.projectie(nu) == projecteer(eerder, nu, regio(), engine_projector)
            assert vouw.met(nieuw, nu) == valideer_en_projecteer(
                eerder, nieuw, nu, regio(), engine_projector
            )


def test_an_append_uses_up_the_fold_without_changing_what_was_read() -> None:
    """`met` applies the new event to the kept fold itself (no copy of the case): afterwards,
    and after a refused event, the same read still projects and appends as a fresh fold."""
    rnd = random.Random(11)
    geweigerd = 0
    for _ in range(60):
        rijen = massa.casus(rnd, NU)
        gebeurtenissen = [_opgeslagen(g) for g in rijen.gebeurtenissen]
        *eerder, laatste = gebeurtenissen
        nieuw = NieuweGebeurtenis(laatste.type, laatste.op, laatste.velden)
        vers = valideer_en_projecteer(eerder, nieuw, NU, regio(), engine_projector)
        vouw = Vouw(eerder, regio())
        assert vouw.met(nieuw, NU) == vers
        assert vouw.met(nieuw, NU) == vers  # not the state after the first `met`
        assert vouw.projectie(NU) == projecteer(eerder, NU, regio(), engine_projector)
        # The case's first event once more: a second melding on an open case is refused.
        eerste = gebeurtenissen[0]
        try:
            vouw.met(NieuweGebeurtenis(eerste.type, laatste.op, eerste.velden), NU)
        except (engine.Afwijzing, engine.InvoerFout):
            geweigerd += 1
        assert vouw.met(nieuw, NU) == vers
    assert geweigerd > 0


def test_the_state_and_the_steps_share_one_copy_per_moment() -> None:
    rnd = random.Random(5)
    rijen = massa.casus(rnd, NU)
    gebeurtenissen = [_opgeslagen(g) for g in rijen.gebeurtenissen]
    vouw = Vouw(gebeurtenissen, regio())
    kern = vouw.casus_op(NU + timedelta(days=3))
    assert vouw.casus_op(NU + timedelta(days=3)) is kern
    later = NU + timedelta(days=90)
    assert vouw.casus_op(later) is not kern
    assert vouw.projectie(later) == projecteer(gebeurtenissen, later, regio(), engine_projector)
    assert vouw.projectie(NU) == projecteer(gebeurtenissen, NU, regio(), engine_projector)


def test_the_state_keeps_an_integer_beyond_64_bits_exact() -> None:
    """orjson writes the state, but reads an integer beyond 64 bits back as a float: such a
    state goes the slow way both ways, so the stored value is the integer itself."""
    from zicht.store.projectie import _projectie

    groot = 2**70
    projectie = _projectie({"n": groot, "m": -(2**64), "termijnen": []})
    assert projectie.toestand["n"] == groot and isinstance(projectie.toestand["n"], int)
    assert projectie.toestand["m"] == -(2**64)
    assert str(groot) in projectie.tekst
