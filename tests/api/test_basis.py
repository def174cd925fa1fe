"""The design rules on live answers: version header, problem details, 404 for others' cases."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from zicht.toegangslog.models import Toegangsrij
from zicht.vertrouwen.models import Beveiligingsrij

from .conftest import API, MELDING, Systeem

pytestmark = pytest.mark.django_db
PROBLEEM = "application/problem+json"


def test_a_melding_makes_a_case_with_its_state_and_names_outside_the_event(
    systeem: Callable[..., Systeem],
) -> None:
    vt = systeem("veilig_thuis")

    antwoord = vt.post("casussen", MELDING)

    assert antwoord.status_code == 201, antwoord.content
    casus = antwoord.json()
    assert antwoord["Location"] == casus["url"]
    assert antwoord["API-Version"] == "1.0.0"
    assert antwoord["ETag"] == '"1"'
    assert casus["versie"] == 1
    assert casus["toestand"]["termijnen"][0]["code"] == "veiligheidsbeoordeling"
    assert casus["toestand"]["op"].endswith("+01:00")
    assert [p["id"] for p in casus["gezin"]["personen"]] == ["p1", "p2"]
    historie = vt.get(f"casussen/{casus['id']}/gebeurtenissen").json()
    melding = historie["resultaten"][0]["gegevens"]
    assert "Anna" not in str(melding) and melding["directbetrokkenen"][0]["id"] == "p1"


def test_a_client_of_one_gemeente_gets_404_for_a_case_of_another(
    systeem: Callable[..., Systeem],
) -> None:
    vt = systeem("veilig_thuis")
    maastricht = systeem("lokaal_veld:Maastricht")
    heerlen = systeem("lokaal_veld:Heerlen")
    casus_id = vt.post("casussen", MELDING).json()["id"]
    # handed over to Heerlen: Heerlen sees it, Maastricht does not
    vt.post(
        f"casussen/{casus_id}/gebeurtenissen",
        {
            "type": "veiligheidsbeoordeling_afgerond",
            "op": "2026-03-02T09:10:00+01:00",
            "versie": 1,
            "besluit": "lokaal_veld",
            "onderbouwing": "Lokaal veld pakt op.",
            "beoordelaars": ["vt.a", "vt.b"],
        },
    )
    vt.post(
        f"casussen/{casus_id}/gebeurtenissen",
        {
            "type": "overdracht",
            "op": "2026-03-02T09:20:00+01:00",
            "versie": 2,
            "moment": "direct",
            "naar": ["lokaal_veld:Heerlen"],
            "informatie": [
                "inhoud_melding",
                "contactgegevens_directbetrokkenen",
                "contactgegevens_melder",
                "triagebesluit",
                "informatie_veiligheidsbeoordeling",
            ],
        },
    )

    assert heerlen.get(f"casussen/{casus_id}").status_code == 200
    geweigerd = maastricht.get(f"casussen/{casus_id}")
    afwezig = maastricht.get("casussen/00000000-0000-4000-8000-000000000000")

    for antwoord in (geweigerd, afwezig):
        assert antwoord.status_code == 404
        assert antwoord["Content-Type"] == PROBLEEM
        assert antwoord.json()["code"] == "casus_niet_gevonden"
    assert geweigerd.json()["detail"] == afwezig.json()["detail"]
    assert maastricht.get(f"casussen/{casus_id}/termijnen").status_code == 404
    assert maastricht.get("casussen").json()["aantal"] == 0
    assert heerlen.get("casussen").json()["aantal"] == 1
    logrij = Toegangsrij.objects.filter(client="lokaal_veld:Maastricht", casus_id=casus_id).first()
    assert logrij is not None and logrij.uitkomst == "geweigerd"


def test_errors_are_problem_details_with_the_version_header(
    systeem: Callable[..., Systeem],
) -> None:
    from django.test import Client

    anoniem = Client().get(f"{API}/casussen")
    onbekend_pad = systeem("veilig_thuis").get(f"{API}/casussen/")
    alleen_lezen = systeem("lokaal_veld:Heerlen", "lezen").post("casussen", MELDING)

    assert anoniem.status_code == 401 and anoniem["WWW-Authenticate"].startswith("Bearer")
    assert onbekend_pad.status_code == 404
    assert alleen_lezen.status_code == 403 and alleen_lezen.json()["code"] == "scope_ontbreekt"
    for antwoord in (anoniem, onbekend_pad, alleen_lezen):
        assert antwoord["Content-Type"] == PROBLEEM
        assert antwoord["API-Version"] == "1.0.0"
        assert set(antwoord.json()) >= {"type", "title", "status", "detail", "instance", "code"}
    # Without a token: the security log, not the access log of cases (issue #16).
    assert not Toegangsrij.objects.filter(gebruiker="api:onbekend").exists()
    assert Beveiligingsrij.objects.filter(soort="api_zonder_geldig_token").exists()


def test_contact_details_of_a_directbetrokkene_stay_with_the_family(
    systeem: Callable[..., Systeem],
) -> None:
    vt = systeem("veilig_thuis")
    melding = {**MELDING, "directbetrokkenen": [{**MELDING["directbetrokkenen"][0]}]}
    melding["directbetrokkenen"][0]["contact"] = "045-1234567"

    casus = vt.post("casussen", melding).json()

    assert casus["gezin"]["personen"][0]["contact"] == "045-1234567"
    historie = vt.get(f"casussen/{casus['id']}/gebeurtenissen").json()
    assert "045" not in str(historie["resultaten"][0]["gegevens"])
    melding["directbetrokkenen"][0]["contact"] = "045\u202e1234567"  # bidi override (#16)
    fout = vt.post("casussen", melding)
    assert fout.status_code == 400 and "directbetrokkenen.0.contact" in fout.text
