"""One family from melding to closure, every step typed into the real forms by three organisations.

Veilig Thuis registers, triages (Onderzoek), runs the service and hands over to the lokaal veld
Heerlen, which accepts, takes casusregie and makes the plan; VT monitors at 3 and 12 months. With
no incident since the melding (June 2025), stable safety is possible from December 2025; the
clock stands at 1 September 2026, so the case closes: monitoring, stable safety, casusregie.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from zicht.store.models import Gebeurtenis

from .conftest import (
    NA_DIENST,
    Klok,
    acties,
    gebeurtenissen,
    inloggen,
    rijen,
    schermafdruk,
    stap,
    toegankelijkheid,
    vastleggen,
    vul,
)

pytestmark = pytest.mark.browser

ALLEEN_VT = {
    "veiligheidsbeoordeling_afgerond",
    "dienst_gestart",
    "dienst_afgerond",
    "overdracht",
    "brief_directbetrokkenen_verstuurd",
    "melder_geinformeerd",
    "monitoringscontact",
    "monitoring_afgesloten",
    "dossier_gesloten",
}
ALLEEN_LOKAAL_VELD = {"ontvangst_bevestigd", "overdracht_geaccepteerd", "contact_gestart"}
PLAN = [
    "vertaling_veiligheidsvoorwaarden",
    "termijn_voorwaarden",
    "consequenties",
    "risicofactoren",
    "hulp_en_herstel",
    "afstemming_gemeenten",
    "evaluatiemomenten",
]


def samenvatting(page: Page) -> dict[str, str]:
    """The case summary at the top of the case page: term -> description."""
    dl = page.locator("dl.zicht-samenvatting").first
    termen = dl.locator("dt").all_inner_texts()
    return dict(zip(termen, dl.locator("dd").all_inner_texts(), strict=True))


def open_casus(page: Page, live_server: Any, casus_id: str) -> None:
    page.goto(f"{live_server.url}/casussen/{casus_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gezin De Vries")


def test_een_casus_van_melding_tot_afsluiting(
    page: Page, venster: Callable[[], Page], live_server: Any, demo: None, tijd: Klok
) -> None:
    vt, lv, pc = page, venster(), venster()  # one window per user, each logged in once

    # --- Veilig Thuis: the melding, with the family's people -----------------------------
    tijd.zet("2025-06-02T09:10")  # each step below moves "now" to just after its moment
    inloggen(vt, live_server, "vt.medewerker")
    vt.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Melding registreren"
    ).click()
    expect(vt.get_by_role("heading", level=1)).to_have_text("Melding registreren")
    vul(
        vt,
        {
            "gezin": "Gezin De Vries",
            "op": "2025-06-02T09:00",
            "gemeenten": ["Heerlen"],
            "bron": "professional",
            "contextverhaal": True,
            "directbetrokkenen__0__id": "Anna de Vries",
            "directbetrokkenen__0__rol": "ouder",
            "directbetrokkenen__0__gezag": True,
            "directbetrokkenen__1__id": "Bram de Vries",
            "directbetrokkenen__1__rol": "ouder",
            "directbetrokkenen__1__gezag": True,
            "directbetrokkenen__2__id": "Cas de Vries",
            "directbetrokkenen__2__rol": "kind",
        },
    )
    vt.get_by_role("button", name="Persoon toevoegen").click()  # htmx: a fifth, empty row
    expect(vt.locator("#personen legend", has_text="Persoon 5")).to_be_visible()
    schermafdruk(vt, "melding-registreren")
    toegankelijkheid(vt)
    vastleggen(vt, "Melding vastleggen")
    assert "/casussen/" in vt.url, f"melding niet vastgelegd: {vt.url}"
    casus_id = vt.url.rsplit("/", 1)[1]
    assert samenvatting(vt)["Fase"] == "veiligheidsbeoordeling"
    for naam in ("Anna de Vries", "Bram de Vries", "Cas de Vries"):
        expect(vt.get_by_text(naam, exact=True).first).to_be_visible()
    assert samenvatting(vt)["Zicht op veiligheid"] == "niemand"
    toegankelijkheid(vt)

    # --- triage by two assessors, the service Onderzoek, the hand-over after it ------------
    stap(
        vt,
        "veiligheidsbeoordeling_afgerond",
        "2025-06-05T14:00",
        {
            "besluit": "onderzoek",
            "onderbouwing": "Herhaald geweld tussen de ouders; het kind is getuige.",
            "beoordelaars": ["vt.medewerker", "vt.gedrag"],
        },
    )
    assert samenvatting(vt)["Zicht op veiligheid"] == "Veilig Thuis"
    stap(vt, "dienst_gestart", "2025-06-06T10:00", {"dienst": "onderzoek"})
    stap(
        vt,
        "dienst_afgerond",
        "2025-08-01T10:00",
        {
            "veiligheidsvoorwaarden": "Geen geweld waar het kind bij is\nAgressieregulatie",
            "oordeel": "hg_km_vastgesteld",
        },
    )
    stap(
        vt,
        "overdracht",
        "2025-08-04T10:00",
        {
            "moment": "na_dienst",
            "naar": ["lokaal_veld:Heerlen"],
            "informatie": NA_DIENST,
            "wijze": "mondeling",
        },
    )
    stap(vt, "melder_geinformeerd", "2025-08-04T11:00")
    # Until the lokaal veld accepts, VT keeps zicht and has nothing to confirm itself.
    assert samenvatting(vt)["Zicht op veiligheid"] == "Veilig Thuis"
    assert not acties(vt) & (ALLEEN_LOKAAL_VELD | {"overdracht", "casusregie_belegd"})

    # --- lokaal veld Heerlen: the hand-over waits for it ------------------------------------
    inloggen(lv, live_server, "lv.heerlen")
    wachtend = lv.get_by_role("table", name="Overdrachten waarvan ontvangst")
    expect(wachtend.get_by_role("row", name="Gezin De Vries")).to_contain_text("acceptatie")
    expect(lv.get_by_role("link", name="Melding registreren")).to_have_count(0)
    schermafdruk(lv, "werkvoorraad-lokaal-veld")
    toegankelijkheid(lv)
    wachtend.get_by_role("link", name="Gezin De Vries").click()
    expect(lv.get_by_role("heading", level=1)).to_have_text("Gezin De Vries")
    mag = acties(lv)
    assert {"overdracht_geaccepteerd", "contact_gestart"} <= mag
    assert not mag & ALLEEN_VT, mag & ALLEEN_VT
    assert "casusregie_belegd" not in mag  # zicht is still with VT

    stap(lv, "overdracht_geaccepteerd", "2025-08-05T09:00", {"door": "lokaal_veld:Heerlen"})
    assert samenvatting(lv)["Zicht op veiligheid"] == "Lokaal veld Heerlen"
    stap(lv, "contact_gestart", "2025-08-07T10:00")
    for i, persoon in enumerate(["p1", "p2", "p3"]):
        stap(lv, "directbetrokkene_geinformeerd", f"2025-08-07T1{i}:30", {"persoon": persoon})
    stap(lv, "casusregie_belegd", "2025-08-08T10:00", {"bij": "lokaal_veld:Heerlen"})
    stap(
        lv,
        "plan_vastgesteld",
        "2025-08-15T10:00",
        {
            "onderdelen": PLAN,
            "evaluatiemomenten__0": "2025-11-14",
            "evaluatiemomenten__1": "2026-02-13",
            "termijn_voorwaarden": "2025-12-01",
        },
    )
    assert samenvatting(lv)["Casusregie"] == "Lokaal veld Heerlen"
    assert not acties(lv) & ALLEEN_VT

    # --- the procescoördinator of Heerlen follows its lokaal veld, and records nothing here --
    inloggen(pc, live_server, "pc.heerlen")
    termijnen = pc.get_by_role("table", name="openstaande termijnen")
    expect(termijnen.get_by_role("row", name="Gezin De Vries").first).to_contain_text(
        "Lokaal veld Heerlen"
    )
    expect(pc.get_by_role("link", name="Melding registreren")).to_have_count(0)
    open_casus(pc, live_server, casus_id)
    assert acties(pc) == set()
    expect(pc.get_by_text("Er is nu geen stap voor u in deze casus.")).to_be_visible()

    # --- monitoring at three months, evaluations, monitoring at twelve months ---------------
    monitoring = {
        "scores__0__door": "moeder",
        "scores__0__score": "6",
        "scores__1__door": "casusregisseur",
        "scores__1__score": "7",
        "voorwaarden_nageleefd": "ja",
        "directe_veiligheid": "ja",
    }
    open_casus(vt, live_server, casus_id)
    assert samenvatting(vt)["Monitoring door Veilig Thuis"] == "ja"
    stap(vt, "monitoringscontact", "2025-11-03T10:00", monitoring)

    open_casus(lv, live_server, casus_id)
    stap(
        lv,
        "evaluatie",
        "2025-11-14T10:00",
        {"risicofactoren_aangepakt": "ja", "herstel_gestart": "nee"},
    )
    stap(
        lv,
        "evaluatie",
        "2026-02-13T10:00",
        {"risicofactoren_aangepakt": "ja", "herstel_gestart": "ja"},
    )

    open_casus(vt, live_server, casus_id)
    stap(vt, "monitoringscontact", "2026-08-04T10:00", monitoring | {"scores__0__score": "8"})

    # --- closure: VT ends monitoring, the lokaal veld states stable safety, ends casusregie --
    stap(vt, "monitoring_afgesloten", "2026-08-10T10:00")
    open_casus(lv, live_server, casus_id)
    stap(lv, "stabiele_veiligheid_vastgesteld", "2026-08-11T10:00")
    stap(
        lv,
        "casusregie_afgesloten",
        "2026-08-12T10:00",
        {"reden": "stabiel_veilig", "afgestemd_met_veilig_thuis": True},
    )
    assert samenvatting(lv) == {
        "Gemeenten": "Heerlen",
        "Fase": "stabiele veiligheid bereikt",
        "Zicht op veiligheid": "niemand",
        "Eerstvolgende termijn": "geen",
        # who registered the melding, and who accepted it for the lokaal veld
        "Behandelaar": "Demo lokaal veld Heerlen (Lokaal veld Heerlen); Demo VT-medewerker "
        "(Veilig Thuis) Toewijzen",
        "Documenten": "Overdrachtsdocument, brieven",
        "Casusregie": "niet belegd",
        "Monitoring door Veilig Thuis": "nee",
    }

    # --- three weeks on: the procescoördinator sees the closed case; VT sees the whole bar ---
    tijd.zet("2026-09-01T12:00")
    open_casus(pc, live_server, casus_id)
    assert samenvatting(pc)["Fase"] == "stabiele veiligheid bereikt"
    assert acties(pc) == set()

    open_casus(vt, live_server, casus_id)
    assert rijen(vt.get_by_role("table", name="Zicht op veiligheid per periode")) == [
        ["Veilig Thuis", "do 5 jun 2025, 14:00", "di 5 aug 2025, 09:00"],
        ["Lokaal veld Heerlen", "di 5 aug 2025, 09:00", "di 11 aug 2026, 10:00"],
    ]
    historie = gebeurtenissen(vt)
    assert len(historie) == 20
    assert historie[0][1:] == [
        "Casusregie afgesloten",
        "Demo lokaal veld Heerlen, Lokaal veld Heerlen",
    ]
    assert historie[-1][1:] == ["Melding ontvangen", "Demo VT-medewerker, Veilig Thuis"]
    toegankelijkheid(vt)
    assert Gebeurtenis.objects.filter(casus_id=casus_id).count() == 20
