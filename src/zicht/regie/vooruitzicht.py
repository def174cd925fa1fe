"""The capacity outlook for the page: the inputs measured from the regie tables, the SimPy
scenario and every outcome kept in the database per refresh (`Vooruitzicht`).

A refresh draws the scenario once (twelve months of synthetic meldingen, with the engine's
deadline for every starting day) and computes the page's default (six months, Veilig Thuis at
90%). A what-if nobody asked before replays the kept scenario's meldingen through the queues at
the chosen capacity (`capaciteit.bedien`); what one app server computed, every other reads.
"""

from __future__ import annotations

import hashlib
import struct
from array import array
from datetime import date, datetime, timedelta
from typing import Any

import orjson
from django.db import IntegrityError, transaction
from django.db.models import Sum

from zicht.core.engine import afspraken_van
from zicht.regie import capaciteit
from zicht.regie.capaciteit import Invoer, Scenario, Termijnen, Uitkomst
from zicht.regie.models import DoorlooptijdCijfer, InstroomCijfer, Stand, Vooruitzicht
from zicht.regie.voorraad import standaardperiode

HORIZON = 12  # months in the scenario: every choice of the form (1-12) is a part of it
STANDAARD: dict[str, Any] = {"maanden": 6, "partij": capaciteit.VEILIG_THUIS, "procent": 90}


def _steekproef(stap: str, van: date) -> list[int]:
    """A measured lead-time histogram as a sample of at most ~1,000 values."""
    rijen = list(
        DoorlooptijdCijfer.objects.filter(stap=stap, maand__gte=van)
        .values_list("dagen")
        .annotate(n=Sum("aantal"))
        .order_by("dagen")
    )
    totaal = sum(n for _, n in rijen) or 1
    return [d for d, n in rijen for _ in range(max(1, round(1000 * n / totaal)))]


def invoer(vandaag: date, maanden: int) -> Invoer:
    """The measured inflow (mean per month over the last 12 months), the share handed over
    directly to the lokaal veld, and the lead times, from the regie tables."""
    van, tot = standaardperiode(vandaag)
    rijen = InstroomCijfer.objects.filter(maand__gte=van, maand__lte=tot)
    per_gemeente = {
        g: n / 12 for g, n in rijen.values_list("gemeente").annotate(n=Sum("aantal")).order_by()
    }
    besluiten = dict(
        rijen.exclude(besluit="").values_list("besluit").annotate(n=Sum("aantal")).order_by()
    )
    beoordeeld = sum(besluiten.values())
    start = datetime.combine(tot.replace(day=28) + timedelta(days=4), datetime.min.time())
    return Invoer(
        start=start.replace(day=1, tzinfo=capaciteit.AMSTERDAM),
        maanden=maanden,
        instroom_per_maand=per_gemeente,
        aandeel_lokaal_veld=besluiten.get("lokaal_veld", 0) / beoordeeld if beoordeeld else 0.0,
        beoordeling_dagen=_steekproef("melding_beoordeling", van),
        contact_dagen=_steekproef("overdracht_contact", van),
    )


def _sleutel(*delen: Any) -> str:
    return hashlib.sha256("|".join(str(d) for d in delen).encode()).hexdigest()


def _versie(stand: Stand | None) -> str:
    return stand.ververst_op.isoformat() if stand else "-"


def _bewaar(sleutel: str, inhoud: bytes) -> None:
    try:
        with transaction.atomic():
            Vooruitzicht.objects.create(sleutel=sleutel, inhoud=inhoud)
    except IntegrityError:
        pass  # another request stored the same


def _lees(sleutel: str) -> bytes | None:
    rij = Vooruitzicht.objects.filter(sleutel=sleutel).values_list("inhoud", flat=True).first()
    return None if rij is None else bytes(rij)


# ---- the scenario, as bytes: a JSON header, then the columns as machine arrays --------------


def _scenario_bytes(
    sc: Scenario, termijnen: Termijnen, standaard: dict[str, int], aandeel: float
) -> bytes:
    kop = orjson.dumps(
        {
            "start": sc.start.isoformat(),
            "grenzen": list(sc.grenzen),
            "gemeenten": list(sc.gemeenten),
            "n": len(sc.melding),
            "termijnen": termijnen.als_json(),
            "capaciteit": standaard,
            "aandeel_lokaal_veld": aandeel,
        }
    )
    kolommen: list[array[Any]] = [
        array("d", sc.melding),
        array("d", sc.beoordeling),
        array("d", sc.contact),
        array("H", sc.gemeente),
        array("B", sc.naar_lokaal_veld),
    ]
    return struct.pack("<I", len(kop)) + kop + b"".join(k.tobytes() for k in kolommen)


def _scenario_uit(inhoud: bytes) -> tuple[Scenario, Termijnen, dict[str, int], float]:
    (lengte,) = struct.unpack_from("<I", inhoud)
    kop = orjson.loads(inhoud[4 : 4 + lengte])
    n, positie = kop["n"], 4 + lengte
    kolommen: list[list[Any]] = []
    for soort in ("d", "d", "d", "H", "B"):
        kolom = array(soort)
        kolom.frombytes(inhoud[positie : positie + n * kolom.itemsize])
        positie += n * kolom.itemsize
        kolommen.append(kolom.tolist())
    melding, beoordeling, contact, gemeente, naar = kolommen
    sc = Scenario(
        start=datetime.fromisoformat(kop["start"]),
        grenzen=tuple(kop["grenzen"]),
        gemeenten=tuple(kop["gemeenten"]),
        melding=melding,
        gemeente=gemeente,
        beoordeling=beoordeling,
        naar_lokaal_veld=[bool(x) for x in naar],
        contact=contact,
    )
    termijnen = Termijnen(afspraken_van(), sc.start.date())
    termijnen.neem_over(kop["termijnen"])
    return sc, termijnen, kop["capaciteit"], kop["aandeel_lokaal_veld"]


