"""The keyed hash chain over the access log (issue #16).

One chain over every row, in the order written: each row's `hash` is an HMAC (key from
ZICHT_KETEN_SLEUTELS, outside the database) over its content and the hash before it. The head
(`Ketenkop` "toegangslog") holds the length and last hash under a seal, and is locked for each
append, so rows changed, removed (also at the end) or reordered with the triggers off show in
`zicht verify`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
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


def _canoniek(keten_seq: int, rij: Mapping[str, Any]) -> str:
    waarden: dict[str, Any] = {k: rij[k] for k in VELDEN}
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


@dataclass(frozen=True)
class Kop:
    """The chain's head after an append: what `Ketenkop` "toegangslog" is moved on to."""

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
    from zicht.vertrouwen.models import Ketenkop

    tabel = Ketenkop._meta.db_table
    with connection.cursor() as cursor:
        # One statement that creates the head if needed, locks it and reads it (also after the
        # test suite's flush emptied the table); ON CONFLICT DO UPDATE takes the row lock.
        cursor.execute(
            f"INSERT INTO {tabel} (naam, lengte, hash, zegel) VALUES (%s, 0, '', '') "
            "ON CONFLICT (naam) DO UPDATE SET naam = excluded.naam RETURNING lengte, hash",
            [NAAM],
        )
        lengte, laatste = cursor.fetchone()
    sleutel_id, geheim = sleutel()
    n, vorige = int(lengte), laatste or BEGIN
    uit = []
    for rij in rijen:
        n += 1
        hash_ = kenmerk(geheim, vorige, n, rij)
        uit.append(
            {**rij, "keten_seq": n, "vorige_hash": vorige, "hash": hash_, "sleutel": sleutel_id}
        )
        vorige = hash_
    kop = Kop(n, vorige, zegel(sleutel_id, geheim, NAAM, n, vorige))
    if kop_bijwerken:
        Ketenkop.objects.filter(naam=NAAM).update(lengte=kop.lengte, hash=kop.hash, zegel=kop.zegel)
    return uit, kop


@dataclass(frozen=True)
class Logbreuk:
    regel: int
    reden: str

    def __str__(self) -> str:
        return f"toegangslog regel {self.regel}: {self.reden}"


def breuken() -> Iterator[Logbreuk]:
    """The first broken link of the access log's chain (at most one), and rows outside it."""
    from zicht.toegangslog.models import Toegangsregel
    from zicht.vertrouwen.models import Ketenkop

    sleutels: dict[str, bytes] = settings.ZICHT_KETEN_SLEUTELS
    los = Toegangsregel.objects.filter(keten_seq__isnull=True).count()
    if los:
        yield Logbreuk(0, f"{los} regel(s) buiten de keten")
    vorige, verwacht = BEGIN, 1
    rijen = Toegangsregel.objects.filter(keten_seq__isnull=False).order_by("keten_seq")
    for r in rijen.values(*VELDEN, "keten_seq", "vorige_hash", "hash", "sleutel").iterator():
        seq = int(r["keten_seq"])
        if seq != verwacht:
            yield Logbreuk(verwacht, f"regel ontbreekt (volgende is {seq})")
            return
        if r["vorige_hash"] != vorige:
            yield Logbreuk(seq, "vorige_hash wijst niet naar de regel ervoor")
            return
        if r["sleutel"] not in sleutels:
            yield Logbreuk(seq, f"niet getekend met een bekende sleutel ({r['sleutel']})")
            return
        if not hmac.compare_digest(kenmerk(sleutels[r["sleutel"]], vorige, seq, r), r["hash"]):
            yield Logbreuk(seq, "inhoud past niet bij de hash (gewijzigd)")
            return
        vorige, verwacht = r["hash"], seq + 1
    kop = Ketenkop.objects.filter(naam=NAAM).first()
    lengte = kop.lengte if kop else 0
    if lengte != verwacht - 1:
        yield Logbreuk(verwacht, f"regels ontbreken tot {lengte}")
    elif kop is not None and not zegel_klopt(kop.zegel, sleutels, NAAM, lengte, vorige):
        yield Logbreuk(lengte, "zegel van het toegangslog past niet (ingekort of gewijzigd)")
