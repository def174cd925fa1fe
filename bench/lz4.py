"""How PostgreSQL's TOAST compression of the case state costs: pglz (the default) against lz4
(store migration 0012).

20,000 states made from the scenarios' expected moments (their years varied, so no two rows
are the same), in a scratch table of the `postgres` database on 127.0.0.1, three rounds of:
COPY them in; read one key of each (`toestand->'signalen'`, as the worklist does); 2,000 single
UPDATEs (as an append writes its case's state, one transaction each); the table's size.

    .venv/bin/python bench/lz4.py
"""

from __future__ import annotations

import contextlib
import random
import sys
import time
from pathlib import Path

import orjson
import psycopg

from zicht.core import engine
from zicht.core.scenario import laad_scenario, scenario_bestanden

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
N = 20_000


def staten() -> list[str]:
    uit = []
    for pad in scenario_bestanden([str(SCENARIOS)]):
        s = laad_scenario(pad)
        for v in s.verwacht:
            if "op" in v:
                with contextlib.suppress(engine.Afwijzing):
                    uit.append(orjson.dumps(s.toestand(engine.lees_moment(v["op"]))).decode())
    return uit


def main() -> int:
    bron = staten()
    kans = random.Random(1)  # noqa: S311 - synthetic test data, not security
    rijen = [kans.choice(bron).replace("2026-", f"20{kans.randint(10, 40)}-") for _ in range(N)]
    print(
        f"{len(bron)} states from the scenarios, {N} rows of on average "
        f"{sum(map(len, rijen)) // N} bytes, {sum(len(r) > 2000 for r in rijen)} beyond 2 KB"
    )
    uit: dict[str, list[tuple[float, float, float, float]]] = {"pglz": [], "lz4": []}
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as c:
        for _ in range(3):
            for methode in uit:
                c.execute("DROP TABLE IF EXISTS bench_lz4")
                c.execute(
                    f"CREATE TABLE bench_lz4 (id int PRIMARY KEY, s jsonb COMPRESSION {methode})"
                )
                begin = time.perf_counter()
                with c.cursor() as cur, cur.copy("COPY bench_lz4 (id, s) FROM STDIN") as copy:
                    for i, r in enumerate(rijen):
                        copy.write_row((i, r))
                kopie = time.perf_counter() - begin
                c.execute("VACUUM ANALYZE bench_lz4")
                begin = time.perf_counter()
                c.execute("SELECT sum(jsonb_array_length(s->'signalen')) FROM bench_lz4").fetchone()
                sleutel = time.perf_counter() - begin
                begin = time.perf_counter()
                for i in range(2000):
                    c.execute(
                        "UPDATE bench_lz4 SET s = %s::jsonb WHERE id = %s", (rijen[-1 - i], i)
                    )
                bijwerken = (time.perf_counter() - begin) / 2000 * 1e6
                rij = c.execute("SELECT pg_total_relation_size('bench_lz4')").fetchone()
                uit[methode].append((kopie, sleutel, bijwerken, (rij[0] if rij else 0) / 1e6))
        c.execute("DROP TABLE bench_lz4")
    for methode, r in uit.items():
        print(
            f"{methode}: COPY {N}: {' / '.join(f'{x[0]:.2f} s' for x in r)}"
            f" | one key of each: {' / '.join(f'{x[1]:.3f} s' for x in r)}"
            f" | UPDATE: {' / '.join(f'{x[2]:.0f} µs' for x in r)} | {r[0][3]:.1f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
