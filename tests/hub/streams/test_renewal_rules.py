# SPDX-License-Identifier: GPL-3.0-or-later
"""Renewing a live grant applies the rules it was given under (issue 9, item 11), and is
no operator activity: the session still idles out.

No simulator or GStreamer: a stand-in relay (``PaperRelay``) opens no output, so right,
scope, units, emergencies and sessions are the real checks.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select

from hub.audit.models import AuditRecord
from hub.catalog.models import Camera, CameraUsingUnit
from hub.contracts import Role
from hub.db import transaction
from hub.streams.service import NAME, RelayService
from hub.testing import LiveHub, Province, add_user, login
from tests.hub.authz_streams import SOURCE, PaperRelay


@pytest.fixture
def relay(live: LiveHub) -> RelayService:
    service = RelayService(live.hub, relay=PaperRelay())
    live.hub.services[NAME] = service
    return service


def _camera(
    live: LiveHub,
    province: Province,
    territory: str,
    using: list[str] = (),  # type: ignore[assignment]
    dedicated: bool = False,
) -> int:
    now = live.clock.now()
    with transaction(live.hub.sessions) as s:
        cam = Camera(
            code=f"renew-{territory}-{len(using)}-{dedicated}",
            name="Chợ Hùng Sơn",
            onvif_url="http://127.0.0.1:9/onvif/device_service",
            rtsp_main_url=SOURCE.replace("/sub", "/main"),
            rtsp_sub_url=SOURCE,
            managing_unit_id=province.units["districtB"],
            operating_unit_id=province.units["districtB"],
            tier="tier_2",
            category="security",
            territory_id=province.territories[territory],
            dedicated=dedicated,
            mounting_layer="5_10m",
            created_at=now,
            updated_at=now,
        )
        cam.using_units = [CameraUsingUnit(unit_id=province.units[u]) for u in using]
        s.add(cam)
        s.flush()
        return cam.id


def _call(live: LiveHub, token: str, method: str, path: str, **kw: Any) -> httpx.Response:
    with live.client(token) as http:
        return http.request(method, path, **kw)


def _records(live: LiveHub, action: str) -> list[AuditRecord]:
    with live.hub.sessions() as s:
        rows = s.scalars(
            select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.seq)
        ).all()
        s.expunge_all()
        return list(rows)


def test_a_grant_on_the_unit_basis_is_renewed(
    live: LiveHub, province: Province, relay: RelayService
) -> None:
    camera_id = _camera(live, province, "B1", using=["communeA1"])  # outside A1's territory
    add_user(live.hub, province, "a1_op", "communeA1", [Role.OPERATOR])
    token = login(live, province, "a1_op")
    r = _call(live, token, "POST", f"/api/cameras/{camera_id}/grants", json={"stream": "sub"})
    assert r.status_code == 201, r.text
    grant = r.json()
    [record] = _records(live, "stream.grant")
    assert '"basis":"unit"' in (record.detail or "")
    for _ in range(3):  # beyond the first grant lifetime (120 s)
        live.clock.advance(seconds=100)
        r = _call(live, token, "POST", f"/api/grants/{grant['grant_id']}/renew")
        assert r.status_code == 200, r.text
        assert r.json()["expires_at"] > grant["expires_at"]
    # The unit is no longer registered on the camera: the next renewal ends the grant.
    with transaction(live.hub.sessions) as s:
        cam = s.get(Camera, camera_id)
        assert cam is not None
        cam.using_units = []
    r = _call(live, token, "POST", f"/api/grants/{grant['grant_id']}/renew")
    assert (r.status_code, r.json()["code"]) == (403, "scope.out_of_scope")
    assert relay.grants.get(grant["grant_id"]) is None
    assert [d.actor for d in _records(live, "scope.denied")] == ["a1_op"]


def test_renewals_do_not_keep_the_session_alive(
    live: LiveHub, province: Province, relay: RelayService
) -> None:
    idle = live.hub.settings.session_idle_minutes
    camera_id = _camera(live, province, "A1")
    add_user(live.hub, province, "opa", "districtA", [Role.OPERATOR])
    token = login(live, province, "opa")
    r = _call(live, token, "POST", f"/api/cameras/{camera_id}/grants", json={"stream": "sub"})
    assert r.status_code == 201, r.text
    grant_id = r.json()["grant_id"]
    renewed = 0
    while renewed * 100 < idle * 60 - 100:  # renew every 100 s for the whole idle period
        live.clock.advance(seconds=100)
        r = _call(live, token, "POST", f"/api/grants/{grant_id}/renew")
        assert r.status_code == 200, (renewed, r.text)
        renewed += 1
    live.clock.advance(seconds=101)  # idle time counted from the login, not the renewals
    r = _call(live, token, "GET", "/api/auth/me")
    assert (r.status_code, r.json()["code"]) == (401, "auth.session_expired")
    r = _call(live, token, "POST", f"/api/grants/{grant_id}/renew")
    assert r.status_code == 401


def test_an_operator_action_does_restart_the_idle_time(
    live: LiveHub, province: Province, relay: RelayService
) -> None:
    """The counterpart: the same timeline with a real request in it keeps the session."""
    idle = live.hub.settings.session_idle_minutes
    add_user(live.hub, province, "opa", "districtA", [Role.OPERATOR])
    token = login(live, province, "opa")
    live.clock.advance(minutes=idle - 1)
    assert _call(live, token, "GET", "/api/auth/me").status_code == 200
    live.clock.advance(minutes=idle - 1)
    assert _call(live, token, "GET", "/api/auth/me").status_code == 200


def test_access_from_an_emergency_stops_when_it_is_ended_by_hand(
    live: LiveHub, province: Province, relay: RelayService
) -> None:
    """TN 6.2 / HCM 7.1: during an emergency a central operator opens a dedicated system
    without stating a reason; ended by hand, the emergency no longer covers anything: new
    access needs a reason and grants that stood on it end at their next renewal."""
    camera_id = _camera(live, province, "B1", dedicated=True)
    add_user(live.hub, province, "leader", "ioc", [Role.IOC_LEADER])
    add_user(live.hub, province, "ioc_op", "ioc", [Role.OPERATOR])
    leader, op = login(live, province, "leader"), login(live, province, "ioc_op")
    ask = {"stream": "sub"}
    grants = f"/api/cameras/{camera_id}/grants"
    r = _call(live, op, "POST", grants, json=ask)
    assert (r.status_code, r.json()["code"]) == (403, "scope.reason_required")
    r = _call(
        live, leader, "POST", "/api/emergencies", json={"reason": "Lũ", "duration_minutes": 90}
    )
    assert r.status_code == 201, r.text
    emergency_id = r.json()["id"]
    r = _call(live, op, "POST", grants, json=ask)
    assert r.status_code == 201, r.text
    by_emergency = r.json()["grant_id"]
    stated = {**ask, "reason": "technical_fault_handling"}
    r = _call(live, op, "POST", grants, json=stated)
    assert r.status_code == 201, r.text
    by_reason = r.json()["grant_id"]
    assert _call(live, op, "POST", f"/api/grants/{by_emergency}/renew").status_code == 200

    r = _call(live, leader, "POST", f"/api/emergencies/{emergency_id}/end")
    assert r.status_code == 200 and r.json()["ended_at"] is not None
    # At once, long before the 90 minutes are over.
    r = _call(live, op, "POST", grants, json=ask)
    assert (r.status_code, r.json()["code"]) == (403, "scope.reason_required")
    body = {
        "object": {"territory_id": province.territories["B1"], "object_type": "camera",
                   "object_id": str(camera_id), "dedicated": True},
        "permission": "image.live",
    }  # fmt: skip
    r = _call(live, op, "POST", "/api/scope/access", json=body)
    assert (r.status_code, r.json()["code"]) == (403, "scope.reason_required")
    r = _call(live, op, "POST", f"/api/grants/{by_emergency}/renew")
    assert (r.status_code, r.json()["code"]) == (403, "scope.reason_required")
    assert relay.grants.get(by_emergency) is None
    # The grant given for a reason of its own goes on.
    assert _call(live, op, "POST", f"/api/grants/{by_reason}/renew").status_code == 200
    denied = [(d.actor, d.reason) for d in _records(live, "scope.denied")]
    assert ("ioc_op", "emergency_ended") in denied
