"""Hot reads: an ORM query compiled once per shape, then run on the cursor.

The worklist runs the same few queries on every page view, differing only in the ids they ask
for. Building and compiling a queryset and turning its rows into Python through Django's
converters cost ~2 ms of CPU per query (bench/profiel.py), several times what PostgreSQL
spends on it. Here the ORM still writes the SQL (so it is the same on SQLite and PostgreSQL),
but once per shape: the query is compiled with stand-in ids, kept, and later run with the real
ids in their place; each column is converted by a small function of its own. On PostgreSQL the
statement is prepared on the server too, so PostgreSQL plans it once per connection (planning
the rows of a worklist page took 2.6 ms, longer than running them).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from zicht.store.cursor import voorbereide_cursor

Omzetting = Callable[[Any], Any] | None

# Per shape: the SQL, its parameters, and per parameter that is an id: which id, in which form
# ("zelf": as given; "tekst": str(uuid), a text column holding a case id; "hex": SQLite's uuid).
_gecompileerd: dict[tuple[str, str, int], tuple[str, list[Any], dict[int, tuple[int, str]]]] = {}


def als_uuid(waarde: Any) -> uuid.UUID | None:
    """A uuid column: PostgreSQL gives UUIDs, SQLite its 32 hex digits."""
    if waarde is None or isinstance(waarde, uuid.UUID):
        return waarde
    return uuid.UUID(waarde)


def als_datum(waarde: Any) -> date | None:
    """A date column: SQLite gives the ISO text."""
    if waarde is None or isinstance(waarde, date):
        return waarde
    return date.fromisoformat(waarde)


def als_json(waarde: Any) -> Any:
    """A JSON column or key: text on both databases (Django reads jsonb as text)."""
    return json.loads(waarde) if isinstance(waarde, str | bytes) else waarde


def als_moment(waarde: Any) -> datetime | None:
    """A timestamp column: SQLite gives UTC without an offset (a naive datetime, or text)."""
    if waarde is None:
        return None
    moment = waarde if isinstance(waarde, datetime) else datetime.fromisoformat(waarde)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _stand_in(i: int, soort: type) -> Any:
    return uuid.UUID(int=i + 1) if soort is uuid.UUID else -(i + 1)


def rijen(
    naam: str,
    bouw: Callable[[list[Any]], QuerySet[Any]],
    ids: Sequence[Any],
    omzettingen: Sequence[Omzetting],
) -> list[tuple[Any, ...]]:
    """The rows of `bouw(ids)` (a `values_list` query), its SQL compiled once per `naam` and
    number of ids; `omzettingen` converts each column (None: as the database gives it)."""
    if not ids:
        return []
    soort = uuid.UUID if isinstance(ids[0], uuid.UUID) else int
    sleutel = (naam, connection.vendor, len(ids))
    if sleutel not in _gecompileerd:
        stand_ins = [_stand_in(i, soort) for i in range(len(ids))]
        sql, params = bouw(stand_ins).query.sql_with_params()
        plaatsen = {}
        vormen: dict[Any, tuple[int, str]] = {}
        for i, s in enumerate(stand_ins):
            vormen[s] = (i, "zelf")
            if isinstance(s, uuid.UUID):
                vormen |= {str(s): (i, "tekst"), s.hex: (i, "hex")}
        for p, waarde in enumerate(params):
            if isinstance(waarde, uuid.UUID | str | int) and waarde in vormen:
                plaatsen[p] = vormen[waarde]
        if len(plaatsen) != len(ids):  # a shape this helper cannot substitute: never guess
            raise ValueError(f"{naam}: {len(plaatsen)} van {len(ids)} ids gevonden in de query")
        _gecompileerd[sleutel] = (sql, list(params), plaatsen)
    sql, params, plaatsen = _gecompileerd[sleutel]
    waarden = list(params)
    sqlite = connection.vendor == "sqlite"
    for p, (i, vorm) in plaatsen.items():
        waarde = ids[i]
        if vorm == "tekst":
            waarden[p] = str(waarde)
        elif isinstance(waarde, uuid.UUID) and (vorm == "hex" or sqlite):
            waarden[p] = waarde.hex
        else:
            waarden[p] = waarde
    # PostgreSQL: prepared on the server, so it is also planned once (per connection).
    with voorbereide_cursor() if not sqlite else connection.cursor() as cursor:
        cursor.execute(sql, waarden)
        uit: list[tuple[Any, ...]] = cursor.fetchall()
    if any(omzettingen):
        return [
            tuple(o(w) if o else w for o, w in zip(omzettingen, rij, strict=True)) for rij in uit
        ]
    return uit
