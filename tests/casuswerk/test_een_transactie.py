"""Issue #16, finding 3, on the screens: a recorded step and its access-log row commit together;
when the row cannot be written the user sees an error and the step is not stored."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from zicht.store.models import Gebeurtenis

from .conftest import MELDING, OVERDRACHT, TRIAGE, maak_casus

pytestmark = pytest.mark.django_db


def _velden(client: Client, pad: str) -> dict[str, Any]:
    pagina = client.get(pad).text
    seq = re.search(r'name="seq" value="(\d+)"', pagina).group(1)  # type: ignore[union-attr]
    return {"seq": seq, "op": "2026-03-10T11:00", "door": "lokaal_veld:Heerlen"}


def test_a_step_whose_log_row_fails_is_not_stored(
    inloggen: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    casus_id = maak_casus(MELDING, TRIAGE, OVERDRACHT)
    client = inloggen("heerlen")
    client.raise_request_exception = False
    pad = f"/casussen/{casus_id}/stappen/ontvangst_bevestigd"
    voor = Gebeurtenis.objects.filter(casus_id=casus_id).count()
    velden = _velden(client, pad)

    def valt_uit(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("het toegangslog is niet te schrijven")

    monkeypatch.setattr("zicht.toepassing.inzage.registreer_per_casus", valt_uit)
    antwoord = client.post(pad, velden)

    assert antwoord.status_code == 500
    assert Gebeurtenis.objects.filter(casus_id=casus_id).count() == voor


def test_the_same_step_is_stored_when_its_log_row_is(inloggen: Callable[[str], Client]) -> None:
    casus_id = maak_casus(MELDING, TRIAGE, OVERDRACHT)
    client = inloggen("heerlen")
    voor = Gebeurtenis.objects.filter(casus_id=casus_id).count()

    pad = f"/casussen/{casus_id}/stappen/ontvangst_bevestigd"
    antwoord = client.post(pad, _velden(client, pad))

    assert antwoord.status_code == 302
    assert Gebeurtenis.objects.filter(casus_id=casus_id).count() == voor + 1
