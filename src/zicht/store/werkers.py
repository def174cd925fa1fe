"""Worker processes forked from this one, for the fast paths on PostgreSQL: the rebuild
(`zicht.store.snel`), the full regie refresh (`zicht.regie.snel`) and bulk demo data.

A fork copies the parent as it is, signal handlers included. A parent that ever ran the task
worker in-process (the test suite does) has a Python handler on SIGTERM that only asks the
worker to stop: `Pool.terminate()` then no longer ends a forked worker that is stuck in C,
and the parent waits on it forever. So here every worker starts with the default handlers,
the pool is closed when its work is done (each worker leaves by itself), and a worker still
there `afscheid` seconds after that, or after the pool's own stop when the block failed, is
killed. Nothing the parent needs is lost then: its results were already in.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import wait
from multiprocessing.pool import Pool
from multiprocessing.process import BaseProcess

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
    when it raises, the pool stops them (SIGTERM). Either way, a worker still there after
    `afscheid` seconds is killed."""
    connections.close_all()  # the workers fork now: none may inherit an open connection
    vooraf = set(multiprocessing.active_children())
    pool = multiprocessing.get_context("fork").Pool(processen, _begin, (begin,))
    eigen = [p for p in multiprocessing.active_children() if p not in vooraf]
    try:
        yield pool
        pool.close()  # each worker takes its sentinel from the queue and leaves
        _wacht(eigen, afscheid)
        _dood(eigen)  # past the queue: killing them leaves no lock taken
    finally:
        # `terminate` first waits for the queue's lock (an idle worker holds it while it waits
        # for work), then sends SIGTERM and waits for every worker: the watch kills a worker
        # that outlives that signal, so the wait ends.
        wacht = threading.Timer(afscheid, _dood, (eigen,))
        wacht.start()
        try:
            pool.terminate()
            pool.join()
        finally:
            wacht.cancel()


def _wacht(processen: list[BaseProcess], seconden: float) -> None:
    tot = time.monotonic() + seconden
    while (levend := [p.sentinel for p in processen if p.exitcode is None]) and (
        rest := tot - time.monotonic()
    ) > 0:
        wait(levend, rest)


def _dood(processen: list[BaseProcess]) -> None:
    blijvers = [p for p in processen if p.exitcode is None]
    if blijvers:
        logger.warning("%d werkprocessen bleven na hun werk hangen; beëindigd", len(blijvers))
    for p in blijvers:
        p.kill()
