"""The bell in the header, the messages page and the e-mail/calendar settings, in Chromium:
the count appears, a message is marked as read, and axe-core finds nothing serious."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .conftest import (
    LV_HEERLEN,
    OVERGEDRAGEN,
    Klok,
    inloggen,
    maak_casus,
    schermafdruk,
    toegankelijkheid,
)

pytestmark = pytest.mark.browser


def test_de_bel_en_de_berichten(page: Page, live_server: Any, demo: None, tijd: Klok) -> None:
    maak_casus("Gezin Klok", OVERGEDRAGEN)  # waits for the lokaal veld's acceptance
    tijd.zet("2025-08-20T12:00")  # and its terms are overdue by now
    inloggen(page, live_server, LV_HEERLEN[0])
    bel = page.get_by_role("link", name=re.compile(r"^Berichten \d+ ongelezen$"))
    expect(bel).to_be_visible()
    toegankelijkheid(page)
    bel.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Berichten")
    eerste = page.get_by_role("listitem").filter(has_text="wacht op acceptatie").first
    expect(eerste).to_contain_text("casus ")
    expect(page.get_by_text("Gezin Klok")).to_have_count(0)  # numbers, never names
    schermafdruk(page, "berichten")
    toegankelijkheid(page)
    voor = page.get_by_role("button", name=re.compile("^Gelezen")).count()
    page.get_by_role("button", name=re.compile("^Gelezen")).first.click()
    expect(page.get_by_role("status")).to_contain_text("gelezen")
    expect(page.get_by_role("button", name=re.compile("^Gelezen"))).to_have_count(voor - 1)

    page.get_by_role("link", name="E-mail en agenda instellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("E-mail en agenda")
    page.get_by_role("button", name="Agenda-link maken").click()
    expect(page.get_by_label("Uw agenda-link")).to_have_value(re.compile(r"/agenda/.+\.ics$"))
    toegankelijkheid(page)


def test_storingen_voor_beheer(page: Page, live_server: Any, demo: None) -> None:
    inloggen(page, live_server, "beheer", start="/beheer/gebruikers/")
    page.get_by_role("link", name="Storingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Storingen")
    toegankelijkheid(page)
