"""Free text out of the events: `onderbouwing`, `omschrijving`, `veiligheidsvoorwaarden`,
`toelichting`.

A professional may write a name into a rationale despite the hint. The event gets a reference
(`notitie:<uuid>`) and the text goes to `Notitie`, which the retention job can wipe; the
engine only needs the field to be non-empty. Screens show the text through `tekst_van`.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from zicht.store.contract import EventStore
from zicht.store.models import Notitie
from zicht.toepassing import opslag

# `toelichting`: the free explanation any step (and a melding) may carry (SPEC §4).
VRIJE_VELDEN = frozenset({"onderbouwing", "omschrijving", "veiligheidsvoorwaarden", "toelichting"})
VOORVOEGSEL = "notitie:"


def apart(velden: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The fields with references instead of free text, and the texts by reference key."""
    teksten: dict[str, str] = {}

    def vervang(waarde: Any, vrij: bool) -> Any:
        if isinstance(waarde, str) and vrij and not waarde.startswith(VOORVOEGSEL):
            sleutel = str(uuid.uuid4())
            teksten[sleutel] = waarde
            return VOORVOEGSEL + sleutel
        if isinstance(waarde, list):
            return [vervang(w, vrij) for w in waarde]
        if isinstance(waarde, dict):
            return {k: vervang(v, vrij or k in VRIJE_VELDEN) for k, v in waarde.items()}
        return waarde

    return {k: vervang(v, k in VRIJE_VELDEN) for k, v in velden.items()}, teksten


def bewaar(casus_id: str, teksten: Mapping[str, str], store: EventStore | None = None) -> None:
    """Keep the texts `apart` took out, beside the case's events (in the store)."""
    (store or opslag.store()).bewaar_teksten(casus_id, teksten)


def tekst_van(casus_id: str, waarde: Any) -> Any:
    """The text behind a reference (lists too); plain values as they are."""
    if isinstance(waarde, list):
        return [tekst_van(casus_id, w) for w in waarde]
    if isinstance(waarde, str) and waarde.startswith(VOORVOEGSEL):
        notitie = Notitie.objects.filter(
            casus_id=casus_id, sleutel=waarde[len(VOORVOEGSEL) :]
        ).first()
        return notitie.tekst if notitie else "(tekst verwijderd)"
    return waarde
