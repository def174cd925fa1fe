"""A walk through the application as every demo user, over the demo's families: from the first
page, every link the screens offer that user, a few of each kind. No link may lead to an error,
a page that is not there, or a refusal: what the app shows a person, it must let them open.
GET only, as a person clicking: it opens forms, it sends none."""

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


def _soort(pad: str) -> str:
    """The kind of page an address is: its path with ids and numbers made alike, its query's
    names without their values."""
    delen = urlsplit(pad)
    soort = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|\d+", "#", delen.path)
    namen = sorted({d.split("=")[0] for d in delen.query.split("&") if d})
    return soort + ("?" + "&".join(namen) if namen else "")


def _rondgang(client: Client) -> tuple[dict[str, int], dict[str, str]]:
    """Every page reached (address: status) and where each was linked from."""
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
        links = _Links()
        links.feed(antwoord.content.decode())
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
