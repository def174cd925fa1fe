"""Issue #16 through the API: bad input is a clear 4xx (never a 500), retries with the same
Idempotency-Key are stored once, and requests without a valid token stay out of the access log
of cases."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from zicht.store.models import Casus, Gebeurtenis
from zicht.toegangslog.models import Toegangsrij
from zicht.vertrouwen.models import Beveiligingsrij, IdempotenteAanvraag

from .conftest import API, DIRECT, MELDING, Systeem

pytestmark = pytest.mark.django_db


def _probleem(antwoord: Any, status: int = 400) -> dict[str, Any]:
    assert antwoord.status_code == status, antwoord.content[:500]
    assert antwoord["Content-Type"].startswith("application/problem+json")
    return antwoord.json()  # type: ignore[no-any-return]


def _rauw(vt: Systeem, pad: str, tekst: str) -> Any:
    return vt.http.post(f"{API}/{pad}", tekst, content_type="application/json")


def _casus(vt: Systeem) -> tuple[str, int]:
    antwoord = vt.post("casussen", MELDING)
    assert antwoord.status_code == 201
    return antwoord.json()["id"], int(antwoord["ETag"].strip('"'))


# ---- 6: every bad input a clear 4xx ---------------------------------------------------------


def test_json_nested_1000_deep_is_400(systeem: Callable[..., Systeem]) -> None:
    vt = systeem("veilig_thuis")
    diep = '{"a":' * 1000 + "1" + "}" * 1000
    _probleem(_rauw(vt, "casussen", diep))
    _probleem(_rauw(vt, "casussen", "[" * 1000 + "]" * 1000))


@pytest.mark.parametrize("plek", ["waarde", "sleutel", "gezin", "naam"])
def test_a_lone_surrogate_anywhere_is_400(systeem: Callable[..., Systeem], plek: str) -> None:
    vt = systeem("veilig_thuis")
    melding = json.loads(json.dumps(MELDING))
    if plek == "waarde":
        melding["bron"] = "\ud800"
    elif plek == "sleutel":
        melding["\udfff"] = 1
    elif plek == "gezin":
        melding["gezin"] = "Gezin \ud800"
    else:
        melding["directbetrokkenen"][0]["naam"] = "Anna \udbff"
    tekst = json.dumps(melding)  # ensure_ascii: the surrogate travels as \ud800
    assert "\\ud" in tekst or "\\udfff" in tekst or "\\udbff" in tekst
    _probleem(_rauw(vt, "casussen", tekst))
    assert not Casus.objects.exists()


@pytest.mark.parametrize("op", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"])
def test_extreme_moments_are_400(systeem: Callable[..., Systeem], op: str) -> None:
    vt = systeem("veilig_thuis")
    _probleem(vt.post("casussen", {**MELDING, "op": op}))
    casus_id, versie = _casus(vt)
    stap = {"type": "melder_geinformeerd", "op": op, "versie": versie}
    _probleem(vt.post(f"casussen/{casus_id}/gebeurtenissen", stap))


def _naar_plan(vt: Systeem, tijd: Any) -> tuple[str, int]:
    casus_id, versie = _casus(vt)
    tijd.zet("2026-03-05T15:00")
    stappen = [
        {
            "type": "veiligheidsbeoordeling_afgerond",
            "op": "2026-03-05T14:00:00+01:00",
            "besluit": "lokaal_veld",
            "onderbouwing": "synthetisch",
            "beoordelaars": ["vt.a", "vt.b"],
        },
        {
            "type": "overdracht",
            "op": "2026-03-05T14:30:00+01:00",
            "moment": "direct",
            "naar": ["lokaal_veld:Heerlen"],
            "informatie": DIRECT,
        },
    ]
    for stap in stappen:
        antwoord = vt.post(f"casussen/{casus_id}/gebeurtenissen", {**stap, "versie": versie})
        assert antwoord.status_code == 201, antwoord.content
        versie = int(antwoord["ETag"].strip('"'))
    return casus_id, versie


@pytest.mark.parametrize(
    "veld", [{"stabiliteitsperiodeMaanden": 95_678}, {"termijnVoorwaarden": "9999-12-31"}]
)
def test_extreme_plan_values_are_400(
    systeem: Callable[..., Systeem], tijd: Any, veld: dict[str, Any]
) -> None:
    vt = systeem("veilig_thuis")
    lv = systeem("lokaal_veld:Heerlen")
    casus_id, versie = _naar_plan(vt, tijd)
    plan = {
        "type": "plan_vastgesteld",
        "op": "2026-03-05T15:00:00+01:00",
        "onderdelen": ["termijn_voorwaarden"],
        "versie": versie,
        **veld,
    }
    _probleem(lv.post(f"casussen/{casus_id}/gebeurtenissen", plan))


def test_a_text_over_the_limit_is_400_and_never_stored(systeem: Callable[..., Systeem]) -> None:
    vt = systeem("veilig_thuis")
    casus_id, versie = _casus(vt)
    stap = {
        "type": "incident",
        "op": "2026-03-02T09:10:00+01:00",
        "omschrijving": "x" * 1_000_000,
        "versie": versie,
    }
    _probleem(vt.post(f"casussen/{casus_id}/gebeurtenissen", stap))
    assert Gebeurtenis.objects.filter(casus_id=casus_id).count() == 1


@pytest.mark.parametrize("teken", ["\u202e", "\u200b", "\u2066", "\x07", "\ufeff"])
def test_control_bidi_and_zero_width_characters_in_names_are_400(
    systeem: Callable[..., Systeem], teken: str
) -> None:
    vt = systeem("veilig_thuis")
    melding = json.loads(json.dumps(MELDING))
    melding["directbetrokkenen"][0]["naam"] = f"Anna{teken}Jansen"
    _probleem(vt.post("casussen", melding))
    _probleem(vt.post("casussen", {**MELDING, "gezin": f"Gezin{teken}Jansen"}))
    _probleem(vt.post("casussen", {**MELDING, "melder": {"naam": f"M{teken}x"}}))
    assert not Casus.objects.exists()


def test_a_melding_without_family_data_still_renders_its_case_page(
    systeem: Callable[..., Systeem],
) -> None:
    vt = systeem("veilig_thuis")
    kaal = {k: v for k, v in MELDING.items() if k not in {"gezin", "directbetrokkenen"}}
    antwoord = vt.post("casussen", kaal)
    assert antwoord.status_code == 201, antwoord.content
    casus_id = antwoord.json()["id"]
    assert vt.get(f"casussen/{casus_id}").status_code == 200
    pagina = _medewerker("veilig_thuis", "vt_medewerker").get(f"/casussen/{casus_id}")
    assert pagina.status_code == 200


def _medewerker(organisatie: str, rol: str) -> Client:
    """A logged-in user with a verified second factor."""
    from django.contrib.auth.models import User
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from zicht.casuswerk.models import Medewerker, Organisatie

    user = User.objects.create(username=f"t.{rol}", first_name="Test")
    Medewerker.objects.create(
        user=user, organisatie=Organisatie.objects.get(code=organisatie), rol=rol
    )
    apparaat = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client = Client()
    client.force_login(user)
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
    sessie.save()
    return client


# ---- 4: no valid token, no row in a case's access log -----------------------------------


def test_bad_tokens_do_not_fill_the_access_log_and_are_rate_limited_per_source(
    systeem: Callable[..., Systeem],
) -> None:
    from django.core.cache import cache

    cache.clear()
    vt = systeem("veilig_thuis")
    casus_id, _ = _casus(vt)
    voor = Toegangsrij.objects.count()
    nep = Client(headers={"Authorization": "Bearer nep-token"}, REMOTE_ADDR="203.0.113.9")
    zonder = Client(REMOTE_ADDR="203.0.113.10")

    for _ in range(100):
        assert nep.get(f"{API}/casussen/{casus_id}").status_code == 401
    for _ in range(60):
        assert zonder.get(f"{API}/casussen/{casus_id}").status_code == 401

    assert Toegangsrij.objects.count() == voor  # nothing written for this case or any
    assert not Toegangsrij.objects.filter(casus_id=casus_id, uitkomst="geweigerd").exists()
    per_bron = dict(Beveiligingsrij.objects.values_list("bron", "soort"))
    assert per_bron == {
        "203.0.113.9": "api_zonder_geldig_token",
        "203.0.113.10": "api_zonder_geldig_token",
    }
    assert Beveiligingsrij.objects.count() == 2  # one per source per minute, not 160


def test_requests_without_identity_do_not_push_real_viewers_out_of_the_case_panel(
    systeem: Callable[..., Systeem],
) -> None:
    """Finding 4: 60 token-less requests on a real case id (API and screens) pushed the real
    viewers out of "Wie heeft dit dossier ingezien"."""
    vt = systeem("veilig_thuis")
    casus_id, _ = _casus(vt)
    kijker = _medewerker("veilig_thuis", "vt_medewerker")
    assert kijker.get(f"/casussen/{casus_id}").status_code == 200
    anoniem = Client(REMOTE_ADDR="203.0.113.11")
    for _ in range(60):
        assert anoniem.get(f"{API}/casussen/{casus_id}").status_code == 401
        assert anoniem.get(f"/casussen/{casus_id}").status_code == 302  # to the login page

    pagina = kijker.get(f"/casussen/{casus_id}").content.decode()
    paneel = pagina.split("Wie heeft dit dossier ingezien", 1)[1].split("</table>", 1)[0]
    assert paneel.count('<tr class="utrecht-table__row">') == 1 + 2  # header, API, first look
    assert "203.0.113.11" not in paneel and "anoniem" not in paneel.lower()
    assert set(Toegangsrij.objects.filter(casus_id=casus_id).values_list("gebruiker", flat=True))
    assert not Toegangsrij.objects.filter(casus_id=casus_id, gebruiker="").exists()


# ---- 5: Idempotency-Key ------------------------------------------------------------------


def test_the_same_idempotency_key_twice_makes_one_case_and_the_same_answer(
    systeem: Callable[..., Systeem],
) -> None:
    vt = systeem("veilig_thuis")

    eerste = vt.post("casussen", MELDING, **{"Idempotency-Key": "melding-1"})
    tweede = vt.post("casussen", MELDING, **{"Idempotency-Key": "melding-1"})

    assert eerste.status_code == tweede.status_code == 201
    assert tweede.json() == eerste.json() and tweede["Location"] == eerste["Location"]
    assert tweede["Idempotent-Replayed"] == "true"
    assert Casus.objects.count() == 1 and Gebeurtenis.objects.count() == 1
    anders = vt.post(
        "casussen", {**MELDING, "gezin": "Gezin Ander"}, **{"Idempotency-Key": "melding-1"}
    )
    assert _probleem(anders, 422)["code"] == "idempotency_key_hergebruikt"
    assert vt.post("casussen", MELDING, **{"Idempotency-Key": "melding-2"}).status_code == 201
    assert Casus.objects.count() == 2


def test_an_event_retried_with_its_key_is_stored_once(systeem: Callable[..., Systeem]) -> None:
    vt = systeem("veilig_thuis")
    casus_id, versie = _casus(vt)
    stap = {
        "type": "veiligheidsbeoordeling_afgerond",
        "op": "2026-03-02T09:20:00+01:00",
        "besluit": "lokaal_veld",
        "onderbouwing": "synthetisch",
        "beoordelaars": ["vt.a", "vt.b"],
        "versie": versie,
    }
    pad = f"casussen/{casus_id}/gebeurtenissen"

    antwoorden = [vt.post(pad, stap, **{"Idempotency-Key": "stap-1"}) for _ in range(3)]

    assert [a.status_code for a in antwoorden] == [201, 201, 201]  # not 409 on the retries
    assert Gebeurtenis.objects.filter(casus_id=casus_id).count() == 2
    assert IdempotenteAanvraag.objects.count() == 1


def test_keys_are_per_client_and_a_refused_request_is_answered_the_same(
    systeem: Callable[..., Systeem],
) -> None:
    vt = systeem("veilig_thuis")
    ander = systeem("veilig_thuis", naam="tweede")
    assert vt.post("casussen", MELDING, **{"Idempotency-Key": "k"}).status_code == 201
    assert ander.post("casussen", MELDING, **{"Idempotency-Key": "k"}).status_code == 201
    slecht = {**MELDING, "bron": "onbekend"}
    eerste = vt.post("casussen", slecht, **{"Idempotency-Key": "slecht"})
    tweede = vt.post("casussen", slecht, **{"Idempotency-Key": "slecht"})
    assert eerste.status_code == tweede.status_code == 400
    assert _probleem(vt.post("casussen", MELDING, **{"Idempotency-Key": "é" * 3}))
    assert Casus.objects.count() == 2
