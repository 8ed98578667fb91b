# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for the relay pool: relay hosts as real ``vwall-hub relay`` processes, hubs
with ``relay_pool`` on one PostgreSQL database, the simulated fleet catalogued."""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from camsim.process import FleetProcess
from hub.contracts import Role
from hub.testing import LiveHub, add_user, seed_province, wait_until
from tests.hub.streams.grant_site import Site, register_cameras

ROOT = Path(__file__).resolve().parents[3]
READY = re.compile(r"relay host (\S+): media (\S+), control (\S+)")


@dataclass
class RelayProcess:
    """One ``vwall-hub relay`` child process and where it serves."""

    proc: subprocess.Popen[bytes]
    log: Path
    host_id: str = ""
    media_url: str = ""
    control_url: str = ""

    def kill(self) -> None:
        """kill -9 (its relay worker follows through its parent-death signal)."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


@dataclass
class PoolSite:
    """Hub A (``site.live``) and hub B on one database, relay hosts, the fleet."""

    site: Site
    b: LiveHub
    relays: list[RelayProcess]
    secret_file: Path
    tokens: dict[str, str] = field(default_factory=dict)

    def relay(self, host_id: str) -> RelayProcess:
        [found] = [r for r in self.relays if r.host_id == host_id]
        return found


def start_relay(
    db_url: str, data_dir: Path, secret_file: Path, log: Path, **settings: str
) -> RelayProcess:
    """Start ``vwall-hub relay`` (settings in the environment: no secret in its arguments)
    and wait for its "relay host … ready" line."""
    env = {
        **os.environ,
        **{f"VWALL_HUB_{name.upper()}": value for name, value in settings.items()},
        "VWALL_HUB_DB_URL": db_url,
        "VWALL_HUB_DATA_DIR": str(data_dir),
        "VWALL_HUB_RELAY_CONTROL_SECRET_FILE": str(secret_file),
        "PYTHONPATH": str(ROOT),
    }
    out = log.with_suffix(".out")
    with out.open("wb") as stdout, log.open("wb") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "hub.cli", "relay"],
            stdout=stdout,
            stderr=stderr,
            env=env,
            cwd=ROOT,
        )
    relay = RelayProcess(proc, log)

    def ready() -> bool:
        if proc.poll() is not None:
            raise RuntimeError(f"the relay host ended: {log.read_text()[-2000:]}")
        match = READY.search(out.read_text())
        if match is None:
            return False
        relay.host_id, relay.media_url, relay.control_url = match.groups()
        return True

    try:
        wait_until(ready, 60, "the relay host to start")
    except BaseException:
        relay.stop()
        raise
    return relay


@pytest.fixture
def make_pool(
    start_hub: Callable[..., LiveHub],
    camsim_fleet: FleetProcess,
    db_url: str,
    tmp_path: Path,
) -> Iterator[Callable[..., PoolSite]]:
    """``make_pool(relays=2, relay_env=None, **hub_settings)``: hubs A and B with
    ``relay_pool`` on the test database, ``relays`` relay host processes (settings for
    them in ``relay_env``), the fleet catalogued in A1; ``opa`` logged in."""
    made: list[PoolSite] = []

    def make(
        relays: int = 2, relay_env: dict[str, str] | None = None, **overrides: object
    ) -> PoolSite:
        secret_file = tmp_path / "relay-control-secret"
        secret_file.write_text(secrets.token_urlsafe(32) + "\n")
        secret_file.chmod(0o600)
        settings: dict[str, object] = {
            "relay_pool": True,
            "relay_control_secret_file": secret_file,
            "grant_check_seconds": 0.2,
            "relay_keepalive_seconds": 0.0,
            **overrides,
        }
        live = start_hub(**settings)
        province = seed_province(live.hub)
        cams = register_cameras(live, province, camsim_fleet, "A1", "communeA1")
        site = Site(live, province, camsim_fleet, cams, {})
        add_user(live.hub, province, "opa", "districtA", [Role.OPERATOR])
        site.login("opa")
        b = LiveHub(live.hub.settings, live.clock).start()
        pool = PoolSite(site, b, [], secret_file)
        made.append(pool)
        data_dir = live.hub.settings.data_dir
        for n in range(relays):
            log = tmp_path / f"r{n}.log"
            pool.relays.append(start_relay(db_url, data_dir, secret_file, log, **(relay_env or {})))
        return pool

    yield make
    for pool in made:
        for relay in pool.relays:
            relay.stop()
        pool.b.stop()
