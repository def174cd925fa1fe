"""The capacity outlook: the FIFO queue by hand, the simulation's behaviour, the page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from django.test import Client

from zicht.core.engine import laad_afspraken
from zicht.regie.capaciteit import (
    Invoer,
    Loket,
    Termijnen,
    bedien,
    eerste_maanden,
    scenario,
    simuleer,
    standaard_capaciteit,
)

from .test_cijfers import vaste_set  # noqa: F401

AMS = ZoneInfo("Europe/Amsterdam")


def test_a_queue_serves_first_come_first_served() -> None:
    loket = Loket(1)
    # One place: the first case works 0-2, the second (offered at 1) waits and works 2-4.
    assert loket.neem(0.0, 2.0) == 2.0
    assert loket.neem(1.0, 2.0) == 4.0
    assert loket.achterstand(1.5) == 2 and loket.achterstand(3.0) == 1
    assert loket.achterstand(4.0) == 0
    twee = Loket(2)
    assert [twee.neem(0.0, 3.0), twee.neem(0.0, 3.0), twee.neem(1.0, 1.0)] == [3.0, 3.0, 4.0]


def test_deadlines_come_from_the_engine() -> None:
    # Monday 2 February 2026: the assessment is due Monday 9 February (5 working days),
    # contact within 3 weeks of a direct hand-over that day: Monday 23 February.
    termijnen = Termijnen(laad_afspraken(), datetime(2026, 2, 1).date())
    assert termijnen.uiterlijk("veiligheidsbeoordeling", "Heerlen", 1) == ("veilig_thuis", 8)
    assert termijnen.uiterlijk("start_contact", "Heerlen", 1) == ("lokaal_veld:Heerlen", 22)
    # Kerkrade shares Parkstad's rules: no second fold.
    termijnen.uiterlijk("veiligheidsbeoordeling", "Kerkrade", 1)
    assert termijnen.gevouwen == 2


def invoer(capaciteit: dict[str, int] | None = None) -> Invoer:
    return Invoer(
        start=datetime(2027, 1, 1, tzinfo=AMS),
        maanden=4,
        instroom_per_maand={"Heerlen": 300.0},
        aandeel_lokaal_veld=0.5,
        beoordeling_dagen=[2],
        contact_dagen=[7],
        capaciteit=capaciteit or {},
    )


def test_enough_capacity_meets_the_terms_and_too_little_builds_a_backlog() -> None:
    ruim = simuleer(invoer())
    # 300 a month, 2 days each: about 20 in work at once; the standard capacity keeps up.
    assert standaard_capaciteit(invoer())["veilig_thuis"] == 22
    assert all((ruim.aandeel_op_tijd("veilig_thuis", i) or 0) > 0.95 for i in range(3))
    assert ruim.achterstand[("veilig_thuis", 3)] < 40
    krap = simuleer(invoer({"veilig_thuis": 5, "lokaal_veld:Heerlen": 30}))
    # 5 places of 2 days: 75 a month done, 300 arrive: the backlog grows every month.
    achterstand = [krap.achterstand[("veilig_thuis", i)] for i in range(4)]
    assert achterstand == sorted(achterstand) and achterstand[-1] > 600
    assert (krap.aandeel_op_tijd("veilig_thuis", 2) or 0) < 0.2


def test_the_page_shows_the_outlook_and_a_what_if(
    vaste_set: None,  # noqa: F811
    inloggen: Callable[[str], Client],
) -> None:
    pagina = inloggen("beleid").get("/regie/capaciteit?maanden=3&procent=50")
    assert pagina.status_code == 200
    tekst = pagina.text
    assert "Veilig Thuis: verwachting per maand" in tekst
    assert "Lokaal veld Heerlen: verwachting per maand" in tekst
    assert "Achterstand bij 50%" in tekst
    assert inloggen("vt").get("/regie/capaciteit").status_code == 403


def test_a_what_if_replays_the_same_meldingen_and_months_are_a_prefix() -> None:
    """SimPy draws the meldingen once (`scenario`); every capacity serves the same ones, and
    the first months of a longer outlook are the shorter outlook (so one is kept per refresh).
    """
    lang = replace(invoer(), maanden=8)
    sc = scenario(lang)
    termijnen = Termijnen(laad_afspraken(), sc.start.date())
    standaard = standaard_capaciteit(lang)
    acht = bedien(sc, standaard, termijnen, 8)
    vier = bedien(sc, standaard, termijnen, 4)
    assert eerste_maanden(acht, 4) == vier
    assert vier == simuleer(invoer())  # the same as the SimPy run of four months on its own
    # Less capacity at Veilig Thuis: the same meldingen arrive, more wait.
    krap = bedien(sc, {**standaard, "veilig_thuis": 5}, termijnen, 4)
    assert [krap.instroom[("veilig_thuis", i)] for i in range(4)] == [
        vier.instroom[("veilig_thuis", i)] for i in range(4)
    ]
    assert krap.achterstand[("veilig_thuis", 3)] > vier.achterstand[("veilig_thuis", 3)]
