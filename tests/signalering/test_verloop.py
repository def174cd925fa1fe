"""The deadline sweep: a term past its deadline is stored as `verlopen`, its signal exists and it
fires once, without any event being appended; only due cases are touched."""

from __future__ import annotations

import pytest

from casuswerk.conftest import MELDING, maak_casus
from zicht.signalering import verloop
from zicht.signalering.models import Veegstand, Verloop
from zicht.store.models import CasusProjectie, Gebeurtenis, OpenTermijn

from .conftest import Klok, moment

pytestmark = pytest.mark.django_db


def _termijn(casus_id: str, code: str) -> dict[str, object]:
    toestand = CasusProjectie.objects.get(casus_id=casus_id).toestand
    return next(t for t in toestand["termijnen"] if t["code"] == code)


def _signalen(casus_id: str) -> set[str]:
    toestand = CasusProjectie.objects.get(casus_id=casus_id).toestand
    return {s["code"] for s in toestand["signalen"]}


def test_een_termijn_verloopt_zonder_gebeurtenis(orgs: None, tijd: Klok) -> None:
    casus_id = maak_casus(MELDING)  # veiligheidsbeoordeling uiterlijk maandag 9 maart
    assert _termijn(casus_id, "veiligheidsbeoordeling")["uiterlijk"] == "2026-03-09"
    gebeurtenissen = Gebeurtenis.objects.count()

    assert verloop.veeg(tijd.zet("2026-03-09T23:59")).gevuurd == []
    assert _termijn(casus_id, "veiligheidsbeoordeling")["status"] == "open"
    assert "termijn_verlopen" not in _signalen(casus_id)

    gevuurd = verloop.veeg(tijd.zet("2026-03-10T00:00:30")).gevuurd
    assert [(v.soort, v.code, v.partij, str(v.uiterlijk)) for v in gevuurd] == [
        (Verloop.TERMIJN, "veiligheidsbeoordeling", "veilig_thuis", "2026-03-09"),
        # the overrun triage term gave Veilig Thuis zicht (Bijlage 1): time moved that too
        (Verloop.ZICHT, "zicht_op_veiligheid", "veilig_thuis", "2026-03-10"),
    ]
    assert _termijn(casus_id, "veiligheidsbeoordeling")["status"] == "verlopen"
    assert "termijn_verlopen" in _signalen(casus_id)
    rij = OpenTermijn.objects.get(casus_id=casus_id, code="veiligheidsbeoordeling")
    assert rij.status == "verlopen"
    assert Gebeurtenis.objects.count() == gebeurtenissen  # nothing appended

    # Once: later sweeps, and a sweep that starts over from an old stand, fire nothing again.
    assert verloop.veeg(tijd.zet("2026-03-10T00:01")).gevuurd == []
    Veegstand.objects.all().delete()
    assert verloop.veeg(tijd.zet("2026-03-11T09:00")).gevuurd == []
    assert Verloop.objects.count() == 2


def test_inhalen_na_stilstand(orgs: None, tijd: Klok) -> None:
    """The scheduler was down for days: the first sweep fires what fell due meanwhile, also a
    term that an append (not the sweep) already stored as verlopen."""
    tijd.zet("2026-03-02T09:30")
    verloop.veeg(tijd.nu)  # the stand: everything before 2 March has fired
    a = maak_casus(MELDING)
    b = maak_casus(MELDING)
    # b gets an event after its deadline passed, before any sweep: stored verlopen already.
    from casuswerk.conftest import ev
    from zicht.store.contract import NieuweGebeurtenis
    from zicht.store.django_store import DjangoStore

    op, soort, velden = ev("2026-03-10T10:00", "melder_geinformeerd")
    DjangoStore().voeg_toe(
        b, 1, NieuweGebeurtenis(soort, moment(op), velden), "vt.a", "veilig_thuis", moment(op)
    )
    assert _termijn(b, "veiligheidsbeoordeling")["status"] == "verlopen"

    gevuurd = verloop.veeg(tijd.zet("2026-03-12T08:00")).gevuurd
    assert sorted(str(v.casus_id) for v in gevuurd if v.code == "veiligheidsbeoordeling") == sorted(
        [a, b]
    )
    assert verloop.veeg(tijd.zet("2026-03-12T08:01")).gevuurd == []


def test_alleen_casussen_met_een_verlopen_termijn(orgs: None, tijd: Klok) -> None:
    oud = maak_casus(MELDING)
    jong = maak_casus(("2026-03-09T09:00", *MELDING[1:]))
    nu = moment("2026-03-10T00:00")
    assert verloop.due_casussen(nu, nu.date(), None) == [
        CasusProjectie.objects.get(casus_id=oud).casus_id
    ]
    resultaat = verloop.veeg(tijd.zet("2026-03-10T00:00:30"))
    assert resultaat.casussen == 1
    assert _termijn(jong, "veiligheidsbeoordeling")["status"] == "open"
