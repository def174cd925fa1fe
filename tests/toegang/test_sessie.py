"""Sessions are read with plain SQL (zicht.web.sessie) and written by Django: what one writes,
the other reads; an expired or unknown session reads as none."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from zicht.web.sessie import SessionStore

pytestmark = pytest.mark.django_db


def test_the_settings_use_it() -> None:
    assert import_module(settings.SESSION_ENGINE).SessionStore is SessionStore


def test_what_django_wrote_is_read_until_it_expires() -> None:
    geschreven = SessionStore()
    geschreven["medewerker"] = "t.vt"
    geschreven.save()
    sleutel = geschreven.session_key

    assert SessionStore(sleutel).load() == {"medewerker": "t.vt"}

    Session.objects.filter(session_key=sleutel).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    verlopen = SessionStore(sleutel)
    assert verlopen.load() == {} and verlopen.session_key is None


def test_an_unknown_key_reads_as_no_session() -> None:
    onbekend = SessionStore("x" * 32)
    assert onbekend.load() == {} and onbekend.session_key is None
