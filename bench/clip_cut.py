# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: cut and hash a 60 s 720p clip from a camera's archive, on loopback.

A real hub (SQLite, in this process) and one simulated camera (separate process, main
stream 1280×720 25 fps, H.264 or H.265) registered in it. Each run is one
:func:`hub.archive.clips.cut_clip` of a different recorded minute, timed from the call to
the stored, hashed, audited clip: the device's recording search and replay URI (ONVIF),
the replay pulled with ``Range: clock=`` and ``Rate-Control: no`` by the cutter child,
the stream-copy remux into MP4, the SHA-256 and the rename. Reported per codec:
p50/p95/max seconds, and the clip's frames and size. Goal (issue 12): ≤ 3 s.

The simulator records as a recorder does (:mod:`camsim.segments`): a range is encoded
into segment files the first time it is replayed and read back by stream copy after
that. So the first pass over the ranges ("cold") still includes the camera's encoding
(x264/x265 ``ultrafast``) — what a recorder spent when it recorded — and the later
passes ("warm", ``--warm-passes``) are what a recorder serving stored video costs: the
figure to judge the goal by. The report also gives the time without the device's
sending (total minus the time from the clip's first frame to the end of the range),
the hub's own share (search, replay set-up, remux, hash, store). The ranges start at
odd seconds, so a replay starts between key frames (the simulator re-encodes the frames
before the first key frame it can copy, at most one GOP). ``--length`` cuts shorter
clips.

    .venv/bin/python bench/clip_cut.py [--runs 5] [--warm-passes 2] [--length 60]
        [--codec h264 h265]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from camsim.process import FleetProcess
from hub.archive.clips import ClipFile, cut_clip
from hub.audit.service import Actor
from hub.catalog.models import Camera
from hub.clock import ManualClock
from hub.contracts import Role
from hub.testing import LiveHub, add_user, login, seed_province, settings_for_tests
from tests.hub.archive.world import register_fleet


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def recorded_starts(
    live: LiveHub, token: str, camera_id: int, runs: int, length: float
) -> list[float]:
    """Starts of ``runs`` recorded ranges of ``length`` seconds in the last six hours."""
    now = time.time()
    with live.client(token) as http:
        r = http.get(
            f"/api/cameras/{camera_id}/recordings",
            params={
                "start": datetime.fromtimestamp(now - 6 * 3600, UTC).isoformat(),
                "end": datetime.fromtimestamp(now - 120, UTC).isoformat(),
            },
        )
    r.raise_for_status()
    starts: list[float] = []
    for piece in r.json()["ranges"]:
        a = datetime.fromisoformat(piece["start"]).timestamp() + 5
        b = datetime.fromisoformat(piece["end"]).timestamp() - 5
        while a + length <= b and len(starts) < runs:
            starts.append(float(int(a)))
            a += length + 97  # different minutes, not aligned on whole minutes
    if len(starts) < runs:
        raise SystemExit("not enough recorded time")
    return starts


async def one_cut(
    live: LiveHub, actor: Actor, camera_id: int, start: float, length: float
) -> ClipFile:
    with live.hub.sessions() as s:  # as a request's session
        s.begin()
        camera = s.get(Camera, camera_id)
        assert camera is not None
        begin = datetime.fromtimestamp(start, UTC)
        clip = await cut_clip(live.hub, s, actor, camera, begin, begin + timedelta(seconds=length))
        s.commit()
        return clip


def summary(times: list[float], hub_share: list[float]) -> dict[str, float]:
    return {
        "p50": statistics.median(times),
        "p95": percentile(times, 95),
        "max": max(times),
        "hub50": statistics.median(hub_share),
        "hub95": percentile(hub_share, 95),
    }


def bench_codec(
    codec: str, runs: int, length: float, warm_passes: int
) -> dict[str, dict[str, float]]:
    with (
        tempfile.TemporaryDirectory() as tmp,
        FleetProcess(1, "--codec", codec, "--event-period", "0") as fleet,
    ):
        settings = settings_for_tests(f"sqlite:///{tmp}/hub.sqlite3", Path(tmp) / "data")
        live = LiveHub(settings, clock=ManualClock(datetime.now(UTC))).start()
        try:
            province = seed_province(live.hub)
            cameras = register_fleet(live, province, fleet)
            camera_id = cameras[fleet.cameras[0]["id"]]
            user_id = add_user(live.hub, province, "operator", "districtA", [Role.OPERATOR])
            token = login(live, province, "operator")
            actor = Actor(user_id=user_id, username="operator", source="bench")
            starts = recorded_starts(live, token, camera_id, runs, length)
            clip: ClipFile | None = None
            samples: dict[str, tuple[list[float], list[float]]] = {}
            for label in ["cold"] + ["warm"] * warm_passes:
                times, hub_share = samples.setdefault(label, ([], []))  # warm passes: one
                for start in starts:
                    t0 = time.perf_counter()
                    clip = asyncio.run(one_cut(live, actor, camera_id, start, length))
                    times.append(time.perf_counter() - t0)
                    hub_share.append(times[-1] - clip.receive_seconds)
                    lead = clip.first_frame_at.timestamp() - start
                    print(
                        f"  {codec} {label} cut {len(times)}: {times[-1]:.2f} s, "
                        f"{clip.frames} frames, {clip.size / 1e6:.1f} MB, first frame "
                        f"{lead:+.2f} s, device sending {clip.receive_seconds:.2f} s"
                    )
        finally:
            live.stop()
    assert clip is not None
    return {
        label: {**summary(times, hub_share), "frames": clip.frames, "mb": clip.size / 1e6}
        for label, (times, hub_share) in samples.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warm-passes", type=int, default=2)
    parser.add_argument("--length", type=float, default=60.0)
    parser.add_argument("--codec", nargs="+", default=["h264", "h265"])
    args = parser.parse_args()
    results = {
        codec: bench_codec(codec, args.runs, args.length, args.warm_passes) for codec in args.codec
    }
    print(f"\n{args.length:g} s 720p clip, {args.runs} ranges (seconds to stored + hashed):")
    for codec, passes in results.items():
        for label, r in passes.items():
            print(
                f"  {codec} {label}: p50 {r['p50']:.2f}  p95 {r['p95']:.2f}  "
                f"max {r['max']:.2f}  ({r['frames']:.0f} frames, {r['mb']:.1f} MB); without "
                f"the device's sending p50 {r['hub50']:.2f}  p95 {r['hub95']:.2f}"
            )


if __name__ == "__main__":
    main()
