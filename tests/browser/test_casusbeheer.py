"""Lists and search, assignment, the case page's content and timeline, documents, phones and
keyboards, in Chromium; axe-core on every screen, screenshots of the new screens."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from zicht.casusbeheer.lijsten import casusnummer
from zicht.casusbeheer.models import Document
from zicht.casuswerk.models import Gezin

from .conftest import (
    GEACCEPTEERD,
    OVERGEDRAGEN,
    Klok,
    inloggen,
    maak_casus,
    pdf_schermafdruk,
    rijen,
    schermafdruk,
    toegankelijkheid,
)

pytestmark = pytest.mark.browser


def test_lijsten_zoeken_en_toewijzen(page: Page, live_server: Any, demo: None, tijd: Klok) -> None:
    de_vries = maak_casus("Gezin De Vries", GEACCEPTEERD)
    maak_casus("Gezin Bakker", GEACCEPTEERD)
    maak_casus("Gezin Janssen", [{**OVERGEDRAGEN[0], "gemeenten": ["Maastricht"]}])
    tijd.zet("2025-09-01T12:00")
    inloggen(page, live_server, "lv.heerlen")

    page.get_by_role("link", name="Casussen", exact=True).click()
    # Nothing assigned to lv.heerlen yet: the menu opens the organisation's cases, not an
    # empty "Mijn casussen"; that tab says why it is empty and where the cases are.
    expect(page.get_by_role("heading", level=2)).to_have_text("Alle casussen")
    page.get_by_role("link", name="Mijn casussen").click()
    expect(page.get_by_text("Geen casussen gevonden")).to_be_visible()
    expect(page.get_by_text("U bent van geen casus de behandelaar")).to_be_visible()
    page.get_by_role("link", name="Alle casussen").first.click()
    lijst = page.get_by_role("table", name="casussen")
    assert sorted(r[0] for r in rijen(lijst)) == ["Gezin Bakker", "Gezin De Vries"]
    toegankelijkheid(page)
    page.get_by_role("link", name="Gezin", exact=True).click()  # sort by family
    assert [r[0] for r in rijen(lijst)] == ["Gezin Bakker", "Gezin De Vries"]
    page.get_by_role("link", name="Gezin", exact=True).click()
    assert [r[0] for r in rijen(lijst)] == ["Gezin De Vries", "Gezin Bakker"]
    schermafdruk(page, "casuslijst")

    page.get_by_role("searchbox", name="Naam of casusnummer").fill("vries")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    assert [r[0] for r in rijen(lijst)] == ["Gezin De Vries"]
    schermafdruk(page, "zoeken")
    toegankelijkheid(page)

    page.get_by_role("link", name="Gezin De Vries").click()
    page.get_by_role("link", name="Toewijzen").click()
    toegankelijkheid(page)
    page.get_by_label("Behandelaar").select_option(label="Demo lokaal veld Heerlen")
    page.get_by_role("button", name="Toewijzen").click()
    expect(page.get_by_role("status")).to_contain_text("Toegewezen aan Demo lokaal veld Heerlen")
    page.get_by_role("link", name="Casussen", exact=True).click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Mijn casussen")
    assert [r[0] for r in rijen(page.get_by_role("table", name="casussen"))] == ["Gezin De Vries"]
    assert str(de_vries)


def test_casuspagina_toont_alles_en_elke_gebeurtenis_opent(
    page: Page, live_server: Any, demo: None, tijd: Klok
) -> None:
    casus_id = maak_casus(
        "Gezin De Vries",
        [
            *GEACCEPTEERD,
            {
                "op": "2025-08-20T10:00",
                "type": "incident",
                "omschrijving": "Vader sloeg met de deur; buren belden de politie.",
                "wie": ("lv.heerlen", "lokaal_veld:Heerlen"),
            },
        ],
    )
    tijd.zet("2025-09-01T12:00")
    inloggen(page, live_server, "lv.heerlen")
    page.goto(f"{live_server.url}/casussen/{casus_id}")
    expect(page.get_by_role("heading", name="Veiligheidsvoorwaarden")).to_be_visible()
    voorwaarden = page.get_by_role("region", name="Veiligheidsvoorwaarden")
    expect(voorwaarden).to_contain_text("Geen geweld waar het kind bij is")
    expect(page.get_by_role("region", name="Incidenten")).to_contain_text("Vader sloeg")
    expect(page.get_by_role("region", name="Gezag")).to_contain_text(
        "Anna de Vries (ouder), heeft gezag"
    )
    expect(page.locator("dl.zicht-samenvatting").first).to_contain_text("Eerstvolgende termijn")
    expect(page.get_by_role("heading", name="Wie heeft zicht op veiligheid")).to_be_visible()
    eerste = page.locator("li.zicht-gebeurtenis details").first
    expect(eerste.get_by_text("Vastgelegd op")).not_to_be_visible()
    eerste.locator("summary").click()
    expect(eerste.get_by_text("Vastgelegd op")).to_be_visible()
    expect(eerste).to_contain_text("buren belden de politie")
    schermafdruk(page, "casuspagina-tijdlijn")
    toegankelijkheid(page)


def test_een_lange_naam_maakt_de_pagina_niet_breder(
    page: Page, live_server: Any, demo: None, tijd: Klok
) -> None:
    casus_id = maak_casus("Gezin " + "x" * 190, GEACCEPTEERD)  # names are at most 200 long
    gezin = Gezin.objects.get(casus_id=casus_id)
    gezin.personen = [{**gezin.personen[0], "naam": "A" * 10_000}, *gezin.personen[1:]]
    gezin.save()
    tijd.zet("2025-09-01T12:00")
    inloggen(page, live_server, "vt.medewerker")
    for pad in (f"/casussen/{casus_id}", "/casussen/?lijst=alle", "/"):
        page.goto(f"{live_server.url}{pad}")
        breedte = page.evaluate("document.documentElement.scrollWidth")
        assert breedte <= 1280, (pad, breedte)


DOCUMENTCASUS = "5ca1ab1e-0000-4000-8000-000000000001"


def test_documenten_maken_en_lezen(page: Page, live_server: Any, demo: None, tijd: Klok) -> None:
    # A fixed id: the PDF's screenshot shows the same case number on every run.
    casus_id = maak_casus("Gezin De Vries", GEACCEPTEERD, vast_id=DOCUMENTCASUS)
    tijd.zet("2025-09-01T12:00")
    inloggen(page, live_server, "vt.medewerker")
    page.goto(f"{live_server.url}/casussen/{casus_id}")
    page.get_by_role("link", name="Overdrachtsdocument, brieven").click()
    toegankelijkheid(page)
    page.set_default_timeout(60_000)  # WeasyPrint on a loaded machine takes its time
    page.get_by_role("button", name="Overdrachtsdocument maken").click()
    expect(page.get_by_role("status")).to_contain_text("Overdrachtsdocument gemaakt")
    doc = Document.objects.get(casus_id=casus_id)
    expect(page.get_by_text(doc.sha256)).to_be_visible()
    toegankelijkheid(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Overdrachtsdocument (pdf)").click()
    pad = download.value.path()
    assert pad is not None and pad.read_bytes() == bytes(doc.inhoud)

    # It is on the case's timeline, with its hash and a download.
    page.goto(f"{live_server.url}/casussen/{casus_id}")
    rij = page.locator("li.zicht-gebeurtenis", has_text="Document gemaakt").first
    rij.locator("summary").click()
    expect(rij).to_contain_text(doc.sha256)
    expect(rij).to_contain_text("overdrachtsdocument")

    # The lokaal veld it went to reads it; the first page of the PDF itself as a screenshot.
    inloggen(page, live_server, "lv.heerlen")
    page.goto(f"{live_server.url}/casussen/{casus_id}/documenten")
    expect(page.get_by_role("button", name="Overdrachtsdocument maken")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name="Overdrachtsdocument (pdf)").click()
    pad = download.value.path()
    assert pad is not None
    tekst = pdf_schermafdruk(pad.read_bytes(), "overdrachtsdocument")
    assert f"casus {casusnummer(casus_id)}" in tekst


def test_telefoon_werkvoorraad_als_kaarten_en_compacte_kop(
    page: Page, live_server: Any, demo: None, tijd: Klok
) -> None:
    maak_casus("Gezin De Vries", OVERGEDRAGEN)
    tijd.zet("2025-08-04T12:00")
    page.set_viewport_size({"width": 390, "height": 844})
    inloggen(page, live_server, "vt.medewerker")
    kop = page.locator("header.zicht-kop").bounding_box()
    assert kop is not None and kop["height"] <= 120, kop
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    gezin = page.locator("table.zicht-kaarten td[data-kop='Gezin']").first
    expect(gezin).to_be_visible()
    assert page.locator("table.zicht-kaarten thead").first.bounding_box()["height"] <= 1  # type: ignore[index]
    schermafdruk(page, "werkvoorraad-telefoon")
    toegankelijkheid(page)


def test_focus_naar_nieuwe_persoon_en_naar_de_foutmelding(
    page: Page, live_server: Any, demo: None, tijd: Klok
) -> None:
    inloggen(page, live_server, "vt.medewerker")
    page.goto(f"{live_server.url}/meldingen/nieuw")
    aantal = page.locator("#personen fieldset").count()
    page.get_by_role("button", name="Persoon toevoegen").click()
    expect(page.locator("#personen fieldset")).to_have_count(aantal + 1)
    nieuw = page.locator("#personen fieldset").last
    expect(nieuw.locator("input").first).to_be_focused()
    with page.expect_navigation():
        page.get_by_role("button", name="Melding vastleggen").click()
    expect(page.get_by_role("alert").first).to_be_focused()
    toegankelijkheid(page)


def test_de_overige_schermen_zonder_toegankelijkheidsfouten(
    page: Page, live_server: Any, demo: None, tijd: Klok
) -> None:
    """axe on the screens the walks do not reach: uitvraag, the access log, 403 and 404,
    the assignment form, an empty list."""
    casus_id = maak_casus("Gezin De Vries", GEACCEPTEERD)
    tijd.zet("2025-09-01T12:00")
    inloggen(page, live_server, "vt.medewerker")
    page.goto(f"{live_server.url}/uitvraag")
    toegankelijkheid(page)
    page.goto(f"{live_server.url}/casussen/?lijst=mijn")
    toegankelijkheid(page)
    page.goto(f"{live_server.url}/casussen/{casus_id}/toewijzen")
    toegankelijkheid(page)
    antwoord = page.goto(f"{live_server.url}/casussen/{casus_id}/stappen/contact_gestart")
    assert antwoord is not None and antwoord.status == 403
    toegankelijkheid(page)
    antwoord = page.goto(f"{live_server.url}/casussen/00000000-0000-0000-0000-000000000000")
    assert antwoord is not None and antwoord.status == 404
    toegankelijkheid(page)
    inloggen(page, live_server, "privacy", start="/beheer/privacy/")
    page.goto(f"{live_server.url}/privacy/toegangslog")
    expect(page.get_by_text("vt_medewerker")).to_have_count(0)  # roles in words
    expect(page.get_by_text("werkvoorraad_inzien")).to_have_count(0)
    toegankelijkheid(page)
