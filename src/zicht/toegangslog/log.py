"""Writing the access log. The one entry point is `registreer`; callers never touch the model."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

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
    # The chain's head is locked until the rows are in; inside a caller's transaction no
    # savepoint: an error undoes the caller's transaction anyway.
    pg = connection.vendor == "postgresql"
    with transaction.atomic(savepoint=False):
        schakels, kop = keten.schakels_en_kop(
            [
                {
                    **gedeeld,
                    "casus_id": str(casus_id) if casus_id is not None else None,
                    "personen": [str(p) for p in personen],
                }
                for casus_id, personen in casussen.items()
            ],
            kop_bijwerken=not pg,  # PostgreSQL moves the head in the insert's statement
        )
        rijen = json.dumps(
            [
                [r["casus_id"], r["personen"], r["keten_seq"], r["vorige_hash"], r["hash"]]
                for r in schakels
            ]
        )
        velden = [
            connection.ops.adapt_datetimefield_value(nu),
            gebruiker,
            rol,
            organisatie,
            actie,
            verwerking,
            uitkomst,
            trace_id,
            client,
            schakels[0]["sleutel"],
            None if kop.naam == keten.NAAM else kop.naam,  # the first chain: as before chains
        ]
        kop_velden = [kop.lengte, kop.hash, kop.zegel, kop.naam] if pg else []
        with connection.cursor() as cursor:
            cursor.execute(_insert(Toegangsrij._meta.db_table), [*kop_velden, *velden, rijen])


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


def _insert(tabel: str) -> str:
    from zicht.vertrouwen.models import Ketenkop

    per_rij = _PER_RIJ[connection.vendor]
    vast = ", ".join(["%s"] * len(_VASTE_KOLOMMEN.split(",")))
    kolommen = f"{_VASTE_KOLOMMEN}, casus_id, personen, keten_seq, vorige_hash, hash"
    kop = _KOP.format(tabel=Ketenkop._meta.db_table) if connection.vendor == "postgresql" else ""
    return f"{kop}INSERT INTO {tabel} ({kolommen}) SELECT {vast}, {per_rij}"
