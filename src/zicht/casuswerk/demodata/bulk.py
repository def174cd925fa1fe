"""Write the rows of `massa.py`: COPY into PostgreSQL from worker processes, else the ORM."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from zicht.casuswerk.demodata import massa
from zicht.store.bulk import copy_rij, kopieer
from zicht.store.models import Casus, Gebeurtenis
from zicht.store.projectie import json_tekst
from zicht.store.regio import regio
from zicht.store.werkers import werkers
from zicht.toepassing.modellen import Gezin, Notitie

BLOK = 2000  # cases per COPY transaction

KOLOMMEN = {
    "store_casus": ("id", "regio", "aangemaakt_op", "laatste_seq", "zegel"),
    "store_gebeurtenis": (
        "casus_id",
        "seq",
        "type",
        "payload",
        "occurred_at",
        "recorded_at",
        "actor",
        "organisatie",
        "afspraakversie",
        "vorige_hash",
        "hash",
        "sleutel",
    ),
    "casuswerk_gezin": ("casus_id", "naam", "personen", "melder"),
    "casuswerk_notitie": ("casus_id", "sleutel", "tekst"),
}


def _copy_rijen(rijen: Iterable[massa.Casusrijen]) -> tuple[dict[str, list[str]], int, int]:
    uit: dict[str, list[str]] = {t: [] for t in KOLOMMEN}
    casussen = gebeurtenissen = 0
    for r in rijen:
        uit["store_casus"].append(copy_rij(r.id, regio(), r.aangemaakt_op, r.laatste_seq, r.zegel))
        uit["casuswerk_gezin"].append(copy_rij(r.id, r.naam, json_tekst(r.personen), "{}"))
        uit["casuswerk_notitie"] += [copy_rij(r.id, s, t) for s, t in r.notities]
        for g in r.gebeurtenissen:
            uit["store_gebeurtenis"].append(
                copy_rij(
                    r.id,
                    g["seq"],
                    g["type"],
                    json_tekst(g["payload"]),
                    g["occurred_at"],
                    g["recorded_at"],
                    g["actor"],
                    g["organisatie"],
                    g["afspraakversie"],
                    g["vorige_hash"],
                    g["hash"],
                    g["sleutel"],
                )
            )
        casussen += 1
        gebeurtenissen += len(r.gebeurtenissen)
    return uit, casussen, gebeurtenissen


def kopieer_blok(taak: tuple[int, int, datetime]) -> tuple[int, int]:
    """Generate and COPY one block of cases in one transaction; (cases, events)."""
    zaad, aantal, nu = taak
    rijen, casussen, gebeurtenissen = _copy_rijen(massa.casussen(aantal, zaad, nu))
    kopieer(KOLOMMEN, rijen)  # cases first: the foreign keys
    return casussen, gebeurtenissen


def _werker(taak: tuple[int, int, datetime]) -> tuple[int, int]:
    return kopieer_blok(taak)


def schrijf(
    aantal: int,
    zaad: int,
    nu: datetime,
    voortgang: Callable[[int, int], None] = lambda c, g: None,
    processen: int | None = None,
    orm: bool = False,
) -> tuple[int, int, float]:
    """Write `aantal` cases; (cases, events, seconds). Projections are not touched.

    PostgreSQL: COPY from worker processes, each committing its own blocks. `orm=True` (or
    another database): the ORM, in the caller's transaction (tests)."""
    begin = time.monotonic()
    # A second run adds other cases: the seed counts the cases already there.
    basis = random.Random(f"{zaad}:{Casus.objects.count()}")
    taken = [(basis.getrandbits(63), min(BLOK, aantal - i), nu) for i in range(0, aantal, BLOK)]
    casussen = gebeurtenissen = 0
    if orm or connection.vendor != "postgresql":
        for z, n, moment in taken:
            c, g = _orm(massa.casussen(n, z, moment))
            casussen, gebeurtenissen = casussen + c, gebeurtenissen + g
            voortgang(casussen, gebeurtenissen)
        return casussen, gebeurtenissen, time.monotonic() - begin
    processen = processen or max(1, min(os.cpu_count() or 1, 8))
    with werkers(processen) as pool:
        for c, g in pool.imap_unordered(_werker, taken):
            casussen, gebeurtenissen = casussen + c, gebeurtenissen + g
            voortgang(casussen, gebeurtenissen)
    with connection.cursor() as cur:
        cur.execute(f"ANALYZE {', '.join(KOLOMMEN)}")
    return casussen, gebeurtenissen, time.monotonic() - begin


def _orm(rijen: Iterable[massa.Casusrijen]) -> tuple[int, int]:
    casussen = gebeurtenissen = 0
    with transaction.atomic():
        for r in rijen:
            Casus.objects.create(
                id=r.id,
                regio=regio(),
                aangemaakt_op=r.aangemaakt_op,
                laatste_seq=r.laatste_seq,
                zegel=r.zegel,
            )
            Gezin.objects.create(casus_id=r.id, naam=r.naam, personen=r.personen)
            Notitie.objects.bulk_create(
                Notitie(casus_id=r.id, sleutel=s, tekst=t) for s, t in r.notities
            )
            Gebeurtenis.objects.bulk_create(
                Gebeurtenis(casus_id=r.id, **g) for g in r.gebeurtenissen
            )
            casussen += 1
            gebeurtenissen += len(r.gebeurtenissen)
    return casussen, gebeurtenissen


def steekproef(aantal: int, zaad: int = 1) -> list[dict[str, Any]]:
    """Random stored cases for `--database-check`: id, chain break (or None), engine error."""
    from zicht.store.bulk import VELDEN, eerste_breuk
    from zicht.store.projectie import engine_projector, projecteer
    from zicht.toepassing import opslag

    store = opslag.store()
    with connection.cursor() as cur:
        cur.execute("SELECT id::text FROM store_casus TABLESAMPLE SYSTEM (1) LIMIT %s", [aantal])
        ids = [r[0] for r in cur.fetchall()]
    if len(ids) < aantal:
        ids = [str(i) for i in Casus.objects.order_by("?").values_list("id", flat=True)[:aantal]]
    uit = []
    for cid in ids:
        casus = Casus.objects.get(pk=cid)
        rijen = list(
            Gebeurtenis.objects.filter(casus_id=cid)
            .order_by("seq")
            .values(*VELDEN, "hash", "vorige_hash", "sleutel")
        )
        breuk = eerste_breuk(
            cid, rijen, casus.laatste_seq, settings.ZICHT_KETEN_SLEUTELS, casus.zegel
        )
        fout = None
        try:
            projecteer(
                store.gebeurtenissen(cid),
                datetime.now().astimezone(),
                casus.regio,
                engine_projector,
            )
        except Exception as e:  # noqa: BLE001 - reported, not raised
            fout = f"{type(e).__name__}: {e}"
        uit.append({"casus": cid, "breuk": None if breuk is None else str(breuk), "fout": fout})
    return uit
