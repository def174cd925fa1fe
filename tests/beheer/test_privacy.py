"""The privacy officer's reports on the access log, on fixed rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import Client

from casuswerk.conftest import MELDING, OVERDRACHT, TRIAGE
from zicht.beheer import privacy
from zicht.casuswerk.models import Gezin
from zicht.toegangslog.models import Toegangsrij

from .conftest import ev, gebruiker, maak_casus

AMS = ZoneInfo("Europe/Amsterdam")
MELDING_KIND = ev(  # a Heerlen melding about one child: nobody but Veilig Thuis has it yet
    "2026-03-02T09:00",
    "melding_ontvangen",
    gemeenten=["Heerlen"],
    bron="professional",
    directbetrokkenen=[{"id": "p1", "rol": "kind"}],
)


def rij(
    gebruiker: str,
    op: datetime,
    casus: str | None = None,
    org: str = "veilig_thuis",
    rol: str = "vt_medewerker",
    verwerking: str = "vt_melding_en_onderzoek",
) -> None:
    Toegangsrij.objects.create(
        tijdstip=op,
        gebruiker=gebruiker,
        rol=rol,
        organisatie=org,
        casus_id=casus,
        personen=["p1"],
        actie="casus_inzien",
        verwerking=verwerking,
        uitkomst="toegestaan",
        trace_id="t",
    )


def test_unusual_volume_against_the_users_usual(db: None) -> None:
    # Four weeks of 5 rows per working day, then 30 on Mon 9 March: 6x the usual 5.
    dag = datetime(2026, 2, 9, 10, 0, tzinfo=AMS)
    while dag.date() < datetime(2026, 3, 9).date():
        if dag.weekday() < 5:
            for i in range(5):
                rij("vt.a", dag + timedelta(minutes=i))
        dag += timedelta(days=1)
    for i in range(30):
        rij("vt.a", datetime(2026, 3, 9, 10, i, tzinfo=AMS))
    # Someone else: 14 on that day (under the minimum of 20).
    for i in range(14):
        rij("vt.b", datetime(2026, 3, 9, 11, i, tzinfo=AMS))

    uit = privacy.uitschieters(datetime(2026, 3, 3).date(), datetime(2026, 3, 10).date())

    assert [(u.gebruiker, u.dag.isoformat(), u.aantal, u.gewoonlijk) for u in uit] == [
        ("vt.a", "2026-03-09", 30, 5.0)
    ]


def test_after_hours_and_outside_own_relations(inloggen: Callable[[str], Client]) -> None:
    casus = maak_casus(MELDING_KIND)
    # Lokaal veld Maastricht has no relation with this Heerlen case; Veilig Thuis holds it.
    rij("lv.maastricht", datetime(2026, 3, 9, 10, 0, tzinfo=AMS), casus, "lokaal_veld:Maastricht")
    rij("vt.a", datetime(2026, 3, 9, 10, 5, tzinfo=AMS), casus, "veilig_thuis")
    # Saturday 7 March, and Monday 9 March at 22:00.
    rij("vt.a", datetime(2026, 3, 7, 11, 0, tzinfo=AMS), casus)
    rij("vt.a", datetime(2026, 3, 9, 22, 0, tzinfo=AMS), casus)

    buiten = privacy.buiten_relaties(datetime(2026, 3, 3).date(), datetime(2026, 3, 10).date())
    assert [(r["gebruiker"], r["via"]) for r in buiten] == [("lv.maastricht", "geen relatie")]
    laat = privacy.buiten_kantoortijd(datetime(2026, 3, 3).date(), datetime(2026, 3, 10).date())
    assert [(r["gebruiker"], r["aantal"]) for r in laat] == [("vt.a", 1), ("vt.a", 1)]

    pagina = inloggen("privacy").get("/beheer/privacy/?van=2026-03-03&tot=2026-03-10").text
    assert "lv.maastricht" in pagina and "geen relatie" in pagina
    assert "Bewaren van het toegangslog" in pagina and "20 jaar" in pagina


def test_procescoordinator_through_the_lokaal_veld_is_not_without_relation(
    inloggen: Callable[[str], Client],
) -> None:
    """The pc of Heerlen sees a case handed over to lokaal veld Heerlen on that ground (the
    access log says so); the report asks the same relation and does not flag those reads."""
    overgedragen = maak_casus(MELDING, TRIAGE, OVERDRACHT)
    pc = inloggen("pc_heerlen")

    assert pc.get("/").status_code == 200
    assert pc.get("/casussen/?lijst=alle").status_code == 200
    assert pc.get(f"/casussen/{overgedragen}").status_code == 200
    gelezen = Toegangsrij.objects.filter(
        gebruiker="test.pc_heerlen", casus_id=overgedragen, uitkomst="toegestaan"
    )
    assert gelezen.exists()
    assert {r.verwerking for r in gelezen} == {"overdracht_lokaal_veld"}

    # The access log writes the wall-clock time, not the test's fixed clock.
    dagen = sorted(r.tijdstip.astimezone(AMS).date() for r in gelezen)
    buiten = privacy.buiten_relaties(dagen[0], dagen[-1])
    assert [r for r in buiten if r["casus_id"] == overgedragen] == []


def test_a_read_without_relation_is_still_reported(orgs: None) -> None:
    """A read logged as allowed, by a pc of a gemeente whose lokaal veld never had the case."""
    casus = maak_casus(MELDING_KIND)
    gebruiker("pc_heerlen")
    for wie, org, rol in [
        ("pc.maastricht", "gemeente:Maastricht", "procescoordinator"),
        ("test.pc_heerlen", "gemeente:Heerlen", "procescoordinator"),
    ]:
        rij(wie, datetime(2026, 3, 9, 10, 0, tzinfo=AMS), casus, org, rol, "overdracht_lokaal_veld")

    buiten = privacy.buiten_relaties(datetime(2026, 3, 9).date(), datetime(2026, 3, 9).date())

    # Not handed over to any lokaal veld: neither pc has a relation through its gemeente.
    assert sorted((r["gebruiker"], r["via"]) for r in buiten) == [
        ("pc.maastricht", "geen relatie"),
        ("test.pc_heerlen", "geen relatie"),
    ]


def test_avg_article_15_export_of_one_person(inloggen: Callable[[str], Client]) -> None:
    casus = maak_casus(
        ev(
            "2026-03-02T09:00",
            "melding_ontvangen",
            gemeenten=["Heerlen"],
            bron="professional",
            directbetrokkenen=[{"id": "p1", "rol": "ouder"}, {"id": "p2", "rol": "kind"}],
        )
    )
    gezin = Gezin.objects.get(casus_id=casus)
    gezin.personen[0]["bsn"] = "111222333"
    gezin.save()
    rij("vt.a", datetime(2026, 3, 3, 10, 0, tzinfo=AMS), casus)
    Toegangsrij.objects.create(
        tijdstip=datetime(2026, 3, 3, 11, 0, tzinfo=AMS),
        gebruiker="vt.b",
        rol="vt_medewerker",
        organisatie="veilig_thuis",
        casus_id=casus,
        personen=["p2"],  # about the child only
        actie="casus_inzien",
        verwerking="vt_melding_en_onderzoek",
        uitkomst="toegestaan",
        trace_id="t",
    )
    officer = inloggen("privacy")

    antwoord = officer.get("/beheer/privacy/inzageverzoek?bsn=111222333")

    lijnen = antwoord.content.decode().splitlines()
    assert lijnen[0] == "casus;moment;soort;wat;wie;verwerking;grondslag"
    assert any(";gebeurtenis;melding_ontvangen;veilig_thuis;" in r for r in lijnen)
    assert any("inzage;casus_inzien;veilig_thuis (vt_medewerker)" in r for r in lijnen)
    assert len(lijnen) == 3  # header, the event, vt.a's look; not vt.b's look at the child
    # The export itself is logged, with the case.
    assert Toegangsrij.objects.filter(
        gebruiker="test.privacy", actie="exporteren", casus_id=casus
    ).exists()
    assert officer.get("/beheer/privacy/inzageverzoek?bsn=12").status_code == 400
