"""Zicht at national scale (issue #6), measured against PostgreSQL's own limit on this machine.

    .venv/bin/python bench/schaal.py [--casussen 1000000] [--database zicht_bench]

In one go: pgbench's simple-update (-N) and select-only (-S) on a scratch database as the
baseline; the bench database filled to N generated cases (`zicht genereer`, only what is
missing); a full projection rebuild (`zicht rebuild`, events/s); a bounded load test on
127.0.0.1 (16 logged-in users of different organisations on gunicorn, worklist and case pages);
a sustained append test through `DjangoStore.voeg_toe`; the RSS of one web worker. Prints every
figure with its ratio to the baseline and writes bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import platform
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG = ["-h", "127.0.0.1", "-U", "postgres"]
GEBRUIKERS = (  # 16 users: (organisation, role)
    *[("veilig_thuis", "vt_medewerker")] * 3,
    ("veilig_thuis", "vt_gedragswetenschapper"),
    *[
        (f"lokaal_veld:{g}", "lokaal_veld_medewerker")
        for g in (
            "Maastricht",
            "Heerlen",
            "Sittard-Geleen",
            "Kerkrade",
            "Landgraaf",
            "Brunssum",
            "Beekdaelen",
            "Stein",
        )
    ],
    *[
        (f"gemeente:{g}", "procescoordinator")
        for g in ("Maastricht", "Heerlen", "Sittard-Geleen", "Kerkrade")
    ],
)
DOELEN = {
    "werkvoorraad_mediaan_ms": 25,
    "werkvoorraad_p95_ms": 60,
    "casuspagina_p95_ms": 60,
    "toevoegen_per_s": 500,
    "toevoegen_tov_pgbench": 0.25,
    "herbouw_per_s": 100_000,
    "worker_rss_mb": 300,
}


def sh(*cmd: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout


# --- baseline -------------------------------------------------------------------------------


def pgbench(duur: int, database: str) -> dict[str, float]:
    # Its own scratch database per bench database: several benches may run on one server.
    db = f"{database}_pgbench"
    sh("dropdb", *PG, "--if-exists", db)
    sh("createdb", *PG, db)
    sh("pgbench", *PG, "-i", "-s", "10", "-q", db)
    uit: dict[str, float] = {}
    for naam, vlag in (("simple_update", "-N"), ("select_only", "-S")):
        tekst = sh("pgbench", *PG, vlag, "-c", "16", "-j", "2", "-T", str(duur), db)
        uit[f"{naam}_tps"] = float(re.search(r"tps = ([\d.]+)", tekst).group(1))  # type: ignore[union-attr]
        uit[f"{naam}_ms"] = float(re.search(r"latency average = ([\d.]+) ms", tekst).group(1))  # type: ignore[union-attr]
        print(
            f"pgbench {vlag}: {uit[f'{naam}_tps']:,.0f} tps, {uit[f'{naam}_ms']:.2f} ms gemiddeld"
        )
    sh("dropdb", *PG, "--if-exists", db)
    return uit


# --- data -----------------------------------------------------------------------------------


def django_setup(database: str) -> None:
    os.environ["ZICHT_DB"] = "postgres"
    os.environ["ZICHT_PG_NAME"] = database
    # The bench database is made and filled by the superuser, without the least-privilege roles
    # of a deployment (`zicht db-rollen`); outside development the app would connect as
    # zicht_app, which owns nothing here. The bench's servers use the same user as the bench.
    os.environ.setdefault("ZICHT_PG_USER", "postgres")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.web.settings")
    # Production settings fail closed without secrets (issue #16): benchmark-only ones.
    os.environ.setdefault("ZICHT_SECRET_KEY", "bench-" + "x" * 44)
    os.environ.setdefault("ZICHT_KETEN_SLEUTELS", "bench:bench-sleutel-niet-voor-productie")
    import django

    django.setup()


def vul(database: str, casussen: int) -> dict[str, float]:
    from zicht.store.models import Casus, Gebeurtenis

    er = Casus.objects.count()
    if er < casussen:
        print(f"genereren: {casussen - er:,} casussen erbij (er zijn er {er:,})")
        begin = time.monotonic()
        subprocess.run(
            [
                str(BIN / "zicht"),
                "genereer",
                "--casussen",
                str(casussen - er),
                "--zonder-projecties",
            ],
            check=True,
            env=os.environ.copy(),
        )
        print(f"genereren klaar in {time.monotonic() - begin:.0f} s")
    uit = {"casussen": float(Casus.objects.count())}
    uit["gebeurtenissen"] = float(Gebeurtenis.objects.count())
    return uit


def herbouw() -> dict[str, float]:
    tekst = sh(str(BIN / "zicht"), "rebuild", env=os.environ.copy())
    lijn = tekst.strip().splitlines()[-1]
    print(lijn)
    m = re.search(r"\(([\d]+) gebeurtenissen in ([\d.]+) s, ([\d,]+) gebeurtenissen/s\)", lijn)
    assert m, lijn
    return {"herbouw_s": float(m.group(2)), "herbouw_per_s": float(m.group(3).replace(",", ""))}


# --- users and sessions ---------------------------------------------------------------------


def sessies() -> list[tuple[str, str, list[str]]]:
    """(username, session cookie, case ids this user may see) per user."""
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from zicht.casuswerk.toegang import besluit
    from zicht.core.toegang import werkpartijen
    from zicht.store.models import OpenTermijn
    from zicht.toepassing.modellen import Medewerker, Organisatie

    uit = []
    for i, (organisatie, rol) in enumerate(GEBRUIKERS):
        user, nieuw = User.objects.get_or_create(username=f"bench.{i:02d}")
        if nieuw:
            Medewerker.objects.create(
                user=user, organisatie=Organisatie.objects.get(code=organisatie), rol=rol
            )
        apparaat = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if apparaat is None:
            apparaat = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        client = Client()
        client.force_login(user)
        sessie = client.session
        sessie[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
        sessie.save()
        medewerker = Medewerker.objects.select_related("organisatie", "user").get(user=user)
        partijen = werkpartijen(organisatie, rol)
        ids = [
            str(c)
            for c in OpenTermijn.objects.filter(partij__in=partijen)
            .order_by("uiterlijk")
            .values_list("casus_id", flat=True)[:300]
        ]
        ids = [c for c in dict.fromkeys(ids) if besluit(medewerker, "casus_inzien", c)][:100]
        uit.append((user.username, client.cookies[settings.SESSION_COOKIE_NAME].value, ids))
    return uit


# --- load test ------------------------------------------------------------------------------


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    for lijn in Path(f"/proc/{pid}/status").read_text().splitlines():
        if lijn.startswith("VmRSS:"):
            return int(lijn.split()[1]) / 1024
    return 0.0


def kinderen(pid: int) -> list[int]:
    uit = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                velden = (p / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(velden[1]) == pid:
                uit.append(int(p.name))
    return uit


def belasting(
    gebruikers: list[tuple[str, str, list[str]]],
    duur: float,
    workers: int,
    threads: int,
    max_verzoeken: int,
    denktijd: float,
) -> dict[str, Any]:
    poort = vrije_poort()
    env = os.environ.copy() | {"ZICHT_DEBUG": "", "ZICHT_LOGNIVEAU": "WARNING"}
    env.setdefault("ZICHT_SECRET_KEY", "bench-" + os.urandom(16).hex())  # settings fail closed
    gunicorn = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "zicht.web.wsgi:application",
            "--bind",
            f"127.0.0.1:{poort}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", poort), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        metingen: dict[str, list[float]] = {"werkvoorraad": [], "casuspagina": []}
        fouten: list[str] = []
        slot = threading.Lock()
        stop_op = [0.0]
        teller = [0]

        def gebruiker(naam: str, cookie: str, ids: list[str], meten: bool) -> None:
            rnd = random.Random(naam)
            verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=30)
            kop = {"Cookie": f"sessionid={cookie}", "Host": "127.0.0.1"}
            while time.monotonic() < stop_op[0]:
                with slot:
                    if teller[0] >= max_verzoeken:
                        return
                    teller[0] += 1
                soort = "casuspagina" if ids and rnd.random() < 0.5 else "werkvoorraad"
                pad = f"/casussen/{rnd.choice(ids)}" if soort == "casuspagina" else "/"
                begin = time.perf_counter()
                verbinding.request("GET", pad, headers=kop)
                antwoord = verbinding.getresponse()
                antwoord.read()
                ms = (time.perf_counter() - begin) * 1000
                if antwoord.status != 200:
                    with slot:
                        fouten.append(f"{naam} {pad} {antwoord.status}")
                    continue
                if meten:
                    with slot:
                        metingen[soort].append(ms)
                if denktijd:  # a person reads the page before the next click
                    time.sleep(rnd.uniform(0.5, 1.5) * denktijd)
            verbinding.close()

        def ronde(seconden: float, meten: bool) -> None:
            stop_op[0] = time.monotonic() + seconden
            draden = [
                threading.Thread(target=gebruiker, args=(n, c, ids, meten))
                for n, c, ids in gebruikers
            ]
            for d in draden:
                d.start()
            for d in draden:
                d.join()

        ronde(5, meten=False)  # warm-up: imports, caches, connections
        teller[0] = 0
        rss: list[float] = []

        def meet_rss() -> None:
            while time.monotonic() < stop_op[0]:
                rss.extend(rss_mb(p) for p in kinderen(gunicorn.pid))
                time.sleep(1)

        stop_op[0] = time.monotonic() + duur
        bewaker = threading.Thread(target=meet_rss)
        bewaker.start()
        begin = time.monotonic()
        ronde(duur, meten=True)
        verstreken = time.monotonic() - begin
        bewaker.join()
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
    uit: dict[str, Any] = {"fouten": len(fouten), "voorbeeld_fouten": fouten[:5]}
    for soort, lijst in metingen.items():
        lijst.sort()
        uit[f"{soort}_aantal"] = len(lijst)
        uit[f"{soort}_mediaan_ms"] = statistics.median(lijst) if lijst else float("nan")
        uit[f"{soort}_p95_ms"] = lijst[int(0.95 * (len(lijst) - 1))] if lijst else float("nan")
    uit["verzoeken_per_s"] = sum(len(v) for v in metingen.values()) / verstreken
    uit["worker_rss_mb"] = max(rss) if rss else float("nan")
    return uit


# --- appends --------------------------------------------------------------------------------


def _toevoeger(taak: tuple[dict[str, int], float, int]) -> tuple[int, int, int, float]:
    """One client process: appends to random cases of its own until `stop_op`. Like a real
    client it knows the seq of the case it writes to (from its last read or append), so it does
    not read it again first; a conflict would tell it the current one."""
    from django.db import connections

    connections.close_all()
    from zicht.store.contract import Conflict, NieuweGebeurtenis
    from zicht.store.django_store import DjangoStore

    seqs, stop_op, zaad = taak
    ids = list(seqs)
    rnd, store = random.Random(zaad), DjangoStore()
    gelukt = conflicten = geweigerd = 0
    cpu = time.process_time()
    while time.time() < stop_op:
        casus_id = rnd.choice(ids)
        nu = datetime.now(UTC)
        gebeurtenis = NieuweGebeurtenis(
            "incident", nu, {"omschrijving": f"notitie:{uuid.UUID(int=rnd.getrandbits(128))}"}
        )
        try:
            seqs[casus_id] = store.voeg_toe(
                casus_id, seqs[casus_id], gebeurtenis, "bench.vt", "veilig_thuis", nu
            )
            gelukt += 1
        except Conflict as conflict:  # another process appended to this case first
            seqs[casus_id] = conflict.actueel
            conflicten += 1
        except Exception:  # noqa: BLE001 - an engine refusal counts, it does not stop the test
            geweigerd += 1
    return gelukt, conflicten, geweigerd, time.process_time() - cpu


def toevoegen(duur: float, processen: int) -> dict[str, float]:
    from django.db import connections

    from zicht.store.models import OpenTermijn

    rijen = OpenTermijn.objects.filter(partij__startswith="lokaal_veld:").values_list(
        "casus_id", "casus__laatste_seq"
    )[:20_000]
    seqs = {str(casus_id): seq for casus_id, seq in rijen}
    ids = list(seqs)
    connections.close_all()
    stop_op = time.time() + duur
    # Each process its own cases, as each worker its own: the seq it knows stays current.
    taken = [({i: seqs[i] for i in ids[z::processen]}, stop_op, z) for z in range(processen)]
    begin = time.monotonic()
    with multiprocessing.get_context("fork").Pool(processen) as pool:
        uitkomsten = pool.map(_toevoeger, taken)
    verstreken = time.monotonic() - begin
    gelukt = sum(u[0] for u in uitkomsten)
    return {
        "toevoegen_per_s": gelukt / verstreken,
        "toevoegen_aantal": float(gelukt),
        "toevoegen_conflicten": float(sum(u[1] for u in uitkomsten)),
        "toevoegen_geweigerd": float(sum(u[2] for u in uitkomsten)),
        "toevoegen_casussen": float(len(seqs)),
        # CPU of the client processes (Django, the engine) per append; PostgreSQL's comes on top
        "toevoegen_client_cpu_ms": 1000 * sum(u[3] for u in uitkomsten) / max(gelukt, 1),
    }


# --- report ---------------------------------------------------------------------------------


def rapport(r: dict[str, Any], args: argparse.Namespace) -> str:
    def ok(goed: bool) -> str:
        return "ja" if goed else "**nee**"

    su, so = r["simple_update_tps"], r["select_only_ms"]
    rijen = [
        ("pgbench simple-update (-N), 16 clients", f"{su:,.0f} tps", "basislijn", ""),
        (
            "pgbench select-only (-S), 16 clients",
            f"{r['select_only_tps']:,.0f} tps, {so:.2f} ms gem.",
            "basislijn",
            "",
        ),
        (
            "werkvoorraad mediaan (16 gebruikers)",
            f"{r['werkvoorraad_mediaan_ms']:.1f} ms",
            f"≤ 25 ms; {r['werkvoorraad_mediaan_ms'] / so:.0f}× pgbench -S",
            ok(r["werkvoorraad_mediaan_ms"] <= 25),
        ),
        (
            "werkvoorraad p95",
            f"{r['werkvoorraad_p95_ms']:.1f} ms",
            f"≤ 60 ms; {r['werkvoorraad_p95_ms'] / so:.0f}× pgbench -S",
            ok(r["werkvoorraad_p95_ms"] <= 60),
        ),
        (
            "casuspagina mediaan",
            f"{r['casuspagina_mediaan_ms']:.1f} ms",
            f"{r['casuspagina_mediaan_ms'] / so:.0f}× pgbench -S",
            "",
        ),
        (
            "casuspagina p95",
            f"{r['casuspagina_p95_ms']:.1f} ms",
            f"≤ 60 ms; {r['casuspagina_p95_ms'] / so:.0f}× pgbench -S",
            ok(r["casuspagina_p95_ms"] <= 60),
        ),
        (
            "pagina's per seconde (totaal)",
            f"{r['verzoeken_per_s']:,.0f}/s",
            f"{r['fouten']} fouten",
            "",
        ),
        (
            "verzadigd, geen denktijd: pagina's/s",
            f"{r['verzadigd_verzoeken_per_s']:,.0f}/s",
            f"werkvoorraad mediaan {r['verzadigd_werkvoorraad_mediaan_ms']:.0f} ms / p95 "
            f"{r['verzadigd_werkvoorraad_p95_ms']:.0f} ms; casuspagina mediaan "
            f"{r['verzadigd_casuspagina_mediaan_ms']:.0f} ms / p95 "
            f"{r['verzadigd_casuspagina_p95_ms']:.0f} ms",
            "",
        ),
        (
            "toevoegen (voeg_toe, 30 s)",
            f"{r['toevoegen_per_s']:,.0f}/s",
            f"≥ 500/s en ≥ 25% van -N; {r['toevoegen_per_s'] / su:.0%} van -N",
            ok(r["toevoegen_per_s"] >= 500 and r["toevoegen_per_s"] >= 0.25 * su),
        ),
        (
            "projecties herbouwen",
            f"{r['herbouw_per_s']:,.0f} gebeurtenissen/s",
            f"≥ 100,000/s; {r['herbouw_s']:.0f} s in totaal",
            ok(r["herbouw_per_s"] >= 100_000),
        ),
        (
            "RSS van één gunicorn-worker onder last",
            f"{r['worker_rss_mb']:.0f} MB",
            "≤ 300 MB",
            ok(r["worker_rss_mb"] <= 300),
        ),
    ]
    commit = sh("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD").strip()
    schoon = sh("git", "-C", str(ROOT), "status", "--porcelain").strip()
    lijnen = [
        "# Zicht op schaal — resultaten van `bench/schaal.py`",
        "",
        f"- datum: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {os.cpu_count()} kernen, {_geheugen()} GiB RAM, {platform.platform()}, "
        f"Python {platform.python_version()}, {_pg_versie()}",
        f"- PostgreSQL-instellingen: {_pg_instellingen()}",
        # Other work on the machine moves every figure: its load is part of the result.
        f"- belasting (load average 1/5/15 min): bij het begin {r['belasting_begin']}, "
        f"aan het eind {_belasting()}",
        f"- commit: {commit}{' (met niet-gecommitte wijzigingen)' if schoon else ''}",
        f"- N: {r['casussen']:,.0f} casussen, {r['gebeurtenissen']:,.0f} gebeurtenissen "
        f"(gevraagd: {args.casussen:,})",
        f"- webserver: gunicorn, {args.workers} gthread-workers × {args.threads} threads, "
        "DEBUG uit; "
        f"last: 16 gebruikers, {args.duur} s, denktijd gemiddeld {args.denktijd} s tussen "
        f"klikken, hoogstens {args.max_verzoeken:,} verzoeken; daarnaast 15 s zonder denktijd",
        f"- toevoegen: {args.toevoeg_processen} processen, "
        f"{r['toevoegen_casussen']:,.0f} casussen, {r['toevoegen_aantal']:,.0f} gelukt, "
        f"{r['toevoegen_conflicten']:,.0f} conflicten, {r['toevoegen_geweigerd']:,.0f} geweigerd, "
        f"{r['toevoegen_client_cpu_ms']:.2f} ms CPU van de client per toevoeging",
        "",
        "| meting | waarde | doel / verhouding | gehaald |",
        "|---|---|---|---|",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rijen],
        "",
    ]
    return "\n".join(lijnen)


def _belasting() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def _pg_instellingen() -> str:
    namen = ("shared_buffers", "effective_cache_size", "max_wal_size", "synchronous_commit")
    return ", ".join(f"{n} {sh('psql', *PG, '-tAc', f'SHOW {n}').strip()}" for n in namen)


# The generated table goes above this line; what follows it (analysis, profiles) is written by
# hand and kept when the script rewrites the file.
TOELICHTING = "## Toelichting"


def schrijf(pad: Path, tabel: str) -> None:
    oud = pad.read_text() if pad.exists() else ""
    rest = oud[oud.index(TOELICHTING) :] if TOELICHTING in oud else ""
    pad.write_text(tabel + ("\n" + rest if rest else ""))


def _geheugen() -> int:
    kb = int(Path("/proc/meminfo").read_text().split()[1])
    return round(kb / 1024 / 1024)


def _pg_versie() -> str:
    return (
        sh("psql", *PG, "-tAc", "SHOW server_version").strip().split()[0].join(["PostgreSQL ", ""])
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--casussen", type=int, default=1_000_000)
    parser.add_argument("--database", default="zicht_bench")
    parser.add_argument("--duur", type=int, default=30, help="seconden per meting")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn-workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn-worker")
    parser.add_argument("--max-verzoeken", type=int, default=50_000)
    parser.add_argument("--toevoeg-processen", type=int, default=4)
    parser.add_argument(
        "--denktijd", type=float, default=1.0, help="seconden tussen twee klikken (gemiddeld)"
    )
    parser.add_argument("--zonder-herbouw", action="store_true")
    parser.add_argument("--uit", default=str(ROOT / "bench" / "RESULTS.md"))
    args = parser.parse_args()

    if (
        subprocess.run(
            ["psql", *PG, "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{args.database}'"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        != "1"
    ):
        sh("createdb", *PG, args.database)
    django_setup(args.database)
    sh(str(BIN / "zicht"), "beheer", "migrate", "--noinput", "-v0", env=os.environ.copy())
    r: dict[str, Any] = {"belasting_begin": _belasting()}
    r |= pgbench(args.duur, args.database)
    r |= vul(args.database, args.casussen)
    if args.zonder_herbouw:
        r |= {"herbouw_s": float("nan"), "herbouw_per_s": float("nan")}
    else:
        r |= herbouw()
        # The rebuild leaves gigabytes of dirty buffers; flush them now rather than during the
        # page measurements (a rebuild is maintenance, not something users work through).
        sh("psql", *PG, "-d", args.database, "-tAc", "CHECKPOINT")
    gebruikers = sessies()
    # The measured load first, on a settled system; then saturation (its thousands of
    # access-log rows would leave autovacuum busy during a measurement that followed it).
    r |= belasting(
        gebruikers, args.duur, args.workers, args.threads, args.max_verzoeken, args.denktijd
    )
    keer = r["werkvoorraad_mediaan_ms"] / r["select_only_ms"]
    print(
        f"werkvoorraad: mediaan {r['werkvoorraad_mediaan_ms']:.1f} ms, p95 "
        f"{r['werkvoorraad_p95_ms']:.1f} ms ({keer:.0f}× pgbench -S); "
        f"casuspagina: mediaan {r['casuspagina_mediaan_ms']:.1f} ms, p95 "
        f"{r['casuspagina_p95_ms']:.1f} ms; {r['verzoeken_per_s']:.0f} pagina's/s, "
        f"{r['fouten']} fouten {r['voorbeeld_fouten']}; worker RSS {r['worker_rss_mb']:.0f} MB"
    )
    vol = belasting(
        gebruikers, min(args.duur, 15), args.workers, args.threads, args.max_verzoeken, 0.0
    )
    r |= {f"verzadigd_{k}": v for k, v in vol.items()}
    print(
        f"verzadigd (geen denktijd): {vol['verzoeken_per_s']:.0f} pagina's/s, werkvoorraad "
        f"mediaan {vol['werkvoorraad_mediaan_ms']:.0f} ms, casuspagina mediaan "
        f"{vol['casuspagina_mediaan_ms']:.0f} ms"
    )
    r |= toevoegen(args.duur, args.toevoeg_processen)
    print(
        f"toevoegen: {r['toevoegen_per_s']:.0f}/s "
        f"({r['toevoegen_per_s'] / r['simple_update_tps']:.0%} van pgbench -N)"
    )
    tekst = rapport(r, args)
    schrijf(Path(args.uit), tekst)
    print(tekst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
