"""The dashboard's tables, computed from the monthly regie tables with small-number protection.

Every table is built for *all* areas (region, subregions, gemeenten) so that suppression is the
same whoever looks; a viewer then gets only the rows of the areas they may see (`Bereik`).
Cells are strings as shown ("<5" for a suppressed count); exports use the same strings.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.db.models import Sum

from zicht.core.gebeurtenissen import BESLUITEN, BRONNEN
from zicht.core.toestand import TERMIJNNAMEN
from zicht.regie.feiten import STAPPEN
from zicht.regie.models import (
    DoorlooptijdCijfer,
    GebeurtenisCijfer,
    InstroomCijfer,
    TermijnCijfer,
)
from zicht.regie.onderdrukking import DREMPEL, Relatie, onderdruk
from zicht.toepassing import teksten

REGIO = "regio"
REGIONAAM = "Zuid-Limburg"
MATEN = ("vervallen", "op_tijd", "te_laat", "verlopen")
ALLE = "*"
BRONNAMEN = {
    "professional": "Professional",
    "burger": "Burger",
    "politie": "Politie",
    "anoniem": "Anoniem",
}
BESLUITNAMEN = {
    "onderzoek": "Onderzoek",
    "voorwaarden_en_vervolg": "Voorwaarden en vervolg",
    "lokaal_veld": "Lokaal veld",
    "betrokken_professional": "Betrokken professional",
    "multidisciplinair": "Multidisciplinair",
    "clientsysteem": "Cliëntsysteem",
    "": "Nog niet beoordeeld",
}
OPSCHALINGSNAMEN = {
    "gedragswetenschappers": "Gedragswetenschappers",
    "leidinggevenden": "Leidinggevenden",
    "zorg_en_veiligheidshuis": "Zorg- en Veiligheidshuis",
    "raad_voor_de_kinderbescherming": "Raad voor de Kinderbescherming",
    "politie": "Politie",
}
MAANDNAMEN = [
    *("januari", "februari", "maart", "april", "mei", "juni"),
    *("juli", "augustus", "september", "oktober", "november", "december"),
]


def maandnaam(m: date) -> str:
    return f"{MAANDNAMEN[m.month - 1]} {m.year}"


class Gebieden:
    """The region's areas: gemeente -> subregion name (from the agreement data)."""

    def __init__(self, subregio_van: Mapping[str, str]) -> None:
        self.subregio_van = dict(subregio_van)
        self.subregios = sorted(set(self.subregio_van.values()))
        self._gemeenten = {
            s: sorted(g for g, x in self.subregio_van.items() if x == s) for s in self.subregios
        }
        self._alle = [REGIO]
        for s in self.subregios:
            self._alle += [f"subregio:{s}", *(f"gemeente:{g}" for g in self._gemeenten[s])]

    def gemeenten(self, subregio: str | None = None) -> list[str]:
        if subregio is None:
            return sorted(self.subregio_van)
        return self._gemeenten.get(subregio, [])

    def alle(self) -> list[str]:
        """Area keys: `regio`, `subregio:<naam>`, `gemeente:<naam>`."""
        return self._alle

    def naam(self, gebied: str) -> str:
        return REGIONAAM if gebied == REGIO else gebied.split(":", 1)[1]

    def van_gemeente(self, gemeente: str) -> list[str]:
        """The areas a gemeente's figures count in."""
        return [REGIO, f"subregio:{self.subregio_van[gemeente]}", f"gemeente:{gemeente}"]

    def relaties(self, rest: Iterable[Hashable]) -> list[Relatie]:
        """Region = its subregions, a subregion = its gemeenten, for every other coordinate."""
        uit: list[Relatie] = []
        for r in rest:
            uit.append(((REGIO, r), [(f"subregio:{s}", r) for s in self.subregios]))
            for s in self.subregios:
                uit.append(
                    ((f"subregio:{s}", r), [(f"gemeente:{g}", r) for g in self.gemeenten(s)])
                )
        return uit

    def optellen(self, per_gemeente: Mapping[tuple[str, Any], int]) -> Counter[tuple[str, Any]]:
        """Per-gemeente counts `(gemeente, x)` summed into every area `(gebied, x)`."""
        uit: Counter[tuple[str, Any]] = Counter()
        for (g, x), n in per_gemeente.items():
            if g in self.subregio_van:
                for gebied in self.van_gemeente(g):
                    uit[(gebied, x)] += n
        return uit


