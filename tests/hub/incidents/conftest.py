# SPDX-License-Identifier: GPL-3.0-or-later
"""Incident fixtures: a quiet hub and its world (tests/hub/incidents/common.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hub.testing import LiveHub
from tests.hub.incidents.common import QUIET, World, make_world


@pytest.fixture
def world(start_hub: Callable[..., LiveHub]) -> World:
    """A quiet hub (no health round, no relay, long sessions) and its world."""
    live = start_hub(**QUIET, session_idle_minutes=7 * 24 * 60, session_absolute_hours=14 * 24)
    return make_world(live)
