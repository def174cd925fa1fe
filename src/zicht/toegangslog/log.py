"""Writing the access log. The one entry point is `registreer`; callers never touch the model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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
    """One row per case (case id -> person ids) in one insert: a list showing many families."""
    from zicht.toegangslog.models import Toegangsregel

    if uitkomst not in UITKOMSTEN:
        raise ValueError(f"uitkomst moet toegestaan of geweigerd zijn, niet {uitkomst!r}")
    _verwerking(verwerking)  # only codes from the register
    nu = timezone.now()
    Toegangsregel.objects.bulk_create(
        Toegangsregel(
            tijdstip=nu,
            gebruiker=gebruiker,
            rol=rol,
            organisatie=organisatie,
            casus_id=str(casus_id) if casus_id is not None else None,
            personen=[str(p) for p in personen],
            actie=actie,
            verwerking=verwerking,
            uitkomst=uitkomst,
            trace_id=trace_id,
            client=client,
        )
        for casus_id, personen in casussen.items()
    )
