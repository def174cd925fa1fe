"""The deadline sweep (issue 14) over a large database: does it touch only what is due?

    .venv/bin/python bench/verloop.py --database zicht_bench [--nu 2026-11-21T00:00:30]

Uses a database filled by `bench/schaal.py` (1M cases: `zicht_bench`) or by `zicht genereer
--casussen N --nu ...` (set ZICHT_PG_NAME). Measures, on PostgreSQL: the due-cases queries' plans
and times (they must use the indexes `termijn_verloop` and `projectie_herzien_op` and read only the
due rows, never every case); a first sweep at `--nu` (every term that fell due since the
projections were made: the catch-up after downtime); a second sweep a minute later (the steady
state: nothing due); a sweep the next day (one day's deadlines). The sweeps write (projections,
`Verloop`), so a second run on the same database measures the steady state only: use a copy
(`createdb -T zicht_bench zicht_bench_verloop`) to measure the catch-up again, or `--kopie`, which
makes that copy itself (and drops it afterwards). Nothing is rebuilt: a database filled before
`herzien_op` existed (store migration 0009) is migrated (a nullable column and its index) and its
overdue terms are found through `termijn_verloop`; its undated moments only after the next append
or `zicht rebuild` (the count of projections without `herzien_op` is printed).
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


def plan(sql: str, parameters: list[object]) -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", parameters)
        return "\n".join(r[0] for r in cur.fetchall())


def plannen(nu: datetime) -> str:
    """The sweep's two due-cases queries, as `verloop.due_casussen` sends them."""
    from django.db import connection

    from zicht.signalering import verloop

    with connection.execute_wrapper(_bewaar := _Bewaar()):
        verloop.due_casussen(nu, nu.date(), None)
    return "\n\n".join(plan(sql, list(p)) for sql, p in _bewaar.statements)


class _Bewaar:
    def __init__(self) -> None:
        self.statements: list[tuple[str, tuple[object, ...]]] = []

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.statements.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)


def kopie(bron: str) -> str:
    import subprocess

    doel = f"{bron}_verloop_kopie"
    beheer = ["-h", os.environ.get("ZICHT_PG_HOST", "127.0.0.1"), "-U", "postgres"]
    subprocess.run(["dropdb", *beheer, "--if-exists", doel], check=True)
    subprocess.run(["createdb", *beheer, "-T", bron, doel], check=True)
    return doel


def veeg(nu: datetime) -> tuple[float, int, int, int]:
    """(seconds, cases folded again, terms fired, signals and zicht changes time brought)."""
    from zicht.signalering import verloop
    from zicht.signalering.models import Verloop

    begin = time.perf_counter()
    resultaat = verloop.veeg(nu)
    duur = time.perf_counter() - begin
    termijnen = sum(1 for v in resultaat.gevuurd if v.soort == Verloop.TERMIJN)
    return duur, resultaat.casussen, termijnen, len(resultaat.gevuurd) - termijnen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="zicht_bench")
    parser.add_argument("--nu", help="moment of the first sweep (default: now)")
    parser.add_argument(
        "--kopie", action="store_true", help="sweep a copy of the database (createdb -T)"
    )
    parser.add_argument("--partij", type=int, help="due cases per transaction (ZICHT_VEEG_PARTIJ)")
    args = parser.parse_args()
    if args.partij:
        os.environ["ZICHT_VEEG_PARTIJ"] = str(args.partij)
    database = kopie(args.database) if args.kopie else args.database
    setup(database)
    from zicht.store.models import Casus, CasusProjectie, OpenTermijn

    nu = (
        datetime.fromisoformat(args.nu).replace(tzinfo=AMSTERDAM)
        if args.nu
        else datetime.now(AMSTERDAM)
    )
    casussen = Casus.objects.count()
    termijnen = OpenTermijn.objects.count()
    open_nu = OpenTermijn.objects.filter(status="open", uiterlijk__lt=nu.date()).count()
    herzien = CasusProjectie.objects.filter(herzien_op__lte=nu).count()
    zonder = CasusProjectie.objects.filter(herzien_op__isnull=True).count()
    print(f"database {database}: {casussen:,} casussen, {termijnen:,} open termijnrijen")
    print(f"due bij {nu:%Y-%m-%d %H:%M}: {open_nu:,} termijnrijen nog 'open' na hun uiterlijk, ")
    print(f"  {herzien:,} projecties met herzien_op voorbij; {zonder:,} zonder herzien_op")
    print(plannen(nu))
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
        duur, aangeraakt, gevuurd, signalen = veeg(moment)
        per_casus = f", {duur / aangeraakt * 1000:.1f} ms per casus" if aangeraakt else ""
        print(
            f"{naam}: {duur * 1000:,.0f} ms, {aangeraakt:,} casussen opnieuw gevouwen "
            f"({aangeraakt / max(casussen, 1):.2%} van alle), {gevuurd:,} termijnen gevuurd, "
            f"{signalen:,} signalen of zichtwijzigingen" + per_casus
        )
    if args.kopie:
        from django.db import connections

        connections.close_all()
        import subprocess

        beheer = ["-h", os.environ.get("ZICHT_PG_HOST", "127.0.0.1"), "-U", "postgres"]
        subprocess.run(["dropdb", *beheer, "--if-exists", database], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
