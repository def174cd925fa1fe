"""The fast path of `zicht rebuild` for PostgreSQL: stream, fold, COPY.

Events stream in (casus, seq) order through a server-side cursor; each case is folded once by
the same `projecteer` as every append, and the projections go back with COPY: the case state,
its open terms and every bulk projection registered by another app (CasusPartij). The cases are
split over worker processes by the first hex digit of their id; each worker has its own
connection and its own transaction. SQLite keeps the normal path (`DjangoStore.herbouw`).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection, connections

from zicht.store.contract import NieuweGebeurtenis, OpgeslagenGebeurtenis
from zicht.store.projectie import engine_projector, projecteer_voor_copy


@dataclass(frozen=True)
class BulkCasus:
    """What the bulk rebuild knows of a case besides its events."""

    id: str
    regio: str
    aangemaakt_op: datetime


# Another app's projection in bulk form: its table, its columns, and the rows of one case
# (without the case id, which comes first).
BulkRijen = Callable[
    [BulkCasus, dict[str, Any], Sequence[NieuweGebeurtenis]], Iterable[tuple[Any, ...]]
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
    if waarde is None:
        return "\\N"
    if isinstance(waarde, datetime | date):
        return waarde.isoformat()
    s = str(waarde)
    if "\\" in s or "\t" in s or "\n" in s or "\r" in s:
        s = s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return s


def copy_regel(*waarden: Any) -> str:
    return "\t".join(_tekst(w) for w in waarden) + "\n"


def json_tekst(waarde: Any) -> str:
    return json.dumps(waarde, separators=(",", ":"), ensure_ascii=False)


def _stroom(cur: Any, van: str, tot: str | None) -> Iterator[tuple[BulkCasus, list[Any]]]:
    """(case, events in seq order) per case with van <= id < tot (None: no end)."""
    eind = "" if tot is None else "AND g.casus_id < %s::uuid "
    cur.execute(
        "SELECT g.casus_id::text, c.regio, c.aangemaakt_op, g.seq, g.type, g.payload, "
        "g.occurred_at "
        "FROM store_gebeurtenis g JOIN store_casus c ON c.id = g.casus_id "
        f"WHERE g.casus_id >= %s::uuid {eind}"
        "ORDER BY g.casus_id, g.seq",
        (van,) if tot is None else (van, tot),
    )
    huidige: BulkCasus | None = None
    lijst: list[OpgeslagenGebeurtenis] = []
    while rijen := cur.fetchmany(5000):
        for cid, reg, sinds, seq, type_, payload, op in rijen:
            if huidige is None or cid != huidige.id:
                if huidige is not None:
                    yield huidige, lijst
                huidige, lijst = BulkCasus(cid, reg, sinds), []
            lijst.append(
                OpgeslagenGebeurtenis(
                    type=type_,
                    op=op,
                    velden=json.loads(payload) if isinstance(payload, str) else payload,
                    seq=seq,
                    recorded_at=op,  # not read by any projection: not fetched
                    actor="",
                    organisatie="",
                    afspraakversie="",
                )
            )
    if huidige is not None:
        yield huidige, lijst


class _Buffer:
    """COPY rows per table, flushed in blocks."""

    def __init__(self, cur: Any, tabellen: dict[str, tuple[str, ...]]) -> None:
        self.cur, self.tabellen = cur, tabellen
        self.regels: dict[str, list[str]] = {t: [] for t in tabellen}

    def voeg_toe(self, tabel: str, regel: str) -> None:
        self.regels[tabel].append(regel)

    def leeg(self) -> None:
        for tabel, regels in self.regels.items():
            if regels:
                kolommen = ", ".join(self.tabellen[tabel])
                with self.cur.copy(f"COPY {tabel} ({kolommen}) FROM STDIN") as copy:
                    copy.write("".join(regels))
                regels.clear()


def herbouw_deel(van: str, tot: str | None, moment: datetime) -> tuple[int, int]:
    """Rebuild the cases in [van, tot) on a connection of this process; (cases, events)."""
    tabellen = {
        "store_casusprojectie": ("casus_id", "toestand", "bijgewerkt_op", "seq"),
        "store_opentermijn": ("casus_id", "code", "partij", "uiterlijk", "status", "grond"),
        **{p.tabel: ("casus_id", *p.kolommen) for p in _BULK},
    }
    casussen = gebeurtenissen = 0
    with connection.cursor() as gewoon:
        rauw = gewoon.connection
        with (
            rauw.transaction(),
            rauw.cursor(name=f"herbouw_{van[:2]}", withhold=False) as lezer,
            rauw.cursor() as schrijver,
        ):
            lezer.itersize = 5000
            buffer = _Buffer(schrijver, tabellen)
            for casus, lijst in _stroom(lezer, van, tot):
                cid = casus.id
                tekst, toestand, termijnen = projecteer_voor_copy(
                    lijst, moment, casus.regio, engine_projector
                )
                buffer.voeg_toe(
                    "store_casusprojectie", copy_regel(cid, tekst, moment, lijst[-1].seq)
                )
                for t in termijnen:
                    buffer.voeg_toe(
                        "store_opentermijn",
                        copy_regel(
                            cid, t["code"], t["partij"], t["uiterlijk"], t["status"], t["grond"]
                        ),
                    )
                for p in _BULK:
                    for rij in p.rijen(casus, toestand, lijst):
                        buffer.voeg_toe(p.tabel, copy_regel(cid, *rij))
                casussen += 1
                gebeurtenissen += len(lijst)
                if casussen % 2000 == 0:
                    buffer.leeg()
            buffer.leeg()
    return casussen, gebeurtenissen


def _grenzen(delen: int) -> list[tuple[str, str | None]]:
    """Split the uuid space into `delen` ranges on the first two hex digits."""
    stappen = [round(256 * i / delen) for i in range(delen)]
    naar = [f"{s:02x}000000-0000-0000-0000-000000000000" for s in stappen]
    return [(naar[i], naar[i + 1] if i + 1 < len(naar) else None) for i in range(delen)]


def _werker(taak: tuple[str, str | None, datetime]) -> tuple[int, int]:
    connections.close_all()  # never share the parent's socket
    return herbouw_deel(*taak)


def herbouw(
    moment: datetime, processen: int | None = None, voortgang: Callable[[int, int], None] = print
) -> tuple[int, int, float]:
    """Empty every projection table and rebuild it; (cases, events, seconds)."""
    processen = processen or max(1, min(os.cpu_count() or 1, 8))
    begin = time.monotonic()
    tabellen = ["store_casusprojectie", "store_opentermijn", *(p.tabel for p in _BULK)]
    with connection.cursor() as cur:
        cur.execute(f"TRUNCATE {', '.join(tabellen)}")
    connections.close_all()
    delen = _grenzen(processen * 8)  # more parts than processes: even load, visible progress
    casussen = gebeurtenissen = 0
    context = multiprocessing.get_context("fork")
    with context.Pool(processen) as pool:
        for c, g in pool.imap_unordered(_werker, [(v, t, moment) for v, t in delen]):
            casussen += c
            gebeurtenissen += g
            voortgang(casussen, gebeurtenissen)
    with connection.cursor() as cur:
        # VACUUM too: fresh rows are not all-visible, so without it the worklist's counts and
        # waiting hand-overs read the heap instead of the index (index-only scans).
        cur.execute(f"VACUUM (ANALYZE) {', '.join(tabellen)}")
    return casussen, gebeurtenissen, time.monotonic() - begin
