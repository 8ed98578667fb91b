# SPDX-License-Identifier: GPL-3.0-or-later
"""Case fixtures: a quiet hub whose clock starts on Tue 6 Jan 2026, per profile, and
its world (tests/hub/cases/common.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hub.clock import ManualClock
from hub.testing import LiveHub, settings_for_tests
from tests.hub.cases.common import QUIET, START, World, make_world


@pytest.fixture
def world_of(db_url: str, tmp_path: Path) -> Iterator[Callable[[str], World]]:
    """Start a quiet hub under the regulation profile given, and its world."""
    started: list[LiveHub] = []

    def start(profile: str) -> World:
        settings = settings_for_tests(db_url, tmp_path / "data", profile=profile, **QUIET)
        live = LiveHub(settings, ManualClock(START)).start()
        started.append(live)
        return make_world(live)

    yield start
    for live in started:
        live.stop()


@pytest.fixture
def world(world_of: Callable[[str], World]) -> World:
    """The DH profile (the one with hand-off deadlines)."""
    return world_of("DH")
