# SPDX-License-Identifier: GPL-3.0-or-later
"""Pytest fixtures: a simulated fleet run as a real separate process on free ports.

Use ``camsim_fleet`` (one fleet per test session) or start a
:class:`~camsim.process.FleetProcess` yourself when a test needs its own cameras.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from camsim.process import FleetProcess

__all__ = ["FleetProcess", "camsim_faults", "camsim_fleet", "camsim_h265", "wait_until"]


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Wait for ``condition`` to hold, failing the test with ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)  # poll interval, bounded by the deadline


@pytest.fixture(scope="session")
def camsim_fleet() -> Iterator[FleetProcess]:
    """Four simulated cameras (three PTZ domes, one fixed) for the whole session."""
    fleet = FleetProcess(4, "--event-period", "0").start()
    try:
        yield fleet
    finally:
        fleet.stop()


@pytest.fixture(scope="session")
def camsim_h265() -> Iterator[FleetProcess]:
    """Two simulated cameras encoding H.265 (``cam01`` a PTZ dome, ``cam02`` fixed)."""
    fleet = FleetProcess(2, "--codec", "h265", "--fixed-every", "2", "--event-period", "0")
    fleet.start()
    try:
        yield fleet
    finally:
        fleet.stop()


@pytest.fixture
def camsim_faults(camsim_fleet: FleetProcess) -> Iterator[FleetProcess]:
    """The session fleet, with every camera's faults cleared after the test."""
    yield camsim_fleet
    for entry in camsim_fleet.cameras:
        camsim_fleet.clear_faults(entry["id"])
