"""A user's notification settings: the digest and the calendar feed's token."""

from __future__ import annotations

import secrets
from typing import Any

from zicht.signalering.models import Voorkeur


def van(gebruiker: Any) -> Voorkeur:
    voorkeur, _ = Voorkeur.objects.get_or_create(gebruiker=gebruiker)
    return voorkeur  # type: ignore[no-any-return]


def nieuw_agenda_token(voorkeur: Voorkeur) -> str:
    """A fresh unguessable token (256 bits); the old link stops working at once."""
    voorkeur.agenda_token = secrets.token_urlsafe(32)
    voorkeur.save(update_fields=["agenda_token"])
    return str(voorkeur.agenda_token)


def trek_agenda_in(voorkeur: Voorkeur) -> None:
    voorkeur.agenda_token = None
    voorkeur.save(update_fields=["agenda_token"])
