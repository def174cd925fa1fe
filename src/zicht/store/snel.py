"""The fast path of `zicht rebuild` for PostgreSQL: stream, fold, COPY.

Events stream in (casus, seq) order through a server-side cursor, as text (orjson and
`datetime.fromisoformat` read it several times faster than the driver's loaders). Each case is
folded once by the engine, reading its events the trusted way (`engine.lees_opgeslagen`: the
store checked them on append), into the same state as `projectie.projecteer`; the projections
go back with COPY: the case state, its open terms and every bulk projection registered by
another app (CasusPartij). The cases are split over worker processes by the first hex digits
of their id; each worker reads on its own connection and hands its COPY text to the parent,
which writes everything in one transaction: the tables are loaded without their indexes and
foreign keys, which are built once at the end (`_bouwwerk`), and an interrupted rebuild
leaves the old projections as they were.
SQLite keeps the normal path (`DjangoStore.herbouw`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import orjson
from django.db import connection, transaction

from zicht.core import engine
from zicht.core.engine import lees_opgeslagen
from zicht.core.kalender import AMSTERDAM
from zicht.core.toestand import iso
from zicht.store.projectie import WERKLIJST_STATUSSEN, afspraken, snelle_json_tekst
from zicht.store.regio import regio
from zicht.store.werkers import werkers


@dataclass(frozen=True)
class BulkCasus:
    """What the bulk rebuild knows of a case besides its events."""

    id: str
    regio: str
    aangemaakt_op: datetime


# Another app's projection in bulk form: its table, its columns, and the rows of one case
# (without the case id, which comes first) from the state and the events, each event as the
# core's step and access rules read it: `{"type": ..., **fields}`.
BulkRijen = Callable[
    [BulkCasus, dict[str, Any], Sequence[Mapping[str, Any]]], Iterable[tuple[Any, ...]]
]


@dataclass(frozen=True)
class BulkProjectie:
    tabel: str
    kolommen: tuple[str, ...]
    rijen: BulkRijen


_BULK: list[BulkProjectie] = []


def registreer_bulk_projectie(projectie: BulkProjectie) -> None:
    if all(p.tabel != projectie.tabel for p in _BULK):
        _BULK.append(projectie)


def _tekst(waarde: Any) -> str:
    """One value in COPY text format."""
    if type(waarde) is str:
        return _ontsnap(waarde)
    if waarde is None:
        return "\\N"
    if isinstance(waarde, datetime | date):
        return waarde.isoformat()
    return _ontsnap(str(waarde))


def _ontsnap(s: str) -> str:
    if "\\" in s or "\t" in s or "\n" in s or "\r" in s:
        s = s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
        s = s.replace("\r", "\\r")
    return s


def copy_rij(*waarden: Any) -> str:
    return "\t".join([_tekst(w) for w in waarden]) + "\n"


def _stroom(
    cur: Any, van: str, tot: str | None
) -> Iterator[tuple[BulkCasus, list[tuple[int, str, datetime, dict[str, Any]]]]]:
    """(case, its events as (seq, type, occurred_at, fields)) per case with van <= id < tot.

    Moments and fields come as text: `datetime.fromisoformat` and orjson read them several
    times faster than the driver's loaders.
    """
    eind = "" if tot is None else "AND g.casus_id < %s::uuid "
    cur.execute(
        "SELECT g.casus_id::text, c.regio, c.aangemaakt_op::text, g.seq, g.type, "
        "g.payload::text, g.occurred_at::text "
        "FROM store_gebeurtenis g JOIN store_casus c ON c.id = g.casus_id "
        f"WHERE g.casus_id >= %s::uuid {eind}"
        "ORDER BY g.casus_id, g.seq",
        (van,) if tot is None else (van, tot),
    )
    loads, tijdstip = orjson.loads, datetime.fromisoformat
    huidige: BulkCasus | None = None
    lijst: list[tuple[int, str, datetime, dict[str, Any]]] = []
    while rijen := cur.fetchmany(5000):
        for cid, reg, sinds, seq, type_, velden, op in rijen:
            if huidige is None or cid != huidige.id:
                if huidige is not None:
                    yield huidige, lijst
                huidige, lijst = BulkCasus(cid, reg, tijdstip(sinds)), []
            lijst.append((seq, type_, tijdstip(op), loads(velden)))
    if huidige is not None:
        yield huidige, lijst


def rijen_van_casus(
    casus: BulkCasus,
    gebeurtenissen: list[tuple[int, str, datetime, dict[str, Any]]],
    moment: datetime,
    uit: dict[str, list[str]],
    overeenkomsten: dict[str, engine.Afspraken] | None = None,
) -> None:
    """The COPY rows of one case's projections, appended per table to `uit`.

    The same state as `projectie.projecteer` computes on every append; the events are read
    the trusted way (`engine.lees_opgeslagen`): the store checked them when it took them.
    `overeenkomsten` keeps each region's agreement for a run of cases (asked once per region).
    """
    if overeenkomsten is None:
        overeenkomsten = {}
    overeenkomst = overeenkomsten.get(casus.regio)
    if overeenkomst is None:
        overeenkomst = overeenkomsten[casus.regio] = afspraken(casus.regio)
    gelezen = [lees_opgeslagen(t, op, v) for _, t, op, v in gebeurtenissen]
    # The last event is the latest: the fold refuses events out of time order.
    op = max(moment, gelezen[-1].op).astimezone(AMSTERDAM)
    toestand = engine.bereken_toestand(gelezen, op, overeenkomst)
    cid = casus.id
    uit["store_casusprojectie"].append(
        f"{cid}\t{_ontsnap(snelle_json_tekst(toestand))}\t{iso(moment)}\t{gebeurtenissen[-1][0]}"
        f"\t{_tekst(toestand.get('herzien_op'))}\n"
    )
    termijnen = uit["store_opentermijn"]
    for t in toestand["termijnen"]:
        if t.get("status") in WERKLIJST_STATUSSEN:  # the rows `projectie.projecteer` gives
            termijnen.append(
                copy_rij(
                    cid,
                    t.get("code", ""),
                    t.get("partij", ""),
                    t.get("uiterlijk"),
                    t.get("status", ""),
                    t.get("grond") or "",
                )
            )
    if _BULK:
        rauw = []
        for _, t, _, v in gebeurtenissen:
            v["type"] = t  # the fields as stored, with their type: `{"type": ..., **fields}`
            rauw.append(v)
        sinds, sinds_tekst = casus.aangemaakt_op, casus.aangemaakt_op.isoformat()
        for p in _BULK:
            rijen = uit[p.tabel]
            for rij in p.rijen(casus, toestand, rauw):
                velden = [sinds_tekst if w is sinds else _tekst(w) for w in rij]
                rijen.append("\t".join([cid, *velden]) + "\n")


def _kolommen() -> dict[str, tuple[str, ...]]:
    return {
        "store_casusprojectie": ("casus_id", "toestand", "bijgewerkt_op", "seq", "herzien_op"),
        "store_opentermijn": ("casus_id", "code", "partij", "uiterlijk", "status", "grond"),
        **{p.tabel: ("casus_id", *p.kolommen) for p in _BULK},
    }


def _schrijf(cur: Any, kolommen: dict[str, tuple[str, ...]], uit: dict[str, bytes]) -> None:
    for tabel, blok in uit.items():
        if blok:
            with cur.copy(f"COPY {tabel} ({', '.join(kolommen[tabel])}) FROM STDIN") as copy:
                copy.write(blok)


def herbouw_deel(van: str, tot: str | None, moment: datetime) -> tuple[int, int, dict[str, bytes]]:
    """Fold the cases in [van, tot) on a connection of this process, read-only; (cases,
    events, the COPY text per projection table)."""
    uit: dict[str, list[str]] = {t: [] for t in _kolommen()}
    casussen = gebeurtenissen = 0
    overeenkomsten: dict[str, engine.Afspraken] = {}  # one part is folded at one moment
    with connection.cursor() as gewoon:
        rauw = gewoon.connection
        with (
            rauw.transaction(),
            rauw.cursor(name=f"herbouw_{van[:8]}", withhold=False) as lezer,
            rauw.cursor() as cur,
        ):
            cur.execute("SET TRANSACTION READ ONLY")
            cur.execute("SET LOCAL TIME ZONE 'UTC'")  # moments as text: one offset
            lezer.itersize = 5000
            for casus, lijst in _stroom(lezer, van, tot):
                rijen_van_casus(casus, lijst, moment, uit, overeenkomsten)
                casussen += 1
                gebeurtenissen += len(lijst)
    return casussen, gebeurtenissen, {t: "".join(r).encode() for t, r in uit.items()}


def _bouwwerk(cur: Any, tabellen: Sequence[str]) -> tuple[list[str], list[str]]:
    """The indexes and constraints of the tables, as (drop, restore) statements.

    Loading a table without them and building each index once afterwards costs a fraction of
    keeping it up to date row by row (pg_restore does the same). Primary and unique keys another
    table's foreign key depends on stay, and so do foreign keys: dropping one would lock the
    table it points to (store_casus) against the workers' reads until the commit.
    """
    cur.execute(
        "SELECT c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid) "
        "FROM pg_constraint c WHERE c.conrelid = ANY(%s::regclass[]) "
        "AND c.contype IN ('p', 'u') AND NOT EXISTS ("
        "SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = c.conrelid "
        "AND f.conindid = c.conindid) ORDER BY 1, 2",
        (list(tabellen),),
    )
    sleutels = cur.fetchall()
    cur.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid) ORDER BY 1",
        (list(tabellen),),
    )
    indexen = cur.fetchall()
    weg = [f'ALTER TABLE {t} DROP CONSTRAINT "{n}"' for t, n, _, _ in sleutels]
    weg += [f"DROP INDEX {n}" for n, _ in indexen]
    terug = [f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, _, d in sleutels]
    terug += [d for _, d in indexen]
    return weg, terug


def _grenzen(delen: int) -> list[tuple[str, str | None]]:
    """Split the uuid space into `delen` ranges on the first two hex digits."""
    stappen = [round(256 * i / delen) for i in range(delen)]
    naar = [f"{s:02x}000000-0000-0000-0000-000000000000" for s in stappen]
    return [(naar[i], naar[i + 1] if i + 1 < len(naar) else None) for i in range(delen)]


def _werker(taak: tuple[str, str | None, datetime]) -> tuple[int, int, dict[str, bytes]]:
    return herbouw_deel(*taak)


def herbouw(
    moment: datetime, processen: int | None = None, voortgang: Callable[[int, int], None] = print
) -> tuple[int, int, float]:
    """Replace every projection table by a rebuild from the events; (cases, events, seconds).

    One transaction in this process: empty the tables, drop their indexes and keys, COPY in
    what the worker processes fold (they only read events), rebuild indexes and keys, commit.
    Interrupted at any point, even killed, the old projections stay as they were; appends wait
    for the commit (TRUNCATE locks the projection tables) and then project from all events.
    """
    processen = processen or max(1, min(os.cpu_count() or 1, 8))
    begin = time.monotonic()
    kolommen = _kolommen()
    tabellen = list(kolommen)
    # Many small parts: each worker's COPY text stays small, the progress visible.
    delen = _grenzen(256)
    casussen = gebeurtenissen = 0
    afspraken(regio())  # loaded and checked here once, not in every worker after the fork
    with (
        werkers(processen) as pool,
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute(f"TRUNCATE {', '.join(tabellen)}")
        weg, terug = _bouwwerk(cur, tabellen)
        for opdracht in weg:
            cur.execute(opdracht)
        taken = [(v, t, moment) for v, t in delen]
        for i, (c, g, uit) in enumerate(pool.imap_unordered(_werker, taken), 1):
            _schrijf(cur, kolommen, uit)
            casussen += c
            gebeurtenissen += g
            if i % 16 == 0 or i == len(taken):
                voortgang(casussen, gebeurtenissen)
        # Deferred foreign-key checks first: a table with pending ones cannot be altered.
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for opdracht in terug:
            cur.execute(opdracht)
    with connection.cursor() as cur:
        # VACUUM too: fresh rows are not all-visible, so without it the worklist's counts and
        # waiting hand-overs read the heap instead of the index (index-only scans).
        cur.execute(f"VACUUM (ANALYZE) {', '.join(tabellen)}")
    return casussen, gebeurtenissen, time.monotonic() - begin
