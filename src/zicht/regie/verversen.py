"""The regie tables from the event store's projections and events.

`ververs` (full): reads every case (state from `CasusProjectie`, the relevant events from
`Gebeurtenis`), extracts its facts (`feiten.py`), sums them per month and replaces the tables in
one transaction, so the dashboard never sees a half-built set; it keeps each case's contribution
(`Bijdrage`). On PostgreSQL worker processes read and count the cases as text and the
contributions go in with COPY (`snel.py`); elsewhere the ORM reads them in chunks.
`bij` (incremental, the periodic job): recomputes only the cases whose projection changed
since, whose figures change with the day (a deadline passed) or that are gone, and adds the
difference to the tables.
"""

from __future__ import annotations

import functools
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import TruncDate

from zicht.core.engine import laad_afspraken
from zicht.core.kalender import AMSTERDAM
from zicht.regie.feiten import CasusFeiten, feiten
from zicht.regie.models import (
    Bijdrage,
    DoorlooptijdCijfer,
    GebeurtenisCijfer,
    InstroomCijfer,
    Stand,
    TermijnCijfer,
)
from zicht.store.models import CasusProjectie, Gebeurtenis

BLOK = 2000
SOORTEN = (
    "melding_ontvangen",
    "veiligheidsbeoordeling_afgerond",
    "overdracht",
    "overdracht_geaccepteerd",
    "ontvangst_bevestigd",
    "contact_gestart",
    "plan_vastgesteld",
    "stabiele_veiligheid_vastgesteld",
    "opgeschaald",
    "niet_nakomen_gemeld",
    "casusregie_afgesloten",
)


def maand(d: date) -> date:
    return d.replace(day=1)


@functools.cache
def _subregios() -> tuple[tuple[str, str], ...]:
    afspraken = laad_afspraken()
    versie = afspraken.versies[-1]
    return tuple((g, versie.subregios[info.subregio]) for g, info in versie.gemeenten.items())


def subregio_per_gemeente() -> dict[str, str]:
    """gemeente -> subregion name, from the latest agreement version (read once)."""
    return dict(_subregios())


_VELDEN = ("bron", "besluit", "naar", "partij", "reden")


def _blokken(ids: list[Any]) -> Iterator[tuple[Any, dict[str, Any], datetime, list[Any]]]:
    """(casus_id, state, projection moment, relevant events) for the given cases, in chunks."""
    for i in range(0, len(ids), BLOK):
        blok = ids[i : i + BLOK]
        projecties = {
            c: (t, b)
            for c, t, b in CasusProjectie.objects.filter(casus_id__in=blok).values_list(
                "casus_id", "toestand", "bijgewerkt_op"
            )
        }
        per_casus: dict[Any, list[tuple[str, date, dict[str, Any]]]] = defaultdict(list)
        # The day in Amsterdam and the few fields `feiten` reads, from the database: parsing
        # every moment and every payload in Python cost most of a refresh.
        rijen = (
            Gebeurtenis.objects.filter(casus_id__in=blok, type__in=SOORTEN)
            .order_by("casus_id", "seq")
            .annotate(
                dag=TruncDate("occurred_at", tzinfo=AMSTERDAM),
                **{veld: KeyTextTransform(veld, "payload") for veld in _VELDEN},
                gemeente0=KeyTextTransform("0", KeyTransform("gemeenten", "payload")),
            )
            .values_list("casus_id", "type", "dag", *_VELDEN, "gemeente0")
        )
        for casus_id, soort, d, *waarden, gemeente0 in rijen:
            velden = {k: v for k, v in zip(_VELDEN, waarden, strict=True) if v is not None}
            if gemeente0 is not None:
                velden["gemeenten"] = [gemeente0]
            per_casus[casus_id].append((soort, d, velden))
        for casus_id in blok:
            if casus_id in projecties:
                toestand, bijgewerkt_op = projecties[casus_id]
                yield casus_id, toestand, bijgewerkt_op, per_casus.get(casus_id, [])


