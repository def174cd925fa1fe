"""The screens of the roles without casework: regie, beheer and privacy, in real Chromium.

Each logs in as the demo user of its role, lands on its own first page, uses each screen, and
axe-core finds no serious or critical WCAG 2.1 A/AA violation on any of them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from zicht.regie import verversen

from .conftest import (
    GEACCEPTEERD,
    OVERGEDRAGEN,
    inloggen,
    maak_casus,
    schermafdruk,
    toegankelijkheid,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def cijfers(demo: None) -> None:
    for i in range(3):
        maak_casus(f"Gezin Regie {i}", GEACCEPTEERD)
    for i in range(3):  # six meldingen in one month: the trend line has a point to draw
        maak_casus(f"Gezin Wacht {i}", OVERGEDRAGEN)
    # Figures as of New Year 2026: the June 2025 meldingen fall in the last twelve months, from
    # which the capacity outlook takes its inflow.
    verversen.ververs(datetime(2026, 1, 1, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam")))


def test_de_beleidsmedewerker_ziet_de_regiecijfers(
    page: Page, live_server: Any, cijfers: None
) -> None:
    inloggen(page, live_server, "beleid", start="/regie/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Regie: worden de afspraken nagekomen?"
    )
    page.locator("#id_van").fill("2025-06")
    page.get_by_role("combobox", name="Gebied").select_option(label="Zuid-Limburg")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon cijfers").click()
    assert "van=2025-06" in page.url
    expect(
        page.get_by_role("img", name="Trend: Instroom per maand naar bron in Zuid-Limburg")
    ).to_be_visible()
    expect(
        page.get_by_role(
            "table", name="Termijnen in Zuid-Limburg per soort, juni 2025 tot en met december 2025"
        )
    ).to_be_visible()
    # A gemeente sees only its own gemeente beside the totals.
    opties = page.get_by_role("combobox", name="Gebied").locator("option").all_inner_texts()
    assert opties == ["Zuid-Limburg", "Parkstad", "Heerlen"]
    partijen = page.get_by_role("combobox", name="Partij").locator("option").all_inner_texts()
    assert "Gemeente Heerlen" in partijen and "Lokaal veld Heerlen" in partijen
    # A column's heading stands above its numbers: right-aligned like them, the first not.
    instroom = page.get_by_role("table", name="Instroom per maand naar bron in Zuid-Limburg")
    koppen = instroom.locator("thead th")
    uitlijning = koppen.evaluate_all("ks => ks.map(k => getComputedStyle(k).textAlign)")
    cel = instroom.locator("tbody td").first.evaluate("c => getComputedStyle(c).textAlign")
    assert cel == "right" and uitlijning[0] in ("start", "left")
    assert uitlijning[1:] == ["right"] * (len(uitlijning) - 1)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV van alle termijnen per gebied").click()
    assert download.value.suggested_filename.startswith("zicht-termijnen_per_gebied-2025-06")
    # The Excel export loads openpyxl on its first use in a worker (tests/perf/test_geheugen.py).
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel van alle termijnen per gebied").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert Path(download.value.path()).read_bytes().startswith(b"PK")  # a zip: an xlsx file
    schermafdruk(page, "regie")
    toegankelijkheid(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Jaarverslag 2025 (PDF)").click()
    assert download.value.suggested_filename == "zicht-jaarverslag-2025.pdf"

    page.get_by_role("link", name="Capaciteit").click()
    page.locator("#id_procent").fill("50")
    with page.expect_navigation():
        page.get_by_role("button", name="Bereken").click()
    expect(page.get_by_role("table", name="Veilig Thuis: verwachting per maand")).to_contain_text(
        "Achterstand bij 50%"
    )
    schermafdruk(page, "regie-capaciteit")
    toegankelijkheid(page)


def test_management_van_veilig_thuis_ziet_elke_gemeente(
    page: Page, live_server: Any, cijfers: None
) -> None:
    inloggen(page, live_server, "vt.regie", start="/regie/")
    opties = page.get_by_role("combobox", name="Gebied").locator("option").all_inner_texts()
    assert len(opties) == 1 + 3 + 16 and "Maastricht" in opties
    toegankelijkheid(page)


def test_de_functioneel_beheerder_beheert_gebruikers_koppelingen_en_afspraken(
    page: Page, live_server: Any, demo: None
) -> None:
    inloggen(page, live_server, "beheer", start="/beheer/gebruikers/")
    page.locator("#id_gebruikersnaam").fill("nieuw.collega")
    page.locator("#id_naam").fill("Nieuwe Collega")
    page.locator("#id_organisatie").select_option(label="Lokaal veld Heerlen")
    page.locator("#id_rol").select_option(label="Medewerker lokaal veld (casusregisseur)")
    with page.expect_navigation():
        page.get_by_role("button", name="Uitnodigen").click()
    expect(page.get_by_role("status")).to_contain_text("eenmalige wachtwoord")
    expect(page.get_by_role("row", name="Nieuwe Collega")).to_contain_text(
        "nog geen authenticator-app"
    )
    schermafdruk(page, "beheer-gebruikers")
    toegankelijkheid(page)

    page.get_by_role("link", name="Organisaties en koppelingen").click()
    page.locator("#id_c-naam").fill("Suite Heerlen")
    page.locator("#id_c-organisatie").select_option(label="Lokaal veld Heerlen")
    page.get_by_label("Lezen").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Systeem toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("Token van Suite Heerlen")
    toegankelijkheid(page)

    page.get_by_role("link", name="Afspraken").click()
    expect(page.get_by_role("table", name="Regels in werking")).to_contain_text("§5.1.1")
    page.locator("#id_bestand").set_input_files(
        files=[{"name": "fout.yaml", "mimeType": "text/yaml", "buffer": b"regio: zuid-limburg\n"}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Controleren").click()
    expect(page.locator("#controle")).to_contain_text("niet in orde")
    schermafdruk(page, "beheer-afspraken")
    toegankelijkheid(page)


def test_de_privacy_officer_ziet_de_rapportages(page: Page, live_server: Any, demo: None) -> None:
    maak_casus("Gezin Privacy", OVERGEDRAGEN)
    inloggen(page, live_server, "privacy", start="/beheer/privacy/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportages over het toegangslog")
    page.locator("#id_van").fill("2025-08-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon").click()
    expect(page.get_by_role("heading", name="Bewaren van het toegangslog")).to_be_visible()
    schermafdruk(page, "privacy-rapportages")
    toegankelijkheid(page)
    page.locator("#id_bsn").fill("12")
    with page.expect_navigation():
        page.get_by_role("button", name="Download").click()
    expect(page.get_by_text("Een BSN heeft 9 cijfers.")).to_be_visible()
    toegankelijkheid(page)
