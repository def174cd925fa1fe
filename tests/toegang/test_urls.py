"""Every URL is classified: does it return (or change) a family's data? Every one that does
writes an access-log row, allowed or refused; a new URL without a classification fails here."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from zicht.toegangslog.models import Toegangsrij

from .conftest import BSN, Wereld, ingelogd

pytestmark = pytest.mark.django_db

GEEN = "geen persoonsgegevens"
# Screens: (url name, method) -> how to call it as someone allowed and as someone refused.
PERSOONSGEGEVENS: dict[tuple[str, str], dict[str, Any]] = {
    ("casuswerk:werkvoorraad", "GET"): {"wie": "vt", "pad": "/", "geweigerd": None},
    ("casuswerk:casus", "GET"): {
        "wie": "vt",
        "pad": "/casussen/{naar_heerlen}",
        "geweigerd": ("lv_maastricht", 404),
    },
    ("casuswerk:stap", "GET"): {
        "wie": "lv_heerlen",
        "pad": "/casussen/{naar_heerlen}/stappen/contact_gestart",
        "geweigerd": ("zorgpunt", 404),
    },
    ("casuswerk:stap", "POST"): {
        "wie": "lv_heerlen",
        "pad": "/casussen/{naar_heerlen}/stappen/contact_gestart",
        "data": {"seq": "3", "op": "2026-03-10T11:00", "door": "lokaal_veld:Heerlen"},
        "geweigerd": ("vt", 403),  # sees the case, not this step
    },
    ("casuswerk:melding", "POST"): {
        "wie": "vt",
        "pad": "/meldingen/nieuw",
        "data": {
            "seq": "0",
            "op": "2026-03-10T09:30",
            "gezin": "Gezin Nieuw",
            "gemeenten": ["Heerlen"],
            "bron": "burger",
            "directbetrokkenen__0__id": "Anna Nieuw",
            "directbetrokkenen__0__bsn": BSN,
        },
        "geweigerd": ("lv_heerlen", 403),
    },
    ("casuswerk:uitvraag", "POST"): {
        "wie": "vt",
        "pad": "/uitvraag",
        "data": {"bsn": BSN},
        "geweigerd": ("lv_heerlen", 403),
    },
    ("casusbeheer:lijst", "GET"): {
        "wie": "lv_heerlen",
        "pad": "/casussen/?lijst=alle",
        "geweigerd": ("beleid", 403),
    },
    ("casusbeheer:lijst", "POST"): {
        "wie": "vt",
        "pad": "/casussen/",
        "data": {"bsn": BSN},
        "geweigerd": ("beleid", 403),
    },
    ("casusbeheer:toewijzen", "GET"): {
        "wie": "lv_heerlen",
        "pad": "/casussen/{naar_heerlen}/toewijzen",
        "geweigerd": ("lv_maastricht", 404),
    },
    ("casusbeheer:toewijzen", "POST"): {
        "wie": "lv_heerlen",
        "pad": "/casussen/{naar_heerlen}/toewijzen",
        "data": {"behandelaar": ""},
        "geweigerd": ("lv_maastricht", 404),
    },
    ("casusbeheer:documenten", "GET"): {
        "wie": "lv_heerlen",
        "pad": "/casussen/{naar_heerlen}/documenten",
        "geweigerd": ("lv_maastricht", 404),
    },
    ("casusbeheer:documenten", "POST"): {
        "wie": "vt",
        "pad": "/casussen/{naar_heerlen}/documenten",
        "data": {"soort": "overdracht"},
        "geweigerd": ("lv_heerlen", 403),
    },
    ("casuswerk:toegangslog", "GET"): {
        "wie": "privacy",
        "pad": "/privacy/toegangslog",
        "geweigerd": ("vt", 403),
    },
    # Issue 13: the privacy officer's reports (case ids) and the AVG art. 15 export.
    ("beheer:privacy", "GET"): {
        "wie": "privacy",
        "pad": "/beheer/privacy/",
        "geweigerd": ("vt", 403),
    },
    ("beheer:inzage_export", "GET"): {
        "wie": "privacy",
        "pad": f"/beheer/privacy/inzageverzoek?bsn={BSN}",
        "geweigerd": ("vt", 403),
    },
    ("jzv:intake", "GET"): {"wie": "vt", "pad": "/jzv/intake", "geweigerd": ("lv_heerlen", 403)},
}
NIET: dict[tuple[str, str], str] = {
    ("casuswerk:inloggen", "*"): GEEN,
    ("casuswerk:tweede_stap", "*"): GEEN,
    ("casuswerk:koppelen", "*"): GEEN,
    ("casuswerk:uitloggen", "*"): GEEN,
    ("casuswerk:melding", "GET"): GEEN + ": een leeg formulier",
    ("casuswerk:persoon_rij", "*"): GEEN + ": een lege invoerregel",
    ("casuswerk:uitvraag", "GET"): GEEN + ": het zoekformulier (het BSN gaat per POST)",
    ("gezond", "*"): GEEN + ": alleen of de database antwoordt",
    ("signalering:berichten", "*"): GEEN + ": casusnummers en termijnen, geen namen",
    ("signalering:bel", "*"): GEEN + ": een aantal",
    ("signalering:gelezen", "*"): GEEN + ": markeert berichten als gelezen",
    ("signalering:instellingen", "*"): GEEN + ": de eigen instellingen",
    ("signalering:agenda", "*"): GEEN + ": casusnummers en data, geen namen",
    ("signalering:storingen", "*"): GEEN + ": soorten, organisaties en fouten",
    ("signalering:opnieuw", "*"): GEEN + ": biedt een levering opnieuw aan",
    ("signalering:taak_opnieuw", "*"): GEEN + ": voert een mislukte achtergrondtaak opnieuw uit",
    # Issue 13: aggregates with small numbers suppressed, staff accounts, systems, agreement
    # data; each look is logged all the same (tests/regie, tests/beheer).
    ("regie:dashboard", "*"): GEEN + ": cijfers, kleine aantallen afgeschermd",
    ("regie:capaciteit", "*"): GEEN + ": een simulatie",
    ("regie:jaarverslag", "*"): GEEN + ": cijfers, kleine aantallen afgeschermd",
    ("regie:export", "*"): GEEN + ": cijfers, kleine aantallen afgeschermd",
    ("beheer:gebruikers", "*"): GEEN + " van gezinnen: medewerkers",
    ("beheer:gebruiker_actie", "*"): GEEN + " van gezinnen: medewerkers",
    ("beheer:organisaties", "*"): GEEN + " van gezinnen: organisaties en systemen",
    ("beheer:afspraken", "*"): GEEN + " van gezinnen: afspraakversies en kalender",
    # The PDF itself: its access-log rows are proven in tests/casuswerk/test_documenten.py.
    ("casusbeheer:document", "GET"): "bewezen in test_documenten",
    ("casusbeheer:document_sha256", "GET"): "bewezen in test_documenten",
}
# The API's URLs with a family's data: its own tests (tests/api) prove their access-log rows
# (through `zicht.toegangslog.registreer`); the others carry none.
API_ELDERS_BEWEZEN = {
    "api:casussen",
    "api:casus",
    "api:gebeurtenissen",
    "api:gebeurtenis",
    "api:termijnen",
    "api:signalen",
    "api:werkvoorraad",
    "api:wijzigingen",
}
API_ZONDER = {
    "api:schema",
    "api:openapi_json",
    "api:openapi_yaml",
    "api:docs",
    "api:gemeenten",
    "api:afspraakversies",
}
# JZV Meldingen: tests/jzv/test_toegangslog.py proves these rows (they need a JZV melding).
JZV_ELDERS_BEWEZEN = {
    "jzv:toewijzen",
    "jzv_api:meldingen",
    "jzv_api:melding",
    "jzv_api:uitkomstmeldingen",
}
JZV_ZONDER = {"jzv_api:openapi_json", "jzv_api:openapi_yaml"}


def patronen(resolver: URLResolver | None = None, ns: str = "", voor: str = "") -> list[tuple]:
    """(namespaced name, route) of every URL pattern, however deep the includes."""
    uit: list[tuple[str, str]] = []
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            naam = f"{ns}{p.namespace}:" if p.namespace else ns
            uit += patronen(p, naam, voor + str(p.pattern))
        elif isinstance(p, URLPattern):
            uit.append((f"{ns}{p.name}", voor + str(p.pattern)))
    return uit


def test_every_url_is_classified() -> None:
    geclassificeerd = (
        {n for n, _ in PERSOONSGEGEVENS}
        | {n for n, _ in NIET}
        | API_ELDERS_BEWEZEN
        | API_ZONDER
        | JZV_ELDERS_BEWEZEN
        | JZV_ZONDER
    )
    ongeclassificeerd = [(naam, route) for naam, route in patronen() if naam not in geclassificeerd]
    assert not ongeclassificeerd, (
        "Nieuwe URL's: zeg in PERSOONSGEGEVENS of NIET of ze gegevens van een gezin tonen, "
        f"en bewijs hun toegangslog: {ongeclassificeerd}"
    )


def _doe(client: Client, methode: str, pad: str, data: dict[str, Any] | None) -> Any:
    return client.post(pad, data or {}) if methode == "POST" else client.get(pad)


@pytest.mark.parametrize(("naam", "methode"), list(PERSOONSGEGEVENS))
def test_every_url_with_personal_data_writes_an_access_log_row(
    wereld: Wereld, naam: str, methode: str
) -> None:
    geval = PERSOONSGEGEVENS[(naam, methode)]
    pad = geval["pad"].format(**wereld.casussen)
    client = ingelogd(wereld.gebruikers[geval["wie"]])

    antwoord = _doe(client, methode, pad, geval.get("data"))

    assert antwoord.status_code in (200, 302), antwoord.content[:300]
    rijen = Toegangsrij.objects.filter(trace_id=antwoord["X-Trace-Id"])
    assert rijen.exists() and all(r.uitkomst == "toegestaan" for r in rijen)
    assert all(r.gebruiker == f"t.{geval['wie']}" and r.verwerking for r in rijen)


@pytest.mark.parametrize(
    ("naam", "methode"), [k for k, v in PERSOONSGEGEVENS.items() if v["geweigerd"]]
)
def test_a_refused_request_is_logged_as_refused(wereld: Wereld, naam: str, methode: str) -> None:
    geval = PERSOONSGEGEVENS[(naam, methode)]
    wie, status = geval["geweigerd"]
    pad = geval["pad"].format(**wereld.casussen)

    antwoord = _doe(ingelogd(wereld.gebruikers[wie]), methode, pad, geval.get("data"))

    assert antwoord.status_code == status
    rijen = list(Toegangsrij.objects.filter(trace_id=antwoord["X-Trace-Id"]))
    assert [(r.gebruiker, r.uitkomst) for r in rijen] == [(f"t.{wie}", "geweigerd")]


def test_the_case_log_row_names_who_role_organisation_persons_and_ground(wereld: Wereld) -> None:
    casus_id = wereld.casussen["naar_heerlen"]

    antwoord = ingelogd(wereld.gebruikers["lv_heerlen"]).get(f"/casussen/{casus_id}")

    r = Toegangsrij.objects.get(trace_id=antwoord["X-Trace-Id"])
    assert (r.gebruiker, r.rol, r.organisatie) == (
        "t.lv_heerlen",
        "lokaal_veld_medewerker",
        "lokaal_veld:Heerlen",
    )
    assert (r.casus_id, r.personen, r.actie) == (casus_id, ["p1", "p2"], "casus_inzien")
    assert (r.verwerking, r.uitkomst, r.client) == ("overdracht_lokaal_veld", "toegestaan", None)
    assert len(r.trace_id) == 32 and r.tijdstip is not None
