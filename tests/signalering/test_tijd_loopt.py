"""Done when (issue 14): a fixed clock moves past a deadline and the projection, the signal, the
worklist, the bell, the e-mail digest and the webhook all change, without any event appended.
Everything real: the database queue and its worker, an SMTP server, an HTTP receiver."""

from __future__ import annotations

import json

import pytest

from casuswerk.conftest import MELDING, gebruiker, ingelogd, maak_casus
from zicht.api.models import Abonnement, Levering
from zicht.casuswerk.models import Organisatie
from zicht.signalering import bel
from zicht.signalering.models import Digest, Voorkeur
from zicht.signalering.taken import digest_taak, termijnen_taak
from zicht.store.models import CasusProjectie, Gebeurtenis, OpenTermijn

from .conftest import Klok, Ontvanger, Postbus, draai

pytestmark = pytest.mark.django_db(transaction=True)


def _toestand(casus_id: str) -> dict[str, object]:
    return CasusProjectie.objects.get(casus_id=casus_id).toestand  # type: ignore[no-any-return]


def _status(casus_id: str) -> str:
    termijnen = _toestand(casus_id)["termijnen"]
    return next(t["status"] for t in termijnen if t["code"] == "veiligheidsbeoordeling")  # type: ignore[attr-defined]


def _signalen(casus_id: str) -> set[str]:
    return {s["code"] for s in _toestand(casus_id)["signalen"]}  # type: ignore[attr-defined]


def test_de_tijd_verstrijkt_en_alles_volgt(
    orgs: None, tijd: Klok, postbus: Postbus, ontvanger: Ontvanger
) -> None:
    vt = gebruiker("vt")
    vt.email = "vt.medewerker@voorbeeld.invalid"
    vt.save()
    Voorkeur.objects.create(gebruiker=vt, digest_tijd="08:00")
    Abonnement.objects.create(
        organisatie=Organisatie.objects.get(code="veilig_thuis"),
        url=ontvanger.url,
        soorten=["termijn_verloopt"],
        geheim="g" * 64,
        aangemaakt_op=tijd.nu,
    )
    casus_id = maak_casus(MELDING, naam="Gezin Verstrijk")  # beoordeling uiterlijk ma 9 maart
    gebeurtenissen = Gebeurtenis.objects.count()
    http = ingelogd(vt)

    # Monday 9 March, 08:00: due today. The bell says so; the digest counts it.
    tijd.zet("2026-03-09T08:00")
    draai(termijnen_taak, tijd)
    draai(digest_taak, tijd)
    assert _status(casus_id) == "open"
    assert "termijn_verlopen" not in _signalen(casus_id)
    soorten = [b.soort for b in bel.berichten(vt.medewerker, vt.pk, tijd.nu.date())]
    assert soorten == ["binnenkort"]
    assert len(postbus.ontvangen) == 1
    assert "Verlopen termijnen: 0" in postbus.ontvangen[0][1]
    assert "binnen twee werkdagen verlopen: 1" in postbus.ontvangen[0][1]
    assert ontvanger.ontvangen == []

    # 30 seconds past midnight: the term is overdue. Only the clock moved.
    tijd.zet("2026-03-10T00:00:30")
    draai(termijnen_taak, tijd)
    assert _status(casus_id) == "verlopen"
    assert "termijn_verlopen" in _signalen(casus_id)
    rij = OpenTermijn.objects.get(casus_id=casus_id, code="veiligheidsbeoordeling")
    assert rij.status == "verlopen"
    werkvoorraad = http.get("/", {"status": "verlopen"}).content.decode()
    assert "Gezin Verstrijk" in werkvoorraad
    berichten = bel.berichten(vt.medewerker, vt.pk, tijd.nu.date())
    assert [b.soort for b in berichten] == ["verlopen"]
    pagina = http.get("/berichten").content.decode()
    assert "is verlopen" in pagina and casus_id[:8] in pagina
    assert "Gezin Verstrijk" not in pagina  # case numbers, never names

    # The webhook went out, once, as a CloudEvent naming the case, never its content.
    assert len(ontvanger.ontvangen) == 1
    koppen, body = ontvanger.ontvangen[0]
    bericht = json.loads(body)
    assert bericht["subject"] == casus_id
    assert bericht["type"] == "nl.vtzl.zicht.termijn.verlopen"
    assert "Verstrijk" not in body.decode()
    assert Levering.objects.get().status == Levering.BEZORGD

    # 08:00: the digest counts the overdue term; no name, no case number in the mail.
    tijd.zet("2026-03-10T08:00")
    draai(termijnen_taak, tijd)
    draai(digest_taak, tijd)
    assert len(postbus.ontvangen) == 2
    ontvangers, mail = postbus.ontvangen[1]
    assert ontvangers == ["vt.medewerker@voorbeeld.invalid"]
    assert "Verlopen termijnen: 1" in mail
    assert "Verstrijk" not in mail and casus_id not in mail and casus_id[:8] not in mail
    assert Digest.objects.filter(status=Digest.VERZONDEN).count() == 2

    # Later the same day nothing is sent again; nothing was ever appended.
    tijd.zet("2026-03-10T09:00")
    draai(termijnen_taak, tijd)
    draai(digest_taak, tijd)
    assert len(postbus.ontvangen) == 2 and len(ontvanger.ontvangen) == 1
    assert Gebeurtenis.objects.count() == gebeurtenissen
