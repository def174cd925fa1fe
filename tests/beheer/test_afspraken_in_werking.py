"""What the functioneel beheerder schedules takes effect in the engine (issue 13): a version
uploaded through the screen applies to steps from its date on, the old rule before it; a decree
day added through the screen moves working-day deadlines, also of open cases; and another app
server sees both through the database's change counter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.kit import AMSTERDAM, DIRECT, ev, maak_casus, zet_klok

from zicht.beheer import bronnen
from zicht.beheer.models import Afspraakversie, AfsprakenTeller, GelijkgesteldeDag
from zicht.core.afspraken import AFSPRAKEN_MAP, afspraken_van
from zicht.store.django_store import DjangoStore
from zicht.store.models import OpenTermijn


def _versie(termijn: str, vanaf: str) -> bytes:
    huidig = (AFSPRAKEN_MAP / "zuid-limburg" / "regio-2022-01-20.yaml").read_text()
    tekst = huidig.replace("geldig_vanaf: 2022-01-20", f"geldig_vanaf: {vanaf}")
    oud = "  start_contact:\n    direct:\n      termijn: 3 weken\n"
    assert oud in tekst  # the shape of the region file this test changes
    return tekst.replace(oud, oud.replace("3 weken", termijn)).encode()


def _overdracht_op(dag: str, gemeente: str = "Heerlen") -> str:
    """A case handed over directly on `dag` (melding and triage the working day before)."""
    return maak_casus(
        [
            ev(f"{dag}T08:00", "melding_ontvangen", gemeenten=[gemeente], bron="professional"),
            ev(
                f"{dag}T09:00",
                "veiligheidsbeoordeling_afgerond",
                besluit="lokaal_veld",
                onderbouwing="synthetisch",
                beoordelaars=["vt.a", "vt.b"],
            ),
            ev(
                f"{dag}T10:00",
                "overdracht",
                moment="direct",
                naar=[f"lokaal_veld:{gemeente}"],
                wijze="digitaal",
                informatie=DIRECT,
            ),
        ]
    )


def _uiterlijk(casus_id: str, code: str) -> str:
    toestand = DjangoStore().toestand(casus_id)
    assert toestand is not None
    (termijn,) = [t for t in toestand["termijnen"] if t["code"] == code]
    return str(termijn["uiterlijk"])


def test_a_scheduled_version_applies_from_its_date_and_the_old_rule_before(
    inloggen: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    zet_klok(monkeypatch, datetime(2026, 3, 10, 12, 0, tzinfo=AMSTERDAM))
    beheer = inloggen("beheer")
    bestand = SimpleUploadedFile("regio-2026-04-01.yaml", _versie("1 weken", "2026-04-01"))
    antwoord = beheer.post("/beheer/afspraken/", {"upload": "1", "bestand": bestand})
    assert "is in orde" in antwoord.text
    versie = Afspraakversie.objects.get()
    assert not versie.gepland
    voor = _overdracht_op("2026-03-30")
    assert _uiterlijk(voor, "start_contact") == "2026-04-20"  # uploaded, not scheduled: 3 weeks

    antwoord = beheer.post("/beheer/afspraken/", {"plannen": versie.pk}, follow=True)
    assert "gepland vanaf 1 april 2026" in antwoord.text
    # The versions in force are listed with the scheduled one.
    assert "1 april 2026" in beheer.get("/beheer/afspraken/").text

    na = _overdracht_op("2026-04-06")
    assert _uiterlijk(na, "start_contact") == "2026-04-13"  # from 1 April: 1 week
    ook_voor = _overdracht_op("2026-03-31")
    assert _uiterlijk(ook_voor, "start_contact") == "2026-04-21"  # before: still 3 weeks
    assert _uiterlijk(voor, "start_contact") == "2026-04-20"


def test_a_version_cannot_be_scheduled_from_today_or_earlier(
    inloggen: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    zet_klok(monkeypatch, datetime(2026, 4, 1, 9, 0, tzinfo=AMSTERDAM))
    beheer = inloggen("beheer")
    bestand = SimpleUploadedFile("regio.yaml", _versie("1 weken", "2026-04-01"))
    beheer.post("/beheer/afspraken/", {"upload": "1", "bestand": bestand})
    versie = Afspraakversie.objects.get()
    antwoord = beheer.post("/beheer/afspraken/", {"plannen": versie.pk}, follow=True)
    assert "moet na vandaag liggen" in antwoord.text
    versie.refresh_from_db()
    assert not versie.gepland
    assert afspraken_van().versie_op(date(2026, 4, 2)).geldig_vanaf == date(2022, 1, 20)


def test_a_decree_day_moves_a_deadline_also_of_an_open_case(
    inloggen: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Melding on Monday 9 March: the assessment is due in 5 working days, Monday 16 March.
    casus = maak_casus(
        [ev("2026-03-09T10:00", "melding_ontvangen", gemeenten=["Heerlen"], bron="burger")]
    )
    assert _uiterlijk(casus, "veiligheidsbeoordeling") == "2026-03-16"
    assert str(OpenTermijn.objects.get(casus_id=casus).uiterlijk) == "2026-03-16"

    zet_klok(monkeypatch, datetime(2026, 3, 10, 12, 0, tzinfo=AMSTERDAM))
    antwoord = inloggen("beheer").post(
        "/beheer/afspraken/",
        {"dag": "1", "datum": "2026-03-12", "besluit": "Besluit gelijkgestelde dagen 2026"},
    )
    assert antwoord.status_code == 302
    # Thursday 12 March no longer counts: Tuesday 17 March, in the stored projection too.
    assert _uiterlijk(casus, "veiligheidsbeoordeling") == "2026-03-17"
    assert str(OpenTermijn.objects.get(casus_id=casus).uiterlijk) == "2026-03-17"
    nieuw = maak_casus(
        [ev("2026-03-10T10:00", "melding_ontvangen", gemeenten=["Heerlen"], bron="burger")]
    )
    assert _uiterlijk(nieuw, "veiligheidsbeoordeling") == "2026-03-18"  # Tue → Wed, not Tue


def test_a_decree_day_today_or_earlier_is_refused(
    inloggen: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    zet_klok(monkeypatch, datetime(2026, 3, 10, 12, 0, tzinfo=AMSTERDAM))
    antwoord = inloggen("beheer").post(
        "/beheer/afspraken/", {"dag": "1", "datum": "2026-03-10", "besluit": "Besluit"}
    )
    assert "Kies een dag na vandaag" in antwoord.text
    assert not GelijkgesteldeDag.objects.exists()


def test_another_app_server_sees_the_change_through_the_counter(db: None, settings: Any) -> None:
    """Another server schedules (rows and counter in the database, nothing in this process):
    this process looks at the counter when its interval has passed, not before."""
    eerst = afspraken_van()
    assert date(2026, 5, 7) not in eerst.kalender.gelijkgestelde_dagen
    settings.ZICHT_AFSPRAKEN_HERLADEN_SECONDEN = 3600
    GelijkgesteldeDag.objects.create(
        datum=date(2026, 5, 7),
        besluit="Besluit X",
        toegevoegd_door="elders",
        toegevoegd_op=datetime(2026, 3, 1, tzinfo=AMSTERDAM),
    )
    AfsprakenTeller.objects.create(teller=7)
    assert afspraken_van() is eerst  # within the interval: from memory, no query
    settings.ZICHT_AFSPRAKEN_HERLADEN_SECONDEN = 0
    daarna = afspraken_van()
    assert daarna is not eerst
    assert daarna.kalender.gelijkgestelde_dagen[date(2026, 5, 7)] == "Besluit X"
    assert not daarna.kalender.is_werkdag(date(2026, 5, 7))
    assert afspraken_van() is daarna  # the counter did not change again: the same agreement
    bronnen.LEVERANCIER.vergeet()
    assert afspraken_van() is daarna  # same content, same cached agreement
