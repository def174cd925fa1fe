"""The fold of an older commit against now: the same events, one process, in turns.

The fold (read the stored events, replay them, write the state as JSON) runs on every append,
per case in the rebuild and on every case page. Timing it in two processes on this VM moves
by 30% between runs of the same code; here both cores fold the same cases in one process,
round after round, the order swapped per round, with the garbage collector off while timing;
it prints the fastest round per side and the median of the per-round ratios (the two sides of a
round run within a second of each other, so a slow minute of the VM hits both).

The older core is copied from a checkout of that commit (`git worktree add /tmp/oud <commit>`)
as the package `zicht_oud` (its `zicht.core` imports rewritten; the core is pure Python) with
its agreement files. Both read the events of the database given, as the rebuild streams them.
A case the older core refuses (an event type it does not know) is left out on both sides.

    ZICHT_DB=postgres ZICHT_PG_NAME=zicht_nieuw .venv/bin/python bench/vouw_naast_elkaar.py \\
        --oud /tmp/oud --casussen 800 --rondes 12
"""

from __future__ import annotations

import argparse
import copy
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

Vouw = Callable[[list[tuple[int, str, datetime, dict[str, Any]]]], None]


def oude_kern(checkout: Path) -> Path:
    """A copy of the checkout's core and agreement files as the package `zicht_oud`."""
    map_ = Path(tempfile.mkdtemp(prefix="vouw_oud_"))
    pakket = map_ / "zicht_oud"
    pakket.mkdir()
    (pakket / "__init__.py").write_text("")
    shutil.copytree(checkout / "src/zicht/core", pakket / "core")
    shutil.copytree(checkout / "src/zicht/afspraken", pakket / "afspraken")
    for bron in (pakket / "core").glob("*.py"):
        tekst = bron.read_text()
        bron.write_text(tekst.replace("zicht.core", "zicht_oud.core"))
    return map_


def vouwers(map_: Path, moment: datetime) -> dict[str, Vouw]:
    """Per side, the whole fold: the phased one below, its phase times thrown away."""
    return {
        naam: (lambda g, vouw=vouw: vouw(g, [0.0] * len(FASEN)))
        for naam, vouw in fasen_van(map_, moment).items()
    }


FASEN = ("lezen", "vouwen", "stand", "json")
Fasen = Callable[[list[tuple[int, str, datetime, dict[str, Any]]], list[float]], None]


