"""Working-day calendar of the Algemene termijnenwet (Atw) and office hours (SPEC §3).

Pure: no Django, no clock. Which holiday rules apply and which days are equated by royal decree
is data (``afspraken/kalender.yaml``); how each holiday falls in a given year is code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from dateutil.easter import easter

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

_LID_1 = "Atw art. 3 lid 1"
_LID_2 = "Atw art. 3 lid 2"
_LID_3 = "Atw art. 3 lid 3"


@dataclass(frozen=True)
class Feestdag:
    datum: date
    naam: str
    grond: str


class KalenderFout(ValueError):
    """A problem in the calendar data; the message names the file, the key and the problem."""


def _vast(maand: int, dag: int, naam: str) -> Callable[[int], Feestdag]:
    """A holiday on a fixed date (Atw art. 3 lid 1)."""
    return lambda jaar: Feestdag(date(jaar, maand, dag), naam, _LID_1)


def _pasen(dagen: int, naam: str, grond: str = _LID_1) -> Callable[[int], Feestdag]:
    """A holiday ``dagen`` days after Easter Sunday (western Easter, dateutil)."""
    return lambda jaar: Feestdag(easter(jaar) + timedelta(days=dagen), naam, grond)


def _koningsdag(jaar: int) -> Feestdag:
    """27 April from 2014 (Koningsdag), before that 30 April (Koninginnedag); a Saturday when the
    day falls on a Sunday."""
    d, naam = (
        (date(jaar, 4, 27), "Koningsdag") if jaar >= 2014 else (date(jaar, 4, 30), "Koninginnedag")
    )
    if d.weekday() == 6:
        d -= timedelta(days=1)
    return Feestdag(d, naam, _LID_1)


FEESTDAGREGELS: Mapping[str, Callable[[int], Feestdag]] = {
    "nieuwjaarsdag": _vast(1, 1, "Nieuwjaarsdag"),
    "goede_vrijdag": _pasen(-2, "Goede Vrijdag", _LID_2),
    "tweede_paasdag": _pasen(1, "Tweede Paasdag"),
    "koningsdag": _koningsdag,
    "bevrijdingsdag": _vast(5, 5, "Bevrijdingsdag"),
    "hemelvaartsdag": _pasen(39, "Hemelvaartsdag"),
    "tweede_pinksterdag": _pasen(50, "Tweede Pinksterdag"),
    "eerste_kerstdag": _vast(12, 25, "Eerste Kerstdag"),
    "tweede_kerstdag": _vast(12, 26, "Tweede Kerstdag"),
}
"""Every named holiday rule the code knows; kalender.yaml picks which ones apply."""


def _weekdagen_tot_en_met(d: date) -> int:
    """Number of Mondays–Fridays from 0001-01-01 (a Monday) up to and including d."""
    o = d.toordinal()
    return 5 * (o // 7) + min(o % 7, 5)


class Kalender:
    """Working days (Mon–Fri, no Atw holiday, no decree day) and office hours."""

    def __init__(
        self,
        feestdagregels: Sequence[str],
        gelijkgestelde_dagen: Mapping[date, str],
        kantooruren: tuple[time, time] = (time(8, 30), time(17, 0)),
    ) -> None:
        regels: list[Callable[[int], Feestdag]] = []
        for naam in feestdagregels:
            if naam not in FEESTDAGREGELS:
                bekend = ", ".join(FEESTDAGREGELS)
                raise ValueError(f"onbekende feestdagregel {naam!r} (bekend: {bekend})")
            if FEESTDAGREGELS[naam] in regels:
                raise ValueError(f"feestdagregel {naam!r} staat er dubbel in")
            regels.append(FEESTDAGREGELS[naam])
        van, tot = kantooruren
        if not van < tot:
            raise ValueError(f"kantooruren: begin {van} ligt niet voor einde {tot}")
        self.feestdagregels: tuple[str, ...] = tuple(feestdagregels)
        self.gelijkgestelde_dagen: Mapping[date, str] = dict(gelijkgestelde_dagen)
        self.kantooruren: tuple[time, time] = (van, tot)
        self._regels = tuple(regels)
        self._vrij: dict[int, frozenset[date]] = {}
        self._uitkomsten: dict[tuple[object, date], date] = {}

    def __repr__(self) -> str:
        return (
            f"Kalender(feestdagregels={list(self.feestdagregels)!r}, "
            f"gelijkgestelde_dagen={len(self.gelijkgestelde_dagen)} dagen, "
            f"kantooruren={self.kantooruren!r})"
        )

    # --- holidays -------------------------------------------------------------------------

    def feestdagen(self, jaar: int) -> list[Feestdag]:
        """Holidays of ``jaar`` plus the decree days in that year, sorted by date."""
        dagen = [regel(jaar) for regel in self._regels]
        dagen.extend(
            Feestdag(d, "Gelijkgestelde dag", f"{_LID_3}; {besluit}")
            for d, besluit in self.gelijkgestelde_dagen.items()
            if d.year == jaar
        )
        return sorted(dagen, key=lambda f: (f.datum, f.naam))

    def _vrije_dagen(self, jaar: int) -> frozenset[date]:
        vrij = self._vrij.get(jaar)
        if vrij is None:
            vrij = frozenset(f.datum for f in self.feestdagen(jaar))
            self._vrij[jaar] = vrij
        return vrij

    def is_feestdag(self, d: date) -> bool:
        """True for a holiday of the configured rules or a decree day (any weekday)."""
        return d in self._vrije_dagen(d.year)

    def is_werkdag(self, d: date) -> bool:
        if d.weekday() >= 5:
            return False
        vrij = self._vrij.get(d.year)
        if vrij is None:
            vrij = self._vrije_dagen(d.year)
        return d not in vrij

    # --- working-day arithmetic -----------------------------------------------------------

    def werkdag_op_of_na(self, d: date) -> date:
        """``d`` itself when it is a working day, else the next working day."""
        while not self.is_werkdag(d):
            d += timedelta(days=1)
        return d

    def volgende_werkdag(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return self.werkdag_op_of_na(d + timedelta(days=1))

    def plus_werkdagen(self, d: date, n: int) -> date:
        """The n-th working day after ``d`` (day ``d`` not counted); n == 0: werkdag_op_of_na."""
        if n < 0:
            raise ValueError(f"aantal werkdagen mag niet negatief zijn: {n}")
        if n == 0:
            return self.werkdag_op_of_na(d)
        een = timedelta(days=1)
        while n:
            d += een
            if self.is_werkdag(d):
                n -= 1
        return d

    def werkdagen_tussen(self, a: date, b: date) -> int:
        """Number of working days in the half-open interval (a, b]; 0 when b <= a."""
        if b <= a:
            return 0
        aantal = _weekdagen_tot_en_met(b) - _weekdagen_tot_en_met(a)
        for jaar in range(a.year, b.year + 1):
            aantal -= sum(1 for v in self._vrije_dagen(jaar) if a < v <= b and v.weekday() < 5)
        return aantal

    def onthouden(self, termijn: object, start: date, bereken: Callable[[], date]) -> date:
        """A term's last day from `start`, computed once per (term, start) on this calendar."""
        sleutel = (termijn, start)
        uitkomst = self._uitkomsten.get(sleutel)
        if uitkomst is None:
            uitkomst = self._uitkomsten[sleutel] = bereken()
        return uitkomst

    # --- office hours ---------------------------------------------------------------------

    def _lokaal(self, moment: datetime) -> datetime:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"moment zonder tijdzone: {moment.isoformat()}")
        return moment.astimezone(AMSTERDAM)

    def binnen_kantooruren(self, moment: datetime) -> bool:
        """True when ``moment`` (timezone-aware) falls on a working day within office hours."""
        lokaal = self._lokaal(moment)
        van, tot = self.kantooruren
        return self.is_werkdag(lokaal.date()) and van <= lokaal.time() < tot

    def eerstvolgende_kantoordag(self, moment: datetime) -> date:
        """Date of the office-hours period running at ``moment`` or the first one after it."""
        lokaal = self._lokaal(moment)
        dag = lokaal.date()
        if self.is_werkdag(dag) and lokaal.time() < self.kantooruren[1]:
            return dag
        return self.volgende_werkdag(dag)


