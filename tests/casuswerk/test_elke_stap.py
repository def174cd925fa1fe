"""Every step type of the core has a screen form, a Dutch title and an API schema (issue #11).

The core's SCHEMA is the one list of step types; a step added to the engine without a way to
record it from the screens or the API would be a rule nobody can follow.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from zicht.api.schema import componenten
from zicht.casuswerk.formulieren.stap import StapFormulier
from zicht.casuswerk.formulieren.velden import Keuzes
from zicht.core.gebeurtenissen import EIGEN_HANDELING, SCHEMA
from zicht.store.models import CasusProjectie, Gebeurtenis
from zicht.toepassing import teksten

from .conftest import DIRECT, MELDING, TRIAGE, ev, maak_casus

STAPTYPEN = [s for s in SCHEMA if s not in EIGEN_HANDELING]  # each has its own form
KEUZES = Keuzes(
    partijen=[("veilig_thuis", "Veilig Thuis"), ("lokaal_veld:Heerlen", "Lokaal veld Heerlen")],
    gemeenten=["Heerlen", "Maastricht"],
    personen=[("p1", "Kim"), ("p2", "Sam")],
)


def test_the_core_has_the_steps_added_for_issue_11() -> None:
    assert {"monitoringsafspraken_vastgelegd"} <= set(STAPTYPEN)
    assert "informeren_afspraken" in SCHEMA["overdracht"]
    assert "gesproken" in SCHEMA["monitoringscontact"]


@pytest.mark.parametrize("soort", STAPTYPEN)
def test_every_step_has_a_form_with_every_field_and_a_dutch_title(soort: str) -> None:
    form = StapFormulier(soort, KEUZES)

    assert [g.naam for g in form.groepen()] == list(SCHEMA[soort])
    assert all(g.velden or g.rijen for g in form.groepen()), soort
    assert soort in teksten.STAPPEN, f"{soort}: no Dutch title for the screens"
    for naam in SCHEMA[soort]:
        label, _ = teksten.veld(soort, naam)
        assert naam in teksten.VELDEN or (soort, naam) in teksten.VELDEN, (soort, naam, label)


@pytest.mark.parametrize("soort", STAPTYPEN)
def test_every_step_has_an_api_schema_with_every_field(soort: str) -> None:
    schemas = componenten()
    stap = schemas[f"Stap_{soort}"]

    assert stap["properties"]["type"]["enum"] == [soort]
    assert set(SCHEMA[soort]) <= set(stap["properties"])
    assert {"$ref": f"#/components/schemas/Stap_{soort}"} in schemas["Gebeurtenisinvoer"]["oneOf"]
    assert schemas["Gebeurtenisinvoer"]["discriminator"]["mapping"][soort].endswith(soort)


def test_people_lists_are_chosen_from_the_family() -> None:
    """Bijlage 2: who was spoken to is one of the family's people, never typed."""
    for soort, naam in (
        ("monitoringscontact", "gesproken"),
        ("monitoringsafspraken_vastgelegd", "met"),
    ):
        veld = StapFormulier(soort, KEUZES).fields[naam]
        assert list(veld.choices) == KEUZES.personen  # type: ignore[attr-defined]


# ---- the screens record the new steps end to end (through the store, so the engine) ----------

NA_DIENST = [
    "inhoud_melding",
    "contactgegevens_directbetrokkenen",
    "veiligheidsvoorwaarden",
    "consequenties_onvoldoende_herstel",
    "afspraken_plan",
    "afspraken_monitoring",
]
IN_MONITORING = (
    MELDING,
    (TRIAGE[0], TRIAGE[1], {**TRIAGE[2], "besluit": "voorwaarden_en_vervolg"}),
    ev("2026-03-05T15:00", "dienst_gestart", dienst="voorwaarden_en_vervolg"),
    ev("2026-03-06T10:00", "dienst_afgerond", veiligheidsvoorwaarden=["geen geweld"]),
    ev(
        "2026-03-06T11:00",
        "overdracht",
        moment="na_dienst",
        naar=["lokaal_veld:Heerlen"],
        wijze="mondeling",
        informatie=NA_DIENST,
    ),
    ev("2026-03-09T09:00", "overdracht_geaccepteerd", door="lokaal_veld:Heerlen"),
)


