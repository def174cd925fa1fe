"""The incremental refresh (`verversen.bij`, the scheduler's quarter-hourly job) gives
exactly the tables a full refresh gives, recomputing only the cases that changed or whose
deadline passed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.kit import AMSTERDAM, opslag

from zicht.regie import verversen
from zicht.regie.models import (
    Bijdrage,
    DoorlooptijdCijfer,
    GebeurtenisCijfer,
    InstroomCijfer,
    Stand,
    TermijnCijfer,
)
from zicht.signalering.taken import AGGREGATEN, aggregaten_taak
from zicht.store.contract import NieuweGebeurtenis

from .conftest import maak_casus
from .test_cijfers import melding, triage

T1 = datetime(2026, 2, 3, 12, 0, tzinfo=AMSTERDAM)


def _tabellen() -> dict[str, list[tuple[Any, ...]]]:
    velden = {
        TermijnCijfer: ["maand", "gemeente", "subregio", "partij", "code", "vervallen", "op_tijd"],
        DoorlooptijdCijfer: ["maand", "gemeente", "subregio", "stap", "dagen", "aantal"],
        InstroomCijfer: ["maand", "gemeente", "subregio", "bron", "besluit", "aantal"],
        GebeurtenisCijfer: ["maand", "gemeente", "subregio", "soort", "aantal"],
    }
    uit = {}
    for model, namen in velden.items():
        extra = ["te_laat", "verlopen"] if model is TermijnCijfer else []
        uit[model.__name__] = sorted(model.objects.values_list(*namen, *extra))
    uit["stand"] = list(Stand.objects.values_list("peildatum", "casussen"))
    return uit


def test_incremental_equals_full_and_recomputes_only_what_changed(orgs: None) -> None:
    open_ = maak_casus(melding("Heerlen", "2026-02-02T09:00"))
    maak_casus(melding("Maastricht", "2026-02-02T09:00", "politie"), triage("2026-02-03T10:00"))
    for _ in range(3):
        maak_casus(melding("Beek", "2026-01-05T09:00"), triage("2026-01-06T10:00"))
    assert verversen.ververs(T1) == 5
    assert Bijdrage.objects.count() == 5
    assert verversen.bij(T1) == 0  # nothing changed

    # A step on the open case, a new case, and time passing to 12 February.
    store = opslag.store()
    stand = store.lees(open_)
    nu = datetime(2026, 2, 11, 10, 0, tzinfo=AMSTERDAM)
    gebeurtenis = NieuweGebeurtenis(
        "veiligheidsbeoordeling_afgerond",
        nu,
        {"besluit": "onderzoek", "onderbouwing": "synthetisch", "beoordelaars": ["vt.a", "vt.b"]},
    )
    store.voeg_toe(open_, stand.seq, gebeurtenis, "vt.a", "veilig_thuis", nu)
    maak_casus(melding("Vaals", "2026-02-10T09:00", "burger"))
    t2 = datetime(2026, 2, 12, 12, 0, tzinfo=AMSTERDAM)

    herberekend = verversen.bij(t2)
    # The changed case, the new one, and Maastricht's whose assessment (due Mon 9 Feb) fell
    # due after 3 February; Beek's three were all due and met before T1.
    assert herberekend == 3
    incrementeel = _tabellen()
    verversen.ververs(t2)
    assert incrementeel == _tabellen()
    heerlen = TermijnCijfer.objects.get(gemeente="Heerlen", code="veiligheidsbeoordeling")
    assert (heerlen.vervallen, heerlen.te_laat) == (1, 1)  # met on 11 Feb, due 9 Feb: late

    # A case without projection (as in the middle of a rebuild): its figures leave the tables.
    from zicht.store.models import CasusProjectie

    CasusProjectie.objects.filter(casus_id=open_).delete()
    t3 = t2 + timedelta(days=1)
    verversen.bij(t3)
    zonder = _tabellen()
    verversen.ververs(t3)
    assert zonder == _tabellen()
    assert not TermijnCijfer.objects.filter(gemeente="Heerlen").exists()


def test_the_quarter_hourly_job_runs_the_incremental_refresh(orgs: None) -> None:
    assert verversen.bij in AGGREGATEN
    maak_casus(melding("Heerlen", "2026-02-02T09:00"))
    aggregaten_taak.call(T1.isoformat())  # no tables yet: a full refresh
    assert Stand.objects.get().casussen == 1
    maak_casus(melding("Heerlen", "2026-02-02T10:00"))
    aggregaten_taak.call((T1 + timedelta(minutes=15)).isoformat())
    assert Stand.objects.get().casussen == 2
    assert InstroomCijfer.objects.get(gemeente="Heerlen").aantal == 2


def test_tables_without_contributions_are_refreshed_in_full(orgs: None) -> None:
    """Tables from a full refresh of before `Bijdrage` existed: adding to them would count each
    case twice, so the first incremental refresh does a full one."""
    maak_casus(melding("Heerlen", "2026-02-02T09:00"))
    verversen.ververs(T1)
    Bijdrage.objects.all().delete()
    assert verversen.bij(T1) == 1  # the full refresh's count
    assert InstroomCijfer.objects.get(gemeente="Heerlen").aantal == 1
    assert Bijdrage.objects.count() == 1