def _lees(ids: list[Any]) -> Iterator[tuple[Any, Mapping[str, Any], datetime, list[Any]]]:
    """`_blokken` for one block; on PostgreSQL as text, as the full refresh reads (`snel.py`)."""
    if connection.vendor != "postgresql":
        yield from _blokken(ids)
        return
    from zicht.regie import snel

    with connection.cursor() as cur:
        for cid, bijgewerkt_op, toestand, gebeurtenissen in snel.lees(
            cur, "casus_id = ANY(%s::uuid[])", [[str(i) for i in ids]], SOORTEN
        ):
            yield uuid.UUID(cid), toestand, datetime.fromisoformat(bijgewerkt_op), gebeurtenissen


Sleutel = tuple[Any, ...]  # ("t", maand, gemeente, partij, code, maat) | ("d", maand, g, stap,
# dagen) | ("i", maand, g, bron, besluit) | ("g", maand, g, soort) | ("c",): one count each


SCHEIDING = "\x1f"
_MAANDEN: dict[date, str] = {}


def _maand(d: date) -> str:
    """The month of a day as stored in a key (its first day, ISO), computed once per day."""
    m = _MAANDEN.get(d)
    if m is None:
        m = _MAANDEN[d] = d.replace(day=1).isoformat()
    return m


def lijnen(f: CasusFeiten, peildatum: date, subregios: Mapping[str, str]) -> list[str]:
    """What one case counts under on the peildatum, one key a line (`als_tekst`'s form: the
    key's parts separated by U+001F). Built as text: the full refresh writes and sums these."""
    if f.gemeente is None or f.gemeente not in subregios:
        return []
    S, g = SCHEIDING, f.gemeente
    uit = ["c"]
    for t in f.termijnen:
        if t.uiterlijk >= peildatum:
            continue  # not yet due
        basis = f"t{S}{_maand(t.uiterlijk)}{S}{g}{S}{t.partij}{S}{t.code}{S}"
        uit.append(basis + "vervallen")
        if t.voldaan_op is None or t.voldaan_op > peildatum:
            uit.append(basis + "verlopen")
        elif t.voldaan_op <= t.uiterlijk:
            uit.append(basis + "op_tijd")
        else:
            uit.append(basis + "te_laat")
    for d in f.doorlooptijden:
        if d.tot <= peildatum:
            uit.append(f"d{S}{_maand(d.tot)}{S}{g}{S}{d.stap}{S}{d.dagen}")
    if f.melding_op is not None and f.melding_op <= peildatum:
        uit.append(f"i{S}{_maand(f.melding_op)}{S}{g}{S}{f.bron}{S}{f.besluit}")
    for op, naar in f.opschalingen:
        uit.append(f"g{S}{_maand(op)}{S}{g}{S}opschaling:{naar}")
    for op, _partij in f.niet_nakomen:
        uit.append(f"g{S}{_maand(op)}{S}{g}{S}niet_nakomen")
    if f.hermelding_op is not None:
        uit.append(f"g{S}{_maand(f.hermelding_op)}{S}{g}{S}hermelding")
    return uit


def sleutels(f: CasusFeiten, peildatum: date, subregios: Mapping[str, str]) -> list[Sleutel]:
    """What one case counts under on the peildatum (months as ISO text, as stored)."""
    return [sleutel(r) for r in lijnen(f, peildatum, subregios)]


def als_tekst(sleutels: list[Sleutel]) -> str:
    return "\n".join(SCHEIDING.join(str(deel) for deel in s) for s in sleutels)


def sleutel(lijn: str) -> Sleutel:
    delen: list[Any] = lijn.split(SCHEIDING)
    if delen[0] == "d":
        delen[-1] = int(delen[-1])  # the lead time in days
    return tuple(delen)


