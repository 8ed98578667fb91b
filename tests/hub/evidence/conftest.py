# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence package fixtures: the case world (DH profile: a raw export needs a second
person) on the wall clock, its camera the simulated fleet's first fixed camera, so clips
and snapshots are real video cut from the simulator's archive."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from camsim.process import FleetProcess
from hub.clock import ManualClock
from hub.testing import LiveHub, settings_for_tests
from tests.hub.archive.world import register_fleet
from tests.hub.cases.common import QUIET, make_world
from tests.hub.evidence.common import EvidenceWorld


@pytest.fixture
def ev_world(db_url: str, tmp_path: Path, camsim_fleet: FleetProcess) -> Iterator[EvidenceWorld]:
    """The case world on the wall clock with the fleet registered."""
    settings = settings_for_tests(db_url, tmp_path / "data", profile="DH", **QUIET)
    live = LiveHub(settings, ManualClock(datetime.now(UTC))).start()
    try:
        w = make_world(live)
        ids = register_fleet(live, w.province, camsim_fleet)
        entry = camsim_fleet.first("fixed")
        w.camera_id = ids[entry["id"]]
        yield EvidenceWorld(w, camsim_fleet, entry["id"], tmp_path)
    finally:
        live.stop()
