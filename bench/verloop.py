"""The deadline sweep (issue 14) over a large database: does it touch only what is due?

    .venv/bin/python bench/verloop.py --database zicht_bench [--nu 2026-11-21T00:00:30]

Uses a database filled by `bench/schaal.py` (1M cases: `zicht_bench`) or by
`zicht genereer --casussen N --nu ...` (set ZICHT_PG_NAME). Measures, on PostgreSQL:
the due-cases query's plan and time (it must use the index `termijn_verloop` and read only the
due rows); a first sweep at `--nu` (every term that fell due since the projections were made:
the catch-up after downtime); a second sweep a minute later (the steady state: nothing due);
a sweep the next day (one day's deadlines). The sweeps write (projections, `Verloop`), so a
second run on the same database measures the steady state only: use a copy
(`createdb -T zicht_bench zicht_bench_verloop`) to measure the catch-up again.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def setup(database: str) -> None:
    os.environ["ZICHT_DB"] = "postgres"
    os.environ["ZICHT_PG_NAME"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.web.settings")
    os.environ.setdefault("ZICHT_LOGNIVEAU", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def plan(dag: str) -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "EXPLAIN (ANALYZE, BUFFERS) SELECT DISTINCT casus_id FROM store_opentermijn "
            "WHERE status = 'open' AND uiterlijk < %s",
            [dag],
        )
        return "\n".join(r[0] for r in cur.fetchall())


def veeg(nu: datetime) -> tuple[float, int, int]:
    from zicht.signalering import verloop

    begin = time.perf_counter()
    resultaat = verloop.veeg(nu)
    return time.perf_counter() - begin, resultaat.casussen, len(resultaat.gevuurd)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="zicht_bench")
    parser.add_argument("--nu", help="moment of the first sweep (default: now)")
    args = parser.parse_args()
    setup(args.database)
    from zicht.store.models import Casus, OpenTermijn

    nu = (
        datetime.fromisoformat(args.nu).replace(tzinfo=AMSTERDAM)
        if args.nu
        else datetime.now(AMSTERDAM)
    )
    casussen = Casus.objects.count()
    termijnen = OpenTermijn.objects.count()
    open_nu = OpenTermijn.objects.filter(status="open", uiterlijk__lt=nu.date()).count()
    print(f"database {args.database}: {casussen:,} casussen, {termijnen:,} open termijnrijen")
    print(f"due bij {nu:%Y-%m-%d %H:%M}: {open_nu:,} termijnrijen nog 'open' na hun uiterlijk")
    print(plan(nu.date().isoformat()))
    metingen = [
        ("eerste ronde (inhalen)", nu),
        ("een minuut later (niets te doen)", nu + timedelta(minutes=1)),
        (
            "de volgende dag, 00:00:30",
            (nu + timedelta(days=1)).replace(hour=0, minute=0, second=30),
        ),
        ("daarna, een minuut later", (nu + timedelta(days=1)).replace(hour=0, minute=1, second=30)),
    ]
    for naam, moment in metingen:
        duur, aangeraakt, gevuurd = veeg(moment)
        per_casus = f", {duur / aangeraakt * 1000:.1f} ms per casus" if aangeraakt else ""
        print(
            f"{naam}: {duur * 1000:,.0f} ms, {aangeraakt:,} casussen opnieuw gevouwen "
            f"({aangeraakt / max(casussen, 1):.2%} van alle), {gevuurd:,} termijnen gevuurd"
            + per_casus
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
