# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: archive seek to first frame through the hub, on loopback.

A real hub (uvicorn in this process, media relay in its worker process, SQLite), a
simulated fleet (separate process) registered as cameras, one operator logged in. Each
seek is what the console does: ``POST /api/cameras/{id}/archive-grants`` at a new time,
then the tile's libVLC player (``widgets.player.VideoPlayer``, reused as on the wall)
switches to the grant's stream URL; the seek ends at the first picture libVLC delivers
whose burned-in time code reads the asked time (± 2 s). Reported: p50/p95/max of the
whole seek, of the grant request alone and of grant-to-picture, and how far the first
picture's code is from the asked time. Goal (issue 5): p95 ≤ 1.5 s on loopback.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/seek.py [--seeks 20] [--rate 1]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from camsim import timecode
from camsim.process import FleetProcess
from hub.clock import ManualClock
from hub.testing import LiveHub, add_user, login, seed_province, settings_for_tests
from tests.hub.archive.world import USERS, register_fleet
from tests.widgets.frames import to_bgra
from widgets.player import VideoPlayer

MATCH_SECONDS = 2.0  # a first picture within this of the asked time counts


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def recorded_targets(http: httpx.Client, camera_id: int, count: int) -> list[float]:
    """Times with a minute of recording after them, spread over the last six hours."""
    now = time.time()
    r = http.get(
        f"/api/cameras/{camera_id}/recordings",
        params={
            "start": datetime.fromtimestamp(now - 6 * 3600, UTC).isoformat(),
            "end": datetime.fromtimestamp(now - 120, UTC).isoformat(),
        },
    )
    r.raise_for_status()
    spans = [
        (
            datetime.fromisoformat(p["start"]).timestamp(),
            datetime.fromisoformat(p["end"]).timestamp(),
        )
        for p in r.json()["ranges"]
    ]
    spans = [(a, b - 90) for a, b in spans if b - a > 180]
    rng = random.Random(camera_id)
    out = []
    for _ in range(count):
        a, b = rng.choice(spans)
        out.append(float(int(rng.uniform(a, b))))
    return out


def shown(player: VideoPlayer) -> float | None:
    image = player.latest_frame()
    if image is None:
        return None
    at = timecode.read(to_bgra(image))
    return at.timestamp() if at is not None else None


def run(seeks: int, rate: float) -> dict[str, Any]:
    fleet = FleetProcess(2, "--event-period", "0").start()
    data = Path(tempfile.mkdtemp(prefix="vwall-seek-"))
    settings = settings_for_tests(
        f"sqlite:///{data / 'hub.sqlite3'}", data / "hub", media_relay=True
    )
    live = LiveHub(settings, clock=ManualClock(datetime.now(UTC))).start()
    player = VideoPlayer()
    totals: list[float] = []
    grants: list[float] = []
    pictures: list[float] = []
    offsets: list[float] = []
    misses = 0
    try:
        province = seed_province(live.hub)
        cameras = register_fleet(live, province, fleet)
        unit, roles = USERS["operator"]
        add_user(live.hub, province, "operator", unit, roles)
        token = login(live, province, "operator")
        with live.client(token) as http:
            ids = list(cameras.values())
            plan = [
                (ids[i % len(ids)], t)
                for i, t in enumerate(
                    recorded_targets(http, ids[0], seeks) + recorded_targets(http, ids[1], seeks)
                )
            ][: seeks + 1]
            previous: str | None = None
            for index, (camera_id, target) in enumerate(plan):
                t0 = time.monotonic()
                r = http.post(
                    f"/api/cameras/{camera_id}/archive-grants",
                    json={"start": datetime.fromtimestamp(target, UTC).isoformat(), "rate": rate},
                )
                r.raise_for_status()
                t1 = time.monotonic()
                player.play(r.json()["grant"]["url"])
                deadline = t1 + 10.0
                code: float | None = None
                while time.monotonic() < deadline:
                    player.poll()
                    code = shown(player)
                    if code is not None and abs(code - target) <= MATCH_SECONDS * rate:
                        break
                    time.sleep(0.005)
                t2 = time.monotonic()
                if previous is not None:
                    http.delete(f"/api/grants/{previous}")
                previous = r.json()["grant"]["grant_id"]
                if index == 0:
                    continue  # warm-up: first ONVIF connection, relay and decoder start
                if code is None or abs(code - target) > MATCH_SECONDS * rate:
                    misses += 1
                    continue
                totals.append(t2 - t0)
                grants.append(t1 - t0)
                pictures.append(t2 - t1)
                offsets.append(code - target)
    finally:
        player.close()
        live.stop()
        fleet.stop()
    return {
        "seeks": len(totals),
        "misses": misses,
        "total": totals,
        "grant": grants,
        "picture": pictures,
        "offset": offsets,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seeks", type=int, default=20)
    parser.add_argument("--rate", type=float, default=1.0)
    args = parser.parse_args()
    result = run(args.seeks, args.rate)
    print(f"archive seek through the hub, rate {args.rate:g}×, {result['seeks']} seeks "
          f"({result['misses']} without a matching picture in 10 s)")  # fmt: skip
    for key, label in (
        ("total", "seek → first picture"),
        ("grant", "  archive grant request"),
        ("picture", "  grant → first picture"),
    ):
        values = result[key]
        if values:
            print(
                f"{label:<26} p50 {statistics.median(values) * 1000:6.0f} ms   "
                f"p95 {percentile(values, 95) * 1000:6.0f} ms   max {max(values) * 1000:6.0f} ms"
            )
    if result["offset"]:
        worst = max(abs(v) for v in result["offset"])
        print(f"first picture's time code − asked time: median "
              f"{statistics.median(result['offset']):+.2f} s, worst {worst:.2f} s")  # fmt: skip
    if result["total"]:
        p95 = percentile(result["total"], 95)
        print(f"goal p95 ≤ 1.5 s: {'met' if p95 <= 1.5 else 'NOT met'} ({p95:.2f} s)")


if __name__ == "__main__":
    main()
