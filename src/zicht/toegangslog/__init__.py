"""The access log: who looked at which family's file, when, on what ground, and was it allowed.

    from zicht.toegangslog import registreer
    registreer(gebruiker=..., rol=..., organisatie=..., casus_id=..., personen=[...],
               actie="inzien", verwerking="vt_melding_en_onderzoek", uitkomst="toegestaan",
               trace_id=..., client=None)

`verwerking` is a code from `afspraken/verwerkingen.yaml`. This signature is stable.
"""

from __future__ import annotations


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
    # Imported here so `import zicht.toegangslog` works before Django's apps are ready.
    from zicht.toegangslog.log import registreer as _registreer

    _registreer(
        gebruiker=gebruiker,
        rol=rol,
        organisatie=organisatie,
        casus_id=casus_id,
        personen=personen,
        actie=actie,
        verwerking=verwerking,
        uitkomst=uitkomst,
        trace_id=trace_id,
        client=client,
    )


__all__ = ["registreer"]
