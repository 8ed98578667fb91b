# SPDX-License-Identifier: GPL-3.0-or-later
"""A display's stream grants: renewal of its own, never another display's, and the end of
a grant whose camera left what the display shows — at once, when the wall changes, is
deleted or another content is pushed, not at the grant's next renewal.

No simulator or GStreamer: a stand-in relay (``PaperRelay``) opens no output; the
display's token, its walls and its unit's scope are the real checks.
"""

from __future__ import annotations

import asyncio
import queue
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from hub.audit.models import AuditRecord
from hub.contracts import Role
from hub.db import transaction
from hub.streams.service import NAME, RelayService
from hub.testing import LiveHub, Province, add_user, login, seed_province, wait_until
from tests.hub.authz_streams import SOURCE, PaperRelay
from tests.hub.walls.helpers import add_camera, display_stream, enrol, grid, wall_body


@pytest.fixture
def live(start_hub: Any) -> Iterator[LiveHub]:
    """A hub with a relay service over the stand-in relay, started (its expiry loop and
    the writer of ``stream.end`` records run) and stopped with the test."""
    live: LiveHub = start_hub(media_relay=False)
    service = RelayService(live.hub, relay=PaperRelay())
    asyncio.run(service.start())
    live.hub.services[NAME] = service
    try:
        yield live
    finally:
        asyncio.run(service.stop())


@pytest.fixture
def room(live: LiveHub) -> dict[str, Any]:
    """Two cameras on a wall shared with district A; two displays of commune A1 on it."""
    return make_room(live)


def make_room(live: LiveHub) -> dict[str, Any]:
    """The :func:`room` of ``live`` (also for tests with a second hub)."""
    province: Province = seed_province(live.hub)
    add_user(live.hub, province, "admin_a", "districtA", [Role.ADMIN])
    add_user(live.hub, province, "op_a", "districtA", [Role.OPERATOR])
    main = SOURCE.replace("/sub", "/main")
    cams = [
        add_camera(live.hub, province, rtsp_sub_url=SOURCE, rtsp_main_url=main) for _ in range(2)
    ]
    op = login(live, province, "op_a")
    with live.client(op) as http:
        r = http.post("/api/walls", json=wall_body("Phòng trực", cams, province.units["districtA"]))
        assert r.status_code == 201, r.text
        wall = r.json()
    admin = login(live, province, "admin_a")
    one = enrol(live, admin, province.units["communeA1"], [wall["id"]])
    two = enrol(live, admin, province.units["communeA1"], [wall["id"]])
    return {
        "cams": cams,
        "op": op,
        "admin": admin,
        "wall": wall,
        "one": one,
        "two": two,
        "province": province,
    }


def relay(live: LiveHub) -> RelayService:
    service = live.hub.services[NAME]
    assert isinstance(service, RelayService)
    return service


def test_a_display_renews_its_own_grant_not_another_s(live: LiveHub, room: dict[str, Any]) -> None:
    one, two = room["one"]["token"], room["two"]["token"]
    with live.client(one) as http:
        r = http.post("/api/display/grants", json={"camera_id": room["cams"][0]})
        assert r.status_code == 201, r.text
        grant = r.json()
        for _ in range(3):  # beyond the first lifetime
            live.clock.advance(seconds=100)
            r = http.post(f"/api/display/grants/{grant['grant_id']}/renew")
            assert r.status_code == 200, r.text
            assert r.json()["expires_at"] > grant["expires_at"]
            assert r.json()["url"] == grant["url"]
    with live.client(two) as http:  # another display of the same room
        r = http.post(f"/api/display/grants/{grant['grant_id']}/renew")
        assert (r.status_code, r.json()["code"]) == (404, "grant.not_found")
        r = http.delete(f"/api/display/grants/{grant['grant_id']}")
        assert (r.status_code, r.json()["code"]) == (404, "grant.not_found")
    with live.client(room["op"]) as http:  # nor a user, even one who may see the camera
        r = http.post(f"/api/grants/{grant['grant_id']}/renew")
        assert (r.status_code, r.json()["code"]) == (404, "grant.not_found")
    assert relay(live).grants.get(grant["grant_id"]) is not None  # untouched
    # The renewal is refused once the grant expired.
    live.clock.advance(seconds=121)
    with live.client(one) as http:
        r = http.post(f"/api/display/grants/{grant['grant_id']}/renew")
        assert (r.status_code, r.json()["code"]) == (404, "grant.not_found")


def _revoked(events: queue.Queue[Any], grant_id: str) -> dict[str, Any]:
    """The ``stream.revoked`` push of ``grant_id`` (other pushes are skipped)."""
    deadline = time.monotonic() + 10
    while True:
        topic, data = events.get(timeout=max(0.01, deadline - time.monotonic()))
        assert topic != "end", "the display's event stream ended"
        if topic == "stream.revoked" and data["grant_id"] == grant_id:
            return dict(data)


