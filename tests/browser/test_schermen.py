"""Screens per user: worklists and actions, a refused hand-over, the bar, need-to-know.

The cases here are made through the store (as the demo makes them); the walk in
test_casus_doorlopen types every step into the forms.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from zicht.store.models import Gebeurtenis

from .conftest import (
    GEACCEPTEERD,
    LV_HEERLEN,
    OVERGEDRAGEN,
    TOT_DIENST_AFGEROND,
    Klok,
    acties,
    gebeurtenissen,
    inloggen,
    maak_casus,
    rijen,
    schermafdruk,
    toegankelijkheid,
    vastleggen,
    vul,
)
from .test_casus_doorlopen import ALLEEN_LOKAAL_VELD, ALLEEN_VT

pytestmark = pytest.mark.browser

REGIE = {"casusregie_belegd", "plan_vastgesteld", "evaluatie", "casusregie_afgesloten"}


def test_de_inlogpagina(page: Page, live_server: Any, demo: None) -> None:
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    schermafdruk(page, "inloggen")
    toegankelijkheid(page)


def test_het_zorg_en_veiligheidshuis_vindt_de_casussen_waarin_het_procesregie_heeft(
    page: Page, live_server: Any, demo: None, tijd: Klok
) -> None:
    """An escalation to the ZVH (§5.5.1) starts no term: its work is the cases themselves."""
    opgeschaald = {"op": "2025-08-20T10:00", "type": "opgeschaald", "wie": LV_HEERLEN}
    maak_casus("Gezin Kuipers", [*GEACCEPTEERD, {**opgeschaald, "naar": "zorg_en_veiligheidshuis"}])
    maak_casus("Gezin Peeters", GEACCEPTEERD)  # not escalated: not the ZVH's
    tijd.zet("2025-09-01T12:00")
    inloggen(page, live_server, "zvh.regisseur")
    tabel = page.get_by_role("table", name="Lopende casussen met procesregie bij u")
    assert rijen(tabel) == [["Gezin Kuipers", "ma 2 jun 2025"]]
    schermafdruk(page, "werkvoorraad-zvh")
    toegankelijkheid(page)
    tabel.get_by_role("link", name="Gezin Kuipers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kuipers")


def test_ieder_ziet_zijn_eigen_werkvoorraad_en_alleen_zijn_eigen_stappen(
    page: Page, live_server: Any, demo: None, tijd: Klok
) -> None:
    de_vries = maak_casus("Gezin De Vries", OVERGEDRAGEN)  # waits for the lokaal veld
    bakker = maak_casus("Gezin Bakker", [{**OVERGEDRAGEN[0], "op": "2025-08-04T08:30"}])
    tijd.zet("2025-08-04T12:00")
    melding_link = page.get_by_role("link", name="Melding registreren")

    # Veilig Thuis: every case, its own terms, registers meldingen, confirms nothing itself.
    inloggen(page, live_server, "vt.medewerker")
    expect(melding_link).to_have_count(2)  # in the menu and above the worklist
    expect(page.get_by_role("heading", name="Overdrachten die op u wachten")).to_have_count(0)
    termijnen = rijen(page.get_by_role("table", name="openstaande termijnen"))
    assert ["Veiligheidsbeoordeling", "Gezin Bakker"] in [r[2:4] for r in termijnen]
    assert ["Terugkoppeling aan de melder", "Gezin De Vries"] in [r[2:4] for r in termijnen]
    assert {r[5] for r in termijnen} == {"Veilig Thuis"}
    schermafdruk(page, "werkvoorraad-vt")
    toegankelijkheid(page)
    page.get_by_role("link", name="Gezin De Vries").first.click()
    mag = acties(page)
    assert {"melder_geinformeerd", "monitoringscontact", "incident"} <= mag
    assert not mag & (ALLEEN_LOKAAL_VELD | REGIE | {"overdracht"}), mag
    expect(page.get_by_role("link", name="Ontvangst van de overdracht bevestigen")).to_have_count(0)
    antwoord = page.goto(f"{live_server.url}/casussen/{de_vries}/stappen/ontvangst_bevestigd")
    assert antwoord is not None and antwoord.status == 403

    # Lokaal veld Heerlen: the hand-over waiting for it; no meldingen, no VT steps.
    inloggen(page, live_server, "lv.heerlen")
    expect(melding_link).to_have_count(0)
    assert rijen(page.get_by_role("table", name="Overdrachten waarvan ontvangst")) == [
        ["Gezin De Vries", "Lokaal veld Heerlen", "acceptatie en ontvangstbevestiging"]
    ]
    expect(page.get_by_text("Gezin Bakker")).to_have_count(0)  # not triaged: not theirs yet
    termijnen = rijen(page.get_by_role("table", name="openstaande termijnen"))
    assert {r[5] for r in termijnen} == {"Lokaal veld Heerlen"}
    page.get_by_role("link", name="Gezin De Vries").first.click()
    mag = acties(page)
    assert mag >= ALLEEN_LOKAAL_VELD
    assert not mag & ALLEEN_VT, mag & ALLEEN_VT
    antwoord = page.goto(f"{live_server.url}/meldingen/nieuw")
    assert antwoord is not None and antwoord.status == 403
    antwoord = page.goto(f"{live_server.url}/casussen/{bakker}")
    assert antwoord is not None and antwoord.status == 404

    # The procescoördinator of Heerlen follows its lokaal veld, records nothing here.
    inloggen(page, live_server, "pc.heerlen")
    expect(melding_link).to_have_count(0)
    assert rijen(page.get_by_role("table", name="Overdrachten waarvan ontvangst")) == [
        ["Gezin De Vries", "Lokaal veld Heerlen", "acceptatie en ontvangstbevestiging"]
    ]
    page.get_by_role("link", name="Gezin De Vries").first.click()
    assert acties(page) == set()
    expect(page.get_by_text("Er is nu geen stap voor u in deze casus.")).to_be_visible()


def test_een_onvolledige_overdracht_wordt_geweigerd_en_niets_wordt_bewaard(
    page: Page, live_server: Any, demo: None, tijd: Klok
) -> None:
    casus_id = maak_casus("Gezin De Vries", TOT_DIENST_AFGEROND)
    tijd.zet("2025-08-04T10:30")
    casus_url = f"{live_server.url}/casussen/{casus_id}"
    inloggen(page, live_server, "vt.medewerker")
    page.goto(casus_url)
    historie_voor = gebeurtenissen(page)
    page.get_by_role("link", name="Casus overdragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Casus overdragen")
    expect(page.get_by_role("heading", name="(geldt nu voor deze casus)")).to_have_text(
        "Na een dienst van Veilig Thuis (geldt nu voor deze casus)"
    )
    toegankelijkheid(page)

    vul(
        page,
        {
            "op": "2025-08-04T10:00",
            "informatie": ["inhoud_melding", "contactgegevens_directbetrokkenen"],
            "wijze": "mondeling",
        },
    )
    vastleggen(page)

    assert page.url == f"{casus_url}/stappen/overdracht"
    melding = page.get_by_role("alert")
    expect(melding).to_contain_text("Niet vastgelegd.")
    ontbreekt = melding.get_by_role("listitem").all_inner_texts()
    assert sorted(ontbreekt) == sorted(
        [
            "veiligheidsvoorwaarden",
            "consequenties als de veiligheid niet herstelt",
            "afspraken over het veiligheidsplan",
            "oordeel of huiselijk geweld of kindermishandeling plaatsvond",
            "afspraken over de monitoring",
        ]
    )
    informatie = page.get_by_role("group", name="Meegegeven informatie")
    expect(informatie.locator(".utrecht-form-field-error-message")).to_contain_text(
        "Ontbreekt: veiligheidsvoorwaarden"
    )
    expect(informatie.get_by_role("checkbox", checked=True)).to_have_count(2)  # input kept
    schermafdruk(page, "overdracht-geweigerd")
    toegankelijkheid(page)

    # Nothing stored: the same history, VT still holds zicht, the lokaal veld got nothing.
    assert Gebeurtenis.objects.filter(casus_id=casus_id).count() == len(TOT_DIENST_AFGEROND)
    page.get_by_role("link", name="Terug naar Gezin De Vries").click()
    assert gebeurtenissen(page) == historie_voor
    expect(page.locator("dl.zicht-samenvatting").first).to_contain_text("Veilig Thuis")
    inloggen(page, live_server, "lv.heerlen")
    expect(page.get_by_role("heading", name="Overdrachten die op u wachten")).to_have_count(0)
    antwoord = page.goto(casus_url)
    assert antwoord is not None and antwoord.status == 404


def test_de_verantwoordelijkheidsbalk_toont_elke_overgang(
    page: Page, live_server: Any, demo: None, tijd: Klok
) -> None:
    casus_id = maak_casus("Gezin De Vries", GEACCEPTEERD)
    tijd.zet("2025-09-01T12:00")
    inloggen(page, live_server, "lv.heerlen")
    page.goto(f"{live_server.url}/casussen/{casus_id}")

    balk = page.get_by_role("img", name=re.compile("Tijdlijn van zicht op veiligheid"))
    expect(balk).to_be_visible()
    assert balk.locator("text:not(.nummer)").all_text_contents() == [
        "Veilig Thuis",
        "Lokaal veld Heerlen",
    ]
    assert balk.locator("text.nummer").all_text_contents() == ["1", "2"]
    vt, lv = (
        balk.locator(f"rect.balk--{s}").bounding_box() for s in ("veilig_thuis", "lokaal_veld")
    )
    streep_1, streep_2 = (s.bounding_box() for s in balk.locator("line.overgang").all())
    assert vt and lv and streep_1 and streep_2
    # The transfer is one moment: VT's period ends where the lokaal veld's begins, at mark 2.
    assert abs(vt["x"] + vt["width"] - lv["x"]) < 1.5
    assert abs(streep_2["x"] + streep_2["width"] / 2 - lv["x"]) < 1.5
    assert abs(streep_1["x"] + streep_1["width"] / 2 - vt["x"]) < 1.5
    assert vt["y"] < lv["y"]  # one lane per party
    expect(balk.locator("rect.balk--lokaal_veld")).to_have_class(re.compile("balk--lopend"))

    # The text alternative: the marks in the caption, the periods in a table.
    expect(page.locator("figcaption")).to_contain_text(
        "1. do 5 jun 2025, 14:00: Veilig Thuis; 2. di 5 aug 2025, 09:00: Lokaal veld Heerlen."
    )
    assert rijen(page.get_by_role("table", name="Zicht op veiligheid per periode")) == [
        ["Veilig Thuis", "do 5 jun 2025, 14:00", "di 5 aug 2025, 09:00"],
        ["Lokaal veld Heerlen", "di 5 aug 2025, 09:00", "nu"],
    ]
    schermafdruk(page, "casuspagina")
    toegankelijkheid(page)


def test_een_andere_gemeente_krijgt_de_404_pagina(
    page: Page, live_server: Any, demo: None, tijd: Klok
) -> None:
    casus_id = maak_casus("Gezin De Vries", GEACCEPTEERD)
    tijd.zet("2025-09-01T12:00")
    inloggen(page, live_server, "lv.maastricht")
    expect(page.get_by_text("Gezin De Vries")).to_have_count(0)
    for pad in (f"/casussen/{casus_id}", f"/casussen/{casus_id}/stappen/incident"):
        antwoord = page.goto(f"{live_server.url}{pad}")
        assert antwoord is not None and antwoord.status == 404
        expect(page.get_by_text("Gezin De Vries")).to_have_count(0)
        expect(page.locator("h1")).to_contain_text(re.compile("niet gevonden", re.I))
