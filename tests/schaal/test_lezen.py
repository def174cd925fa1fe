"""Without a standby every read stays on the primary, inside a lag-tolerant block too."""

from __future__ import annotations

import pytest
from django.conf import settings

from zicht.toegangslog.models import Toegangsrij
from zicht.toepassing import lezen

pytestmark = pytest.mark.skipif(
    "replica" in settings.DATABASES, reason="this run has a standby configured"
)


def test_without_a_standby_a_lag_tolerant_block_reads_the_primary() -> None:
    assert not lezen.replica_ingesteld()
    with lezen.leest_mag_achterlopen() as alias:
        assert alias == "default"
        assert Toegangsrij.objects.all().db == "default"


def test_the_router_never_migrates_or_writes_the_standby() -> None:
    router = lezen.LeesRouter()
    assert router.allow_migrate("replica", "store") is False
    assert router.allow_migrate("default", "store") is True
    assert router.db_for_write(Toegangsrij) == "default"
    assert router.db_for_read(Toegangsrij) is None  # outside a block: Django's default
