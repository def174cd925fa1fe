"""Reads that may lag go to a real streaming standby; the primary serves when it lags or is down.

Starts its own primary and standby under /tmp (tests/schaal/clusters.py), migrates the primary,
and runs tests/schaal/replica_controle.py against both in a separate process (the test run's
own Django settings have no standby). Independent of ZICHT_DB; skips only without root or the
PostgreSQL server binaries.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .clusters import Clusters, reden_om_over_te_slaan, start_clusters

HIER = Path(__file__).parent

_reden = reden_om_over_te_slaan()
pytestmark = pytest.mark.skipif(_reden is not None, reason=_reden or "")


@pytest.fixture(scope="module")
def clusters() -> Iterator[Clusters]:
    c = start_clusters()
    try:
        yield c
    finally:
        c.stop()


def omgeving(c: Clusters) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZICHT_")}
    env.update(
        DJANGO_SETTINGS_MODULE="zicht.web.settings",
        ZICHT_DB="postgres",
        ZICHT_PG_HOST="127.0.0.1",
        ZICHT_PG_PORT=str(c.primair_poort),
        ZICHT_PG_NAME="postgres",
        ZICHT_PG_REPLICA_HOST="127.0.0.1",
        ZICHT_PG_REPLICA_PORT=str(c.replica_poort),
        ZICHT_PG_REPLICA_PAUZE="60",
        ZICHT_TEST_PG_CTL=str(c.bin / "pg_ctl"),
        ZICHT_TEST_REPLICA_DATA=str(c.replica),
        ZICHT_DEBUG="1",  # the development keys: this test is about reads, not secrets
    )
    return env


def test_lag_tolerant_reads_use_the_standby_and_fall_back_to_the_primary(
    clusters: Clusters,
) -> None:
    env = omgeving(clusters)
    migreren = subprocess.run(
        [sys.executable, "-m", "django", "migrate", "toegangslog", "--noinput"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert migreren.returncode == 0, migreren.stderr[-3000:]
    controle = subprocess.run(
        [sys.executable, str(HIER / "replica_controle.py")],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert controle.returncode == 0, controle.stdout + controle.stderr[-3000:]
    assert controle.stdout.count("ok:") == 4, controle.stdout
