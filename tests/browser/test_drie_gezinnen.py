"""Issue #12's "done when": three families from melding to "Afgesloten", each closed in another
order, every step typed into the screens by the role that takes it in reality.

- Gezin Jansen: the lokaal veld Heerlen returns the hand-over (wrong gemeente); Veilig Thuis
  re-routes it to Maastricht, whose lokaal veld takes over. Closed with stable safety first.
- Gezin Bakker: the lokaal veld escalates to the gedragswetenschappers and asks the gemeente to
  react; the procescoördinator of Heerlen finds it in its worklist and answers. Closed with
  Veilig Thuis's monitoring first.
- Gezin Peeters: an incident recorded by mistake is voided with its reason (a correction);
  Veilig Thuis records a monitoring contact late, at its real earlier moment. Closed with the
  lokaal veld's casusregie first.

One live server, one window per user, each logged in once; only screens, no writes of our own.
"""

from __future__ import annotations

import re
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
    stap,
    toegankelijkheid,
    vastleggen,
    vul,
)

pytestmark = pytest.mark.browser

PLAN = [
    "vertaling_veiligheidsvoorwaarden",
    "termijn_voorwaarden",
    "consequenties",
    "risicofactoren",
    "hulp_en_herstel",
    "afstemming_gemeenten",
    "evaluatiemomenten",
]
MONITORING = {
    "scores__0__door": "moeder",
    "scores__0__score": "7",
    "voorwaarden_nageleefd": "ja",
    "directe_veiligheid": "ja",
}
GEZINNEN = ["Gezin Jansen", "Gezin Bakker", "Gezin Peeters"]


def samenvatting(page: Page) -> dict[str, str]:
    dl = page.locator("dl.zicht-samenvatting").first
    termen = dl.locator("dt").all_inner_texts()
    return dict(zip(termen, dl.locator("dd").all_inner_texts(), strict=True))


def melding(vt: Page, live_server: Any, naam: str, op: str, tijd: Klok) -> str:
    """Veilig Thuis registers a melding about a family of three in Heerlen; returns its URL."""
    tijd.volg(op)
    vt.goto(f"{live_server.url}/meldingen/nieuw")
    achternaam = naam.removeprefix("Gezin ")
    vul(
        vt,
        {
            "gezin": naam,
            "op": op,
            "gemeenten": ["Heerlen"],
            "bron": "professional",
            "directbetrokkenen__0__id": f"Eva {achternaam}",
            "directbetrokkenen__0__rol": "ouder",
            "directbetrokkenen__0__gezag": True,
            "directbetrokkenen__1__id": f"Tom {achternaam}",
            "directbetrokkenen__1__rol": "ouder",
            "directbetrokkenen__1__gezag": True,
            "directbetrokkenen__2__id": f"Lies {achternaam}",
            "directbetrokkenen__2__rol": "kind",
        },
    )
    vastleggen(vt, "Melding vastleggen")
    assert re.search(r"/casussen/[0-9a-f-]{36}$", vt.url), f"melding {naam}: {vt.url}"
    return vt.url


def naar(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator(".zicht-acties, .utrecht-paragraph").first).to_be_visible()


def stapnummer(page: Page, wat: str) -> int:
    """The step number the timeline gives the newest event called `wat`."""
    kop = page.locator("li.zicht-gebeurtenis summary", has_text=wat).first.inner_text()
    gevonden = re.search(r"\(stap (\d+)\)", kop)
    assert gevonden, kop
    return int(gevonden.group(1))


def afgesloten(page: Page, url: str) -> None:
    naar(page, url)
    expect(page.locator(".zicht-afgesloten")).to_contain_text("Afgesloten")
    assert acties(page) & {"dossier_gesloten", "monitoring_afgesloten"} == set()


