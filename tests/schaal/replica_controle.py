"""Run by test_replica.py in its own process, with ZICHT_DB=postgres against a throw-away primary
(ZICHT_PG_PORT) and its streaming standby (ZICHT_PG_REPLICA_HOST/PORT), after `migrate`.

Checks the routing of zicht.toepassing.lezen against the real standby and prints one line per check;
exits non-zero (AssertionError) at the first that fails.
"""

from __future__ import annotations

import os
import subprocess
import time

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from zicht.toegangslog.models import Toegangsrij  # noqa: E402
from zicht.toepassing import lezen  # noqa: E402


def rij(n: int) -> None:
    Toegangsrij.objects.create(
        tijdstip=timezone.now(),
        gebruiker=f"test{n}",
        rol="test",
        organisatie="vt",
        actie="test",
        verwerking="test",
        uitkomst="toegestaan",
        trace_id=f"t{n}",
    )


def lsn(alias: str, sql: str) -> int:
    with connections[alias].cursor() as c:
        c.execute(f"SELECT ({sql}) - '0/0'::pg_lsn")
        return int(c.fetchone()[0])


def bijgewerkt(verwacht: int) -> None:
    """Bounded wait until the standby replayed the primary's rows (streaming, ~ms). Counted on
    the standby itself: comparing its replay position with the primary's insert position waits
    forever when the last record ends on a page boundary (the insert position is then past the
    next page's header, which no record reaches until something else is written)."""
    for _ in range(500):
        with connections["replica"].cursor() as c:
            c.execute(f"SELECT count(*) FROM {Toegangsrij._meta.db_table}")
            if int(c.fetchone()[0]) >= verwacht:
                return
        time.sleep(0.01)
    raise AssertionError(f"standby did not catch up to {verwacht} rows within 5 s")


def ontvangen() -> None:
    """Bounded wait until the standby received (not necessarily replayed) all the primary wrote:
    its flush position, which ends at the last record (the insert position may point past a
    page header no record has reached yet)."""
    doel = lsn("default", "pg_current_wal_flush_lsn()")
    for _ in range(500):
        if lsn("replica", "pg_last_wal_receive_lsn()") >= doel:
            return
        time.sleep(0.01)
    raise AssertionError("standby did not receive the WAL within 5 s")


def op_standby(alias: str) -> bool:
    with connections[alias].cursor() as c:
        c.execute("SELECT pg_is_in_recovery()")
        return bool(c.fetchone()[0])


def aantal() -> int:
    return Toegangsrij.objects.count()


# 1. Default reads and writes go to the primary; a lag-tolerant block reads the standby.
assert not op_standby("default") and op_standby("replica")
rij(1)
assert Toegangsrij.objects.all().db == "default"
bijgewerkt(1)
with lezen.leest_mag_achterlopen() as alias:
    assert alias == "replica", alias
    assert Toegangsrij.objects.all().db == "replica"
    assert aantal() == 1, aantal()
    rij(2)  # a write inside the block still goes to the primary
    with lezen.leest_mag_achterlopen() as binnen:  # nested: keeps the outer choice
        assert binnen == "replica"
assert Toegangsrij.objects.all().db == "default"
print("ok: lag-tolerant reads on the standby, writes and other reads on the primary")

# 2. The standby lags (replay paused): the lag-tolerant read shows the older count, the
#    default read sees one's own last write at once.
bijgewerkt(2)
with connections["replica"].cursor() as c:
    c.execute("SELECT pg_wal_replay_pause()")
rij(3)
assert aantal() == 3  # primary: one's own write
ontvangen()
with lezen.leest_mag_achterlopen() as alias:
    assert alias == "replica" and aantal() == 2, (alias, aantal())
print("ok: a lagging standby answers the lag-tolerant read with older data (2 of 3)")

# 3. Further behind than allowed: the primary serves the lag-tolerant read too.
settings.DATABASES["replica"]["MAX_ACHTERSTAND"] = 0.0
with lezen.leest_mag_achterlopen() as alias:
    assert alias == "default" and aantal() == 3, (alias, aantal())
settings.DATABASES["replica"]["MAX_ACHTERSTAND"] = 30.0
with connections["replica"].cursor() as c:
    c.execute("SELECT pg_wal_replay_resume()")
bijgewerkt(3)
with lezen.leest_mag_achterlopen() as alias:
    assert alias == "replica" and aantal() == 3, (alias, aantal())
print("ok: too far behind, the primary serves; caught up again, the standby serves")

# 4. The standby is down: the primary serves, and the standby is not asked again for a while.
connections["replica"].close()
subprocess.run(
    ["runuser", "-u", "postgres", "--", os.environ["ZICHT_TEST_PG_CTL"], "-D",
     os.environ["ZICHT_TEST_REPLICA_DATA"], "-m", "immediate", "-w", "stop"],
    check=True, capture_output=True, timeout=60, cwd="/tmp",
)  # fmt: skip
with lezen.leest_mag_achterlopen() as alias:
    assert alias == "default" and aantal() == 3, (alias, aantal())
assert not lezen.replica_bruikbaar()  # paused: no new connect attempt
with lezen.leest_mag_achterlopen() as alias:
    assert alias == "default"
print("ok: standby down, the primary serves the lag-tolerant read")
