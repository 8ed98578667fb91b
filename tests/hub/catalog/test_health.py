# SPDX-License-Identifier: GPL-3.0-or-later
"""Camera health against the simulator: online / degraded / offline, pushed to the
users whose scope covers the camera, audited; clock offsets; checks on demand."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from camsim.process import FleetProcess
from hub.audit.models import AuditRecord
from hub.catalog.models import Camera
from hub.catalog.testing import register_fleet
from hub.clock import RunningClock
from hub.db import transaction
from hub.testing import LiveHub, settings_for_tests, wait_until
from tests.hub.catalog.common import Catalogue, EventListener, make_catalogue, quiet


def _status(cat: Catalogue, camera_id: int) -> str:
    with transaction(cat.live.hub.sessions) as s:
        camera = s.get(Camera, camera_id)
        assert camera is not None
        return camera.status


def test_health_follows_the_device_and_is_pushed_in_scope(
    start_hub: Callable[..., LiveHub], camsim_faults: FleetProcess
) -> None:
    live = start_hub(
        **quiet(health_enabled=True, health_interval_seconds=0.3, health_timeout_seconds=1.0)
    )
    cat = make_catalogue(live)
    fleet = camsim_faults
    with (
        EventListener(live, cat.tokens["op_a"], "camera.status") as in_scope,
        EventListener(live, cat.tokens["op_b"], "camera.status") as out_of_scope,
    ):
        wait_until(lambda: live.hub.events.subscribers() == 2, what="two subscribers")
        ids = register_fleet(live, cat.province, fleet.cameras[:2])
        cam, other = ids["cam01"], ids["cam02"]
        first = in_scope.wait_for(lambda d: d["camera_id"] == cam and d["status"] == "online")
        assert first["last_seen_at"] is not None
        wait_until(lambda: _status(cat, other) == "online", what="second camera online")

        fleet.set_faults("cam01", offline=60)
        gone = in_scope.wait_for(lambda d: d["camera_id"] == cam and d["status"] != "online")
        if gone["status"] == "degraded":  # ONVIF went first; RTSP follows in a round
            gone = in_scope.wait_for(lambda d: d["camera_id"] == cam and d["status"] != "degraded")
        assert gone["status"] == "offline"
        assert "onvif" in (gone["status_detail"] or "") and "rtsp" in gone["status_detail"]
        with cat.http("op_a") as http:
            listed = {c["id"]: c for c in http.get("/api/cameras").json()}
            assert listed[cam]["status"] == "offline" and listed[other]["status"] == "online"
            only_offline = http.get("/api/cameras", params={"status": "offline"}).json()
            assert [c["id"] for c in only_offline] == [cam]

        fleet.set_faults("cam02", stream_drop=60)  # ONVIF answers, the stream does not
        degraded = in_scope.wait_for(lambda d: d["camera_id"] == other)
        assert degraded["status"] == "degraded" and "rtsp" in (degraded["status_detail"] or "")

        fleet.clear_faults("cam01")
        fleet.clear_faults("cam02")
        in_scope.wait_for(lambda d: d["camera_id"] == cam and d["status"] == "online")
        in_scope.wait_for(lambda d: d["camera_id"] == other and d["status"] == "online")
        assert out_of_scope.drain() == []  # district B sees nothing of district A
    with transaction(live.hub.sessions) as s:
        changes = [
            json.loads(r.detail or "{}")
            for r in s.scalars(
                select(AuditRecord)
                .where(AuditRecord.action == "camera.status", AuditRecord.object_id == str(cam))
                .order_by(AuditRecord.seq)
            )
        ]
        assert all(
            r.actor == "system"
            for r in s.scalars(select(AuditRecord).where(AuditRecord.action == "camera.status"))
        )
    path = [c["to"] for c in changes]
    assert path[0] == "online" and path[-1] == "online" and "offline" in path


@pytest.fixture
def real_time_hub(db_url: str, tmp_path: Path) -> Iterator[LiveHub]:
    """A hub on the real time, like the simulator's (a running clock that tests move)."""
    settings = settings_for_tests(db_url, tmp_path / "data", **quiet())
    live = LiveHub(settings, RunningClock()).start()
    yield live
    live.stop()


def test_clock_offset_is_measured_and_flagged(
    real_time_hub: LiveHub, camsim_fleet: FleetProcess
) -> None:
    live = real_time_hub
    cat = make_catalogue(live)
    ids = register_fleet(live, cat.province, camsim_fleet.cameras[:1])
    cam = ids["cam01"]
    clock = live.clock
    # Logins moved the test clock ahead: bring it back to the real time.
    clock.advance(seconds=(datetime.now(UTC) - clock.now()).total_seconds())
    with cat.http("op_a1") as http:
        r = http.post(f"/api/cameras/{cam}/check")
        assert r.status_code == 200, r.text
        synced = r.json()
        assert synced["status"] == "online"
        assert abs(synced["clock_offset_seconds"]) < 1.5
        assert synced["status_detail"] is None

        clock.advance(seconds=-42)  # the hub now runs 42 s behind: the device looks ahead
        drifted = http.post(f"/api/cameras/{cam}/check").json()
        expected = (datetime.now(UTC) - clock.now()).total_seconds()
        assert abs(drifted["clock_offset_seconds"] - expected) < 1.5
        assert drifted["clock_offset_seconds"] > 40
        assert drifted["status"] == "online"
        assert "clock off by +4" in drifted["status_detail"]

    with cat.http("admin_a") as http:  # camera.manage may check too
        assert http.post(f"/api/cameras/{cam}/check").status_code == 200
    with cat.http("op_b") as http:
        denied = http.post(f"/api/cameras/{cam}/check")
        assert (denied.status_code, denied.json()["code"]) == (403, "scope.out_of_scope")
    with cat.http("admin_b") as http:
        assert http.post(f"/api/cameras/{cam}/check").status_code == 403
