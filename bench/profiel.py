"""Where one page's CPU goes (issue #17): the worklist and the case page, in process, profiled.

    ZICHT_DEBUG=1 .venv/bin/python bench/profiel.py --database zicht_bench [--aantal 200]

Against a database that bench/schaal.py filled (the same 16 users and sessions): the pages are
requested through Django's full stack (every middleware, the session, the second factor, the
access log) with the test client, first once each to warm up, then `--aantal` times under
cProfile with CPU time as the clock. Prints per page the CPU and wall time per request, the
number of queries and their time as PostgreSQL reports it to the client, and the functions
that take the most CPU (own and cumulative). Nothing is written to bench/RESULTS.md: this is
the profile behind its figures.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import schaal  # noqa: E402  (the bench's own users and sessions)

ROOT = schaal.ROOT


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="zicht_bench")
    parser.add_argument("--aantal", type=int, default=200, help="verzoeken per pagina")
    parser.add_argument("--regels", type=int, default=30, help="functies per lijst")
    args = parser.parse_args()
    schaal.django_setup(args.database)

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    gebruikers = schaal.sessies()
    clients = []
    for _, cookie, ids in gebruikers:
        c = Client(HTTP_HOST="127.0.0.1")
        c.cookies[settings.SESSION_COOKIE_NAME] = cookie
        clients.append((c, ids))

    def pad(soort: str, i: int) -> tuple[Client, str]:
        c, ids = clients[i % len(clients)]
        if soort == "casuspagina":
            return c, f"/casussen/{ids[i % len(ids)]}"
        return c, "/"

    def druk(kop: str, profiel: cProfile.Profile, regels: int) -> None:
        lijsten = (
            ("eigen tijd", "tottime", ()),
            ("cumulatief", "cumulative", ()),
            ("cumulatief, alleen zicht", "cumulative", ("src/zicht/",)),
        )
        print(kop)
        for titel, sortering, filter_ in lijsten:
            uit = io.StringIO()
            stats = pstats.Stats(profiel, stream=uit).sort_stats(sortering)
            stats.print_stats(*filter_, regels)
            rijen = [r for r in uit.getvalue().splitlines() if r.strip()]
            print(f"### {titel}")
            print("\n".join(r.replace(str(ROOT) + "/", "") for r in rijen[4:]))

    for soort in ("werkvoorraad", "casuspagina"):
        for i in range(len(clients)):  # warm up: every user once
            c, p = pad(soort, i)
            assert c.get(p).status_code == 200, p
        with CaptureQueriesContext(connection) as q:
            c, p = pad(soort, 0)
            c.get(p)
        queries = len(q.captured_queries)
        profiel = cProfile.Profile(time.process_time)
        cpu0, muur0 = time.process_time(), time.perf_counter()
        profiel.enable()
        for i in range(args.aantal):
            c, p = pad(soort, i)
            antwoord = c.get(p)
            assert antwoord.status_code == 200, (p, antwoord.status_code)
        profiel.disable()
        cpu = (time.process_time() - cpu0) / args.aantal * 1000
        muur = (time.perf_counter() - muur0) / args.aantal * 1000
        # Without the profiler: its own overhead inflates the CPU above.
        cpu1, muur1 = time.process_time(), time.perf_counter()
        for i in range(args.aantal):
            c, p = pad(soort, i)
            c.get(p)
        kaal_cpu = (time.process_time() - cpu1) / args.aantal * 1000
        kaal_muur = (time.perf_counter() - muur1) / args.aantal * 1000
        druk(
            f"\n## {soort}: {kaal_cpu:.1f} ms CPU, {kaal_muur:.1f} ms wandtijd per verzoek "
            f"(onder cProfile {cpu:.1f} / {muur:.1f} ms), {queries} queries",
            profiel,
            args.regels,
        )
    toevoegen(args.aantal, druk, args.regels)
    return 0


def toevoegen(aantal: int, druk: Any, regels: int) -> None:
    """`aantal` appends (an incident) to open cases of the lokale velden, as bench/schaal.py's
    append processes do, one process, under cProfile; then as many without it."""
    from datetime import UTC, datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zicht.store.contract import NieuweGebeurtenis
    from zicht.store.django_store import DjangoStore
    from zicht.store.models import OpenTermijn

    rijen = OpenTermijn.objects.filter(partij__startswith="lokaal_veld:").values_list(
        "casus_id", "casus__laatste_seq"
    )[: 3 * aantal]
    seqs = {str(c): s for c, s in rijen}
    ids = list(seqs)
    store = DjangoStore()

    def een(i: int) -> None:
        casus_id = ids[i % len(ids)]
        nu = datetime.now(UTC)
        velden = {"omschrijving": f"notitie:{uuid.uuid4()}"}
        seqs[casus_id] = store.voeg_toe(
            casus_id,
            seqs[casus_id],
            NieuweGebeurtenis("incident", nu, velden),
            "bench.vt",
            "veilig_thuis",
            nu,
        )

    with CaptureQueriesContext(connection) as q:
        een(0)
    profiel = cProfile.Profile(time.process_time)
    cpu0 = time.process_time()
    profiel.enable()
    for i in range(1, aantal + 1):
        een(i)
    profiel.disable()
    onder = (time.process_time() - cpu0) / aantal * 1000
    cpu1, muur1 = time.process_time(), time.perf_counter()
    for i in range(aantal + 1, 2 * aantal + 1):
        een(i)
    kaal = (time.process_time() - cpu1) / aantal * 1000
    muur = (time.perf_counter() - muur1) / aantal * 1000
    druk(
        f"\n## toevoegen: {kaal:.2f} ms CPU van de client, {muur:.2f} ms wandtijd per "
        f"toevoeging (onder cProfile {onder:.2f} ms), {len(q.captured_queries)} queries",
        profiel,
        regels,
    )


if __name__ == "__main__":
    raise SystemExit(main())
