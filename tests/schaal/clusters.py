"""Throw-away PostgreSQL clusters under /tmp for the scale-out tests (issue #17).

A primary made with initdb and a hot standby made from it with ``pg_basebackup -R``, both on
free loopback ports, run as the ``postgres`` user; nothing of the machine's own cluster is
touched (its pg_hba.conf allows no replication, and a base backup of it would copy every
helper's databases). Everything is removed again by ``stop``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


def pg_bin() -> Path | None:
    """The newest installed PostgreSQL's binaries, or None when there are none."""
    basis = Path("/usr/lib/postgresql")
    versies = sorted(
        (p for p in basis.glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    return versies[-1] if versies else None


def reden_om_over_te_slaan() -> str | None:
    if os.geteuid() != 0:
        return "needs root (runs initdb and postgres as the postgres user), as on CI"
    if pg_bin() is None:
        return "PostgreSQL server binaries missing (/usr/lib/postgresql/*/bin/initdb)"
    if shutil.which("runuser") is None:
        return "runuser missing"
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        return "no postgres user on this machine"
    return None


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def als_postgres(*args: str | Path, timeout: float = 60) -> None:
    subprocess.run(
        ["runuser", "-u", "postgres", "--", *map(str, args)],
        check=True,
        capture_output=True,
        timeout=timeout,
        cwd="/tmp",
    )


@dataclass
class Clusters:
    """A primary and its streaming standby; ``map_`` holds both data directories."""

    map_: Path
    primair_poort: int
    replica_poort: int
    bin: Path
    gestart: list[Path] = field(default_factory=list)

    @property
    def primair(self) -> Path:
        return self.map_ / "primair"

    @property
    def replica(self) -> Path:
        return self.map_ / "replica"

    def _start(self, data: Path, poort: int) -> None:
        opties = f"-p {poort} -k {self.map_} -c listen_addresses=127.0.0.1"
        als_postgres(
            self.bin / "pg_ctl", "-D", data, "-o", opties, "-l", data.parent / f"{data.name}.log",
            "-w", "-t", "60", "start",
        )  # fmt: skip
        self.gestart.append(data)

    def stop_replica(self) -> None:
        self._stop(self.replica)

    def _stop(self, data: Path) -> None:
        if data in self.gestart:
            als_postgres(self.bin / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
            self.gestart.remove(data)

    def stop(self) -> None:
        for data in list(reversed(self.gestart)):
            with contextlib.suppress(subprocess.SubprocessError):
                self._stop(data)
        shutil.rmtree(self.map_, ignore_errors=True)


def start_clusters() -> Clusters:
    """initdb a small primary, start it, make a standby with pg_basebackup -R, start that."""
    bin_ = pg_bin()
    assert bin_ is not None
    map_ = Path(tempfile.mkdtemp(prefix="zicht-replica-", dir="/tmp"))
    shutil.chown(map_, "postgres", "postgres")
    c = Clusters(map_, vrije_poort(), vrije_poort(), bin_)
    try:
        als_postgres(
            bin_ / "initdb", "-D", c.primair, "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        with (c.primair / "postgresql.conf").open("a") as conf:
            # Small and quick: a throw-away cluster, durability does not matter here.
            conf.write("fsync = off\nfull_page_writes = off\n")
            conf.write("shared_buffers = 16MB\nmax_connections = 30\nwal_level = replica\n")
        with (c.primair / "pg_hba.conf").open("a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        c._start(c.primair, c.primair_poort)
        als_postgres(
            bin_ / "pg_basebackup", "-h", "127.0.0.1", "-p", str(c.primair_poort), "-U",
            "postgres", "-D", c.replica, "-R", "-X", "stream", "--no-sync",
        )  # fmt: skip
        c._start(c.replica, c.replica_poort)
    except BaseException:
        c.stop()
        raise
    return c
