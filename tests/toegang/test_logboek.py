"""The application log carries no case content, no family or person name and no BSN, whatever
happens in a full step: a melding with names and a BSN, a triage with a rationale, a refused
look, a failed login, a 404."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from zicht.store.models import Casus
from zicht.web.logboek import ZonderPersoonsgegevens, zonder_bsn

from .conftest import BSN, Wereld, ingelogd

pytestmark = pytest.mark.django_db
GEHEIM = ["Xanthippe", "Qwerty-achternaam", BSN, "Hevige ruzie in de keuken"]


def test_a_full_step_leaves_no_personal_data_in_the_log(
    wereld: Wereld, caplog: pytest.LogCaptureFixture
) -> None:
    vt = ingelogd(wereld.gebruikers["vt"])
    caplog.set_level(logging.DEBUG)

    melding = vt.post(
        "/meldingen/nieuw",
        {
            "seq": "0",
            "op": "2026-03-10T09:30",
            "gezin": "Gezin Qwerty-achternaam",
            "melder_naam": "Xanthippe Melder",
            "gemeenten": ["Heerlen"],
            "bron": "professional",
            "directbetrokkenen__0__id": "Xanthippe Qwerty-achternaam",
            "directbetrokkenen__0__rol": "ouder",
            "directbetrokkenen__0__bsn": BSN,
        },
    )
    casus = melding["Location"].rsplit("/", 1)[1]
    triage = vt.post(
        f"/casussen/{casus}/stappen/veiligheidsbeoordeling_afgerond",
        {
            "seq": "1",
            "op": "2026-03-10T10:00",
            "besluit": "lokaal_veld",
            "onderbouwing": "Hevige ruzie in de keuken, Xanthippe bang",
            "beoordelaars": ["t.vt", "t.vt_gedrag"],
        },
    )
    ingelogd(wereld.gebruikers["lv_maastricht"]).get(f"/casussen/{casus}")  # refused
    vt.post("/uitvraag", {"bsn": BSN})
    vt.post("/meldingen/nieuw", {"directbetrokkenen__0__bsn": "123456789"})  # invalid BSN
    Client().post("/inloggen/", {"username": "Xanthippe", "password": "fout"})
    vt.get(f"/bestaat-niet/{BSN}")  # Django logs the path of a 404: the BSN is blanked

    assert melding.status_code == 302 and triage.status_code == 302, triage.content[:400]
    assert Casus.objects.filter(pk=casus).exists()
    lijnen = "\n".join(r.getMessage() for r in caplog.records)
    assert lijnen  # the log did say things
    for geheim in GEHEIM:
        assert geheim not in lijnen, geheim


def test_names_and_free_text_never_reach_the_event_table(wereld: Wereld) -> None:
    from zicht.store.models import Gebeurtenis
    from zicht.toepassing.modellen import Notitie

    vt = ingelogd(wereld.gebruikers["vt"])
    casus = wereld.casussen["alleen_gemeld"]
    vt.post(
        f"/casussen/{casus}/stappen/incident",
        {"seq": "1", "op": "2026-03-10T10:00", "omschrijving": "Xanthippe sloeg de deur dicht"},
    )

    laatste = Gebeurtenis.objects.filter(casus_id=casus).order_by("-seq").first()
    assert laatste is not None and laatste.type == "incident"
    assert "Xanthippe" not in str(laatste.payload)
    assert laatste.payload["omschrijving"].startswith("notitie:")
    assert Notitie.objects.get(casus_id=casus).tekst == "Xanthippe sloeg de deur dicht"


def test_the_log_filter_blanks_a_bsn_whatever_logged_it() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "persoon %s gevonden", (BSN,), None)

    ZonderPersoonsgegevens().filter(record)

    assert BSN not in record.getMessage() and "[bsn]" in record.getMessage()
    assert zonder_bsn("order 123456789") == "order 123456789"  # not a BSN: left alone