def fasen_van(map_: Path, moment: datetime) -> dict[str, Fasen]:
    """Per side, the fold in its four phases, each timed into `tel` (seconds, by FASEN): read the
    events, fold them, build the state, write it as JSON. `--fasen` says where a difference is."""
    import orjson

    sys.path.insert(0, str(map_))
    from zicht_oud.core import engine as oud_engine  # type: ignore[import-not-found]
    from zicht_oud.core import toestand as oud_toestand  # type: ignore[import-not-found]

    from zicht.core import engine, toestand
    from zicht.core.kalender import AMSTERDAM

    def kant(e: Any, t: Any, afspraken: Any) -> Fasen:
        def vouw(
            gebeurtenissen: list[tuple[int, str, datetime, dict[str, Any]]], tel: list[float]
        ) -> None:
            klok = time.perf_counter
            t0 = klok()
            gelezen = [e.lees_opgeslagen(s, op, v) for _, s, op, v in gebeurtenissen]
            t1 = klok()
            op = max(moment, gelezen[-1].op).astimezone(AMSTERDAM)
            if hasattr(e, "bereken"):
                casus = e.bereken(gelezen, op, afspraken)
            else:  # before the application layer: the order was checked apart from the fold
                e.controleer_volgorde(gelezen)
                casus = e.fold(gelezen, op, afspraken)
            t2 = klok()
            stand = t.toestand(casus, op)
            t3 = klok()
            orjson.dumps(stand)
            t4 = klok()
            for i, duur in enumerate((t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
                tel[i] += duur

        return vouw

    return {
        "oud": kant(oud_engine, oud_toestand, oud_engine.laad_afspraken("zuid-limburg")),
        "nu": kant(engine, toestand, engine.afspraken_van("zuid-limburg")),
    }


def toon_fasen(kanten: dict[str, Fasen], casussen: list[Any], rondes: int) -> None:
    aantal = sum(len(g) for g in casussen)
    snelste: dict[str, list[float]] = {}
    for ronde in range(rondes):
        volgorde = list(kanten.items())
        for naam, vouw in volgorde if ronde % 2 == 0 else reversed(volgorde):
            kopie, tel = copy.deepcopy(casussen), [0.0] * len(FASEN)
            gc.collect()
            gc.disable()
            for gebeurtenissen in kopie:
                vouw(gebeurtenissen, tel)
            gc.enable()
            snelste[naam] = [min(a, b) for a, b in zip(snelste.get(naam, tel), tel, strict=True)]
    print(f"{len(casussen)} casussen, {aantal} gebeurtenissen; µs per gebeurtenis, snelste ronde")
    print("     " + " ".join(f"{f:>7s}" for f in FASEN) + "  samen")
    for naam, tijden in snelste.items():
        print(f"{naam:4s} " + " ".join(f"{1e6 * d / aantal:7.2f}" for d in tijden), end="")
        print(f"  {1e6 * sum(tijden) / aantal:6.2f}")


def lees_casussen(aantal: int) -> list[list[tuple[int, str, datetime, dict[str, Any]]]]:
    from django.db import connection

    from zicht.store import snel

    casussen = []
    with connection.cursor() as gewoon:
        rauw = gewoon.connection
        with rauw.transaction(), rauw.cursor(name="vouw_naast_elkaar") as lezer:
            rauw.execute("SET LOCAL TIME ZONE 'UTC'")
            begin = "00000000-0000-0000-0000-000000000000"
            for _, gebeurtenissen in snel._stroom(lezer, begin, None):
                casussen.append(gebeurtenissen)
                if len(casussen) >= aantal:
                    break
    return casussen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--oud", type=Path, required=True, help="checkout van de oudere commit")
    parser.add_argument("--casussen", type=int, default=800)
    parser.add_argument("--rondes", type=int, default=12)
    parser.add_argument(
        "--fasen", action="store_true", help="per fase: lezen, vouwen, stand, json (snelste ronde)"
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.web.settings")
    import django

    django.setup()
    moment = datetime.now(UTC)
    oud = oude_kern(args.oud)
    kanten = vouwers(oud, moment)
    casussen = []
    for gebeurtenissen in lees_casussen(args.casussen):
        try:
            for vouw in kanten.values():
                vouw(copy.deepcopy(gebeurtenissen))
        except Exception:  # noqa: BLE001 - a case one side refuses is compared on neither
            continue
        casussen.append(gebeurtenissen)
    if args.fasen:
        toon_fasen(fasen_van(oud, moment), casussen, args.rondes)
        return
    aantal = sum(len(g) for g in casussen)
    snelste: dict[str, float] = {}
    verhoudingen = []  # now / older per round: both sides timed within a second of each other
    for ronde in range(args.rondes):
        deze: dict[str, float] = {}
        volgorde = list(kanten.items())
        for naam, vouw in volgorde if ronde % 2 == 0 else reversed(volgorde):
            kopie = copy.deepcopy(casussen)  # the fold may keep what it reads: fresh input
            gc.collect()
            gc.disable()
            begin = time.process_time()
            for gebeurtenissen in kopie:
                vouw(gebeurtenissen)
            duur = time.process_time() - begin
            gc.enable()
            snelste[naam] = min(snelste.get(naam, duur), duur)
            deze[naam] = duur
        verhoudingen.append(deze["nu"] / deze["oud"])
    print(f"{len(casussen)} casussen, {aantal} gebeurtenissen, {args.rondes} rondes (snelste telt)")
    for naam, duur in snelste.items():
        print(f"{naam:4s} {1e6 * duur / aantal:6.2f} µs per gebeurtenis, CPU")
    print(f"nu / oud, snelste: {snelste['nu'] / snelste['oud']:.2f}")
    kwart = statistics.quantiles(verhoudingen, n=4)
    print(f"nu / oud per ronde: mediaan {kwart[1]:.2f} (kwartielen {kwart[0]:.2f}–{kwart[2]:.2f})")


if __name__ == "__main__":
    main()
