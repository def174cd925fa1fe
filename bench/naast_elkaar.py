"""Two commits side by side, in turns: the worklist or the case page, in process, per round.

    .venv/bin/python bench/naast_elkaar.py --oud /tmp/oud --database-oud zicht_oud \
        --database zicht_nieuw [--pagina casuspagina] [--rondes 12] [--per-ronde 100]

Starts one worker process per side: the older checkout at `--oud` (its own `src` first on the
path, this virtualenv) on its own database, and this checkout on `--database`; each database
filled by its own code (bench/README.md, "Against an older commit"). Each worker logs in the
bench's 16 users (bench/schaal.py) and warms up; then the two take turns, `--per-ronde` views
each, the order alternating per round, so both see the same moments of a busy VM. Prints per
side the median CPU and wall time per view of every round, and per round the ratio new / old:
on these VMs one figure moves 20–30% between minutes, a ratio of neighbours far less.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HIER = Path(__file__).resolve().parent


def werker(database: str) -> None:
    """Worker side: per line `pagina n` on stdin, n views; prints the medians of CPU and wall."""
    sys.path.insert(0, str(Path.cwd() / "bench"))
    import schaal  # the checkout's own: its users and sessions

    schaal.django_setup(database)
    from django.conf import settings
    from django.test import Client

    clients = []
    for _, cookie, ids in schaal.sessies():
        c = Client(HTTP_HOST="127.0.0.1")
        c.cookies[settings.SESSION_COOKIE_NAME] = cookie
        clients.append((c, ids))
    teller = {"werkvoorraad": 0, "casuspagina": 0}

    def pad(pagina: str, i: int) -> tuple[Client, str]:
        c, ids = clients[i % len(clients)]
        if pagina == "casuspagina":
            return c, f"/casussen/{ids[(i // len(clients)) % len(ids)]}"
        return c, "/"

    for pagina in teller:
        for i in range(2 * len(clients)):
            c, p = pad(pagina, i)
            assert c.get(p).status_code == 200, p
    print("klaar", flush=True)
    for lijn in sys.stdin:
        pagina, n = lijn.split()
        cpu, muur = [], []
        for _ in range(int(n)):
            c, p = pad(pagina, teller[pagina])
            teller[pagina] += 1
            a, b = time.process_time(), time.perf_counter()
            antwoord = c.get(p)
            cpu.append(time.process_time() - a)
            muur.append(time.perf_counter() - b)
            assert antwoord.status_code == 200, p
        print(
            f"{statistics.median(cpu) * 1000:.2f} {statistics.median(muur) * 1000:.2f}", flush=True
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oud", help="checkout van de oudere commit")
    parser.add_argument("--database-oud")
    parser.add_argument("--database")
    parser.add_argument("--pagina", choices=["werkvoorraad", "casuspagina"], default="casuspagina")
    parser.add_argument("--rondes", type=int, default=12)
    parser.add_argument("--per-ronde", type=int, default=100)
    parser.add_argument("--werker", help=argparse.SUPPRESS)  # the worker side: its database
    args = parser.parse_args()
    if args.werker:
        werker(args.werker)
        return 0
    if not (args.oud and args.database_oud and args.database):
        parser.error("--oud, --database-oud en --database zijn nodig")
    oud = Path(args.oud).resolve()
    zonder = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    kanten = {
        "oud": (oud, args.database_oud, zonder | {"PYTHONPATH": str(oud / "src")}),
        "nieuw": (HIER.parent, args.database, zonder),
    }
    werkers = {
        naam: subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--werker", database],
            cwd=map_,
            env=env | {"ZICHT_DEBUG": env.get("ZICHT_DEBUG", "1")},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for naam, (map_, database, env) in kanten.items()
    }
    uitkomsten: dict[str, list[tuple[float, float]]] = {naam: [] for naam in werkers}
    for naam, proces in werkers.items():
        assert proces.stdout and proces.stdout.readline().strip() == "klaar", naam
    for ronde in range(args.rondes):
        for naam in ("oud", "nieuw") if ronde % 2 == 0 else ("nieuw", "oud"):
            proces = werkers[naam]
            assert proces.stdin and proces.stdout
            proces.stdin.write(f"{args.pagina} {args.per_ronde}\n")
            proces.stdin.flush()
            cpu, muur = map(float, proces.stdout.readline().split())
            uitkomsten[naam].append((cpu, muur))
    for naam, rijen in uitkomsten.items():
        cpu = [c for c, _ in rijen]
        muur = [m for _, m in rijen]
        print(
            f"{naam:5} {args.pagina}: CPU per ronde {' '.join(f'{c:.1f}' for c in cpu)} ms; "
            f"mediaan {statistics.median(cpu):.1f} ms CPU, {statistics.median(muur):.1f} ms wand"
        )
    verhouding = [n[0] / o[0] for o, n in zip(uitkomsten["oud"], uitkomsten["nieuw"], strict=True)]
    print(
        f"nieuw / oud per ronde (CPU): mediaan {statistics.median(verhouding):.2f} "
        f"({' '.join(f'{v:.2f}' for v in verhouding)})"
    )
    for proces in werkers.values():
        assert proces.stdin
        proces.stdin.close()
        proces.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
