"""The hash chain over a case's events: each event's hash covers its content and the hash
before it, so changing, removing or reordering a stored event breaks the chain from there on.

Pure Python (no Django), so the store, `zicht verify` and the tests compute it the same way.
"""

from __future__ import annotations

import hashlib
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


@dataclass(frozen=True)
class Breuk:
    casus: str
    seq: int
    reden: str

    def __str__(self) -> str:
        return f"casus {self.casus} seq {self.seq}: {self.reden}"


def eerste_breuk(casus: str, rijen: Iterable[Mapping[str, Any]], laatste_seq: int) -> Breuk | None:
    """The first broken link of one case's chain, or None. `rijen` in seq order, each with
    the fields of `canoniek` (without casus) plus `hash` and `vorige_hash`."""
    vorige, verwacht = BEGIN, 1
    for r in rijen:
        seq = int(r["seq"])
        if seq != verwacht:
            return Breuk(casus, verwacht, f"gebeurtenis ontbreekt (volgende is seq {seq})")
        if r["vorige_hash"] != vorige:
            return Breuk(casus, seq, "vorige_hash wijst niet naar de gebeurtenis ervoor")
        velden = {k: r[k] for k in _VELDEN}
        if kenmerk(vorige, casus=casus, **velden) != r["hash"]:
            return Breuk(casus, seq, "inhoud past niet bij de hash (gewijzigd)")
        vorige, verwacht = r["hash"], seq + 1
    if verwacht - 1 != laatste_seq:
        return Breuk(casus, verwacht, f"gebeurtenissen ontbreken tot seq {laatste_seq}")
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
