"""`zicht rebuild` and `zicht beheer` through the real dispatcher, on a real database."""

from __future__ import annotations

import subprocess
import sys

import pytest

from zicht import cli
from zicht.store.django_store import DjangoStore
from zicht.store.models import CasusProjectie

from .hulp import moment

STORE_OPDRACHTEN = {"rebuild": "zicht.store.cli", "beheer": "zicht.store.cli"}


@pytest.fixture
def alleen_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store's commands on their own, whatever state the other subcommands are in."""
    monkeypatch.setattr(cli, "SUBCOMMANDS", STORE_OPDRACHTEN)


@pytest.mark.django_db
def test_rebuild_counts_the_cases(alleen_store: None, capsys: pytest.CaptureFixture[str]) -> None:
    for _ in range(2):
        DjangoStore().nieuwe_casus("zuid-limburg", nu=moment())

    assert cli.main(["rebuild"]) == 0

    assert capsys.readouterr().out == "2 casussen herbouwd\n"
    assert CasusProjectie.objects.count() == 0  # cases without events have no state


@pytest.mark.django_db
def test_beheer_passes_arguments_to_django(
    alleen_store: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["beheer", "showmigrations", "store", "--plan"]) == 0

    assert "store.0001_initial" in capsys.readouterr().out


def test_store_commands_do_not_load_django_until_run() -> None:
    code = "import sys, zicht.store.cli; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_the_full_dispatcher_offers_the_store_commands(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("zicht.scenario_cli", reason="zicht.scenario_cli is not there yet")
    with pytest.raises(SystemExit) as einde:
        cli.main(["--help"])

    assert einde.value.code == 0
    uitvoer = capsys.readouterr().out
    assert "rebuild" in uitvoer and "beheer" in uitvoer


def test_beheer_leaves_help_to_django(
    alleen_store: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["beheer", "--help"]) == 0

    assert "zicht beheer help <subcommand>" in capsys.readouterr().out
