# SPDX-License-Identifier: GPL-3.0-or-later
"""Two hub processes on one PostgreSQL: a display plays through hub B, an operator or an
administrator acts through hub A. Hub B ends the display's grants the change withdrew
within its check interval (one second), tells the display and audits the end — a camera
taken off the wall leaves the screen, a revoked display loses every stream."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import pytest

from hub.streams.service import NAME, RelayService
from hub.testing import LiveHub, wait_until
from hub.walls.display_watch import NAME as WATCH
from hub.walls.display_watch import DisplayGrantWatch
from tests.hub.authz_streams import PaperRelay
from tests.hub.walls.helpers import display_stream, wall_body
from tests.hub.walls.test_display_grants import _ends, _grant, _revoked, make_room

pytestmark = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)

#: The check runs every second; the rest is a loaded machine's margin.
WITHIN = 5.0


@pytest.fixture
def live(start_hub: Any) -> LiveHub:
    """Hub A: where the operator and the administrator act (no relay needed)."""
    hub: LiveHub = start_hub(media_relay=False)
    return hub


@pytest.fixture
def b(live: LiveHub) -> Iterator[LiveHub]:
    """Hub B on the same database, with a relay service over the stand-in relay: where
    the displays play."""
    b = LiveHub(live.hub.settings, live.clock).start()
    service = RelayService(b.hub, relay=PaperRelay())
    asyncio.run(service.start())
    b.hub.services[NAME] = service
    try:
        yield b
    finally:
        asyncio.run(service.stop())
        b.stop()


@pytest.fixture
def room(live: LiveHub) -> dict[str, Any]:
    """The room of tests/hub/walls/test_display_grants.py, made through hub A."""
    return make_room(live)


def registry(hub: LiveHub) -> Any:
    service = hub.hub.services[NAME]
    assert isinstance(service, RelayService)
    return service.grants


def test_the_watch_runs_on_postgresql(b: LiveHub) -> None:
    assert isinstance(b.hub.services.get(WATCH), DisplayGrantWatch)


def test_a_camera_taken_off_the_wall_through_a_leaves_a_display_playing_through_b(
    live: LiveHub, b: LiveHub, room: dict[str, Any]
) -> None:
    one, cams, wall = room["one"]["token"], room["cams"], room["wall"]
    leaving, staying = _grant(b, one, cams[0]), _grant(b, one, cams[1])
    with display_stream(b, one) as events:
        with live.client(room["op"]) as http:  # through hub A
            body = wall_body("Phòng trực", [cams[1]], room["province"].units["districtA"])
            r = http.put(f"/api/walls/{wall['id']}", json=body)
            assert r.status_code == 200, r.text
        changed = time.monotonic()
        pushed = _revoked(events, leaving)
        took = time.monotonic() - changed
    assert (pushed["camera_id"], pushed["reason"]) == (cams[0], "access_withdrawn")
    assert took <= WITHIN, took
    assert registry(b).get(leaving) is None
    assert registry(b).get(staying) is not None  # still on the wall
    wait_until(lambda: len(_ends(b, leaving)) == 1, what="stream.end of the grant")
    assert _ends(b, leaving)[0].reason == "access_withdrawn"
    with b.client(one) as http:
        r = http.post(f"/api/display/grants/{leaving}/renew")
        assert (r.status_code, r.json()["code"]) == (404, "grant.not_found")


def test_a_display_revoked_through_a_loses_its_streams_on_b(
    live: LiveHub, b: LiveHub, room: dict[str, Any]
) -> None:
    one, two, cams = room["one"], room["two"]["token"], room["cams"]
    grants = [_grant(b, one["token"], c) for c in cams]
    other = _grant(b, two, cams[0])  # another display of the room keeps playing
    with live.client(room["admin"]) as http:  # through hub A
        r = http.post(f"/api/displays/{one['id']}/revoke")
        assert r.status_code == 200, r.text
    revoked = time.monotonic()
    wait_until(
        lambda: all(registry(b).get(g) is None for g in grants), WITHIN, "hub B ending the grants"
    )
    assert time.monotonic() - revoked <= WITHIN
    assert registry(b).get(other) is not None
    for grant_id in grants:
        wait_until(lambda g=grant_id: len(_ends(b, g)) == 1, what="stream.end of the grant")
        assert _ends(b, grant_id)[0].reason == "display_revoked"
