"""The errors of every use case; each shell maps them in one place (HTTP problem, form, exit code).

Fout
├── NietGevonden     the case does not exist or is not for this actor (never told apart)
├── Verboden         the action (or the step it names) is not this actor's (now)
├── Afgewezen        the agreement refuses the event (core.engine.Afwijzing)
├── OngeldigeInvoer  the event cannot be read (core.engine.InvoerFout)
└── Conflict         someone appended since the actor read the case
"""

from __future__ import annotations

from zicht.core.engine import Afwijzing, InvoerFout


class Fout(Exception):
    """Any refusal of a use case."""


class NietGevonden(Fout):
    def __init__(self, casus_id: object = None) -> None:
        super().__init__("Casus niet gevonden.")
        self.casus_id = casus_id


class Verboden(Fout):
    def __init__(
        self, code: str, bericht: str, mogelijk: list[str] | None = None, veld: str | None = None
    ) -> None:
        super().__init__(bericht)
        self.code, self.bericht = code, bericht
        self.mogelijk = list(mogelijk or [])  # the steps that are the actor's now
        self.veld = veld  # the input that asked for what is not the actor's (a form shows it)


class Afgewezen(Fout):
    def __init__(self, afwijzing: Afwijzing) -> None:
        super().__init__(afwijzing.tekst)
        self.code, self.tekst = afwijzing.code, afwijzing.tekst
        self.grond, self.ontbreekt = afwijzing.grond, afwijzing.ontbreekt


class OngeldigeInvoer(Fout):
    def __init__(self, veld: str | None, bericht: str) -> None:
        super().__init__(f"{veld}: {bericht}" if veld else bericht)
        self.veld, self.bericht = veld, bericht

    @classmethod
    def van(cls, fout: InvoerFout) -> OngeldigeInvoer:
        return cls(fout.veld, fout.bericht)


class Conflict(Fout):
    def __init__(self, verwacht: int, actueel: int) -> None:
        super().__init__(
            f"De casus is intussen gewijzigd: verwacht volgnummer {verwacht}, actueel {actueel}."
        )
        self.verwacht, self.actueel = verwacht, actueel
