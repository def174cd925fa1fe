"""Writing the access log. The one entry point is `registreer`; callers never touch the model."""

from __future__ import annotations

import json
import random
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from zicht.core.verwerkingen import verwerking as _verwerking
from zicht.vertrouwen import keten

UITKOMSTEN = frozenset({"toegestaan", "geweigerd"})


def registreer(
    *,
    gebruiker: str,
    rol: str,
    organisatie: str,
    casus_id: str | None,
    personen: list[str],
    actie: str,
    verwerking: str,
    uitkomst: str,
    trace_id: str,
    client: str | None = None,
) -> None:
    """Append one row. Raises ValueError/KeyError on an unknown outcome or processing code."""
    registreer_per_casus(
        gebruiker=gebruiker,
        rol=rol,
        organisatie=organisatie,
        casussen={casus_id: personen},
        actie=actie,
        verwerking=verwerking,
        uitkomst=uitkomst,
        trace_id=trace_id,
        client=client,
    )


def registreer_per_casus(
    *,
    gebruiker: str,
    rol: str,
    organisatie: str,
    casussen: Mapping[str | None, Sequence[str]],
    actie: str,
    verwerking: str,
    uitkomst: str,
    trace_id: str,
    client: str | None = None,
) -> None:
    """One row per case (case id -> person ids) in one insert: a list showing many families.

    One INSERT ... SELECT over a JSON array of (case, persons) pairs: the fields every row shares
    are parameters once, and no model instance is made per row (a worklist logs up to 100)."""
    from zicht.toegangslog.models import Toegangsrij

    if uitkomst not in UITKOMSTEN:
        raise ValueError(f"uitkomst moet toegestaan of geweigerd zijn, niet {uitkomst!r}")
    _verwerking(verwerking)  # only codes from the register
    if not casussen:
        return
    nu = timezone.now()
    gedeeld = {
        "tijdstip": nu,
        "gebruiker": gebruiker,
        "rol": rol,
        "organisatie": organisatie,
        "actie": actie,
        "verwerking": verwerking,
        "uitkomst": uitkomst,
        "trace_id": trace_id,
        "client": client,
    }
    rijen = [
        {
            **gedeeld,
            "casus_id": str(casus_id) if casus_id is not None else None,
            "personen": [str(p) for p in personen],
        }
        for casus_id, personen in casussen.items()
    ]
    tabel = Toegangsrij._meta.db_table
    pg = connection.vendor == "postgresql"
    if pg and connection.get_autocommit() and _zonder_transactie(tabel, rijen):
        return
    # The chain's head is locked until the rows are in; inside a caller's transaction no
    # savepoint: an error undoes the caller's transaction anyway.
    with transaction.atomic(savepoint=False):
        schakels, kop = keten.schakels_en_kop(
            rijen,
            kop_bijwerken=not pg,  # PostgreSQL moves the head in the insert's statement
        )
        kop_velden = [kop.lengte, kop.hash, kop.zegel, kop.naam] if pg else []
        with connection.cursor() as cursor:
            cursor.execute(_insert(tabel), [*kop_velden, *_parameters(schakels, kop)])


def _parameters(schakels: list[dict[str, Any]], kop: keten.Kop) -> list[Any]:
    """The insert's parameters after the head's: the fields the rows share, then the rows."""
    r = schakels[0]
    return [
        connection.ops.adapt_datetimefield_value(r["tijdstip"]),
        *(r[k] for k in _GEDEELD),
        r["sleutel"],
        None if kop.naam == keten.NAAM else kop.naam,  # the first chain: as before chains
        json.dumps(
            [
                [s["casus_id"], s["personen"], s["keten_seq"], s["vorige_hash"], s["hash"]]
                for s in schakels
            ]
        ),
    ]


_GEDEELD = (
    "gebruiker",
    "rol",
    "organisatie",
    "actie",
    "verwerking",
    "uitkomst",
    "trace_id",
    "client",
)


