# SPDX-License-Identifier: GPL-3.0-or-later
"""Display and archive grants through the relay pool (issue 14): a wall display's live
grant and an operator's replay of the recording are served by a relay host process like
an operator's live grant, through either hub. Two hubs on one PostgreSQL, a real relay
host, the simulated fleet (which records in real time), real readers."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from camsim import timecode
from camsim.probe import FrameReader, grab_frames
from hub.catalog.models import Camera
from hub.contracts import Role
from hub.db import transaction
from hub.testing import LiveHub, add_user, login, wait_until
from tests.hub.relaypool.conftest import PoolSite
from tests.hub.relaypool.test_shared_grants import output_of, outputs
from tests.hub.streams.test_live_grants import is_live
from tests.hub.walls.helpers import enrol, wall_body

pytestmark = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)

SEEK_TOLERANCE = 1.0  # seconds between the asked start and the first picture's time code


def on_the_wall_clock(pool: PoolSite) -> None:
    """Both hubs' (shared manual) clock at the real time: the simulator records now."""
    clock = pool.site.live.clock
    clock.advance(seconds=(datetime.now(UTC) - clock.now()).total_seconds())


def recorded_start(hub: LiveHub, token: str, camera_id: int) -> float:
    """A whole second with half a minute of recording after it, some seconds ago."""
    now = time.time()
    with hub.client(token) as http:
        r = http.get(
            f"/api/cameras/{camera_id}/recordings",
            params={
                "start": datetime.fromtimestamp(now - 600, UTC).isoformat(),
                "end": datetime.fromtimestamp(now, UTC).isoformat(),
            },
        )
    assert r.status_code == 200, r.text
    for piece in r.json()["ranges"]:
        a = datetime.fromisoformat(piece["start"]).timestamp()
        b = datetime.fromisoformat(piece["end"]).timestamp()
        if b - a > 45:
            return float(int(b - 40))
    raise AssertionError(f"no recorded half minute: {r.text}")


def test_an_archive_grant_replays_the_recording_on_a_relay_host(
    make_pool: Callable[..., PoolSite],
) -> None:
    pool = make_pool(relays=1)
    site, b = pool.site, pool.b
    camera_id = site.cams[site.fleet.cameras[0]["id"]]
    with transaction(site.live.hub.sessions) as s:
        camera = s.get(Camera, camera_id)
        assert camera is not None
        camera.has_recording = True
    on_the_wall_clock(pool)
    token = login(site.live, site.province, "opa")  # the old session aged with the clock
    start = recorded_start(site.live, token, camera_id)
    with b.client(token) as http:
        r = http.post(
            f"/api/cameras/{camera_id}/archive-grants",
            json={"start": datetime.fromtimestamp(start, UTC).isoformat(), "rate": 1.0},
        )
    assert r.status_code == 200, r.text
    given: dict[str, Any] = r.json()["grant"]
    assert given["url"].startswith(f"{b.url}/media/")  # the pool's stable URL, not a host's
    assert output_of(given["url"]) in outputs(pool)
    [first] = grab_frames(given["url"], 1, timeout=30)
    at = timecode.read(first)
    assert at is not None and abs(at.timestamp() - start) <= SEEK_TOLERANCE
    # Released through the other hub: the replay's output closes on the relay host.
    with site.live.client(token) as http:
        assert http.delete(f"/api/grants/{given['grant_id']}").status_code == 204
    wait_until(lambda: not outputs(pool), 10, "the replay's output to close")


def test_a_display_plays_its_wall_from_a_relay_host_and_loses_a_camera_taken_off(
    make_pool: Callable[..., PoolSite],
) -> None:
    pool = make_pool(relays=1)
    site, b = pool.site, pool.b
    province = site.province
    cams = [site.cams[site.fleet.cameras[i]["id"]] for i in (0, 1)]
    add_user(site.live.hub, province, "admin_a", "districtA", [Role.ADMIN])
    with site.live.client(site.tokens["opa"]) as http:
        r = http.post("/api/walls", json=wall_body("Phòng trực", cams, province.units["districtA"]))
        assert r.status_code == 201, r.text
        wall = r.json()
    admin = login(site.live, province, "admin_a")
    display = enrol(site.live, admin, province.units["communeA1"], [wall["id"]])
    headers = {"Authorization": f"Bearer {display['token']}"}
    with httpx.Client(base_url=b.url, headers=headers, timeout=30) as http:
        r = http.post("/api/display/grants", json={"camera_id": cams[1], "stream": "sub"})
    assert r.status_code == 201, r.text
    given: dict[str, Any] = r.json()
    assert given["url"].startswith(f"{b.url}/media/")
    with FrameReader(given["url"], stall_timeout=15) as reader:
        reader.wait_frame(is_live, timeout=20)
    # The camera leaves the wall (changed through hub A): B, holding the output, closes it.
    body = wall_body("Phòng trực", cams[:1], province.units["districtA"])
    with site.live.client(site.tokens["opa"]) as http:
        r = http.put(f"/api/walls/{wall['id']}", json=body)
        assert r.status_code == 200, r.text
    output = output_of(given["url"])
    wait_until(lambda: output not in outputs(pool), 10, "the display's output to close")
    assert httpx.get(given["url"], follow_redirects=False, timeout=10).status_code == 404
