"""Browser tests in real Chromium (Debian's /usr/bin/chromium) through Playwright's sync API.

One browser per session, a fresh context (cookies, storage) per test. The app runs in
pytest-django's `live_server` thread, in this process: the fixed clock below applies to it too.
Logging in lives in `inloggen` only, so a second factor changes one function.
"""

from __future__ import annotations

import io
import json
import os
import re
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from zicht.casuswerk.demo import WACHTWOORD
from zicht.casuswerk.demodata.vullen import gebruikers, organisaties
from zicht.store.contract import NieuweGebeurtenis
from zicht.store.django_store import DjangoStore
from zicht.store.regio import regio
from zicht.toepassing import klok
from zicht.toepassing.modellen import Gezin
from zicht.toepassing.vrije_tekst import apart, bewaar

# Playwright's sync API keeps an event loop in this thread; the ORM calls of the tests (and
# fixtures) would otherwise be refused as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("ZICHT_CHROMIUM", "/usr/bin/chromium")
ARGUMENTEN = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--lang=nl-NL",
]
# The form controls (a date, a moment) take their format from the browser's own language, not
# from the page's `locale`: Dutch, as on the desktops of the users. Needs Debian's
# chromium-l10n (`make chromium` installs it) and a Dutch LANGUAGE for the browser process.
OMGEVING = {**os.environ, "LANGUAGE": "nl"}
HIER = Path(__file__).resolve().parent
AXE = HIER / "vendor" / "axe.min.js"
SCHERMAFDRUKKEN = HIER.parents[1] / "docs" / "screenshots"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# "Now" for the app unless a test moves it: after the story of the family below has ended.
NU = datetime(2026, 9, 1, 12, 0, tzinfo=AMSTERDAM)
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium ontbreekt ({CHROMIUM}): apt-get install chromium (make test doet dat)"
        )
    b = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTEN, env=OMGEVING)
    yield b
    b.close()


def _context(browser: Browser) -> BrowserContext:
    # bypass_csp: axe is injected as an inline script, whatever policy the app sets.
    ctx = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="nl-NL", bypass_csp=True
    )
    ctx.set_default_timeout(10_000)
    return ctx


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = _context(browser)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def venster(browser: Browser) -> Iterator[Callable[[], Page]]:
    """More windows in one test, each its own context (cookies): one per user of a story."""
    contexten: list[BrowserContext] = []

    def nieuw() -> Page:
        contexten.append(_context(browser))
        return contexten[-1].new_page()

    yield nieuw
    for ctx in contexten:
        ctx.close()


class Klok:
    """The app's "now" (`zicht.toepassing.klok`): fixed, and moved on as a test's story goes."""

    def __init__(self) -> None:
        self.nu = NU

    def zet(self, tekst: str) -> None:
        self.nu = _moment(tekst)

    def volg(self, tekst: str) -> None:
        """Just after the moment `tekst`, unless the clock is already later."""
        self.nu = max(self.nu, _moment(tekst) + timedelta(minutes=10))


KLOK = Klok()


@pytest.fixture(autouse=True)
def tijd(monkeypatch: pytest.MonkeyPatch) -> Klok:
    KLOK.nu = NU
    monkeypatch.setattr(klok, "nu", lambda: KLOK.nu)
    return KLOK


@pytest.fixture
def demo(transactional_db: None) -> None:
    """The organisations and demo users, made by the demo's own functions (no cases)."""
    organisaties()
    gebruikers(WACHTWOORD)


def inloggen(page: Page, live_server: Any, gebruikersnaam: str, start: str = "/") -> None:
    """Log in as a demo user and land on the worklist (or the role's `start` page: regie,
    beheer, privacy). The only place that knows how.

    Password first, then the TOTP code, computed from the user's own authenticator device
    (the demo gives every demo user one) at the real time: the device checks the real clock.
    """
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.context.clear_cookies()  # switching users: start without a session
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(gebruikersnaam)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    apparaat = TOTPDevice.objects.get(user__username=gebruikersnaam, confirmed=True)
    totp = TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift)
    page.get_by_label("Code uit uw authenticator-app").fill(f"{totp.token():0{apparaat.digits}d}")
    with page.expect_navigation():
        page.get_by_role("button", name="Controleren").click()
    assert page.url == f"{live_server.url}{start}", f"inloggen als {gebruikersnaam}: {page.url}"
    if start == "/":
        expect(page.get_by_role("heading", level=1)).to_have_text("Werkvoorraad")


