"""Synthetic cases in bulk for `zicht genereer`: the rows the store writes on append.

Each case follows a story of `verhalen.py` (the same templates as `zicht demo`, which the engine
accepts), cut at its phase and at `nu`. Rows are exactly what `DjangoStore.voeg_toe` writes:
the event with its keyed hash chain and the case with `laatste_seq` and its seal (both from
the store's bulk interface, `zicht.store.bulk`), the family, the free text as `Notitie`.
PostgreSQL gets them with COPY, in batches, from worker processes; another database through
the ORM (small numbers, for tests). Projections come afterwards from the store's rebuild.
"""

from __future__ import annotations

import random
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from zicht.casuswerk.demodata.namen import ACHTERNAMEN, VOORNAMEN_KIND, VOORNAMEN_VOLWASSEN
from zicht.casuswerk.demodata.verhalen import FASEN, VT, Fase, Stap, tot_stop, verhaal
from zicht.store.projectie import afspraakversie, afspraken
from zicht.store.regio import regio
from zicht.toepassing.vrije_tekst import apart

# Inhabitants on 1 January 2024 (CBS, rounded): cases per gemeente follow the population.
INWONERS = {
    "Maastricht": 122_000,
    "Heerlen": 87_000,
    "Sittard-Geleen": 91_000,
    "Kerkrade": 45_000,
    "Landgraaf": 37_000,
    "Brunssum": 27_000,
    "Beekdaelen": 35_000,
    "Stein": 24_000,
    "Eijsden-Margraten": 25_000,
    "Meerssen": 19_000,
    "Valkenburg aan de Geul": 16_000,
    "Beek": 15_000,
    "Gulpen-Wittem": 14_000,
    "Voerendaal": 12_000,
    "Simpelveld": 10_000,
    "Vaals": 10_000,
}
EERSTE_DAG = date(2022, 2, 1)  # the first agreement version holds from 2022-01-20
# Share of the cases that are history (closed long ago); the rest is spread over the phases of
# `zicht demo` (open, overdue, in service, monitoring, recently closed).
HISTORIE = 0.8
AFGESLOTEN = tuple(f for f in FASEN if f.naam in {"stabiel", "stabiel_na_monitoring", "gesloten"})
AFGESLOTEN_GEWICHT = (
    70,
    20,
    10,
)  # direct to lokaal veld / after a service with monitoring / without


@dataclass
class Casusrijen:
    """The rows of one case, as the store writes them."""

    id: str
    aangemaakt_op: datetime
    laatste_seq: int
    naam: str
    personen: list[dict[str, Any]]
    gebeurtenissen: list[dict[str, Any]] = field(default_factory=list)
    notities: list[tuple[str, str]] = field(default_factory=list)  # (sleutel, tekst)
    zegel: str = ""


@cache
def _versie(gemeente: str, dag: date) -> str:
    return afspraakversie(afspraken(regio()).regels(gemeente, dag).kenmerk)


def _gemeenten(rnd: random.Random) -> list[str]:
    namen = list(INWONERS)
    eerste = rnd.choices(namen, list(INWONERS.values()))[0]
    if rnd.random() < 0.05:  # a family in two gemeenten of the same subregion (§5.2.4)
        alle = afspraken(regio()).gemeenten()
        buren = [g for g in namen if g != eerste and alle[g].subregio == alle[eerste].subregio]
        return [eerste, rnd.choice(buren)]
    return [eerste]


def _gezin(rnd: random.Random) -> tuple[str, list[dict[str, Any]]]:
    achternaam = rnd.choice(ACHTERNAMEN)
    personen = [
        {"naam": f"{rnd.choice(VOORNAMEN_VOLWASSEN)} {achternaam}", "rol": "ouder", "gezag": True}
    ]
    personen += [
        {"naam": f"{rnd.choice(VOORNAMEN_KIND)} {achternaam}", "rol": "kind", "gezag": False}
        for _ in range(rnd.randint(1, 3))
    ]
    gezin = f"Gezin {_dubbel(achternaam, personen)}"
    return gezin, [{"id": f"p{i}", **x} for i, x in enumerate(personen, start=1)]


