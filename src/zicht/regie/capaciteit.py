"""Capacity outlook (§1.3, §2a "voldoende capaciteit"): a discrete-event simulation (SimPy).

Synthetic meldingen arrive per gemeente (Poisson, at the measured inflow per month). Veilig
Thuis assesses them with a limited number of parallel assessments; the share measured to go to
the lokaal veld is handed over directly, and the gemeente's lokaal veld starts contact with a
limited number of parallel intakes. Work times are drawn from the measured lead times. Every
synthetic case then becomes real events, and the real engine (`zicht.core.engine`) folds them
and says, with the agreement's working-day calendar, whether its terms were met on time. The
outcome: per party and month, the inflow, the backlog at month end and the on-time share; a
what-if changes one party's capacity. Pure Python (no Django): inputs come as `Invoer`.
"""

from __future__ import annotations

import bisect
import heapq
import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

import simpy

from zicht.core.casus import fold
from zicht.core.engine import Afspraken, laad_afspraken
from zicht.core.gebeurtenissen import Gebeurtenis
from zicht.core.kalender import AMSTERDAM

VEILIG_THUIS = "veilig_thuis"
DIRECT = (
    "inhoud_melding",
    "contactgegevens_directbetrokkenen",
    "contactgegevens_melder",
    "triagebesluit",
    "informatie_veiligheidsbeoordeling",
)
# The terms that depend on these parties' capacity (the others follow from them).
TERMIJNEN = {"veiligheidsbeoordeling": VEILIG_THUIS, "start_contact": "lokaal_veld"}


@dataclass(frozen=True)
class Invoer:
    """What the simulation starts from (measured, or chosen for a what-if)."""

    start: datetime
    maanden: int
    instroom_per_maand: Mapping[str, float]  # gemeente -> meldingen per month
    aandeel_lokaal_veld: float  # share of assessments that hand over directly
    beoordeling_dagen: Sequence[int]  # measured melding -> assessment, days (a sample)
    contact_dagen: Sequence[int]  # measured hand-over -> first contact, days
    capaciteit: Mapping[str, int] = field(default_factory=dict)  # party -> parallel cases
    zaad: int = 1

    def met_capaciteit(self, partij: str, factor: float) -> Invoer:
        nieuw = dict(self.capaciteit)
        nieuw[partij] = max(1, round(nieuw[partij] * factor))
        return replace(self, capaciteit=nieuw)


def standaard_capaciteit(invoer: Invoer) -> dict[str, int]:
    """Capacity that just keeps up with the measured inflow (utilisation about 90%)."""
    per_dag = {g: n * 12 / 365 for g, n in invoer.instroom_per_maand.items()}
    gem_beoordeling = _gemiddelde(invoer.beoordeling_dagen)
    gem_contact = _gemiddelde(invoer.contact_dagen)
    uit = {VEILIG_THUIS: max(1, math.ceil(sum(per_dag.values()) * gem_beoordeling / 0.9))}
    for g, n in per_dag.items():
        uit[f"lokaal_veld:{g}"] = max(
            1, math.ceil(n * invoer.aandeel_lokaal_veld * gem_contact / 0.9)
        )
    return uit


def _gemiddelde(waarden: Sequence[int]) -> float:
    return max(0.5, sum(waarden) / len(waarden)) if waarden else 1.0


@dataclass
class Uitkomst:
    """Per party and month: inflow, backlog at month end, terms due and met on time."""

    maanden: list[datetime]
    instroom: Counter[tuple[str, int]] = field(default_factory=Counter)
    achterstand: Counter[tuple[str, int]] = field(default_factory=Counter)
    vervallen: Counter[tuple[str, int]] = field(default_factory=Counter)
    op_tijd: Counter[tuple[str, int]] = field(default_factory=Counter)
    casussen: int = 0

    def aandeel_op_tijd(self, partij: str, maand: int) -> float | None:
        n = self.vervallen[(partij, maand)]
        return None if n == 0 else self.op_tijd[(partij, maand)] / n

    def partijen(self) -> list[str]:
        return sorted({p for p, _ in self.instroom} | {p for p, _ in self.vervallen})


