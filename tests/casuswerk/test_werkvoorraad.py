"""The worklist per role, its filters, and a constant number of queries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.kit import ketenkoppen

from .conftest import MELDING, OVERDRACHT, TRIAGE, ev, maak_casus

pytestmark = pytest.mark.django_db

VERS = ev("2026-03-09T10:00", "melding_ontvangen", gemeenten=["Maastricht"], bron="burger")


def test_vt_sees_the_open_safety_assessment_with_the_overdue_one_marked(
    inloggen: Callable[[str], Client],
) -> None:
    maak_casus(MELDING, naam="Gezin Laat")  # triage term ended 2026-03-09
    maak_casus(VERS, naam="Gezin Vers")

    pagina = inloggen("vt").get("/").text

    assert "Gezin Laat" in pagina and "Gezin Vers" in pagina
    assert pagina.count("Veiligheidsbeoordeling") >= 2
    assert pagina.count(">Verlopen<") == 1
    assert pagina.index("Gezin Laat") < pagina.index("Gezin Vers")  # soonest uiterlijk first


def test_the_lokaal_veld_sees_its_hand_overs_and_terms_not_those_of_others(
    inloggen: Callable[[str], Client],
) -> None:
    maak_casus(MELDING, TRIAGE, OVERDRACHT, naam="Gezin Heerlen")
    maak_casus(VERS, naam="Gezin Vers")

    heerlen = inloggen("heerlen").get("/").text
    maastricht = inloggen("maastricht").get("/").text

    assert "Overdrachten die op u wachten" in heerlen
    assert "ontvangstbevestiging" in heerlen and "Start contact met het gezin" in heerlen
    assert "Gezin Heerlen" in heerlen and "Gezin Vers" not in heerlen
    assert "Gezin Heerlen" not in maastricht and "Gezin Vers" not in maastricht


def test_the_procescoordinator_answers_for_its_gemeente(inloggen: Callable[[str], Client]) -> None:
    niet_nakomen = ev(
        "2026-03-06T09:00", "niet_nakomen_gemeld", partij="lokaal_veld:Heerlen", gemeente="Heerlen"
    )
    maak_casus(MELDING, TRIAGE, OVERDRACHT, niet_nakomen, naam="Gezin Reactie")

    pagina = inloggen("pc_heerlen").get("/").text

    assert "Gezin Reactie" in pagina and "Reactie van de gemeente op niet-nakomen" in pagina


@pytest.mark.parametrize(
    ("wie", "start"),
    [("beleid", "/regie/"), ("beheer", "/beheer/gebruikers/"), ("privacy", "/beheer/privacy/")],
)
def test_roles_without_case_work_start_on_their_own_page(
    inloggen: Callable[[str], Client], wie: str, start: str
) -> None:
    maak_casus(MELDING, TRIAGE, OVERDRACHT, naam="Gezin Geheim")

    antwoord = inloggen(wie).get("/", follow=True)

    assert antwoord.redirect_chain[-1][0] == start
    assert antwoord.status_code == 200 and "Gezin Geheim" not in antwoord.text


def test_filters_answer_htmx_with_the_table_only(inloggen: Callable[[str], Client]) -> None:
    maak_casus(MELDING, naam="Gezin Heerlen")
    maak_casus(VERS, naam="Gezin Maastricht")
    client = inloggen("vt")

    deel = client.get("/", {"gemeente": "Maastricht"}, HTTP_HX_REQUEST="true").text
    verlopen = client.get("/", {"status": "verlopen"}).text
    code = client.get("/", {"termijn": "start_contact"}).text

    assert "<html" not in deel and "Gezin Maastricht" in deel and "Gezin Heerlen" not in deel
    assert "Gezin Heerlen" in verlopen and "Gezin Maastricht" not in verlopen
    assert "Gezin" not in code.split("Openstaande termijnen</h2>")[1]


def _queries(client: Client, pad: str) -> int:
    """Queries of one page, not counting the access-log insert: one row per family shown,
    which SQLite takes in batches of ~90 (its limit on parameters)."""
    with CaptureQueriesContext(connection) as vastgelegd:
        assert client.get(pad).status_code == 200
    # A statement the store prepares on the server (store/toevoegen.py) is logged without text.
    return sum(
        "toegangslog_toegangsregel" not in (q["sql"] or "") for q in vastgelegd.captured_queries
    )


def test_every_page_takes_the_same_number_of_queries_for_10_and_100_cases(
    inloggen: Callable[[str], Client], settings: Any
) -> None:
    settings.SESSIE_VERLENGEN_NA = 24 * 3600  # no session renewal between the two counts
    vt, heerlen = inloggen("vt"), inloggen("heerlen")

    def pagina_s(casus: str) -> list[int]:
        return [
            _queries(vt, "/"),
            _queries(heerlen, "/"),
            _queries(vt, f"/casussen/{casus}"),
            _queries(heerlen, f"/casussen/{casus}/stappen/contact_gestart"),
            _queries(vt, "/meldingen/nieuw"),
        ]

    ids = [maak_casus(MELDING, TRIAGE, OVERDRACHT) for _ in range(10)]
    ketenkoppen()
    bij_10 = pagina_s(ids[0])
    ids += [maak_casus(MELDING, TRIAGE, OVERDRACHT) for _ in range(90)]
    bij_100 = pagina_s(ids[-1])

    assert bij_10 == bij_100
