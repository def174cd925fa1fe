"""What changes with time alone but has no deadline (issue 14): an undated task that becomes a
signal after its working days (§2i) and stable safety that becomes possible after six months
without incidents (§6.1). Each is a stored moment (`herzien_op`) the sweep picks up, so the
projection, the signal, the bell, the digest and the webhook follow without an event."""

from __future__ import annotations

import json

import pytest
from tests.kit import DIRECT, ev

from casuswerk.conftest import MELDING, OVERDRACHT, TRIAGE, gebruiker, ingelogd, maak_casus
from zicht.api.models import Abonnement, Levering
from zicht.casuswerk.models import Organisatie
from zicht.signalering import bel
from zicht.signalering.models import Verloop, Voorkeur
from zicht.signalering.taken import digest_taak, termijnen_taak
from zicht.store.models import CasusProjectie, Gebeurtenis

from .conftest import Klok, Ontvanger, Postbus, draai, moment

pytestmark = pytest.mark.django_db(transaction=True)
HEERLEN = "lokaal_veld:Heerlen"


def _projectie(casus_id: str) -> CasusProjectie:
    return CasusProjectie.objects.get(casus_id=casus_id)


def _signalen(casus_id: str) -> set[str]:
    return {s["code"] for s in _projectie(casus_id).toestand["signalen"]}


def test_taak_zonder_datum_wordt_een_signaal_zonder_gebeurtenis(
    orgs: None, tijd: Klok, postbus: Postbus, ontvanger: Ontvanger
) -> None:
    lv = gebruiker("heerlen")
    lv.email = "lv.heerlen@voorbeeld.invalid"
    lv.save()
    Voorkeur.objects.create(gebruiker=lv, digest_tijd="08:00")
    Abonnement.objects.create(
        organisatie=Organisatie.objects.get(code=HEERLEN),
        url=ontvanger.url,
        soorten=["signaal"],
        geheim="g" * 64,
        aangemaakt_op=tijd.nu,
    )
    # Hand-over Thursday 5 March; receipt unconfirmed: a signal after five working days
    # (6, 9, 10, 11, 12 March), from Friday 13 March 00:00 (§2i).
    casus_id = maak_casus(MELDING, TRIAGE, OVERDRACHT, naam="Gezin Zonderdatum")
    gebeurtenissen = Gebeurtenis.objects.count()

    tijd.zet("2026-03-12T23:59")
    draai(termijnen_taak, tijd)
    assert "ontvangst_onbevestigd" not in _signalen(casus_id)
    assert _projectie(casus_id).herzien_op == moment("2026-03-13T00:00")
    assert not [
        b for b in bel.berichten(lv.medewerker, lv.pk, tijd.nu.date()) if b.soort == "signaal"
    ]

    tijd.zet("2026-03-13T00:00:30")
    draai(termijnen_taak, tijd)
    projectie = _projectie(casus_id)
    assert "ontvangst_onbevestigd" in _signalen(casus_id)
    assert projectie.herzien_op is None or projectie.herzien_op > tijd.nu
    signalen = [
        b for b in bel.berichten(lv.medewerker, lv.pk, tijd.nu.date()) if b.soort == "signaal"
    ]
    assert [b.tekst.split(" (")[0] for b in signalen] == [bel.SIGNAALTEKST["ontvangst_onbevestigd"]]
    pagina = ingelogd(lv).get("/berichten").content.decode()
    assert bel.SIGNAALTEKST["ontvangst_onbevestigd"] in pagina and casus_id[:8] in pagina
    assert "Zonderdatum" not in pagina
    assert len(ontvanger.ontvangen) == 1
    bericht = json.loads(ontvanger.ontvangen[0][1])
    assert bericht["type"] == "nl.vtzl.zicht.signaal.ontstaan"
    assert bericht["subject"] == casus_id
    assert bericht["data"]["signaal"] == "ontvangst_onbevestigd"
    assert Levering.objects.get().status == Levering.BEZORGD

    # 08:00: the digest counts it; later sweeps announce nothing twice.
    tijd.zet("2026-03-13T08:00")
    draai(termijnen_taak, tijd)
    draai(digest_taak, tijd)
    assert len(postbus.ontvangen) == 1
    assert "Signalen die de tijd bracht: 1" in postbus.ontvangen[0][1]
    assert "Zonderdatum" not in postbus.ontvangen[0][1]
    tijd.zet("2026-03-16T09:00")
    draai(termijnen_taak, tijd)
    assert len(ontvanger.ontvangen) == 1
    assert Verloop.objects.filter(soort=Verloop.SIGNAAL, code="ontvangst_onbevestigd").count() == 1
    assert Gebeurtenis.objects.count() == gebeurtenissen


