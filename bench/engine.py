"""Engine benchmark: the state of one 200-event case, and scenario states per second.

Run: .venv/bin/python bench/engine.py   (target: a 200-event case's state in <= 2 ms)
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from zicht.core import engine
from zicht.core.kalender import AMSTERDAM
from zicht.core.scenario import laad_scenario, scenario_bestanden


def na_dienst_informatie(afspraken: engine.Afspraken) -> list[str]:
    """Everything a hand-over after Onderzoek with monitoring must carry, from the agreement."""
    regel = afspraken.regels("Heerlen", date(2026, 1, 5))("overdracht.na_dienst")
    return [*regel["vereist"], *regel["na_onderzoek"], *regel["bij_monitoring"]]


def casus_met_200_gebeurtenissen(afspraken: engine.Afspraken) -> list[dict[str, object]]:
    """A long case: melding, Onderzoek, hand-over to two gemeenten, 18 months of follow-up."""
    t = datetime(2026, 1, 5, 9, 0, tzinfo=AMSTERDAM)
    personen = [{"id": f"p{i}", "rol": "kind", "gezag": False} for i in range(4)]
    kop = [
        {
            "type": "melding_ontvangen",
            "gemeenten": ["Heerlen", "Kerkrade"],
            "bron": "professional",
            "directbetrokkenen": personen,
        },
        {
            "type": "veiligheidsbeoordeling_afgerond",
            "besluit": "onderzoek",
            "onderbouwing": "x",
            "beoordelaars": ["a", "b"],
        },
        {"type": "dienst_gestart", "dienst": "onderzoek"},
        {
            "type": "dienst_afgerond",
            "oordeel": "hg_km_vastgesteld",
            "veiligheidsvoorwaarden": ["v"],
        },
        {
            "type": "overdracht",
            "moment": "na_dienst",
            "naar": ["lokaal_veld:Heerlen", "lokaal_veld:Kerkrade"],
            "informatie": na_dienst_informatie(afspraken),
        },
        {"type": "overdracht_geaccepteerd", "door": "lokaal_veld:Heerlen"},
        {"type": "overdracht_geaccepteerd", "door": "lokaal_veld:Kerkrade"},
        {"type": "casusregie_belegd", "bij": "lokaal_veld:Heerlen"},
        {
            "type": "plan_vastgesteld",
            "onderdelen": [
                "vertaling_veiligheidsvoorwaarden",
                "termijn_voorwaarden",
                "consequenties",
                "risicofactoren",
                "hulp_en_herstel",
                "afstemming_gemeenten",
                "evaluatiemomenten",
            ],
            "evaluatiemomenten": [f"2026-{m:02d}-15" for m in range(4, 13)],
        },
    ]
    staart = [
        {"type": "monitoringscontact", "scores": [{"door": "p0", "score": 7}]},
        {"type": "evaluatie", "risicofactoren_aangepakt": False},
        {"type": "contact_gestart", "door": "lokaal_veld:Heerlen"},
        {"type": "incident", "omschrijving": "synthetisch"},
    ]
    uit = []
    for i, e in enumerate(kop + [staart[i % 4] for i in range(200 - len(kop))]):
        uit.append({"op": (t + timedelta(days=2 * i)).isoformat(), **e})
    return uit


def main() -> int:
    afspraken = engine.laad_afspraken()
    gebeurtenissen = [
        engine.lees_gebeurtenis(r, i, afspraken)
        for i, r in enumerate(casus_met_200_gebeurtenissen(afspraken))
    ]
    op = gebeurtenissen[-1].op + timedelta(hours=1)
    engine.bereken_toestand(gebeurtenissen, op, afspraken)  # warm caches
    tijden = []
    for _ in range(300):
        begin = time.perf_counter()
        engine.bereken_toestand(gebeurtenissen, op, afspraken)
        tijden.append((time.perf_counter() - begin) * 1000)
    tijden.sort()
    print(
        f"state of a 200-event case: median {statistics.median(tijden):.2f} ms, "
        f"p95 {tijden[int(len(tijden) * 0.95)]:.2f} ms (target <= 2 ms)"
    )

    # The rebuild reads stored events the trusted way (the store checked them on append).
    opgeslagen = [(g.type, g.op, dict(g.velden)) for g in gebeurtenissen]
    tijden = []
    for _ in range(300):
        begin = time.perf_counter()
        gelezen = [engine.lees_opgeslagen(t, moment, v) for t, moment, v in opgeslagen]
        engine.bereken_toestand(gelezen, op, afspraken)
        tijden.append((time.perf_counter() - begin) * 1000)
    mediaan = statistics.median(tijden)
    print(
        f"rebuild path (trusted read + state) of the same case: median {mediaan:.2f} ms, "
        f"{mediaan * 1000 / len(opgeslagen):.1f} µs per event"
    )

    map_ = Path(__file__).resolve().parent.parent / "scenarios"
    scenarios = [laad_scenario(p) for p in scenario_bestanden([str(map_)])]
    vragen = [(s, engine.lees_moment(v["op"])) for s in scenarios for v in s.verwacht if "op" in v]
    begin = time.perf_counter()
    rondes = 0
    while time.perf_counter() - begin < 3:
        for s, moment in vragen:
            with contextlib.suppress(engine.Afwijzing):
                s.toestand(moment)
        rondes += 1
    duur = time.perf_counter() - begin
    print(
        f"scenario states: {rondes * len(vragen) / duur:,.0f} per second "
        f"({len(scenarios)} scenarios, {len(vragen)} moments)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
