# SPDX-License-Identifier: GPL-3.0-or-later
"""Two hub processes on one database (the tests mark ``db_url`` PostgreSQL only: the
scale-out path; SQLite keeps one process's in-process bus)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from hub.testing import LiveHub
from tests.hub.events_pg.common import Pair
from tests.hub.incidents.common import QUIET, make_world


@pytest.fixture
def pair(start_hub: Callable[..., LiveHub]) -> Iterator[Pair]:
    """Hubs ``a`` and ``b`` (quiet: no health round, relay or pull points) on one fresh
    database, the incident world's people and cameras seeded through ``a``."""
    a = start_hub(**QUIET, session_idle_minutes=7 * 24 * 60, session_absolute_hours=14 * 24)
    world = make_world(a)
    b = LiveHub(a.hub.settings, a.clock).start()
    try:
        yield Pair(world, a, b)
    finally:
        b.stop()
