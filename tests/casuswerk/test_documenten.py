"""Documents from a case: made by Veilig Thuis, stored with their sha256, read by those allowed."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable

import pytest
from django.test import Client

from zicht.casusbeheer.models import Document
from zicht.toegangslog.models import Toegangsrij

from .conftest import MELDING, OVERDRACHT, TRIAGE, maak_casus

pytestmark = pytest.mark.django_db


def _tekst(pdf: bytes) -> str:
    """The PDF's text, as a reader would copy it (pypdf is not needed: WeasyPrint embeds
    text streams; we check the layout engine wrote a real PDF and search its decoded text)."""
    from weasyprint import HTML  # noqa: F401  # the same dependency, to be sure it loads

    assert pdf.startswith(b"%PDF-")
    return pdf.decode("latin-1")


def test_overdrachtsdocument_bewaard_met_hash_en_te_lezen_door_de_ontvanger(
    inloggen: Callable[[str], Client],
) -> None:
    casus = maak_casus(MELDING, TRIAGE, OVERDRACHT, naam="Gezin Document")
    vt = inloggen("vt")
    antwoord = vt.post(f"/casussen/{casus}/documenten", {"soort": "overdracht"})
    assert antwoord.status_code == 302
    doc = Document.objects.get(casus_id=casus)
    assert doc.sha256 == hashlib.sha256(bytes(doc.inhoud)).hexdigest()
    _tekst(bytes(doc.inhoud))
    assert doc.ontvangers == ["lokaal_veld:Heerlen"]

    heerlen = inloggen("heerlen")
    lijst = heerlen.get(f"/casussen/{casus}/documenten").content.decode()
    assert doc.sha256 in lijst and "maken" not in lijst  # reads, does not make
    pdf = heerlen.get(f"/casussen/{casus}/documenten/{doc.pk}")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["X-Content-SHA256"] == doc.sha256
    assert Toegangsrij.objects.filter(casus_id=casus, actie="document_downloaden").exists()
    assert inloggen("maastricht").get(f"/casussen/{casus}/documenten/{doc.pk}").status_code == 404


def test_brieven_alleen_voor_veilig_thuis(inloggen: Callable[[str], Client]) -> None:
    casus = maak_casus(MELDING, TRIAGE, OVERDRACHT)
    vt = inloggen("vt")
    for soort in ("brief_directbetrokkenen", "terugkoppeling_melder"):
        assert vt.post(f"/casussen/{casus}/documenten", {"soort": soort}).status_code == 302
    brief = Document.objects.get(casus_id=casus, soort="brief_directbetrokkenen")
    heerlen = inloggen("heerlen")
    assert heerlen.get(f"/casussen/{casus}/documenten/{brief.pk}").status_code == 404
    assert heerlen.post(f"/casussen/{casus}/documenten", {"soort": "overdracht"}).status_code == 403


def test_geen_overdrachtsdocument_zonder_overdracht(inloggen: Callable[[str], Client]) -> None:
    casus = maak_casus(MELDING)
    antwoord = inloggen("vt").post(f"/casussen/{casus}/documenten", {"soort": "overdracht"})
    assert antwoord.status_code == 400
    assert "nog geen overdracht" in antwoord.content.decode()
    assert not Document.objects.exists()


def test_de_inhoud_volgt_de_items_van_het_moment() -> None:
    from zicht.casusbeheer import documenten
    from zicht.toepassing import dossier, klok

    casus = maak_casus(MELDING, TRIAGE, OVERDRACHT, naam="Gezin Inhoud")
    from zicht.store.models import Casus
    from zicht.toepassing.modellen import Gezin

    gezin = Gezin.objects.get(casus_id=casus)
    gezin.personen = [{**gezin.personen[0], "contact": "045-1234567"}, *gezin.personen[1:]]
    gezin.save()
    d = dossier.laad(Casus.objects.get(pk=casus), klok.nu())
    html = documenten.html_van(d, "overdracht", klok.nu())
    for kop in (
        "Inhoud van de melding",
        "Contactgegevens directbetrokkenen",
        "Contactgegevens van de melder",
        "Triagebesluit met onderbouwing",
        "Informatie uit de veiligheidsbeoordeling",
    ):
        assert kop in html, kop
    assert "Ouder Test" in html and "heeft gezag; 045-1234567" in html  # how to reach them
    assert "Oordeel of huiselijk geweld" not in html  # not an item of a direct hand-over
    assert io.BytesIO(documenten.pdf(html)).read(5) == b"%PDF-"


def test_een_gemaakt_document_is_een_gebeurtenis_met_zijn_hash_op_de_tijdlijn(
    inloggen: Callable[[str], Client],
) -> None:
    """`document_gemaakt` (docs/contract.md): recorded with the PDF's sha256 by the one who made
    it, shown on the timeline with a download for those allowed, the download logged."""
    from zicht.store.models import Gebeurtenis

    casus = maak_casus(MELDING, TRIAGE, OVERDRACHT, naam="Gezin Tijdlijn")
    vt = inloggen("vt")
    for soort in ("overdracht", "brief_directbetrokkenen"):
        assert vt.post(f"/casussen/{casus}/documenten", {"soort": soort}).status_code == 302
    gemaakt = list(
        Gebeurtenis.objects.filter(casus_id=casus, type="document_gemaakt").order_by("seq")
    )
    docs = {d.soort: d for d in Document.objects.filter(casus_id=casus)}
    assert [(g.payload["soort"], g.payload["sha256"]) for g in gemaakt] == [
        ("overdrachtsdocument", docs["overdracht"].sha256),
        ("brief_directbetrokkenen", docs["brief_directbetrokkenen"].sha256),
    ]
    assert gemaakt[0].actor == "test.vt" and gemaakt[0].organisatie == "veilig_thuis"

    pagina = vt.get(f"/casussen/{casus}").content.decode()
    assert pagina.count("Document gemaakt") == 2
    for doc in docs.values():
        assert f"/casussen/{casus}/documenten/{doc.sha256}.pdf" in pagina
        assert doc.sha256 in pagina
    pdf = vt.get(f"/casussen/{casus}/documenten/{docs['overdracht'].sha256}.pdf")
    assert pdf.status_code == 200 and bytes(pdf.content) == bytes(docs["overdracht"].inhoud)

    # The lokaal veld it went to: the overdrachtsdocument, not the letter (need-to-know).
    heerlen = inloggen("heerlen")
    pagina = heerlen.get(f"/casussen/{casus}").content.decode()
    assert f"{docs['overdracht'].sha256}.pdf" in pagina
    assert f"{docs['brief_directbetrokkenen'].sha256}.pdf" not in pagina
    voor = Toegangsrij.objects.filter(casus_id=casus, actie="document_downloaden").count()
    pdf = heerlen.get(f"/casussen/{casus}/documenten/{docs['overdracht'].sha256}.pdf")
    assert pdf.status_code == 200 and pdf["X-Content-SHA256"] == docs["overdracht"].sha256
    brief = heerlen.get(
        f"/casussen/{casus}/documenten/{docs['brief_directbetrokkenen'].sha256}.pdf"
    )
    assert brief.status_code == 404
    na = Toegangsrij.objects.filter(casus_id=casus, actie="document_downloaden").count()
    assert na == voor + 2  # the refused look is logged too
    maastricht = inloggen("maastricht")
    assert (
        maastricht.get(f"/casussen/{casus}/documenten/{docs['overdracht'].sha256}.pdf").status_code
        == 404
    )


def test_alleen_veilig_thuis_legt_een_document_vast() -> None:
    from zicht.core.toegang import Actor
    from zicht.store.models import Casus, Gebeurtenis
    from zicht.toepassing import acties, dossier, fouten, klok

    casus = maak_casus(MELDING, TRIAGE, OVERDRACHT)
    d = dossier.laad(Casus.objects.get(pk=casus), klok.nu())
    lv = Actor("lokaal_veld:Heerlen", "lokaal_veld_medewerker", "lv.heerlen")
    with pytest.raises(fouten.Verboden):
        acties.leg_document_vast(lv, d, "overdrachtsdocument", "a" * 64, klok.nu())
    vt = Actor("veilig_thuis", "vt_medewerker", "vt.medewerker")
    with pytest.raises(fouten.OngeldigeInvoer):
        acties.leg_document_vast(vt, d, "overdrachtsdocument", "geen hash", klok.nu())
    assert not Gebeurtenis.objects.filter(casus_id=casus, type="document_gemaakt").exists()
