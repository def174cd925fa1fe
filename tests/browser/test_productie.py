"""Issue #16: the app under gunicorn without DEBUG serves its own static files (WhiteNoise), so
a page loads with its stylesheet applied."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from playwright.sync_api import Page

from zicht.vertrouwen import proefserver

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gunicorn(transactional_db: None) -> Iterator[proefserver.Proefserver]:
    server = proefserver.start(connection.settings_dict, werkers=1)
    yield server
    server.stoppen()


def test_a_page_from_gunicorn_without_debug_has_its_stylesheet_applied(
    gunicorn: proefserver.Proefserver, page: Page
) -> None:
    antwoorden: dict[str, int] = {}
    page.on("response", lambda r: antwoorden.__setitem__(r.url, r.status))

    page.goto(f"{gunicorn.url}/inloggen/")

    css = [u for u in antwoorden if u.endswith(".css")]
    assert css and all(antwoorden[u] == 200 for u in css), antwoorden
    # zicht.css styles the header: a page without it would have a transparent, static header.
    kop = page.locator(".zicht-kop")
    achtergrond = kop.evaluate("e => getComputedStyle(e).backgroundColor")
    assert achtergrond not in ("rgba(0, 0, 0, 0)", "transparent"), achtergrond
    geladen = page.evaluate("() => [...document.styleSheets].filter(s => s.cssRules.length).length")
    assert geladen >= 3
