"""The bell per user, mark as read; the digest off, refused and retried; the calendar feed
behind its token; the beheer page with what did not get out; two planners, one run."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from casuswerk.conftest import MELDING, OVERDRACHT, TRIAGE, gebruiker, ingelogd, maak_casus
from zicht.api.models import Abonnement, Levering
from zicht.beheer.models import Beheeractie
from zicht.beheer.taken import herprojecteer_taak
from zicht.casuswerk.models import Organisatie
from zicht.signalering import bel, digest, planner
from zicht.signalering.models import Digest, Planning, Voorkeur
from zicht.signalering.taken import aggregaten_taak

from .conftest import Klok, Postbus, werk_wachtrij_af

pytestmark = pytest.mark.django_db


def test_de_bel_per_gebruiker_en_gelezen(orgs: None, tijd: Klok) -> None:
    casus_id = maak_casus(MELDING, naam="Gezin Bel")
    tijd.zet("2026-03-06T10:00")  # due Monday 9 March: within two working days
    vt, collega = gebruiker("vt"), gebruiker("vt2")
    http = ingelogd(vt)
    assert "Berichten <span" in http.get("/berichten/bel").content.decode()
    pagina = http.get("/berichten").content.decode()
    assert "verloopt ma 9 mrt 2026" in pagina and casus_id[:8] in pagina
    assert "Gezin Bel" not in pagina

    (bericht,) = bel.berichten(vt.medewerker, vt.pk, tijd.nu.date())
    antwoord = http.post("/berichten/gelezen", {"sleutel": bericht.sleutel})
    assert antwoord.status_code == 302
    assert bel.ongelezen(bel.berichten(vt.medewerker, vt.pk, tijd.nu.date())) == 0
    assert "Berichten</a>" in http.get("/berichten/bel").content.decode()  # no count
    # Per user: the colleague still has it unread.
    assert bel.ongelezen(bel.berichten(collega.medewerker, collega.pk, tijd.nu.date())) == 1
    # Overdue is a new message, even though the due-soon one was read.
    tijd.zet("2026-03-10T10:00")
    assert [b.soort for b in bel.berichten(vt.medewerker, vt.pk, tijd.nu.date())] == ["verlopen"]
    assert bel.ongelezen(bel.berichten(vt.medewerker, vt.pk, tijd.nu.date())) == 1


def test_de_bel_kent_wachtende_overdracht_en_niet_nakomen(orgs: None, tijd: Klok) -> None:
    na_dienst = maak_casus(MELDING, TRIAGE, OVERDRACHT)
    heerlen = gebruiker("heerlen")
    tijd.zet("2026-03-05T16:00")
    soorten = {b.soort for b in bel.berichten(heerlen.medewerker, heerlen.pk, tijd.nu.date())}
    assert soorten, "the hand-over's terms or acceptance show for the lokaal veld"
    from casuswerk.conftest import ev
    from zicht.store.contract import NieuweGebeurtenis
    from zicht.store.django_store import DjangoStore

    op, soort, velden = ev(
        "2026-03-06T10:00", "niet_nakomen_gemeld", partij="lokaal_veld:Heerlen", gemeente="Heerlen"
    )
    from .conftest import moment

    DjangoStore().voeg_toe(
        na_dienst,
        3,
        NieuweGebeurtenis(soort, moment(op), velden),
        "vt.a",
        "veilig_thuis",
        moment(op),
    )
    pc = gebruiker("pc_heerlen")
    berichten = bel.berichten(pc.medewerker, pc.pk, moment("2026-03-06T11:00").date())
    assert any(b.soort == "aandacht" and "niet nakomen" in b.tekst for b in berichten)


def test_digest_uit_dan_geen_mail(orgs: None, tijd: Klok, postbus: Postbus) -> None:
    maak_casus(MELDING)
    vt = gebruiker("vt")
    vt.email = "vt@voorbeeld.invalid"
    vt.save()
    Voorkeur.objects.create(gebruiker=vt, digest_aan=False)
    assert digest.verstuur_wachtende(tijd.zet("2026-03-09T09:00")) == 0
    assert postbus.ontvangen == []
    # Saturday: no digest even when on.
    Voorkeur.objects.filter(gebruiker=vt).update(digest_aan=True)
    assert digest.verstuur_wachtende(tijd.zet("2026-03-07T09:00")) == 0
    assert digest.verstuur_wachtende(tijd.zet("2026-03-09T09:00")) == 1
    assert len(postbus.ontvangen) == 1


def test_digest_geweigerd_of_server_weg_wordt_opnieuw_geprobeerd(
    orgs: None, tijd: Klok, postbus: Postbus, settings: object
) -> None:
    maak_casus(MELDING)
    vt = gebruiker("vt")
    vt.email = "vt@voorbeeld.invalid"
    vt.save()
    postbus.weigeren = True
    assert digest.verstuur_wachtende(tijd.zet("2026-03-09T08:00")) == 0
    d = Digest.objects.get()
    assert (d.status, d.pogingen) == (Digest.WACHTEND, 1) and "554" in d.laatste_fout
    assert d.volgende_poging_op == tijd.nu + timedelta(seconds=60)
    # Visible to beheer.
    beheer = ingelogd(gebruiker("beheer"))
    assert "554" in beheer.get("/beheer/storingen").content.decode()
    assert ingelogd(gebruiker("vt")).get("/beheer/storingen").status_code == 403

    # Not yet due again: nothing happens; the server is then down altogether.
    assert digest.verstuur_wachtende(tijd.zet("2026-03-09T08:00:30")) == 0
    assert Digest.objects.get().pogingen == 1
    postbus.stop()
    assert digest.verstuur_wachtende(tijd.zet("2026-03-09T08:01")) == 0
    d = Digest.objects.get()
    assert d.pogingen == 2 and "Connection" in d.laatste_fout

    # Back up and accepting: the same digest goes out, once.
    postbus.weigeren = False
    postbus.start()
    assert digest.verstuur_wachtende(tijd.zet("2026-03-09T08:05")) == 1
    assert Digest.objects.get().status == Digest.VERZONDEN
    assert len(postbus.ontvangen) == 1
    assert digest.verstuur_wachtende(tijd.zet("2026-03-09T08:10")) == 0


def test_agenda_achter_een_intrekbaar_token(orgs: None, tijd: Klok) -> None:
    casus_id = maak_casus(MELDING, naam="Gezin Agenda")
    vt = gebruiker("vt")
    http = ingelogd(vt)
    http.post("/instellingen/berichten", {"agenda": "nieuw"})
    token = Voorkeur.objects.get(gebruiker=vt).agenda_token
    assert token and len(token) >= 40

    anoniem = ingelogd(gebruiker("heerlen")).__class__()  # a calendar client: no login
    antwoord = anoniem.get(f"/agenda/{token}.ics")
    assert antwoord.status_code == 200 and antwoord["Content-Type"].startswith("text/calendar")
    agenda = Calendar.from_ical(antwoord.content)
    (afspraak,) = agenda.walk("VEVENT")
    assert casus_id[:8] in str(afspraak["summary"])
    assert str(afspraak.decoded("dtstart")) == "2026-03-09"
    assert b"Agenda" not in antwoord.content.replace(b"Zicht", b"")  # no family name

    assert anoniem.get("/agenda/geraden.ics").status_code == 404
    http.post("/instellingen/berichten", {"agenda": "intrekken"})
    assert anoniem.get(f"/agenda/{token}.ics").status_code == 404


def test_twee_planners_een_taak(orgs: None, tijd: Klok) -> None:
    job = planner.JOBS[0]
    assert planner.plan(job, tijd.nu) is True
    assert planner.plan(job, tijd.nu.replace(second=40)) is False  # a second planner, same minute
    assert Planning.objects.count() == 1
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path__endswith="termijnen_taak").count() == 1
    # Every job reaches the queue with the arguments its task takes.
    assert all(planner.plan(j, tijd.nu) for j in planner.JOBS[1:])
    vooraf = DBTaskResult.objects.get(task_path__endswith="controleer_termijnen")
    assert vooraf.args_kwargs["kwargs"] == {"datum": "2026-03-02"}


def test_dode_levering_zichtbaar_en_opnieuw(orgs: None, tijd: Klok) -> None:
    abonnement = Abonnement.objects.create(
        organisatie=Organisatie.objects.get(code="veilig_thuis"),
        url="http://127.0.0.1:9/x",
        soorten=["termijn_verloopt"],
        geheim="g" * 64,
        aangemaakt_op=tijd.nu,
    )
    levering = Levering.objects.create(
        abonnement=abonnement,
        soort="termijn_verlopen",
        sleutel="s",
        bericht={"type": "nl.vtzl.zicht.termijn.verlopen"},
        status=Levering.MISLUKT,
        pogingen=8,
        laatste_fout="TimeoutError: timed out",
        aangemaakt_op=tijd.nu,
    )
    beheer = ingelogd(gebruiker("beheer"))
    pagina = beheer.get("/beheer/storingen").content.decode()
    assert "nl.vtzl.zicht.termijn.verlopen" in pagina and "TimeoutError" in pagina
    assert beheer.post(f"/beheer/storingen/{levering.pk}/opnieuw").status_code == 302
    levering.refresh_from_db()
    assert (levering.status, levering.pogingen) == (Levering.WACHTEND, 0)


def test_een_mislukte_achtergrondtaak_staat_bij_storingen_tot_ze_opnieuw_slaagt(
    orgs: None, tijd: Klok, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    """A task that fails on the real worker is listed for beheer (by name and exception class,
    never its traceback or arguments), can be run again, and leaves the list when that run
    succeeds; a planned job's failure leaves it at the job's next successful run."""
    # The worker recycles its connection between tasks; here that is the test's transaction.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    herprojecteer_taak.enqueue("geen datum")  # date.fromisoformat refuses it: ValueError
    werk_wachtrij_af()
    mislukt = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert "geen datum" in mislukt.traceback  # what the page must not show
    beheer = ingelogd(gebruiker("beheer"))
    pagina = beheer.get("/beheer/storingen").content.decode()
    assert "Casussen herberekenen na een nieuwe afsprakenversie" in pagina
    assert "ValueError" in pagina and "geen datum" not in pagina
    eerste = beheer.get("/", follow=True).content.decode()  # beheer's first page says so
    assert "1 storing</strong> wacht op u" in eerste and "Bekijk de storingen" in eerste
    assert (
        ingelogd(gebruiker("vt")).post(f"/beheer/storingen/taken/{mislukt.pk}/opnieuw").status_code
        == 403
    )

    # Run again as it was, it fails again: still listed (twice, one per run).
    with django_capture_on_commit_callbacks(execute=True):
        assert beheer.post(f"/beheer/storingen/taken/{mislukt.pk}/opnieuw").status_code == 302
    werk_wachtrij_af()
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == 2
    assert beheer.get("/beheer/storingen").content.decode().count("Opnieuw uitvoeren<") == 2
    actie = Beheeractie.objects.get(actie="taak_opnieuw")
    assert actie.onderwerp == "Casussen herberekenen na een nieuwe afsprakenversie"
    # The same task with the same arguments succeeding makes the failures good.
    DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).update(
        args_kwargs={"args": ["2026-03-01"], "kwargs": {}}
    )
    herprojecteer_taak.enqueue("2026-03-01")
    werk_wachtrij_af()
    assert "Opnieuw uitvoeren<" not in beheer.get("/beheer/storingen").content.decode()
    assert "Bekijk de storingen" not in beheer.get("/", follow=True).content.decode()

    # A planned job: any later successful run makes an earlier failure good.
    aggregaten_taak.enqueue(nu="geen moment")
    werk_wachtrij_af()
    assert "Regiecijfers bijwerken" in beheer.get("/beheer/storingen").content.decode()
    aggregaten_taak.enqueue(nu=tijd.nu.isoformat())
    werk_wachtrij_af()
    assert "Regiecijfers bijwerken" not in beheer.get("/beheer/storingen").content.decode()
