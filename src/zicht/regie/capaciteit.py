"""Capacity outlook (§1.3, §2a "voldoende capaciteit"): a discrete-event simulation (SimPy).

Synthetic meldingen arrive per gemeente (Poisson, at the measured inflow per month): SimPy
drives the clock and each melding draws its work times as it arrives (`scenario`). Veilig
Thuis assesses them with a limited number of parallel assessments; the share measured to go to
the lokaal veld is handed over directly, and the gemeente's lokaal veld starts contact with a
limited number of parallel intakes (`bedien`: each party a FIFO queue, `Loket`). Whether a
term was met on time comes from the real engine (`zicht.core.engine`): a synthetic case per
starting day is folded and its deadline, by the agreement's working-day calendar, kept
(`Termijnen`). The outcome: per party and month, the inflow, the backlog at month end and the
on-time share. A what-if changes one party's capacity and serves the *same* meldingen again
(common random numbers), so a scenario drawn once per refresh serves every what-if in a
fraction of a second. Pure Python (no Django): inputs come as `Invoer`.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import random
from collections import Counter, defaultdict
from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
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
    starts when a place is free (the earliest one), in the order the cases arrived. Cases are
    offered in time order (SimPy's clock, or sorted by the moment they reach the party), so
    this is exact FIFO."""

    def __init__(self, capaciteit: int) -> None:
        self.vrij = [0.0] * capaciteit  # a heap of the moments each place becomes free
        self.aankomst: list[float] = []
        self.klaar: list[float] = []
        self._klaar_gesorteerd: list[float] | None = None

    def neem(self, nu: float, duur: float) -> float:
        """The moment the case offered now is done."""
        begin = max(nu, self.vrij[0])
        einde = begin + duur
        heapq.heapreplace(self.vrij, einde)
        self.aankomst.append(nu)
        self.klaar.append(einde)
        self._klaar_gesorteerd = None
        return einde

    def achterstand(self, t: float) -> int:
        """Cases offered by `t` and not done by then (waiting or being worked on)."""
        if self._klaar_gesorteerd is None:
            self._klaar_gesorteerd = sorted(self.klaar)
        return bisect.bisect_right(self.aankomst, t) - bisect.bisect_right(
            self._klaar_gesorteerd, t
        )


@dataclass(frozen=True)
class Scenario:
    """The synthetic meldingen of an outlook, drawn once by the SimPy run: when each arrives
    and in which gemeente, its work time at Veilig Thuis, whether the assessment hands it over
    to the lokaal veld, and its work time there. None of it depends on capacity, so every
    what-if serves the same meldingen (common random numbers: a difference between two
    capacities is the capacity's, not the dice's). Days from `start`, in arrival order."""

    start: datetime  # midnight, Europe/Amsterdam
    grenzen: tuple[float, ...]  # month boundaries (maanden + 1)
    gemeenten: tuple[str, ...]
    melding: list[float]
    gemeente: list[int]  # index into `gemeenten`
    beoordeling: list[float]
    naar_lokaal_veld: list[bool]
    contact: list[float]

    @property
    def maanden(self) -> int:
        return len(self.grenzen) - 1

    def als_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "grenzen": list(self.grenzen),
            "gemeenten": list(self.gemeenten),
            "melding": self.melding,
            "gemeente": self.gemeente,
            "beoordeling": self.beoordeling,
            "naar_lokaal_veld": self.naar_lokaal_veld,
            "contact": self.contact,
        }

    @classmethod
    def uit_json(cls, d: Mapping[str, Any]) -> Scenario:
        return cls(
            start=datetime.fromisoformat(d["start"]),
            grenzen=tuple(d["grenzen"]),
            gemeenten=tuple(d["gemeenten"]),
            melding=d["melding"],
            gemeente=d["gemeente"],
            beoordeling=d["beoordeling"],
            naar_lokaal_veld=d["naar_lokaal_veld"],
            contact=d["contact"],
        )


