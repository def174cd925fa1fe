"""Issue #16: every POST of the screens needs its form's one-time token. Sent again (back and
resubmit, a double click), without a token or with someone else's, it is refused with a Dutch
message, the form shown again with a fresh token, and nothing recorded. Exempt are only the
POSTs that say why sending them twice records nothing twice (`HERHAALBAAR`, `DOOR_SEQ`).

A new URL or a new form without a token fails here: every URL pattern is tried, and every POST
form in every template is read."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

import zicht
from zicht.casuswerk.models import Organisatie
from zicht.vertrouwen.formulieren import DOOR_SEQ, HERHAALBAAR, VELD
from zicht.vertrouwen.models import GebruiktFormulier

from .conftest import BSN, Wereld, ingelogd
from .test_urls import patronen

pytestmark = pytest.mark.django_db

# What the refused POST may still write: the access log of the page shown again (and its
# chain head), the session (the message), login bookkeeping.
NIET_VERGELEKEN = {
    "toegangslog.toegangsrij",
    "vertrouwen.ketenkop",
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}


def stand() -> dict[str, list[str]]:
    """Every row of every table (but NIET_VERGELEKEN): what a refused POST must leave alone."""
    uit = {}
    for model in apps.get_models():
        if model._meta.label_lower in NIET_VERGELEKEN:
            continue
        rijen = [
            repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in rij))
            for rij in model.objects.values_list()
        ]
        uit[model._meta.label_lower] = sorted(rijen)
    return uit


def token_op(pagina: str) -> str:
    gevonden = re.search(rf'name="{VELD}" value="([^"]+)"', pagina)
    assert gevonden, "de pagina heeft geen formulier met een eenmalig token"
    return gevonden.group(1)


@dataclass
class Geval:
    wie: str
    pagina: str  # the page the form is on
    data: Callable[[Wereld], dict[str, Any]]
    post: str = ""  # where it posts; empty: the page itself
    gelukt: tuple[int, ...] = (302,)
    extra: dict[str, Any] = field(default_factory=dict)


def _org(code: str) -> int:
    return int(Organisatie.objects.get(code=code).pk)


# Every token-checked form, with a real first post that records something.
FORMULIEREN: dict[str, Geval] = {
    "casuswerk:melding": Geval(
        "vt",
        "/meldingen/nieuw",
        lambda w: {
            "seq": "0",
            "op": "2026-03-10T09:30",
            "gezin": "Gezin Tweemaal",
            "gemeenten": ["Heerlen"],
            "bron": "burger",
            "directbetrokkenen__0__id": "Anna Tweemaal",
            "directbetrokkenen__0__bsn": BSN,
        },
    ),
    "casusbeheer:toewijzen": Geval(
        "lv_heerlen",
        "/casussen/{naar_heerlen}/toewijzen",
        lambda w: {"behandelaar": str(w.gebruikers["gw_heerlen"].pk)},
    ),
    "casusbeheer:documenten": Geval(
        "vt", "/casussen/{naar_heerlen}/documenten", lambda w: {"soort": "overdracht"}
    ),
    "beheer:gebruikers": Geval(
        "beheer",
        "/beheer/gebruikers/",
        lambda w: {
            "gebruikersnaam": "nieuw.tweemaal",
            "naam": "Nieuwe Collega",
            "organisatie": _org("lokaal_veld:Heerlen"),
            "rol": "lokaal_veld_medewerker",
        },
        gelukt=(200,),  # shows the one-time password
    ),
    "beheer:gebruiker_actie": Geval(
        "beheer",
        "/beheer/gebruikers/",
        lambda w: {},
        post="/beheer/gebruikers/{zorgpunt_pk}/deactiveren",
    ),
    "beheer:organisaties": Geval(
        "beheer",
        "/beheer/organisaties/",
        lambda w: {
            "client": "1",
            "c-naam": "Suite Tweemaal",
            "c-organisatie": _org("lokaal_veld:Heerlen"),
            "c-scopes": ["lezen"],
        },
        gelukt=(200,),  # shows the token once
    ),
    "beheer:afspraken": Geval(
        "beheer",
        "/beheer/afspraken/",
        lambda w: {"dag": "1", "datum": "2027-05-07", "besluit": "Besluit dagen 2027"},
    ),
    "signalering:instellingen": Geval(
        "vt", "/instellingen/berichten", lambda w: {"agenda": "nieuw"}
    ),
}


def _pad(sjabloon: str, w: Wereld) -> str:
    return sjabloon.format(**w.casussen, zorgpunt_pk=w.gebruikers["zorgpunt"].pk)


@pytest.mark.parametrize("naam", list(FORMULIEREN))
def test_a_form_sent_again_with_its_token_is_refused_and_records_nothing(
    wereld: Wereld, naam: str
) -> None:
    geval = FORMULIEREN[naam]
    client = ingelogd(wereld.gebruikers[geval.wie])
    pagina = _pad(geval.pagina, wereld)
    naar = _pad(geval.post or geval.pagina, wereld)
    token = token_op(client.get(pagina).text)
    data = geval.data(wereld) | {VELD: token}

    eerste = client.post(naar, data, headers={"Referer": f"http://testserver{pagina}"})
    assert eerste.status_code in geval.gelukt, eerste.text[:2000]
    voor = stand()
    tweede = client.post(naar, data, headers={"Referer": f"http://testserver{pagina}"})

    assert tweede.status_code == 409
    assert "Dit formulier is al verstuurd" in tweede.text and 'role="alert"' in tweede.text
    assert token_op(tweede.text) != token  # the form again, with a fresh token
    assert stand() == voor


@pytest.mark.parametrize("naam", list(FORMULIEREN))
def test_a_form_without_its_token_is_refused_and_shown_again(wereld: Wereld, naam: str) -> None:
    geval = FORMULIEREN[naam]
    client = ingelogd(wereld.gebruikers[geval.wie])
    pagina = _pad(geval.pagina, wereld)
    client.get(pagina)
    voor = stand()

    antwoord = client.post(
        _pad(geval.post or geval.pagina, wereld),
        geval.data(wereld) | {VELD: None},
        headers={"Referer": f"http://testserver{pagina}"},
    )

    assert antwoord.status_code == 400
    assert "Niet vastgelegd: het formulier kwam niet van deze pagina" in antwoord.text
    assert token_op(antwoord.text)  # the page again, with a fresh token to send it with
    assert stand() == voor


def test_the_step_form_sent_again_is_refused_by_its_seq(wereld: Wereld) -> None:
    """DOOR_SEQ: the step form's token is checked, not stored; its seq makes it one-time."""
    client = ingelogd(wereld.gebruikers["lv_heerlen"])
    pad = f"/casussen/{wereld.casussen['naar_heerlen']}/stappen/ontvangst_bevestigd"
    pagina = client.get(pad).text
    token = token_op(pagina)
    seq = re.search(r'name="seq" value="(\d+)"', pagina)
    assert seq
    data = {VELD: token, "seq": seq.group(1), "op": "2026-03-10T11:00"}
    data["door"] = "lokaal_veld:Heerlen"

    eerste = client.post(pad, data)
    assert eerste.status_code == 302, re.findall(r"(?:error|fout)[^<]*<[^<]*<[^<]*", eerste.text)
    voor = stand()
    tweede = client.post(pad, data)

    assert tweede.status_code == 409 and "intussen gewijzigd" in tweede.text
    assert stand() == voor
    zonder = client.post(pad, data | {VELD: None})
    assert zonder.status_code == 400 and stand() == voor


