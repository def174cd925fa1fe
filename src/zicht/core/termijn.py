"""Term arithmetic (SPEC §3 "Counting" and "Overrun"). Pure: no Django, no clock."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache

from zicht.core.kalender import AMSTERDAM, Kalender


def plus_weken(d: date, n: int) -> date:
    """The same weekday ``n`` weeks after ``d`` (not rolled to a working day)."""
    return d + timedelta(weeks=n)


@lru_cache(maxsize=8192)  # asked per state (stable safety) and per monitoring moment
def plus_maanden(d: date, n: int) -> date:
    """The same day-of-month ``n`` months after ``d``, or the month's last day when it has none.

    Not rolled to a working day. (What `d + relativedelta(months=n)` gives, a few times faster.)
    """
    maanden = d.year * 12 + d.month - 1 + n
    jaar, maand = divmod(maanden, 12)
    maand += 1
    if d.day <= 28:
        return date(jaar, maand, d.day)
    return date(jaar, maand, min(d.day, calendar.monthrange(jaar, maand)[1]))


def _check(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"aantal moet een geheel getal zijn: {n!r}")
    if n < 0:
        raise ValueError(f"aantal mag niet negatief zijn: {n}")


@dataclass(frozen=True)
class Werkdagen:
    """Within n working days after X: the n-th working day after X (X not counted)."""

    n: int

    def __post_init__(self) -> None:
        _check(self.n)

    def uiterlijk(self, start: date, kalender: Kalender) -> date:
        return kalender.onthouden(self, start, lambda: kalender.plus_werkdagen(start, self.n))

    def __str__(self) -> str:
        return f"{self.n} werkdag" if self.n == 1 else f"{self.n} werkdagen"


@dataclass(frozen=True)
class Weken:
    """Within n weeks after X: same weekday n weeks later, then the next working day if needed."""

    n: int

    def __post_init__(self) -> None:
        _check(self.n)

    def uiterlijk(self, start: date, kalender: Kalender) -> date:
        return kalender.onthouden(
            self, start, lambda: kalender.werkdag_op_of_na(plus_weken(start, self.n))
        )

    def __str__(self) -> str:
        return f"{self.n} week" if self.n == 1 else f"{self.n} weken"


@dataclass(frozen=True)
class Maanden:
    """Within n months after X: same day-of-month (or month end), then the next working day."""

    n: int

    def __post_init__(self) -> None:
        _check(self.n)

    def uiterlijk(self, start: date, kalender: Kalender) -> date:
        return kalender.onthouden(
            self, start, lambda: kalender.werkdag_op_of_na(plus_maanden(start, self.n))
        )

    def __str__(self) -> str:
        return f"{self.n} maand" if self.n == 1 else f"{self.n} maanden"


@dataclass(frozen=True)
class Dagen:
    """n calendar days later, NOT rolled to a working day (same-day crisis duties: Dagen(0))."""

    n: int

    def __post_init__(self) -> None:
        _check(self.n)

    def uiterlijk(self, start: date, kalender: Kalender) -> date:
        return start + timedelta(days=self.n)

    def __str__(self) -> str:
        return f"{self.n} dag" if self.n == 1 else f"{self.n} dagen"


Termijnduur = Werkdagen | Weken | Maanden | Dagen


def einde_periode(termijn: Termijnduur, start: date, kalender: Kalender) -> date:
    """The last day of a look-back period (WA 6, WA 7): not a term for an act, so not moved.

    "Nog een half jaar na afsluiting" ends on the same day-of-month six months later, also
    when that day is a Saturday; only a period in working days counts working days.
    """
    if isinstance(termijn, Maanden):
        return plus_maanden(start, termijn.n)
    if isinstance(termijn, Weken):
        return plus_weken(start, termijn.n)
    return termijn.uiterlijk(start, kalender)


_EENHEDEN: dict[str, Callable[[int], Termijnduur]] = {
    "werkdag": Werkdagen,
    "werkdagen": Werkdagen,
    "week": Weken,
    "weken": Weken,
    "maand": Maanden,
    "maanden": Maanden,
    "dag": Dagen,
    "dagen": Dagen,
}
_TERMIJN = re.compile(r"([0-9]+)\s+([a-z]+)", re.IGNORECASE | re.ASCII)
_VORMEN = "'<getal> werkdag(en)', '<getal> week/weken', '<getal> maand(en)' of '<getal> dag(en)'"


@cache
def parse_termijn(tekst: str) -> Termijnduur:
    """Parse "5 werkdagen", "1 week", "3 maanden", "0 dagen" (case-insensitive)."""
    m = _TERMIJN.fullmatch(tekst.strip())
    soort = _EENHEDEN.get(m.group(2).lower()) if m else None
    if m is None or soort is None:
        raise ValueError(f"onbekende termijn {tekst!r}; toegestaan: {_VORMEN}")
    return soort(int(m.group(1)))


@cache
@lru_cache(maxsize=8192)  # asked per open term for every state; a case has a few days
def verlopen_vanaf(uiterlijk: date) -> datetime:
    """The moment a term is exceeded: 00:00 Europe/Amsterdam on the day after ``uiterlijk``."""
    return datetime.combine(uiterlijk + timedelta(days=1), time(0, 0), tzinfo=AMSTERDAM)
