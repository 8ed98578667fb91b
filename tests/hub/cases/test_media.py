# SPDX-License-Identifier: GPL-3.0-or-later
"""Media of a case from the simulator's archive: a clip cut by the hub by stream copy
(content-addressed, SHA-256, size, duration, camera, start and end) and a snapshot;
only the operating unit, only a draft, only the case's cameras within their ranges;
logged in the extraction and personal-data logs; named by the legal hold."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from camsim.process import FleetProcess
from hub.archive.clips import clip_dir
from hub.cases.service import held_sha256s
from hub.clock import ManualClock
from hub.db import transaction
from hub.testing import LiveHub, settings_for_tests
from tests.hub.archive.world import register_fleet
from tests.hub.cases.common import QUIET, World, make_world


@pytest.fixture
def fleet_world(db_url: str, tmp_path: Path, camsim_fleet: FleetProcess) -> Iterator[World]:
    """The case world on the wall clock (the simulator records in real time), its camera
    being the fleet's first fixed camera."""
    settings = settings_for_tests(db_url, tmp_path / "data", profile="DH", **QUIET)
    live = LiveHub(settings, ManualClock(datetime.now(UTC))).start()
    try:
        w = make_world(live)
        ids = register_fleet(live, w.province, camsim_fleet)
        w.camera_id = ids[camsim_fleet.first("fixed")["id"]]
        yield w
    finally:
        live.stop()


def _recorded_minute(w: World) -> datetime:
    """A whole second 30 minutes back or nearby with a minute of recording after it."""
    near = w.now() - timedelta(minutes=30)
    with w.http("ioc_op") as http:
        r = http.get(
            f"/api/cameras/{w.camera_id}/recordings",
            params={
                "start": (near - timedelta(minutes=15)).isoformat(),
                "end": (near + timedelta(minutes=15)).isoformat(),
            },
        )
    r.raise_for_status()
    for piece in r.json()["ranges"]:
        a = datetime.fromisoformat(piece["start"])
        b = datetime.fromisoformat(piece["end"])
        if (b - a).total_seconds() > 120:
            return max(a + timedelta(seconds=10), min(near, b - timedelta(seconds=90))).replace(
                microsecond=0
            )
    raise AssertionError("no recorded minute")


def test_a_clip_and_a_snapshot_into_a_case(fleet_world: World) -> None:
    w = fleet_world
    start = _recorded_minute(w)
    rng = {
        "camera_id": w.camera_id,
        "start": (start - timedelta(minutes=5)).isoformat(),
        "end": (start + timedelta(minutes=1)).isoformat(),
    }
    case = w.open_case(cameras=[rng])
    cid = case["id"]
    clip_body = {
        "camera_id": w.camera_id,
        "start": start.isoformat(),
        "end": (start + timedelta(seconds=10)).isoformat(),
    }
    # Outside the case's range, or by someone not of the operating unit: refused.
    outside = {**clip_body, "start": (start + timedelta(minutes=2)).isoformat()}
    outside["end"] = (start + timedelta(minutes=3)).isoformat()
    with w.http("ioc_cw") as http:
        r = http.post(f"/api/cases/{cid}/media/clips", json=outside)
    assert (r.status_code, r.json()["code"]) == (422, "case.outside_range")
    with w.http("ioc_op") as http:
        r = http.post(f"/api/cases/{cid}/media/clips", json=clip_body)
    assert r.status_code == 403 and r.json()["detail"] == {"reason": "no_case_right"}

    with w.http("ioc_cw") as http:
        r = http.post(f"/api/cases/{cid}/media/clips", json=clip_body)
    assert r.status_code == 201, r.text
    clip = r.json()
    assert clip["kind"] == "clip" and clip["camera_id"] == w.camera_id
    assert 9.0 <= clip["duration_seconds"] <= 11.5
    data = (clip_dir(w.live.hub) / f"{clip['sha256']}.mp4").read_bytes()
    assert hashlib.sha256(data).hexdigest() == clip["sha256"] and len(data) == clip["size"]
    # The clip starts on the key frame at (or just before) the asked start.
    first = datetime.fromisoformat(clip["start"])
    assert timedelta(0) <= start - first <= timedelta(seconds=1.05)

    snap = w.add_snapshot(cid)
    detail = w.get(cid)
    assert [m["kind"] for m in detail["media"]] == ["clip", "snapshot"]
    assert detail["media_count"] == 2
    with transaction(w.live.hub.sessions) as s:
        assert held_sha256s(s) == {clip["sha256"], snap["sha256"]}
    with w.http("ioc_aud") as http:
        log = http.get("/api/extraction-log", params={"case_id": cid}).json()
        pd = http.get("/api/personal-data-log", params={"case_id": cid}).json()
    assert [(e["action"], e["camera_ids"], e["media_count"]) for e in log] == [
        ("capture", [w.camera_id], 1),
        ("capture", [w.camera_id], 1),
    ]
    assert [p["data_types"] for p in pd] == [["image"], ["video"]]

    # Sent: no more media (the draft is what the police received).
    w.act("ioc_cw", cid, "send", {"police_unit_id": w.unit("wardA1")})
    with w.http("ioc_cw") as http:
        r = http.post(f"/api/cases/{cid}/media/clips", json=clip_body)
    assert (r.status_code, r.json()["code"]) == (409, "case.bad_transition")
