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
from django.db.models import Model, QuerySet

from zicht.store.cursor import voorbereide_cursor

Omzetting = Callable[[Any], Any] | None

# `omzettingen` for a query whose columns Django converts as its ORM does (its converters of the
# database and of each field, kept with the compiled SQL): for rows that become model instances.
DJANGO = "django"

# Django's converters per column position: what SQLCompiler.get_converters gives.
Omzetters = list[tuple[int, tuple[list[Any], Any]]]

# Per shape: the SQL, its parameters, per parameter that is an id: which id, in which form
# ("zelf": as given; "tekst": str(uuid), a text column holding a case id; "hex": SQLite's uuid),
# and Django's converters of its columns.
_gecompileerd: dict[
    tuple[str, str, tuple[type, ...]], tuple[str, list[Any], dict[int, tuple[int, str]], Omzetters]
] = {}


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


def _soort(waarde: Any) -> type:
    """The kind of an id, which picks its stand-in: a uuid, a text, else an int."""
    return next((soort for soort in (uuid.UUID, str) if isinstance(waarde, soort)), int)


def _stand_in(i: int, soort: type) -> Any:
    if soort is uuid.UUID:
        return uuid.UUID(int=i + 1)
    return f"vaste_sql stand-in {i}" if soort is str else -(i + 1)


def rijen(
    naam: str,
    bouw: Callable[[list[Any]], QuerySet[Any]],
    ids: Sequence[Any],
    omzettingen: Sequence[Omzetting] | str,
) -> list[tuple[Any, ...]]:
    """The rows of `bouw(ids)` (a `values_list` query), its SQL compiled once per `naam` and
    kind of each id (uuid, int, or a text such as a name: each must reach the SQL as a parameter
    unchanged, so no `iexact` or `contains`); `omzettingen` converts each column (None: as the
    database gives it), or is DJANGO: every column as the ORM would give it."""
    if not ids:
        return []
    soorten = tuple(_soort(i) for i in ids)
    sleutel = (naam, connection.vendor, soorten)
    if sleutel not in _gecompileerd:
        stand_ins = [_stand_in(i, soort) for i, soort in enumerate(soorten)]
        compiler = bouw(stand_ins).query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        omzetters = list(compiler.get_converters([kol[0] for kol in compiler.select]).items())
        plaatsen = {}
        vormen: dict[Any, tuple[int, str]] = {}
        for i, s in enumerate(stand_ins):
            vormen[s] = (i, "zelf")
            if isinstance(s, uuid.UUID):
                vormen |= {str(s): (i, "tekst"), s.hex: (i, "hex")}
        for p, waarde in enumerate(params):
            if isinstance(waarde, uuid.UUID | str | int) and waarde in vormen:
                plaatsen[p] = vormen[waarde]
        # Each id at least once (one may stand in several places); else never guess.
        if {i for i, _ in plaatsen.values()} != set(range(len(ids))):
            raise ValueError(f"{naam}: {len(plaatsen)} van {len(ids)} ids gevonden in de query")
        _gecompileerd[sleutel] = (sql, list(params), plaatsen, omzetters)
    sql, params, plaatsen, omzetters = _gecompileerd[sleutel]
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
    if isinstance(omzettingen, str):  # DJANGO
        return [_als_django(rij, omzetters) for rij in uit]
    if any(omzettingen):
        return [
            tuple(o(w) if o else w for o, w in zip(omzettingen, rij, strict=True)) for rij in uit
        ]
    return uit


def _als_django(rij: tuple[Any, ...], omzetters: Omzetters) -> tuple[Any, ...]:
    """As SQLCompiler.apply_converters, on this thread's connection."""
    waarden = list(rij)
    for plek, (functies, expressie) in omzetters:
        waarde = waarden[plek]
        for functie in functies:
            waarde = functie(waarde, expressie, connection)
        waarden[plek] = waarde
    return tuple(waarden)


def velden(model: type[Model], pad: str = "") -> list[str]:
    """The lookups of `model`'s own columns, behind `pad` ("medewerker__" for a related one), in
    the order `model_uit` takes them: for a DJANGO query whose rows become instances."""
    return [pad + veld.attname for veld in model._meta.concrete_fields]


def model_uit(model: type[Model], rij: tuple[Any, ...], begin: int = 0) -> Any:
    """The instance of `model` whose `velden` stand in `rij` from `begin`, made as the ORM makes
    it (`from_db`); None when its primary key is NULL (a related row that is not there)."""
    namen = [veld.attname for veld in model._meta.concrete_fields]
    waarden = rij[begin : begin + len(namen)]
    if waarden[namen.index(model._meta.pk.attname)] is None:
        return None
    return model.from_db(connection.alias, namen, waarden)
