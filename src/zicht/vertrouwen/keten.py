"""The keyed hash chains over the access log (issue #16, #17).

Each row belongs to one chain and is linked into it in the order written: its `hash` is an HMAC
(key from ZICHT_KETEN_SLEUTELS, outside the database) over its content, its chain and the hash
before it. A chain's head (`Ketenkop`) holds its length and last hash under a seal and is locked
for each append, so rows changed, removed (also at the end) or reordered with the triggers off
show in `zicht verify`.

One chain serialises every page view of the whole system on one row lock until commit (a
commit waits for the WAL flush, ~4 ms here: at most ~250 looks per second, and every other
writer queues behind it). So there are ZICHT_TOEGANGSLOG_KETENS chains ("toegangslog",
"toegangslog.1", ...): an append takes the head of a chain no one holds (FOR UPDATE SKIP LOCKED)
and waits only when all are held. All heads are made at once, so a chain removed as a whole
(rows and head) shows as a missing head. The first chain's rows keep their original form
(`keten` empty, not part of the hash), so logs written before there were more chains verify
unchanged.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import connection

from zicht.store.keten import BEGIN, zegel, zegel_klopt

NAAM = "toegangslog"
VELDEN = (
    "tijdstip",
    "gebruiker",
    "rol",
    "organisatie",
    "casus_id",
    "personen",
    "actie",
    "verwerking",
    "uitkomst",
    "trace_id",
    "client",
)


def sleutel() -> tuple[str, bytes]:
    sleutels: dict[str, bytes] = settings.ZICHT_KETEN_SLEUTELS
    sleutel_id = next(iter(sleutels))
    return sleutel_id, sleutels[sleutel_id]


def ketens() -> list[str]:
    """The names of the access log's chains, the first one first."""
    aantal = max(1, int(getattr(settings, "ZICHT_TOEGANGSLOG_KETENS", 1)))
    return [NAAM] + [f"{NAAM}.{k}" for k in range(1, aantal)]


