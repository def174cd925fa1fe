"""Facade of the pure core: read events, compute a case's state at a moment.

PROVISIONAL STUB — replaced by the real engine; the signatures are the contract.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class InvoerFout(Exception):
    """Unreadable input (exit 2): names the event index and field."""

    def __init__(self, bericht: str, index: int | None = None, veld: str | None = None) -> None:
        super().__init__(bericht)
        self.bericht, self.index, self.veld = bericht, index, veld


class Afwijzing(Exception):
    """An event that breaks a rule of the agreement (exit 3)."""

    def __init__(self, code: str, tekst: str, index: int | None = None,
                 ontbreekt: Sequence[str] = (), grond: str | None = None) -> None:
        super().__init__(tekst)
        self.code, self.tekst, self.index, self.ontbreekt, self.grond = code, tekst, index, list(ontbreekt), grond

    def als_json(self) -> dict[str, Any]:
        fout: dict[str, Any] = {"gebeurtenis": self.index, "code": self.code, "tekst": self.tekst}
        if self.ontbreekt:
            fout["ontbreekt"] = self.ontbreekt
        if self.grond:
            fout["grond"] = self.grond
        return {"fout": fout}


@dataclass(frozen=True)
class Gebeurtenis:
    type: str
    op: datetime
    velden: Mapping[str, Any] = field(default_factory=dict)


def laad_afspraken(regio: str = "zuid-limburg", extra_mappen: Sequence[str] = ()) -> Any:
    return None


def lees_gebeurtenis(raw: Mapping[str, Any], index: int, afspraken: Any = None) -> Gebeurtenis:
    raise NotImplementedError


def bereken_toestand(gebeurtenissen: Sequence[Gebeurtenis], op: datetime, afspraken: Any = None) -> dict[str, Any]:
    raise NotImplementedError
