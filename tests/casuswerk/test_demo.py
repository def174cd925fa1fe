"""`zicht demo`: synthetic data through the real store, idempotent, Django loaded lazily."""

from __future__ import annotations

import subprocess
import sys

import pytest

from zicht import cli
from zicht.casusbeheer.lijsten import casussen
from zicht.casusbeheer.models import Toewijzing
from zicht.store.models import Casus, CasusPartij, CasusProjectie, Gebeurtenis
from zicht.toepassing.modellen import Gezin, Medewerker, Organisatie

pytestmark = pytest.mark.django_db


def test_demo_creates_users_and_cases_in_every_phase_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["demo", "--aantal", "20", "--nu", "2026-03-10T12:00"]) == 0
    eerste = capsys.readouterr().out
    aantallen = (Casus.objects.count(), Gebeurtenis.objects.count(), Medewerker.objects.count())

    assert cli.main(["demo", "--aantal", "20"]) == 0
    tweede = capsys.readouterr().out

    assert aantallen[0] == 20 and Gezin.objects.count() == 20
    assert aantallen[1] > 40 and aantallen[2] >= 10
    assert Organisatie.objects.filter(code__startswith="lokaal_veld:").count() == 16
    assert "vt.medewerker" in eerste and "lv.heerlen" in eerste and "zicht-demo-2026" in eerste
    assert "weigerde" not in eerste  # the engine accepted every synthetic event
    fasen = {p.toestand["fase"] for p in CasusProjectie.objects.all()}
    assert {"veiligheidsbeoordeling", "overgedragen", "monitoring", "stabiel_veilig"} <= fasen
    assert CasusPartij.objects.filter(relatie="wacht_op_ontvangst").exists()
    assert "bestaan al" in tweede
    assert (Casus.objects.count(), Gebeurtenis.objects.count(), Medewerker.objects.count()) == (
        aantallen
    )


def test_demo_users_have_cases_of_their_own(capsys: pytest.CaptureFixture[str]) -> None:
    """ "Mijn casussen" (the cases one is behandelaar of) is not empty for the demo users."""
    assert cli.main(["demo", "--aantal", "40", "--nu", "2026-03-10T12:00"]) == 0
    capsys.readouterr()
    per_gebruiker: dict[str, int] = {}
    for m in Medewerker.objects.select_related("user", "organisatie"):
        mijn = casussen(m, "mijn").count()
        per_gebruiker[m.user.username] = mijn
        assert mijn <= 5
    for wie in ("vt.medewerker", "vt.gedrag", "lv.heerlen", "pc.heerlen"):
        assert per_gebruiker[wie] > 0, wie
    for wie in ("beleid", "vt.regie", "beheer", "privacy"):
        assert per_gebruiker[wie] == 0, wie
    # Two colleagues never handle the same part of a case.
    rijen = Toewijzing.objects.values_list("casus_id", "organisatie")
    assert len(set(rijen)) == len(rijen)


def test_demo_module_does_not_load_django_until_run() -> None:
    code = "import sys, zicht.casuswerk.demo; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_rebuild_restores_the_relations_projection(capsys: pytest.CaptureFixture[str]) -> None:
    cli.main(["demo", "--aantal", "16", "--nu", "2026-03-10T12:00"])
    cli.main(["rebuild"])  # as of now, like the rebuild below
    voor = sorted(CasusPartij.objects.values_list("casus_id", "partij", "relatie"))
    CasusPartij.objects.all().delete()

    assert cli.main(["rebuild"]) == 0

    assert sorted(CasusPartij.objects.values_list("casus_id", "partij", "relatie")) == voor
