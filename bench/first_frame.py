# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: time from asking the hub for a live grant to libVLC's first decoded picture.

Everything real on loopback: the simulated fleet (separate process, GOP 1 s), the hub
(uvicorn in this process, SQLite in a temporary directory) with its media relay (the
GStreamer worker is its own process: this one loads libVLC and must never load ``gi``),
and the console's libVLC adapter (:class:`widgets.player.VideoPlayer`, RV32 callbacks).
Each sample is ``POST /api/cameras/{id}/grants`` → ``VideoPlayer.play(url)`` → the first
picture libVLC hands to the tile's buffers (polled every 2 ms).

Phases (goal for each: p95 ≤ 1 s):

- cold: the camera is not pulled (no grant, no keep-alive): RTSP set-up, the first key
  frame, the relay's HTTP connection, libVLC start;
- warm: another grant keeps the camera's pull running, so the relay starts the new viewer
  on its cached GOP (from the last key frame) at once;
- switch: one player changes camera: release the old grant, grant the next camera, play
  it (``set_media`` on the same player), cycling over the fleet's cameras. With the
  relay's keep-alive (``relay_keepalive_seconds``, default 30 s) a camera watched in the
  last half-minute is still pulled; ``switch-cold`` turns the keep-alive off.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/first_frame.py [--runs 20]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from camsim import timecode
from camsim.process import FleetProcess
from hub.catalog.models import Camera
from hub.contracts import Role
from hub.db import transaction
from hub.streams.service import NAME, RelayService
from hub.testing import LiveHub, add_user, login, seed_province, settings_for_tests
from widgets.player import VideoPlayer