# --- loading kalender.yaml ----------------------------------------------------------------

_STANDAARD_PAD = Path(__file__).parent.parent / "afspraken" / "kalender.yaml"
_DATUM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIJD = re.compile(r"([0-9]{2}):([0-9]{2})")
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class TekstLader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so a bad date is reported with its key."""


TekstLader.yaml_implicit_resolvers = {
    eerste: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for eerste, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _datum(waarde: object, fout: Callable[[str], KalenderFout]) -> date:
    if isinstance(waarde, datetime):
        raise fout(f"{waarde!r} is een tijdstip, verwacht een datum JJJJ-MM-DD")
    if isinstance(waarde, date):
        return waarde
    if isinstance(waarde, str) and _DATUM.fullmatch(waarde.strip()):
        try:
            return date.fromisoformat(waarde.strip())
        except ValueError:
            pass
    raise fout(f"{waarde!r} is geen geldige datum (verwacht JJJJ-MM-DD)")


def _tijd(waarde: object, fout: Callable[[str], KalenderFout]) -> time:
    if isinstance(waarde, str) and (m := _TIJD.fullmatch(waarde.strip())):
        uur, minuut = int(m.group(1)), int(m.group(2))
        if uur < 24 and minuut < 60:
            return time(uur, minuut)
    raise fout(f'{waarde!r} is geen geldige tijd (verwacht "UU:MM" tussen aanhalingstekens)')


def _kalender_uit_data(data: object, bron: str) -> Kalender:
    def fout(sleutel: str) -> Callable[[str], KalenderFout]:
        return lambda probleem: KalenderFout(f"{bron}: {sleutel}: {probleem}")

    if not isinstance(data, dict):
        raise fout("(bestand)")(
            "verwacht een mapping met feestdagen, kantooruren en gelijkgestelde_dagen"
        )
    for sleutel in data:
        if sleutel not in ("feestdagen", "kantooruren", "gelijkgestelde_dagen"):
            raise fout(str(sleutel))("onbekende sleutel")

    regels = data.get("feestdagen")
    if not isinstance(regels, list):
        raise fout("feestdagen")("verwacht een lijst met namen van feestdagregels")
    for i, naam in enumerate(regels):
        if naam not in FEESTDAGREGELS:
            bekend = ", ".join(FEESTDAGREGELS)
            raise fout(f"feestdagen[{i}]")(f"onbekende feestdagregel {naam!r} (bekend: {bekend})")
        if naam in regels[:i]:
            raise fout(f"feestdagen[{i}]")(f"feestdagregel {naam!r} staat er dubbel in")

    uren = data.get("kantooruren")
    if not isinstance(uren, dict):
        raise fout("kantooruren")("verwacht een mapping met van, tot en grond")
    for sleutel in uren:
        if sleutel not in ("van", "tot", "grond"):
            raise fout(f"kantooruren.{sleutel}")("onbekende sleutel")
    van = _tijd(uren.get("van"), fout("kantooruren.van"))
    tot = _tijd(uren.get("tot"), fout("kantooruren.tot"))
    if not van < tot:
        raise fout("kantooruren")(f"van ({van:%H:%M}) ligt niet voor tot ({tot:%H:%M})")

    besluiten = data.get("gelijkgestelde_dagen")
    if besluiten is None:
        besluiten = {}
    if not isinstance(besluiten, dict):
        raise fout("gelijkgestelde_dagen")("verwacht een mapping jaar -> lijst van dagen")
    gelijk: dict[date, str] = {}
    for jaar_sleutel, dagen in besluiten.items():
        pad = f"gelijkgestelde_dagen.{jaar_sleutel}"
        if isinstance(jaar_sleutel, bool) or not (
            isinstance(jaar_sleutel, int) or str(jaar_sleutel).isdigit()
        ):
            raise fout(pad)(f"{jaar_sleutel!r} is geen jaartal")
        jaar = int(jaar_sleutel)
        if not isinstance(dagen, list | None):
            raise fout(pad)("verwacht een lijst van {datum, besluit}")
        for i, item in enumerate(dagen or []):
            if not isinstance(item, dict) or set(item) != {"datum", "besluit"}:
                raise fout(f"{pad}[{i}]")("verwacht precies de sleutels datum en besluit")
            d = _datum(item["datum"], fout(f"{pad}[{i}].datum"))
            if d.year != jaar:
                raise fout(f"{pad}[{i}].datum")(f"{d.isoformat()} valt niet in {jaar}")
            if d in gelijk:
                raise fout(f"{pad}[{i}].datum")(f"{d.isoformat()} staat er dubbel in")
            besluit = item["besluit"]
            if not isinstance(besluit, str) or not besluit.strip():
                raise fout(f"{pad}[{i}].besluit")("verwacht de (niet-lege) tekst van het besluit")
            gelijk[d] = besluit.strip()

    return Kalender(regels, gelijk, (van, tot))


def laad_kalender(pad: Path | None = None) -> Kalender:
    """Read kalender.yaml (default: ``zicht/afspraken/kalender.yaml``) into a Kalender."""
    pad = _STANDAARD_PAD if pad is None else pad
    try:
        tekst = pad.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise KalenderFout(f"{pad.name}: (bestand): niet te lezen: {e}") from e
    try:
        data = yaml.load(tekst, Loader=TekstLader)  # noqa: S506 - TekstLader is a SafeLoader
    except yaml.YAMLError as e:
        raise KalenderFout(f"{pad.name}: (bestand): ongeldige YAML: {e}") from e
    return _kalender_uit_data(data, pad.name)
