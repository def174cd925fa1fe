"""What was reported, as the melder told it: free text kept beside the events (`Notitie`)."""

from __future__ import annotations

import uuid

from zicht.casusbeheer.models import Meldingsinhoud
from zicht.casuswerk.models import Notitie

MAX_TEKST = 10_000


def bewaar(casus_id: str, tekst: str) -> None:
    """Keep the text (nothing for an empty one); the retention job wipes it with the notes."""
    if not tekst.strip():
        return
    sleutel = uuid.uuid4()
    Notitie.objects.create(casus_id=casus_id, sleutel=sleutel, tekst=tekst.strip()[:MAX_TEKST])
    Meldingsinhoud.objects.create(casus_id=casus_id, notitie=sleutel)