def _zonder_transactie(tabel: str, rijen: list[dict[str, Any]]) -> bool:
    """A look outside any transaction (PostgreSQL): two statements and no BEGIN or COMMIT of
    its own, where locking a head costs four round trips (begin, lock, insert, commit), each
    also a wait for the GIL again under load. The head of a random chain is read without a
    lock, the rows are linked after it, and one statement moves the head on only if it is
    still as read and inserts the rows only then (a writer in between makes it a no-op). A
    chain another look took meanwhile means: another chain, a few times; then False, and the
    caller takes a lock after all.

    The chain: the shorter of two drawn at random ("the power of two choices"): the chains
    grow evenly, and looks at the same moment seldom draw the same one (all taking the
    shortest would make every look but one wait for it and start again)."""
    namen = keten.ketens()
    for _ in range(_POGINGEN):
        naam, lengte, laatste = keten.lees_kop(random.sample(namen, min(2, len(namen))))
        schakels, kop = keten.schakel(rijen, naam, lengte, laatste)
        with connection.cursor() as cursor:
            cursor.execute(
                _insert_als_kop(tabel),
                [
                    kop.lengte,
                    kop.hash,
                    kop.zegel,
                    naam,
                    lengte,
                    laatste,
                    *_parameters(schakels, kop),
                ],
            )
            if cursor.rowcount > 0:
                return True
    return False


_POGINGEN = 4


_VASTE_KOLOMMEN = (
    "tijdstip, gebruiker, rol, organisatie, actie, verwerking, uitkomst, trace_id, client, "
    "sleutel, keten"
)
# Each element of the array is [casus_id, [person ids], keten_seq, vorige_hash, hash]; the JSON
# functions differ per database.
_PER_RIJ = {
    "postgresql": "r->>0, r->1, (r->>2)::bigint, r->>3, r->>4 "
    "FROM jsonb_array_elements(%s::jsonb) AS r",
    "sqlite": "json_extract(r.value, '$[0]'), json_extract(r.value, '$[1]'), "
    "json_extract(r.value, '$[2]'), json_extract(r.value, '$[3]'), "
    "json_extract(r.value, '$[4]') FROM json_each(%s) AS r",
}


# PostgreSQL: the chain's head (locked by keten.schakels_en_kop) moves on in the same statement.
_KOP = "WITH kop AS (UPDATE {tabel} SET lengte = %s, hash = %s, zegel = %s WHERE naam = %s) "


# The head moves on only if no one moved it since it was read; the rows go in only if it did.
_KOP_ALS = (
    "WITH kop AS (UPDATE {tabel} SET lengte = %s, hash = %s, zegel = %s "
    "WHERE naam = %s AND lengte = %s AND hash = %s RETURNING naam) "
)


@cache
def _insert_als_kop(tabel: str) -> str:
    from zicht.vertrouwen.models import Ketenkop

    vast = ", ".join(["%s"] * len(_VASTE_KOLOMMEN.split(",")))
    kolommen = f"{_VASTE_KOLOMMEN}, casus_id, personen, keten_seq, vorige_hash, hash"
    per_rij = _PER_RIJ["postgresql"].replace("FROM ", "FROM kop, ", 1)
    kop = _KOP_ALS.format(tabel=Ketenkop._meta.db_table)
    return f"{kop}INSERT INTO {tabel} ({kolommen}) SELECT {vast}, {per_rij}"


def _insert(tabel: str) -> str:
    from zicht.vertrouwen.models import Ketenkop

    per_rij = _PER_RIJ[connection.vendor]
    vast = ", ".join(["%s"] * len(_VASTE_KOLOMMEN.split(",")))
    kolommen = f"{_VASTE_KOLOMMEN}, casus_id, personen, keten_seq, vorige_hash, hash"
    kop = _KOP.format(tabel=Ketenkop._meta.db_table) if connection.vendor == "postgresql" else ""
    return f"{kop}INSERT INTO {tabel} ({kolommen}) SELECT {vast}, {per_rij}"
