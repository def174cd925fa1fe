"""What a privacy officer can answer: the access-log screen with its filters, the case page's
"Wie heeft dit dossier ingezien", and a case page that shows only what was handed over."""

from __future__ import annotations

import pytest

from zicht.toegangslog.models import Toegangsrij

from .conftest import CASUSSEN, Wereld, familienaam, ingelogd, maak_casus, overdracht

pytestmark = pytest.mark.django_db


def test_only_the_privacy_officer_searches_the_access_log(wereld: Wereld) -> None:
    assert ingelogd(wereld.gebruikers["privacy"]).get("/privacy/toegangslog").status_code == 200
    for wie in ("vt", "lv_heerlen", "beheer", "beleid"):
        assert ingelogd(wereld.gebruikers[wie]).get("/privacy/toegangslog").status_code == 403


def test_the_access_log_filters_by_user_case_period_and_outcome(wereld: Wereld) -> None:
    heerlen, maastricht = wereld.casussen["naar_heerlen"], wereld.casussen["naar_maastricht"]
    ingelogd(wereld.gebruikers["lv_heerlen"]).get(f"/casussen/{heerlen}")
    ingelogd(wereld.gebruikers["lv_heerlen"]).get(f"/casussen/{maastricht}")  # refused
    ingelogd(wereld.gebruikers["vt"]).get(f"/casussen/{maastricht}")
    privacy = ingelogd(wereld.gebruikers["privacy"])

    geweigerd = privacy.get("/privacy/toegangslog", {"uitkomst": "geweigerd"}).text
    van_lv = privacy.get("/privacy/toegangslog", {"gebruiker": "t.lv_heerlen"}).text
    casus = privacy.get("/privacy/toegangslog", {"casus": maastricht}).text
    leeg = privacy.get("/privacy/toegangslog", {"van": "2020-01-01", "tot": "2020-12-31"}).text

    assert "1 regel gevonden" in geweigerd and maastricht in geweigerd
    assert "2 regels gevonden" in van_lv
    assert "2 regels gevonden" in casus and heerlen not in casus.split("gevonden", 1)[1]
    assert "0 regels gevonden" in leeg
    assert "Wmo 2015" in casus  # the legal ground of each look


def test_the_access_log_is_paginated_and_looking_at_it_is_logged(wereld: Wereld) -> None:
    vt = ingelogd(wereld.gebruikers["vt"])
    for _ in range(55):
        vt.get(f"/casussen/{wereld.casussen['alleen_gemeld']}")
    privacy = ingelogd(wereld.gebruikers["privacy"])

    eerste = privacy.get("/privacy/toegangslog", {"gebruiker": "t.vt"})
    tweede = privacy.get("/privacy/toegangslog", {"gebruiker": "t.vt", "pagina": 2})

    assert "Pagina 1 van 2" in eerste.text and "Pagina 2 van 2" in tweede.text
    assert (
        Toegangsrij.objects.filter(gebruiker="t.privacy", actie="toegangslog_inzien").count() == 2
    )


def test_the_case_page_says_who_looked_at_the_file(wereld: Wereld) -> None:
    casus_id = wereld.casussen["naar_heerlen"]
    ingelogd(wereld.gebruikers["lv_maastricht"]).get(f"/casussen/{casus_id}")  # refused
    lv = ingelogd(wereld.gebruikers["lv_heerlen"])
    lv.get(f"/casussen/{casus_id}")

    pagina = lv.get(f"/casussen/{casus_id}").text  # the previous looks, this one comes next
    deel = pagina.split("Wie heeft dit dossier ingezien", 1)[1]

    assert "Test lv_maastricht" in deel and "(geweigerd)" in deel
    assert "Test lv_heerlen" in deel and "casus bekeken" in deel


def test_who_looked_is_escaped_as_any_other_text(wereld: Wereld) -> None:
    """The rows of "Wie heeft dit dossier ingezien" are written in Python, not the template:
    a name with markup still shows as text."""
    casus_id = wereld.casussen["naar_heerlen"]
    lv = wereld.gebruikers["lv_heerlen"]
    lv.first_name = "<b>Kees</b> & co"
    lv.save()
    ingelogd(lv).get(f"/casussen/{casus_id}")
    pagina = ingelogd(wereld.gebruikers["lv_heerlen"]).get(f"/casussen/{casus_id}").text
    deel = pagina.split("Wie heeft dit dossier ingezien", 1)[1]
    assert "&lt;b&gt;Kees&lt;/b&gt; &amp; co" in deel and "<b>Kees" not in deel


NA_DIENST = [
    "inhoud_melding",
    "contactgegevens_directbetrokkenen",
    "veiligheidsvoorwaarden",
    "consequenties_onvoldoende_herstel",
    "afspraken_plan",
    "oordeel_hg_km",
    "afspraken_monitoring",
]


def test_a_lokaal_veld_sees_only_the_items_handed_over_to_it(wereld: Wereld) -> None:
    melding, triage = CASUSSEN["naar_heerlen"][0], CASUSSEN["naar_heerlen"][1]
    na_dienst = [
        melding,
        (triage[0], triage[1], {**triage[2], "besluit": "onderzoek"}),
        ("2026-03-06T09:00", "dienst_gestart", {"dienst": "onderzoek"}),
        (
            "2026-03-08T09:00",
            "dienst_afgerond",
            {"veiligheidsvoorwaarden": ["geen geweld"], "oordeel": "hg_km_vastgesteld"},
        ),
        (
            "2026-03-09T09:00",
            "overdracht",
            {"moment": "na_dienst", "naar": ["lokaal_veld:Heerlen"], "informatie": NA_DIENST},
        ),
    ]
    beperkt = maak_casus("beperkt", na_dienst)
    lv, vt = ingelogd(wereld.gebruikers["lv_heerlen"]), ingelogd(wereld.gebruikers["vt"])

    volledig = lv.get(f"/casussen/{wereld.casussen['naar_heerlen']}").text
    deels = lv.get(f"/casussen/{beperkt}").text
    alles = vt.get(f"/casussen/{beperkt}").text

    assert "Melder Qqx" in volledig and "synthetisch" in volledig  # both handed over
    assert "Melder Qqx" not in deels and "synthetisch" not in deels  # neither was
    assert deels.count("Niet aan uw organisatie overgedragen") == 3  # + the triage decision
    assert familienaam("beperkt") in deels  # the family's contact details were handed over
    assert "synthetisch" in alles and "Niet aan uw organisatie overgedragen" not in alles
    assert "111222333" not in volledig and "******333" in volledig  # BSN masked on screen


def test_a_procescoordinator_sees_what_was_handed_over_to_its_gemeente(wereld: Wereld) -> None:
    alleen_besluit = [
        CASUSSEN["naar_heerlen"][0],
        CASUSSEN["naar_heerlen"][1],
        overdracht("Heerlen"),
    ]
    casus_id = maak_casus("procesco", alleen_besluit)

    pagina = ingelogd(wereld.gebruikers["pc_heerlen"]).get(f"/casussen/{casus_id}").text

    assert familienaam("procesco") in pagina  # handed over to Heerlen: the gemeente sees it
    assert (
        ingelogd(wereld.gebruikers["pc_maastricht"]).get(f"/casussen/{casus_id}").status_code == 404
    )