def _canoniek(keten_seq: int, rij: Mapping[str, Any]) -> str:
    waarden: dict[str, Any] = {k: rij[k] for k in VELDEN}
    if rij.get("keten") not in (None, NAAM):  # the first chain's rows: their original form
        waarden["keten"] = rij["keten"]
    moment = waarden["tijdstip"]
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    waarden["tijdstip"] = moment.astimezone(UTC).isoformat(timespec="microseconds")
    waarden["personen"] = [str(p) for p in waarden["personen"] or []]
    waarden["seq"] = keten_seq
    return json.dumps(waarden, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def kenmerk(geheim: bytes, vorige: str, keten_seq: int, rij: Mapping[str, Any]) -> str:
    inhoud = (vorige + "\n" + _canoniek(keten_seq, rij)).encode("utf-8")
    return hmac.new(geheim, inhoud, hashlib.sha256).hexdigest()


_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class _Reeks:
    """`_canoniek` for the many rows of one look, which share all but case, persons and seq:
    each key with its value is encoded once and the row's text put together from those pieces
    (a third less CPU per row than a `json.dumps` of each; a worklist links 100). Gives the
    very same text as `_canoniek` (tests/toegang: both over generated rows)."""

    def __init__(self) -> None:
        self._stukken: dict[tuple[str, Any], str] = {}
        self._mallen: dict[tuple[Any, ...], list[str]] = {}

    def _stuk(self, sleutel: str, waarde: Any) -> str:
        if isinstance(waarde, list):
            return f"{_json(sleutel)}:{_json([str(p) for p in waarde])}"
        try:
            bewaard = self._stukken.get((sleutel, waarde))
        except TypeError:  # a value that cannot be a key: encoded as `_canoniek` does
            return f"{_json(sleutel)}:{_json(waarde)}"
        if bewaard is None:
            if sleutel == "tijdstip":
                moment = datetime.fromisoformat(waarde) if isinstance(waarde, str) else waarde
                tekst = moment.astimezone(UTC).isoformat(timespec="microseconds")
            else:
                tekst = waarde
            bewaard = self._stukken[(sleutel, waarde)] = f"{_json(sleutel)}:{_json(tekst)}"
        return bewaard

    def canoniek(self, keten_seq: int, rij: Mapping[str, Any]) -> str:
        sleutels = _SLEUTELS
        if rij.get("keten") not in (None, NAAM):
            sleutels = _SLEUTELS_MET_KETEN
        try:
            vast = (sleutels, *(rij.get(k) for k in _VAST))
            mal = self._mallen.get(vast)
        except TypeError:  # a shared value that cannot be a key: piece by piece
            return self._per_stuk(sleutels, keten_seq, rij)
        if mal is None:
            # The text of the fields the rows of a look share, once: per row only the case,
            # its persons and the sequence number are put in (a tenth of the CPU per row).
            mal = self._mallen[vast] = [
                "" if k in _PER_RIJ else self._stuk(k, rij[k]) for k in sleutels
            ]
        delen = list(mal)
        casus, personen, seq = _PLEK[sleutels]
        delen[casus] = f'"casus_id":{_json(rij["casus_id"])}'
        delen[personen] = f'"personen":{_json([str(p) for p in rij["personen"] or []])}'
        delen[seq] = f'"seq":{keten_seq}'
        return "{" + ",".join(delen) + "}"

    def _per_stuk(self, sleutels: tuple[str, ...], keten_seq: int, rij: Mapping[str, Any]) -> str:
        delen = [
            f'"seq":{keten_seq}'
            if k == "seq"
            else self._stuk(k, rij[k] if k != "personen" else (rij[k] or []))
            for k in sleutels
        ]
        return "{" + ",".join(delen) + "}"


_SLEUTELS = tuple(sorted((*VELDEN, "seq")))
_SLEUTELS_MET_KETEN = tuple(sorted((*VELDEN, "seq", "keten")))
_PER_RIJ = ("casus_id", "personen", "seq")  # what differs between the rows of one look
_VAST = tuple(k for k in _SLEUTELS_MET_KETEN if k not in _PER_RIJ)
_PLEK = {s: tuple(s.index(k) for k in _PER_RIJ) for s in (_SLEUTELS, _SLEUTELS_MET_KETEN)}


@dataclass(frozen=True)
class Kop:
    """A chain's head after an append: what its `Ketenkop` is moved on to."""

    naam: str
    lengte: int
    hash: str
    zegel: str


def schakels(rijen: list[dict[str, Any]], kop_bijwerken: bool = True) -> list[dict[str, Any]]:
    """Lock the head, chain `rijen` (fields of VELDEN) after it and move the head on; the
    caller inserts the returned rows (each with keten_seq, vorige_hash, hash, sleutel) in the
    same transaction: the head stays locked until it commits."""
    return schakels_en_kop(rijen, kop_bijwerken)[0]


def schakels_en_kop(
    rijen: list[dict[str, Any]], kop_bijwerken: bool = True
) -> tuple[list[dict[str, Any]], Kop]:
    """As `schakels`, and the new head; with `kop_bijwerken=False` the caller moves the head
    on itself, in the statement that inserts the rows (one round trip less on PostgreSQL)."""
    uit, kop = schakel(rijen, *_neem_kop())
    if kop_bijwerken:
        from zicht.vertrouwen.models import Ketenkop

        Ketenkop.objects.filter(naam=kop.naam).update(
            lengte=kop.lengte, hash=kop.hash, zegel=kop.zegel
        )
    return uit, kop


def schakel(
    rijen: list[dict[str, Any]], naam: str, lengte: int, laatste: str
) -> tuple[list[dict[str, Any]], Kop]:
    """Link `rijen` after a head of chain `naam` with `lengte` rows and last hash `laatste`
    ("" or BEGIN for an empty chain): the rows with their links, and the head after them."""
    sleutel_id, geheim = sleutel()
    n, vorige = lengte, laatste or BEGIN
    uit = []
    reeks = _Reeks()
    for rij in rijen:
        n += 1
        schakel = {**rij, "keten": naam}
        inhoud = (vorige + "\n" + reeks.canoniek(n, schakel)).encode("utf-8")
        hash_ = hmac.new(geheim, inhoud, hashlib.sha256).hexdigest()
        schakel |= {"keten_seq": n, "vorige_hash": vorige, "hash": hash_, "sleutel": sleutel_id}
        uit.append(schakel)
        vorige = hash_
    return uit, Kop(naam, n, vorige, zegel(sleutel_id, geheim, naam, n, vorige))


def maak_koppen() -> None:
    """Make the heads of all chains that have none, each sealed empty (PostgreSQL; once per
    database, by its first look; the heads already there are left as they are)."""
    from zicht.vertrouwen.models import Ketenkop

    namen = ketens()
    sleutel_id, geheim = sleutel()
    zegels = [zegel(sleutel_id, geheim, n, 0, BEGIN) for n in namen]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Ketenkop._meta.db_table} (naam, lengte, hash, zegel) "
            "SELECT unnest(%s::text[]), 0, '', unnest(%s::text[]) ON CONFLICT (naam) DO NOTHING",
            [namen, zegels],
        )


def lees_kop(namen: list[str]) -> tuple[str, int, str]:
    """The shortest of these chains' heads as it is now, without a lock: (name, length, last
    hash as stored, "" when the chain is empty). The heads are made first when there are none
    (PostgreSQL)."""
    from zicht.vertrouwen.models import Ketenkop

    tabel = Ketenkop._meta.db_table
    with connection.cursor() as cursor:
        for _ in range(2):
            cursor.execute(
                f"SELECT naam, lengte, hash FROM {tabel} WHERE naam = ANY(%s) "
                "ORDER BY lengte, naam LIMIT 1",
                [namen],
            )
            rij = cursor.fetchone()
            if rij is not None:
                return str(rij[0]), int(rij[1]), str(rij[2])
            maak_koppen()
    raise RuntimeError(f"geen kop van de ketens {namen}")