POLL = 0.002


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def wait(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(POLL)


class Bench:
    """A fleet, a hub with the relay, one operator session and one libVLC player."""

    def __init__(self, cameras: int, data: Path) -> None:
        self.fleet = FleetProcess(cameras, "--event-period", "0", "--gop", "1").start()
        settings = settings_for_tests(
            f"sqlite:///{data / 'hub.sqlite3'}",
            data,
            media_relay=True,
            session_idle_minutes=24 * 60,
        )
        self.live = LiveHub(settings).start()
        province = seed_province(self.live.hub)
        add_user(self.live.hub, province, "bench", "districtA", [Role.OPERATOR])
        self.ids = self._register(province.territories["A1"], province.units["communeA1"])
        token = login(self.live, province, "bench")
        self.http = httpx.Client(
            base_url=self.live.url, headers={"Authorization": f"Bearer {token}"}, timeout=30
        )
        self.player = VideoPlayer()
        self.request_times: list[float] = []  # release (on a switch) + grant, over HTTP
        self.first_ages: list[float] = []  # how old the first picture's time code is
        self.later_ages: list[float] = []  # the same, one second later

    @property
    def relay(self) -> RelayService:
        service = self.live.hub.services[NAME]
        assert isinstance(service, RelayService)
        return service

    def _register(self, territory: int, unit: int) -> list[tuple[str, int]]:
        out = []
        now = self.live.clock.now()
        with transaction(self.live.hub.sessions) as s:
            for entry in self.fleet.cameras:
                row = Camera(
                    code=f"bench-{entry['id']}",
                    name=str(entry["name"]),
                    onvif_url=str(entry["onvif"]["url"]),
                    rtsp_main_url=str(entry["rtsp"]["main"]),
                    rtsp_sub_url=str(entry["rtsp"]["sub"]),
                    managing_unit_id=unit,
                    operating_unit_id=unit,
                    tier="tier_3",
                    category="security",
                    territory_id=territory,
                    mounting_layer="5_10m",
                    created_at=now,
                    updated_at=now,
                )
                s.add(row)
                s.flush()
                row.credentials = (str(entry["username"]), str(entry["password"]))
                out.append((str(entry["id"]), row.id))
        return out

    def grant(self, camera_id: int) -> dict[str, Any]:
        r = self.http.post(f"/api/cameras/{camera_id}/grants", json={"stream": "sub"})
        r.raise_for_status()
        body: dict[str, Any] = r.json()
        return body

    def release(self, grant_id: str) -> None:
        self.http.delete(f"/api/grants/{grant_id}").raise_for_status()

    def pulled(self, sim_id: str) -> bool:
        return self.fleet.stream_stats(sim_id)["rtsp_clients"] > 0

    def wait_idle(self, sim_id: str) -> None:
        wait(lambda: not self.pulled(sim_id), 20, f"{sim_id}'s pull to end")

    def first_picture(self, camera_id: int, release: str | None = None) -> tuple[float, str]:
        """Seconds from the request to the first new picture; returns the new grant id."""
        before = self.player.sequence
        t0 = time.monotonic()
        if release is not None:
            self.release(release)
        body = self.grant(camera_id)
        self.request_times.append(time.monotonic() - t0)
        self.player.play(body["url"])
        after_play = self.player.sequence
        wait(lambda: self.player.sequence > max(before, after_play), 15, "a first picture")
        seconds = time.monotonic() - t0
        self._age(self.first_ages)
        time.sleep(1.0)
        self._age(self.later_ages)
        return seconds, str(body["grant_id"])

    def _age(self, into: list[float]) -> None:
        """Record how far the shown picture's burned-in time is behind the wall clock."""
        with self.player.reading_frame() as image:
            if image is None:
                return
            rows = np.frombuffer(image.constBits(), np.uint8, count=image.sizeInBytes())
            pixels = rows.reshape(image.height(), image.bytesPerLine() // 4, 4)
            shown = timecode.read(pixels[:, : image.width()])
        if shown is not None:
            into.append(time.time() - shown.timestamp())

    def cold(self, runs: int) -> list[float]:
        self.relay.grants.keepalive_seconds = 0.0
        self.relay.grants.release_idle()
        out = []
        for i in range(runs):
            sim_id, camera_id = self.ids[i % len(self.ids)]
            self.wait_idle(sim_id)
            self.player.stop()
            seconds, grant_id = self.first_picture(camera_id)
            out.append(seconds)
            self.player.stop()
            self.release(grant_id)
        return out

    def warm(self, runs: int) -> list[float]:
        sim_id, camera_id = self.ids[0]
        holder = self.grant(camera_id)  # keeps the pull running
        wait(lambda: self.pulled(sim_id), 10, "the pull")
        time.sleep(1.5)  # let the pull play (and fill its GOP cache) before measuring
        out = []
        for _ in range(runs):
            self.player.stop()
            seconds, grant_id = self.first_picture(camera_id)
            out.append(seconds)
            self.player.stop()
            self.release(grant_id)
        self.release(holder["grant_id"])
        return out

    def switch(self, runs: int, keepalive: float) -> list[float]:
        self.relay.grants.keepalive_seconds = keepalive
        if keepalive == 0:
            self.relay.grants.release_idle()
        self.player.stop()
        _, first = self.ids[0]
        current = self.grant(first)
        self.player.play(current["url"])
        wait(lambda: self.player.sequence > 0, 15, "the first camera")
        grant_id = str(current["grant_id"])
        out = []
        # First visits are cold: go round the fleet once before measuring.
        schedule = [self.ids[(i + 1) % len(self.ids)] for i in range(runs + len(self.ids))]
        for n, (sim_id, camera_id) in enumerate(schedule):
            if keepalive == 0:
                self.wait_idle(sim_id)
            seconds, grant_id = self.first_picture(camera_id, release=grant_id)
            if n >= len(self.ids) or keepalive == 0:
                out.append(seconds)
            if len(out) == runs:
                break
        self.player.stop()
        self.release(grant_id)
        return out

    def close(self) -> None:
        self.player.close()
        self.http.close()
        self.live.stop()
        self.fleet.stop()


def phase(bench: Bench, name: str, run: Callable[[], list[float]]) -> None:
    for kept in (bench.request_times, bench.first_ages, bench.later_ages):
        kept.clear()
    values = run()
    report(name, values)
    report("  of which HTTP", bench.request_times[-len(values) :])
    report("  1st pic age", bench.first_ages[-len(values) :])
    report("  age 1 s on", bench.later_ages[-len(values) :])


def report(name: str, values: list[float]) -> None:
    if not values:
        print(f"{name:14s} no values", flush=True)
        return
    print(
        f"{name:14s} n={len(values):3d}  p50 {statistics.median(values) * 1000:6.0f} ms  "
        f"p95 {percentile(values, 0.95) * 1000:6.0f} ms  "
        f"min {min(values) * 1000:6.0f} ms  max {max(values) * 1000:6.0f} ms",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cameras", type=int, default=4)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        bench = Bench(args.cameras, Path(tmp))
        try:
            phase(bench, "cold", lambda: bench.cold(args.runs))
            phase(bench, "warm", lambda: bench.warm(args.runs))
            phase(bench, "switch", lambda: bench.switch(args.runs, keepalive=30.0))
            phase(bench, "switch-cold", lambda: bench.switch(args.runs, keepalive=0.0))
        finally:
            bench.close()


if __name__ == "__main__":
    main()
