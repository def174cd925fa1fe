"""The access log of one action: which families' data it read or changed (NEN 7513).

One mechanism for every shell. The shell opens the action's record (`actie`): the screens'
`@logt`, the API's log middleware, a CLI command, a JZV job. The use cases that read personal
data name what they read (`lees`, e.g. `dossier.lees_casus`); a list names the cases it showed
(`noem`). When the answer is known the shell writes the record with the outcome (`schrijf`):
one row per case, in the action's own transaction (zicht.web.beveiliging.EenTransactieMiddleware
for a request), so a change and its row commit together or not at all.

Outside an open action `lees` and `noem` do nothing: a test or a job that reads a case for no
one is not a look at a family's file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import ValidationError

from zicht.toegangslog.log import registreer_per_casus
from zicht.toepassing.modellen import Gezin


class _MetGezin(Protocol):
    """A dossier (toepassing.dossier.Dossier): its family, once read, saves the log a query."""

    __dict__: dict[str, Any]

    @property
    def gezin(self) -> Gezin | None: ...


@dataclass
class Inzage:
    """What one action touched: case id (None: personal data without a case) -> person ids,
    or the dossier it read them from; None until something is named."""

    casussen: dict[str | None, list[str] | _MetGezin | None] | None = None
    _eerder: dict[str | None, list[str] | _MetGezin | None] = field(default_factory=dict)
    gewijzigd: bool = False  # a use case changed a case (`gewijzigd()`): e.g. a step recorded

    def lees(
        self, casus_id: object, personen: Sequence[str] | None = None, dossier: Any = None
    ) -> None:
        """The action read (or changed) this case; its person ids, or the dossier they are in."""
        sleutel = str(casus_id) if casus_id is not None else None
        waarde: list[str] | _MetGezin | None = (
            [str(p) for p in personen] if personen is not None else dossier
        )
        if self.casussen is None:
            self.casussen = {}
        if waarde is not None or sleutel not in self.casussen:
            self.casussen[sleutel] = waarde
        self._eerder[sleutel] = self.casussen[sleutel]

    def noem(self, casus_ids: Iterable[object]) -> None:
        """The cases a list showed, in order, replacing what was named before; [] means it
        showed no family, [None] personal data without a case (a search, the log itself)."""
        nieuw: dict[str | None, list[str] | _MetGezin | None] = {}
        for casus_id in casus_ids:
            sleutel = str(casus_id) if casus_id is not None else None
            nieuw[sleutel] = self._eerder.get(sleutel)
        self.casussen = nieuw

    def personen(self, casus_ids: Sequence[str | None]) -> dict[str, list[str]]:
        """Pseudonymous ids of the directbetrokkenen per case (never names): what was named,
        a dossier's family once read, the rest in one query."""
        uit: dict[str, list[str]] = {}
        open_ids = []
        for casus_id in casus_ids:
            if casus_id is None:
                continue
            bekend = (self.casussen or {}).get(casus_id)
            if isinstance(bekend, list):
                uit[casus_id] = bekend
            elif bekend is not None and "gezin" in bekend.__dict__:  # read already
                gezin = bekend.gezin
                uit[casus_id] = [p["id"] for p in (gezin.personen if gezin else [])]
            else:
                open_ids.append(casus_id)
        if open_ids:
            try:
                rijen = Gezin.objects.filter(casus_id__in=open_ids).values_list(
                    "casus_id", "personen"
                )
                uit |= {str(c): [p["id"] for p in personen] for c, personen in rijen}
            except (ValidationError, ValueError):  # an id that is no uuid: no family
                pass
        return uit


_huidige: ContextVar[Inzage | None] = ContextVar("zicht_inzage", default=None)


@contextmanager
def actie() -> Iterator[Inzage]:
    """Open the record of one action (a request, a command, a job) for the use cases."""
    inzage = Inzage()
    token = _huidige.set(inzage)
    try:
        yield inzage
    finally:
        _huidige.reset(token)


def huidige() -> Inzage | None:
    return _huidige.get()


def lees(casus_id: object, personen: Sequence[str] | None = None, dossier: Any = None) -> None:
    """A use case read this case for the current action (nothing when none is open)."""
    inzage = _huidige.get()
    if inzage is not None:
        inzage.lees(casus_id, personen, dossier)


def noem(casus_ids: Iterable[object]) -> None:
    """The cases a list showed for the current action (nothing when none is open)."""
    inzage = _huidige.get()
    if inzage is not None:
        inzage.noem(casus_ids)


def gewijzigd() -> None:
    """A use case changed a case for the current action (nothing when none is open)."""
    inzage = _huidige.get()
    if inzage is not None:
        inzage.gewijzigd = True


# An action that set out to change a case and changed nothing (the agreement refused the step,
# the input was incomplete, someone else came first) still read the case, so it is logged, but
# under its own name: never as a recorded step.
NIET_GEWIJZIGD = {"stap_vastleggen": "stap_geweigerd"}


def schrijf(
    inzage: Inzage,
    *,
    casus_ids: Sequence[str | None],
    gebruiker: str,
    rol: str,
    organisatie: str,
    actie: str,
    verwerking: str,
    uitkomst: str,
    trace_id: str,
    client: str | None = None,
    met_personen: bool = True,
) -> None:
    """Write the action's rows, one per case, in one insert (zicht.toegangslog). An allowed
    change that changed nothing is logged as such (`NIET_GEWIJZIGD`); a refused look keeps
    the action it asked for."""
    if uitkomst == "toegestaan" and not inzage.gewijzigd:
        actie = NIET_GEWIJZIGD.get(actie, actie)
    personen = inzage.personen(casus_ids) if met_personen else {}
    registreer_per_casus(
        gebruiker=gebruiker,
        rol=rol,
        organisatie=organisatie,
        casussen={c: personen.get(c, []) if c else [] for c in casus_ids},
        actie=actie,
        verwerking=verwerking,
        uitkomst=uitkomst,
        trace_id=trace_id,
        client=client,
    )
