"""Every request reads its user (with Medewerker and organisation) and its TOTP device with a
fixed query (vaste_sql.DJANGO): the instances are those the ORM would make, on SQLite and
PostgreSQL, and what django-otp decides from them is unchanged."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.kit import ingelogd, medewerker

from zicht.casuswerk.toegang import MedewerkerBackend
from zicht.toepassing import vaste_sql

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("organisaties_klaar")]


def _velden(instantie: object) -> dict[str, object]:
    return {v.attname: getattr(instantie, v.attname) for v in type(instantie)._meta.concrete_fields}


def test_the_user_its_medewerker_and_organisation_are_those_of_the_orm() -> None:
    user = medewerker("t.lv", "lokaal_veld:Heerlen", "lv_medewerker", first_name="Lotte")
    User.objects.filter(pk=user.pk).update(last_login=datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    orm = User.objects.select_related("medewerker__organisatie").get(pk=user.pk)

    with CaptureQueriesContext(connection) as vragen:
        gelezen = MedewerkerBackend().get_user(str(user.pk))  # as the session keeps it
        assert gelezen is not None
        organisatie = gelezen.medewerker.organisatie  # cached: no second query
        assert gelezen._zicht_medewerker is gelezen.medewerker
        assert gelezen.medewerker.user is gelezen
    assert len(vragen.captured_queries) == 1

    assert _velden(gelezen) == _velden(orm)
    assert _velden(gelezen.medewerker) == _velden(orm.medewerker)
    assert _velden(organisatie) == _velden(orm.medewerker.organisatie)
    assert gelezen.last_login == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert gelezen.is_active is True and gelezen.is_superuser is False  # bools, not 1 / 0
    assert not gelezen._state.adding and gelezen._state.db == connection.alias


def test_no_user_an_inactive_user_and_one_without_organisation() -> None:
    backend = MedewerkerBackend()
    assert backend.get_user(987654) is None
    assert backend.get_user("geen getal") is None

    stil = medewerker("t.stil", "veilig_thuis", "vt_medewerker")
    User.objects.filter(pk=stil.pk).update(is_active=False)
    assert backend.get_user(stil.pk) is None

    los = User.objects.create(username="t.los")
    gelezen = backend.get_user(los.pk)
    assert gelezen is not None and gelezen.username == "t.los"
    assert gelezen._zicht_medewerker is None


def test_a_row_with_a_null_primary_key_is_no_instance() -> None:
    leeg = (None,) * len(vaste_sql.velden(TOTPDevice))
    assert vaste_sql.model_uit(TOTPDevice, leeg) is None


def test_the_sessions_device_is_read_and_only_its_own_users_confirmed_one_counts() -> None:
    user = medewerker("t.vt", "veilig_thuis", "vt_medewerker")
    client = ingelogd(user)
    apparaat = TOTPDevice.objects.get(user=user)
    for sleutel in [k for k in vaste_sql._gecompileerd if k[0] == "otp.apparaat"]:
        del vaste_sql._gecompileerd[sleutel]

    antwoord = client.get("/")
    assert antwoord.status_code == 200
    gezien = antwoord.wsgi_request.user.otp_device
    assert isinstance(gezien, TOTPDevice) and _velden(gezien) == _velden(apparaat)
    assert antwoord.wsgi_request.user.is_verified()
    # Through the fixed query: the override of django-otp's (private) device lookup still runs.
    assert any(naam == "otp.apparaat" for naam, *_ in vaste_sql._gecompileerd)

    # Another user's device in this session: not this user's second factor.
    ander = TOTPDevice.objects.create(
        user=medewerker("t.ander", "veilig_thuis", "vt_medewerker"), name="x", confirmed=True
    )
    for waarde in (ander.persistent_id, "otp_totp.totpdevice/999999", "otp_totp.totpdevice/x"):
        sessie = client.session
        sessie[DEVICE_ID_SESSION_KEY] = waarde
        sessie.save()
        antwoord = client.get("/")
        assert antwoord.status_code == 302 and "/inloggen/" in antwoord["Location"], waarde
        assert antwoord.wsgi_request.user.otp_device is None

    # Unconfirmed: the same.
    TOTPDevice.objects.filter(pk=apparaat.pk).update(confirmed=False)
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
    sessie.save()
    assert client.get("/").wsgi_request.user.otp_device is None