def uit_tekst(tekst: str) -> list[Sleutel]:
    return [sleutel(r) for r in tekst.split("\n")] if tekst else []


def wissel(f: CasusFeiten, peildatum: date) -> date | None:
    """The first day after the peildatum on which this case's figures change without a new
    event: the day after the earliest deadline not yet passed."""
    komend = [t.uiterlijk for t in f.termijnen if t.uiterlijk >= peildatum]
    return min(komend) + timedelta(days=1) if komend else None


class Tellers:
    """Counts (or differences of counts) per key, and writing them into the tables."""

    def __init__(self, peildatum: date, subregios: dict[str, str]) -> None:
        self.peildatum, self.subregios = peildatum, subregios
        self.tellingen: Counter[Sleutel] = Counter()

    def tel(self, f: CasusFeiten) -> list[Sleutel]:
        uit = sleutels(f, self.peildatum, self.subregios)
        self.tellingen.update(uit)
        return uit

    @property
    def casussen(self) -> int:
        return self.tellingen[("c",)]

    def _per_tabel(self) -> dict[str, dict[tuple[Any, ...], Counter[str]]]:
        uit: dict[str, dict[tuple[Any, ...], Counter[str]]] = defaultdict(dict)
        for sleutel, n in self.tellingen.items():
            if not n or sleutel[0] == "c":
                continue
            tabel, m, *rest = sleutel
            if tabel == "t":
                *rest, maat = rest
            else:
                maat = "aantal"
            rij = (date.fromisoformat(m), *rest)
            uit[tabel].setdefault(rij, Counter())[maat] += n
        return uit

    def vervang(self, ververst_op: datetime) -> None:
        """Replace the tables by these counts (full refresh)."""
        with transaction.atomic():
            for model in (Stand, TermijnCijfer, DoorlooptijdCijfer, InstroomCijfer):
                model.objects.all().delete()
            GebeurtenisCijfer.objects.all().delete()
            if connection.vendor == "postgresql":
                self._kopieer(ververst_op)
            else:
                self._schrijf({}, ververst_op, self.casussen)

    def _kopieer(self, ververst_op: datetime) -> None:
        """The rows of a full refresh with COPY (tens of thousands at a million cases)."""
        from zicht.store.snel import copy_rij

        sub = self.subregios
        with connection.cursor() as cur:
            for tabel, rijen in self._per_tabel().items():
                model, velden = _MODELLEN[tabel]
                maten = list(MATEN) if tabel == "t" else ["aantal"]
                kolommen = ", ".join(["maand", "gemeente", "subregio", *velden[1:], *maten])
                tekst = "".join(
                    copy_rij(m, g, sub.get(g, ""), *rest, *(n[maat] for maat in maten))
                    for (m, g, *rest), n in rijen.items()
                )
                with cur.copy(f"COPY {model._meta.db_table} ({kolommen}) FROM STDIN") as copy:
                    copy.write(tekst)
        Stand.objects.create(
            ververst_op=ververst_op, peildatum=self.peildatum, casussen=self.casussen
        )

    def pas_toe(self, stand: Stand, ververst_op: datetime) -> None:
        """Add these differences to the tables (incremental refresh)."""
        bestaand: dict[str, dict[tuple[Any, ...], Any]] = {}
        per_tabel = self._per_tabel()
        for tabel, (model, velden) in _MODELLEN.items():
            maanden = {rij[0] for rij in per_tabel.get(tabel, {})}
            bestaand[tabel] = {
                (r.maand, *(getattr(r, v) for v in velden)): r
                for r in model.objects.filter(maand__in=maanden)
            }
        with transaction.atomic():
            self._schrijf(bestaand, ververst_op, stand.casussen + self.casussen, stand)

    def _schrijf(
        self,
        bestaand: dict[str, dict[tuple[Any, ...], Any]],
        ververst_op: datetime,
        casussen: int,
        stand: Stand | None = None,
    ) -> None:
        sub = self.subregios
        for tabel, rijen in self._per_tabel().items():
            model, velden = _MODELLEN[tabel]
            maten = list(MATEN) if tabel == "t" else ["aantal"]
            nieuw, gewijzigd, weg = [], [], []
            oud = bestaand.get(tabel, {})
            for rij, verschil in rijen.items():
                r = oud.get(rij)
                if r is None:
                    m, g, *rest = rij
                    r = model(maand=m, gemeente=g, subregio=sub.get(g, ""))
                    for veld, waarde in zip(velden[1:], rest, strict=True):
                        setattr(r, veld, waarde)
                    for maat in maten:
                        setattr(r, maat, 0)
                    nieuw.append(r)
                else:
                    gewijzigd.append(r)
                for maat, n in verschil.items():
                    setattr(r, maat, getattr(r, maat) + n)
                if r.pk is not None and all(getattr(r, maat) == 0 for maat in maten):
                    gewijzigd.remove(r)
                    weg.append(r.pk)
            model.objects.bulk_create(nieuw, batch_size=5000)
            if gewijzigd:
                model.objects.bulk_update(gewijzigd, maten, batch_size=2000)
            if weg:
                model.objects.filter(pk__in=weg).delete()
        if stand is None:
            Stand.objects.create(
                ververst_op=ververst_op, peildatum=self.peildatum, casussen=casussen
            )
        else:
            stand.ververst_op, stand.peildatum, stand.casussen = (
                ververst_op,
                self.peildatum,
                casussen,
            )
            stand.save()