@dataclass(frozen=True)
class Bereik:
    """Which areas a viewer sees: a gemeente's beleidsmedewerker its own gemeente, its
    subregion and the region; Veilig Thuis all (SPEC §1, issue 13)."""

    gebieden: frozenset[str]

    @classmethod
    def alles(cls, g: Gebieden) -> Bereik:
        return cls(frozenset(g.alle()))

    @classmethod
    def gemeente(cls, g: Gebieden, gemeente: str) -> Bereik:
        return cls(frozenset(g.van_gemeente(gemeente)))


@dataclass(frozen=True)
class Keuze:
    van: date  # first month (first day)
    tot: date  # last month (first day), inclusive
    gebied: str = REGIO
    partij: str = ""  # "" all parties


@dataclass
class Tabel:
    sleutel: str
    titel: str
    kolommen: list[str]
    rijen: list[tuple[str, list[str]]] = field(default_factory=list)
    toelichting: str = ""
    grafiek: str = ""  # accessible SVG (grafieken.py), drawn from the same shown numbers

    @property
    def verborgen(self) -> bool:
        """Whether a cell is hidden as "×" (complementary suppression): the page explains it."""
        return any(VERBORGEN in cellen for _, cellen in self.rijen)


def _maanden(k: Keuze) -> dict[str, Any]:
    return {"maand__gte": k.van, "maand__lte": k.tot}


def _pct(deel: int, geheel: int, verborgen: bool) -> str:
    if verborgen or geheel == 0:
        return "—"
    return f"{round(100 * deel / geheel)}%"


VERBORGEN = "×"  # a count of 5 or more, hidden so that no total gives a "<5" away


def _getal(n: int, verborgen: bool) -> str:
    """A count as shown: "<5" under the threshold, "×" when hidden so that no total gives
    another cell away (complementary suppression)."""
    if not verborgen:
        return str(n)
    return "<5" if n < DREMPEL else VERBORGEN


# ---- terms ------------------------------------------------------------------------------


def termijn_kubus(
    g: Gebieden, k: Keuze
) -> tuple[Counter[tuple[str, Any]], set[Hashable], list[str]]:
    """Counts (gebied, (code, maat)) for all areas, the hidden keys, the codes present."""
    rijen = TermijnCijfer.objects.filter(**_maanden(k))
    if k.partij:
        rijen = rijen.filter(partij=k.partij)
    per_gemeente: Counter[tuple[str, Any]] = Counter()
    codes: set[str] = set()
    for r in rijen.values("gemeente", "code").annotate(
        vervallen=Sum("vervallen"),
        op_tijd=Sum("op_tijd"),
        te_laat=Sum("te_laat"),
        verlopen=Sum("verlopen"),
    ):
        codes.add(r["code"])
        for maat in MATEN:
            per_gemeente[(r["gemeente"], (r["code"], maat))] += r[maat]
            per_gemeente[(r["gemeente"], (ALLE, maat))] += r[maat]
    codes.add("gemeente_reactie")  # its own table (§5.5), also when there is none
    volgorde = [c for c in TERMIJNNAMEN if c in codes] + sorted(codes - set(TERMIJNNAMEN))
    kubus = g.optellen(per_gemeente)
    cellen = {
        (gebied, (c, m)): kubus[(gebied, (c, m))]
        for gebied in g.alle()
        for c in [*volgorde, ALLE]
        for m in MATEN
    }
    relaties: list[Relatie] = []
    for gebied in g.alle():
        for c in [*volgorde, ALLE]:
            relaties.append(((gebied, (c, "vervallen")), [(gebied, (c, m)) for m in MATEN[1:]]))
        for m in MATEN:
            relaties.append(((gebied, (ALLE, m)), [(gebied, (c, m)) for c in volgorde]))
    relaties += g.relaties((c, m) for c in [*volgorde, ALLE] for m in MATEN)
    return kubus, onderdruk(cellen, relaties), volgorde


