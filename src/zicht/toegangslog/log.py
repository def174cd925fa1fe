"""Writing the access log. The one entry point is `registreer`; callers never touch the model."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from django.db import connection
from django.utils import timezone

from zicht.core.verwerkingen import verwerking as _verwerking

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
    from zicht.toegangslog.models import Toegangsregel

    if uitkomst not in UITKOMSTEN:
        raise ValueError(f"uitkomst moet toegestaan of geweigerd zijn, niet {uitkomst!r}")
    _verwerking(verwerking)  # only codes from the register
    if not casussen:
        return
    rijen = json.dumps(
        [
            [str(casus_id) if casus_id is not None else None, [str(p) for p in personen]]
            for casus_id, personen in casussen.items()
        ]
    )
    velden = [
        connection.ops.adapt_datetimefield_value(timezone.now()),
        gebruiker,
        rol,
        organisatie,
        actie,
        verwerking,
        uitkomst,
        trace_id,
        client,
    ]
    with connection.cursor() as cursor:
        cursor.execute(_insert(Toegangsregel._meta.db_table), [*velden, rijen])


_VASTE_KOLOMMEN = (
    "tijdstip, gebruiker, rol, organisatie, actie, verwerking, uitkomst, trace_id, client"
)
# Each element of the array is [casus_id, [person ids]]; the JSON functions differ per database.
_PER_RIJ = {
    "postgresql": "r->>0, r->1 FROM jsonb_array_elements(%s::jsonb) AS r",
    "sqlite": "json_extract(r.value, '$[0]'), json_extract(r.value, '$[1]') "
    "FROM json_each(%s) AS r",
}


def _insert(tabel: str) -> str:
    per_rij = _PER_RIJ[connection.vendor]
    vast = ", ".join(["%s"] * len(_VASTE_KOLOMMEN.split(",")))
    return f"INSERT INTO {tabel} ({_VASTE_KOLOMMEN}, casus_id, personen) SELECT {vast}, {per_rij}"
