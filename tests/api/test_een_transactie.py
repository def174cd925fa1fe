"""Issue #16, finding 3: a change and its access-log row commit together. When the log row cannot
be written, the client gets an error and nothing of the change is stored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from zicht.store.models import Casus, Gebeurtenis
from zicht.toegangslog.models import Toegangsrij

from .conftest import MELDING, Systeem

pytestmark = pytest.mark.django_db


def _log_valt_uit(*args: Any, **kwargs: Any) -> None:
    raise RuntimeError("het toegangslog is niet te schrijven")


def test_an_api_melding_whose_log_row_fails_stores_nothing(
    systeem: Callable[..., Systeem], monkeypatch: pytest.MonkeyPatch
) -> None:
    vt = systeem("veilig_thuis")
    vt.http.raise_request_exception = False
    monkeypatch.setattr("zicht.toepassing.inzage.registreer_per_casus", _log_valt_uit)

    antwoord = vt.post("casussen", MELDING)

    assert antwoord.status_code == 500
    assert not Casus.objects.exists() and not Gebeurtenis.objects.exists()


def test_an_api_melding_is_stored_with_its_log_row(systeem: Callable[..., Systeem]) -> None:
    antwoord = systeem("veilig_thuis").post("casussen", MELDING)

    assert antwoord.status_code == 201
    casus_id = antwoord.json()["id"]
    assert Toegangsrij.objects.filter(casus_id=casus_id, uitkomst="toegestaan").exists()