TERMIJNKOLOMMEN = [
    "Vervallen",
    "Op tijd",
    "Op tijd (%)",
    "Te laat",
    "Te laat (%)",
    "Nu verlopen",
    "Nu verlopen (%)",
]


def _termijnrij(
    kubus: Mapping[tuple[str, Any], int], verborgen: set[Hashable], gebied: str, code: str
) -> list[str]:
    def n(m: str) -> int:
        return kubus.get((gebied, (code, m)), 0)

    def weg(m: str) -> bool:
        return (gebied, (code, m)) in verborgen

    totaal, totaal_weg = n("vervallen"), weg("vervallen")
    cellen = [_getal(totaal, totaal_weg)]
    for m in MATEN[1:]:
        cellen += [_getal(n(m), weg(m)), _pct(n(m), totaal, weg(m) or totaal_weg)]
    return cellen


def termijntabellen(g: Gebieden, k: Keuze, bereik: Bereik) -> list[Tabel]:
    kubus, verborgen, codes = termijn_kubus(g, k)
    naam = g.naam(k.gebied)
    per_code = Tabel(
        "termijnen",
        f"Termijnen in {naam} per soort",
        ["Termijn", *TERMIJNKOLOMMEN],
        toelichting="Termijnen waarvan de uiterste dag in de gekozen periode viel en voorbij is.",
    )
    for c in codes:
        if c == "gemeente_reactie" and not kubus.get((k.gebied, (c, "vervallen"))):
            continue
        naam_code = TERMIJNNAMEN.get(c, c)
        per_code.rijen.append(
            (naam_code[0].upper() + naam_code[1:], _termijnrij(kubus, verborgen, k.gebied, c))
        )
    per_code.rijen.append(("Alle termijnen", _termijnrij(kubus, verborgen, k.gebied, ALLE)))
    per_gebied = Tabel(
        "termijnen_per_gebied",
        "Alle termijnen per gebied",
        ["Gebied", *TERMIJNKOLOMMEN],
    )
    for gebied in g.alle():
        if gebied in bereik.gebieden:
            per_gebied.rijen.append((g.naam(gebied), _termijnrij(kubus, verborgen, gebied, ALLE)))
    reactie = Tabel(
        "niet_nakomen",
        "Reactie van de gemeente op niet-nakomen binnen zes weken (§5.5)",
        ["Gebied", *TERMIJNKOLOMMEN],
    )
    for gebied in g.alle():
        if gebied in bereik.gebieden:
            reactie.rijen.append(
                (g.naam(gebied), _termijnrij(kubus, verborgen, gebied, "gemeente_reactie"))
            )
    return [per_code, per_gebied, reactie]


def partijtabel(g: Gebieden, k: Keuze) -> Tabel:
    """All terms per party in the chosen area; the area's total counts as published."""
    rijen = TermijnCijfer.objects.filter(**_maanden(k))
    if k.gebied.startswith("subregio:"):
        rijen = rijen.filter(subregio=g.naam(k.gebied))
    elif k.gebied.startswith("gemeente:"):
        rijen = rijen.filter(gemeente=g.naam(k.gebied))
    tellingen: dict[str, dict[str, int]] = {}
    for r in rijen.values("partij").annotate(
        vervallen=Sum("vervallen"),
        op_tijd=Sum("op_tijd"),
        te_laat=Sum("te_laat"),
        verlopen=Sum("verlopen"),
    ):
        tellingen[r["partij"]] = {m: r[m] for m in MATEN}
    partijen = sorted(tellingen, key=lambda p: teksten.partijnaam(p))
    cellen = {(p, m): tellingen[p][m] for p in partijen for m in MATEN}
    relaties: list[Relatie] = [((p, "vervallen"), [(p, m) for m in MATEN[1:]]) for p in partijen]
    relaties += [((ALLE, m), [(p, m) for p in partijen]) for m in MATEN]
    verborgen = onderdruk(cellen, relaties)
    tabel = Tabel(
        "termijnen_per_partij",
        f"Alle termijnen per partij in {g.naam(k.gebied)}",
        ["Partij", *TERMIJNKOLOMMEN],
    )
    for p in partijen:
        kubus = {(p, (ALLE, m)): tellingen[p][m] for m in MATEN}
        weg: set[Hashable] = {(p, (ALLE, m)) for m in MATEN if (p, m) in verborgen}
        tabel.rijen.append((teksten.partijnaam(p), _termijnrij(kubus, weg, p, ALLE)))
    return tabel