STABIEL = (
    ev(
        "2026-02-02T09:00",
        "melding_ontvangen",
        gemeenten=["Heerlen"],
        bron="professional",
        directbetrokkenen=[
            {"id": "p1", "rol": "ouder", "gezag": True},
            {"id": "p2", "rol": "kind"},
        ],
    ),
    ev(
        "2026-02-04T10:00",
        "veiligheidsbeoordeling_afgerond",
        besluit="lokaal_veld",
        onderbouwing="synthetisch",
        beoordelaars=["vt.a", "vt.b"],
    ),
    ev(
        "2026-02-04T11:00",
        "overdracht",
        moment="direct",
        naar=[HEERLEN],
        wijze="digitaal",
        informatie=DIRECT,
    ),
    ev("2026-02-05T09:00", "ontvangst_bevestigd", door=HEERLEN),
    ev("2026-02-05T10:00", "melder_geinformeerd"),
    ev("2026-02-06T10:00", "brief_directbetrokkenen_verstuurd"),
    ev("2026-02-09T10:00", "directbetrokkene_geinformeerd", persoon="p1"),
    ev("2026-02-09T10:30", "directbetrokkene_geinformeerd", persoon="p2"),
    ev("2026-02-10T10:00", "contact_gestart", door=HEERLEN),
    ev("2026-07-15T10:00", "evaluatie", risicofactoren_aangepakt=True, herstel_gestart=True),
)


def test_zes_maanden_zonder_incident_maken_stabiele_veiligheid_mogelijk(
    orgs: None, tijd: Klok
) -> None:
    """§6.1: 2 February + six months = Sunday 2 August (a period, not a term: not moved)."""
    casus_id = maak_casus(*STABIEL)
    gebeurtenissen = Gebeurtenis.objects.count()
    tijd.zet("2026-08-01T12:00")
    draai(termijnen_taak, tijd)
    assert "stabiele_veiligheid_mogelijk" not in _signalen(casus_id)
    assert _projectie(casus_id).herzien_op == moment("2026-08-02T00:00")

    tijd.zet("2026-08-02T00:00:30")
    draai(termijnen_taak, tijd)
    assert "stabiele_veiligheid_mogelijk" in _signalen(casus_id)
    gevuurd = Verloop.objects.get(soort=Verloop.SIGNAAL, code="stabiele_veiligheid_mogelijk")
    assert (str(gevuurd.casus_id), gevuurd.partij) == (casus_id, HEERLEN)
    lv = gebruiker("heerlen")
    teksten = [b.tekst for b in bel.berichten(lv.medewerker, lv.pk, tijd.nu.date())]
    assert any(t.startswith(bel.SIGNAALTEKST["stabiele_veiligheid_mogelijk"]) for t in teksten)
    assert Gebeurtenis.objects.count() == gebeurtenissen


def test_overschreden_triagetermijn_geeft_zicht_en_meldt_het(
    orgs: None, tijd: Klok, ontvanger: Ontvanger
) -> None:
    """Bijlage 1: when the triage term is overrun Veilig Thuis holds zicht op veiligheid; time
    alone makes that change, and the subscribers of `zicht_gewijzigd` hear it once."""
    Abonnement.objects.create(
        organisatie=Organisatie.objects.get(code="veilig_thuis"),
        url=ontvanger.url,
        soorten=["zicht_gewijzigd"],
        geheim="g" * 64,
        aangemaakt_op=tijd.nu,
    )
    casus_id = maak_casus(MELDING)  # triage uiterlijk Monday 9 March
    assert _projectie(casus_id).toestand["zicht_op_veiligheid"] == []
    tijd.zet("2026-03-10T00:00:30")
    draai(termijnen_taak, tijd)
    houders = [h["partij"] for h in _projectie(casus_id).toestand["zicht_op_veiligheid"]]
    assert houders == ["veilig_thuis"]
    assert len(ontvanger.ontvangen) == 1
    bericht = json.loads(ontvanger.ontvangen[0][1])
    assert bericht["type"] == "nl.vtzl.zicht.zicht-op-veiligheid.gewijzigd"
    assert (bericht["subject"], bericht["data"]["houder"]) == (casus_id, "veilig_thuis")
    tijd.zet("2026-03-10T00:01:30")
    draai(termijnen_taak, tijd)
    assert len(ontvanger.ontvangen) == 1
