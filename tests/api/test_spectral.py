"""Both served OpenAPI documents (Zicht's own and the JZV Meldingen one) pass Spectral with
the NL API Design Rules (tools/spectral/nl-api-design-rules.yaml): no error, no warning.
`make spectral` installs Spectral from tools/spectral/package-lock.json (npm ci)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
MAP = Path(__file__).resolve().parents[2] / "tools" / "spectral"
SPECTRAL = MAP / "node_modules" / ".bin" / "spectral"
REGELS = MAP / "nl-api-design-rules.yaml"


@pytest.mark.parametrize("pad", ["/api/v1/openapi.json", "/api/jzv_meldingen/v1/openapi.json"])
def test_the_served_document_passes_the_nl_api_design_rules(pad: str, tmp_path: Path) -> None:
    assert SPECTRAL.exists(), "Spectral ontbreekt: draai `make spectral` (npm ci in tools/spectral)"
    antwoord = Client().get(pad)
    assert antwoord.status_code == 200
    document = tmp_path / "openapi.json"
    document.write_bytes(antwoord.content)
    uitslag = subprocess.run(
        [SPECTRAL, "lint", "-r", REGELS, "--fail-severity", "warn", "-f", "text", document],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert uitslag.returncode == 0, uitslag.stdout + uitslag.stderr


def test_the_ruleset_refuses_a_property_name_outside_camel_case(tmp_path: Path) -> None:
    """The rule behind "one style throughout" can fail: the old `aangemaakt_op` is flagged."""
    antwoord = Client().get("/api/v1/openapi.json")
    document = antwoord.json()
    casus = document["components"]["schemas"]["Casus"]["properties"]
    casus["aangemaakt_op"] = casus.pop("aangemaaktOp")
    pad = tmp_path / "openapi.json"
    pad.write_text(json.dumps(document))
    uitslag = subprocess.run(
        [SPECTRAL, "lint", "-r", REGELS, "--fail-severity", "warn", "-f", "text", pad],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert uitslag.returncode != 0
    assert "nlgov-property-camel-case" in uitslag.stdout and "aangemaakt_op" in uitslag.stdout
