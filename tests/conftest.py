"""For every test: the agreement versions and decree days the engine reads from the database
(zicht.beheer.bronnen) are looked up afresh, so that what one test scheduled and rolled back is
not remembered by the next; and no periodic look is made in the middle of a test (a counted
query), only after a change made through the screen or `vergeet()`."""

from collections.abc import Iterator

import pytest


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