def _neem_kop() -> tuple[str, int, str]:
    """Lock the head of a chain for this transaction: (name, length, last hash).

    On PostgreSQL with more than one chain: the shortest head no other transaction holds (so
    the chains grow evenly); when there are none yet, all heads are made first; when all are
    held, wait for a random one."""
    from zicht.vertrouwen.models import Ketenkop

    tabel = Ketenkop._meta.db_table
    namen = ketens()
    with connection.cursor() as cursor:
        if len(namen) > 1 and connection.vendor == "postgresql":
            vrij = (
                f"SELECT naam, lengte, hash FROM {tabel} WHERE naam = ANY(%s) "
                "ORDER BY lengte, naam LIMIT 1 FOR UPDATE SKIP LOCKED"
            )
            cursor.execute(vrij, [namen])
            rij = cursor.fetchone()
            if rij is None:  # no heads yet (or all held): make them
                maak_koppen()
                cursor.execute(vrij, [namen])
                rij = cursor.fetchone()
            if rij is not None:
                return str(rij[0]), int(rij[1]), rij[2] or BEGIN
        naam = random.choice(namen) if connection.vendor == "postgresql" else NAAM
        # One statement that creates the head if needed, locks it and reads it (also after the
        # test suite's flush emptied the table); ON CONFLICT DO UPDATE takes the row lock.
        cursor.execute(
            f"INSERT INTO {tabel} (naam, lengte, hash, zegel) VALUES (%s, 0, '', '') "
            "ON CONFLICT (naam) DO UPDATE SET naam = excluded.naam RETURNING lengte, hash",
            [naam],
        )
        lengte, laatste = cursor.fetchone()
    return naam, int(lengte), laatste or BEGIN


@dataclass(frozen=True)
class Logbreuk:
    rij: int
    reden: str

    def __str__(self) -> str:
        return f"toegangslog regel {self.rij}: {self.reden}"


def breuken() -> Iterator[Logbreuk]:
    """Per chain of the access log its first broken link (at most one), rows outside every
    chain, and heads that are missing."""
    from django.db.models import Value
    from django.db.models.functions import Coalesce

    from zicht.toegangslog.models import Toegangsrij
    from zicht.vertrouwen.models import Ketenkop

    los = Toegangsrij.objects.filter(keten_seq__isnull=True).count()
    if los:
        yield Logbreuk(0, f"{los} regel(s) buiten de keten")
    koppen = {k.naam: k for k in Ketenkop.objects.filter(naam__startswith=NAAM)}
    rijen = Toegangsrij.objects.filter(keten_seq__isnull=False).annotate(
        kn=Coalesce("keten", Value(NAAM))
    )
    namen = set(koppen) | set(rijen.values_list("kn", flat=True).distinct())
    if len(koppen.keys() - {NAAM}) > 0:  # the heads of the other chains are made together
        for naam in ketens()[1:]:
            if naam not in koppen:
                yield Logbreuk(0, f"kop van keten {naam} ontbreekt (keten verwijderd?)")
    for naam in sorted(namen):
        yield from _breuken_van(naam, koppen.get(naam), rijen.filter(kn=naam))


def _breuken_van(naam: str, kop: Any, rijen: Any) -> Iterator[Logbreuk]:
    sleutels: dict[str, bytes] = settings.ZICHT_KETEN_SLEUTELS
    waar = "" if naam == NAAM else f" (keten {naam})"
    vorige, verwacht = BEGIN, 1
    velden = (*VELDEN, "keten", "keten_seq", "vorige_hash", "hash", "sleutel")
    for r in rijen.order_by("keten_seq").values(*velden).iterator():
        seq = int(r["keten_seq"])
        if seq != verwacht:
            yield Logbreuk(verwacht, f"regel ontbreekt (volgende is {seq}){waar}")
            return
        if r["vorige_hash"] != vorige:
            yield Logbreuk(seq, f"vorige_hash wijst niet naar de regel ervoor{waar}")
            return
        if r["sleutel"] not in sleutels:
            yield Logbreuk(seq, f"niet getekend met een bekende sleutel ({r['sleutel']}){waar}")
            return
        if not hmac.compare_digest(kenmerk(sleutels[r["sleutel"]], vorige, seq, r), r["hash"]):
            yield Logbreuk(seq, f"inhoud past niet bij de hash (gewijzigd){waar}")
            return
        vorige, verwacht = r["hash"], seq + 1
    lengte = kop.lengte if kop else 0
    if lengte != verwacht - 1:
        yield Logbreuk(verwacht, f"regels ontbreken tot {lengte}{waar}")
    elif kop is not None and not zegel_klopt(kop.zegel, sleutels, naam, lengte, vorige):
        yield Logbreuk(lengte, f"zegel van het toegangslog past niet (ingekort of gewijzigd){waar}")