WISSELT = (
    "table:has(caption:text('Inzage in dit dossier'))",
    ".zicht-casusnummer",
    ".casusnummer",
    ".zicht-bericht a[href*='/casussen/']",
    ".zicht-geheim",
    "section[aria-labelledby='kop-log'] li",
    "h3:text-is('Geladen bestanden') + ul li",
    "section[aria-labelledby='kop-bewaren'] p:first-of-type",
)


def schermafdruk(page: Page, naam: str) -> None:
    """The whole page as docs/screenshots/<naam>.png (overwritten every run)."""
    SCHERMAFDRUKKEN.mkdir(parents=True, exist_ok=True)
    # What differs per run is masked, so an unchanged screen gives an unchanged file: the
    # moments written at the real time (not the test's clock: the access log, the beheer log,
    # an uploaded agreement file, the oldest access-log row), random case numbers and the
    # one-time password of a new account. The data itself follows the fixed clock (`Klok`).
    # No focus ring: it is drawn as focus arrives (a transition), which differs per run.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    wisselt = [page.locator(s) for s in WISSELT]
    png = page.screenshot(full_page=True, mask=wisselt, animations="disabled")
    bewaar_schermafdruk(SCHERMAFDRUKKEN / f"{naam}.png", png)


# Chromium's software raster does not always smooth a rounded corner the same way: one pixel
# of the search box's corner came out 113 in one run and 117 in the next, on one machine. A
# screen that changed changes more than a few pixels by more than that.
RUIS_PIXELS = 16
RUIS_VERSCHIL = 24


def bewaar_schermafdruk(pad: Path, png: bytes) -> None:
    """Write the screenshot, unless the file there already shows the same screen: the same
    size, and at most RUIS_PIXELS pixels that differ, each by at most RUIS_VERSCHIL per channel."""
    if pad.exists() and zelfde_scherm(pad.read_bytes(), png):
        return
    pad.write_bytes(png)


def zelfde_scherm(oud: bytes, nieuw: bytes) -> bool:
    a, b = (
        np.asarray(Image.open(io.BytesIO(p)).convert("RGB"), dtype=np.int16) for p in (oud, nieuw)
    )
    if a.shape != b.shape:
        return False
    verschil = np.abs(a - b).max(axis=2)
    anders = verschil[verschil > 0]
    return anders.size <= RUIS_PIXELS and int(anders.max(initial=0)) <= RUIS_VERSCHIL


