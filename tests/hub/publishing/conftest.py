# SPDX-License-Identifier: GPL-3.0-or-later
"""Publishing fixtures: the evidence world (real simulator clips and snapshots on the
wall clock) with an IOC shift supervisor, who publishes, and a police one, who may not."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from camsim.process import FleetProcess
from hub.clock import ManualClock
from hub.contracts import Role
from hub.testing import LiveHub, add_user, login, settings_for_tests
from tests.hub.archive.world import register_fleet
from tests.hub.cases.common import QUIET, make_world
from tests.hub.evidence.common import EvidenceWorld
from tests.hub.publishing.common import PublishWorld

SUPERVISORS = {"ioc_sup": "ioc", "city_sup": "cityA"}


@pytest.fixture
def pub_world(db_url: str, tmp_path: Path, camsim_fleet: FleetProcess) -> Iterator[PublishWorld]:
    """The case world on the wall clock, the fleet registered, the supervisors in."""
    settings = settings_for_tests(db_url, tmp_path / "data", profile="DH", **QUIET)
    live = LiveHub(settings, ManualClock(datetime.now(UTC))).start()
    try:
        w = make_world(live)
        ids = register_fleet(live, w.province, camsim_fleet)
        entry = camsim_fleet.first("fixed")
        w.camera_id = ids[entry["id"]]
        for name, unit in SUPERVISORS.items():
            add_user(live.hub, w.province, name, unit, [Role.SUPERVISOR])
            w.tokens[name] = login(live, w.province, name)
        yield PublishWorld(EvidenceWorld(w, camsim_fleet, entry["id"], tmp_path))
    finally:
        live.stop()
