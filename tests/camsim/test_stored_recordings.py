# SPDX-License-Identifier: GPL-3.0-or-later
"""The simulator's recordings are stored: a range is encoded into segment files the first
time it is replayed and read back by stream copy after that, with the same time codes;
the store keeps no more than its cap."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import cv2
import numpy as np
import pytest

from camsim import segments, timecode
from camsim.camera import CameraSpec, SimCamera
from camsim.rtsp import CameraRtspServer, GLibLoop
from camsim.testing import wait_until

FRAME = 0.04  # main stream: 25 frames a second


@pytest.fixture
def store(tmp_path: Path) -> Iterator[segments.SegmentStore]:
    yield segments.configure(tmp_path / "recordings", 64 << 20)
    segments.configure(None)  # the next test gets a fresh temporary store


@pytest.fixture
def server(store: segments.SegmentStore) -> Iterator[CameraRtspServer]:
    spec = CameraSpec(
        index=1,
        camera_id="cam01",
        name="Cầu Gia Bảy",
        kind="fixed",
        host="127.0.0.1",
        onvif_port=0,
        rtsp_port=0,
        username="admin",
        password="s3cret!",
    )
    loop = GLibLoop("test-stored")
    rtsp = CameraRtspServer(SimCamera(spec), loop)
    try:
        yield rtsp
    finally:
        rtsp.close()
        loop.stop()


def cut(server: CameraRtspServer, start: float, seconds: float, out: Path) -> dict[str, Any]:
    """The hub's clip cutter (ONVIF Range: clock=, Rate-Control: no) on the replay."""
    spec = server.camera.spec
    auth = f"{quote(spec.username, safe='')}:{quote(spec.password, safe='')}@"
    url = f"rtsp://{auth}127.0.0.1:{server.port}/replay?start={start - 2:.3f}"
    request = {
        "url": url,
        "start": start,
        "end": start + seconds,
        "path": str(out),
        "faststart_path": str(out.with_suffix(".moov")),
        "rate_control": False,
        "wait_seconds": 120,
    }
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "hub.media.clip_cut"],
        input=json.dumps(request) + "\n",
        capture_output=True,
        text=True,
        timeout=180,
    )
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["ok"], answer
    return {**answer["result"], "seconds": time.monotonic() - began}


def frame_times(path: Path) -> list[float]:
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


def stored_files(store: segments.SegmentStore) -> list[Path]:
    return sorted(p for p in store.root.rglob("*") if p.suffix in (".es", ".idx"))


def test_a_range_is_encoded_once_and_then_copied_from_its_files(
    server: CameraRtspServer, store: segments.SegmentStore, tmp_path: Path
) -> None:
    start = float(int(time.time()) - 3 * 3600 + 3)  # odd second: not a segment start
    cold = cut(server, start, 10, tmp_path / "cold.mp4")
    # The segments from 2 s before start (the cutter's preroll) to the end, on disk.
    first = segments.segment_start(start - 2)
    wanted = range(first, segments.segment_start(start + 10) + 1, segments.SEGMENT_SECONDS)
    indexes = [store.root / "cam01" / "main" / f"{at}.idx" for at in wanted]
    # (the last one's writer may still be finishing it: the cut ended at its first frame)
    wait_until(lambda: all(p.exists() for p in indexes), 30, "the range's segments stored")
    written = {p: p.stat().st_mtime_ns for p in indexes}
    assert all(p.with_suffix(".es").stat().st_size > 0 for p in indexes)
    encoded = store.encoded
    warm = cut(server, start, 10, tmp_path / "warm.mp4")
    assert {p: p.stat().st_mtime_ns for p in indexes} == written, "encoded again"
    assert store.encoded <= encoded + 1  # at most the segment after the range (read ahead)
    # The same frames, with the same time codes, one frame apart, from start on.
    for clip in (cold, warm):
        assert clip["frames"] == 250 and clip["first"] == pytest.approx(start, abs=0.002)
    shown = {name: frame_times(tmp_path / f"{name}.mp4") for name in ("cold", "warm")}
    assert shown["cold"] == shown["warm"]
    assert shown["warm"][0] == pytest.approx(start, abs=0.002)
    steps = [b - a for a, b in itertools.pairwise(shown["warm"])]
    assert all(abs(step - FRAME) < 0.002 for step in steps)
    # Copied, not encoded: the stored access units, as fast as they are read.
    assert warm["receive_seconds"] < cold["receive_seconds"]
    assert server.frames_rendered() == 0  # no replay frame was rendered by a feed


def test_a_bulk_replay_between_key_frames_starts_on_the_key_frame_before(
    server: CameraRtspServer, store: segments.SegmentStore, tmp_path: Path
) -> None:
    start = float(int(time.time()) - 3 * 3600) + 0.52  # between two stored key frames
    cut(server, start - 3, 6, tmp_path / "first.mp4")  # stores the range
    clip = cut(server, start, 3, tmp_path / "clip.mp4")
    shown = frame_times(tmp_path / "clip.mp4")
    # The stored key frame at or before the time (a key frame every second), and every
    # frame from it: a bulk copy (Rate-Control: no) is not re-encoded and leaves none out.
    assert start - 1.0 < clip["first"] <= start and shown[0] == pytest.approx(
        clip["first"], abs=0.002
    )
    assert all(abs(b - a - FRAME) < 0.002 for a, b in itertools.pairwise(shown))
    assert shown[-1] >= start + 3 - 2 * FRAME


def test_the_store_keeps_no_more_than_its_cap(server: CameraRtspServer, tmp_path: Path) -> None:
    small = segments.configure(tmp_path / "small", 2 << 20)  # about two segments of main
    start = float(int(time.time()) - 5 * 3600)
    cut(server, start, 20, tmp_path / "long.mp4")
    assert small.encoded >= 5
    on_disk = sum(p.stat().st_size for p in stored_files(small) if p.suffix == ".es")
    assert on_disk <= small.max_bytes
    assert small.used_bytes() <= small.max_bytes
