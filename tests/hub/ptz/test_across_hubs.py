# SPDX-License-Identifier: GPL-3.0-or-later
"""Two hub processes on one PostgreSQL database steer the same domes: a lock taken
through hub A is respected through hub B, a supervisor's takeover through B is seen
through A, and hub B's watchdog stops a move started through A whose console went
silent while hub A hangs."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from hub.ptz.service import PtzService
from hub.testing import LiveHub, wait_until
from tests.hub.ptz.conftest import Site
from tests.hub.ptz.test_ptz import audit_actions

pytestmark = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)


@pytest.fixture
def pair(make_site: Callable[..., Site]) -> Iterator[tuple[Site, LiveHub]]:
    """The PTZ site served by hub A (``site.live``) and a hub B on the same database."""
    site = make_site()
    b = LiveHub(site.live.hub.settings, site.live.clock).start()
    try:
        yield site, b
    finally:
        b.stop()


def test_a_lock_taken_through_a_is_respected_through_b(pair: tuple[Site, LiveHub]) -> None:
    site, b = pair
    _sim, cam = site.dome(0)
    with site.http("op1") as a_op1, b.client(site.tokens["op2"]) as b_op2:
        r = a_op1.post(f"/api/cameras/{cam}/ptz/home")
        assert r.status_code == 200, r.text
        r = b_op2.post(f"/api/cameras/{cam}/ptz/home")
        assert r.status_code == 409 and r.json()["code"] == "ptz.locked", r.text
        assert r.json()["detail"]["holder_username"] == "op1"
        # The supervisor takes it over through B; op1 is refused through A.
        with b.client(site.tokens["sup"]) as b_sup:
            r = b_sup.post(f"/api/cameras/{cam}/ptz/reserve", json={"minutes": 5, "reason": "x"})
            assert r.status_code == 200, r.text
        r = a_op1.post(f"/api/cameras/{cam}/ptz/home")
        assert r.status_code == 409 and r.json()["code"] == "ptz.reserved", r.text
        status = a_op1.get(f"/api/cameras/{cam}/ptz/status").json()
        assert status["control"]["holder_username"] == "sup"
        assert status["control"]["reserved"] is True
    records = audit_actions(site, cam)
    assert ("ptz.takeover", "sup", "success") in records
    assert ("ptz.denied", "op2", "denied") in records and ("ptz.denied", "op1", "denied") in records


def test_b_stops_a_move_started_through_a_while_a_hangs(pair: tuple[Site, LiveHub]) -> None:
    site, b = pair
    sim, cam = site.dome(1)
    # Hub A hangs: its watchdog no longer runs (a stopped hub would stop its own moves).
    task = site.ptz._task
    assert task is not None
    task.get_loop().call_soon_threadsafe(task.cancel)
    wait_until(task.done, 5, "hub A's watchdog to end")
    with site.http("op1") as a_op1:
        r = a_op1.post(f"/api/cameras/{cam}/ptz/move", json={"pan": 0.3, "tilt": 0.0})
        assert r.status_code == 200, r.text
    started = time.monotonic()
    assert site.position(sim)["moving"]
    # …and the console went silent: no heartbeat. Hub B's watchdog sees the move.
    watchdog = b.hub.services["ptz"]
    assert isinstance(watchdog, PtzService)
    wait_until(
        lambda: cam in watchdog.watchdog_stops and not site.position(sim)["moving"],
        10,
        "hub B's watchdog stopping the dome",
    )
    # Within the move's 2 s heartbeat deadline and hub B's full sweep (1 s), plus a tick.
    assert watchdog.watchdog_stops[cam] - started <= 2.0 + 1.0 + 0.5
    # The record is written right after the stop is noted: wait for it.
    wait_until(
        lambda: ("ptz.stop", "ptz-watchdog", "success") in audit_actions(site, cam),
        5,
        "the watchdog's ptz.stop record",
    )
