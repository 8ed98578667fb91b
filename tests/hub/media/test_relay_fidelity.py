# SPDX-License-Identifier: GPL-3.0-or-later
"""Relayed pictures are the camera's own: a camera sending RTP in bursts, decoded straight
from the camera and through the relay at the same time, frame by frame."""

from __future__ import annotations

import itertools
import subprocess
import threading
from collections.abc import Iterator

import pytest

from camsim.probe import DecodeReport, decode_report
from camsim.process import FleetProcess
from hub.media import MediaRelay

TOKEN = "Cau-Nhat-Le-2026-khoa"
FRAMES = 75  # 3 s of the main stream (25 fps)


@pytest.fixture
def bursty_camera(camsim_faults: FleetProcess) -> Iterator[str]:
    """A dome of the session fleet sending its RTP in bursts (held 200-600 ms at a time)."""
    cam_id = str(camsim_faults.first("dome")["id"])
    camsim_faults.set_faults(cam_id, rtp_bursts={"hold_ms": [200, 600]})
    yield cam_id


def _decode_both(camera_url: str, relay_url: str) -> tuple[DecodeReport, DecodeReport]:
    """Decode ``FRAMES`` frames from both URLs at once (one encoder feeds both)."""
    reports: dict[str, DecodeReport] = {}
    failures: list[BaseException] = []

    def run(name: str, url: str) -> None:
        try:
            reports[name] = decode_report(url, FRAMES, timeout=45)
        except BaseException as exc:  # handed to the test
            failures.append(exc)

    threads = [
        threading.Thread(target=run, args=("camera", camera_url)),
        threading.Thread(target=run, args=("relay", relay_url)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    if failures:
        raise failures[0]
    return reports["camera"], reports["relay"]


def test_a_bursty_camera_comes_out_of_the_relay_frame_for_frame(
    relay: MediaRelay, camsim_faults: FleetProcess, bursty_camera: str
) -> None:
    camera_url = camsim_faults.rtsp_url(bursty_camera, "main")
    output = relay.open_output(f"{bursty_camera}/main", camera_url, TOKEN)
    camera, relayed = _decode_both(camera_url, output.with_token(TOKEN))

    seen = relayed.compare(camera)
    print(
        f"bursty camera: decode errors camera {len(camera.errors)} relay {len(relayed.errors)}; "
        f"unreadable time bars camera {camera.unreadable} relay {relayed.unreadable}; "
        f"{seen.common} common frames, {len(seen.lost)} lost, {len(seen.differ)} differ"
    )
    assert len(camera.frames) == len(relayed.frames) == FRAMES
    # ffmpeg's own verdict: no damaged or concealed picture more than the camera's.
    assert len(relayed.errors) <= len(camera.errors), relayed.errors
    assert relayed.unreadable <= camera.unreadable
    # Frame by frame over the time both decodes cover: every frame the camera sent came
    # through, with the same pixels (no re-encoding: one bitstream, one picture).
    assert seen.common >= FRAMES // 3, "the two decodes hardly overlap"
    assert seen.lost == [], f"{len(seen.lost)} frames lost through the relay"
    assert seen.differ == [], f"{len(seen.differ)} frames differ through the relay"


def _presentation_times(url: str, count: int) -> list[float]:
    """The presentation times (s) of the first ``count`` video units a player gets."""
    done = subprocess.run(
        [
            "ffprobe", "-v", "error", "-rw_timeout", "20000000",
            "-select_streams", "v:0", "-show_entries", "packet=pts_time",
            "-read_intervals", f"%+#{count}", "-of", "csv=p=0", url,
        ],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return [float(line.strip(",")) for line in done.stdout.split() if line.strip(",")]


def test_a_bursty_camera_plays_at_its_own_pace_through_the_relay(
    relay: MediaRelay, camsim_faults: FleetProcess, bursty_camera: str
) -> None:
    """Frames received in clumps leave the relay spaced as the camera encoded them (40 ms
    at 25 fps), not as they arrived (a pause, then several within a millisecond)."""
    camera_url = camsim_faults.rtsp_url(bursty_camera, "main")
    output = relay.open_output(f"{bursty_camera}/main", camera_url, TOKEN)
    times = _presentation_times(output.with_token(TOKEN), 150)  # 6 s
    assert len(times) == 150
    gaps = [round((b - a) * 1000) for a, b in itertools.pairwise(times)]
    even = [g for g in gaps if 30 <= g <= 50]
    clumped = [g for g in gaps if g < 10]
    print(f"bursty camera through the relay: gaps (ms) {gaps}")
    # A player joining a running pull first gets the cached key frame and the frames since
    # at once (at most a GOP, 1 s: 25 clumped gaps); every later gap is the camera's own,
    # save one longer gap each time a burst is later than any before (the delay grows to
    # the longest burst). Measured: 146-147 of 149 gaps even, none clumped, on a busy machine.
    assert len(clumped) <= 25, f"{len(clumped)} of {len(gaps)} frames clumped: {gaps}"
    assert len(even) >= 0.9 * (len(gaps) - len(clumped)), f"only {len(even)} evenly spaced"
    assert all(g > 0 for g in gaps)
