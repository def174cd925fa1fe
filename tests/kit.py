"""The shared test kit: a fixed clock, an event builder, a case maker, logged-in users.

One copy for every test package (casuswerk, toegang, perf, browser, api) instead of one per
conftest. Everything here works on the real database and the real store.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht.store.contract import EventStore, NieuweGebeurtenis
from zicht.toepassing import klok, opslag
from zicht.toepassing.modellen import Gezin, Medewerker, Organisatie

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
REGIO = "zuid-limburg"
# The items a direct hand-over must carry (SPEC §4, the agreement's §5.1.3).
DIRECT = [
    "inhoud_melding",
    "contactgegevens_directbetrokkenen",
    "contactgegevens_melder",
    "triagebesluit",
    "informatie_veiligheidsbeoordeling",
]
Ev = tuple[str, str, dict[str, Any]]


def moment(tekst: str) -> datetime:
    """`2026-03-10T12:00` in Amsterdam."""
    return datetime.fromisoformat(tekst).replace(tzinfo=AMSTERDAM)


def ev(op: str, type_: str, **velden: Any) -> Ev:
    """An event for `maak_casus`: its moment (Amsterdam), its type and its fields."""
    return op, type_, velden


def zet_klok(monkeypatch: pytest.MonkeyPatch, nu: datetime) -> datetime:
    """Fix the web app's one clock (`zicht.toepassing.klok`) at `nu`."""
    monkeypatch.setattr(klok, "nu", lambda: nu)
    return nu


def maak_casus(
    gebeurtenissen: Sequence[Ev],
    naam: str | None = "Gezin Test",
    personen: list[dict[str, Any]] | None = None,
    melder: dict[str, str] | None = None,
    store: EventStore | None = None,
    door: tuple[str, str] = ("vt.a", "veilig_thuis"),
) -> str:
    """A case through the store (so through the engine), with its family when `naam` is given."""
    store = store or opslag.store()
    casus_id = store.nieuwe_casus(REGIO, nu=moment(gebeurtenissen[0][0]))
    if naam is not None:
        Gezin.objects.create(
            casus_id=casus_id,
            naam=naam,
            personen=personen
            if personen is not None
            else [
                {"id": "p1", "naam": "Ouder Test", "rol": "ouder"},
                {"id": "p2", "naam": "Kind Test", "rol": "kind"},
            ],
            melder=melder or {},
        )
    for seq, (op, soort, velden) in enumerate(gebeurtenissen):
        gebeurtenis = NieuweGebeurtenis(soort, moment(op), velden)
        store.voeg_toe(casus_id, seq, gebeurtenis, *door, moment(op))
    return casus_id


def medewerker(username: str, organisatie: str, rol: str, first_name: str = "") -> User:
    """A user of `organisatie` in `rol` with a confirmed second factor; made on first use."""
    user, nieuw = User.objects.get_or_create(username=username, defaults={"first_name": first_name})
    if nieuw:
        Medewerker.objects.create(
            user=user, organisatie=Organisatie.objects.get(code=organisatie), rol=rol
        )
    return user


class Formulierclient(Client):
    """A test client that posts like a browser posts a form from its page: with a fresh
    one-time form token (`zicht.vertrouwen.formulieren`) for the logged-in user, unless the
    test gives `_formulier` itself (None: no token at all)."""

    wie: Any = None  # who is logged in (remembered: reading the session costs a query)

    def force_login(self, user: Any, backend: str | None = None) -> None:
        super().force_login(user, backend)
        self.wie = user.pk

    def logout(self) -> None:
        super().logout()
        self.wie = None

    def post(self, path: str, data: Any = None, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        from zicht.vertrouwen.formulieren import VELD, maak_token

        if data is None or isinstance(data, dict):
            data = dict(data or {})
            if VELD not in data:
                data[VELD] = maak_token(self.wie, path)
            elif data[VELD] is None:
                del data[VELD]
        return super().post(path, data, *args, **kwargs)


def ingelogd(user: User, client: Client | None = None) -> Client:
    """A client logged in as `user` with a verified second factor, as after the real two steps
    (the one place that knows how)."""
    apparaat = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if apparaat is None:
        apparaat = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client = client or Formulierclient()
    client.force_login(user)
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
    sessie.save()
    return client


def ketenkoppen() -> None:
    """The heads of the access log's hash chains, as the first look ever on a database makes
    them (PostgreSQL: two queries once, zicht.vertrouwen.keten): for tests that count the
    queries of a page, which would otherwise count that once-only work on their first page."""
    from django.db import connection

    from zicht.vertrouwen import keten

    if connection.vendor == "postgresql":
        keten.maak_koppen()


def inzage(gebruiker: str = "t.vt") -> None:
    """One access-log row: a Veilig Thuis worker looked at personal data without a case."""
    from zicht.toegangslog import registreer

    registreer(
        gebruiker=gebruiker,
        rol="vt_medewerker",
        organisatie="veilig_thuis",
        casus_id=None,
        personen=[],
        actie="casus_inzien",
        verwerking="vt_melding_en_onderzoek",
        uitkomst="toegestaan",
        trace_id="abc",
    )