# ---- lead times -------------------------------------------------------------------------


def percentiel(histogram: Mapping[int, int], fractie: float) -> int | None:
    """Nearest-rank percentile of a histogram {days: count}."""
    totaal = sum(histogram.values())
    if totaal == 0:
        return None
    rang = max(1, math.ceil(fractie * totaal))
    gezien = 0
    for dagen in sorted(histogram):
        gezien += histogram[dagen]
        if gezien >= rang:
            return dagen
    return None  # pragma: no cover


def doorlooptabel(g: Gebieden, k: Keuze, bereik: Bereik) -> Tabel:
    histogrammen: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    rijen = (
        DoorlooptijdCijfer.objects.filter(**_maanden(k))
        .values("gemeente", "stap", "dagen")
        .annotate(n=Sum("aantal"))
    )
    for r in rijen:
        if r["gemeente"] in g.subregio_van:
            for gebied in g.van_gemeente(r["gemeente"]):
                histogrammen[(gebied, r["stap"])][r["dagen"]] += r["n"]
    aantallen = {
        (gebied, s): sum(histogrammen[(gebied, s)].values()) for gebied in g.alle() for s in STAPPEN
    }
    verborgen = onderdruk(aantallen, g.relaties(STAPPEN))
    tabel = Tabel(
        "doorlooptijden",
        f"Doorlooptijden in {g.naam(k.gebied)} (kalenderdagen)",
        ["Stap", "Aantal", "Mediaan", "80e percentiel"],
        toelichting="Een doorlooptijd telt in de maand waarin de stap klaar was.",
    )
    for s, naam in STAPPEN.items():
        h = histogrammen[(k.gebied, s)]
        weg = (k.gebied, s) in verborgen
        mediaan, p80 = percentiel(h, 0.5), percentiel(h, 0.8)
        tabel.rijen.append(
            (
                naam,
                [
                    _getal(aantallen[(k.gebied, s)], weg),
                    "—" if weg or mediaan is None else str(mediaan),
                    "—" if weg or p80 is None else str(p80),
                ],
            )
        )
    return tabel


# ---- inflow -----------------------------------------------------------------------------


def _maandlijst(k: Keuze) -> list[date]:
    uit, m = [], k.van
    while m <= k.tot:
        uit.append(m)
        m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    return uit


