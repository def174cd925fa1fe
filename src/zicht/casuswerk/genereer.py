"""`zicht genereer`: many synthetic cases in bulk (benchmarks), then the projections.

Django loads only when the command runs (the dispatcher imports this module for --help).
"""

from __future__ import annotations

import argparse
import os
from typing import Any

SETTINGS = "zicht.web.settings"


def voeg_toe(subparsers: Any) -> None:
    opdracht = subparsers.add_parser(
        "genereer",
        help="veel synthetische casussen in bulk (COPY op PostgreSQL), daarna de projecties",
    )
    opdracht.add_argument("--casussen", type=int, required=True, help="aantal casussen")
    opdracht.add_argument("--zaad", type=int, default=2026, help="startwaarde van het toeval")
    opdracht.add_argument("--nu", help="het moment waar de casussen naartoe lopen (standaard nu)")
    opdracht.add_argument("--processen", type=int, help="werkprocessen (standaard: elke kern)")
    opdracht.add_argument(
        "--database-check",
        action="store_true",
        help="na afloop een steekproef: hashketen en engine per casus",
    )
    opdracht.add_argument(
        "--zonder-projecties", action="store_true", help="alleen gebeurtenissen schrijven"
    )
    opdracht.set_defaults(uitvoeren=genereer)


def genereer(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.utils import timezone
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from zicht.casuswerk.demo import WACHTWOORD
    from zicht.casuswerk.demodata import bulk
    from zicht.casuswerk.demodata.vullen import GEBRUIKERS, gebruikers, organisaties
    from zicht.core.engine import lees_moment
    from zicht.store import bulk as opslag_bulk

    nu = lees_moment(args.nu) if args.nu else timezone.localtime()
    organisaties()
    if not User.objects.filter(username=GEBRUIKERS[0][0]).exists():
        gebruikers(WACHTWOORD)
    kolommen = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[tempo]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*kolommen) as balk:
        taak = balk.add_task("casussen", total=args.casussen, tempo="")

        def voortgang(casussen: int, gebeurtenissen: int) -> None:
            duur = balk.tasks[0].elapsed or 1e-9
            tempo = f"{gebeurtenissen:,} gebeurtenissen, {gebeurtenissen / duur:,.0f}/s"
            balk.update(taak, completed=casussen, tempo=tempo)

        casussen, gebeurtenissen, duur = bulk.schrijf(
            args.casussen, args.zaad, nu, voortgang, args.processen
        )
    print(
        f"{casussen:,} casussen, {gebeurtenissen:,} gebeurtenissen in {duur:.1f} s "
        f"({gebeurtenissen / max(duur, 1e-9):,.0f} gebeurtenissen/s)"
    )
    if not args.zonder_projecties:
        if connection.vendor == "postgresql":
            with Progress(*kolommen) as balk:
                taak = balk.add_task("projecties", total=casussen, tempo="")

                def stap(c: int, g: int) -> None:
                    duur = balk.tasks[0].elapsed or 1e-9
                    balk.update(taak, completed=c, tempo=f"{g / duur:,.0f} gebeurtenissen/s")

                c, g, d = opslag_bulk.herbouw(nu, args.processen, stap) or (0, 0, 0.0)
            print(f"projecties: {c:,} casussen, {g:,} gebeurtenissen in {d:.1f} s ({g / d:,.0f}/s)")
        else:
            opslag_bulk.herbouw(nu)
    if args.database_check:
        fouten = [r for r in bulk.steekproef(200) if r["breuk"] or r["fout"]]
        for r in fouten:
            print(f"FOUT casus {r['casus']}: {r['breuk'] or r['fout']}")
        print(f"steekproef: {len(fouten)} fouten in 200 casussen")
        return 1 if fouten else 0
    return 0