def test_a_step_form_open_past_its_token_age_is_still_recorded(
    wereld: Wereld, settings: Any
) -> None:
    """A step written over a night: its seq keeps it one-time, so the age alone does not refuse
    it; the token must still be this user's."""
    client = ingelogd(wereld.gebruikers["lv_heerlen"])
    pad = f"/casussen/{wereld.casussen['naar_heerlen']}/stappen/ontvangst_bevestigd"
    pagina = client.get(pad).text
    seq = re.search(r'name="seq" value="(\d+)"', pagina)
    assert seq
    data = {VELD: token_op(pagina), "seq": seq.group(1), "op": "2026-03-10T11:00"}
    data["door"] = "lokaal_veld:Heerlen"
    settings.ZICHT_VERTROUWEN = {**settings.ZICHT_VERTROUWEN, "FORMULIER_GELDIG_SECONDEN": -1}
    collega = ingelogd(wereld.gebruikers["gw_heerlen"])
    voor = stand()

    ander = collega.post(pad, data)
    assert ander.status_code == 400 and "verlopen of niet van u" in ander.text
    assert stand() == voor
    antwoord = client.post(pad, data)
    assert antwoord.status_code == 302
    assert stand() != voor


def test_a_refused_form_shows_what_was_typed(wereld: Wereld, settings: Any) -> None:
    """Refused for its age, the melding form comes back empty: what was typed stands above it
    (escaped), so nothing typed vanishes; the token and the seq are not shown."""
    client = ingelogd(wereld.gebruikers["vt"])
    token = token_op(client.get("/meldingen/nieuw").text)
    data = FORMULIEREN["casuswerk:melding"].data(wereld) | {VELD: token}
    data["gezin"] = "Gezin <Nacht> & Dag"
    data["bron"] = "professional"
    settings.ZICHT_VERTROUWEN = {**settings.ZICHT_VERTROUWEN, "FORMULIER_GELDIG_SECONDEN": -1}
    voor = stand()

    antwoord = client.post(
        "/meldingen/nieuw", data, headers={"Referer": "http://testserver/meldingen/nieuw"}
    )

    assert antwoord.status_code == 400 and "verlopen of niet van u" in antwoord.text
    assert stand() == voor
    blok = re.search(r'class="[^"]*zicht-invoer".*?</div>', antwoord.text, re.S)
    assert blok, "de pagina toont niet wat er was ingevuld"
    regels = dict(re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", blok.group(0), re.S))
    assert regels["Naam van het gezin"] == "Gezin &lt;Nacht&gt; &amp; Dag"  # its label, escaped
    assert regels["Directbetrokkenen 1: Naam"] == "Anna Tweemaal"  # which row
    assert regels["Gemeenten van het gezin"] == "Heerlen"
    assert regels["Bron van de melding"] == "professional (meldcode)"  # the choice's name
    assert token not in blok.group(0) and "seq" not in regels and "Moment van ontvangst" in regels
    assert token_op(antwoord.text) != token  # and the form again, with a fresh token


# Every other URL pattern of the screens: values for its path parameters.
PARAMETERS = {
    "casus_id": "naar_heerlen",
    "soort": "contact_gestart",
    "user_id": 1,
    "actie": "deactiveren",
    "document_id": 1,
    "sha256": "0" * 64,
    "levering_id": str(uuid.uuid4()),
    "taak_id": str(uuid.uuid4()),
    "melding_id": str(uuid.uuid4()),
    "token": "x",
    "tabel": "cijfers",
    "formaat": "csv",
}


def _schermen(w: Wereld) -> list[tuple[str, str]]:
    uit = []
    for naam, route in patronen():
        if naam.startswith(("api:", "jzv_api:")):
            continue  # the API: Idempotency-Key (zicht.api.idempotentie)
        namen = re.findall(r"<(?:\w+:)?(\w+)>", route)
        waarden = {n: PARAMETERS[n] for n in namen}
        if "casus_id" in waarden:
            waarden["casus_id"] = w.casussen["naar_heerlen"]
        uit.append((naam, reverse(naam, kwargs=waarden)))
    return uit


def test_every_screen_url_refuses_a_post_without_or_with_a_used_token(wereld: Wereld) -> None:
    """Not only the forms above: a POST to any screen URL (also one that shows no form today)
    is refused without a fresh token, unless the URL says why it needs none."""
    gebruikt = "al-gebruikt-" + uuid.uuid4().hex[:8]
    GebruiktFormulier.objects.create(token=gebruikt, gebruikt_op=timezone.now())
    from django.core import signing

    from zicht.vertrouwen.formulieren import ZOUT

    fout = []
    schermen = _schermen(wereld)
    assert len(schermen) > 30
    for naam, pad in schermen:
        client = ingelogd(wereld.gebruikers["vt"])  # afresh: one of them logs out
        zonder = client.post(pad, {VELD: None})
        if naam in HERHAALBAAR:
            if "Niet vastgelegd: het formulier" in zonder.text:
                fout.append((naam, "herhaalbaar maar geweigerd"))
            continue
        if zonder.status_code != 400 or "Niet vastgelegd" not in zonder.text:
            fout.append((naam, f"zonder token: {zonder.status_code}"))
        if naam in DOOR_SEQ:
            continue
        oud = signing.dumps(
            {"g": wereld.gebruikers["vt"].pk, "p": pad, "r": gebruikt}, salt=ZOUT, compress=False
        )
        nog_eens = client.post(pad, {VELD: oud})
        if nog_eens.status_code != 409 or "al verstuurd" not in nog_eens.text:
            fout.append((naam, f"gebruikt token: {nog_eens.status_code}"))
    assert not fout, fout


def test_every_exemption_names_a_real_url_and_a_reason(wereld: Wereld) -> None:
    namen = {naam for naam, _ in _schermen(wereld)}
    for vrij in (HERHAALBAAR, DOOR_SEQ):
        assert set(vrij) <= namen
        assert all(len(reden) > 20 for reden in vrij.values())


def test_a_token_of_someone_else_or_forged_or_too_old_is_refused(
    wereld: Wereld, settings: Any
) -> None:
    vt, beheer = (ingelogd(wereld.gebruikers[w]) for w in ("vt", "beheer"))
    token = token_op(vt.get("/instellingen/berichten").text)
    beheer.get("/instellingen/berichten")
    voor = stand()
    for client, waarde in ((beheer, token), (vt, "nep"), (vt, token[:-2] + "xx")):
        antwoord = client.post("/instellingen/berichten", {"agenda": "nieuw", VELD: waarde})
        assert antwoord.status_code == 400 and "verlopen of niet van u" in antwoord.text
    settings.ZICHT_VERTROUWEN = {**settings.ZICHT_VERTROUWEN, "FORMULIER_GELDIG_SECONDEN": -1}
    antwoord = vt.post("/instellingen/berichten", {"agenda": "nieuw", VELD: token})
    assert antwoord.status_code == 400 and "verlopen of niet van u" in antwoord.text
    assert stand() == voor


FORMULIER = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)
ACTIE = re.compile(r"""action="\{% url '([\w:]+)'""")
# Templates whose POST form posts to its own page, which needs no token (HERHAALBAAR).
EIGEN_PAGINA_VRIJ = {
    "casuswerk/uitvraag.html": "casuswerk:uitvraag",
    "casuswerk/koppelen.html": "casuswerk:koppelen",
    "casuswerk/tweede_stap.html": "casuswerk:tweede_stap",
}