def pdf_schermafdruk(pdf: bytes, naam: str) -> str:
    """The first page of a real PDF as docs/screenshots/<naam>.png, rendered by PDFium at
    96 dpi: what a reader sees, not the HTML it was made from. Returns the page's text."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        pagina = document[0]
        png = io.BytesIO()
        pagina.render(scale=96 / 72).to_pil().save(png, format="PNG", optimize=False)
        bewaar_schermafdruk(SCHERMAFDRUKKEN / f"{naam}.png", png.getvalue())
        return str(pagina.get_textpage().get_text_range())
    finally:
        document.close()


def toegankelijkheid(page: Page) -> None:
    """axe-core on the current page: no WCAG 2.1 A/AA violation at all, whatever its impact."""
    page.add_script_tag(path=AXE)
    uitslag = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    ernstig = [
        {
            "regel": v["id"],
            "ernst": v["impact"],
            "wat": v["help"],
            "waar": [n["target"] for n in v["nodes"]][:5],
        }
        for v in uitslag["violations"]
    ]
    assert not ernstig, f"axe op {page.url}:\n" + json.dumps(ernstig, indent=1, ensure_ascii=False)


def vul(page: Page, velden: dict[str, Any]) -> None:
    """Fill form inputs by name, as a user would: type, pick, tick.

    A list ticks those checkboxes of a group (or picks those options of a multiple select);
    True/False sets a single checkbox; for radio buttons give the value.
    """
    for naam, waarde in velden.items():
        veld = page.locator(f'[name="{naam}"]')
        soort = veld.first.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if soort == "input:checkbox" and isinstance(waarde, bool):
            veld.set_checked(waarde)
        elif soort in ("input:checkbox", "input:radio"):
            for w in waarde if isinstance(waarde, list) else [waarde]:
                page.locator(f'[name="{naam}"][value="{w}"]').check()
        elif soort.startswith("select"):
            veld.select_option(waarde)
        else:
            veld.fill(waarde)


def vastleggen(page: Page, knop: str = "Vastleggen") -> None:
    """Submit the form and wait for the next page; the caller checks where it landed."""
    with page.expect_navigation():
        page.get_by_role("button", name=knop, exact=True).click()


def fouten(page: Page) -> str:
    return " | ".join(page.locator(".utrecht-alert--error").all_inner_texts())


def stap(
    page: Page,
    soort: str,
    op: str,
    velden: dict[str, Any] | None = None,
    axe: bool = True,
    terug: str | None = None,
) -> None:
    """On a case page: follow the action link of `soort`, fill its form, submit, back on the case.

    The link must be on the page: a step that is not offered to this user cannot be taken.
    `axe=False` where the same form was checked already (a long story stays fast). `terug`: the
    page the user lands on when it is not the case (a returned hand-over: the worklist).
    """
    casus_url = page.url
    KLOK.volg(op)  # recorded as it happens: "now" is just after the event
    actie = page.locator(f'.zicht-acties a[href$="/stappen/{soort}"]')
    assert actie.count() == 1, f"geen actie {soort} op {casus_url}; wel: {acties(page)}"
    with page.expect_navigation():
        actie.click()
    if axe:
        toegankelijkheid(page)  # every step's form, not only the main screens
    # A fresh form shows no field in red: an empty required field is not an error yet.
    rood = page.evaluate(
        """() => [...document.querySelectorAll(':invalid:not(form, fieldset)')]
            .filter(e => getComputedStyle(e).borderTopColor === 'rgb(164, 22, 26)')
            .map(e => e.name)"""
    )
    assert not rood, f"rood op een leeg formulier ({soort}): {rood}"
    vul(page, {"op": op, **(velden or {})})
    vastleggen(page)
    verwacht = (
        casus_url if terug is None else re.sub(r"(https?://[^/]+).*", r"\1", casus_url) + terug
    )
    assert page.url == verwacht, f"{soort} niet vastgelegd: {fouten(page)}"
    assert "vastgelegd" in page.locator(".utrecht-alert--ok[role=status]").inner_text()


def acties(page: Page) -> set[str]:
    """The step types offered under "Wat u nu kunt doen" on a case page."""
    hrefs = page.locator(".zicht-acties a").evaluate_all("as => as.map(a => a.href)")
    return {re.sub(r".*/stappen/", "", h) for h in hrefs}


def gebeurtenissen(page: Page) -> list[list[str]]:
    """The case page's events, newest first: [when it happened, what, recorded by]."""
    return page.locator("li.zicht-gebeurtenis").evaluate_all(
        """lis => lis.map(li => [
            li.querySelector('.zicht-gebeurtenis__wanneer').textContent.trim(),
            li.querySelector('.zicht-gebeurtenis__wat').textContent.trim(),
            li.querySelector('.zicht-gebeurtenis__door').textContent.trim()])"""
    )


def rijen(tabel: Locator) -> list[list[str]]:
    """The body cells of a table, row by row, as shown."""
    return [r.locator("td").all_inner_texts() for r in tabel.locator("tbody tr").all()]


