"""JZV Meldingen end to end: a police system sends a melding, Veilig Thuis assigns the gemeente
in its intake, the case runs through triage and hand-over, and the outcomes reach the sender's
receiver (a real HTTP server on 127.0.0.1) over the real task queue."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import override_settings

from api.test_webhooks import Ontvanger, alleen_lokaal, echt, ontvangers, werk_wachtrij_af
from casuswerk.conftest import gebruiker, ingelogd
from zicht.api.models import Levering
from zicht.casuswerk.models import Gezin, Notitie
from zicht.jzv.models import Melding, OntvangenUitkomst, Uitkomst
from zicht.store.models import Casus, Gebeurtenis

from .conftest import BASIS, MELDING, Afzender, Klok, Systeem, melding

pytestmark = pytest.mark.django_db(transaction=True)
_ = (alleen_lokaal, ontvangers)  # fixtures
SNEL = override_settings(
    ZICHT_API={
        "BASIS_URL": "http://127.0.0.1:8000",
        "CORS_ORIGINS": [],
        "WEBHOOKS": {
            "MAX_POGINGEN": 3,
            "BACKOFF_SECONDEN": 0.1,
            "BACKOFF_MAX_SECONDEN": 0.5,
            "TIMEOUT_SECONDEN": 5.0,
        },
    }
)
DIRECT = [
    "inhoud_melding",
    "contactgegevens_directbetrokkenen",
    "contactgegevens_melder",
    "triagebesluit",
    "informatie_veiligheidsbeoordeling",
]


def stuur(afzender: Afzender, body: Any) -> Any:
    return afzender.systeem.post(f"{BASIS}/meldingen", body)


def toewijzen(nummer: str, *gemeenten: str) -> str:
    vt = ingelogd(gebruiker("vt"))
    assert nummer in vt.get("/jzv/intake").content.decode()
    m = Melding.objects.get(registratienummer=nummer)
    antwoord = vt.post(f"/jzv/intake/{m.pk}", {"gemeenten": list(gemeenten)})
    assert antwoord.status_code == 302, antwoord.content
    m.refresh_from_db()
    assert m.casus_id is not None
    return str(m.casus_id)


def stap(vt: Systeem, casus_id: str, body: dict[str, Any]) -> None:
    versie = Casus.objects.get(pk=casus_id).laatste_seq
    antwoord = vt.post(f"casussen/{casus_id}/gebeurtenissen", {**body, "versie": versie})
    assert antwoord.status_code == 201, antwoord.content


@SNEL
def test_a_jzv_melding_becomes_a_case_and_its_outcomes_reach_the_sender(
    afzender: Callable[..., Afzender],
    systeem: Callable[..., Systeem],
    tijd: Klok,
    ontvangers: Callable[[list[int]], Ontvanger],
    alleen_lokaal: None,
) -> None:
    ontvanger = ontvangers([503])  # the first attempt fails: retried on the queue
    politie = afzender(ontvanger.url)
    tijd.zet("2026-03-02T09:00")

    eerste = stuur(politie, MELDING)
    assert eerste.status_code == 201, eerste.content
    assert eerste["Location"].endswith(f"{BASIS}/meldingen/POL-2026-0001")
    # The same registratienummer again (a retry after a time-out) is the same melding.
    nog_eens = stuur(politie, MELDING)
    assert nog_eens.status_code == 200 and nog_eens.json() == eerste.json()
    assert Melding.objects.count() == 1 and Casus.objects.count() == 0
    anders = stuur(politie, melding(verzoek="Iets anders."))
    assert anders.status_code == 409

    # No gemeente in the message: the melding waits in the intake until a person assigns one.
    tijd.zet("2026-03-02T10:00")
    casus_id = toewijzen("POL-2026-0001", "Heerlen")
    assert stuur(politie, MELDING).status_code == 200 and Casus.objects.count() == 1
    werkvoorraad = ingelogd(gebruiker("vt")).get("/").content.decode()
    assert "Gezin de Jansen" in werkvoorraad
    mijn = ingelogd(gebruiker("vt")).get("/casussen/?lijst=mijn").content.decode()
    assert "Gezin de Jansen" in mijn  # who made the case of it handles it
    gezin = Gezin.objects.get(casus_id=casus_id)
    assert gezin.personen[0]["bsn"] == "999993653" and gezin.personen[0]["naam"] == "Noor de Jansen"
    # The narrative is kept apart from the events (Notitie), and no name is in any event.
    teksten = set(Notitie.objects.filter(casus_id=casus_id).values_list("tekst", flat=True))
    assert MELDING["incident"]["omschrijving"] in teksten
    assert MELDING["verzoek"] in teksten
    payloads = json.dumps(list(Gebeurtenis.objects.values_list("payload", flat=True)))
    assert "Jansen" not in payloads and "999993653" not in payloads and "Ruzie" not in payloads
    # Read back, the melding is as it was sent.
    assert politie.systeem.get(f"{BASIS}/meldingen/POL-2026-0001").json() == MELDING

    vt = systeem("veilig_thuis")
    tijd.zet("2026-03-03T16:00")
    stap(
        vt,
        casus_id,
        {
            "type": "veiligheidsbeoordeling_afgerond",
            "op": "2026-03-03T14:00:00+01:00",
            "besluit": "lokaal_veld",
            "onderbouwing": "Lokaal veld pakt op.",
            "beoordelaars": ["vt.a", "vt.b"],
        },
    )
    stap(
        vt,
        casus_id,
        {
            "type": "overdracht",
            "op": "2026-03-03T15:00:00+01:00",
            "moment": "direct",
            "naar": ["lokaal_veld:Heerlen"],
            "informatie": DIRECT,
        },
    )
    werk_wachtrij_af(
        lambda: Uitkomst.objects.filter(levering__status=Levering.BEZORGD).count() == 2, seconden=30
    )
    ontvangen = [json.loads(body) for _, body in ontvanger.ontvangen]
    verwacht = [
        {"registratienummer": "POL-2026-0001", "status": "VT-01-02"},
        {"registratienummer": "POL-2026-0001", "status": "VT-02"},
    ]
    assert all(o in verwacht for o in ontvangen) and len(ontvangen) == 3  # one retry
    assert sorted(o["status"] for o in ontvangen[-2:]) == ["VT-01-02", "VT-02"]
    assert all(echt(kop, body, politie.geheim) for kop, body in ontvanger.ontvangen)
    # The hand-over's feedback to the melder (§5.1.4) is met by the delivered VT-02.
    typen = list(Gebeurtenis.objects.filter(casus_id=casus_id).values_list("type", flat=True))
    assert typen[-1] == "melder_geinformeerd"
    termijn = Casus.objects.get(pk=casus_id).projectie.toestand["termijnen"]
    assert [t["status"] for t in termijn if t["code"] == "melder_terugkoppeling"] == ["voldaan"]


@SNEL
def test_not_admissible_sends_vt_00_and_no_feedback_no_outcome(
    afzender: Callable[..., Afzender],
    systeem: Callable[..., Systeem],
    tijd: Klok,
    ontvangers: Callable[[list[int]], Ontvanger],
    alleen_lokaal: None,
) -> None:
    ontvanger = ontvangers([])
    politie = afzender(ontvanger.url)
    tijd.zet("2026-03-02T09:00")
    assert stuur(politie, MELDING).status_code == 201
    stil = melding(registratienummer="POL-2026-0002", terugkoppelingGewenst=False)
    assert stuur(politie, stil).status_code == 201
    tijd.zet("2026-03-02T10:00")
    met, zonder = toewijzen("POL-2026-0001", "Maastricht"), toewijzen("POL-2026-0002", "Vaals")
    vt = systeem("veilig_thuis")
    for casus_id in (met, zonder):
        stap(
            vt,
            casus_id,
            {
                "type": "melding_niet_ontvankelijk",
                "op": "2026-03-02T09:55:00+01:00",
                "onderbouwing": "Geen huiselijk geweld of kindermishandeling.",
            },
        )
    werk_wachtrij_af(
        lambda: Uitkomst.objects.filter(levering__status=Levering.BEZORGD).count() == 1
    )
    assert [json.loads(b) for _, b in ontvanger.ontvangen] == [
        {"registratienummer": "POL-2026-0001", "status": "VT-00"}
    ]
    assert Uitkomst.objects.count() == 1  # the second sender's melding asked for none


def test_only_a_sender_may_post_and_its_403_comes_before_validation(
    afzender: Callable[..., Afzender], systeem: Callable[..., Systeem]
) -> None:
    politie = afzender()
    vt = systeem("veilig_thuis")
    assert vt.post(f"{BASIS}/meldingen", {"soort": "X"}).status_code == 403
    antwoord = stuur(politie, {"soort": "X", "natuurlijkPersoon": {"burgerservicenummer": "1"}})
    assert antwoord.status_code == 400
    namen = {p["name"] for p in antwoord.json()["invalidParams"]}
    assert {"registratienummer", "soort", "natuurlijkPersoon.burgerservicenummer"} <= namen
    assert {"natuurlijkPersoon.naam", "incident", "verzoek"} <= namen  # every error at once
    fout_bsn = melding()
    fout_bsn["natuurlijkPersoon"]["burgerservicenummer"] = "123456789"
    antwoord = stuur(politie, fout_bsn)
    assert antwoord.status_code == 400 and "123456789" not in antwoord.content.decode()
    assert vt.get(f"{BASIS}/meldingen/POL-2026-0001").status_code == 403
    assert politie.systeem.get(f"{BASIS}/meldingen/onbekend").status_code == 404


def test_outcomes_from_others_are_stored_and_shown(
    afzender: Callable[..., Afzender], orgs: None
) -> None:
    gemeente = afzender(naam="gemeente-heerlen")
    body = {"registratienummer": "VT-2026-000123", "status": "VT-02"}
    antwoord = gemeente.systeem.post(f"{BASIS}/uitkomstmeldingen", body)
    assert antwoord.status_code == 201 and antwoord.json() == body
    assert OntvangenUitkomst.objects.get().code == "VT-02"
    pagina = ingelogd(gebruiker("vt")).get("/jzv/intake").content.decode()
    assert "VT-2026-000123" in pagina and "Overgedragen" in pagina


def test_the_intake_form_sent_again_assigns_once(
    afzender: Callable[..., Afzender], tijd: Klok
) -> None:
    """Issue #16: the intake's one-time form token; back and resubmit records nothing more."""
    tijd.zet("2026-03-02T09:00")
    assert stuur(afzender(""), MELDING).status_code == 201
    vt = ingelogd(gebruiker("vt"))
    m = Melding.objects.get(registratienummer="POL-2026-0001")
    pagina = vt.get(f"/jzv/intake/{m.pk}").content.decode()
    token = re.search(r'name="_formulier" value="([^"]+)"', pagina)
    assert token, "het intakeformulier heeft geen eenmalig token"
    data = {"gemeenten": ["Heerlen"], "_formulier": token.group(1)}

    assert vt.post(f"/jzv/intake/{m.pk}", data).status_code == 302
    tweede = vt.post(f"/jzv/intake/{m.pk}", data | {"gemeenten": ["Vaals"]})
    zonder = vt.post(f"/jzv/intake/{m.pk}", {"gemeenten": ["Vaals"], "_formulier": None})

    assert tweede.status_code == 409 and "al verstuurd" in tweede.content.decode()
    assert zonder.status_code == 400 and "Niet vastgelegd" in zonder.content.decode()
    assert Casus.objects.count() == 1 and Gebeurtenis.objects.count() == 1
