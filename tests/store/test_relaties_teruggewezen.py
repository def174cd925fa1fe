"""The CasusPartij projection on the database follows the core's need-to-know (issue #11): a
lokaal veld whose hand-over was returned or re-routed away loses access, in the append as in a
rebuild; WA 11's involved gemeente never coordinates."""

from __future__ import annotations

from datetime import datetime

import pytest
from tests import kit
from tests.kit import DIRECT, ev

from zicht.core.toegang import PROCESCOORDINATIE, Actor
from zicht.store.contract import NieuweGebeurtenis
from zicht.store.django_store import DjangoStore
from zicht.store.models import CasusPartij
from zicht.toepassing import opslag
from zicht.toepassing.toegang import zichtbare_casussen

pytestmark = pytest.mark.django_db

HEERLEN, LANDGRAAF = "lokaal_veld:Heerlen", "lokaal_veld:Landgraaf"
LV_HEERLEN = Actor(HEERLEN, "lokaal_veld_medewerker")
PC_HEERLEN = Actor("gemeente:Heerlen", "procescoordinator")
LV_LANDGRAAF = Actor(LANDGRAAF, "lokaal_veld_medewerker")
MELDING = ev("2026-03-02T09:00", "melding_ontvangen", gemeenten=["Heerlen"], bron="professional")
TRIAGE = ev(
    "2026-03-05T14:00",
    "veiligheidsbeoordeling_afgerond",
    besluit="lokaal_veld",
    onderbouwing="synthetisch",
    beoordelaars=["vt.a", "vt.b"],
)
NAAR_HEERLEN = ev(
    "2026-03-05T15:00",
    "overdracht",
    moment="direct",
    naar=[HEERLEN],
    wijze="digitaal",
    informatie=DIRECT,
)
TERUG = ev(
    "2026-03-06T10:00",
    "overdracht_teruggewezen",
    door=HEERLEN,
    reden="verkeerde_gemeente",
    gemeente="Landgraaf",
)
OMGELEID = [
    ev("2026-03-06T11:00", "gemeenten_gewijzigd", gemeenten=["Landgraaf"]),
    ev(
        "2026-03-06T12:00",
        "overdracht",
        moment="direct",
        naar=[LANDGRAAF],
        wijze="digitaal",
        informatie=DIRECT,
    ),
]


def _rijen(casus_id: str, partij: str) -> set[str]:
    return set(
        CasusPartij.objects.filter(casus_id=casus_id, partij=partij).values_list(
            "relatie", flat=True
        )
    )


def _ziet(actor: Actor, casus_id: str) -> bool:
    return zichtbare_casussen(actor).filter(pk=casus_id).exists()


def _voeg_toe(casus_id: str, seq: int, stap: kit.Ev) -> None:
    op, soort, velden = stap
    opslag.store().voeg_toe(
        casus_id,
        seq,
        NieuweGebeurtenis(soort, kit.moment(op), velden),
        "vt.a",
        "veilig_thuis",
        kit.moment(op),
    )


def test_the_lokaal_veld_that_returned_the_hand_over_loses_its_rows_and_access() -> None:
    casus_id = kit.maak_casus([MELDING, TRIAGE, NAAR_HEERLEN])
    assert _ziet(LV_HEERLEN, casus_id) and _ziet(PC_HEERLEN, casus_id)
    assert {"houder", "ontvanger"} <= _rijen(casus_id, HEERLEN)

    _voeg_toe(casus_id, 3, TERUG)

    assert _rijen(casus_id, HEERLEN) == set()
    assert not _ziet(LV_HEERLEN, casus_id) and not _ziet(PC_HEERLEN, casus_id)

    for seq, stap in enumerate(OMGELEID, start=4):
        _voeg_toe(casus_id, seq, stap)
    assert _ziet(LV_LANDGRAAF, casus_id) and not _ziet(LV_HEERLEN, casus_id)

    voor = set(CasusPartij.objects.filter(casus_id=casus_id).values_list("partij", "relatie"))
    DjangoStore().herbouw(datetime.fromisoformat("2026-03-07T09:00:00+01:00"))
    na = set(CasusPartij.objects.filter(casus_id=casus_id).values_list("partij", "relatie"))
    assert na == voor and not any(q == HEERLEN for q, _ in na)


def test_wa11_the_involved_gemeente_never_coordinates_in_the_projection() -> None:
    na_dienst = [
        "inhoud_melding",
        "contactgegevens_directbetrokkenen",
        "veiligheidsvoorwaarden",
        "consequenties_onvoldoende_herstel",
        "afspraken_plan",
        "afspraken_monitoring",
    ]
    casus_id = kit.maak_casus(
        [
            ev(
                "2026-03-02T09:00",
                "melding_ontvangen",
                gemeenten=["Heerlen"],
                bron="professional",
                betrokken_medewerker_gemeente="Heerlen",
            ),
            ev(
                "2026-03-04T10:00",
                "veiligheidsbeoordeling_afgerond",
                besluit="voorwaarden_en_vervolg",
                onderbouwing="synthetisch",
                beoordelaars=["vt.a", "vt.b"],
            ),
            ev("2026-03-04T11:00", "dienst_gestart", dienst="voorwaarden_en_vervolg"),
            ev("2026-03-05T10:00", "dienst_afgerond", monitoring=True),
            ev(
                "2026-03-05T11:00",
                "overdracht",
                moment="na_dienst",
                naar=[LANDGRAAF],
                informatie=na_dienst,
            ),
            ev("2026-03-06T09:00", "overdracht_geaccepteerd", door=LANDGRAAF),
        ]
    )

    coordinatoren = set(
        CasusPartij.objects.filter(casus_id=casus_id, relatie=PROCESCOORDINATIE).values_list(
            "partij", flat=True
        )
    )
    assert coordinatoren == {"gemeente:Landgraaf"}
    assert not _ziet(PC_HEERLEN, casus_id)
    assert _ziet(Actor("gemeente:Landgraaf", "procescoordinator"), casus_id)
