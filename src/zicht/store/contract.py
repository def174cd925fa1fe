"""What every event store offers, independent of where it keeps its data. No Django here."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
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


@dataclass(frozen=True, kw_only=True)
class OpgeslagenGebeurtenis(NieuweGebeurtenis):
    """An event as stored: numbered, with who recorded it when, under which agreement version.
    The engine checked it when it was appended, so the projector reads it without checking it
    again (`engine.lees_opgeslagen`)."""

    seq: int
    recorded_at: datetime
    actor: str
    organisatie: str
    afspraakversie: str


@dataclass
class Casusstand:
    """One case as read in one snapshot: what a use case checks and an append writes after.

    A use case reads it once (`EventStore.lees`), folds it once (`store.projectie.vouw_van`),
    decides on it, and hands it back to `voeg_toe`, which then neither reads nor folds the
    case again. `intern` is the store's own (e.g. the last hash, the stored open terms).
    """

    casus_id: str
    regio: str
    aangemaakt_op: datetime
    seq: int  # the number of the last event
    gebeurtenissen: list[OpgeslagenGebeurtenis]
    relaties: frozenset[tuple[str, str]]  # (party, relation): the policy's view (core.toegang)
    intern: Any = None
    vouw: Any = None  # the fold of `gebeurtenissen`, made once (store.projectie.vouw_van)


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
    def transactie(self, *, savepoint: bool = True) -> AbstractContextManager[Any]:
        """One unit of work: what a use case writes inside it is kept together or not at all.

        Inside a caller's unit (a request's transaction) it is a savepoint, so a refusal undoes
        only this one; `savepoint=False` joins the caller's unit instead, for a use case whose
        refusals come before it writes anything (`voeg_toe` refuses before it writes)."""
        ...

    def nieuwe_casus(self, regio: str, nu: datetime | None = None) -> str: ...

    def lees(self, casus_id: str) -> Casusstand:
        """The case in one snapshot; OnbekendeCasus when there is none."""
        ...

    def voeg_toe(
        self,
        casus_id: str,
        verwachte_seq: int,
        gebeurtenis: NieuweGebeurtenis,
        actor: str,
        organisatie: str,
        nu: datetime,
        gelezen: Casusstand | None = None,
    ) -> int:
        """Append after `verwachte_seq` (Conflict otherwise). With `gelezen`, the caller's
        snapshot of this case, the store does not read or fold the case again."""
        ...

    def bewaar_teksten(self, casus_id: str, teksten: Mapping[str, str]) -> None:
        """Free text beside the events (`notitie:<sleutel>` in the event), by key."""
        ...

    def gebeurtenissen(self, casus_id: str) -> list[OpgeslagenGebeurtenis]: ...

    def toestand(self, casus_id: str) -> dict[str, Any] | None: ...

    def open_termijnen(self, partij: str) -> list[dict[str, Any]]: ...

    def herbouw(self, nu: datetime | None = None) -> int: ...


class BulkOpslag(Protocol):
    """The store's bulk interface (zicht.store.bulk): many new cases at once, written as the
    rows an append writes, and every projection rebuilt from the events afterwards."""

    def keten(self, casus_id: str, gebeurtenissen: Sequence[Any]) -> str:
        """Chain a new case's event rows as the append does; the case's seal."""
        ...

    def herbouw(
        self,
        nu: datetime,
        processen: int | None = None,
        voortgang: Callable[[int, int], None] = ...,
    ) -> tuple[int, int, float] | None:
        """Every projection from the events."""
        ...
