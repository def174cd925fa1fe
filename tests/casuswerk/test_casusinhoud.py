"""The case page shows what was entered, to those allowed, and renders odd cases."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from zicht.casuswerk.models import Gezin
from zicht.store.contract import NieuweGebeurtenis
from zicht.store.django_store import DjangoStore
from zicht.toegangslog.models import Toegangsrij

from .conftest import MELDING, OVERDRACHT, TRIAGE, ev, maak_casus, moment

pytestmark = pytest.mark.django_db

NA_DIENST = [
    "inhoud_melding",
    "contactgegevens_directbetrokkenen",
    "veiligheidsvoorwaarden",
    "consequenties_onvoldoende_herstel",
    "afspraken_plan",
    "afspraken_monitoring",
]


def _met_dienst() -> str:
    return maak_casus(
        MELDING,
        ev(
            "2026-03-03T10:00",
            "veiligheidsbeoordeling_afgerond",
            besluit="voorwaarden_en_vervolg",
            onderbouwing="Onderbouwing voor VT",
            beoordelaars=["vt.a", "vt.b"],
        ),
        ev("2026-03-03T11:00", "dienst_gestart", dienst="voorwaarden_en_vervolg"),
        ev(
            "2026-03-04T11:00",
            "dienst_afgerond",
            veiligheidsvoorwaarden=["Geen alcohol in huis", "Dagelijks contact met school"],
        ),
        ev(
            "2026-03-04T12:00",
            "overdracht",
            moment="na_dienst",
            naar=["lokaal_veld:Heerlen"],
            wijze="digitaal",
            informatie=NA_DIENST,
        ),
        ev("2026-03-05T12:00", "incident", omschrijving="Ruzie op straat, politie kwam"),
        ev(
            "2026-03-06T12:00",
            "monitoringscontact",
            scores=[{"door": "veilig_thuis", "score": 6}],
            voorwaarden_nageleefd=True,
        ),
        naam="Gezin Voorwaarde",
    )


def test_vt_ziet_voorwaarden_incident_scores_gezag_en_elke_gebeurtenis(
    inloggen: Callable[[str], Client],
) -> None:
    casus = _met_dienst()
    html = inloggen("vt").get(f"/casussen/{casus}").content.decode()
    for tekst in (
        "Geen alcohol in huis",
        "Dagelijks contact met school",
        "Ruzie op straat, politie kwam",
        "6 van 10",
        "Ouder Test (ouder), heeft gezag",
        "Onderbouwing voor VT",
        "Wie heeft zicht op veiligheid",
        "Eerstvolgende termijn",
        "Vastgelegd op",
    ):
        assert tekst in html, tekst
    assert html.count("<details>") == 7  # one per event
    assert "Wie had zicht" not in html


def test_lokaal_veld_ziet_voorwaarden_maar_niet_de_onderbouwing_van_vt(
    inloggen: Callable[[str], Client],
) -> None:
    casus = _met_dienst()
    html = inloggen("heerlen").get(f"/casussen/{casus}").content.decode()
    assert "Geen alcohol in huis" in html
    assert "Ruzie op straat" in html
    assert "Onderbouwing voor VT" not in html
    assert "niet aan uw organisatie overgedragen" in html


def test_wat_gemeld_is_alleen_voor_wie_de_inhoud_kreeg(
    inloggen: Callable[[str], Client],
) -> None:
    from zicht.casusbeheer import meldingsinhoud

    casus = maak_casus(MELDING, TRIAGE, OVERDRACHT)
    meldingsinhoud.bewaar(casus, "School ziet blauwe plekken bij het kind")
    assert "School ziet blauwe plekken" in inloggen("vt").get(f"/casussen/{casus}").content.decode()
    assert (
        "School ziet blauwe plekken"
        in inloggen("heerlen").get(f"/casussen/{casus}").content.decode()
    )
    antwoord = inloggen("maastricht").get(f"/casussen/{casus}")
    assert antwoord.status_code == 404
    assert "School ziet" not in antwoord.content.decode()


def test_melding_zonder_gezinsgegevens_via_de_api_toont(
    inloggen: Callable[[str], Client],
) -> None:
    store = DjangoStore()
    casus = store.nieuwe_casus("zuid-limburg", nu=moment("2026-03-02T09:00"))
    store.voeg_toe(
        casus,
        0,
        NieuweGebeurtenis(
            "melding_ontvangen",
            moment("2026-03-02T09:00"),
            {
                "gemeenten": ["Heerlen"],
                "bron": "anoniem",
                "directbetrokkenen": [{"id": "p1", "rol": "kind"}],
            },
        ),
        "api",
        "veilig_thuis",
        moment("2026-03-02T09:00"),
    )
    antwoord = inloggen("vt").get(f"/casussen/{casus}")
    assert antwoord.status_code == 200
    assert not Gezin.objects.filter(casus_id=casus).exists()


def test_afgesloten_staat_bovenaan_zodra_de_toestand_het_zegt() -> None:
    from zicht.casusbeheer.inhoud import afgesloten

    assert afgesloten({}) is None
    a = afgesloten({"afgesloten": {"op": "2026-09-01T10:00:00+02:00", "reden": "stabiel_veilig"}})
    assert a == {"op": "di 1 sep 2026, 10:00", "reden": "stabiele veiligheid bereikt"}


def test_casuspagina_wordt_gelogd(inloggen: Callable[[str], Client]) -> None:
    casus = _met_dienst()
    inloggen("heerlen").get(f"/casussen/{casus}")
    assert Toegangsrij.objects.filter(
        casus_id=casus, actie="casus_inzien", uitkomst="toegestaan"
    ).exists()


def _meld(client: Client, gezin: str, **extra: str) -> str:
    antwoord = client.post(
        "/meldingen/nieuw",
        {
            "seq": "0",
            "op": "2026-03-10T09:30",
            "gezin": gezin,
            "gemeenten": ["Heerlen"],
            "bron": "burger",
            "directbetrokkenen__0__id": "Anna Jansen",
            **extra,
        },
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    return str(antwoord["Location"]).rsplit("/", 1)[1]


def test_melding_bewaart_wat_gemeld_is_buiten_de_gebeurtenis(
    inloggen: Callable[[str], Client],
) -> None:
    from zicht.store.models import Gebeurtenis

    vt = inloggen("vt")
    casus = _meld(vt, "Gezin Wat", wat_gemeld="Buren horen 's nachts geschreeuw")
    html = vt.get(f"/casussen/{casus}").content.decode()
    assert "Buren horen &#x27;s nachts geschreeuw" in html
    payload = str(Gebeurtenis.objects.get(casus_id=casus).payload)
    assert "geschreeuw" not in payload
    te_lang = vt.post(
        "/meldingen/nieuw",
        {
            "seq": "0",
            "op": "2026-03-10T09:30",
            "gezin": "G",
            "gemeenten": ["Heerlen"],
            "bron": "burger",
            "wat_gemeld": "x" * 10_001,
        },
    )
    assert te_lang.status_code == 200 and "10000" in te_lang.content.decode().replace(".", "")


def test_vt_ziet_dat_het_gezin_al_bekend_is(inloggen: Callable[[str], Client]) -> None:
    vt = inloggen("vt")
    eerste = _meld(vt, "Gezin Dubbel")
    tweede = _meld(vt, "gezin dubbel")
    html = vt.get(f"/casussen/{tweede}").content.decode()
    assert "Dit gezin is al bekend" in html and eerste in html
    anders = _meld(vt, "Gezin Anders")
    assert "Dit gezin is al bekend" not in vt.get(f"/casussen/{anders}").content.decode()


def test_eerder_bekend_alleen_in_dezelfde_gemeente_en_hoogstens_tien(
    inloggen: Callable[[str], Client],
) -> None:
    """The same name elsewhere is another family; a common name lists at most ten cases."""
    vt = inloggen("vt")
    _meld(vt, "Gezin Elders", gemeenten="Maastricht")
    hier = _meld(vt, "Gezin Elders")
    assert "Dit gezin is al bekend" not in vt.get(f"/casussen/{hier}").content.decode()
    eerdere = [_meld(vt, "Gezin Veel") for _ in range(11)]
    html = vt.get(f"/casussen/{_meld(vt, 'Gezin Veel')}").content.decode()
    assert "Dit gezin is al bekend" in html
    assert sum(casus in html for casus in eerdere) == 10


def test_eerder_bekend_leest_de_naam_letterlijk(inloggen: Callable[[str], Client]) -> None:
    """`%` and `_` in a name are characters, not a pattern (the query is compiled once and the
    name goes in as a parameter): "Gezin 100%" does not match "Gezin 1000" or "Gezin 10_"."""
    vt = inloggen("vt")
    _meld(vt, "Gezin 1000")
    _meld(vt, "Gezin 10x%")
    for naam in ("Gezin 100%", "Gezin 10_%"):
        html = vt.get(f"/casussen/{_meld(vt, naam)}").content.decode()
        assert "Dit gezin is al bekend" not in html, naam
    html = vt.get(f"/casussen/{_meld(vt, 'GEZIN 100%')}").content.decode()
    assert "Dit gezin is al bekend" in html


def test_eerstvolgende_termijn_is_die_van_de_eigen_organisatie_als_die_er_een_heeft() -> None:
    from zicht.casusbeheer.inhoud import eerstvolgende_termijn

    termijnen = [
        {"code": "brief_directbetrokkenen", "partij": "veilig_thuis", "uiterlijk": "2026-12-08"},
        {"code": "start_contact", "partij": "lokaal_veld:Heerlen", "uiterlijk": "2026-12-22"},
        {"code": "start_contact", "partij": "lokaal_veld:Heerlen", "uiterlijk": "2026-12-01"},
    ]
    toestand = {"termijnen": [{**t, "status": "open"} for t in termijnen]}
    toestand["termijnen"][2]["status"] = "voldaan"  # met: no longer next

    eigen = eerstvolgende_termijn(toestand, "lokaal_veld:Heerlen")
    assert eigen is not None
    assert (eigen["naam"], eigen["uiterlijk"]) == ("Start contact met het gezin", "di 22 dec 2026")
    # Without a term of its own (or no viewer): the first of all, with its party.
    for organisatie in ("gemeente:Heerlen", ""):
        alle = eerstvolgende_termijn(toestand, organisatie)
        assert alle is not None
        assert alle["partij"] == "Veilig Thuis", organisatie


def test_lokaal_veld_ziet_zijn_eigen_eerstvolgende_termijn(
    inloggen: Callable[[str], Client],
) -> None:
    casus = maak_casus(MELDING, TRIAGE, OVERDRACHT)

    def eerstvolgende(wie: str) -> str:
        html = inloggen(wie).get(f"/casussen/{casus}").content.decode()
        return html.split("Eerstvolgende termijn</dt><dd>", 1)[1].split("</dd>", 1)[0]

    # Heerlen: its own start of contact (26 mrt), not VT's letter (12 mrt).
    assert eerstvolgende("heerlen").startswith("Start contact met het gezin voor ")
    assert eerstvolgende("vt").startswith("Brief aan de directbetrokkenen voor Veilig Thuis")
