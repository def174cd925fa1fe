"""The register of processing activities (AVG art. 30) as data: `afspraken/verwerkingen.yaml`.

Every access-log row names one code from it, so a privacy officer can answer "on what ground".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

REGISTER = Path(__file__).resolve().parent.parent / "afspraken" / "verwerkingen.yaml"


@dataclass(frozen=True)
class Verwerking:
    code: str
    naam: str
    grondslag: str
    doel: str


@cache
def verwerkingen(pad: Path = REGISTER) -> dict[str, Verwerking]:
    data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    uit: dict[str, Verwerking] = {}
    for code, v in data["verwerkingen"].items():
        for sleutel in ("naam", "grondslag", "doel"):
            if not str(v.get(sleutel, "")).strip():
                raise ValueError(f"{pad.name}: verwerkingen.{code}.{sleutel}: ontbreekt")
        uit[code] = Verwerking(code, v["naam"], v["grondslag"], v["doel"])
    return uit


def verwerking(code: str) -> Verwerking:
    """The activity for a code; KeyError names an unknown code."""
    try:
        return verwerkingen()[code]
    except KeyError:
        raise KeyError(f"onbekende verwerking {code!r} (zie verwerkingen.yaml)") from None
