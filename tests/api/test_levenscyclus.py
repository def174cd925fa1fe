"""A whole case from melding to closure through the API only, as two organisations' systems.

After every step the API's state must be the engine's own state output for the stored events.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from zicht.api import namen
from zicht.core import engine
from zicht.store.django_store import DjangoStore
from zicht.store.projectie import als_json
from zicht.toegangslog.models import Toegangsrij
from zicht.toepassing.dossier import afspraken

from .conftest import DIRECT, Klok, Systeem

pytestmark = pytest.mark.django_db
VT, HEERLEN = "veilig_thuis", "lokaal_veld:Heerlen"
NA_DIENST = [
    "inhoud_melding",
    "contactgegevens_directbetrokkenen",
    "veiligheidsvoorwaarden",
    "consequenties_onvoldoende_herstel",
    "afspraken_plan",
    "afspraken_monitoring",
]
# (who, when, step): the Sittard-Geleen scenario of SPEC §6.1, here for Heerlen.
STAPPEN: list[tuple[str, str, dict[str, Any]]] = [
    (
        VT,
        "2026-01-07T10:00",
        {
            "type": "veiligheidsbeoordeling_afgerond",
            "besluit": "voorwaarden_en_vervolg",
            "onderbouwing": "Voorwaarden nodig.",
            "beoordelaars": ["vt.jansen", "vt.peters"],
        },
    ),
    (VT, "2026-01-08T09:00", {"type": "dienst_gestart", "dienst": "voorwaarden_en_vervolg"}),
    (
        VT,
        "2026-03-02T10:00",
        {"type": "dienst_afgerond", "veiligheidsvoorwaarden": ["geen geweld"], "monitoring": True},
    ),
    (
        VT,
        "2026-03-02T11:00",
        {
            "type": "overdracht",
            "moment": "na_dienst",
            "naar": [HEERLEN],
            "wijze": "mondeling",
            "informatie": NA_DIENST,
            # §5.1.2: who informs which family member, and by when (issue #11)
            "informerenAfspraken": [
                {"persoon": "p2", "door": "veilig_thuis", "uiterlijk": "2026-03-09"}
            ],
        },
    ),
    (HEERLEN, "2026-03-02T15:00", {"type": "overdracht_geaccepteerd", "door": HEERLEN}),
    # Bijlage 2: how often, with whom and how Veilig Thuis keeps contact (issue #11)
    (
        VT,
        "2026-03-02T16:00",
        {
            "type": "monitoringsafspraken_vastgelegd",
            "frequentieMaanden": 3,
            "met": ["p1", "p2"],
            "wijze": "telefonisch",
        },
    ),
    (VT, "2026-03-03T09:00", {"type": "directbetrokkene_geinformeerd", "persoon": "p2"}),
    (HEERLEN, "2026-03-03T10:00", {"type": "casusregie_belegd", "bij": HEERLEN}),
    (HEERLEN, "2026-03-04T10:00", {"type": "contact_gestart", "door": HEERLEN}),
    (
        VT,
        "2026-06-01T10:00",
        {
            "type": "monitoringscontact",
            "scores": [{"door": "p2", "score": 8}],
            "gesproken": ["p1"],
            "voorwaardenNageleefd": True,
            "directeVeiligheid": True,
        },
    ),
    (
        HEERLEN,
        "2026-06-15T10:00",
        {"type": "evaluatie", "risicofactorenAangepakt": True, "herstelGestart": True},
    ),
    (HEERLEN, "2026-07-06T10:00", {"type": "stabiele_veiligheid_vastgesteld"}),
    # Bijlage 2: "tenminste monitort na 3 en 12 maanden": the 12-month contact comes first.
    (
        VT,
        "2027-03-02T10:00",
        {"type": "monitoringscontact", "scores": [{"door": "p2", "score": 9}]},
    ),
    (VT, "2027-03-03T09:00", {"type": "monitoring_afgesloten"}),
    (HEERLEN, "2027-03-04T10:00", {"type": "casusregie_afgesloten", "reden": "stabiel_veilig"}),
]


def engine_toestand(casus_id: str, tijd: Klok) -> dict[str, Any]:
    """The engine's own answer for the stored events, as JSON with the API's names."""
    overeenkomst = afspraken("zuid-limburg")
    gelezen = [
        engine.lees_gebeurtenis({**g.velden, "type": g.type, "op": g.op}, i, overeenkomst)
        for i, g in enumerate(DjangoStore().gebeurtenissen(casus_id))
    ]
    toestand = als_json(engine.bereken_toestand(gelezen, tijd.nu, overeenkomst))
    return namen.naar_buiten(toestand)  # type: ignore[no-any-return]


def test_a_case_runs_from_melding_to_closure_through_the_api(
    systeem: Callable[..., Systeem], tijd: Klok
) -> None:
    systemen = {VT: systeem(VT), HEERLEN: systeem(HEERLEN)}
    tijd.zet("2026-01-05T09:10")
    melding = {
        "op": "2026-01-05T09:00:00+01:00",
        "gezin": "Gezin Peters",
        "gemeenten": ["Heerlen"],
        "bron": "professional",
        "directbetrokkenen": [
            {"naam": "Kim Peters", "rol": "kind"},
            {"naam": "Sam Peters", "rol": "ouder", "gezag": True},
        ],
    }
    casus = systemen[VT].post("casussen", melding).json()
    casus_id, versie = casus["id"], casus["versie"]
    assert casus["toestand"] == engine_toestand(casus_id, tijd)
    assert systemen[HEERLEN].get(f"casussen/{casus_id}").status_code == 404  # not yet its case

    for wie, moment, stap in STAPPEN:
        nu = tijd.zet(moment)
        tijd.nu = nu + timedelta(minutes=30)  # the system reports it a little later
        antwoord = systemen[wie].post(
            f"casussen/{casus_id}/gebeurtenissen",
            {**stap, "op": nu.isoformat()},
            **{"If-Match": f'"{versie}"'},
        )
        assert antwoord.status_code == 201, (stap["type"], antwoord.json())
        versie = int(antwoord["ETag"].strip('"'))

        gelezen = systemen[wie].get(f"casussen/{casus_id}")
        assert gelezen.status_code == 200
        assert gelezen["ETag"] == f'"{versie}"'
        assert gelezen.json()["toestand"] == engine_toestand(casus_id, tijd), stap["type"]

    eind = systemen[HEERLEN].get(f"casussen/{casus_id}").json()["toestand"]
    assert eind["zichtOpVeiligheid"] == []
    assert eind["stabieleVeiligheid"]["bereikt"] is True
    assert eind["casusregie"] is None and eind["monitoring"]["actief"] is False
    historie = systemen[VT].get(f"casussen/{casus_id}/gebeurtenissen", pageSize="100").json()
    assert [g["organisatie"] for g in historie["resultaten"]] == [VT] + [w for w, _, _ in STAPPEN]


def test_a_stale_version_is_409_and_a_broken_rule_is_422_with_its_ground(
    systeem: Callable[..., Systeem], tijd: Klok
) -> None:
    vt = systeem(VT)
    tijd.zet("2026-03-02T10:00")
    casus_id = vt.post(
        "casussen", {"op": "2026-03-02T09:00:00+01:00", "gemeenten": ["Heerlen"], "bron": "burger"}
    ).json()["id"]
    pad = f"casussen/{casus_id}/gebeurtenissen"
    triage = {
        "type": "veiligheidsbeoordeling_afgerond",
        "op": "2026-03-02T09:30:00+01:00",
        "besluit": "lokaal_veld",
        "onderbouwing": "Lokaal veld pakt op.",
        "beoordelaars": ["vt.a", "vt.b"],
    }
    assert vt.post(pad, {**triage, "versie": 1}).status_code == 201

    verouderd = vt.post(pad, {**triage, "versie": 1})
    onvolledig = vt.post(
        pad,
        {
            "type": "overdracht",
            "op": "2026-03-02T09:40:00+01:00",
            "versie": 2,
            "moment": "direct",
            "naar": [HEERLEN],
            "informatie": ["inhoud_melding"],
        },
    )
    zonder_versie = vt.post(pad, {**triage, "versie": None})
    naieve_tijd = vt.post(pad, {**triage, "versie": 2, "op": "2026-03-02T09:45:00"})
    fout_veld = vt.post(pad, {**triage, "versie": 2, "besluit": "weet_niet"})

    assert verouderd.status_code == 409 and verouderd.json()["actueleVersie"] == 2
    assert onvolledig.status_code == 422
    probleem = onvolledig.json()
    assert probleem["code"] == "overdracht_onvolledig" and probleem["grond"].startswith("§5.1.3")
    assert "triagebesluit" in probleem["ontbreekt"] and probleem["detail"]
    assert zonder_versie.status_code == 428
    assert naieve_tijd.status_code == 400
    assert naieve_tijd.json()["invalidParams"][0]["name"] == "op"
    assert fout_veld.status_code == 400
    assert fout_veld.json()["invalidParams"][0]["name"] == "besluit"
    for antwoord in (verouderd, onvolledig, zonder_versie, naieve_tijd, fout_veld):
        assert antwoord["Content-Type"] == "application/problem+json"


def _beoordeeld_en_overgedragen(vt: Systeem) -> list[tuple[Systeem, dict[str, Any]]]:
    """Veilig Thuis assesses a 09:00 melding and hands it straight over to Heerlen."""
    triage = {
        "type": "veiligheidsbeoordeling_afgerond",
        "op": "2026-03-02T09:30:00+01:00",
        "besluit": "lokaal_veld",
        "onderbouwing": "Lokaal veld pakt op.",
        "beoordelaars": ["vt.a", "vt.b"],
    }
    overdracht = {
        "type": "overdracht",
        "op": "2026-03-02T09:40:00+01:00",
        "moment": "direct",
        "naar": [HEERLEN],
        "informatie": DIRECT,
    }
    return [(vt, triage), (vt, overdracht)]


def _melding_om_negen(vt: Systeem) -> str:
    """A burger's melding about a Heerlen family at 09:00: the path of its events."""
    casus_id = vt.post(
        "casussen", {"op": "2026-03-02T09:00:00+01:00", "gemeenten": ["Heerlen"], "bron": "burger"}
    ).json()["id"]
    return f"casussen/{casus_id}/gebeurtenissen"