def maak_casus(naam: str, gebeurtenissen: list[dict[str, Any]], vast_id: str | None = None) -> str:
    """A case through the real store, as the demo fills them: each event by its actor.

    `vast_id` gives the case that id instead of a random one: for a screenshot in which the
    case number cannot be masked without the rest moving (a PDF's proportional font)."""
    store = DjangoStore()
    eerste = _moment(gebeurtenissen[0]["op"])
    if vast_id is None:
        casus_id = store.nieuwe_casus(regio(), nu=eerste)
    else:
        with mock.patch.object(uuid, "uuid4", return_value=uuid.UUID(vast_id)):
            casus_id = store.nieuwe_casus(regio(), nu=eerste)
    Gezin.objects.create(casus_id=casus_id, naam=naam, personen=PERSONEN)
    for seq, g in enumerate(gebeurtenissen):
        velden, teksten = apart({k: v for k, v in g.items() if k not in ("op", "type", "wie")})
        gebruiker, organisatie = g.get("wie", ("vt.medewerker", "veilig_thuis"))
        store.voeg_toe(
            casus_id,
            seq,
            NieuweGebeurtenis(g["type"], _moment(g["op"]), velden),
            gebruiker,
            organisatie,
            _moment(g["op"]),
        )
        bewaar(casus_id, teksten)  # free text beside the event, as the demo and screens do
    return casus_id


def _moment(tekst: str) -> datetime:
    return datetime.fromisoformat(tekst).replace(tzinfo=AMSTERDAM)


PERSONEN = [
    {"id": "p1", "naam": "Anna de Vries", "rol": "ouder"},
    {"id": "p2", "naam": "Bram de Vries", "rol": "ouder"},
    {"id": "p3", "naam": "Cas de Vries", "rol": "kind"},
]
LV_HEERLEN = ("lv.heerlen", "lokaal_veld:Heerlen")
NA_DIENST = [
    "inhoud_melding",
    "contactgegevens_directbetrokkenen",
    "veiligheidsvoorwaarden",
    "consequenties_onvoldoende_herstel",
    "afspraken_plan",
    "oordeel_hg_km",
    "afspraken_monitoring",
]
# The same family's story as data, for tests that start halfway (the walk test types it all).
TOT_DIENST_AFGEROND: list[dict[str, Any]] = [
    {
        "op": "2025-06-02T09:00",
        "type": "melding_ontvangen",
        "gemeenten": ["Heerlen"],
        "bron": "professional",
        "directbetrokkenen": [
            {"id": "p1", "rol": "ouder", "gezag": True},
            {"id": "p2", "rol": "ouder", "gezag": True},
            {"id": "p3", "rol": "kind"},
        ],
    },
    {
        "op": "2025-06-05T14:00",
        "type": "veiligheidsbeoordeling_afgerond",
        "besluit": "onderzoek",
        "onderbouwing": "Herhaald geweld tussen de ouders, kind getuige.",
        "beoordelaars": ["vt.medewerker", "vt.gedrag"],
    },
    {"op": "2025-06-06T10:00", "type": "dienst_gestart", "dienst": "onderzoek"},
    {
        "op": "2025-08-01T10:00",
        "type": "dienst_afgerond",
        "veiligheidsvoorwaarden": ["Geen geweld waar het kind bij is"],
        "oordeel": "hg_km_vastgesteld",
    },
]
OVERGEDRAGEN = [
    *TOT_DIENST_AFGEROND,
    {
        "op": "2025-08-04T10:00",
        "type": "overdracht",
        "moment": "na_dienst",
        "naar": ["lokaal_veld:Heerlen"],
        "wijze": "mondeling",
        "informatie": NA_DIENST,
    },
]
GEACCEPTEERD = [
    *OVERGEDRAGEN,
    {
        "op": "2025-08-05T09:00",
        "type": "overdracht_geaccepteerd",
        "door": "lokaal_veld:Heerlen",
        "wie": LV_HEERLEN,
    },
]
