"""`zicht scenario state|check`: the scenario contract of SPEC §4 on the command line.

Exit codes: 0 ok, 1 expectations failed, 2 unreadable input, 3 an event rejected by a rule.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from zicht.core.casus import Afwijzing
from zicht.core.gebeurtenissen import InvoerFout, lees_moment
from zicht.core.scenario import ScenarioFout, controleer, laad_scenario, scenario_bestanden

OK, MISLUKT, ONLEESBAAR, AFGEWEZEN = 0, 1, 2, 3


def voeg_toe(subparsers: Any) -> None:
    scenario = subparsers.add_parser("scenario", help="scenario's doorrekenen en controleren")
    sub = scenario.add_subparsers(dest="scenario_opdracht", required=True)
    state = sub.add_parser("state", help="de toestand van een casus op een moment, als JSON")
    state.add_argument("bestand")
    state.add_argument(
        "--at", required=True, help="moment, bv. 2026-03-10T12:00 (Amsterdamse tijd)"
    )
    state.set_defaults(uitvoeren=state_opdracht)
    check = sub.add_parser("check", help="de verwachtingen in scenario's controleren")
    check.add_argument("paden", nargs="+", help="scenariobestanden of mappen")
    check.set_defaults(uitvoeren=check_opdracht)


def state_opdracht(args: argparse.Namespace) -> int:
    try:
        op = lees_moment(args.at, "--at")
    except InvoerFout as e:
        print(f"--at: {e.bericht}", file=sys.stderr)
        return ONLEESBAAR
    try:
        scenario = laad_scenario(args.bestand)
        staat = scenario.toestand(op)
    except ScenarioFout as e:
        print(str(e), file=sys.stderr)
        return ONLEESBAAR
    except Afwijzing as afwijzing:
        print(json.dumps(afwijzing.als_json(), ensure_ascii=False, indent=2))
        return AFGEWEZEN
    print(json.dumps(staat, ensure_ascii=False, indent=2))
    return OK


def check_opdracht(args: argparse.Namespace) -> int:
    geslaagd = mislukt = 0
    ergste = OK
    bestanden = scenario_bestanden(args.paden)
    if not bestanden:
        print("geen scenario's gevonden", file=sys.stderr)
        return ONLEESBAAR
    for bestand in bestanden:
        try:
            scenario = laad_scenario(bestand)
        except ScenarioFout as e:
            print(f"ONLEESBAAR {e}")
            mislukt += 1
            ergste = ONLEESBAAR
            continue
        for index, verschillen in controleer(scenario):
            if not verschillen:
                geslaagd += 1
                continue
            mislukt += 1
            afgewezen = any(" afgewezen: " in v for v in verschillen)
            if ergste != ONLEESBAAR:
                ergste = AFGEWEZEN if afgewezen else max(ergste, MISLUKT)
            for verschil in verschillen:
                print(f"MISLUKT {bestand} verwacht[{index}]: {verschil}")
    print(f"{geslaagd} passed, {mislukt} failed")
    return ergste
