"""The access log: who looked at which family's file, when, on what ground, and was it allowed.

    from zicht.toegangslog import registreer
    registreer(gebruiker=..., rol=..., organisatie=..., casus_id=..., personen=[...],
               actie="inzien", verwerking="vt_melding_en_onderzoek", uitkomst="toegestaan",
               trace_id=..., client=None)

`verwerking` is a code from `afspraken/verwerkingen.yaml`. This signature is stable.
"""

from __future__ import annotations

from typing import Any


def registreer(**velden: Any) -> None:
    """See `zicht.toegangslog.log.registreer` for the (stable, keyword-only) fields."""
    # Imported here so `import zicht.toegangslog` works before Django's apps are ready.
    from zicht.toegangslog.log import registreer as _registreer

    _registreer(**velden)


__all__ = ["registreer"]
