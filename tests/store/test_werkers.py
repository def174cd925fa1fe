"""The forked worker pool of the fast paths ends, whatever its workers or the parent's signal
handlers do: the hang CI once met in the regie refresh, where `Pool.terminate()` waited forever
on a worker that inherited a SIGTERM handler which did not end it."""

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType

import pytest

from zicht.store.werkers import werkers


def _dubbel(i: int) -> int:
    return 2 * i


def _blijft_na_afloop(i: int) -> int:
    """Returns its result, then keeps its process alive: a non-daemon thread that never ends
    (the process waits for it on the way out), with SIGTERM ignored."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=time.sleep, args=(3600,)).start()
    return i


def _blijft_bezig(i: int) -> int:
    """Busy for an hour, deaf to SIGTERM."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(3600)
    return i


def _handlers(_: int) -> tuple[object, object]:
    return signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)


def _pid(_: int) -> int:
    time.sleep(0.05)
    return os.getpid()


@pytest.fixture
def vraagt_alleen_te_stoppen() -> Iterator[list[int]]:
    """The parent has a SIGTERM handler as `db_worker` sets: it only notes the signal."""
    ontvangen: list[int] = []

    def noteer(signum: int, _: FrameType | None) -> None:
        ontvangen.append(signum)

    vorige = signal.signal(signal.SIGTERM, noteer)
    yield ontvangen
    signal.signal(signal.SIGTERM, vorige)


def test_the_results_come_in_and_the_workers_leave_by_themselves(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING), werkers(2) as pool:
        assert sorted(pool.imap_unordered(_dubbel, range(10))) == [2 * i for i in range(10)]
        pids = set(pool.imap_unordered(_pid, range(8)))
    assert len(pids) == 2
    assert not multiprocessing.active_children()
    assert "beëindigd" not in caplog.text


def test_workers_start_with_the_default_handlers_whatever_the_parent_set(
    vraagt_alleen_te_stoppen: list[int],
) -> None:
    with werkers(2) as pool:
        assert set(pool.imap_unordered(_handlers, range(2))) == {(signal.SIG_DFL, signal.SIG_DFL)}
    assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL  # the parent keeps its own


def test_a_worker_that_does_not_leave_after_its_work_is_killed(
    vraagt_alleen_te_stoppen: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    begin = time.monotonic()
    with caplog.at_level(logging.WARNING), werkers(2, afscheid=1.0) as pool:
        assert sorted(pool.imap_unordered(_blijft_na_afloop, range(2))) == [0, 1]
    assert time.monotonic() - begin < 30
    assert not multiprocessing.active_children()
    assert "werkprocessen bleven na hun werk hangen" in caplog.text
    assert vraagt_alleen_te_stoppen == []  # nothing was sent to the parent


def test_when_the_block_fails_busy_workers_deaf_to_sigterm_are_killed() -> None:
    begin = time.monotonic()
    with pytest.raises(RuntimeError, match="afgebroken"), werkers(2, afscheid=1.0) as pool:
        pool.map_async(_blijft_bezig, range(2))
        time.sleep(0.2)
        raise RuntimeError("afgebroken")
    assert time.monotonic() - begin < 10
    assert not multiprocessing.active_children()


def test_when_the_block_fails_idle_workers_end_too() -> None:
    """An idle worker waits for work holding the pool's queue lock: killed there, it would
    leave the lock taken for ever, and the pool's own shutdown waits for that lock."""
    begin = time.monotonic()
    for _ in range(5):
        with pytest.raises(RuntimeError, match="afgebroken"), werkers(2) as pool:
            assert pool.apply(_dubbel, (1,)) == 2
            raise RuntimeError("afgebroken")
    assert time.monotonic() - begin < 30
    assert not multiprocessing.active_children()
