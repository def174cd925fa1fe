"""Schemathesis against Zicht's JZV Meldingen document (written from VNG Realisatie's published
schema), in-process on the WSGI app, with the token of a configured sender. Valid and invalid
requests; no 5xx, no status or body outside the document, invalid input always refused."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import negative_data_rejection

from api.test_schemathesis import CONFORM, in_test_transactie
from zicht.web.wsgi import application

from .conftest import BASIS, MELDING, Afzender

pytestmark = pytest.mark.django_db
VOORBEELDEN = {schemathesis.GenerationMode.POSITIVE: 60, schemathesis.GenerationMode.NEGATIVE: 40}


def test_the_jzv_endpoints_keep_to_their_document(afzender: Callable[..., Afzender]) -> None:
    politie = afzender()
    assert politie.systeem.post(f"{BASIS}/meldingen", MELDING).status_code == 201
    kop = {"Authorization": f"Bearer {politie.systeem.token}"}
    statussen: dict[str, int] = {}
    begin = time.monotonic()
    with in_test_transactie():
        schema = schemathesis.openapi.from_wsgi(f"{BASIS}/openapi.json", application)
        for resultaat in schema.get_all_operations():
            operatie = resultaat.ok()
            for modus, aantal in VOORBEELDEN.items():
                _proef(operatie, modus, aantal, kop, statussen)()
    duur = time.monotonic() - begin
    print(f"\nschemathesis JZV: {sum(statussen.values())} verzoeken in {duur:.0f} s")
    print("\n".join(f"  {k}: {v}" for k, v in sorted(statussen.items())))
    assert sum(statussen.values()) >= 250
    assert statussen.get("GET /meldingen/{registratienummer} 200", 0) > 0
    assert statussen.get("POST /meldingen 201", 0) > 0


def _proef(
    operatie: Any,
    modus: schemathesis.GenerationMode,
    aantal: int,
    kop: dict[str, str],
    statussen: dict[str, int],
) -> Callable[[], None]:
    checks = CONFORM + ([negative_data_rejection] if modus.is_negative else [])

    @given(case=operatie.as_strategy(generation_mode=modus), data=st.data())
    @settings(
        max_examples=aantal,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def verzoek(case: Any, data: st.DataObject) -> None:
        pad = case.path_parameters or {}
        if modus.is_positive and "registratienummer" in pad and data.draw(st.booleans()):
            pad["registratienummer"] = MELDING["registratienummer"]
        body = case.body if isinstance(case.body, dict) else {}
        persoon = body.get("natuurlijkPersoon")
        if modus.is_positive and isinstance(persoon, dict) and data.draw(st.booleans()):
            persoon["burgerservicenummer"] = "999993653"  # random digits rarely pass the elfproef
            body["incident"]["periodeVanTot"] = MELDING["incident"]["periodeVanTot"]
        antwoord = case.call(headers=kop)
        case.validate_response(antwoord, checks=checks, headers=kop)
        sleutel = f"{operatie.label} {antwoord.status_code}"
        statussen[sleutel] = statussen.get(sleutel, 0) + 1

    return verzoek  # type: ignore[no-any-return]