def test_the_api_refuses_a_future_moment_accepts_a_late_one_and_offers_the_new_steps(
    systeem: Callable[..., Systeem], tijd: Klok
) -> None:
    vt, heerlen = systeem(VT), systeem(HEERLEN)
    tijd.zet("2026-03-02T10:30")
    pad = _melding_om_negen(vt)
    casus_id = pad.split("/")[1]
    stappen: list[tuple[Systeem, dict[str, Any]]] = [
        *_beoordeeld_en_overgedragen(vt),
        (heerlen, {"type": "incident", "op": "2026-03-02T10:15:00+01:00"}),
        # recorded after the incident, but it happened before it
        (heerlen, {"type": "contact_gestart", "op": "2026-03-02T10:00:00+01:00", "door": HEERLEN}),
    ]
    toekomst = vt.post(pad, {"type": "incident", "op": "2030-03-02T10:00:00+01:00", "versie": 1})
    for versie, (systeem_, stap) in enumerate(stappen, start=1):
        antwoord = systeem_.post(pad, {**stap, "versie": versie})
        assert antwoord.status_code == 201, (stap["type"], antwoord.json())

    assert toekomst.status_code == 400  # the API names the field; the engine refuses it too
    assert toekomst.json()["invalidParams"][0]["name"] == "op"
    casus = heerlen.get(f"casussen/{casus_id}").json()
    contact = next(t for t in casus["toestand"]["termijnen"] if t["code"] == "start_contact")
    assert contact["voldaanOp"].startswith("2026-03-02T10:00")
    assert casus["toestand"] == engine_toestand(casus_id, tijd)
    assert {"overdracht_teruggewezen", "gebeurtenis_ingetrokken"} <= set(casus["mogelijkeStappen"])