def _dubbel(achternaam: str, personen: list[dict[str, Any]]) -> str:
    """The family's name, spread as real ones are: the most common ~0.5% of families (as "de
    Jong" in the Netherlands), most rare. One in five keeps the name of the list, the rest get
    a double name (~1,800 of them); with the list alone a million families would share fewer
    than fifty names, and looking a family up by name would read tens of thousands of rows.
    Chosen from the first names already drawn, not from `rnd`: every seed gives the same
    cases as before, only the family names differ."""
    h = zlib.crc32("|".join(p["naam"] for p in personen).encode())
    if h % 5 == 0:
        return achternaam
    return f"{achternaam}-{ACHTERNAMEN[(h // 5) % len(ACHTERNAMEN)]}"


def _fase(rnd: random.Random) -> tuple[Fase, bool]:
    if rnd.random() < HISTORIE:
        return rnd.choices(AFGESLOTEN, AFGESLOTEN_GEWICHT)[0], True
    return rnd.choices(FASEN, [f.gewicht for f in FASEN])[0], False


def _uuid(rnd: random.Random) -> str:
    return str(uuid.UUID(int=rnd.getrandbits(128), version=4))


def casus(rnd: random.Random, nu: datetime, fase: Fase | None = None) -> Casusrijen:
    """One synthetic case up to `nu` (aware, Europe/Amsterdam)."""
    historisch = False
    if fase is None:
        fase, historisch = _fase(rnd)
    gemeenten = _gemeenten(rnd)
    naam, personen = _gezin(rnd)
    if historisch:
        dagen = max(1, (nu.date() - EERSTE_DAG).days - 530)
        melding = nu - timedelta(days=530 + rnd.randrange(dagen))
    else:
        melding = nu - timedelta(days=rnd.randint(*fase.leeftijd))
    melding = melding.replace(
        hour=rnd.randint(8, 16), minute=rnd.choice([0, 15, 30, 45]), second=0, microsecond=0
    )
    if melding > nu:
        melding = nu - timedelta(hours=rnd.randint(1, 6))
    zorgaanbieder = "zorgaanbieder:Xonar" if rnd.random() < 0.6 else "zorgaanbieder:Zorgpunt Zuid"
    betrokkenen = [{"id": x["id"], "rol": x["rol"], "gezag": x["gezag"]} for x in personen]
    stappen = tot_stop(
        verhaal(rnd, fase, gemeenten, betrokkenen, melding.date(), zorgaanbieder), fase.stop_na
    )
    if fase.naam == "monitoring" and rnd.random() < 0.3:  # an incident during monitoring
        stappen = _met_incident(rnd, stappen)
    versie = _versie(gemeenten[0], melding.date())
    rijen = Casusrijen(
        _uuid(rnd),
        melding,
        0,
        naam,
        [{"id": x["id"], "naam": x["naam"], "rol": x["rol"]} for x in personen],
    )
    anoniem = stappen[0].velden.get("bron") == "anoniem"
    from zicht.store import bulk  # Django's settings: loaded when the first case is made

    for stap in stappen:
        op = melding + timedelta(days=stap.dag)
        if op > nu or (anoniem and stap.type == "melder_geinformeerd"):
            continue
        velden, teksten = apart(stap.velden)
        rijen.notities += [(str(uuid.UUID(s)), t) for s, t in teksten.items()]
        rijen.gebeurtenissen.append(
            {
                "seq": rijen.laatste_seq + 1,
                "type": stap.type,
                "payload": velden,
                "occurred_at": op,
                "recorded_at": op,
                "actor": stap.door[0],
                "organisatie": stap.door[1],
                "afspraakversie": versie,
            }
        )
        rijen.laatste_seq += 1
    rijen.zegel = bulk.keten(rijen.id, rijen.gebeurtenissen)  # the keyed chain, as appended
    return rijen


def _met_incident(rnd: random.Random, stappen: list[Stap]) -> list[Stap]:
    incident = Stap(rnd.uniform(140, 190), "incident", {"omschrijving": "Synthetisch."}, VT)
    return sorted([*stappen, incident], key=lambda s: s.dag)


def casussen(aantal: int, zaad: int, nu: datetime) -> Iterator[Casusrijen]:
    rnd = random.Random(zaad)
    for _ in range(aantal):
        yield casus(rnd, nu)
