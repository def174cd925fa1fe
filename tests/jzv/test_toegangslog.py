"""Every JZV URL with a family's data writes its access-log row, allowed and refused alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from casuswerk.conftest import gebruiker, ingelogd
from zicht.jzv.models import Melding
from zicht.toegangslog.models import Toegangsrij

from .conftest import BASIS, MELDING, Afzender, Klok, Systeem

pytestmark = pytest.mark.django_db


def rijen(antwoord: object) -> list[tuple[str, str, str]]:
    trace = antwoord["X-Trace-Id"]  # type: ignore[index]
    return [(r.gebruiker, r.actie, r.uitkomst) for r in Toegangsrij.objects.filter(trace_id=trace)]


def test_sender_calls_and_the_intake_are_logged(afzender: Callable[..., Afzender]) -> None:
    politie = afzender(naam="politie")
    wie = "api:politie"
    assert rijen(politie.systeem.post(f"{BASIS}/meldingen", MELDING)) == [
        (wie, "melding_registreren", "toegestaan")
    ]
    lezen = politie.systeem.get(f"{BASIS}/meldingen/{MELDING['registratienummer']}")
    assert rijen(lezen) == [(wie, "melding_registreren", "toegestaan")]
    uitkomst = politie.systeem.post(
        f"{BASIS}/uitkomstmeldingen", {"registratienummer": "X-1", "status": "VT-03"}
    )
    assert rijen(uitkomst) == [(wie, "melding_registreren", "toegestaan")]

    pad = f"/jzv/intake/{Melding.objects.get().pk}"
    vt, lv = ingelogd(gebruiker("vt")), ingelogd(gebruiker("heerlen"))
    assert rijen(vt.get(pad)) == [("test.vt", "melding_registreren", "toegestaan")]
    assert rijen(lv.get(pad)) == [("test.heerlen", "melding_registreren", "geweigerd")]
    assert rijen(lv.post(pad, {"gemeenten": ["Heerlen"]})) == [
        ("test.heerlen", "melding_registreren", "geweigerd")
    ]
    toegewezen = vt.post(pad, {"gemeenten": ["Heerlen"]})
    assert toegewezen.status_code == 302
    casus = str(Melding.objects.get().casus_id)
    rij = Toegangsrij.objects.get(trace_id=toegewezen["X-Trace-Id"])
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


def test_received_outcomes_are_read_by_those_allowed_and_every_read_is_logged(
    afzender: Callable[..., Afzender], systeem: Callable[..., Systeem], tijd: Klok
) -> None:
    gemeente = afzender(naam="gemeente-heerlen")
    politie = afzender(naam="politie")
    for wie, nummer, status in [(gemeente, "VT-1", "VT-02"), (politie, "VT-2", "VT-03")]:
        tijd.nu += timedelta(minutes=1)
        body = {"registratienummer": nummer, "status": status}
        assert wie.systeem.post(f"{BASIS}/uitkomstmeldingen", body).status_code == 201
    pad = f"{BASIS}/uitkomstmeldingen"
    vt = systeem("veilig_thuis", naam="vt-systeem")
    alle = vt.get(pad)
    assert alle.status_code == 200
    assert [(u["registratienummer"], u["status"]) for u in alle.json()["resultaten"]] == [
        ("VT-2", "VT-03"),
        ("VT-1", "VT-02"),
    ]
    assert alle.json()["resultaten"][1]["afzender"] == "Politie Limburg"
    assert rijen(alle) == [("api:vt-systeem", "melding_registreren", "toegestaan")]
    eigen = gemeente.systeem.get(pad)  # a sender reads only what it reported itself
    assert [u["registratienummer"] for u in eigen.json()["resultaten"]] == ["VT-1"]
    assert rijen(eigen) == [("api:gemeente-heerlen", "melding_registreren", "toegestaan")]
    ander = systeem("lokaal_veld:Vaals", naam="vaals")
    geweigerd = ander.get(pad)
    assert geweigerd.status_code == 403
    assert rijen(geweigerd) == [("api:vaals", "melding_registreren", "geweigerd")]
    assert vt.get(pad, pageSize="0").status_code == 400
