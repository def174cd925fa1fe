"""The store's bulk interface: what `zicht genereer` and the benchmarks use to write many cases
at once and to rebuild every projection, without reaching into the store's internals.

- `keten`: chain a new case's event rows (keyed HMAC, as `DjangoStore.voeg_toe` does) and
  return the case's seal;
- `copy_rij` and `kopieer`: rows as COPY text, and one COPY per table into PostgreSQL;
- `herbouw`: every projection from the events, the fast path (`snel.py`) on PostgreSQL;
- `eerste_breuk` and `VELDEN`: check a stored case's chain (`--database-check`).

The rows are exactly those an append writes; projections come from `herbouw` afterwards.
See `contract.BulkOpslag`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from datetime import datetime
from typing import Any

from django.db import connection, transaction

from zicht.store.django_store import DjangoStore, ketensleutel
from zicht.store.keten import BEGIN, VELDEN, eerste_breuk, hmac_kenmerk, zegel
from zicht.store.snel import copy_rij

__all__ = ["VELDEN", "copy_rij", "eerste_breuk", "herbouw", "keten", "kopieer"]


def keten(casus_id: str, gebeurtenissen: Sequence[MutableMapping[str, Any]]) -> str:
    """Chain a new case's event rows in order (seq from 1): each gets `vorige_hash`, `hash`
    and `sleutel`, as the append writes them. Returns the case's seal for `laatste_seq`."""
    sleutel_id, sleutel = ketensleutel()
    vorige = BEGIN
    for rij in gebeurtenissen:
        inhoud = {k: v for k, v in rij.items() if k not in ("vorige_hash", "hash", "sleutel")}
        rij["vorige_hash"] = vorige
        rij["hash"] = vorige = hmac_kenmerk(sleutel, vorige, casus=casus_id, **inhoud)
        rij["sleutel"] = sleutel_id
    return zegel(sleutel_id, sleutel, casus_id, len(gebeurtenissen), vorige)


def kopieer(kolommen: Mapping[str, Sequence[str]], rijen: Mapping[str, Iterable[str]]) -> None:
    """COPY the rows (`copy_rij` text) into each table, in the order given (foreign keys
    first), in one transaction. PostgreSQL only."""
    with transaction.atomic(), connection.cursor() as cur:
        rauw = cur.connection
        with rauw.cursor() as c:
            for tabel, namen in kolommen.items():
                with c.copy(f"COPY {tabel} ({', '.join(namen)}) FROM STDIN") as copy:
                    copy.write("".join(rijen[tabel]))


def herbouw(
    nu: datetime,
    processen: int | None = None,
    voortgang: Callable[[int, int], None] = lambda c, g: None,
) -> tuple[int, int, float] | None:
    """Every projection from the events: on PostgreSQL the fast path, (cases, events,
    seconds); elsewhere the store's own rebuild (None)."""
    if connection.vendor == "postgresql":
        from zicht.store import snel

        return snel.herbouw(nu, processen, voortgang)
    DjangoStore().herbouw(nu)
    return None
