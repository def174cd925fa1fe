"""Worker processes forked from this one, for the fast paths on PostgreSQL: the rebuild
(`zicht.store.snel`), the full regie refresh (`zicht.regie.snel`) and bulk demo data.

A fork copies the parent as it is, signal handlers included. A parent that ever ran the task
worker in-process (the test suite does) has a Python handler on SIGTERM that only asks the
worker to stop: `Pool.terminate()` then no longer ends a forked worker that is stuck in C,
and the parent waits on it forever. So here every worker starts with the default handlers,
the pool is closed rather than terminated when its work is done, and a worker that has not
left within `afscheid` seconds after that is killed. Nothing the parent needs is lost then:
its results were already in.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import wait
from multiprocessing.pool import Pool

from django.db import connections

logger = logging.getLogger(__name__)

# Seconds a closed pool's workers get to leave before they are killed.
AFSCHEID = 30.0
_STANDAARD = tuple(
    s for s in (signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGQUIT", None)) if s is not None
)


def _begin(begin: Callable[[], None]) -> None:
    for s in _STANDAARD:
        signal.signal(s, signal.SIG_DFL)
    connections.close_all()  # each worker its own connection, never the parent's socket
    begin()


def _niets() -> None:
    pass


@contextmanager
def werkers(
    processen: int, begin: Callable[[], None] = _niets, afscheid: float = AFSCHEID
) -> Iterator[Pool]:
    """A pool of `processen` forked workers, each run `begin` first; gone when the block ends.

    Take every result inside the block. When it ends normally the workers finish and leave;
    when it raises, they are killed at once."""
    connections.close_all()  # the workers fork now: none may inherit an open connection
    vooraf = set(multiprocessing.active_children())
    pool = multiprocessing.get_context("fork").Pool(processen, _begin, (begin,))
    eigen = [p for p in multiprocessing.active_children() if p not in vooraf]
    gesloten = False
    try:
        yield pool
        pool.close()
        gesloten = True
    finally:
        if gesloten:
            tot = time.monotonic() + afscheid
            while (levend := [p for p in eigen if p.exitcode is None]) and (
                rest := tot - time.monotonic()
            ) > 0:
                wait([p.sentinel for p in levend], rest)
        blijvers = [p for p in eigen if p.exitcode is None]
        if blijvers and gesloten:
            logger.warning("%d werkprocessen bleven na hun werk hangen; beëindigd", len(blijvers))
        for p in blijvers:
            p.kill()
        pool.terminate()
        pool.join()