def _verstuur(client: Client, pad: str, velden: dict[str, Any]) -> None:
    pagina = client.get(pad)
    assert pagina.status_code == 200, pad
    seq = re.search(r'name="seq" value="(\d+)"', pagina.text)
    assert seq is not None
    antwoord = client.post(pad, {"seq": seq.group(1), "op": "2026-03-10T11:00", **velden})
    assert antwoord.status_code == 302, antwoord.text


def test_vt_records_monitoring_agreements_and_who_it_spoke_to_on_the_screens(
    inloggen: Callable[[str], Client],
) -> None:
    casus_id = maak_casus(*IN_MONITORING)
    vt = inloggen("vt")
    assert (
        f"/casussen/{casus_id}/stappen/monitoringsafspraken_vastgelegd"
        in vt.get(f"/casussen/{casus_id}").text
    )

    _verstuur(
        vt,
        f"/casussen/{casus_id}/stappen/monitoringsafspraken_vastgelegd",
        {"frequentie_maanden": "2", "met": ["p1", "p2"], "wijze": "telefonisch"},
    )
    _verstuur(vt, f"/casussen/{casus_id}/stappen/monitoringscontact", {"gesproken": ["p2"]})

    afspraak, contact = Gebeurtenis.objects.filter(casus_id=casus_id).order_by("-seq")[:2][::-1]
    assert afspraak.type == "monitoringsafspraken_vastgelegd"
    assert afspraak.payload["frequentie_maanden"] == 2 and afspraak.payload["met"] == ["p1", "p2"]
    assert contact.type == "monitoringscontact" and contact.payload["gesproken"] == ["p2"]
    pagina = vt.get(f"/casussen/{casus_id}").text
    assert "Ouder Test (ouder), Kind Test (kind)" in pagina  # with whom, by name
    monitoring = CasusProjectie.objects.get(casus_id=casus_id).toestand["monitoring"]
    assert monitoring["afspraken"]["frequentie_maanden"] == 2 and monitoring["gesproken"] == ["p2"]


def test_the_hand_over_form_records_who_informs_which_family_member(
    inloggen: Callable[[str], Client],
) -> None:
    """§5.1.2 through the screen: the agreement becomes a term of Veilig Thuis."""
    casus_id = maak_casus(MELDING, TRIAGE)
    vt = inloggen("vt")
    _verstuur(
        vt,
        f"/casussen/{casus_id}/stappen/overdracht",
        {
            "moment": "direct",
            "naar": ["lokaal_veld:Heerlen"],
            "wijze": "digitaal",
            "informatie": DIRECT,
            "toestemming": "p1",
            "informeren_afspraken__0__persoon": "p2",
            "informeren_afspraken__0__door": "veilig_thuis",
            "informeren_afspraken__0__uiterlijk": "2026-03-13",
        },
    )

    termijnen = CasusProjectie.objects.get(casus_id=casus_id).toestand["termijnen"]
    afspraak = [t for t in termijnen if t["code"] == "directbetrokkene_informeren_afgesproken"]
    assert [(t["partij"], t["persoon"], t["uiterlijk"]) for t in afspraak] == [
        ("veilig_thuis", "p2", "2026-03-13")
    ]
    pagina = vt.get(f"/casussen/{casus_id}").text
    assert "Kind Test (kind): Veilig Thuis, uiterlijk vr 13 mrt 2026" in pagina


def test_consent_is_chosen_from_the_parents_with_gezag_and_shown_by_name(
    inloggen: Callable[[str], Client],
) -> None:
    """WA 5 through the screen: the person ids of the melding are never typed (a typed name
    was refused: the rule compares ids), and the case page names who consented."""
    casus_id = maak_casus(MELDING, TRIAGE)
    vt = inloggen("vt")
    pad = f"/casussen/{casus_id}/stappen/overdracht"
    html = vt.get(pad).text
    assert re.findall(r'name="toestemming" value="([^"]+)"', html) == ["p1"]  # not the child
    assert '<textarea name="toestemming"' not in html
    assert re.search(r'value="p1"[^>]*>\s*Ouder Test', html)

    _verstuur(
        vt,
        pad,
        {"moment": "direct", "naar": ["lokaal_veld:Heerlen"], "informatie": DIRECT}
        | {"toestemming": ["p1"]},
    )

    overdracht = Gebeurtenis.objects.filter(casus_id=casus_id).order_by("-seq").first()
    assert overdracht is not None and overdracht.payload["toestemming"] == ["p1"]
    assert re.search(
        r"Toestemming van ouder\(s\) met gezag.*?Ouder Test \(ouder\)",
        vt.get(f"/casussen/{casus_id}").text,
        re.S,
    )
