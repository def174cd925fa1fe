"""Issue #12's "What a user hits today", tried again as a user in Chromium: the back button
cannot record a melding or a step twice, a moment in the future is refused in Dutch, and a
melding that came in through the API without family data opens like any other case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from zicht.core.toegang import Actor
from zicht.store.models import Casus, Gebeurtenis
from zicht.toepassing import acties

from .conftest import (
    AMSTERDAM,
    GEACCEPTEERD,
    OVERGEDRAGEN,
    Klok,
    inloggen,
    maak_casus,
    schermafdruk,
    toegankelijkheid,
    vul,
)

pytestmark = pytest.mark.browser


def test_terug_en_opnieuw_versturen_legt_niets_dubbel_vast(
    page: Page, live_server: Any, demo: None, tijd: Klok
) -> None:
    tijd.zet("2025-06-02T09:30")
    inloggen(page, live_server, "vt.medewerker")
    page.goto(f"{live_server.url}/meldingen/nieuw")
    vul(
        page,
        {
            "gezin": "Gezin Terug",
            "op": "2025-06-02T09:00",
            "gemeenten": ["Heerlen"],
            "bron": "professional",
        },
    )
    token = page.locator('[name="_formulier"]').input_value()
    with page.expect_navigation():
        page.get_by_role("button", name="Melding vastleggen").click()
    assert "/casussen/" in page.url
    casus_url = page.url
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Melding registreren")
    if page.locator('[name="_formulier"]').input_value() == token:
        # The browser restored the filled form with its used token: sending it again is refused.
        with page.expect_navigation() as nav:
            page.get_by_role("button", name="Melding vastleggen").click()
        assert nav.value is not None and nav.value.status == 409
        expect(page.get_by_text("al verstuurd").first).to_be_visible()
    else:
        # The form was loaded anew (no-store): empty, so nothing can be sent twice by accident.
        assert page.locator('[name="gezin"]').input_value() == ""
    assert Casus.objects.count() == 1 and Gebeurtenis.objects.count() == 1

    # A step: recorded, back, sent again: the case moved on, so nothing is recorded twice.
    page.goto(casus_url)
    page.locator('.zicht-acties a[href$="/stappen/incident"]').click()
    vul(page, {"op": "2025-06-02T09:20", "omschrijving": "Ruzie in de nacht."})
    with page.expect_navigation():
        page.get_by_role("button", name="Vastleggen", exact=True).click()
    assert page.url == casus_url
    page.go_back()
    if page.locator('[name="omschrijving"]').input_value():
        with page.expect_navigation() as nav:
            page.get_by_role("button", name="Vastleggen", exact=True).click()
        assert nav.value is not None and nav.value.status in (400, 409)
    assert Gebeurtenis.objects.filter(type="incident").count() == 1
    toegankelijkheid(page)


def test_een_moment_in_de_toekomst_wordt_geweigerd(
    page: Page, live_server: Any, demo: None, tijd: Klok
) -> None:
    casus_id = maak_casus("Gezin Toekomst", OVERGEDRAGEN)
    tijd.zet("2025-08-04T12:00")
    inloggen(page, live_server, "vt.medewerker")
    page.goto(f"{live_server.url}/casussen/{casus_id}/stappen/incident")
    vul(page, {"op": "2030-01-01T10:00"})
    with page.expect_navigation():
        page.get_by_role("button", name="Vastleggen", exact=True).click()
    fout = page.locator(".utrecht-alert--error").first
    expect(fout).to_be_visible()
    expect(fout).to_contain_text("toekomst")
    expect(page.get_by_role("alert").first).to_be_focused()
    assert not Gebeurtenis.objects.filter(casus_id=casus_id, type="incident").exists()
    toegankelijkheid(page)


def test_een_api_melding_zonder_gezinsgegevens_opent(
    page: Page, live_server: Any, demo: None, tijd: Klok
) -> None:
    op = datetime(2026, 8, 31, 9, 0, tzinfo=AMSTERDAM)
    casus_id = acties.registreer_melding(
        Actor("veilig_thuis", "vt_medewerker", "api"),
        op,
        {"gemeenten": ["Heerlen"], "bron": "anoniem", "directbetrokkenen": [{"id": "p1"}]},
        op,
    )
    inloggen(page, live_server, "vt.medewerker")
    antwoord = page.goto(f"{live_server.url}/casussen/{casus_id}")
    assert antwoord is not None and antwoord.status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text("Casus")
    expect(page.locator(".zicht-acties")).to_contain_text("Veiligheidsbeoordeling afronden")
    toegankelijkheid(page)


def test_een_stap_na_een_wijziging_van_een_ander_houdt_de_invoer_en_gaat_alsnog_mee(
    venster: Callable[[], Page], live_server: Any, demo: None, tijd: Klok
) -> None:
    """Heerlen writes down an incident while Veilig Thuis records a step on the same case. The
    refused form keeps the description, says what happened meanwhile, and goes in when sent
    again."""
    casus_id = maak_casus("Gezin Tegelijk", GEACCEPTEERD)
    tijd.zet("2025-08-05T12:00")
    heerlen, vt = venster(), venster()
    inloggen(heerlen, live_server, "lv.heerlen")
    inloggen(vt, live_server, "vt.medewerker")
    heerlen.goto(f"{live_server.url}/casussen/{casus_id}/stappen/incident")
    omschrijving = "Ruzie in de nacht; vader sloeg de deur dicht."
    vul(heerlen, {"op": "2025-08-05T11:30", "omschrijving": omschrijving})

    vt.goto(f"{live_server.url}/casussen/{casus_id}/stappen/melder_geinformeerd")
    vul(vt, {"op": "2025-08-05T11:45"})
    with vt.expect_navigation():
        vt.get_by_role("button", name="Vastleggen", exact=True).click()
    assert vt.url.endswith(f"/casussen/{casus_id}")

    with heerlen.expect_navigation() as nav:
        heerlen.get_by_role("button", name="Vastleggen", exact=True).click()
    assert nav.value is not None and nav.value.status == 409
    melding = heerlen.get_by_role("alert").first
    expect(melding).to_contain_text("intussen gewijzigd")
    expect(melding).to_contain_text("Sinds u dit formulier opende")
    expect(heerlen.locator('[name="omschrijving"]')).to_have_value(omschrijving)
    toegankelijkheid(heerlen)
    schermafdruk(heerlen, "botsing")
    with heerlen.expect_navigation():
        heerlen.get_by_role("button", name="Vastleggen", exact=True).click()
    assert heerlen.url.endswith(f"/casussen/{casus_id}")
    incident = Gebeurtenis.objects.get(casus_id=casus_id, type="incident")
    assert incident.actor == "lv.heerlen"
    assert Gebeurtenis.objects.filter(casus_id=casus_id, type="melder_geinformeerd").count() == 1