def scenario(invoer: Invoer) -> Scenario:
    """SimPy drives the clock: meldingen arrive per gemeente (Poisson, at the measured inflow)
    until the end of the outlook; each draws its work times as it arrives."""
    rnd = random.Random(invoer.zaad)
    env = simpy.Environment()
    start = invoer.start.astimezone(AMSTERDAM).replace(hour=0, minute=0, second=0, microsecond=0)
    maanden = [_plus_maanden(start, i) for i in range(invoer.maanden + 1)]
    grenzen = tuple((m - start).total_seconds() / 86400 for m in maanden)
    eind = grenzen[-1]
    gemeenten = tuple(sorted(invoer.instroom_per_maand))
    melding: list[float] = []
    gemeente: list[int] = []
    beoordeling: list[float] = []
    naar_lokaal_veld: list[bool] = []
    contact: list[float] = []

    def bron(index: int, per_maand: float) -> Generator[simpy.events.Event, Any, None]:
        per_dag = per_maand * 12 / 365
        while per_dag > 0:
            yield env.timeout(rnd.expovariate(per_dag))
            if env.now >= eind:
                return
            melding.append(env.now)
            gemeente.append(index)
            beoordeling.append(_trekking(rnd, invoer.beoordeling_dagen))
            naar_lokaal_veld.append(rnd.random() < invoer.aandeel_lokaal_veld)
            contact.append(_trekking(rnd, invoer.contact_dagen))

    for index, g in enumerate(gemeenten):
        env.process(bron(index, invoer.instroom_per_maand[g]))
    env.run(until=eind)
    return Scenario(
        start, grenzen, gemeenten, melding, gemeente, beoordeling, naar_lokaal_veld, contact
    )


def simuleer(
    invoer: Invoer,
    afspraken: Afspraken | None = None,
    termijnen: Termijnen | None = None,
    meldingen: Scenario | None = None,
) -> Uitkomst:
    """The outlook at `invoer.capaciteit` (or the standard capacity): the scenario's meldingen
    (drawn by SimPy, or given: the same for every what-if) through the parties' queues."""
    capaciteit = invoer.capaciteit or standaard_capaciteit(invoer)
    sc = meldingen or scenario(invoer)
    if termijnen is None:
        termijnen = Termijnen(afspraken or laad_afspraken(), sc.start.date())
    return bedien(sc, capaciteit, termijnen, invoer.maanden)


def bedien(
    sc: Scenario, capaciteit: Mapping[str, int], termijnen: Termijnen, maanden: int
) -> Uitkomst:
    """Veilig Thuis assesses the meldingen in arrival order with its parallel places; the
    ones handed over reach their lokaal veld when the assessment is done, and wait there in
    the order they arrive. Then the real engine's deadlines say which terms were met on time.
    The first `maanden` months of the scenario (a longer scenario gives the same months)."""
    grenzen = sc.grenzen[: maanden + 1]
    eind = grenzen[-1]
    uitkomst = Uitkomst([_plus_maanden(sc.start, i) for i in range(maanden)])
    n = bisect.bisect_left(sc.melding, eind)  # the meldingen before the end
    melding, beoordeling, gemeente = sc.melding[:n], sc.beoordeling, sc.gemeente
    naar, contact = sc.naar_lokaal_veld, sc.contact
    lokale_velden = [f"lokaal_veld:{g}" for g in sc.gemeenten]
    loketten = {p: Loket(c) for p, c in capaciteit.items()}

    # Veilig Thuis, in arrival order (the loop is `Loket.neem`, inlined: a what-if at the
    # scale of a million cases replays a hundred thousand meldingen within a page's time).
    vt = loketten[VEILIG_THUIS]
    vrij, vervang = vt.vrij, heapq.heapreplace
    klaar_vt: list[float] = []
    klaar = klaar_vt.append
    for t0, duur in zip(melding, beoordeling, strict=False):
        eerst_vrij = vrij[0]
        t1 = (t0 if t0 > eerst_vrij else eerst_vrij) + duur
        vervang(vrij, t1)
        klaar(t1)
    vt.aankomst, vt.klaar = melding, klaar_vt

    # The hand-overs reach their lokaal veld when the assessment is done, in that order (per
    # gemeente by that moment, then by arrival). The bookkeeping around the queues is done on
    # arrays (numpy, with matplotlib already a dependency); the queues stay one loop each.
    vt_klaar = np.array(klaar_vt)
    gi = np.array(gemeente[:n], dtype=np.intp)
    heeft_lv = np.array([lv in loketten for lv in lokale_velden], dtype=bool)
    gekozen = np.flatnonzero(np.array(naar[:n], dtype=bool) & (vt_klaar < eind) & heeft_lv[gi])
    gekozen = gekozen[np.lexsort((vt_klaar[gekozen], gi[gekozen]))]  # stable: ties by arrival
    grens = np.searchsorted(gi[gekozen], np.arange(len(lokale_velden) + 1))
    contact_np = np.array(contact[:n])

    # The terms: each deadline from the engine (per day, `Termijnen`), counted in its month.
    einddag = math.floor(eind)
    maand_van_dag = np.array([bisect.bisect_right(grenzen, d) - 1 for d in range(einddag + 1)])
    vervallen: dict[str, list[int]] = {}
    op_tijd: dict[str, list[int]] = {}
    for g, lv in enumerate(lokale_velden):
        deel = gekozen[grens[g] : grens[g + 1]]
        if not len(deel):
            continue
        loket = loketten[lv]
        vrij = loket.vrij
        aankomst = vt_klaar[deel]
        klaar_lv: list[float] = []
        klaar = klaar_lv.append
        for t, duur in zip(aankomst.tolist(), contact_np[deel].tolist(), strict=True):
            eerst_vrij = vrij[0]
            t2 = (t if t > eerst_vrij else eerst_vrij) + duur
            vervang(vrij, t2)
            klaar(t2)
        loket.aankomst, loket.klaar = aankomst.tolist(), klaar_lv
        uiterlijk_op = np.array(termijnen.dagen("start_contact", sc.gemeenten[g], einddag))
        vervallen[lv], op_tijd[lv] = _termijnen(
            uiterlijk_op[aankomst.astype(np.intp)],
            np.array(klaar_lv),
            einddag,
            maand_van_dag,
            maanden,
        )

    if n:
        beoordeling_op = np.array(
            [termijnen.dagen("veiligheidsbeoordeling", g, einddag) for g in sc.gemeenten]
        )
        partij = termijnen.partij("veiligheidsbeoordeling", sc.gemeenten[0])
        vervallen[partij], op_tijd[partij] = _termijnen(
            beoordeling_op[gi, np.array(melding).astype(np.intp)],
            vt_klaar,
            einddag,
            maand_van_dag,
            maanden,
        )
        vt._klaar_gesorteerd = np.sort(vt_klaar).tolist()

    for partij, loket in loketten.items():
        if loket.aankomst:
            for m, (van, tot) in enumerate(itertools.pairwise(grenzen)):
                uitkomst.instroom[(partij, m)] = bisect.bisect_left(
                    loket.aankomst, tot
                ) - bisect.bisect_left(loket.aankomst, van)
                uitkomst.achterstand[(partij, m)] = loket.achterstand(tot)
    for partij, per_maand in vervallen.items():
        for m in range(maanden):
            if per_maand[m]:
                uitkomst.vervallen[(partij, m)] += per_maand[m]
                uitkomst.op_tijd[(partij, m)] += op_tijd[partij][m]
    uitkomst.casussen = n
    return uitkomst


