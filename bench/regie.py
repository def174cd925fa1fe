"""Regie at scale (issue 13): the refresh of the regie tables, the dashboard pages, the
capacity outlook for a national-size year.

    ZICHT_DB=postgres ZICHT_PG_NAME=zicht_regie .venv/bin/python bench/regie.py [--casussen 50000]

Fills the database to N generated cases (`zicht genereer`, only what is missing), runs the full
refresh (`regie.verversen.ververs`), then asks each dashboard page 20 times in-process through
Django's test client as a logged-in beleidsmedewerker (own gemeente) and as Veilig Thuis
management (all 16 gemeenten: the largest page), and simulates a year of 130,000 meldingen
(the national inflow of Veilig Thuis organisations) with the capacity model. Target: every page
within 500 ms. A page reads the monthly tables only, whose size is bounded by months x gemeenten
x parties x term codes, not by the number of cases; the row counts are printed with the timings.
Writes bench/RESULTS-regie.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DOEL_MS = 500
PAGINAS = {
    "dashboard, eigen gemeente": ("beleid", "/regie/"),
    "dashboard, hele regio (management VT)": ("vt.regie", "/regie/"),
    "dashboard, regio, één partij": ("vt.regie", "/regie/?partij=veilig_thuis"),
    "export CSV termijnen per gebied": ("vt.regie", "/regie/export/termijnen_per_gebied.csv"),
    "export XLSX instroom": ("vt.regie", "/regie/export/instroom_bron.xlsx"),
    "capaciteit (6 maanden, wat-als)": ("beleid", "/regie/capaciteit"),
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--casussen", type=int, default=50_000)
    parser.add_argument("--keer", type=int, default=20)
    parser.add_argument(
        "--zonder-verversen", action="store_true", help="de regietabellen staan er al"
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.web.settings")
    if os.environ.get("ZICHT_DB") != "postgres":
        print("Zet ZICHT_DB=postgres en ZICHT_PG_NAME (bijv. zicht_regie).", file=sys.stderr)
        return 2
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from zicht.store.models import Casus, Gebeurtenis

    er = Casus.objects.count()
    if er < args.casussen:
        subprocess.run(
            [str(BIN / "zicht"), "genereer", "--casussen", str(args.casussen - er)],
            check=True,
        )
    uitkomst: dict[str, str] = {
        "casussen": f"{Casus.objects.count():,}",
        "gebeurtenissen": f"{Gebeurtenis.objects.count():,}",
    }

    from django.utils import timezone

    from zicht.regie import verversen
    from zicht.regie.models import DoorlooptijdCijfer, InstroomCijfer, Stand, TermijnCijfer

    if args.zonder_verversen and Stand.objects.exists():
        uitkomst["verversen"] = "niet opnieuw gemeten (--zonder-verversen)"
    else:
        begin = time.monotonic()
        geteld = verversen.ververs(timezone.localtime())
        duur = time.monotonic() - begin
        uitkomst["verversen"] = f"{duur:.1f} s voor {geteld:,} casussen ({geteld / duur:,.0f}/s)"
    print("verversen:", uitkomst["verversen"])
    uitkomst["rijen"] = (
        f"termijnen {TermijnCijfer.objects.count():,}, doorlooptijden "
        f"{DoorlooptijdCijfer.objects.count():,}, instroom {InstroomCijfer.objects.count():,}"
    )
    assert Stand.objects.exists()

    metingen = paginas(args.keer)
    capaciteit = nationaal_jaar()

    regels = [
        "# Regie op schaal — resultaten van `bench/regie.py`",
        "",
        f"- datum: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {os.cpu_count()} kernen, {platform.platform()}, Python "
        f"{platform.python_version()}; load average bij de start {os.getloadavg()[0]:.1f}",
        f"- commit: {git('rev-parse', '--short', 'HEAD')}",
        f"- N: {uitkomst['casussen']} casussen, {uitkomst['gebeurtenissen']} gebeurtenissen",
        f"- verversen van de regietabellen: {uitkomst['verversen']}",
        f"- regietabellen: {uitkomst['rijen']} rijen",
        "",
        "| pagina | eerste keer na verversen | daarna mediaan | daarna p95 | doel | gehaald |",
        "|---|---|---|---|---|---|",
    ]
    for naam, (eerste, mediaan, p95) in metingen.items():
        gehaald = "ja" if max(eerste, p95) <= DOEL_MS else "**nee**"
        regels.append(
            f"| {naam} | {eerste:.0f} ms | {mediaan:.0f} ms | {p95:.0f} ms | ≤ {DOEL_MS} ms "
            f"| {gehaald} |"
        )
    regels += [
        "",
        f"Capaciteitsvooruitzicht, een landelijk jaar: {capaciteit}",
        "",
    ]
    (ROOT / "bench" / "RESULTS-regie.md").write_text("\n".join(regels), encoding="utf-8")
    print("\n".join(regels))
    return 0


def paginas(keer: int) -> dict[str, tuple[float, float, float]]:
    from django.contrib.auth.models import User
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from zicht.casuswerk.demodata.vullen import organisaties
    from zicht.casuswerk.models import Medewerker, Organisatie

    organisaties()
    clients: dict[str, Client] = {}
    for naam, org in (("beleid", "gemeente:Heerlen"), ("vt.regie", "veilig_thuis")):
        user, _ = User.objects.get_or_create(username=f"bench.{naam}")
        Medewerker.objects.get_or_create(
            user=user,
            defaults={"organisatie": Organisatie.objects.get(code=org), "rol": "beleidsmedewerker"},
        )
        apparaat, _ = TOTPDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        sessie = client.session
        sessie[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
        sessie.save()
        clients[naam] = client
    for client in clients.values():  # the process's first request: imports, URL conf
        client.get("/")
    uit = {}
    for naam, (wie, pad) in PAGINAS.items():
        client = clients[wie]
        begin = time.perf_counter()
        assert client.get(pad).status_code == 200, pad  # the first look computes the tables
        eerste = (time.perf_counter() - begin) * 1000
        tijden = []
        for _ in range(keer):
            begin = time.perf_counter()
            antwoord = client.get(pad)
            tijden.append((time.perf_counter() - begin) * 1000)
            assert antwoord.status_code == 200
        tijden.sort()
        uit[naam] = (eerste, statistics.median(tijden), tijden[int(0.95 * (len(tijden) - 1))])
        _, mediaan, p95 = uit[naam]
        print(f"{naam}: eerste {eerste:.0f} ms, mediaan {mediaan:.0f} ms, p95 {p95:.0f} ms")
    return uit


def nationaal_jaar() -> str:
    from zicht.core.engine import laad_afspraken
    from zicht.core.kalender import AMSTERDAM
    from zicht.regie.capaciteit import Invoer, simuleer

    afspraken = laad_afspraken()
    gemeenten = sorted(afspraken.gemeenten())
    invoer = Invoer(
        start=datetime(2027, 1, 1, tzinfo=AMSTERDAM),
        maanden=12,
        instroom_per_maand={g: 130_000 / 12 / len(gemeenten) for g in gemeenten},
        aandeel_lokaal_veld=0.4,
        beoordeling_dagen=[1, 2, 3, 3, 4, 5, 6],
        contact_dagen=[5, 10, 14, 20, 25],
    )
    begin = time.monotonic()
    uit = simuleer(invoer, afspraken)
    duur = time.monotonic() - begin
    tekst = f"{uit.casussen:,} meldingen in 12 maanden gesimuleerd in {duur:.1f} s"
    print(tekst)
    return tekst


def git(*args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True, cwd=ROOT).stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
