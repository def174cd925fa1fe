"""A walk through the application as every demo user, over the demo's families: from the first
page, every link the screens offer that user, a few of each kind. No link may lead to an error,
a page that is not there, or a refusal: what the app shows a person, it must let them open.
Then every step form it found is sent twice as a hurried person might: empty, and filled with
nonsense. Each time the form must come back saying what is wrong, and the case must not change.
And sent once filled in plausibly: where the step is recorded, the text the person typed is on
the case page they land on."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client
from tests.kit import ingelogd

from zicht.casuswerk.demodata.vullen import GEBRUIKERS, vul
from zicht.casuswerk.views.werkvoorraad import STARTPAGINA
from zicht.store.models import Casus, CasusProjectie

# Pages per user, and pages per kind of address (ids and numbers alike): enough to open every
# screen a role has, not every case.
PAGINAS = 60
PER_SOORT = 2
# Not followed: leaving, files (the PDF takes seconds each; its own tests cover it), the API.
OVERSLAAN = re.compile(r"^/(uitloggen|static/|api/)|[?&]formaat=pdf|\.pdf(\?|$)")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


class _Formulieren(HTMLParser):
    """The POST forms of a page: per form its action and its fields as (tag, type, name, value)."""

    def __init__(self) -> None:
        super().__init__()
        self.formulieren: list[tuple[str, list[tuple[str, str, str, str]]]] = []
        self.keuzes: dict[str, list[str]] = {}  # a select's option values, by its name
        self._open = False
        self._select = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.formulieren.append((a.get("action", ""), []))
            self._open = True
        elif self._open and tag in ("input", "textarea", "select") and a.get("name"):
            soort = a.get("type", "text") if tag == "input" else tag
            self.formulieren[-1][1].append((tag, soort, a["name"], a.get("value", "")))
            if tag == "select":
                self._select = a["name"]
                self.keuzes[self._select] = []
        elif self._open and tag == "option" and self._select:
            self.keuzes[self._select].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = False
        elif tag == "select":
            self._select = ""


def _onzin(soort: str) -> str:
    return {
        "date": "2025-02-31",
        "datetime-local": "2025-02-31T25:61",
        "month": "2025-13",
        "number": "veel",
        "email": "geen adres",
        "select": "bestaat-niet",
    }.get(soort, "x" * 20_000)


def _soort(pad: str) -> str:
    """The kind of page an address is: its path with ids and numbers made alike, its query's
    names without their values."""
    delen = urlsplit(pad)
    soort = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|\d+", "#", delen.path)
    namen = sorted({d.split("=")[0] for d in delen.query.split("&") if d})
    return soort + ("?" + "&".join(namen) if namen else "")


def _rondgang(
    client: Client, formulieren: dict[str, list[tuple[str, str, str, str]]] | None = None
) -> tuple[dict[str, int], dict[str, str]]:
    """Every page reached (address: status) and where each was linked from; the step forms
    found go into `formulieren` (address: fields)."""
    gezien: dict[str, int] = {}
    van: dict[str, str] = {"/": "(inloggen)"}
    per_soort: dict[str, int] = {}
    rij = deque(["/"])
    while rij and len(gezien) < PAGINAS:
        pad = rij.popleft()
        antwoord = client.get(pad, follow=True)
        gezien[pad] = antwoord.status_code
        if antwoord.status_code != 200 or "html" not in antwoord.get("Content-Type", ""):
            continue
        html = antwoord.content.decode()
        if formulieren is not None and "/stappen/" in pad:
            gevonden = _Formulieren()
            gevonden.feed(html)
            for actie, velden in gevonden.formulieren:
                if not actie:  # the step's own form, not the header's "Uitloggen"
                    formulieren[pad] = velden
        links = _Links()
        links.feed(html)
        for href in links.links:
            doel, _ = urldefrag(urljoin(antwoord.request["PATH_INFO"], href))
            delen = urlsplit(doel)
            if delen.scheme not in ("", "http") or delen.netloc not in ("", "testserver"):
                continue
            doel = delen.path + (f"?{delen.query}" if delen.query else "")
            if not doel or doel in van or OVERSLAAN.search(doel):
                continue
            soort = _soort(doel)
            if per_soort.get(soort, 0) >= PER_SOORT:
                continue
            per_soort[soort] = per_soort.get(soort, 0) + 1
            van[doel] = pad
            rij.append(doel)
    return gezien, van


@pytest.fixture
def demodata(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    vul(30, "2026-03-10T12:00", "rondgang-wachtwoord", zaad=7)
    capsys.readouterr()  # the demo's table of users and passwords


@pytest.mark.parametrize("gebruikersnaam", [g[0] for g in GEBRUIKERS])
def test_every_link_a_user_is_shown_opens(demodata: None, gebruikersnaam: str) -> None:
    client = ingelogd(User.objects.get(username=gebruikersnaam))
    gezien, van = _rondgang(client)
    fout = {pad: status for pad, status in gezien.items() if status != 200}
    assert not fout, "\n".join(f"{s} {p} (link op {van[p]})" for p, s in fout.items())
    assert len(gezien) > 3, f"{gebruikersnaam} vindt bijna niets: {sorted(gezien)}"


@pytest.mark.parametrize("gebruikersnaam", ["vt.medewerker", "lv.heerlen", "za.xonar"])
def test_every_step_form_sent_empty_or_with_nonsense_says_what_is_wrong(
    demodata: None, gebruikersnaam: str
) -> None:
    client = ingelogd(User.objects.get(username=gebruikersnaam))
    formulieren: dict[str, list[tuple[str, str, str, str]]] = {}
    _rondgang(client, formulieren)
    assert len(formulieren) >= 5, sorted(formulieren)
    fout = []
    for pad, velden in formulieren.items():
        casus = Casus.objects.get(pk=re.findall(r"[0-9a-f]{8}-[0-9a-f-]{27}", pad)[0])
        for wijze, invul in (
            ("leeg", {}),
            ("onzin", {n: _onzin(s) for _, s, n, _ in velden if s not in ("hidden", "checkbox")}),
        ):
            # A fresh form each time: its one-time token and the case's seq, as a person has.
            vers = _Formulieren()
            vers.feed(client.get(pad).content.decode())
            eigen = next(v for a, v in vers.formulieren if not a)
            verborgen = {n: w for _, s, n, w in eigen if s == "hidden"}
            voor = Casus.objects.get(pk=casus.pk).laatste_seq
            antwoord = client.post(pad, {**verborgen, **invul})
            tekst = antwoord.content.decode()
            if (
                antwoord.status_code != 200
                or 'role="alert"' not in tekst
                or Casus.objects.get(pk=casus.pk).laatste_seq != voor
            ):
                fout.append(f"{wijze}: {antwoord.status_code} {pad}")
    assert not fout, "\n".join(fout)


def _geldig(
    velden: list[tuple[str, str, str, str]], keuzes: dict[str, list[str]], merk: str
) -> dict[str, str | list[str]]:
    """A plausible filling: the form's own moment, the first real choice, every text marked."""
    data: dict[str, str | list[str]] = {}
    for _, soort, naam, waarde in velden:
        if soort == "hidden" or soort == "datetime-local":
            data[naam] = waarde
        elif soort == "select":
            echte = [k for k in keuzes.get(naam, []) if k]
            if echte:
                data[naam] = echte[0]
        elif soort == "checkbox":
            vorige = data.get(naam)
            data[naam] = [*vorige, waarde] if isinstance(vorige, list) else [waarde]
        elif soort == "radio":
            data.setdefault(naam, waarde)
        elif soort == "date":
            data[naam] = "2026-03-09"
        elif soort == "number":
            data[naam] = "1"
        elif soort in ("text", "textarea"):
            data[naam] = f"{merk}-{naam}"
    return data