def test_every_post_form_in_every_template_carries_the_token() -> None:
    bron = Path(zicht.__file__).parent
    zonder = []
    gezien = 0
    for sjabloon in sorted(bron.glob("*/templates/**/*.html")):
        sleutel = "/".join(sjabloon.parts[sjabloon.parts.index("templates") + 1 :])
        for formulier in FORMULIER.findall(sjabloon.read_text()):
            if 'method="post"' not in formulier.lower():
                continue
            gezien += 1
            actie = ACTIE.search(formulier)
            doel = actie.group(1) if actie else EIGEN_PAGINA_VRIJ.get(sleutel)
            if "{{ formuliertoken }}" not in formulier and doel not in HERHAALBAAR:
                zonder.append((sleutel, formulier[:120]))
            if "{{ formuliertoken }}" in formulier and doel in HERHAALBAAR:
                zonder.append((sleutel, "een token waar het niet gecontroleerd wordt"))
    assert gezien > 20
    assert not zonder, zonder


def test_without_its_form_the_typed_input_keeps_readable_names() -> None:
    """On the plain error page (no form to take labels from): the field names, readable."""
    from django.template import Context, Template

    invoer = '[["wat_gemeld", "Buren hoorden <geschreeuw>"], ["directbetrokkenen__1__id", "Bo"], '
    invoer += '["op", "2026-03-10T09:30"], ["datum", "2026-02-30"]]'
    sjabloon = "{% load invoer %}{% invoerregels invoer as r %}"
    sjabloon += "{% for l, w in r %}{{ l }}={{ w }};{% endfor %}"
    html = Template(sjabloon).render(Context({"invoer": invoer}))
    assert html == (
        "wat gemeld=Buren hoorden &lt;geschreeuw&gt;;Directbetrokkenen 2: id=Bo;"
        "op=10 maart 2026 09:30;datum=2026-02-30;"  # a moment in Dutch; no date: as typed
    )
