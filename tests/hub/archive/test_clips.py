# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence clips: the hub cuts a range of a camera's recording by stream copy and stores it
under its SHA-256; the frames of the clip show the times asked for."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import cv2
import numpy as np
import pytest

from camsim import timecode
from camsim.process import FleetProcess
from hub.archive.clips import PREROLL_SECONDS, ClipFile, clip_dir, clip_path, cut_clip, verify_clip
from hub.audit.service import Actor
from hub.catalog.contracts import StreamKind
from hub.catalog.models import Camera
from hub.clock import ManualClock
from hub.contracts import Role
from hub.db import transaction
from hub.errors import HubError
from hub.testing import LiveHub, add_user, login, seed_province, settings_for_tests
from tests.hub.archive.world import ArchiveWorld, audit, recorded_instant, register_fleet

FRAME = 0.04  # the simulator's main stream: 25 frames a second
GOP = 1.0  # and a key frame every second


@dataclass
class ClipWorld(ArchiveWorld):
    """The archive world with one operator, who cuts (as a case would on their behalf)."""

    operator_id: int = 0


def _world(db_url: str, tmp_path: Path, fleet: FleetProcess) -> Iterator[ClipWorld]:
    # No relay: a clip is cut by its own child process, not by the relay.
    settings = settings_for_tests(db_url, tmp_path / "data")
    live = LiveHub(settings, clock=ManualClock(datetime.now(UTC))).start()
    try:
        province = seed_province(live.hub)
        w = ClipWorld(live, province, fleet)
        w.cameras = register_fleet(live, province, fleet)
        w.operator_id = add_user(live.hub, province, "operator", "districtA", [Role.OPERATOR])
        w.tokens["operator"] = login(live, province, "operator")
        yield w
    finally:
        live.stop()


@pytest.fixture
def world(db_url: str, tmp_path: Path, camsim_fleet: FleetProcess) -> Iterator[ClipWorld]:
    yield from _world(db_url, tmp_path, camsim_fleet)


@pytest.fixture
def h265_world(db_url: str, tmp_path: Path, camsim_h265: FleetProcess) -> Iterator[ClipWorld]:
    yield from _world(db_url, tmp_path, camsim_h265)


def actor(world: ClipWorld) -> Actor:
    return Actor(user_id=world.operator_id, username="operator", source="test")


def cut(world: ClipWorld, camera_id: int, start: float, end: float, **kw: Any) -> ClipFile:
    """Cut through the hub's own function, in one transaction (as a case would)."""

    async def run() -> ClipFile:
        with world.live.hub.sessions() as s:  # as a request's session (hub.deps.get_db)
            s.begin()
            camera = s.get(Camera, camera_id)
            assert camera is not None
            clip = await cut_clip(
                world.live.hub,
                s,
                actor(world),
                camera,
                datetime.fromtimestamp(start, UTC),
                datetime.fromtimestamp(end, UTC),
                **kw,
            )
            s.commit()
            return clip

    return asyncio.run(run())


def stored(world: ClipWorld, entry: dict[str, Any], start: float, end: float) -> None:
    """Have the simulator store the range first, as a recorder has its archive on disk:
    the test is of the hub's cut, not of how fast the simulator encodes a cold range
    (bench/clip_cut.py measures that; cancelling a cut below uses a cold one)."""
    world.fleet.store_recording(entry["id"], start - PREROLL_SECONDS - GOP, end + 1.0)


def frame_times(path: Path) -> list[float]:
    """The time burned into every decoded frame of the clip (opencv, ffmpeg inside)."""
    capture = cv2.VideoCapture(str(path))
    shown: list[float] = []
    try:
        while True:
            ok, frame = capture.read()
            if not ok:
                return shown
            at = timecode.read(np.asarray(frame, np.uint8))
            assert at is not None, f"frame {len(shown)} shows no time code"
            shown.append(at.timestamp())
    finally:
        capture.release()