@pytest.mark.parametrize("gebruikersnaam", ["vt.medewerker", "lv.heerlen", "za.xonar"])
def test_what_a_person_types_in_a_step_is_on_the_case_page_after(
    demodata: None, gebruikersnaam: str
) -> None:
    client = ingelogd(User.objects.get(username=gebruikersnaam))
    formulieren: dict[str, list[tuple[str, str, str, str]]] = {}
    _rondgang(client, formulieren)
    vastgelegd, gezocht, kwijt = [], [], []
    for i, pad in enumerate(formulieren):
        vers = _Formulieren()
        vers.feed(client.get(pad).content.decode())
        eigen = next((v for a, v in vers.formulieren if not a), None)
        if eigen is None:
            continue  # the steps before changed the case: this step is no longer offered
        merk = f"merk{i}"
        antwoord = client.post(pad, _geldig(eigen, vers.keuzes, merk))
        if antwoord.status_code != 302:
            continue  # refused for a reason of the case (the step is not due): its own tests
        vastgelegd.append(pad)
        pagina = client.get(pad.split("/stappen/")[0])
        assert pagina.status_code == 200
        casuspagina = pagina.content.decode()
        for _, soort, naam, _ in eigen:
            if soort in ("textarea", "text") and not naam.endswith("__anders"):
                gezocht.append(naam)
                if f"{merk}-{naam}" not in casuspagina:
                    kwijt.append(f"{pad.split('/stappen/')[1]}: {naam}")
    assert vastgelegd and gezocht, f"{gebruikersnaam}: niets vastgelegd om terug te zoeken"
    assert not kwijt, kwijt


@pytest.mark.parametrize("gebruikersnaam", [g[0] for g in GEBRUIKERS if g[3] not in STARTPAGINA])
def test_every_role_that_works_with_cases_finds_work_on_its_first_page(
    demodata: None, gebruikersnaam: str
) -> None:
    """Open terms, hand-overs waiting, or (the Zorg- en Veiligheidshuis) the cases whose
    procesregie it holds: the worklist of every such demo user lists cases to open."""
    client = ingelogd(User.objects.get(username=gebruikersnaam))
    pagina = client.get("/")
    assert pagina.status_code == 200
    casussen = re.findall(r'href="/casussen/([0-9a-f-]{36})"', pagina.content.decode())
    assert casussen, f"{gebruikersnaam} vindt geen werk op de eerste pagina"


def test_the_procesregie_list_holds_the_open_cases_only(demodata: None) -> None:
    client = ingelogd(User.objects.get(username="zvh.regisseur"))
    html = client.get("/").content.decode()
    assert "Casussen waarin u procesregie heeft" in html
    eerst = re.findall(r'href="/casussen/([0-9a-f-]{36})"', html)
    projectie = CasusProjectie.objects.get(casus_id=eerst[0])
    projectie.toestand = {
        **projectie.toestand,
        "afgesloten": {"sinds": "2026-03-09T10:00:00+01:00"},
    }
    projectie.save(update_fields=["toestand"])
    daarna = re.findall(r'href="/casussen/([0-9a-f-]{36})"', client.get("/").content.decode())
    assert eerst[0] not in daarna
    assert set(daarna) == set(eerst) - {eerst[0]}