def _ends(live: LiveHub, grant_id: str) -> list[AuditRecord]:
    with transaction(live.hub.sessions) as s:
        rows = s.scalars(
            select(AuditRecord)
            .where(AuditRecord.action == "stream.end", AuditRecord.object_id == grant_id)
            .order_by(AuditRecord.seq)
        ).all()
        s.expunge_all()
        return list(rows)


def _grant(live: LiveHub, token: str, camera_id: int) -> str:
    with live.client(token) as http:
        r = http.post("/api/display/grants", json={"camera_id": camera_id})
    assert r.status_code == 201, r.text
    return str(r.json()["grant_id"])


def test_a_camera_leaving_the_wall_ends_the_display_s_grant_at_once(
    live: LiveHub, room: dict[str, Any]
) -> None:
    one, two, cams, wall = room["one"]["token"], room["two"]["token"], room["cams"], room["wall"]
    leaving, staying = _grant(live, one, cams[0]), _grant(live, one, cams[1])
    also_leaving = _grant(live, two, cams[0])  # the other display of the room
    with live.client(room["op"]) as http:  # the operator's own view of the camera
        r = http.post(f"/api/cameras/{cams[0]}/grants", json={"stream": "sub"})
        assert r.status_code == 201, r.text
        own = r.json()["grant_id"]
    province: Province = room["province"]
    with display_stream(live, one) as events:
        with live.client(room["op"]) as http:
            body = wall_body("Phòng trực", [cams[1]], province.units["districtA"])
            r = http.put(f"/api/walls/{wall['id']}", json=body)
            assert r.status_code == 200, r.text
        # No clock moves: the grant ends with the change, not at its next renewal.
        pushed = _revoked(events, leaving)
    assert (pushed["camera_id"], pushed["reason"]) == (cams[0], "access_withdrawn")
    registry = relay(live).grants
    assert registry.get(leaving) is None and registry.get(also_leaving) is None
    assert registry.get(staying) is not None  # still on the wall
    assert registry.get(own) is not None  # a user's grant is the user's business
    wait_until(lambda: len(_ends(live, leaving)) == 1, what="stream.end of the grant")
    (end,) = _ends(live, leaving)
    assert end.reason == "access_withdrawn"
    with live.client(one) as http:
        r = http.post(f"/api/display/grants/{leaving}/renew")
        assert (r.status_code, r.json()["code"]) == (404, "grant.not_found")
        assert http.post(f"/api/display/grants/{staying}/renew").status_code == 200
        r = http.post("/api/display/grants", json={"camera_id": cams[0]})
        assert (r.status_code, r.json()["code"]) == (403, "display.camera_not_on_wall")


def test_a_wall_change_that_keeps_the_cameras_ends_no_grant(
    live: LiveHub, room: dict[str, Any]
) -> None:
    one, cams, wall = room["one"]["token"], room["cams"], room["wall"]
    grants = [_grant(live, one, c) for c in cams]
    province: Province = room["province"]
    with live.client(room["op"]) as http:  # renamed, cameras swapped between cells
        body = wall_body("Phòng trực ca đêm", cams[::-1], province.units["districtA"])
        assert http.put(f"/api/walls/{wall['id']}", json=body).status_code == 200
    registry = relay(live).grants
    assert all(registry.get(g) is not None for g in grants)


def test_deleting_the_wall_ends_the_display_s_grants(live: LiveHub, room: dict[str, Any]) -> None:
    one, cams, wall = room["one"]["token"], room["cams"], room["wall"]
    grants = [_grant(live, one, c) for c in cams]
    with display_stream(live, one) as events:
        with live.client(room["op"]) as http:
            assert http.delete(f"/api/walls/{wall['id']}").status_code == 204
        for grant_id in grants:
            assert _revoked(events, grant_id)["reason"] == "access_withdrawn"
    assert all(relay(live).grants.get(g) is None for g in grants)


def test_a_push_without_the_camera_ends_the_display_s_grant(
    live: LiveHub, room: dict[str, Any]
) -> None:
    """A display shows a pushed wall of its own unit's room; the next push leaves a
    camera out, which was on no other wall of the display."""
    province: Province = room["province"]
    cams = room["cams"]
    extra = add_camera(live.hub, province, rtsp_sub_url=SOURCE)
    one_id, one = room["one"]["id"], room["one"]["token"]
    with live.client(room["op"]) as http:
        content = {"layout": grid(1, 2, "1x2"), "cameras": [{"cell": 0, "camera_id": extra}]}
        r = http.post(f"/api/displays/{one_id}/show", json={"content": content})
        assert r.status_code == 200, r.text
    pushed, walled = _grant(live, one, extra), _grant(live, one, cams[0])
    with display_stream(live, one) as events:
        with live.client(room["op"]) as http:
            content = {"layout": grid(1, 1, "1"), "cameras": []}
            r = http.post(f"/api/displays/{one_id}/show", json={"content": content})
            assert r.status_code == 200, r.text
        assert _revoked(events, pushed)["reason"] == "access_withdrawn"
    assert relay(live).grants.get(pushed) is None
    assert relay(live).grants.get(walled) is not None  # still on the display's bound wall
