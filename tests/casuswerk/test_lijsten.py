"""Case lists, search (name, case number, BSN by keyed hash) and assignment, within need-to-know."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from zicht.casusbeheer import zoekindex
from zicht.casusbeheer.lijsten import casusnummer
from zicht.casusbeheer.models import BsnSleutel, Toewijzing
from zicht.casuswerk.models import Gezin
from zicht.toegangslog.models import Toegangsrij

from .conftest import MELDING, NU, OVERDRACHT, TRIAGE, gebruiker, maak_casus

pytestmark = pytest.mark.django_db
BSN = "111222333"


def _lijst(client: Client, **params: str) -> str:
    antwoord = client.get("/casussen/", params)
    assert antwoord.status_code == 200
    return antwoord.content.decode()


def test_een_casus_zonder_open_termijn_staat_in_alle_casussen(
    inloggen: Callable[[str], Client],
) -> None:
    casus = maak_casus(MELDING, TRIAGE, OVERDRACHT, naam="Gezin Zondertermijn")
    # The lokaal veld's only terms are open; the list does not depend on them.
    html = _lijst(inloggen("heerlen"), lijst="alle")
    assert "Gezin Zondertermijn" in html
    assert casusnummer(casus) in html
    assert "Gezin Zondertermijn" not in _lijst(inloggen("maastricht"), lijst="alle")


def test_waar_wij_zicht_op_hebben(inloggen: Callable[[str], Client]) -> None:
    maak_casus(MELDING, TRIAGE, OVERDRACHT, naam="Gezin Heerlenzicht")
    maak_casus(MELDING, naam="Gezin Nogbijvt")
    html = _lijst(inloggen("heerlen"), lijst="zicht")
    assert "Gezin Heerlenzicht" in html
    vt = _lijst(inloggen("vt"), lijst="zicht")
    assert "Gezin Heerlenzicht" not in vt  # zicht moved to the lokaal veld


def test_zoeken_op_naam_en_casusnummer(inloggen: Callable[[str], Client]) -> None:
    a = maak_casus(MELDING, naam="Gezin Appelboom")
    maak_casus(MELDING, naam="Gezin Peerboom")
    vt = inloggen("vt")
    html = _lijst(vt, zoek="appel")
    assert "Gezin Appelboom" in html and "Gezin Peerboom" not in html
    html = _lijst(vt, zoek=casusnummer(a).lower())
    assert "Gezin Appelboom" in html and "Gezin Peerboom" not in html
    html = _lijst(vt, zoek=a)
    assert "Gezin Appelboom" in html


def test_zoeken_op_bsn_via_de_index_en_nooit_in_de_url(
    inloggen: Callable[[str], Client],
) -> None:
    casus = maak_casus(MELDING, naam="Gezin Bsn")
    gezin = Gezin.objects.get(casus_id=casus)
    gezin.personen = [{"id": "p1", "naam": "Ouder Bsn", "rol": "ouder", "bsn": BSN}]
    gezin.save()
    rij = BsnSleutel.objects.get(casus_id=casus)
    assert rij.sleutel == zoekindex.sleutel(BSN) and BSN not in rij.sleutel
    html = inloggen("vt").post("/casussen/?lijst=alle", {"bsn": BSN}).content.decode()
    assert "Gezin Bsn" in html
    assert BSN not in html
    fout = inloggen("vt").post("/casussen/", {"bsn": "123456789"}).content.decode()
    assert "geen geldig BSN" in fout
    # Anonymised: the key goes with the number.
    gezin.personen = [{"id": "p1", "rol": "ouder"}]
    gezin.save()
    assert not BsnSleutel.objects.filter(casus_id=casus).exists()


def test_sorteren_en_paginagrootte(inloggen: Callable[[str], Client]) -> None:
    for naam in ("Gezin Cee", "Gezin Aa", "Gezin Bee"):
        maak_casus(MELDING, naam=naam)
    vt = inloggen("vt")
    html = _lijst(vt, sorteer="gezin")
    assert html.index("Gezin Aa") < html.index("Gezin Bee") < html.index("Gezin Cee")
    html = _lijst(vt, sorteer="gezin_af")
    assert html.index("Gezin Cee") < html.index("Gezin Aa")
    for i in range(24):
        maak_casus(MELDING, naam=f"Gezin Extra {i:02d}")
    html = _lijst(vt, per="25")
    assert "pagina 1 van 2" in html and 'name="pagina"' in html
    assert "pagina 2 van 2" in _lijst(vt, per="25", pagina="2")
    assert "Pagina" not in _lijst(vt, per="50").split("</table>")[1]


def test_recent_bekeken_komt_uit_het_toegangslog(inloggen: Callable[[str], Client]) -> None:
    casus = maak_casus(MELDING, naam="Gezin Bekeken")
    maak_casus(MELDING, naam="Gezin Nietbekeken")
    vt = inloggen("vt")
    vt.get(f"/casussen/{casus}")
    html = _lijst(vt, lijst="recent")
    assert "Gezin Bekeken" in html and "Gezin Nietbekeken" not in html


def test_toewijzen_en_mijn_casussen(inloggen: Callable[[str], Client]) -> None:
    casus = maak_casus(MELDING, TRIAGE, OVERDRACHT, naam="Gezin Toegewezen")
    heerlen = inloggen("heerlen")
    ik = gebruiker("heerlen")
    assert "Gezin Toegewezen" not in _lijst(heerlen, lijst="mijn")
    formulier = heerlen.get(f"/casussen/{casus}/toewijzen").content.decode()
    assert "Test heerlen" in formulier
    antwoord = heerlen.post(f"/casussen/{casus}/toewijzen", {"behandelaar": str(ik.pk)})
    assert antwoord.status_code == 302
    assert "Gezin Toegewezen" in _lijst(heerlen, lijst="mijn")
    assert (
        "Test heerlen (Lokaal veld Heerlen)" in heerlen.get(f"/casussen/{casus}").content.decode()
    )
    heerlen.post(f"/casussen/{casus}/toewijzen", {"behandelaar": ""})
    assert "Gezin Toegewezen" not in _lijst(heerlen, lijst="mijn")
    assert Toewijzing.objects.filter(casus_id=casus).count() == 2  # each change kept
    assert Toegangsrij.objects.filter(casus_id=casus, actie="toewijzen").count() == 2


def test_toewijzen_aan_iemand_van_een_andere_organisatie_kan_niet(
    inloggen: Callable[[str], Client],
) -> None:
    casus = maak_casus(MELDING, TRIAGE, OVERDRACHT)
    vreemde = gebruiker("vt")
    antwoord = inloggen("heerlen").post(
        f"/casussen/{casus}/toewijzen", {"behandelaar": str(vreemde.pk)}
    )
    assert antwoord.status_code == 400
    assert not Toewijzing.objects.exists()
    assert inloggen("maastricht").get(f"/casussen/{casus}/toewijzen").status_code == 404


def test_lijsten_loggen_elke_getoonde_casus(inloggen: Callable[[str], Client]) -> None:
    casus = maak_casus(MELDING, naam="Gezin Gelogd")
    _lijst(inloggen("vt"), lijst="alle")
    assert Toegangsrij.objects.filter(casus_id=casus, actie="casuslijst_inzien").exists()


def test_rollen_zonder_casussen_krijgen_geen_lijst(inloggen: Callable[[str], Client]) -> None:
    assert inloggen("beleid").get("/casussen/").status_code == 403


def test_werkvoorraad_filter_aan_mij_toegewezen(inloggen: Callable[[str], Client]) -> None:
    mijn = maak_casus(MELDING, TRIAGE, OVERDRACHT, naam="Gezin Vanmij")
    maak_casus(MELDING, TRIAGE, OVERDRACHT, naam="Gezin Nietvanmij")
    heerlen = inloggen("heerlen")
    heerlen.post(f"/casussen/{mijn}/toewijzen", {"behandelaar": str(gebruiker("heerlen").pk)})
    alles = heerlen.get("/").content.decode()
    assert "Gezin Vanmij" in alles and "Gezin Nietvanmij" in alles
    gefilterd = heerlen.get("/", {"mijn": "on"}).content.decode()
    assert "Aan mij toegewezen" in gefilterd
    tabel = gefilterd.split("Openstaande termijnen</h2>")[1]
    assert "Gezin Vanmij" in tabel and "Gezin Nietvanmij" not in tabel


def test_werkvoorraad_rijen_ontsnapt_en_met_hun_cellen(inloggen: Callable[[str], Client]) -> None:
    """The worklist's rows are written out in Python (bench/schaal.py): every value escaped as
    the template language would, every cell with its heading for the phone layout."""
    casus = maak_casus(MELDING, TRIAGE, OVERDRACHT, naam="Gezin <b>Vet</b> & 'Zo'")
    tabel = inloggen("heerlen").get("/").content.decode().split("Openstaande termijnen</h2>")[1]
    assert "Gezin &lt;b&gt;Vet&lt;/b&gt; &amp; &#x27;Zo&#x27;" in tabel
    assert "<b>Vet</b>" not in tabel
    rij = tabel[tabel.index('<tr class="utrecht-table__row">', tabel.index("<tbody")) :]
    rij = rij[: rij.index("</tr>")]
    koppen = ["Uiterlijk", "Status", "Termijn", "Gezin", "Gemeenten", "Voor", "Grond", "Signalen"]
    assert [k for k in koppen if f'data-kop="{k}"' in rij] == koppen
    assert f'href="/casussen/{casus}"' in rij and ">Heerlen<" in rij


def test_wie_een_melding_registreert_is_de_behandelaar(inloggen: Callable[[str], Client]) -> None:
    vt = inloggen("vt")
    assert "Alle casussen</h2>" in _lijst(vt)  # nothing of one's own yet: the menu opens "alle"
    antwoord = vt.post(
        "/meldingen/nieuw",
        {
            "seq": "0",
            "op": "2026-03-10T09:30",
            "gezin": "Gezin Zelfgemeld",
            "gemeenten": ["Heerlen"],
            "bron": "professional",
            "directbetrokkenen__0__id": "Kind Zelfgemeld",
            "directbetrokkenen__0__rol": "kind",
        },
    )
    assert antwoord.status_code == 302, antwoord.text
    (toewijzing,) = Toewijzing.objects.all()
    assert (toewijzing.organisatie, toewijzing.behandelaar) == ("veilig_thuis", gebruiker("vt"))
    assert "Gezin Zelfgemeld" in _lijst(vt, lijst="mijn")
    # The menu's link (no list chosen) now opens "Mijn casussen"; the tabs stay.
    html = _lijst(vt)
    assert "Mijn casussen</h2>" in html and "Gezin Zelfgemeld" in html
    assert 'href="?lijst=alle"' in html
    assert "Gezin Zelfgemeld" not in _lijst(inloggen("vt2"), lijst="mijn")


def test_wie_de_ontvangst_bevestigt_wordt_behandelaar_tenzij_er_een_is(
    inloggen: Callable[[str], Client],
) -> None:
    eerste = maak_casus(MELDING, TRIAGE, OVERDRACHT, naam="Gezin Ontvangen")
    tweede = maak_casus(MELDING, TRIAGE, OVERDRACHT, naam="Gezin Altoegewezen")
    heerlen = inloggen("heerlen")
    collega = gebruiker("maastricht")  # any other user will do: someone else is assigned
    Toewijzing.objects.create(
        casus_id=tweede,
        organisatie="lokaal_veld:Heerlen",
        behandelaar=collega,
        door=collega,
        op=NU,
    )
    for casus in (eerste, tweede):
        pad = f"/casussen/{casus}/stappen/ontvangst_bevestigd"
        seq = re.search(r'name="seq" value="(\d+)"', heerlen.get(pad).text)
        assert seq is not None
        antwoord = heerlen.post(
            pad, {"seq": seq.group(1), "op": "2026-03-10T11:00", "door": "lokaal_veld:Heerlen"}
        )
        assert antwoord.status_code == 302, antwoord.text

    mijn = _lijst(heerlen, lijst="mijn")
    assert "Gezin Ontvangen" in mijn and "Gezin Altoegewezen" not in mijn
    assert Toewijzing.objects.filter(casus_id=tweede).count() == 1


def test_een_lege_mijn_casussen_wijst_de_weg(inloggen: Callable[[str], Client]) -> None:
    maak_casus(MELDING, TRIAGE, OVERDRACHT, naam="Gezin Vanheerlen")
    heerlen = inloggen("heerlen")
    menu = _lijst(heerlen)
    assert 'href="/casussen/">Casussen</a>' in menu
    assert "Alle casussen</h2>" in menu and "Gezin Vanheerlen" in menu
    leeg = _lijst(heerlen, lijst="mijn")
    assert "Geen casussen gevonden" in leeg and "U bent van geen casus de behandelaar" in leeg
