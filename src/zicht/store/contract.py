"""What every event store offers, independent of where it keeps its data. No Django here."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class NieuweGebeurtenis:
    """An event as offered for appending: its type, the moment it happened, and its fields."""

    type: str
    op: datetime
    velden: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.op.tzinfo is None or self.op.utcoffset() is None:
            raise ValueError(f"Het moment van een gebeurtenis moet een tijdzone hebben: {self.op}")


@dataclass(frozen=True)
class BewaardeGebeurtenis(NieuweGebeurtenis):
    """An event read back from a store: the engine checked it when it was appended, so the
    projector reads it without checking it again (`engine.lees_opgeslagen`)."""


@dataclass(frozen=True, kw_only=True)
class OpgeslagenGebeurtenis(BewaardeGebeurtenis):
    """An event as stored: numbered, with who recorded it when, under which agreement version."""

    seq: int
    recorded_at: datetime
    actor: str
    organisatie: str
    afspraakversie: str


# (all events of a case in order, the moment to compute at, the case's region) -> state dict
Projector = Callable[[Sequence[NieuweGebeurtenis], datetime, str], dict[str, Any]]


class Conflict(Exception):
    """Someone else appended to the case since the caller read it (optimistic concurrency)."""

    def __init__(self, verwacht: int, actueel: int) -> None:
        super().__init__(
            f"De casus is intussen gewijzigd: verwacht volgnummer {verwacht}, "
            f"actueel {actueel}. Laad de casus opnieuw."
        )
        self.verwacht, self.actueel = verwacht, actueel


class OnbekendeCasus(KeyError):
    """No case with this id (or no valid id at all)."""

    def __init__(self, casus_id: str) -> None:
        super().__init__(casus_id)
        self.casus_id = casus_id

    def __str__(self) -> str:
        return f"Onbekende casus: {self.casus_id}"


class EventStore(Protocol):
    def nieuwe_casus(self, regio: str, nu: datetime | None = None) -> str: ...

    def voeg_toe(
        self,
        casus_id: str,
        verwachte_seq: int,
        gebeurtenis: NieuweGebeurtenis,
        actor: str,
        organisatie: str,
        nu: datetime,
    ) -> int: ...

    def gebeurtenissen(self, casus_id: str) -> list[OpgeslagenGebeurtenis]: ...

    def toestand(self, casus_id: str) -> dict[str, Any] | None: ...

    def open_termijnen(self, partij: str) -> list[dict[str, Any]]: ...

    def herbouw(self, nu: datetime | None = None) -> int: ...
