# SPDX-License-Identifier: GPL-3.0-or-later
"""CPU cost of the camera simulator's RTSP side: idle, per watched sub and main stream.

Starts N simulated cameras in this process, measures this process's CPU time (all its
threads: GLib loop, rendering, x264) over a window while nobody watches, then with K
ffmpeg readers (decode to ``-f null``, separate processes, not counted) on K cameras'
sub streams, then on their main streams. Figures are % of one core.

    .venv/bin/python bench/camsim_cpu.py --cameras 16 --readers 4 --window 10
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass

from camsim.camera import CameraSpec, SimCamera
from camsim.rtsp import CameraRtspServer, GLibLoop


@dataclass
class Phase:
    """One measured window."""

    name: str
    streams: int
    cpu_percent: float
    frames: int
    skipped: int


def cpu_percent(window: float) -> float:
    """This process's CPU use over ``window`` seconds, in % of one core."""
    cpu0, wall0 = time.process_time(), time.monotonic()
    time.sleep(window)
    return 100.0 * (time.process_time() - cpu0) / (time.monotonic() - wall0)


def wait_until(cond: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``cond`` until it holds or ``timeout`` passes (then raise)."""
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.05)


def start_readers(urls: list[str]) -> list[subprocess.Popen[bytes]]:
    """One ffmpeg per URL decoding to nothing."""
    procs = []
    for url in urls:
        cmd = ["ffmpeg", "-nostdin", "-loglevel", "error", "-rtsp_transport", "tcp"]
        cmd += ["-i", url, "-an", "-f", "null", "-"]
        procs.append(subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL))
    return procs


def stop_readers(procs: list[subprocess.Popen[bytes]]) -> None:
    """Kill and reap the readers."""
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
    for proc in procs:
        proc.wait(10)


def measure(
    servers: list[CameraRtspServer], mount: str, readers: int, window: float, warmup: float
) -> Phase:
    """CPU while ``readers`` ffmpeg processes watch ``mount`` on distinct cameras."""

    def active() -> int:
        return sum(s.active_pipelines() for s in servers)

    urls = [servers[i % len(servers)].url(mount, with_credentials=True) for i in range(readers)]
    procs = start_readers(urls)
    try:
        wanted = min(readers, len(servers))
        wait_until(lambda: active() >= wanted, 30, f"{wanted} pipelines did not start")
        time.sleep(warmup)
        frames0 = sum(s.frames_rendered() for s in servers)
        skipped0 = sum(s.stats.skipped for s in servers)
        cpu = cpu_percent(window)
        frames = sum(s.frames_rendered() for s in servers) - frames0
        skipped = sum(s.stats.skipped for s in servers) - skipped0
        dead = [p.args for p in procs if p.poll() is not None]
        if dead:
            raise RuntimeError(f"readers ended early: {dead}")
    finally:
        stop_readers(procs)
    wait_until(lambda: active() == 0, 30, "pipelines did not stop")
    return Phase(mount.strip("/"), wanted, cpu, frames, skipped)


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cameras", type=int, default=16)
    parser.add_argument("--readers", type=int, default=4, help="streams watched per phase")
    parser.add_argument("--window", type=float, default=10.0, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--streams", default="sub,main", help="which streams to watch, in order")
    parser.add_argument("--json", action="store_true", help="also print a JSON line")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    loop = GLibLoop()
    loop.start()
    servers = []
    for i in range(args.cameras):
        spec = CameraSpec(
            index=i + 1,
            camera_id=f"bench{i + 1:02d}",
            name=f"Bench {i + 1}",
            kind="dome",
            host="127.0.0.1",
            onvif_port=0,
            rtsp_port=0,
            username="admin",
            password="bench",
        )
        servers.append(CameraRtspServer(SimCamera(spec), loop))
    try:
        time.sleep(args.warmup)
        idle = Phase("idle", 0, cpu_percent(args.window), 0, 0)
        phases = [idle]
        for name in args.streams.split(","):
            phases.append(measure(servers, f"/{name}", args.readers, args.window, args.warmup))
    finally:
        for server in servers:
            server.close()
        loop.stop()

    print(f"cameras: {args.cameras}, window: {args.window:.0f} s, cores: {os.cpu_count()}")
    print(f"idle ({args.cameras} cameras, nobody watching): {idle.cpu_percent:.1f} % of a core")
    for phase in phases[1:]:
        per = (phase.cpu_percent - idle.cpu_percent) / max(1, phase.streams)
        fps = phase.frames / args.window / max(1, phase.streams)
        print(
            f"{phase.name}: {phase.streams} streams watched: {phase.cpu_percent:.1f} % total, "
            f"{per:.1f} % per stream ({fps:.1f} frames/s each, {phase.skipped} skipped)"
        )
    if args.json:
        print(json.dumps([p.__dict__ for p in phases]))


if __name__ == "__main__":
    main()
