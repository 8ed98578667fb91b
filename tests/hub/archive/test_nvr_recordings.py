# SPDX-License-Identifier: GPL-3.0-or-later
"""An NVR's channels are separate cameras, each with its own recording: the archive of a
channel-2 camera (search, replay, snapshot, clip) shows channel 2, never channel 1.

The simulator as a two-channel NVR records each channel into its own recording (its own
token, recording job and replay path), and every frame carries its channel's mark
(:func:`camsim.timecode.read_channel`), so a test tells channel 1's pictures from
channel 2's."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from camsim import timecode
from camsim.process import FleetProcess
from hub.archive import recordings
from hub.archive.clips import ClipFile, clip_path, cut_clip
from hub.archive.service import channel_recording
from hub.audit.service import Actor
from hub.catalog.access import device_access
from hub.catalog.models import Camera
from hub.clock import ManualClock
from hub.db import transaction
from hub.errors import HubError
from hub.testing import LiveHub, Province, add_user, login, seed_province, settings_for_tests
from tests.hub.archive.world import USERS, ArchiveWorld, recorded_instant


@pytest.fixture(scope="module")
def nvr_fleet() -> Iterator[FleetProcess]:
    """``cam01`` a two-channel NVR, ``cam02`` a camera (one recording)."""
    fleet = FleetProcess(2, "--nvr", "cam01:2", "--fixed-every", "1", "--event-period", "0")
    fleet.start()
    try:
        yield fleet
    finally:
        fleet.stop()


def _register(live: LiveHub, p: Province, entry: dict[str, Any], channel: int) -> int:
    """A camera row for one channel of a device, as onboarding stores it."""
    found = [c for c in entry["channels"] if c["channel"] == channel]
    absent: dict[str, Any] = {"source": f"vs_{channel}", "profiles": [], "rtsp": {}}
    source: dict[str, Any] = found[0] if found else absent
    profiles = source["profiles"] or [f"profile_ch{channel}_main", f"profile_ch{channel}_sub"]
    now = live.clock.now()
    with transaction(live.hub.sessions) as s:
        cam = Camera(
            code=f"{entry['id']}-ch{channel}",
            name=f"{entry['name']} {channel}",
            onvif_url=entry["onvif"]["url"],
            rtsp_main_url=source["rtsp"].get("main"),
            rtsp_sub_url=source["rtsp"].get("sub"),
            main_profile_token=profiles[0],
            sub_profile_token=profiles[1],
            channel_token=source["source"],
            has_ptz=False,
            has_recording=True,
            has_events=True,
            managing_unit_id=p.units["districtA"],
            operating_unit_id=p.units["districtA"],
            tier="tier_3",
            category="security",
            territory_id=p.territories["A1"],
            mounting_layer="5_10m",
            created_at=now,
            updated_at=now,
        )
        s.add(cam)
        s.flush()
        cam.credentials = (entry["username"], entry["password"])
        return cam.id


@pytest.fixture
def world(db_url: str, tmp_path: Path, nvr_fleet: FleetProcess) -> Iterator[ArchiveWorld]:
    settings = settings_for_tests(db_url, tmp_path / "data", media_relay=False)
    live = LiveHub(settings, clock=ManualClock(datetime.now(UTC))).start()
    try:
        province = seed_province(live.hub)
        w = ArchiveWorld(live, province, nvr_fleet)
        nvr, camera = nvr_fleet.camera("cam01"), nvr_fleet.camera("cam02")
        w.cameras = {
            "ch1": _register(live, province, nvr, 1),
            "ch2": _register(live, province, nvr, 2),
            "ch9": _register(live, province, nvr, 9),  # no such channel on the device
            "camera": _register(live, province, camera, 1),
        }
        unit, roles = USERS["operator"]
        add_user(live.hub, province, "operator", unit, roles)
        w.tokens["operator"] = login(live, province, "operator")
        yield w
    finally:
        live.stop()


def _recording_token(world: ArchiveWorld, camera_id: int) -> str:
    with transaction(world.live.hub.sessions) as s:
        camera = s.get(Camera, camera_id)
        assert camera is not None
        return camera.recording_token


def _search(world: ArchiveWorld, camera_id: int, at: float) -> Any:
    with world.client("operator") as http:
        return http.get(
            f"/api/cameras/{camera_id}/recordings",
            params={
                "start": datetime.fromtimestamp(at - 600, UTC).isoformat(),
                "end": datetime.fromtimestamp(at + 600, UTC).isoformat(),
            },
        )


def _snapshot_channel(world: ArchiveWorld, camera_id: int, at: float) -> tuple[int | None, float]:
    """The channel mark and time code of an archive snapshot at ``at`` (a replayed frame)."""
    with world.client("operator") as http:
        r = http.post(
            f"/api/cameras/{camera_id}/snapshots",
            json={"at": datetime.fromtimestamp(at, UTC).isoformat(), "stream": "sub"},
        )
        assert r.status_code == 200, r.text
        jpeg = http.get(f"/api/snapshots/{r.json()['id']}").content
    decoded = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert decoded is not None
    picture = decoded.astype(np.uint8)
    code = timecode.read(picture)
    assert code is not None
    return timecode.read_channel(picture), code.timestamp()


def _cut(world: ArchiveWorld, camera_id: int, start: float, end: float) -> ClipFile:
    async def run() -> ClipFile:
        with world.live.hub.sessions() as s:
            s.begin()
            camera = s.get(Camera, camera_id)
            assert camera is not None
            clip = await cut_clip(
                world.live.hub,
                s,
                Actor(user_id=None, username="operator", source="test"),
                camera,
                datetime.fromtimestamp(start, UTC),
                datetime.fromtimestamp(end, UTC),
            )
            s.commit()
            return clip

    return asyncio.run(run())


def _clip_channels(world: ArchiveWorld, clip: ClipFile) -> set[int | None]:
    capture = cv2.VideoCapture(str(clip_path(world.live.hub, clip)))
    seen: set[int | None] = set()
    try:
        while True:
            ok, frame = capture.read()
            if not ok:
                return seen
            seen.add(timecode.read_channel(np.asarray(frame, np.uint8)))
    finally:
        capture.release()


def test_a_channel_2_camera_searches_replays_and_cuts_channel_2(world: ArchiveWorld) -> None:
    ch1, ch2 = world.cameras["ch1"], world.cameras["ch2"]
    at = recorded_instant(world, ch2, time.time() - 3 * 3600)
    r = _search(world, ch2, at)
    assert r.status_code == 200, r.text
    assert r.json()["ranges"]
    # The channel's recording was found through the device's recording jobs and kept.
    assert _recording_token(world, ch2) == "rec_cam01_ch2"
    assert _search(world, ch1, at).status_code == 200
    assert _recording_token(world, ch1) == "rec_cam01"
    # Replay (an archive snapshot reads the replay URI): channel 2's picture, at ``at``.
    channel, shown = _snapshot_channel(world, ch2, at)
    assert channel == 2 and abs(shown - at) <= 1.0
    channel, _ = _snapshot_channel(world, ch1, at)
    assert channel == 1
    # A clip of channel 2: every frame is channel 2's.
    clip = _cut(world, ch2, at, at + 3)
    assert clip.frames >= 3 * 25
    assert _clip_channels(world, clip) == {2}


def test_the_replay_uri_is_the_channels_own(world: ArchiveWorld) -> None:
    async def uris() -> dict[str, str]:
        found = {}
        with world.live.hub.sessions() as s:
            for key in ("ch1", "ch2"):
                camera = s.get(Camera, world.cameras[key])
                assert camera is not None
                replay = await recordings.replay_uri(
                    device_access(camera), channel_recording(camera), wait_seconds=10.0
                )
                found[key] = replay.uri
        return found

    found = asyncio.run(uris())
    assert found["ch1"].endswith("/replay") and found["ch2"].endswith("/ch2/replay")


def test_a_stale_recording_token_is_found_again(world: ArchiveWorld) -> None:
    ch2 = world.cameras["ch2"]
    with transaction(world.live.hub.sessions) as s:
        camera = s.get(Camera, ch2)
        assert camera is not None
        camera.recording_token = "rec_gone"  # the NVR was reconfigured
    at = time.time() - 3 * 3600
    assert _search(world, ch2, at).status_code == 200
    assert _recording_token(world, ch2) == "rec_cam01_ch2"


def test_a_channel_the_device_does_not_record_is_refused(world: ArchiveWorld) -> None:
    ch9 = world.cameras["ch9"]
    at = time.time() - 3 * 3600
    r = _search(world, ch9, at)
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "camera.no_channel_recording"
    assert r.json()["detail"] == {"camera_id": ch9, "channel": "vs_9"}
    with world.client("operator") as http:
        r = http.post(
            f"/api/cameras/{ch9}/snapshots",
            json={"at": datetime.fromtimestamp(at, UTC).isoformat(), "stream": "sub"},
        )
    assert r.status_code == 409 and r.json()["code"] == "camera.no_channel_recording"
    with pytest.raises(HubError) as refused:
        _cut(world, ch9, at, at + 2)
    assert (refused.value.status, refused.value.code) == (409, "camera.no_channel_recording")
    assert _recording_token(world, ch9) == ""


def test_a_camera_with_one_recording_still_works(world: ArchiveWorld) -> None:
    camera = world.cameras["camera"]
    at = recorded_instant(world, camera, time.time() - 2 * 3600)
    assert _recording_token(world, camera) == "rec_cam02"
    channel, shown = _snapshot_channel(world, camera, at)
    assert channel is None and abs(shown - at) <= 1.0  # a camera's frames carry no mark
