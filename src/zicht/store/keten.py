"""The hash chain over a case's events: each event's hash covers its content and the hash
before it, so changing, removing or reordering a stored event breaks the chain from there on.

Keyed (issue #16): the hash is an HMAC-SHA256 with a key held outside the database, named per
row (`sleutel`, its id), so whoever can write the tables but lacks the key cannot recompute
the chain after changing history. The case row carries a seal (`zegel`) over its last seq and
hash, so dropping events from the end shows too. Unkeyed (`kenmerk`) is the old form: `zicht
verify` reports rows without a key as broken.

Pure Python (no Django), so the store, `zicht verify` and the tests compute it the same way.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

BEGIN = "0" * 64  # `vorige_hash` of a case's first event


def _moment(m: datetime) -> str:
    return m.astimezone(UTC).isoformat(timespec="microseconds")


def canoniek(
    *,
    casus: str,
    seq: int,
    type: str,
    payload: Mapping[str, Any],
    occurred_at: datetime,
    recorded_at: datetime,
    actor: str,
    organisatie: str,
    afspraakversie: str,
) -> str:
    """One event as canonical JSON: sorted keys, no spaces, UTC moments."""
    return json.dumps(
        {
            "casus": str(casus),
            "seq": seq,
            "type": type,
            "payload": payload,
            "occurred_at": _moment(occurred_at),
            "recorded_at": _moment(recorded_at),
            "actor": actor,
            "organisatie": organisatie,
            "afspraakversie": afspraakversie,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def kenmerk(vorige_hash: str, **gebeurtenis: Any) -> str:
    """sha256 over the previous hash and the canonical event."""
    inhoud = (vorige_hash + "\n" + canoniek(**gebeurtenis)).encode("utf-8")
    return hashlib.sha256(inhoud).hexdigest()


def hmac_kenmerk(sleutel: bytes, vorige_hash: str, **gebeurtenis: Any) -> str:
    """HMAC-SHA256 with `sleutel` over the previous hash and the canonical event."""
    inhoud = (vorige_hash + "\n" + canoniek(**gebeurtenis)).encode("utf-8")
    return hmac.new(sleutel, inhoud, hashlib.sha256).hexdigest()


def zegel(sleutel_id: str, sleutel: bytes, naam: str, lengte: int, laatste_hash: str) -> str:
    """The seal over a chain's length and last hash: `id:hmac`."""
    inhoud = f"{naam}\n{lengte}\n{laatste_hash}".encode()
    return f"{sleutel_id}:{hmac.new(sleutel, inhoud, hashlib.sha256).hexdigest()}"


def zegel_klopt(
    waarde: str | None, sleutels: Mapping[str, bytes], naam: str, lengte: int, laatste_hash: str
) -> bool:
    sleutel_id = (waarde or "").partition(":")[0]
    if sleutel_id not in sleutels:
        return False
    verwacht = zegel(sleutel_id, sleutels[sleutel_id], naam, lengte, laatste_hash)
    return hmac.compare_digest(verwacht, waarde or "")


@dataclass(frozen=True)
class Breuk:
    casus: str
    seq: int
    reden: str

    def __str__(self) -> str:
        return f"casus {self.casus} seq {self.seq}: {self.reden}"


def eerste_breuk(
    casus: str,
    rijen: Iterable[Mapping[str, Any]],
    laatste_seq: int,
    sleutels: Mapping[str, bytes] | None = None,
    casus_zegel: str | None = None,
) -> Breuk | None:
    """The first broken link of one case's chain, or None. `rijen` in seq order, each with
    the fields of `canoniek` (without casus) plus `hash` and `vorige_hash` (and `sleutel`).

    With `sleutels` (id -> key) every row must carry the HMAC of a known key and the case's
    seal must match its last seq and hash; without, the unkeyed form is checked (old data)."""
    vorige, verwacht = BEGIN, 1
    for r in rijen:
        seq = int(r["seq"])
        if seq != verwacht:
            return Breuk(casus, verwacht, f"gebeurtenis ontbreekt (volgende is seq {seq})")
        if r["vorige_hash"] != vorige:
            return Breuk(casus, seq, "vorige_hash wijst niet naar de gebeurtenis ervoor")
        velden = {k: r[k] for k in _VELDEN}
        if sleutels is None:
            goed = kenmerk(vorige, casus=casus, **velden)
        elif r.get("sleutel") in sleutels:
            goed = hmac_kenmerk(sleutels[r["sleutel"]], vorige, casus=casus, **velden)
        else:
            return Breuk(casus, seq, f"niet getekend met een bekende sleutel ({r.get('sleutel')})")
        if not hmac.compare_digest(goed, r["hash"]):
            return Breuk(casus, seq, "inhoud past niet bij de hash (gewijzigd)")
        vorige, verwacht = r["hash"], seq + 1
    if verwacht - 1 != laatste_seq:
        return Breuk(casus, verwacht, f"gebeurtenissen ontbreken tot seq {laatste_seq}")
    if sleutels is not None and not zegel_klopt(
        casus_zegel, sleutels, casus, laatste_seq, vorige if laatste_seq else BEGIN
    ):
        return Breuk(casus, laatste_seq, "zegel van de casus past niet (ingekort of gewijzigd)")
    return None


_VELDEN = (
    "seq",
    "type",
    "payload",
    "occurred_at",
    "recorded_at",
    "actor",
    "organisatie",
    "afspraakversie",
)
VELDEN = _VELDEN
