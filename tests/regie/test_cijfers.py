"""Every regie figure against a hand-computed answer on a small fixed set of cases.

The set (peildatum 10 March 2026; "due" = the deadline passed before that day):
- Heerlen (Parkstad), 6 meldingen on Mon 2 Feb 2026 09:00, all from a professional: the
  safety assessment is due Mon 9 Feb (5 working days, §5.1.1). Three assessed on Thu 5 Feb
  (on time, 3 days), two on Wed 11 Feb (late, 9 days), one not yet (overdue now).
- Maastricht (Maastricht-Heuvelland), 7 meldingen on Mon 2 Feb: 5 from a professional, 2 from
  the police; all assessed on Wed 4 Feb (on time, 2 days).
- Beek (Westelijke Mijnstreek), 1 melding on Mon 5 Jan 2026 from the police, assessed and handed
  over directly to lokaal veld Beek on Wed 7 Jan; the letter sent on Fri 9 Jan (due Wed 14 Jan,
  on time); contact started Mon 2 Feb (due Wed 28 Jan, 3 weeks: late); informing the
  directbetrokkenen due Mon 9 Mar (2 months from Wed 7 Jan, Sat 7 Mar moves on) is overdue.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from tests.kit import ingelogd, medewerker

from zicht.regie import cijfers, verversen
from zicht.regie.cijfers import Bereik, Gebieden, Keuze
from zicht.regie.onderdrukking import onderdruk
from zicht.toegangslog.models import Toegangsrij

from .conftest import NU, ev, maak_casus

DIRECT = [
    "inhoud_melding",
    "contactgegevens_directbetrokkenen",
    "contactgegevens_melder",
    "triagebesluit",
    "informatie_veiligheidsbeoordeling",
]


def melding(gemeente: str, op: str, bron: str = "professional") -> tuple[str, str, dict]:
    return ev(
        op,
        "melding_ontvangen",
        gemeenten=[gemeente],
        bron=bron,
        directbetrokkenen=[
            {"id": "p1", "rol": "ouder", "gezag": True},
            {"id": "p2", "rol": "kind"},
        ],
    )


def triage(op: str, besluit: str = "clientsysteem") -> tuple[str, str, dict]:
    return ev(
        op,
        "veiligheidsbeoordeling_afgerond",
        besluit=besluit,
        onderbouwing="synthetisch",
        beoordelaars=["vt.a", "vt.b"],
    )


@pytest.fixture
def vaste_set(orgs: None) -> None:
    for _ in range(3):
        maak_casus(melding("Heerlen", "2026-02-02T09:00"), triage("2026-02-05T10:00"))
    for _ in range(2):
        maak_casus(melding("Heerlen", "2026-02-02T09:00"), triage("2026-02-11T10:00"))
    maak_casus(melding("Heerlen", "2026-02-02T09:00"))
    for i in range(7):
        bron = "politie" if i < 2 else "professional"
        maak_casus(melding("Maastricht", "2026-02-02T09:00", bron), triage("2026-02-04T10:00"))
    maak_casus(
        melding("Beek", "2026-01-05T09:00", "politie"),
        triage("2026-01-07T10:00", "lokaal_veld"),
        ev(
            "2026-01-07T11:00",
            "overdracht",
            moment="direct",
            naar=["lokaal_veld:Beek"],
            wijze="digitaal",
            informatie=DIRECT,
        ),
        ev("2026-01-09T10:00", "brief_directbetrokkenen_verstuurd"),
        ev("2026-02-02T10:00", "contact_gestart", door="lokaal_veld:Beek"),
    )
    assert verversen.ververs(NU) == 14


G = Gebieden(verversen.subregio_per_gemeente())
ALLES = Bereik.alles(G)
PERIODE = {"van": date(2026, 1, 1), "tot": date(2026, 3, 1)}
RIJEN = ["Vervallen", "Op tijd", "%", "Te laat", "%", "Nu verlopen", "%"]


def tabel(sleutel: str, keuze: Keuze, bereik: Bereik = ALLES) -> dict[str, list[str]]:
    t = next(t for t in cijfers.alle_tabellen(G, keuze, bereik) if t.sleutel == sleutel)
    return dict(t.rijen)


def test_terms_per_area_with_small_numbers_hidden(vaste_set: None) -> None:
    rijen = tabel("termijnen_per_gebied", Keuze(**PERIODE))

    # Region: 6 + 7 assessments + Beek's 4 dated terms = 17 due; on time 3 + 7 + 2 (assessment,
    # letter) = 12 (71%); late 2 + 1 (contact) = 3 (<5); overdue 1 + 1 (informing) = 2 (<5).
    assert rijen["Zuid-Limburg"] == ["17", "12", "71%", "<5", "—", "<5", "—"]
    # Heerlen: 6 due, 3 / 2 / 1: every part under 5.
    assert rijen["Heerlen"] == ["6", "<5", "—", "<5", "—", "<5", "—"]
    # Parkstad = Heerlen, but its 6 due is hidden too ("×"): region 17 = Parkstad 6 +
    # Westelijke Mijnstreek 4 (<5) + Maastricht-Heuvelland 7, so 17 - 6 - 7 would give away 4.
    assert rijen["Parkstad"] == ["×", "<5", "—", "<5", "—", "<5", "—"]
    # Maastricht: 7 due, all on time; late and overdue are 0, i.e. under 5.
    assert rijen["Maastricht"] == ["7", "7", "100%", "<5", "—", "<5", "—"]
    assert rijen["Maastricht-Heuvelland"] == ["7", "7", "100%", "<5", "—", "<5", "—"]
    # Beek: 4 due, so everything under 5.
    assert rijen["Beek"] == ["<5", "<5", "—", "<5", "—", "<5", "—"]
    niet_nakomen = tabel("niet_nakomen", Keuze(**PERIODE))
    # No non-compliance was reported, so no answers were due: 0, shown as under 5.
    assert niet_nakomen["Zuid-Limburg"] == ["<5", "<5", "—", "<5", "—", "<5", "—"]
    assert rijen["Westelijke Mijnstreek"] == ["<5", "<5", "—", "<5", "—", "<5", "—"]
    assert rijen["Vaals"] == ["<5", "<5", "—", "<5", "—", "<5", "—"]


def test_no_hidden_cell_follows_from_one_total(vaste_set: None) -> None:
    rijen = tabel("termijnen_per_gebied", Keuze(**PERIODE))
    # Region on time (12) = Parkstad (hidden) + Westelijke Mijnstreek (hidden) + M-H (7): two
    # unknowns. Region due (17) = on time (12) + late (hidden) + overdue (hidden): two unknowns.
    subregios = [rijen[s][1] for s in ("Parkstad", "Westelijke Mijnstreek")]
    assert subregios == ["<5", "<5"]
    assert [rijen["Zuid-Limburg"][i] for i in (3, 5)] == ["<5", "<5"]


def test_complementary_suppression() -> None:
    # A total of 20 with parts 3, 8, 9: hiding 3 alone would give it away (20 - 8 - 9).
    cellen = {"t": 20, "a": 3, "b": 8, "c": 9}
    assert onderdruk(cellen, [("t", ["a", "b", "c"])]) == {"a", "b"}
    # Nothing under 5: nothing hidden.
    assert onderdruk({"t": 20, "a": 5, "b": 15}, [("t", ["a", "b"])]) == set()


def test_terms_per_code_in_one_area(vaste_set: None) -> None:
    rijen = tabel("termijnen", Keuze(**PERIODE))

    # Safety assessments: 14 due (6 + 7 + 1), on time 3 + 7 + 1 = 11 (79%), late 2, overdue 1.
    assert rijen["Veiligheidsbeoordeling"] == ["14", "11", "79%", "<5", "—", "<5", "—"]
    assert rijen["Start contact met het gezin"] == ["<5", "<5", "—", "<5", "—", "<5", "—"]
    assert rijen["Alle termijnen"] == ["17", "12", "71%", "<5", "—", "<5", "—"]
    # Only February: the Heerlen and Maastricht assessments (13), not Beek's January terms.
    februari = tabel("termijnen", Keuze(date(2026, 2, 1), date(2026, 2, 1)))
    assert februari["Alle termijnen"] == ["13", "10", "77%", "<5", "—", "<5", "—"]
    # All 13 are assessments; the gemeente's answer to non-compliance (§5.5) always has a row
    # in the §5.5 table, here 0 (<5). All = assessments + answers, so showing the assessments'
    # 13 and 10 beside the total would give the 0 away: they are hidden.
    assert februari["Veiligheidsbeoordeling"] == ["×", "×", "—", "<5", "—", "<5", "—"]


def test_terms_per_party_and_the_party_filter(vaste_set: None) -> None:
    rijen = tabel("termijnen_per_partij", Keuze(**PERIODE))
    # Lokaal veld Beek: 2 due (contact late, informing overdue): under 5.
    assert rijen["Lokaal veld Beek"] == ["<5", "<5", "—", "<5", "—", "<5", "—"]
    # Veilig Thuis: 14 assessments + Beek's letter = 15 due, 12 on time, 2 late, 1 overdue. The
    # region's 17 due and 12 on time are published, so 15 and 12 are hidden ("×"): else
    # 17 - 15 and 12 - 12 would give away lokaal veld Beek's figures.
    assert rijen["Veilig Thuis"] == ["×", "×", "—", "<5", "—", "<5", "—"]
    assert list(rijen) == ["Lokaal veld Beek", "Veilig Thuis"]
    gefilterd = tabel("termijnen_per_gebied", Keuze(**PERIODE, partij="lokaal_veld:Beek"))
    assert gefilterd["Zuid-Limburg"] == ["<5", "<5", "—", "<5", "—", "<5", "—"]


def test_lead_times_median_and_80th_percentile(vaste_set: None) -> None:
    heerlen = tabel("doorlooptijden", Keuze(**PERIODE, gebied="gemeente:Heerlen"))
    # Heerlen: 5 assessments of 3, 3, 3, 9, 9 days: median (3rd) 3, 80th percentile (4th) 9.
    assert heerlen["Melding → veiligheidsbeoordeling"] == ["5", "3", "9"]
    regio = tabel("doorlooptijden", Keuze(**PERIODE))
    # Region: 3,3,3,9,9 + seven of 2 + Beek's 2 = 13 values: 2 x8, 3 x3, 9 x2: median (7th) 2,
    # 80th percentile (11th) 3.
    assert regio["Melding → veiligheidsbeoordeling"] == ["13", "2", "3"]
    # Beek alone: one hand-over (0 days after the assessment), contact after 26 days: under 5.
    assert regio["Veiligheidsbeoordeling → overdracht"] == ["<5", "—", "—"]
    assert regio["Overdracht → eerste contact"] == ["<5", "—", "—"]


def test_inflow_per_month_by_source_and_decision(vaste_set: None) -> None:
    bron = tabel("instroom_bron", Keuze(**PERIODE))
    # Columns: professional, burger, politie, anoniem, total.
    # February: 6 + 5 professional = 11, police 2 (hidden), 13 in all; citizens and anonymous 0.
    assert bron["februari 2026"] == ["11", "<5", "<5", "<5", "13"]
    # January: Beek's one melding.
    assert bron["januari 2026"] == ["<5", "<5", "<5", "<5", "<5"]
    # The period: 11 professional, 3 police, 14 in all; police (3) and the zero cells hidden.
    assert bron["Hele periode"] == ["11", "<5", "<5", "<5", "14"]
    besluit = tabel("instroom_besluit", Keuze(**PERIODE))
    # February: clientsysteem 3 + 2 + 7 = 12, one not yet assessed (hidden), 13 in all.
    assert besluit["februari 2026"][5] == "12"
    assert besluit["februari 2026"][6] == "<5" and besluit["februari 2026"][-1] == "13"


def test_a_gemeente_sees_its_own_rows_and_the_totals_only(vaste_set: None) -> None:
    bereik = Bereik.gemeente(G, "Heerlen")
    rijen = tabel("termijnen_per_gebied", Keuze(**PERIODE), bereik)
    assert list(rijen) == ["Zuid-Limburg", "Parkstad", "Heerlen"]


def test_the_dashboard_logs_every_look_and_refuses_other_roles(
    vaste_set: None, inloggen: Callable[[str], Client]
) -> None:
    beleid = inloggen("beleid")
    pagina = beleid.get("/regie/?van=2026-01&tot=2026-03")
    assert pagina.status_code == 200
    tekst = pagina.text
    assert "Heerlen" in tekst and "Maastricht</th>" not in tekst
    assert Toegangsrij.objects.filter(
        gebruiker="test.beleid", actie="aggregaten_inzien", casus_id=None
    ).exists()
    assert inloggen("vt").get("/regie/").status_code == 403
    # A gemeente cannot pick another gemeente.
    ander = beleid.get("/regie/?gebied=gemeente:Maastricht").text
    assert "Termijnen in Maastricht" not in ander
    assert beleid.get("/").url == "/regie/"


def test_the_party_filter_lists_every_gemeente_and_the_parties_with_figures(
    vaste_set: None, inloggen: Callable[[str], Client]
) -> None:
    """Only a gemeente's §5.5 reaction is a term of the gemeente itself, so listing only the
    parties with figures showed no gemeente Heerlen: every gemeente of the region is listed,
    grouped by kind, beside the parties that have figures."""
    pagina = inloggen("beleid").get("/regie/?van=2026-01&tot=2026-03").text
    keuzelijst = pagina[pagina.index('name="partij"') :]
    keuzelijst = keuzelijst[: keuzelijst.index("</select>")]
    opties = re.findall(r'<option value="([^"]*)"', keuzelijst)
    assert opties[:2] == ["", "veilig_thuis"]
    for gemeente in ("Heerlen", "Maastricht", "Beek", "Voerendaal"):
        assert f"lokaal_veld:{gemeente}" in opties and f"gemeente:{gemeente}" in opties
    assert len(opties) == 2 + 2 * len(G.subregio_van)  # no other party has terms here
    assert '<optgroup label="Lokale velden">' in keuzelijst
    assert '<optgroup label="Gemeenten">' in keuzelijst
    assert ">Gemeente Heerlen</option>" in keuzelijst
    assert "reactie op niet-nakomen" in pagina  # what a gemeente as party means
    # A party without figures is a valid choice: its terms are none, not an error.
    leeg = inloggen("beleid").get("/regie/?van=2026-01&tot=2026-03&partij=gemeente:Heerlen")
    assert leeg.status_code == 200 and 'value="gemeente:Heerlen" selected' in leeg.text


def test_hidden_cells_are_explained_and_headers_align_with_their_numbers(
    vaste_set: None,
) -> None:
    vt_regie = ingelogd(medewerker("test.vtregie", "veilig_thuis", "beleidsmedewerker"))
    pagina = vt_regie.get("/regie/?van=2026-01&tot=2026-03").text
    bron = pagina[pagina.index('id="kop-instroom_bron"') :]
    bron = bron[: bron.index("</section>")]
    koppen = re.findall(r'<th scope="col" class="([^"]*)">([^<]*)</th>', bron)
    namen = [k for _, k in koppen]
    assert namen[0] == "Maand" and "Burger" in namen and namen[-1] == "Totaal"
    assert "numeric-column" not in koppen[0][0]
    assert all("utrecht-table__header-cell--numeric-column" in c for c, _ in koppen[1:])
    tabellen = pagina.split('<section class="zicht-regie-tabel"')[1:]
    met_kruis = [t for t in tabellen if ">×</td>" in t]
    assert met_kruis, "the fixed set hides at least one cell as ×"
    assert all("× = afgeschermd" in t for t in met_kruis)
    assert all("× = afgeschermd" not in t for t in tabellen if ">×</td>" not in t)


def test_exports_carry_the_suppressed_figures(
    vaste_set: None, inloggen: Callable[[str], Client]
) -> None:
    beleid = inloggen("beleid")
    csv = beleid.get("/regie/export/termijnen_per_gebied.csv?van=2026-01&tot=2026-03")
    lijnen = csv.content.decode().splitlines()
    assert lijnen[0].startswith("Gebied;Vervallen;Op tijd")
    assert "Zuid-Limburg;17;12;71%;<5;—;<5;—" in lijnen
    assert 'filename="zicht-termijnen_per_gebied-2026-01-2026-03.csv"' in csv["Content-Disposition"]
    xlsx = beleid.get("/regie/export/termijnen_per_gebied.xlsx?van=2026-01&tot=2026-03")
    from io import BytesIO

    from openpyxl import load_workbook

    blad = load_workbook(BytesIO(xlsx.content)).active
    waarden = [[c.value for c in rij] for rij in blad.iter_rows()]
    assert ["Zuid-Limburg", 17, 12, "71%", "<5", "—", "<5", "—"] in waarden


def test_charts_are_accessible_svg_without_inline_style(
    vaste_set: None, inloggen: Callable[[str], Client]
) -> None:
    pagina = inloggen("beleid").get("/regie/?van=2026-01&tot=2026-03").text
    assert pagina.count('<svg role="img"') == 2
    assert '<title id="grafiek-instroom_bron-titel">' in pagina
    # The description carries the visible numbers and names the hidden ones; no inline style
    # (the Content-Security-Policy forbids it).
    # Heerlen (the beleidsmedewerker's own gemeente, shown first): 6 meldingen in February,
    # none in January and March (0: under 5, not drawn).
    assert "Aantal meldingen per maand. februari 2026: 6." in pagina
    assert "Niet getoond (minder dan 5 of afgeschermd): januari 2026, maart 2026." in pagina
    assert "style=" not in pagina[pagina.index("<svg") :]


def test_the_yearly_report_is_a_pdf_with_the_suppressed_figures(
    vaste_set: None, inloggen: Callable[[str], Client]
) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    antwoord = inloggen("beleid").get("/regie/jaarverslag.pdf?jaar=2026")
    assert antwoord["Content-Type"] == "application/pdf"
    tekst = " ".join(p.extract_text() for p in PdfReader(BytesIO(antwoord.content)).pages)
    # Heerlen's beleidsmedewerker: the region and Parkstad, not the other subregions.
    assert "Zuid-Limburg" in tekst and "Parkstad" in tekst
    assert "Westelijke Mijnstreek" not in tekst
    # The region's safety assessments in 2026: 14 due, 11 on time (79%), as on the screen.
    assert "Veiligheidsbeoordeling 14 11 79%" in tekst


def test_refresh_by_command_and_on_the_task_queue(vaste_set: None) -> None:
    import io

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from zicht.regie.models import Stand

    uit = io.StringIO()
    call_command("regie_verversen", nu="2026-03-10T12:00", stdout=uit)
    assert "14 casussen geteld" in uit.getvalue()
    assert str(Stand.objects.get().peildatum) == "2026-03-10"
    call_command("regie_verversen", wachtrij=True, stdout=uit)
    taak = DBTaskResult.objects.get()
    assert taak.task_path == "zicht.regie.taken.regie_verversen_taak"


def test_the_refresh_prepares_every_default_page(
    vaste_set: None, inloggen: Callable[[str], Client]
) -> None:
    from zicht.regie.models import BerekendeTabellen

    # Each of the 16 gemeenten's own page and the region's.
    assert BerekendeTabellen.objects.count() == 17
    inloggen("beleid").get("/regie/")
    assert BerekendeTabellen.objects.count() == 17  # served from the prepared tables
    inloggen("beleid").get("/regie/?van=2026-01&tot=2026-03")
    assert BerekendeTabellen.objects.count() == 18  # a new choice is kept too
