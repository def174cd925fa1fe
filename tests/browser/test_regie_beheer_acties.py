"""Every action of the roles without casework, in real Chromium (issue 13): the functioneel
beheerder invites, deactivates, unblocks, resets a second factor, creates and revokes an API
client, subscribes a webhook, uploads, previews and schedules an agreement version and adds a
decree day; the privacy officer reads each report and downloads an AVG export; the
beleidsmedewerker uses every filter, export, chart and the capacity outlook. axe-core finds no
WCAG 2.1 A/AA violation on any page reached.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from zicht.api.models import ApiClient
from zicht.beheer.models import Afspraakversie, Beheeractie, GelijkgesteldeDag
from zicht.core.afspraken import AFSPRAKEN_MAP, afspraken_van
from zicht.regie import verversen

from .conftest import GEACCEPTEERD, OVERGEDRAGEN, inloggen, maak_casus, toegankelijkheid

pytestmark = pytest.mark.browser
AMS = ZoneInfo("Europe/Amsterdam")


def _versie(termijn: str, vanaf: str) -> bytes:
    huidig = (AFSPRAKEN_MAP / "zuid-limburg" / "regio-2022-01-20.yaml").read_text()
    tekst = huidig.replace("geldig_vanaf: 2022-01-20", f"geldig_vanaf: {vanaf}")
    oud = "  start_contact:\n    direct:\n      termijn: 3 weken\n"
    assert oud in tekst
    return tekst.replace(oud, oud.replace("3 weken", termijn)).encode()


def test_de_functioneel_beheerder_gebruikt_elke_beheeractie(
    page: Page, live_server: Any, demo: None
) -> None:
    AccessAttempt.objects.create(
        username="lv.maastricht",
        ip_address="127.0.0.1",
        user_agent="test",
        failures_since_start=10,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/inloggen/",
    )
    inloggen(page, live_server, "beheer", start="/beheer/gebruikers/")
    rij = page.get_by_role("row", name="lv.maastricht")
    expect(rij).to_contain_text("geblokkeerd")
    toegankelijkheid(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Blokkade opheffen lv.maastricht").click()
    assert not AccessAttempt.objects.filter(username="lv.maastricht").exists()
    with page.expect_navigation():
        page.get_by_role("button", name="Authenticator-app opnieuw koppelen lv.heerlen").click()
    expect(page.get_by_role("row", name="lv.heerlen")).to_contain_text("nog geen authenticator-app")
    with page.expect_navigation():
        page.get_by_role("button", name="Deactiveren lv.sittard-geleen").click()
    assert not User.objects.get(username="lv.sittard-geleen").is_active
    expect(page.get_by_role("button", name="Activeren lv.sittard-geleen")).to_be_visible()
    toegankelijkheid(page)
    acties = set(Beheeractie.objects.values_list("actie", flat=True))
    assert {"deblokkeren", "tweede_stap_opnieuw", "deactiveren"} <= acties

    # API clients: create with a scope, then revoke; a webhook subscription.
    page.get_by_role("link", name="Organisaties en koppelingen").click()
    page.locator("#id_c-naam").fill("Suite Maastricht")
    page.locator("#id_c-organisatie").select_option(label="Lokaal veld Maastricht")
    page.get_by_label("Lezen").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Systeem toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("Token van Suite Maastricht")
    toegankelijkheid(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Intrekken Suite Maastricht").click()
    expect(page.get_by_role("row", name="Suite Maastricht")).to_contain_text("ingetrokken")
    assert not ApiClient.objects.get(naam="Suite Maastricht").actief
    page.locator("#id_a-organisatie").select_option(label="Lokaal veld Maastricht")
    page.locator("#id_a-url").fill("https://suite.maastricht.invalid/zicht")
    page.locator("input[name='a-soorten']").first.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Abonnement toevoegen").click()
    expect(page.get_by_role("table", name="Abonnementen en hun leveringen")).to_contain_text(
        "https://suite.maastricht.invalid/zicht"
    )
    toegankelijkheid(page)

    # Agreement: a valid version, its preview, scheduled; a decree day.
    page.get_by_role("link", name="Afspraken").click()
    page.locator("#id_bestand").set_input_files(
        files=[
            {
                "name": "regio-2027-03-01.yaml",
                "mimeType": "text/yaml",
                "buffer": _versie("2 weken", "2027-03-01"),
            }
        ]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Controleren").click()
    expect(page.locator("#controle")).to_contain_text("in orde")
    wijzigingen = page.get_by_role("table", name="Gewijzigde instellingen")
    expect(wijzigingen).to_contain_text("start_contact.direct.termijn")
    expect(wijzigingen).to_contain_text("2 weken")
    toegankelijkheid(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Plannen vanaf 1 maart 2027").click()
    expect(page.get_by_role("status")).to_contain_text("gepland vanaf ma 1 mrt 2027")
    assert Afspraakversie.objects.get().gepland
    # The engine has it: from 1 March 2027 contact is due within 2 weeks.
    regels = afspraken_van().regels("Heerlen", datetime(2027, 3, 2).date())
    assert regels("start_contact.direct.termijn") == "2 weken"
    page.locator("#id_datum").fill("2027-05-07")
    page.locator("#id_besluit").fill("Besluit gelijkgestelde dagen 2027, Stcrt. 2026, 1")
    with page.expect_navigation():
        page.get_by_role("button", name="Dag toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("7 mei 2027 toegevoegd")
    assert GelijkgesteldeDag.objects.get().besluit.startswith("Besluit gelijkgestelde")
    assert not afspraken_van().kalender.is_werkdag(datetime(2027, 5, 7).date())
    toegankelijkheid(page)


def test_de_privacy_officer_gebruikt_elke_rapportage_en_de_inzage_export(
    page: Page, live_server: Any, demo: None
) -> None:
    from zicht.casuswerk.models import Gezin
    from zicht.toegangslog.models import Toegangsrij

    casus = maak_casus("Gezin Privacy", OVERGEDRAGEN)
    gezin = Gezin.objects.get(casus_id=casus)
    gezin.personen[0]["bsn"] = "111222333"
    gezin.save()
    # Lokaal veld Maastricht looks at this Heerlen case on a Saturday: outside its relations
    # and after hours.
    Toegangsrij.objects.create(
        tijdstip=datetime(2026, 11, 21, 11, 0, tzinfo=AMS),
        gebruiker="lv.maastricht",
        rol="lokaal_veld_medewerker",
        organisatie="lokaal_veld:Maastricht",
        casus_id=casus,
        personen=["p1"],
        actie="casus_inzien",
        verwerking="lokaal_veld_casusregie",
        uitkomst="toegestaan",
        trace_id="t",
    )
    inloggen(page, live_server, "privacy", start="/beheer/privacy/")
    page.locator("#id_van").fill("2026-11-01")
    page.locator("#id_tot").fill("2026-11-28")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon").click()
    for kop in (
        "Ongewoon veel inzage op één dag",
        "Inzage buiten de eigen betrokkenheid",
        "Inzage buiten kantoortijd",
        "Inzageverzoek (AVG artikel 15)",
        "Bewaren van het toegangslog",
    ):
        expect(page.get_by_role("heading", name=kop)).to_be_visible()
    expect(page.get_by_role("table", name="Inzage buiten de eigen betrokkenheid")).to_contain_text(
        "lv.maastricht"
    )
    expect(page.get_by_role("table", name="Inzage buiten kantoortijd")).to_contain_text(
        "lv.maastricht"
    )
    expect(page.get_by_role("table", name="Dagen met ongewoon veel inzage")).to_be_visible()
    toegankelijkheid(page)

    page.locator("#id_bsn").fill("111222333")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    lijnen = list(csv.reader(io.StringIO(download.value.path().read_text()), delimiter=";"))
    assert lijnen[0] == ["casus", "moment", "soort", "wat", "wie", "verwerking", "grondslag"]
    assert any(r[2] == "gebeurtenis" and r[3] == "melding_ontvangen" for r in lijnen[1:])
    assert any(r[2] == "inzage" and "lokaal_veld:Maastricht" in r[4] for r in lijnen[1:])
    assert Toegangsrij.objects.filter(
        gebruiker="privacy", actie="exporteren", casus_id=casus
    ).exists()
    toegankelijkheid(page)


@pytest.fixture
def cijfers(demo: None) -> None:
    for i in range(3):
        maak_casus(f"Gezin Regie {i}", GEACCEPTEERD)
    for i in range(3):
        maak_casus(f"Gezin Wacht {i}", OVERGEDRAGEN)
    verversen.ververs(datetime(2026, 1, 1, 12, 0, tzinfo=AMS))


def test_de_beleidsmedewerker_gebruikt_elk_filter_elke_export_en_het_vooruitzicht(
    page: Page, live_server: Any, cijfers: None
) -> None:
    inloggen(page, live_server, "vt.regie", start="/regie/")
    # Every filter: period, area (region, subregion, gemeente) and party.
    page.locator("#id_van").fill("2025-05")
    page.locator("#id_tot").fill("2025-10")
    page.get_by_role("combobox", name="Gebied").select_option(label="Parkstad")
    page.get_by_role("combobox", name="Partij").select_option(label="Veilig Thuis")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon cijfers").click()
    for deel in ("van=2025-05", "tot=2025-10", "gebied=subregio", "partij=veilig_thuis"):
        assert deel in page.url
    expect(
        page.get_by_role(
            "table", name="Termijnen in Parkstad per soort, mei 2025 tot en met oktober 2025"
        )
    ).to_be_visible()
    # The charts: accessible images beside their tables.
    expect(
        page.get_by_role("img", name="Trend: Instroom per maand naar bron in Parkstad")
    ).to_be_visible()
    expect(page.get_by_role("img", name="Op tijd (%) per gebied")).to_be_visible()
    toegankelijkheid(page)
    page.get_by_role("combobox", name="Gebied").select_option(label="Heerlen")
    page.get_by_role("combobox", name="Partij").select_option(label="Alle partijen")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon cijfers").click()
    expect(
        page.get_by_role(
            "table",
            name="Doorlooptijden in Heerlen (kalenderdagen), mei 2025 tot en met oktober 2025",
        )
    ).to_be_visible()
    toegankelijkheid(page)

    # Every table's CSV and XLSX.
    links = page.get_by_role("link", name="CSV van")
    sleutels = []
    for i in range(links.count()):
        with page.expect_download() as download:
            links.nth(i).click()
        naam = download.value.suggested_filename
        assert naam.endswith("-2025-05-2025-10.csv"), naam
        tekst = download.value.path().read_text(encoding="utf-8")
        assert tekst.count(";") > 0
        sleutels.append(naam)
    assert len(sleutels) >= 8
    xlsx = page.get_by_role("link", name="Excel van")
    assert xlsx.count() == len(sleutels)
    for i in range(xlsx.count()):
        with page.expect_download() as download:
            xlsx.nth(i).click()
        assert download.value.path().read_bytes()[:2] == b"PK"  # a zip: an xlsx workbook
    with page.expect_download(timeout=60_000) as download:  # WeasyPrint: seconds when loaded
        page.get_by_role("link", name="Jaarverslag 2025 (PDF)").click(timeout=60_000)
    assert download.value.path().read_bytes()[:5] == b"%PDF-"

    # The capacity outlook and a what-if on a lokaal veld.
    page.get_by_role("link", name="Capaciteit").click()
    page.locator("#id_maanden").fill("3")
    page.get_by_role("combobox", name="Capaciteit veranderen van").select_option(
        label="Lokaal veld Heerlen"
    )
    page.locator("#id_procent").fill("150")
    with page.expect_navigation():
        page.get_by_role("button", name="Bereken").click()
    tabel = page.get_by_role("table", name="Lokaal veld Heerlen: verwachting per maand")
    expect(tabel).to_contain_text("Achterstand bij 150%")
    assert tabel.locator("tbody tr").count() == 3
    toegankelijkheid(page)