MATEN = ("vervallen", "op_tijd", "te_laat", "verlopen")
_MODELLEN: dict[str, tuple[Any, list[str]]] = {
    "t": (TermijnCijfer, ["gemeente", "partij", "code"]),
    "d": (DoorlooptijdCijfer, ["gemeente", "stap", "dagen"]),
    "i": (InstroomCijfer, ["gemeente", "bron", "besluit"]),
    "g": (GebeurtenisCijfer, ["gemeente", "soort"]),
}


def _peildatum(nu: datetime) -> date:
    from zicht.regie.feiten import dag

    peildatum = dag(nu)
    assert peildatum is not None
    return peildatum


def ververs(nu: datetime) -> int:
    """Recompute every regie table as of `nu` from all cases (and every case's contribution,
    for the incremental refresh after it); returns the number of cases counted."""
    peildatum = _peildatum(nu)
    tellers = Tellers(peildatum, subregio_per_gemeente())
    if connection.vendor == "postgresql":
        _ververs_pg(nu, tellers)
    else:
        _ververs(nu, tellers)
    _voorbereken(tellers.subregios)
    return tellers.casussen


def _ververs_pg(nu: datetime, tellers: Tellers) -> None:
    """Worker processes read and count the cases (`snel.py`); here, in one transaction, their
    contributions go in with COPY and the tables are replaced by the summed counts."""
    from zicht.regie import snel

    tabel = Bijdrage._meta.db_table
    with (
        snel.delen(tellers.peildatum, tellers.subregios, SOORTEN) as delen,
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute(f"DELETE FROM {tabel}")  # noqa: S608 - the model's table name
        for tellingen, tekst in delen:
            tellers.tellingen.update(tellingen)
            if tekst:
                with cur.copy(f"COPY {tabel} ({snel.KOLOMMEN}) FROM STDIN") as copy:
                    copy.write(tekst)
        tellers.vervang(nu)


def _ververs(nu: datetime, tellers: Tellers) -> None:
    peildatum = tellers.peildatum
    ids = list(CasusProjectie.objects.order_by("casus_id").values_list("casus_id", flat=True))
    with transaction.atomic():
        Bijdrage.objects.all().delete()
        for i in range(0, len(ids), BLOK * 5):
            bijdragen = []
            for casus_id, toestand, bijgewerkt_op, gebeurtenissen in _blokken(
                ids[i : i + BLOK * 5]
            ):
                f = feiten(toestand, gebeurtenissen)
                bijdragen.append(
                    Bijdrage(
                        casus_id=casus_id,
                        bijgewerkt_op=bijgewerkt_op,
                        wissel=wissel(f, peildatum),
                        sleutels=als_tekst(tellers.tel(f)),
                    )
                )
            Bijdrage.objects.bulk_create(bijdragen, batch_size=BLOK)
        tellers.vervang(nu)


def te_herberekenen(peildatum: date) -> list[Any]:
    """Cases whose projection changed since their contribution was computed (or that have
    none), whose figures change with the day, or that are gone."""
    p, b = CasusProjectie._meta.db_table, Bijdrage._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.casus_id FROM {p} p LEFT JOIN {b} b ON b.casus_id = p.casus_id "  # noqa: S608 - table names from the models
            "WHERE b.casus_id IS NULL OR b.bijgewerkt_op <> p.bijgewerkt_op "
            f"UNION SELECT b.casus_id FROM {b} b WHERE b.wissel <= %s "
            f"UNION SELECT b.casus_id FROM {b} b LEFT JOIN {p} p ON p.casus_id = b.casus_id "
            "WHERE p.casus_id IS NULL",
            [peildatum],
        )
        return [_uuid(r[0]) for r in cursor.fetchall()]