def instroomtabellen(g: Gebieden, k: Keuze) -> list[Tabel]:
    maanden = _maandlijst(k)
    uit = []
    for veld, opties, namen, sleutel, titel in (
        ("bron", BRONNEN, BRONNAMEN, "instroom_bron", "Instroom per maand naar bron"),
        (
            "besluit",
            (*BESLUITEN, ""),
            BESLUITNAMEN,
            "instroom_besluit",
            "Instroom per maand naar triagebesluit",
        ),
    ):
        per_gemeente: Counter[tuple[str, Any]] = Counter()
        for r in (
            InstroomCijfer.objects.filter(**_maanden(k))
            .values("gemeente", "maand", veld)
            .annotate(n=Sum("aantal"))
        ):
            per_gemeente[(r["gemeente"], (r["maand"], r[veld]))] += r["n"]
            per_gemeente[(r["gemeente"], (r["maand"], ALLE))] += r["n"]
            per_gemeente[(r["gemeente"], (ALLE, r[veld]))] += r["n"]
            per_gemeente[(r["gemeente"], (ALLE, ALLE))] += r["n"]
        kubus = g.optellen(per_gemeente)
        rij_sl = [*maanden, ALLE]
        kol_sl = [*opties, ALLE]
        cellen = {
            (gb, (m, o)): kubus[(gb, (m, o))] for gb in g.alle() for m in rij_sl for o in kol_sl
        }
        relaties: list[Relatie] = []
        for gb in g.alle():
            for m in rij_sl:
                relaties.append(((gb, (m, ALLE)), [(gb, (m, o)) for o in opties]))
            for o in kol_sl:
                relaties.append(((gb, (ALLE, o)), [(gb, (m, o)) for m in maanden]))
        relaties += g.relaties((m, o) for m in rij_sl for o in kol_sl)
        verborgen = onderdruk(cellen, relaties)
        tabel = Tabel(
            sleutel,
            f"{titel} in {g.naam(k.gebied)}",
            ["Maand", *[namen[o] for o in opties], "Totaal"],
        )
        for m in rij_sl:
            tabel.rijen.append(
                (
                    "Hele periode" if m == ALLE else maandnaam(cast(date, m)),
                    [
                        _getal(cellen[(k.gebied, (m, o))], (k.gebied, (m, o)) in verborgen)
                        for o in kol_sl
                    ],
                )
            )
        uit.append(tabel)
    return uit


# ---- escalations and re-meldingen -----------------------------------------------------------


def gebeurtenistabel(g: Gebieden, k: Keuze, bereik: Bereik) -> Tabel:
    soorten = ["hermelding", "niet_nakomen", *[f"opschaling:{o}" for o in OPSCHALINGSNAMEN]]
    per_gemeente: Counter[tuple[str, Any]] = Counter()
    for r in (
        GebeurtenisCijfer.objects.filter(**_maanden(k))
        .values("gemeente", "soort")
        .annotate(n=Sum("aantal"))
    ):
        if r["soort"] in soorten:
            per_gemeente[(r["gemeente"], r["soort"])] += r["n"]
    kubus = g.optellen(per_gemeente)
    cellen = {(gb, s): kubus[(gb, s)] for gb in g.alle() for s in soorten}
    verborgen = onderdruk(cellen, g.relaties(soorten))
    tabel = Tabel(
        "opschalingen",
        "Hermeldingen, meldingen van niet-nakomen en opschalingen per gebied",
        [
            "Gebied",
            "Hermeldingen binnen 12 maanden",
            "Niet-nakomen gemeld (§5.5)",
            *[f"Opgeschaald: {n}" for n in OPSCHALINGSNAMEN.values()],
        ],
        toelichting=(
            "Een hermelding: de casusregie sloot binnen 12 maanden na de overdracht omdat er een "
            "nieuwe melding bij Veilig Thuis was (§6.3)."
        ),
    )
    for gb in g.alle():
        if gb in bereik.gebieden:
            tabel.rijen.append(
                (g.naam(gb), [_getal(cellen[(gb, s)], (gb, s) in verborgen) for s in soorten])
            )
    return tabel


def alle_tabellen(g: Gebieden, k: Keuze, bereik: Bereik) -> list[Tabel]:
    return [
        *termijntabellen(g, k, bereik),
        partijtabel(g, k),
        doorlooptabel(g, k, bereik),
        *instroomtabellen(g, k),
        gebeurtenistabel(g, k, bereik),
    ]


def zichtbare_gebieden(g: Gebieden, bereik: Bereik) -> list[tuple[str, str]]:
    return [(gb, g.naam(gb)) for gb in g.alle() if gb in bereik.gebieden]


__all__: Sequence[str] = ["alle_tabellen", "Keuze", "Bereik", "Gebieden", "Tabel"]
