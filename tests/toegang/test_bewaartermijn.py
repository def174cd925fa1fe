"""Uitvraag (WA 6, 7), retention and the BSN: a family is found within the agreed windows;
a closed case past its retention period is anonymised without touching the event table."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from django.core.management import call_command
from django.test import Client

from zicht.casuswerk import bewaartermijn
from zicht.casuswerk.taken import bewaartermijn_taak
from zicht.cli import main
from zicht.core import bewaartermijn as kern
from zicht.store.models import Gebeurtenis
from zicht.toegangslog.models import Toegangsrij
from zicht.toepassing import klok
from zicht.toepassing.modellen import Gezin, Notitie

from .conftest import AMSTERDAM, BSN, TRIAGE, Wereld, ev, familienaam, ingelogd, maak_casus, melding

pytestmark = pytest.mark.django_db

# A family in Heerlen, handed over, Veilig Thuis closed its file, stable safety established on
# 2024-09-16: the whole case closed then (the core's `afgesloten`).
GESLOTEN = [
    (*melding("Heerlen")[:2], {**melding("Heerlen")[2]}),
    (TRIAGE[0], TRIAGE[1], TRIAGE[2]),
    ev(
        "2026-03-05T15:00",
        "overdracht",
        moment="direct",
        naar=["lokaal_veld:Heerlen"],
        wijze="digitaal",
        informatie=[
            "inhoud_melding",
            "contactgegevens_directbetrokkenen",
            "contactgegevens_melder",
            "triagebesluit",
            "informatie_veiligheidsbeoordeling",
        ],
    ),
]


def verhaal_gesloten() -> list[tuple[str, str, dict]]:
    """Melding March 2024, hand-over, VT's file closed, six quiet months, stable safety on
    2024-09-16."""
    m, t, o = GESLOTEN
    return [
        ("2024-03-04T09:00", m[1], m[2]),
        ("2024-03-07T14:00", t[1], t[2]),
        ("2024-03-07T15:00", o[1], o[2]),
        ("2024-03-08T10:00", "dossier_gesloten", {}),
        (
            "2024-09-10T10:00",
            "evaluatie",
            {"risicofactoren_aangepakt": True, "herstel_gestart": True},
        ),
        ("2024-09-16T10:00", "stabiele_veiligheid_vastgesteld", {}),
    ]


@pytest.fixture
def gesloten(wereld: Wereld) -> str:
    return maak_casus("gesloten_oud", verhaal_gesloten())


def zet_klok(monkeypatch: pytest.MonkeyPatch, tekst: str) -> None:
    monkeypatch.setattr(klok, "nu", lambda: datetime.fromisoformat(tekst).replace(tzinfo=AMSTERDAM))


def uitvraag(client: Client, **vraag: str) -> str:
    antwoord = client.post("/uitvraag", vraag)
    assert antwoord.status_code == 200
    return antwoord.text


def test_the_gemeente_knows_a_closed_case_for_two_years(
    wereld: Wereld, gesloten: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    vt = ingelogd(wereld.gebruikers["vt"])

    zet_klok(monkeypatch, "2026-09-15T12:00")
    binnen = uitvraag(vt, bsn=BSN)
    zet_klok(monkeypatch, "2026-09-17T12:00")
    buiten = uitvraag(vt, naam="Zzqgeslotenoud", gemeente="Heerlen")

    assert familienaam("gesloten_oud") in binnen and "Gemeente Heerlen" in binnen
    assert "WA 7" in binnen and "16 sep 2026" in binnen
    assert familienaam("gesloten_oud") not in buiten


def test_the_zvh_knows_an_escalated_case_while_open(wereld: Wereld) -> None:
    tekst = uitvraag(ingelogd(wereld.gebruikers["vt"]), naam="Zzqbijzvh", gemeente="Kerkrade")

    assert "Zorg- en Veiligheidshuis" in tekst and "zolang open" in tekst


def test_the_bsn_of_an_uitvraag_goes_by_post_and_is_never_echoed(wereld: Wereld) -> None:
    vt = ingelogd(wereld.gebruikers["vt"])

    fout = vt.post("/uitvraag", {"bsn": "123456789"})
    get = vt.get("/uitvraag", {"bsn": BSN})

    assert "elfproef" in fout.text and '123456789"' not in fout.text.replace(
        'value="123456789"', ""
    )
    assert "Resultaat" not in get.text  # a GET never searches
    rij = Toegangsrij.objects.filter(actie="uitvraag").first()
    assert rij is not None and rij.verwerking == "uitvraag" and BSN not in str(rij.personen)


def test_only_vt_asks(wereld: Wereld) -> None:
    assert (
        ingelogd(wereld.gebruikers["lv_heerlen"]).post("/uitvraag", {"bsn": BSN}).status_code == 403
    )


def test_a_melding_keeps_a_valid_bsn_with_the_family_and_refuses_a_wrong_one(
    wereld: Wereld,
) -> None:
    vt = ingelogd(wereld.gebruikers["vt"])
    basis = {
        "seq": "0",
        "op": "2026-03-10T09:30",
        "gezin": "Gezin Elf",
        "gemeenten": ["Heerlen"],
        "bron": "burger",
        "directbetrokkenen__0__id": "Anna Elf",
        "directbetrokkenen__1__id": "Bo Elf",
    }

    fout = vt.post("/meldingen/nieuw", {**basis, "directbetrokkenen__0__bsn": "123456789"})
    goed = vt.post("/meldingen/nieuw", {**basis, "directbetrokkenen__1__bsn": BSN})

    assert fout.status_code == 200 and "elfproef" in fout.text
    assert goed.status_code == 302 and BSN not in goed["Location"]
    gezin = Gezin.objects.get(naam="Gezin Elf")
    assert [p.get("bsn") for p in gezin.personen] == [None, BSN]
    assert BSN not in str(Gebeurtenis.objects.filter(casus_id=gezin.casus_id).values("payload"))


@pytest.fixture
def kort_bewaren(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(bewaartermijn, "laad", lambda: kern.Bewaartermijnen(1, {}, {}))
    yield


def test_dry_run_lists_and_changes_nothing(
    gesloten: str, kort_bewaren: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bewaartermijn", "--dry-run", "--nu", "2025-10-01T00:00"]) == 0

    uit = capsys.readouterr().out
    assert f"zou anonimiseren: casus {gesloten}" in uit and "bewaren tot 2025-09-16" in uit
    assert familienaam("gesloten_oud") not in uit
    assert Gezin.objects.get(casus_id=gesloten).naam == familienaam("gesloten_oud")


def test_the_retention_job_anonymises_outside_the_event_table(
    wereld: Wereld, gesloten: str, kort_bewaren: None, capsys: pytest.CaptureFixture[str]
) -> None:
    open_casus = wereld.casussen["naar_heerlen"]
    Notitie.objects.create(
        casus_id=gesloten, sleutel="00000000-0000-0000-0000-000000000001", tekst="x"
    )
    voor = list(Gebeurtenis.objects.filter(casus_id=gesloten).values("hash"))

    assert main(["bewaartermijn", "--nu", "2025-10-01T00:00"]) == 0

    gezin = Gezin.objects.get(casus_id=gesloten)
    assert gezin.naam == bewaartermijn.GEANONIMISEERD and gezin.geanonimiseerd_op
    assert all(set(p) == {"id", "rol"} for p in gezin.personen) and gezin.melder == {}
    assert Notitie.objects.get(casus_id=gesloten).tekst == ""
    assert list(Gebeurtenis.objects.filter(casus_id=gesloten).values("hash")) == voor
    assert Gezin.objects.get(casus_id=open_casus).naam == familienaam("naar_heerlen")
    rij = Toegangsrij.objects.get(actie="anonimiseren")
    assert (rij.casus_id, rij.verwerking) == (gesloten, "bewaartermijn")
    assert main(["verify"]) == 0  # the hash chains are untouched


def test_the_retention_job_runs_on_the_database_task_queue(
    gesloten: str, kort_bewaren: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django_tasks_db.management.commands import db_worker

    # The worker recycles its connection between tasks; here that is the test's transaction.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    resultaat = bewaartermijn_taak.enqueue("2025-10-01T00:00:00+02:00")

    call_command("db_worker", batch=True, no_startup_delay=True)

    resultaat.refresh()
    assert resultaat.status == "SUCCESSFUL" and resultaat.return_value == [gesloten]
    assert Gezin.objects.get(casus_id=gesloten).naam == bewaartermijn.GEANONIMISEERD


def test_an_anonymised_case_refuses_every_event(
    wereld: Wereld, gesloten: str, kort_bewaren: None
) -> None:
    """Frozen after retention (issue #16): no new event, no new free text, in the store."""
    from zicht.core.casus import Afwijzing
    from zicht.store.contract import NieuweGebeurtenis
    from zicht.store.django_store import DjangoStore
    from zicht.store.models import Casus

    assert main(["bewaartermijn", "--nu", "2025-10-01T00:00"]) == 0
    casus = Casus.objects.get(pk=gesloten)
    assert casus.bevroren_op is not None
    moment = datetime(2025, 10, 2, 9, 0, tzinfo=AMSTERDAM)
    for soort, velden in [
        ("incident", {"omschrijving": "nieuwe vrije tekst"}),
        ("melder_geinformeerd", {}),
    ]:
        with pytest.raises(Afwijzing) as fout:
            DjangoStore().voeg_toe(
                gesloten,
                casus.laatste_seq,
                NieuweGebeurtenis(soort, moment, velden),
                "t.vt",
                "veilig_thuis",
                moment,
            )
        assert fout.value.code == "casus_bevroren"
    assert Gebeurtenis.objects.filter(casus_id=gesloten).count() == casus.laatste_seq
    assert main(["verify"]) == 0


def test_retention_waits_until_the_whole_case_is_closed(wereld: Wereld, kort_bewaren: None) -> None:
    """Issue #11: one definition of closed, the core's `afgesloten`. Stable safety ended zicht,
    but Veilig Thuis never closed its file: the case is open, nothing is due, however late."""
    zonder_dossier = [g for g in verhaal_gesloten() if g[1] != "dossier_gesloten"]
    nog_open = maak_casus("zonder_dossier", zonder_dossier)
    dicht = maak_casus("gesloten_oud", verhaal_gesloten())

    due = {
        t.casus_id for t in bewaartermijn.te_anonimiseren(datetime(2040, 1, 1, tzinfo=AMSTERDAM))
    }

    assert dicht in due and nog_open not in due


def test_an_anonymised_case_refuses_events_through_the_api_and_the_screens(
    wereld: Wereld, gesloten: str, kort_bewaren: None
) -> None:
    """Finding 7, through every shell: a clear refusal, never a 500, nothing appended."""
    import json

    from zicht.api.tokens import maak_client
    from zicht.store.models import Casus

    assert main(["bewaartermijn", "--nu", "2025-10-01T00:00"]) == 0
    casus = Casus.objects.get(pk=gesloten)
    nu = datetime(2026, 3, 10, 12, 0, tzinfo=AMSTERDAM)
    _, token = maak_client("vt-systeem", "veilig_thuis", ("lezen", "schrijven"), nu)
    api = Client(headers={"Authorization": f"Bearer {token}"}).post(
        f"/api/v1/casussen/{gesloten}/gebeurtenissen",
        json.dumps(
            {
                "type": "incident",
                "op": "2026-03-09T09:00:00+01:00",
                "omschrijving": "nieuwe vrije tekst",
                "versie": casus.laatste_seq,
            }
        ),
        content_type="application/json",
    )
    scherm = ingelogd(wereld.gebruikers["vt"]).post(
        f"/casussen/{gesloten}/stappen/melder_geinformeerd",
        {"seq": str(casus.laatste_seq), "op": "2026-03-09T09:00"},
    )

    assert api["Content-Type"].startswith("application/problem+json")
    assert api.status_code == 422 and "geanonimiseerd" in api.json()["detail"]
    assert scherm.status_code == 200 and "Niet vastgelegd" in scherm.text
    assert "na de bewaartermijn geanonimiseerd" in scherm.text
    assert ingelogd(wereld.gebruikers["vt"]).get(f"/casussen/{gesloten}").status_code == 200
    assert Gebeurtenis.objects.filter(casus_id=gesloten).count() == casus.laatste_seq