def _trekking(rnd: random.Random, steekproef: Sequence[int]) -> float:
    """A work time in days: a measured lead time, spread within its day."""
    if not steekproef:
        return rnd.expovariate(1.0)
    return max(0.05, rnd.choice(steekproef) + rnd.random() - 0.5)


class Loket:
    """A party's work as a FIFO queue with `capaciteit` parallel places: a case that arrives
    starts when a place is free (the earliest one), in the order the cases arrived. The
    simulation offers cases in time order (SimPy's clock), so this is exact FIFO."""

    def __init__(self, capaciteit: int) -> None:
        self.vrij = [0.0] * capaciteit  # a heap of the moments each place becomes free
        self.aankomst: list[float] = []
        self.klaar: list[float] = []

    def neem(self, nu: float, duur: float) -> float:
        """The moment the case offered now is done."""
        begin = max(nu, heapq.heappop(self.vrij))
        einde = begin + duur
        heapq.heappush(self.vrij, einde)
        self.aankomst.append(nu)
        self.klaar.append(einde)
        return einde

    def achterstand(self, t: float) -> int:
        """Cases offered by `t` and not done by then (waiting or being worked on)."""
        klaar = sorted(self.klaar)
        return bisect.bisect_right(self.aankomst, t) - bisect.bisect_right(klaar, t)


def simuleer(invoer: Invoer, afspraken: Afspraken | None = None) -> Uitkomst:
    """SimPy drives the clock: meldingen arrive per gemeente, hand-overs reach the lokaal
    veld when Veilig Thuis finishes; each party's queue is a `Loket`."""
    afspraken = afspraken or laad_afspraken()
    capaciteit = invoer.capaciteit or standaard_capaciteit(invoer)
    rnd = random.Random(invoer.zaad)
    env = simpy.Environment()
    loketten = {p: Loket(c) for p, c in capaciteit.items()}
    start = invoer.start.astimezone(AMSTERDAM).replace(hour=0, minute=0, second=0, microsecond=0)
    maanden = [_plus_maanden(start, i) for i in range(invoer.maanden + 1)]
    grenzen = [(m - start).total_seconds() / 86400 for m in maanden]
    eind = grenzen[-1]
    uitkomst = Uitkomst(maanden[:-1])
    # Per synthetic case: (gemeente, melding, assessment, contact or None), in days from start.
    verhalen: list[list[Any]] = []

    def maand(t: float) -> int:
        return bisect.bisect_right(grenzen, t) - 1

    def overdracht(verhaal: list[Any], lv: str) -> Callable[[simpy.events.Event], None]:
        def bij_overdracht(_: simpy.events.Event) -> None:
            uitkomst.instroom[(lv, maand(env.now))] += 1
            verhaal[3] = loketten[lv].neem(env.now, _trekking(rnd, invoer.contact_dagen))

        return bij_overdracht

    def bron(gemeente: str, per_maand: float) -> Generator[simpy.events.Event, Any, None]:
        per_dag = per_maand * 12 / 365
        lv = f"lokaal_veld:{gemeente}"
        vt = loketten[VEILIG_THUIS]
        while per_dag > 0:
            yield env.timeout(rnd.expovariate(per_dag))
            if env.now >= eind:
                return
            uitkomst.instroom[(VEILIG_THUIS, maand(env.now))] += 1
            t1 = vt.neem(env.now, _trekking(rnd, invoer.beoordeling_dagen))
            verhaal = [gemeente, env.now, t1, None]
            verhalen.append(verhaal)
            if lv in loketten and rnd.random() < invoer.aandeel_lokaal_veld:
                verhaal[3] = math.inf  # contact not (yet) started
                if t1 < eind:
                    env.timeout(t1 - env.now).callbacks.append(overdracht(verhaal, lv))

    for gemeente, n in sorted(invoer.instroom_per_maand.items()):
        env.process(bron(gemeente, n))
    env.run(until=eind)
    for partij, loket in loketten.items():
        for i, grens in enumerate(grenzen[1:]):
            if loket.aankomst:
                uitkomst.achterstand[(partij, i)] = loket.achterstand(grens)

    termijnen = Termijnen(afspraken, start.date())
    einddag = math.floor(eind)
    for gemeente, t0, t1, t2 in verhalen:
        uitkomst.casussen += 1
        for code, van, tot in (("veiligheidsbeoordeling", t0, t1), ("start_contact", t1, t2)):
            if tot is None or van >= eind:
                continue
            partij, uiterlijk = termijnen.uiterlijk(code, gemeente, math.floor(van))
            if uiterlijk >= einddag:
                continue  # not yet due at the end of the outlook
            m = maand(uiterlijk)
            uitkomst.vervallen[(partij, m)] += 1
            if tot < uiterlijk + 1:  # met on or before the deadline's day
                uitkomst.op_tijd[(partij, m)] += 1
    return uitkomst