def _uuid(waarde: Any) -> uuid.UUID:
    return waarde if isinstance(waarde, uuid.UUID) else uuid.UUID(str(waarde))


def bij(nu: datetime) -> int:
    """The incremental refresh: recompute only the cases `te_herberekenen` names and add the
    difference to the tables; a full refresh when there is none yet. Returns how many cases
    were recomputed."""
    stand = Stand.objects.first()
    if stand is None or (stand.casussen and not Bijdrage.objects.exists()):
        # No tables yet, or tables from before contributions were kept (a full refresh of an
        # older version): adding to them would count every case twice.
        return ververs(nu)
    peildatum = _peildatum(nu)
    if peildatum < stand.peildatum:
        return 0  # an older moment than the tables describe: nothing to do
    ids = te_herberekenen(peildatum)
    tellers = Tellers(peildatum, subregio_per_gemeente())
    with transaction.atomic():
        stand = Stand.objects.select_for_update().get()
        for i in range(0, len(ids), BLOK):
            blok = ids[i : i + BLOK]
            oud = dict(
                Bijdrage.objects.filter(casus_id__in=blok).values_list("casus_id", "sleutels")
            )
            for tekst in oud.values():
                tellers.tellingen.subtract(uit_tekst(tekst))
            nieuw: dict[Any, Bijdrage] = {}
            for casus_id, toestand, bijgewerkt_op, gebeurtenissen in _lees(blok):
                f = feiten(toestand, gebeurtenissen)
                nieuw[casus_id] = Bijdrage(
                    casus_id=casus_id,
                    bijgewerkt_op=bijgewerkt_op,
                    wissel=wissel(f, peildatum),
                    sleutels=als_tekst(tellers.tel(f)),
                )
            Bijdrage.objects.filter(casus_id__in=blok).delete()
            Bijdrage.objects.bulk_create(nieuw.values(), batch_size=BLOK)
        veranderd = any(tellers.tellingen.values()) or peildatum != stand.peildatum
        if veranderd:
            tellers.pas_toe(stand, nu)
    if veranderd:
        _voorbereken(tellers.subregios)
    return len(ids)


def _voorbereken(subregios: dict[str, str]) -> None:
    from zicht.regie import vooruitzicht
    from zicht.regie.cijfers import Gebieden
    from zicht.regie.voorraad import voorbereken

    stand = Stand.objects.get()
    voorbereken(Gebieden(subregios), stand)
    vooruitzicht.voorbereken(stand)
