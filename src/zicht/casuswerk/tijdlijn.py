"""The responsibility bar: who held zicht op veiligheid from the melding until now.

Computes lanes (one per party) with periods as percentages of the time since the melding, for a
server-rendered SVG, plus the same periods as rows for the text alternative (a table).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from zicht.toepassing import teksten

BAAN_HOOGTE = 34  # px per lane in the SVG
AS_HOOGTE = 30


@dataclass
class Periode:
    x: float  # percent of the width
    breedte: float
    van: str
    tot: str
    lopend: bool


@dataclass
class Baan:
    partij: str
    naam: str
    y_tekst: int
    y_balk: int
    soort: str
    perioden: list[Periode] = field(default_factory=list)


@dataclass
class Overgang:
    nummer: int
    x: float
    moment: str
    tekst: str


@dataclass
class Tijdlijn:
    banen: list[Baan]
    overgangen: list[Overgang]
    rijen: list[dict[str, Any]]
    begin: str
    eind: str
    hoogte: int
    as_y: int


def _pct(m: datetime, begin: datetime, duur: float) -> float:
    return round(100 * max(0.0, (m - begin).total_seconds()) / duur, 2) if duur else 0.0


def tijdlijn(
    toestand: dict[str, Any], melding_op: datetime | None, nu: datetime
) -> Tijdlijn | None:
    historie = toestand.get("zicht_historie", [])
    if melding_op is None:
        return None
    eind = max(nu, *(datetime.fromisoformat(r["van"]) for r in historie)) if historie else nu
    duur = (eind - melding_op).total_seconds()
    banen: dict[str, Baan] = {}
    overgangen: list[Overgang] = []
    rijen = []
    for r in historie:
        van = datetime.fromisoformat(r["van"])
        tot = datetime.fromisoformat(r["tot"]) if r["tot"] else eind
        if r["partij"] not in banen:
            y = AS_HOOGTE // 2 + len(banen) * BAAN_HOOGTE
            soort = r["partij"].split(":", 1)[0]
            banen[r["partij"]] = Baan(
                r["partij"], teksten.partijnaam(r["partij"]), y + 12, y + 16, soort
            )
        x = _pct(van, melding_op, duur)
        banen[r["partij"]].perioden.append(
            Periode(
                x,
                max(0.6, _pct(tot, melding_op, duur) - x),
                teksten.moment(van),
                teksten.moment(tot),
                not r["tot"],
            )
        )
        if not overgangen or overgangen[-1].moment != teksten.moment(van):
            overgangen.append(Overgang(len(overgangen) + 1, x, teksten.moment(van), ""))
        overgangen[-1].tekst = ", ".join(
            filter(None, [overgangen[-1].tekst, teksten.partijnaam(r["partij"])])
        )
        rijen.append(
            {
                "partij": teksten.partijnaam(r["partij"]),
                "van": teksten.moment(van),
                "tot": teksten.moment(r["tot"]) if r["tot"] else "nu",
            }
        )
    hoogte = AS_HOOGTE // 2 + max(1, len(banen)) * BAAN_HOOGTE + AS_HOOGTE
    return Tijdlijn(
        list(banen.values()),
        overgangen,
        rijen,
        teksten.moment(melding_op),
        teksten.moment(eind),
        hoogte,
        hoogte - 8,
    )
