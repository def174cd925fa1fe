"""For every test: the agreement versions and decree days the engine reads from the database
(zicht.beheer.bronnen) are looked up afresh, so that what one test scheduled and rolled back is
not remembered by the next; and no periodic look is made in the middle of a test (a counted
query), only after a change made through the screen or `vergeet()`. And a test that runs the
task worker in-process leaves its signal handlers behind for no other test."""

import signal
from collections.abc import Iterator

import pytest

_SIGNALEN = (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT)


@pytest.fixture(autouse=True)
def _eigen_signalen() -> Iterator[None]:
    """`db_worker` sets SIGTERM, SIGINT and SIGQUIT to ask itself to stop, and leaves them so
    when it returns: every process forked later would inherit that."""
    vorige = [signal.getsignal(s) for s in _SIGNALEN]
    yield
    for s, h in zip(_SIGNALEN, vorige, strict=True):
        if signal.getsignal(s) is not h:
            signal.signal(s, h)


@pytest.fixture(autouse=True)
def _afspraken_uit_de_database(request: pytest.FixtureRequest) -> Iterator[None]:
    try:
        from django.conf import settings

        from zicht.beheer.bronnen import LEVERANCIER
    except Exception:  # noqa: BLE001 - the pure core without Django
        yield
        return
    vorige = getattr(settings, "ZICHT_AFSPRAKEN_HERLADEN_SECONDEN", None)
    settings.ZICHT_AFSPRAKEN_HERLADEN_SECONDEN = None
    LEVERANCIER.vergeet()
    yield
    LEVERANCIER.vergeet()
    settings.ZICHT_AFSPRAKEN_HERLADEN_SECONDEN = vorige
