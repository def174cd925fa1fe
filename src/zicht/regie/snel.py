"""The fast path of the full regie refresh on PostgreSQL: text in, counts and COPY out.

The cases are split over worker processes by the first hex digits of their id (as
`zicht.store.snel` does for the projections). Each worker reads its range with two queries on
its own connection — the projections' gemeente, terms and moment, and the few fields of the
relevant events, with their Amsterdam day computed by the database — as text (orjson and
`date.fromisoformat` read it several times faster than the driver's loaders), computes each
case's facts once (`feiten.py`, the same code as the incremental refresh), sums the counts and
writes each case's contribution (`Bijdrage`) as COPY text. The parent merges the counts and
writes everything in one transaction, so the dashboard never sees a half-built set.

In a transaction that is already open (a test, or a caller's `atomic`) forked workers would not
see its rows: the same code then runs in this process, on this connection, part after part.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

import orjson
from django.db import connection

from zicht.regie.feiten import feiten
from zicht.store.snel import copy_rij
from zicht.store.werkers import werkers

Sleutel = tuple[Any, ...]
# Per case: (casus_id as text, projection moment as text, its state as `feiten` reads it, its
# relevant events as (type, Amsterdam day, fields)).
Casus = tuple[str, str, dict[str, Any], list[tuple[str, date, dict[str, Any]]]]

_VELDEN = ("bron", "besluit", "naar", "partij", "reden")
# Ordered by the uuid column (qualified: a bare `casus_id` would name the text output column).
_PROJECTIES = (
    "SELECT casus_id::text, bijgewerkt_op::text, toestand->'gemeenten'->>0, "
    "(toestand->'termijnen')::text FROM store_casusprojectie p WHERE {waar} ORDER BY p.casus_id"
)
_GEBEURTENISSEN = (
    "SELECT casus_id::text, type, (occurred_at AT TIME ZONE 'Europe/Amsterdam')::date::text, "
    + ", ".join(f"payload->>'{v}'" for v in _VELDEN)
    + ", payload->'gemeenten'->>0 FROM store_gebeurtenis g "
    "WHERE {waar} AND type = ANY(%s) ORDER BY g.casus_id, g.seq"
)


def _bereik(van: str, tot: str | None) -> tuple[str, list[Any]]:
    if tot is None:
        return "casus_id >= %s::uuid", [van]
    return "casus_id >= %s::uuid AND casus_id < %s::uuid", [van, tot]


def lees(cur: Any, waar: str, params: list[Any], soorten: Iterable[str]) -> Iterator[Casus]:
    """The cases (with a projection) matching `waar`, in id order, read as text."""
    dagen: dict[str, date] = {}

    def dag(tekst: str) -> date:
        d = dagen.get(tekst)
        if d is None:
            d = dagen[tekst] = date.fromisoformat(tekst)
        return d

    cur.execute(_GEBEURTENISSEN.format(waar=waar), [*params, list(soorten)])
    per_casus: dict[str, list[tuple[str, date, dict[str, Any]]]] = defaultdict(list)
    for cid, soort, d, bron, besluit, naar, partij, reden, gemeente0 in cur.fetchall():
        # Most events carry none of these fields, a few one: only those (as `_blokken`).
        velden: dict[str, Any] = {}
        if bron is not None:
            velden["bron"] = bron
        if besluit is not None:
            velden["besluit"] = besluit
        if naar is not None:
            velden["naar"] = naar
        if partij is not None:
            velden["partij"] = partij
        if reden is not None:
            velden["reden"] = reden
        if gemeente0 is not None:
            velden["gemeenten"] = [gemeente0]
        per_casus[cid].append((soort, dag(d), velden))
    cur.execute(_PROJECTIES.format(waar=waar), params)
    loads = orjson.loads
    for cid, bijgewerkt_op, gemeente0, termijnen in cur.fetchall():
        toestand = {
            "gemeenten": [] if gemeente0 is None else [gemeente0],
            "termijnen": loads(termijnen) if termijnen else [],
        }
        yield cid, bijgewerkt_op, toestand, per_casus.get(cid, [])


def deel(
    van: str,
    tot: str | None,
    peildatum: date,
    subregios: Mapping[str, str],
    soorten: tuple[str, ...],
) -> tuple[Counter[Sleutel], bytes]:
    """The counts of the cases in [van, tot) and their `Bijdrage` rows as COPY text."""
    from zicht.regie.verversen import lijnen, sleutel, wissel

    tellingen: Counter[str] = Counter()
    rijen: list[str] = []
    waar, params = _bereik(van, tot)
    with connection.cursor() as cur:
        for cid, bijgewerkt_op, toestand, gebeurtenissen in lees(cur, waar, params, soorten):
            f = feiten(toestand, gebeurtenissen)
            uit = lijnen(f, peildatum, subregios)
            tellingen.update(uit)
            rijen.append(copy_rij(cid, bijgewerkt_op, wissel(f, peildatum), "\n".join(uit)))
    # Summed as text; each distinct key parsed once.
    return Counter({sleutel(r): n for r, n in tellingen.items()}), "".join(rijen).encode()


def _grenzen(delen: int) -> list[tuple[str, str | None]]:
    """Split the uuid space into `delen` ranges on the first two hex digits."""
    stappen = [round(256 * i / delen) for i in range(delen)]
    naar = [f"{s:02x}000000-0000-0000-0000-000000000000" for s in stappen]
    return [(naar[i], naar[i + 1] if i + 1 < len(naar) else None) for i in range(delen)]


# Many small parts: each worker's COPY text stays small.
DELEN = 64
_TAAK: dict[str, Any] = {}


def _werker(bereik: tuple[str, str | None]) -> tuple[Counter[Sleutel], bytes]:
    return deel(*bereik, **_TAAK)


KOLOMMEN = "casus_id, bijgewerkt_op, wissel, sleutels"


@contextmanager
def delen(
    peildatum: date,
    subregios: Mapping[str, str],
    soorten: tuple[str, ...],
    processen: int | None = None,
) -> Iterator[Iterator[tuple[Counter[Sleutel], bytes]]]:
    """The parts' (counts, `Bijdrage` COPY text) as the workers finish them.

    Open the caller's transaction inside this block: the workers fork when it starts, and a
    forked process must not share a connection. Within a transaction that is already open
    (a test, a task run in one) forked workers would not see its rows: the same parts, one
    after another, in this process.
    """
    taak: dict[str, Any] = {
        "peildatum": peildatum,
        "subregios": dict(subregios),
        "soorten": soorten,
    }
    if connection.in_atomic_block:
        yield (deel(van, tot, **taak) for van, tot in _grenzen(DELEN))
        return
    processen = processen or max(1, min(os.cpu_count() or 1, 8))
    _TAAK.clear()
    _TAAK.update(taak)
    with werkers(processen) as pool:
        yield pool.imap_unordered(_werker, _grenzen(DELEN))
