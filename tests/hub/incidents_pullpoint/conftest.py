# SPDX-License-Identifier: GPL-3.0-or-later
"""Pull-point fixtures: a simulator fleet of this package's own (its cameras are
restarted and faulted), hubs that hand camera events to a collecting sink."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from camsim.process import FleetProcess
from hub.testing import LiveHub
from tests.hub.incidents_pullpoint.common import EventsHub, fast


@pytest.fixture
def collecting_hub(start_hub: Callable[..., LiveHub]) -> Iterator[Callable[..., EventsHub]]:
    """``collecting_hub(**settings)``: an :class:`EventsHub` (settings of :func:`fast`)."""
    started: list[EventsHub] = []

    def start(**overrides: Any) -> EventsHub:
        hub = EventsHub(start_hub(**fast(camera_events_enabled=False, **overrides)))
        started.append(hub)
        return hub

    yield start
    for hub in started:
        hub.stop()


@pytest.fixture(scope="module")
def fleet() -> Iterator[FleetProcess]:
    """Two simulated cameras (no events of their own) for this module alone."""
    process = FleetProcess(2, "--event-period", "0").start()
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture
def sim(fleet: FleetProcess) -> Iterator[FleetProcess]:
    """The module's fleet, every fault cleared after the test."""
    yield fleet
    for entry in fleet.cameras:
        fleet.clear_faults(entry["id"])
