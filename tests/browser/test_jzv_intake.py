"""The JZV intake in Chromium: a melding a police system sent waits without a gemeente; a
Veilig Thuis worker reads it, assigns Heerlen and lands on the new case. WCAG 2.1 AA by axe."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from jzv.conftest import MELDING
from zicht.api.tokens import maak_client
from zicht.jzv.beheer import maak_afzender
from zicht.toepassing import klok

from .conftest import inloggen, schermafdruk, toegankelijkheid

pytestmark = pytest.mark.browser


def test_een_jzv_melding_wordt_in_de_intake_een_casus(
    page: Page, live_server: Any, demo: None
) -> None:
    _, token = maak_client("politie", "lokaal_veld:Heerlen", ["lezen", "schrijven"], klok.nu())
    maak_afzender("politie", "Politie Limburg", "politie", "", klok.nu())
    antwoord = Client(headers={"Authorization": f"Bearer {token}"}).post(
        "/api/jzv_meldingen/v1/meldingen", json.dumps(MELDING), content_type="application/json"
    )
    assert antwoord.status_code == 201, antwoord.content

    inloggen(page, live_server, "vt.medewerker")
    page.get_by_role("link", name="Intake JZV").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Intake JZV-meldingen")
    toegankelijkheid(page)
    page.get_by_role("link", name="Noor de Jansen").click()
    expect(page.get_by_text("Ruzie met geschreeuw")).to_be_visible()
    toegankelijkheid(page)
    schermafdruk(page, "jzv-intake-toewijzen")
    page.get_by_label("Heerlen", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Casus maken").click()
    expect(page.get_by_text("De melding is een casus geworden.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jansen")
