"""`zicht jzv afzender`: a client becomes a sender; the secret is shown once."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from zicht import cli
from zicht.api.models import Abonnement

from .conftest import Systeem

pytestmark = pytest.mark.django_db


def test_a_client_becomes_a_sender_once(
    systeem: Callable[..., Systeem], capsys: pytest.CaptureFixture[str]
) -> None:
    systeem("lokaal_veld:Heerlen", naam="wijkteam")
    opdracht = ["jzv", "afzender", "--client", "wijkteam", "--naam", "Wijkteam Heerlen"]
    assert (
        cli.main([*opdracht, "--bron", "professional", "--url", "https://wijkteam.example/u"]) == 0
    )
    geheim = capsys.readouterr().out.strip().splitlines()[-1]
    assert Abonnement.objects.get(client__naam="wijkteam").geheim == geheim and len(geheim) > 30
    assert cli.main([*opdracht, "--bron", "professional"]) == 2  # already a sender
    assert cli.main(["jzv", "afzender", "--client", "x", "--naam", "X", "--bron", "burger"]) == 2
    assert "al een afzender" in capsys.readouterr().err
    systeem("lokaal_veld:Vaals", naam="vaals")
    onveilig = ["--client", "vaals", "--naam", "V", "--bron", "burger", "--url", "http://v.example"]
    assert cli.main(["jzv", "afzender", *onveilig]) == 2  # http only on loopback
