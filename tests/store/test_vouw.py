"""One fold per request (issue #10): the fold kept with a read gives what folding again gives."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from zicht.casuswerk.demodata import massa
from zicht.store.contract import NieuweGebeurtenis, OpgeslagenGebeurtenis
from zicht.store.projectie import Vouw, engine_projector, projecteer, valideer_en_projecteer

NU = datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def test_the_kept_fold_projects_and_appends_as_a_fresh_fold() -> None:
    rnd = random.Random(7)
    for _ in range(150):
        rijen = massa.casus(rnd, NU)
        gebeurtenissen = [
            OpgeslagenGebeurtenis(
                g["type"],
                g["occurred_at"],
                g["payload"],
                seq=g["seq"],
                recorded_at=g["recorded_at"],
                actor=g["actor"],
                organisatie=g["organisatie"],
                afspraakversie=g["afspraakversie"],
            )
            for g in rijen.gebeurtenissen
        ]
        *eerder, laatste = gebeurtenissen
        nieuw = NieuweGebeurtenis(laatste.type, laatste.op, laatste.velden)
        for nu in (NU, NU + timedelta(days=40)):
            vouw = Vouw(eerder, massa.REGIO)
            assert vouw.projectie(nu) == projecteer(eerder, nu, massa.REGIO, engine_projector)
            assert vouw.met(nieuw, nu) == valideer_en_projecteer(
                eerder, nieuw, nu, massa.REGIO, engine_projector
            )
