"""Reads that may lag go to the PostgreSQL hot standby (`replica`); every other read stays on
the primary (issue #17).

Only code that says so reads from the standby: a dashboard, an aggregate, an export, a privacy
report or an uitvraag wraps its queries in ``with leest_mag_achterlopen():`` (or decorates a
function with it). Everything else — the case page after an append, the worklist after a
hand-over, the session, the login, every write — goes to ``default`` as before, so one always
sees one's own last write.

The standby is asked at the start of each such block whether it can serve: reachable, and not
further behind than ``ZICHT_PG_REPLICA_MAX_ACHTERSTAND`` seconds. When it is down or too far
behind, the block reads from the primary: the user sees the same page, current, just served by
the primary. A standby that failed is not asked again for ``ZICHT_PG_REPLICA_PAUZE`` seconds
(per process), so a dead standby costs one failed connect per pause, not one per page.

Without a ``replica`` alias in ``DATABASES`` (SQLite, or PostgreSQL without
``ZICHT_PG_REPLICA_HOST``) the router does nothing.
"""

from __future__ import annotations

import contextvars
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections

log = logging.getLogger(__name__)

REPLICA = "replica"

# The alias the current block reads from; None outside any block (then: the primary).
_lezen_van: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "zicht_lezen_van", default=None
)
# Per process: until when the standby is not asked again after a failed check (monotonic s).
_niet_voor: list[float] = [0.0]

# The standby's lag behind the primary, 0 when it has replayed all it received (an idle primary
# sends nothing, so "time since the last replayed transaction" alone would read as lag).
_ACHTERSTAND_SQL = """
    SELECT CASE
        WHEN NOT pg_is_in_recovery() THEN 0
        WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
        ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
    END
"""


def replica_ingesteld() -> bool:
    return REPLICA in settings.DATABASES


def _instelling(naam: str, standaard: float) -> float:
    return float(settings.DATABASES[REPLICA].get(naam, standaard))


def replica_bruikbaar() -> bool:
    """Whether the standby may serve a lag-tolerant read now: reachable and not too far behind."""
    if not replica_ingesteld():
        return False
    nu = time.monotonic()
    if nu < _niet_voor[0]:
        return False
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(_ACHTERSTAND_SQL)
            rij = cursor.fetchone()
        achterstand = float(rij[0]) if rij and rij[0] is not None else 0.0
    except DatabaseError as fout:
        log.warning("Replica onbereikbaar, de primaire database leest: %s", type(fout).__name__)
        connections[REPLICA].close()
        _niet_voor[0] = nu + _instelling("PAUZE", 30.0)
        return False
    if achterstand > _instelling("MAX_ACHTERSTAND", 30.0):
        log.warning("Replica %.0f s achter, de primaire database leest", achterstand)
        return False
    return True


def gebruik_replica_weer() -> None:
    """Forget a failed check, so the next block asks the standby again (tests, an operator)."""
    _niet_voor[0] = 0.0


@contextmanager
def leest_mag_achterlopen() -> Iterator[str]:
    """Reads inside this block may come from the standby; yields the alias they read from.

    Usable as a decorator too (``@leest_mag_achterlopen()``). Nested blocks keep the outer
    choice. Writes inside the block still go to the primary.
    """
    al = _lezen_van.get()
    if al is not None:
        yield al
        return
    alias = REPLICA if replica_bruikbaar() else "default"
    token = _lezen_van.set(alias)
    try:
        yield alias
    finally:
        _lezen_van.reset(token)


class LeesRouter:
    """Django database router: lag-tolerant reads to the standby, everything else default."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        return _lezen_van.get()

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # one database, two copies of it

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA  # a standby is read-only: it gets its schema by streaming