def scenario(
    stand: Stand | None, vandaag: date
) -> tuple[Scenario, Termijnen, dict[str, int], float] | None:
    """The refresh's scenario (kept; drawn and kept when missing); None without inflow."""
    sleutel = _sleutel("scenario", _versie(stand))
    inhoud = _lees(sleutel)
    if inhoud is not None:
        return _scenario_uit(inhoud)
    gemeten = invoer(vandaag, HORIZON)
    if not gemeten.instroom_per_maand or sum(gemeten.instroom_per_maand.values()) <= 0:
        return None
    standaard = capaciteit.standaard_capaciteit(gemeten)
    sc = capaciteit.scenario(gemeten)
    termijnen = Termijnen(afspraken_van(), sc.start.date())
    einddag = int(sc.grenzen[-1])
    for g in sc.gemeenten:  # every deadline a replay can ask for, folded now and kept
        for code in ("veiligheidsbeoordeling", "start_contact"):
            termijnen.dagen(code, g, einddag)
    _bewaar(sleutel, _scenario_bytes(sc, termijnen, standaard, gemeten.aandeel_lokaal_veld))
    _bewaar(
        _sleutel("kop", _versie(stand)),
        orjson.dumps({"capaciteit": standaard, "aandeel_lokaal_veld": gemeten.aandeel_lokaal_veld}),
    )
    return sc, termijnen, standaard, gemeten.aandeel_lokaal_veld


Gekozen = tuple[Scenario, Termijnen, dict[str, int], float]


class Rekenaar:
    """One page's outlook: the kept outcomes, and the scenario read only when an outcome is
    not kept yet (a what-if nobody asked before)."""

    def __init__(self, stand: Stand | None, vandaag: date) -> None:
        self.stand, self.vandaag = stand, vandaag
        self._gekozen: Gekozen | None = None

    def gekozen(self) -> Gekozen | None:
        if self._gekozen is None:
            self._gekozen = scenario(self.stand, self.vandaag)
        return self._gekozen

    def kop(self) -> tuple[dict[str, int], float] | None:
        """The standard capacity per party and the share handed over directly; None without
        inflow."""
        inhoud = _lees(_sleutel("kop", _versie(self.stand)))
        if inhoud is not None:
            d = orjson.loads(inhoud)
            return d["capaciteit"], d["aandeel_lokaal_veld"]
        gekozen = self.gekozen()
        return None if gekozen is None else (gekozen[2], gekozen[3])

    def uitkomst(self, maanden: int, partij: str | None = None, procent: int = 100) -> Uitkomst:
        """The outcome at the standard capacity (the first months of the whole horizon's, kept
        once per refresh), or with one party's capacity at `procent` (kept per choice)."""
        if partij is None and maanden != HORIZON:
            return capaciteit.eerste_maanden(self.uitkomst(HORIZON), maanden)
        sleutel = _sleutel("uitkomst", maanden, partij or "", procent, _versie(self.stand))
        inhoud = _lees(sleutel)
        if inhoud is not None:
            return _uitkomst_uit(inhoud)
        gekozen = self.gekozen()
        assert gekozen is not None  # kop() said there is inflow
        sc, termijnen, standaard, _ = gekozen
        cap = dict(standaard)
        if partij is not None and partij in cap:
            cap[partij] = max(1, round(cap[partij] * (procent / 100)))  # as Invoer.met_capaciteit
        u = capaciteit.bedien(sc, cap, termijnen, maanden)
        _bewaar(sleutel, _uitkomst_json(u))
        return u


# ---- outcomes ---------------------------------------------------------------------------------


def _uitkomst_json(u: Uitkomst) -> bytes:
    return orjson.dumps(
        {
            "maanden": [m.isoformat() for m in u.maanden],
            "casussen": u.casussen,
            **{
                naam: [[p, i, n] for (p, i), n in getattr(u, naam).items()]
                for naam in ("instroom", "achterstand", "vervallen", "op_tijd")
            },
        }
    )


def _uitkomst_uit(inhoud: bytes) -> Uitkomst:
    d = orjson.loads(inhoud)
    u = Uitkomst([datetime.fromisoformat(m) for m in d["maanden"]], casussen=d["casussen"])
    for naam in ("instroom", "achterstand", "vervallen", "op_tijd"):
        teller = getattr(u, naam)
        for p, i, n in d[naam]:
            teller[(p, i)] = n
    return u


def voorbereken(stand: Stand) -> None:
    """After a refresh: the new scenario and the page's default outcome; the old ones go."""
    Vooruitzicht.objects.all().delete()
    rekenaar = Rekenaar(stand, stand.peildatum)
    if rekenaar.kop() is None:
        return
    rekenaar.uitkomst(HORIZON)  # every choice of months at the standard capacity
    rekenaar.uitkomst(STANDAARD["maanden"], STANDAARD["partij"], STANDAARD["procent"])