def test_a_party_withdraws_only_its_own_steps_through_the_api(
    systeem: Callable[..., Systeem], tijd: Klok
) -> None:
    vt, heerlen = systeem(VT), systeem(HEERLEN)
    tijd.zet("2026-03-02T12:00")
    pad = _melding_om_negen(vt)
    casus_id = pad.split("/")[1]
    stappen: list[tuple[Systeem, dict[str, Any]]] = [
        *_beoordeeld_en_overgedragen(vt),
        (heerlen, {"type": "contact_gestart", "op": "2026-03-02T10:00:00+01:00", "door": HEERLEN}),
    ]
    for versie, (systeem_, stap) in enumerate(stappen, start=1):
        assert systeem_.post(pad, {**stap, "versie": versie}).status_code == 201
    intrekking = {
        "type": "gebeurtenis_ingetrokken",
        "op": "2026-03-02T11:00:00+01:00",
        "onderbouwing": "Per vergissing vastgelegd.",
        "versie": 4,
    }

    toekomst = heerlen.post(pad, {**intrekking, "volgnummer": 4, "op": "2030-03-02T11:00:00Z"})
    van_vt = heerlen.post(pad, {**intrekking, "volgnummer": 3})  # VT's hand-over
    eigen = heerlen.post(pad, {**intrekking, "volgnummer": 4})

    assert van_vt.status_code == 403, van_vt.json()
    assert van_vt["Content-Type"] == "application/problem+json"
    assert van_vt.json()["code"] == "niet_eigen_stap"
    assert van_vt.json()["detail"] == (
        "U kunt alleen een stap intrekken die uw eigen organisatie vastlegde; vraag Veilig Thuis "
        "om de correctie."
    )
    assert eigen.status_code == 201, eigen.json()
    # The access log: a refused step read the case but is never logged as recorded.
    assert toekomst.status_code == 400
    rijen = Toegangsrij.objects.filter(casus_id=casus_id, client=HEERLEN).order_by("id")
    assert [(r.actie, r.uitkomst) for r in rijen][-3:] == [
        ("stap_geweigerd", "toegestaan"),
        ("stap_vastleggen", "geweigerd"),  # 403: the look itself was refused
        ("stap_vastleggen", "toegestaan"),
    ]