def probe(path: Path) -> dict[str, Any]:
    out = subprocess.run(
        [
            "ffprobe", "-v", "error", "-print_format", "json", "-show_format",
            "-show_streams", "-count_packets", str(path),
        ],
        capture_output=True, check=True, timeout=30,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def probe_stream(url: str) -> dict[str, Any]:
    """What ffprobe reads of a camera's live RTSP stream (the reference encoding)."""
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-print_format", "json",
         "-show_streams", "-select_streams", "v", url],
        capture_output=True, check=True, timeout=30,
    )  # fmt: skip
    stream: dict[str, Any] = json.loads(out.stdout)["streams"][0]
    return stream


def packet_flags(path: Path) -> list[str]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "packet=flags",
         "-of", "csv=p=0", str(path)],
        capture_output=True, check=True, timeout=30, text=True,
    )  # fmt: skip
    return out.stdout.split()


def live_url(entry: dict[str, Any]) -> str:
    user, password = quote(entry["username"], safe=""), quote(entry["password"], safe="")
    return str(entry["rtsp"]["main"]).replace("rtsp://", f"rtsp://{user}:{password}@", 1)


def leftovers(world: ClipWorld) -> list[str]:
    directory = clip_dir(world.live.hub)
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def check_clip(
    world: ClipWorld, clip: ClipFile, start: float, end: float, codec: str, camera_url: str
) -> None:
    """The story a court would check: the file is what the hub says, untouched, and its
    frames show the asked range, as the camera encoded them."""
    path = clip_path(world.live.hub, clip)
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == clip.sha256 and len(data) == clip.size
    assert path.name == f"{clip.sha256}.mp4" and verify_clip(world.live.hub, clip)
    # A stream copy starts on the last key frame at or before start, ends before end.
    first, last = clip.first_frame_at.timestamp(), clip.last_frame_at.timestamp()
    assert start - GOP - FRAME <= first <= start + 0.001
    assert end - 2 * FRAME <= last < end
    shown = frame_times(path)
    assert len(shown) == clip.frames
    assert shown[0] == pytest.approx(first, abs=0.002)
    assert shown[-1] == pytest.approx(last, abs=0.002)
    steps = [b - a for a, b in itertools.pairwise(shown)]
    assert all(abs(step - FRAME) < 0.002 for step in steps), "a frame is missing or doubled"
    assert clip.duration == pytest.approx(last - first + FRAME, abs=0.002)
    # Not re-encoded: the codec, profile, level and size of the camera's own stream, and
    # its key frames where it put them; an MP4 with its index first.
    info = probe(path)
    (video,) = info["streams"]
    assert (video["codec_name"], video["width"], video["height"]) == (codec, 1280, 720)
    assert (clip.codec, clip.width, clip.height) == (
        {"h264": "H264", "hevc": "H265"}[codec],
        1280,
        720,
    )
    assert int(video["nb_read_packets"]) == clip.frames
    source = probe_stream(camera_url)
    for field in ("codec_name", "profile", "level", "width", "height", "pix_fmt"):
        assert video[field] == source[field], field
    # The camera's key frame every second (25 frames) is kept frame for frame.
    keys = [i for i, flags in enumerate(packet_flags(path)) if "K" in flags]
    assert keys and all(b - a == 25 for a, b in itertools.pairwise(keys))
    assert data[4:8] == b"ftyp" and data.find(b"moov") < data.find(b"mdat")


def test_a_clip_holds_the_asked_range_by_stream_copy_under_its_hash(world: ClipWorld) -> None:
    entry, camera_id = world.camera(0)
    start = recorded_instant(world, camera_id, time.time() - 1800) + 0.5
    end = start + 10.0
    stored(world, entry, start, end)
    clip = cut(world, camera_id, start, end)
    check_clip(world, clip, start, end, "h264", live_url(entry))
    assert clip.camera_id == camera_id and clip.stream == StreamKind.MAIN
    assert clip.start == datetime.fromtimestamp(start, UTC)
    assert leftovers(world) == [clip.file_name]  # no temporary file stays
    (record,) = audit(world, "clip.cut")
    assert record.actor_id == world.operator_id
    assert record.object_id == str(camera_id)
    detail = json.loads(record.detail or "{}")
    assert detail["sha256"] == clip.sha256 and detail["from"] == clip.start.isoformat()
    assert detail["to"] == clip.end.isoformat() and detail["size"] == clip.size