def _termijnen(
    uiterlijk: Any, klaar: Any, einddag: int, maand_van_dag: Any, maanden: int
) -> tuple[list[int], list[int]]:
    """Per month: the terms due (deadline before the end's day) and those met on or before
    their deadline's day (arrays of deadlines and of the moments the work was done)."""
    vervallen = uiterlijk < einddag
    op_tijd = vervallen & (klaar < uiterlijk + 1)
    return (
        np.bincount(maand_van_dag[uiterlijk[vervallen]], minlength=maanden).tolist(),
        np.bincount(maand_van_dag[uiterlijk[op_tijd]], minlength=maanden).tolist(),
    )


def eerste_maanden(u: Uitkomst, maanden: int) -> Uitkomst:
    """The first `maanden` months of an outcome: what `bedien` gives for that many months (a
    month's figures depend only on what happened up to its end)."""
    uit = Uitkomst(u.maanden[:maanden])
    for naam in ("instroom", "achterstand", "vervallen", "op_tijd"):
        teller = getattr(uit, naam)
        for (p, i), n in getattr(u, naam).items():
            if i < maanden:
                teller[(p, i)] = n
    uit.casussen = sum(n for (p, _), n in uit.instroom.items() if p == VEILIG_THUIS)
    return uit


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
        self._dagen: dict[tuple[str, str, int], list[int]] = {}
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

    def dagen(self, code: str, gemeente: str, tot: int) -> list[int]:
        """The deadline (days from the beginning) of a term starting on each day 0..tot."""
        sleutel = (self.subregio[gemeente], code, tot)
        if sleutel not in self._dagen:
            self._dagen[sleutel] = [self.uiterlijk(code, gemeente, d)[1] for d in range(tot + 1)]
        return self._dagen[sleutel]

    def partij(self, code: str, gemeente: str) -> str:
        return self.uiterlijk(code, gemeente, 0)[0]

    def als_json(self) -> list[list[Any]]:
        """What was folded, to keep with a scenario: the next run folds nothing again."""
        return [[*k, *v] for k, v in self._bekend.items()]

    def neem_over(self, bekend: Sequence[Sequence[Any]]) -> None:
        for subregio, code, dag, partij, uiterlijk in bekend:
            self._bekend[(subregio, code, dag)] = (partij, uiterlijk)

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
