# SPDX-License-Identifier: GPL-3.0-or-later
"""Privacy fixtures: a real hub with its relay, the simulated fleet in commune A1, users."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from camsim.process import FleetProcess
from hub.clock import ManualClock
from hub.contracts import Role
from hub.testing import LiveHub, add_user, login, seed_province, settings_for_tests
from tests.hub.archive.world import ArchiveWorld, register_fleet

USERS: dict[str, tuple[str, list[Role]]] = {
    "admin": ("districtA", [Role.ADMIN]),  # manages masks of A's cameras, sees no image
    "admin_b": ("districtB", [Role.ADMIN]),  # an administrator of someone else's district
    "operator": ("districtA", [Role.OPERATOR]),  # watches, masked
    "supervisor": ("districtA", [Role.SUPERVISOR]),  # may lift (privacy.lift)
}


@pytest.fixture
def world(db_url: str, tmp_path: Path, camsim_fleet: FleetProcess) -> Iterator[ArchiveWorld]:
    """The hub on a manual clock set to now (the simulator runs in real time)."""
    settings = settings_for_tests(db_url, tmp_path / "data", media_relay=True)
    live = LiveHub(settings, clock=ManualClock(datetime.now(UTC))).start()
    try:
        province = seed_province(live.hub)
        w = ArchiveWorld(live, province, camsim_fleet)
        w.cameras = register_fleet(live, province, camsim_fleet)
        for name, (unit, roles) in USERS.items():
            add_user(live.hub, province, name, unit, roles)
            w.tokens[name] = login(live, province, name)
        yield w
    finally:
        live.stop()