def test_drie_gezinnen_van_melding_tot_afgesloten_in_elke_volgorde(
    page: Page, venster: Callable[[], Page], live_server: Any, demo: None, tijd: Klok
) -> None:
    vt, heerlen, maastricht, pc = page, venster(), venster(), venster()
    tijd.zet("2025-06-02T08:00")
    inloggen(vt, live_server, "vt.medewerker")
    inloggen(heerlen, live_server, "lv.heerlen")
    inloggen(maastricht, live_server, "lv.maastricht")
    inloggen(pc, live_server, "pc.heerlen")

    # --- Veilig Thuis: three meldingen, triage, the service Onderzoek, the hand-over -------
    url: dict[str, str] = {}
    for i, naam in enumerate(GEZINNEN):
        url[naam] = melding(vt, live_server, naam, f"2025-06-02T0{9 + i // 10}:{i}0", tijd)
    eerste = True
    for i, naam in enumerate(GEZINNEN):
        naar(vt, url[naam])
        stap(
            vt,
            "veiligheidsbeoordeling_afgerond",
            f"2025-06-05T1{i}:00",
            {
                "besluit": "onderzoek",
                "onderbouwing": "Herhaald geweld tussen de ouders; het kind is getuige.",
                "beoordelaars": ["vt.medewerker", "vt.gedrag"],
            },
            axe=eerste,
        )
        stap(vt, "dienst_gestart", f"2025-06-06T1{i}:00", {"dienst": "onderzoek"}, axe=eerste)
        stap(
            vt,
            "dienst_afgerond",
            f"2025-08-01T1{i}:00",
            {
                "veiligheidsvoorwaarden": "Geen geweld waar het kind bij is",
                "oordeel": "hg_km_vastgesteld",
            },
            axe=eerste,
        )
        stap(
            vt,
            "overdracht",
            f"2025-08-04T1{i}:00",
            {
                "moment": "na_dienst",
                "naar": ["lokaal_veld:Heerlen"],
                "informatie": NA_DIENST,
                "wijze": "mondeling",
            },
            axe=eerste,
        )
        eerste = False

    # --- Gezin Jansen: Heerlen returns it (wrong gemeente); VT re-routes to Maastricht -----
    jansen = url["Gezin Jansen"]
    naar(heerlen, jansen)
    assert "overdracht_teruggewezen" in acties(heerlen)
    stap(
        heerlen,
        "overdracht_teruggewezen",
        "2025-08-05T09:00",
        {"reden": "verkeerde_gemeente", "gemeente": "Maastricht"},
        terug="/",  # Heerlen returned it: no longer its case, back to its worklist
    )
    expect(heerlen.locator(".utrecht-alert--ok[role=status]")).to_contain_text(
        "niet meer bij uw organisatie"
    )
    naar(vt, jansen)
    assert samenvatting(vt)["Zicht op veiligheid"] == "Veilig Thuis"
    stap(vt, "gemeenten_gewijzigd", "2025-08-05T11:00", {"gemeenten": ["Maastricht"]})
    assert samenvatting(vt)["Gemeenten"] == "Maastricht"
    stap(
        vt,
        "overdracht",
        "2025-08-05T12:00",
        {
            "moment": "na_dienst",
            "naar": ["lokaal_veld:Maastricht"],
            "informatie": NA_DIENST,
            "wijze": "mondeling",
        },
        axe=False,
    )
    # Maastricht finds it waiting in its worklist; Heerlen's returned hand-over is gone.
    maastricht.goto(f"{live_server.url}/")
    wachtend = maastricht.get_by_role("table", name="Overdrachten waarvan ontvangst")
    expect(wachtend.get_by_role("row", name="Gezin Jansen")).to_contain_text("acceptatie")
    heerlen.goto(f"{live_server.url}/")
    expect(
        heerlen.get_by_role("table", name="Overdrachten waarvan ontvangst").get_by_role(
            "row", name="Gezin Jansen"
        )
    ).to_have_count(0)

    # --- the lokaal veld of each family accepts, takes casusregie, makes and evaluates its plan
    lokaal = {"Gezin Jansen": maastricht, "Gezin Bakker": heerlen, "Gezin Peeters": heerlen}
    code = {
        "Gezin Jansen": "lokaal_veld:Maastricht",
        "Gezin Bakker": "lokaal_veld:Heerlen",
        "Gezin Peeters": "lokaal_veld:Heerlen",
    }
    eerste = True
    for i, naam in enumerate(GEZINNEN):
        lv = lokaal[naam]
        naar(lv, url[naam])
        stap(lv, "overdracht_geaccepteerd", f"2025-08-06T1{i}:00", {"door": code[naam]}, axe=eerste)
        stap(lv, "casusregie_belegd", f"2025-08-08T1{i}:00", {"bij": code[naam]}, axe=eerste)
        stap(
            lv,
            "plan_vastgesteld",
            f"2025-08-15T1{i}:00",
            {"onderdelen": PLAN, "evaluatiemomenten__0": "2025-11-14"},
            axe=eerste,
        )
        assert samenvatting(lv)["Zicht op veiligheid"] == samenvatting(lv)["Casusregie"]
        eerste = False

    # --- Gezin Bakker: no agreement; the lokaal veld escalates and asks the gemeente --------
    bakker = url["Gezin Bakker"]
    naar(heerlen, bakker)
    stap(
        heerlen,
        "opgeschaald",
        "2025-09-01T10:00",
        {
            "naar": "gedragswetenschappers",
            "reden": "geen_overeenstemming",
            "partij": "gemeente:Heerlen",
        },
    )
    expect(heerlen.get_by_role("region", name="Opschaling")).to_contain_text(
        "gedragswetenschappers: geen overeenstemming over de inhoud; Gemeente Heerlen moet reageren"
    )
    pc.goto(f"{live_server.url}/")
    rij = pc.get_by_role("table", name="openstaande termijnen").get_by_role(
        "row", name="Gezin Bakker"
    )
    expect(rij.filter(has_text="opschaling")).to_have_count(1)
    rij.filter(has_text="opschaling").get_by_role("link", name="Gezin Bakker").click()
    assert acties(pc) == {"opschaling_beantwoord"}
    stap(pc, "opschaling_beantwoord", "2025-09-03T10:00", {"door": "gemeente:Heerlen"})
    pc.goto(f"{live_server.url}/")
    expect(
        pc.get_by_role("table", name="openstaande termijnen")
        .get_by_role("row", name="Gezin Bakker")
        .filter(has_text="opschaling")
    ).to_have_count(0)

    # --- Gezin Peeters: an incident recorded at the wrong family, voided with its reason ----
    peeters = url["Gezin Peeters"]
    naar(heerlen, peeters)
    stap(heerlen, "incident", "2025-09-10T10:00", {"omschrijving": "Ruzie op straat."})
    nummer = stapnummer(heerlen, "Incident")
    stap(
        heerlen,
        "gebeurtenis_ingetrokken",
        "2025-09-10T11:00",
        {"volgnummer": str(nummer), "onderbouwing": "Bij het verkeerde gezin vastgelegd."},
    )
    rij = heerlen.locator("li.zicht-gebeurtenis", has_text=f"(stap {nummer})")
    expect(rij).to_contain_text("ingetrokken")

    # --- monitoring after three months; evaluations that make stable safety possible --------
    eerste = True
    for i, naam in enumerate(GEZINNEN):
        naar(vt, url[naam])
        if naam != "Gezin Peeters":  # Peeters's contact is recorded late, below
            stap(vt, "monitoringscontact", f"2025-11-03T1{i}:00", MONITORING, axe=eerste)
            eerste = False
        lv = lokaal[naam]
        naar(lv, url[naam])
        stap(
            lv,
            "evaluatie",
            f"2025-11-14T1{i}:00",
            {"risicofactoren_aangepakt": "ja", "herstel_gestart": "ja"},
            axe=i == 0,
        )
    # The late registration: on 20 November VT records the contact of 3 November.
    tijd.volg("2025-11-20T09:00")
    naar(vt, peeters)
    stap(vt, "monitoringscontact", "2025-11-03T15:00", MONITORING, axe=False)
    laat = vt.locator("li.zicht-gebeurtenis").first
    laat.locator("summary").click()
    expect(laat).to_contain_text("Gebeurd opma 3 nov 2025, 15:00")
    expect(laat).to_contain_text("Vastgelegd opdo 20 nov 2025")
    wanneer = [g[0] for g in gebeurtenissen(vt)]
    assert wanneer[0].startswith("ma 3 nov 2025") and wanneer[1].startswith("vr 14 nov 2025")

    for i, naam in enumerate(GEZINNEN):
        naar(vt, url[naam])
        stap(vt, "monitoringscontact", f"2026-08-03T1{i}:00", MONITORING, axe=False)

    # --- closing, in three orders -------------------------------------------------------
    # Jansen: stable safety first (lokaal veld), then monitoring, casusregie, VT's file.
    stap_op = iter(f"2026-08-{d:02d}T10:00" for d in range(10, 30))
    naar(maastricht, jansen)
    stap(maastricht, "stabiele_veiligheid_vastgesteld", next(stap_op))
    naar(vt, jansen)
    assert {"monitoring_afgesloten"} <= acties(vt)
    stap(vt, "monitoring_afgesloten", next(stap_op))
    naar(maastricht, jansen)
    stap(
        maastricht,
        "casusregie_afgesloten",
        next(stap_op),
        {"reden": "stabiel_veilig"},
    )
    naar(vt, jansen)
    stap(vt, "dossier_gesloten", next(stap_op))
    afgesloten(vt, jansen)

    # Bakker: VT's monitoring first (and its file), then stable safety and casusregie.
    naar(vt, bakker)
    stap(vt, "monitoring_afgesloten", next(stap_op), axe=False)
    stap(vt, "dossier_gesloten", next(stap_op), axe=False)
    naar(heerlen, bakker)
    stap(heerlen, "stabiele_veiligheid_vastgesteld", next(stap_op), axe=False)
    stap(heerlen, "casusregie_afgesloten", next(stap_op), {"reden": "stabiel_veilig"}, axe=False)
    afgesloten(heerlen, bakker)

    # Peeters: casusregie first (agreed with VT while it monitors), then monitoring, the file.
    naar(heerlen, peeters)
    stap(
        heerlen,
        "casusregie_afgesloten",
        next(stap_op),
        {"reden": "stabiel_veilig", "afgestemd_met_veilig_thuis": True},
        axe=False,
    )
    naar(vt, peeters)
    stap(vt, "monitoring_afgesloten", next(stap_op), axe=False)
    stap(vt, "dossier_gesloten", next(stap_op), axe=False)
    afgesloten(vt, peeters)

    # Every family closed, seen by each party that worked on it; the page passes axe.
    for naam in GEZINNEN:
        afgesloten(vt, url[naam])
        afgesloten(lokaal[naam], url[naam])
    toegankelijkheid(vt)
    soorten = set(Gebeurtenis.objects.values_list("type", flat=True))
    assert {
        "overdracht_teruggewezen",
        "gemeenten_gewijzigd",
        "opgeschaald",
        "opschaling_beantwoord",
        "gebeurtenis_ingetrokken",
    } <= soorten