def test_an_h265_camera_is_cut_without_re_encoding(h265_world: ClipWorld) -> None:
    entry, camera_id = h265_world.camera(0)
    start = recorded_instant(h265_world, camera_id, time.time() - 1800) + 0.25
    end = start + 6.0
    stored(h265_world, entry, start, end)
    clip = cut(h265_world, camera_id, start, end)
    check_clip(h265_world, clip, start, end, "hevc", live_url(entry))


def refusal(world: ClipWorld, camera_id: int, start: float, end: float) -> HubError:
    with pytest.raises(HubError) as caught:
        cut(world, camera_id, start, end)
    return caught.value


def test_bad_ranges_no_video_and_unreachable_devices_are_refused_and_nothing_is_stored(
    world: ClipWorld,
) -> None:
    _entry, camera_id = world.camera(1)
    now = time.time()
    assert refusal(world, camera_id, now - 60, now - 60).code == "clip.bad_range"
    too_long = refusal(world, camera_id, now - 4000, now - 3000)
    assert (too_long.status, too_long.code) == (422, "clip.too_long")
    assert too_long.detail == {"max_seconds": 600.0}
    assert refusal(world, camera_id, now - 60, now + 300).code == "archive.in_future"
    # Before the camera's first recording: the device has no video for it.
    old = now - 40 * 86400
    no_video = refusal(world, camera_id, old, old + 10)
    assert (no_video.status, no_video.code) == (409, "clip.no_video")
    # A camera whose device does not answer.
    with transaction(world.live.hub.sessions) as s:
        camera = s.get(Camera, camera_id)
        assert camera is not None
        camera.onvif_url = "http://127.0.0.1:9/onvif/device_service"
    gone = refusal(world, camera_id, now - 600, now - 590)
    assert (gone.status, gone.code) == (502, "camera.unreachable")
    for error in (too_long, no_video, gone):
        assert error.audit is not None and error.audit.action == "clip.cut"
    assert leftovers(world) == []


def test_a_full_disk_refuses_the_cut_with_507_and_leaves_nothing(
    world: ClipWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = world.live.hub
    full = replace(hub.settings.archive, clip_reserve_bytes=1 << 62)
    monkeypatch.setattr(hub, "settings", replace(hub.settings, archive=full))
    _entry, camera_id = world.camera(0)
    start = recorded_instant(world, camera_id, time.time() - 1800)
    error = refusal(world, camera_id, start, start + 5)
    assert (error.status, error.code) == (507, "clip.storage")
    assert leftovers(world) == []


def _cutters() -> list[int]:
    """Process ids of this test process's clip cutters."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == os.getpid() and b"hub.media.clip_cut" in cmdline:
            found.append(int(entry.name))
    return found


def test_a_cut_can_be_cancelled_and_no_secret_is_on_the_cutters_command_line(
    world: ClipWorld,
) -> None:
    entry, camera_id = world.camera(2)
    start = recorded_instant(world, camera_id, time.time() - 3 * 3600)
    seen: dict[str, bytes] = {}

    async def cancellable() -> None:
        with world.live.hub.sessions() as s:
            s.begin()
            camera = s.get(Camera, camera_id)
            assert camera is not None
            await cut_clip(
                world.live.hub,
                s,
                actor(world),
                camera,
                datetime.fromtimestamp(start, UTC),
                datetime.fromtimestamp(start, UTC) + timedelta(seconds=300),
            )

    async def main() -> None:
        task = asyncio.create_task(cancellable())
        deadline = time.monotonic() + 30
        while not (pids := _cutters()) or not any(n.endswith(".part") for n in leftovers(world)):
            assert not task.done(), task.exception() if task.done() else ""
            assert time.monotonic() < deadline, "the cutter never started writing"
            await asyncio.sleep(0.05)  # polling interval, bounded by the deadline
        proc = Path("/proc") / str(pids[0])
        seen["cmdline"] = (proc / "cmdline").read_bytes()
        seen["environ"] = (proc / "environ").read_bytes()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    assert _cutters() == []  # the child was killed and reaped
    assert leftovers(world) == []  # nothing half-written stays
    assert audit(world, "clip.cut") == []
    password = entry["password"].encode()
    assert password not in seen["cmdline"] and password not in seen["environ"]
    assert b"clip_cut" in seen["cmdline"]
