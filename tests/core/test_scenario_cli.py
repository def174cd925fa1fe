"""The scenario CLI as a user runs it: the library passes, bad input gives the right exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "scenarios"
LIBRARY = sorted(p for p in (ROOT / "scenarios").glob("*.yaml") if p.is_file())


def zicht(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zicht.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def test_the_library_is_large_enough() -> None:
    assert len(LIBRARY) >= 30


def test_every_scenario_in_the_library_passes() -> None:
    uit = zicht("scenario", "check", "scenarios")
    assert uit.returncode == 0, uit.stdout + uit.stderr
    laatste = uit.stdout.strip().splitlines()[-1]
    geslaagd, mislukt = (int(laatste.split()[0]), int(laatste.split()[2]))
    assert mislukt == 0 and geslaagd >= 100, laatste


@pytest.mark.parametrize(
    ("bestand", "woorden"),
    [
        ("onleesbaar-yaml.yaml", ["YAML"]),
        ("onbekend-type.yaml", ["gebeurtenis", "type"]),
        ("onbekend-veld.yaml", ["gebeurtenis", "veld"]),
        ("onbekende-gemeente.yaml", ["gebeurtenis", "gemeente"]),
        ("geregistreerd-onleesbaar.yaml", ["gebeurtenis", "geregistreerd"]),
    ],
)
def test_unreadable_input_exits_2_with_file_index_and_field(
    bestand: str, woorden: list[str]
) -> None:
    uit = zicht("scenario", "state", str(FIXTURES / bestand), "--at", "2027-01-01T00:00")
    assert uit.returncode == 2, uit.stdout + uit.stderr
    assert "Traceback" not in uit.stderr
    assert bestand in uit.stderr
    for woord in woorden:
        assert woord in uit.stderr
    check = zicht("scenario", "check", str(FIXTURES / bestand))
    assert check.returncode == 2
    assert check.stdout.strip().splitlines()[-1].endswith("1 failed")


def test_rejected_event_exits_3_with_the_fout_json() -> None:
    uit = zicht(
        "scenario",
        "state",
        str(FIXTURES / "afgewezen-overdracht-onvolledig.yaml"),
        "--at",
        "2027-01-01T00:00",
    )
    assert uit.returncode == 3, uit.stdout + uit.stderr
    fout = json.loads(uit.stdout)["fout"]
    assert fout["code"] == "overdracht_onvolledig"
    assert fout["ontbreekt"] and isinstance(fout["gebeurtenis"], int)


def test_state_prints_the_spec_keys() -> None:
    uit = zicht("scenario", "state", str(LIBRARY[0]), "--at", "2027-12-31T12:00")
    assert uit.returncode in (0, 3), uit.stderr
    if uit.returncode == 0:
        staat = json.loads(uit.stdout)
        for sleutel in (
            "op",
            "zicht_op_veiligheid",
            "casusregie",
            "procescoordinatie",
            "monitoring",
            "termijnen",
            "signalen",
            "stabiele_veiligheid",
        ):
            assert sleutel in staat


def test_bad_at_and_missing_file_exit_2() -> None:
    assert zicht("scenario", "state", str(LIBRARY[0]), "--at", "morgen").returncode == 2
    uit = zicht("scenario", "state", "bestaat-niet.yaml", "--at", "2026-01-01")
    assert uit.returncode == 2 and "Traceback" not in uit.stderr


def test_failed_expectation_exits_1(tmp_path: Path) -> None:
    bestand = tmp_path / "fout-verwacht.yaml"
    bestand.write_text(
        "naam: verkeerd\nregio: zuid-limburg\ngebeurtenissen:\n"
        "  - {op: 2026-03-02T09:00, type: melding_ontvangen, gemeenten: [Heerlen], bron: burger}\n"
        "verwacht:\n  - op: 2026-03-03T09:00\n    zicht_op_veiligheid: [veilig_thuis]\n",
        encoding="utf-8",
    )
    uit = zicht("scenario", "check", str(bestand))
    assert uit.returncode == 1
    assert "zicht_op_veiligheid" in uit.stdout
    assert uit.stdout.strip().splitlines()[-1] == "0 passed, 1 failed"
