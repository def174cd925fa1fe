"""The beheer log: every action of a functioneel beheerder, by whom and on what (`Beheeractie`)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from zicht.beheer.models import Beheeractie


def vastleggen(request: HttpRequest, actie: str, onderwerp: str, toelichting: str = "") -> None:
    Beheeractie.objects.create(
        tijdstip=timezone.now(),
        gebruiker=request.user.get_username(),
        actie=actie,
        onderwerp=onderwerp,
        toelichting=toelichting,
    )
