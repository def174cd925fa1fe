"""Scenario files (SPEC §4): a case told as events, with expectations about its state.

A scenario names its region; the agreement version in force is chosen per event date. An
`afspraken/` folder next to a scenario file may hold extra (training or test) regions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from zicht.core.afspraken import Afspraken, AfsprakenFout, afspraken_van
from zicht.core.casus import Afwijzing
from zicht.core.engine import bereken_toestand, lees_gebeurtenis
from zicht.core.gebeurtenissen import Gebeurtenis, InvoerFout, lees_moment
from zicht.core.kalender import TekstLader

SLEUTELS = frozenset({"naam", "regio", "beschrijving", "grond", "gebeurtenissen", "verwacht"})


class ScenarioFout(Exception):
    """An unreadable scenario (exit code 2): the message names file, event index and field."""


@dataclass(frozen=True)
class Scenario:
    bestand: str
    naam: str
    afspraken: Afspraken
    gebeurtenissen: list[Gebeurtenis]
    verwacht: list[Mapping[str, Any]]

    def toestand(self, op: datetime) -> dict[str, Any]:
        return bereken_toestand(self.gebeurtenissen, op, self.afspraken)


def _afspraken(regio: str, map_: Path) -> Afspraken:
    extra = map_ / "afspraken"
    return afspraken_van(regio, str(extra) if (extra / regio).is_dir() else "")


def laad_scenario(pad: Path | str) -> Scenario:
    pad = Path(pad)
    try:
        inhoud = yaml.load(pad.read_text(encoding="utf-8"), Loader=TekstLader)  # noqa: S506
    except OSError as e:
        raise ScenarioFout(f"{pad}: kan het bestand niet lezen ({e.strerror})") from None
    except yaml.YAMLError as e:
        raise ScenarioFout(f"{pad}: geen geldige YAML: {e}") from None
    if not isinstance(inhoud, dict):
        raise ScenarioFout(f"{pad}: een scenario is een mapping met 'regio' en 'gebeurtenissen'")
    onbekend = sorted(set(inhoud) - SLEUTELS)
    if onbekend:
        raise ScenarioFout(
            f"{pad}: onbekende sleutel '{onbekend[0]}' (toegestaan: {', '.join(sorted(SLEUTELS))})"
        )
    regio = inhoud.get("regio", "zuid-limburg")
    try:
        afspraken = _afspraken(str(regio), pad.parent)
    except AfsprakenFout as e:
        raise ScenarioFout(f"{pad}: regio: {e}") from None
    ruw = inhoud.get("gebeurtenissen")
    if not isinstance(ruw, list):
        raise ScenarioFout(f"{pad}: 'gebeurtenissen' moet een lijst zijn")
    try:
        gebeurtenissen = [lees_gebeurtenis(r, i, afspraken) for i, r in enumerate(ruw)]
    except InvoerFout as e:
        raise ScenarioFout(f"{pad}: {e}") from None
    verwacht = inhoud.get("verwacht") or []
    if not isinstance(verwacht, list) or not all(isinstance(v, dict) for v in verwacht):
        raise ScenarioFout(f"{pad}: 'verwacht' moet een lijst van mappings zijn")
    for i, v in enumerate(verwacht):
        if "op" not in v and "fout" not in v:
            raise ScenarioFout(f"{pad}: verwacht[{i}]: veld 'op' ontbreekt")
        if "op" in v:
            try:
                lees_moment(v["op"], "op")
            except InvoerFout as e:
                raise ScenarioFout(f"{pad}: verwacht[{i}]: {e}") from None
    return Scenario(
        str(pad), str(inhoud.get("naam", pad.stem)), afspraken, gebeurtenissen, verwacht
    )


# ---- checking expectations ------------------------------------------------------------------


def controleer(scenario: Scenario) -> list[tuple[int, list[str]]]:
    """Per expectation: its index and the differences found (an empty list is a pass)."""
    uitkomst = []
    for i, verwachting in enumerate(scenario.verwacht):
        op = (
            lees_moment(verwachting["op"])
            if "op" in verwachting
            else max(g.op for g in scenario.gebeurtenissen)
        )
        try:
            staat: dict[str, Any] = scenario.toestand(op)
        except Afwijzing as afwijzing:
            staat = afwijzing.als_json()
        verschillen = []
        if "fout" in verwachting and "fout" not in staat:
            verschillen.append("fout: verwacht een afgewezen gebeurtenis, maar alles werd aanvaard")
        elif "fout" in staat and "fout" not in verwachting:
            f = staat["fout"]
            verschillen.append(
                f"gebeurtenis {f['gebeurtenis']} afgewezen: {f['code']}: {f['tekst']}"
                + (f" (ontbreekt: {', '.join(f['ontbreekt'])})" if f.get("ontbreekt") else "")
            )
        else:
            for sleutel, waarde in verwachting.items():
                if sleutel == "op":
                    continue
                if sleutel not in staat:
                    verschillen.append(f"{sleutel}: onbekende sleutel in de toestand")
                    continue
                verschillen += vergelijk(sleutel, waarde, staat[sleutel])
        uitkomst.append((i, verschillen))
    return uitkomst


def vergelijk(pad: str, verwacht: Any, feitelijk: Any) -> list[str]:
    """Differences between an expectation and the state; expected mappings are partial."""
    if pad.endswith("zicht_op_veiligheid") and isinstance(verwacht, list):
        return _vergelijk_houders(pad, verwacht, feitelijk)
    if isinstance(verwacht, list) and isinstance(feitelijk, list):
        if not verwacht:
            return [] if not feitelijk else [f"{pad}: verwacht geen, gevonden {_kort(feitelijk)}"]
        if all(isinstance(v, dict) for v in verwacht):
            return [
                f"{pad}: geen item met {_kort(v)} (gevonden: {_kort(feitelijk)})"
                for v in verwacht
                if not any(not vergelijk(pad, v, f) for f in feitelijk)
            ]
        return (
            []
            if sorted(map(str, verwacht)) == sorted(map(str, feitelijk))
            else [f"{pad}: verwacht {verwacht}, gevonden {feitelijk}"]
        )
    if isinstance(verwacht, dict):
        if not isinstance(feitelijk, dict):
            return [f"{pad}: verwacht {_kort(verwacht)}, gevonden {_kort(feitelijk)}"]
        uit = []
        for k, v in verwacht.items():
            if k not in feitelijk:
                uit.append(f"{pad}.{k}: ontbreekt in de toestand")
            else:
                uit += vergelijk(f"{pad}.{k}", v, feitelijk[k])
        return uit
    if isinstance(feitelijk, dict) and isinstance(verwacht, str):
        # `casusregie: lokaal_veld:Heerlen` is short for `casusregie: {partij: ...}`
        partijen = feitelijk.get("partijen") or [feitelijk.get("partij")]
        return [] if verwacht in partijen else [f"{pad}: verwacht {verwacht}, gevonden {partijen}"]
    return (
        []
        if _gelijk(verwacht, feitelijk)
        else [f"{pad}: verwacht {verwacht}, gevonden {feitelijk}"]
    )


def _vergelijk_houders(pad: str, verwacht: list[Any], feitelijk: list[dict[str, Any]]) -> list[str]:
    """The holders of zicht op veiligheid must match exactly (as a set of parties)."""
    gevonden = sorted(h["partij"] for h in feitelijk)
    namen = sorted(v["partij"] if isinstance(v, dict) else str(v) for v in verwacht)
    if namen != gevonden:
        return [f"{pad}: verwacht {namen}, gevonden {gevonden}"]
    uit = []
    for v in verwacht:
        if isinstance(v, dict):
            houder = next(h for h in feitelijk if h["partij"] == v["partij"])
            uit += vergelijk(pad, v, houder)
    return uit


def _gelijk(verwacht: Any, feitelijk: Any) -> bool:
    if verwacht is None or feitelijk is None or isinstance(verwacht, bool | int | float):
        return bool(verwacht == feitelijk)
    v, f = str(verwacht), str(feitelijk)
    if v == f:
        return True
    if "T" in v and "T" in f:  # moments: compare as instants, with or without offset or seconds
        try:
            return lees_moment(v) == lees_moment(f)
        except InvoerFout:
            return False
    try:
        return date.fromisoformat(v) == date.fromisoformat(f)
    except ValueError:
        return False


def _kort(waarde: Any) -> str:
    tekst = str(waarde)
    return tekst if len(tekst) <= 200 else tekst[:197] + "..."


def scenario_bestanden(paden: Sequence[str]) -> list[Path]:
    """Files named, and every *.yaml under named folders (skipping agreement data)."""
    uit: list[Path] = []
    for naam in paden:
        pad = Path(naam)
        if pad.is_dir():
            uit += sorted(
                f for f in pad.rglob("*.yaml") if "afspraken" not in f.relative_to(pad).parts
            )
        else:
            uit.append(pad)
    return uit


__all__ = [
    "Scenario",
    "ScenarioFout",
    "controleer",
    "laad_scenario",
    "scenario_bestanden",
    "vergelijk",
]
