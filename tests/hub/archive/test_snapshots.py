# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence snapshots: the hub grabs a frame from the device, stores it with its hash."""

from __future__ import annotations

import hashlib
import json
import time
from datetime import UTC, datetime
from pathlib import Path

import cv2
import numpy as np
from sqlalchemy import func, select

from camsim import timecode
from camsim.process import FleetProcess
from hub.archive.models import EvidenceSnapshot
from hub.catalog.models import Camera
from hub.clock import ManualClock
from hub.db import transaction
from hub.testing import LiveHub, add_user, login, seed_province, settings_for_tests
from tests.hub.archive.world import (
    USERS,
    ArchiveWorld,
    audit,
    recorded_instant,
    register_fleet,
)


def snapshot_files(world: ArchiveWorld) -> list[Path]:
    directory = world.live.hub.settings.data_dir / "snapshots"
    return sorted(directory.glob("*")) if directory.exists() else []


def rows(world: ArchiveWorld) -> int:
    with transaction(world.live.hub.sessions) as s:
        return int(s.scalar(select(func.count()).select_from(EvidenceSnapshot)) or 0)


def test_live_and_archive_snapshots_are_stored_with_their_hash(world: ArchiveWorld) -> None:
    _entry, camera_id = world.camera(0)
    at = recorded_instant(world, camera_id, time.time() - 2 * 3600)
    with world.client("operator") as http:
        asked = time.time()
        live = http.post(f"/api/cameras/{camera_id}/snapshots", json={"stream": "sub"})
        answered = time.time()
        assert live.status_code == 200, live.text
        archive = http.post(
            f"/api/cameras/{camera_id}/snapshots",
            json={"at": datetime.fromtimestamp(at, UTC).isoformat(), "stream": "sub"},
        )
        assert archive.status_code == 200, archive.text
        for taken in (live.json(), archive.json()):
            r = http.get(f"/api/snapshots/{taken['id']}")
            assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"
            assert hashlib.sha256(r.content).hexdigest() == taken["sha256"]
            assert len(r.content) == taken["size"]
            assert r.headers["X-Snapshot-SHA256"] == taken["sha256"]
            picture = cv2.imdecode(np.frombuffer(r.content, np.uint8), cv2.IMREAD_COLOR)
            assert picture is not None
            code = timecode.read(picture.astype(np.uint8))
            assert code is not None
            if taken["source"] == "archive":
                assert abs(code.timestamp() - at) <= 1.0
                assert datetime.fromisoformat(taken["captured_at"]).timestamp() == at
            else:
                assert asked - 2.0 <= code.timestamp() <= answered + 1.0
    files = snapshot_files(world)
    assert len(files) == 2 and all(f.suffix == ".jpg" for f in files)
    taken_records = audit(world, "snapshot.take")
    assert len(taken_records) == 2
    detail = json.loads(taken_records[1].detail or "{}")
    assert detail["camera_id"] == camera_id and detail["source"] == "archive"
    assert detail["sha256"] == archive.json()["sha256"]
    assert len(audit(world, "snapshot.view")) == 2
    with world.client("outsider") as http:
        r = http.get(f"/api/snapshots/{live.json()['id']}")
        assert r.status_code == 403


def test_a_failed_grab_or_a_failed_write_leaves_nothing(world: ArchiveWorld) -> None:
    _entry, camera_id = world.camera(3)
    with transaction(world.live.hub.sessions) as s:
        cam = s.get(Camera, camera_id)
        assert cam is not None
        good = cam.rtsp_sub_url
        cam.rtsp_sub_url = "rtsp://127.0.0.1:9/nothing"
    with world.client("operator") as http:
        r = http.post(f"/api/cameras/{camera_id}/snapshots", json={"stream": "sub"})
        assert r.status_code == 502 and r.json()["code"] == "snapshot.failed", r.text
        assert "rtsp" not in r.text
    with transaction(world.live.hub.sessions) as s:
        cam = s.get(Camera, camera_id)
        assert cam is not None
        cam.rtsp_sub_url = good
    # Storage failure: the snapshot directory cannot be created (a file is in the way).
    directory = world.live.hub.settings.data_dir / "snapshots"
    directory.parent.mkdir(parents=True, exist_ok=True)
    directory.write_bytes(b"not a directory")
    try:
        with world.client("operator") as http:
            r = http.post(f"/api/cameras/{camera_id}/snapshots", json={"stream": "sub"})
        assert r.status_code == 507 and r.json()["code"] == "snapshot.failed", r.text
        assert r.json()["detail"] == {"reason": "storage"}
    finally:
        directory.unlink()
    assert rows(world) == 0 and not snapshot_files(world)
    assert not audit(world, "snapshot.take")


def test_archive_snapshot_without_the_relay_reads_the_replay_uri(
    db_url: str, tmp_path: Path, camsim_fleet: FleetProcess
) -> None:
    settings = settings_for_tests(db_url, tmp_path / "data", media_relay=False)
    live = LiveHub(settings, clock=ManualClock(datetime.now(UTC))).start()
    try:
        province = seed_province(live.hub)
        world = ArchiveWorld(live, province, camsim_fleet)
        world.cameras = register_fleet(live, province, camsim_fleet)
        unit, roles = USERS["operator"]
        add_user(live.hub, province, "operator", unit, roles)
        world.tokens["operator"] = login(live, province, "operator")
        _entry, camera_id = world.camera(2)
        at = recorded_instant(world, camera_id, time.time() - 4 * 3600)
        with world.client("operator") as http:
            r = http.post(
                f"/api/cameras/{camera_id}/snapshots",
                json={"at": datetime.fromtimestamp(at, UTC).isoformat(), "stream": "sub"},
            )
            assert r.status_code == 200, r.text
            jpeg = http.get(f"/api/snapshots/{r.json()['id']}").content
        picture = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
        assert picture is not None
        code = timecode.read(picture.astype(np.uint8))
        assert code is not None and abs(code.timestamp() - at) <= 1.0
    finally:
        live.stop()
