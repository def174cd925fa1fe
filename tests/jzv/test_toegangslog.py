"""Every JZV URL with a family's data writes its access-log row, allowed and refused alike."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from casuswerk.conftest import gebruiker, ingelogd
from zicht.jzv.models import Melding
from zicht.toegangslog.models import Toegangsregel

from .conftest import BASIS, MELDING, Afzender

pytestmark = pytest.mark.django_db


def regels(antwoord: object) -> list[tuple[str, str, str]]:
    trace = antwoord["X-Trace-Id"]  # type: ignore[index]
    return [
        (r.gebruiker, r.actie, r.uitkomst) for r in Toegangsregel.objects.filter(trace_id=trace)
    ]


def test_sender_calls_and_the_intake_are_logged(afzender: Callable[..., Afzender]) -> None:
    politie = afzender(naam="politie")
    wie = "api:politie"
    assert regels(politie.systeem.post(f"{BASIS}/meldingen", MELDING)) == [
        (wie, "melding_registreren", "toegestaan")
    ]
    lezen = politie.systeem.get(f"{BASIS}/meldingen/{MELDING['registratienummer']}")
    assert regels(lezen) == [(wie, "melding_registreren", "toegestaan")]
    uitkomst = politie.systeem.post(
        f"{BASIS}/uitkomstmeldingen", {"registratienummer": "X-1", "status": "VT-03"}
    )
    assert regels(uitkomst) == [(wie, "melding_registreren", "toegestaan")]

    pad = f"/jzv/intake/{Melding.objects.get().pk}"
    vt, lv = ingelogd(gebruiker("vt")), ingelogd(gebruiker("heerlen"))
    assert regels(vt.get(pad)) == [("test.vt", "melding_registreren", "toegestaan")]
    assert regels(lv.get(pad)) == [("test.heerlen", "melding_registreren", "geweigerd")]
    assert regels(lv.post(pad, {"gemeenten": ["Heerlen"]})) == [
        ("test.heerlen", "melding_registreren", "geweigerd")
    ]
    toegewezen = vt.post(pad, {"gemeenten": ["Heerlen"]})
    assert toegewezen.status_code == 302
    casus = str(Melding.objects.get().casus_id)
    rij = Toegangsregel.objects.get(trace_id=toegewezen["X-Trace-Id"])
    assert (rij.gebruiker, str(rij.casus_id), rij.personen) == ("test.vt", casus, ["p1"])


def test_the_intake_never_guesses_a_gemeente(afzender: Callable[..., Afzender]) -> None:
    politie = afzender(naam="politie")
    assert politie.systeem.post(f"{BASIS}/meldingen", MELDING).status_code == 201
    vt = ingelogd(gebruiker("vt"))
    pad = f"/jzv/intake/{Melding.objects.get().pk}"
    pagina = vt.get(pad).content.decode()
    assert "Ruzie met geschreeuw" in pagina and "4 mei 2016" in pagina
    assert "checked" not in pagina  # no gemeente preselected
    antwoord = vt.post(pad, {})
    assert (
        antwoord.status_code == 200 and "Kies minstens één gemeente." in antwoord.content.decode()
    )
    assert Melding.objects.get().casus_id is None