class Termijnen:
    """The deadline of a term by the real engine: a synthetic case whose step falls on that
    day is folded, and the deadline it gives is kept per (subregion, code, day). Deadlines
    depend only on the starting day and the rules in force there (SPEC §3), so each distinct
    day is folded once instead of once per case."""

    def __init__(self, afspraken: Afspraken, begin: date) -> None:
        self.afspraken, self.begin = afspraken, begin
        self.subregio = {g: info.subregio for g, info in afspraken.gemeenten().items()}
        self.voorbeeld: dict[str, str] = {}
        for g, s in sorted(self.subregio.items()):
            self.voorbeeld.setdefault(s, g)
        self._bekend: dict[tuple[str, str, int], tuple[str, int]] = {}
        self.gevouwen = 0

    def uiterlijk(self, code: str, gemeente: str, dag: int) -> tuple[str, int]:
        """(party, deadline as days from the beginning) for a term starting on day `dag`."""
        sleutel = (self.subregio[gemeente], code, dag)
        if sleutel not in self._bekend:
            self._bekend[sleutel] = self._vouw(code, self.voorbeeld[sleutel[0]], dag)
        partij, uiterlijk = self._bekend[sleutel]
        return (
            partij if code == "veiligheidsbeoordeling" else f"lokaal_veld:{gemeente}"
        ), uiterlijk

    def _vouw(self, code: str, gemeente: str, dag: int) -> tuple[str, int]:
        d = self.begin + timedelta(days=dag)
        op = datetime(d.year, d.month, d.day, 9, 0, tzinfo=AMSTERDAM)
        lv = f"lokaal_veld:{gemeente}"
        gebeurtenissen = [
            Gebeurtenis(
                "melding_ontvangen",
                op,
                {
                    "gemeenten": [gemeente],
                    "bron": "professional",
                    "directbetrokkenen": [{"id": "p1", "rol": "kind"}],
                },
            )
        ]
        if code == "start_contact":
            gebeurtenissen += [
                Gebeurtenis(
                    "veiligheidsbeoordeling_afgerond",
                    op + timedelta(minutes=1),
                    {
                        "besluit": "lokaal_veld",
                        "onderbouwing": "simulatie",
                        "beoordelaars": ["a", "b"],
                    },
                ),
                Gebeurtenis(
                    "overdracht",
                    op + timedelta(minutes=2),
                    {"moment": "direct", "naar": [lv], "wijze": "digitaal", "informatie": DIRECT},
                ),
            ]
        casus = fold(gebeurtenissen, op + timedelta(minutes=3), self.afspraken)
        self.gevouwen += 1
        termijn = next(t for t in casus.termijnen if t.code == code)
        assert termijn.uiterlijk is not None
        return termijn.partij, (termijn.uiterlijk - self.begin).days


def _plus_maanden(d: datetime, n: int) -> datetime:
    jaar, maand = divmod(d.month - 1 + n, 12)
    return d.replace(year=d.year + jaar, month=maand + 1, day=1)


def per_partij(uitkomst: Uitkomst) -> dict[str, list[dict[str, float | None]]]:
    """The outcome as rows per party: one dict per month."""
    uit: dict[str, list[dict[str, float | None]]] = defaultdict(list)
    for partij in uitkomst.partijen():
        for i, _m in enumerate(uitkomst.maanden):
            uit[partij].append(
                {
                    "instroom": float(uitkomst.instroom[(partij, i)]),
                    "achterstand": float(uitkomst.achterstand[(partij, i)]),
                    "op_tijd": uitkomst.aandeel_op_tijd(partij, i),
                }
            )
    return dict(uit)


__all__ = ["AMSTERDAM", "Invoer", "Uitkomst", "per_partij", "simuleer", "standaard_capaciteit"]
