# SPDX-License-Identifier: GPL-3.0-or-later
"""Archive fixtures: a real hub on the wall clock with its relay and the simulated fleet."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from camsim.process import FleetProcess
from hub.clock import ManualClock
from hub.testing import LiveHub, add_user, login, seed_province, settings_for_tests
from tests.hub.archive.world import USERS, ArchiveWorld, register_fleet


def _world(db_url: str, tmp_path: Path, fleet: FleetProcess) -> Iterator[ArchiveWorld]:
    settings = settings_for_tests(db_url, tmp_path / "data", media_relay=True)
    live = LiveHub(settings, clock=ManualClock(datetime.now(UTC))).start()
    try:
        province = seed_province(live.hub)
        w = ArchiveWorld(live, province, fleet)
        w.cameras = register_fleet(live, province, fleet)
        for name, (unit, roles) in USERS.items():
            add_user(live.hub, province, name, unit, roles)
            w.tokens[name] = login(live, province, name)
        yield w
    finally:
        live.stop()


@pytest.fixture
def world(db_url: str, tmp_path: Path, camsim_fleet: FleetProcess) -> Iterator[ArchiveWorld]:
    """The hub runs on a manual clock set to now: the simulator records in real time."""
    yield from _world(db_url, tmp_path, camsim_fleet)


@pytest.fixture
def h265_world(db_url: str, tmp_path: Path, camsim_h265: FleetProcess) -> Iterator[ArchiveWorld]:
    """The same with H.265 cameras."""
    yield from _world(db_url, tmp_path, camsim_h265)
