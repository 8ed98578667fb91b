# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: a 4×4 wall of video tiles playing 16 relayed streams, offscreen.

Sources: a simulated fleet of 4 cameras (sub stream, 640×360 15 fps); each camera is
pulled once by the hub's media relay (:class:`hub.media.MediaRelay`, its own worker
process) with 4 grants each, as several consoles are served from one pull: 16 MPEG-TS
over HTTP streams, 4 pictures.

Measured in the console process only (libVLC decodes in this process's threads):
CPU in % of one core, RSS, new frames per tile per second from libVLC, frames painted
per tile per second, frames delivered but never painted (skipped) and pictures libVLC
itself dropped as late.

Then the floor, measured in the same run on the same 16 streams: 16 ``ffmpeg -threads 1
-i URL -pix_fmt bgra -f null -`` processes decoding and converting to BGRA, which is
what any software display must do at least. The issue's goal: console CPU ≤ 1.5× floor.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/wall_render.py [--seconds 30]
"""

from __future__ import annotations

import argparse
import os
import resource
import secrets
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from camsim.process import FleetProcess
from hub.media import MediaRelay
from i18n.catalog import install_translator
from layouts import preset
from widgets.video_tile import TileStatus
from widgets.wall import WallView

CAMERAS = 4
FFMPEG_IN = ["ffmpeg", "-nostdin", "-loglevel", "error", "-threads", "1", "-i"]
FFMPEG_OUT = ["-pix_fmt", "bgra", "-f", "null", "-"]
FAN_OUT = 4


def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (children excluded)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def ffmpeg_floor(urls: list[str], seconds: float) -> tuple[float, float, int]:
    """CPU (% of one core) and RSS (MB) of one ffmpeg per URL decoding to BGRA, and how
    many of them were still running at the end."""
    procs = [
        subprocess.Popen(
            [*FFMPEG_IN, url, *FFMPEG_OUT],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for url in urls
    ]
    try:
        time.sleep(3.0)  # a benchmark, not a test: let every decoder reach steady state
        cpu0 = [proc_cpu_seconds(p.pid) for p in procs if p.poll() is None]
        t0 = time.monotonic()
        time.sleep(seconds)
        alive = [p for p in procs if p.poll() is None]
        cpu1 = [proc_cpu_seconds(p.pid) for p in alive]
        elapsed = time.monotonic() - t0
        rss = sum(proc_rss_mb(p.pid) for p in alive)
        used = sum(cpu1) - sum(cpu0[: len(cpu1)])
        return used / elapsed * 100, rss, len(alive)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()


def wait(app: QApplication, seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--size", default="1920x1080", help="wall size in pixels")
    parser.add_argument("--screenshot", type=Path, help="save the wall as PNG at the end")
    parser.add_argument("--no-floor", action="store_true", help="skip the ffmpeg floor")
    parser.add_argument("--render", help="size libVLC renders pictures at, e.g. 480x270")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    render = tuple(int(v) for v in args.render.split("x")) if args.render else None
    app = QApplication([])
    install_translator(app, "vi")
    fleet = FleetProcess(CAMERAS, "--event-period", "0").start()
    relay = MediaRelay().start()
    urls: list[str] = []
    try:
        for camera in fleet.cameras:
            for _ in range(FAN_OUT):
                token = secrets.token_urlsafe(24)
                output = relay.open_output(camera["id"], fleet.rtsp_url(camera["id"], "sub"), token)
                urls.append(output.with_token(token))
        layout = preset("4x4")
        names = {}
        for index in range(16):
            camera = fleet.cameras[index // FAN_OUT]
            layout.assign(index, f"{camera['id']}-{index % FAN_OUT}")
            names[f"{camera['id']}-{index % FAN_OUT}"] = camera["name"]
        wall = WallView(layout)
        wall.set_camera_names(names)
        wall.resize(width, height)
        wall.show()
        wait(app, 1.0)
        started = time.monotonic()
        for index, url in enumerate(urls):
            wall.tile(index).play(url, *([render] if render else []))
        while not all(t.status is TileStatus.PLAYING for t in wall.tiles):
            if time.monotonic() - started > 30:
                print("not every tile played within 30 s", file=sys.stderr)
                return 1
            wait(app, 0.2)
        first_frame = time.monotonic() - started
        wait(app, 3.0)  # settle
        tiles = wall.tiles
        players = [t.player for t in tiles]
        assert all(p is not None for p in players)
        base_frames = [p.frame_count for p in players if p]
        base_lost = [p.lost_count for p in players if p]
        base_painted = [t.painted_frames for t in tiles]
        base_skipped = [t.skipped_frames for t in tiles]
        cpu0, t0 = cpu_seconds(), time.monotonic()
        wait(app, args.seconds)
        for player in players:
            if player:
                player.poll()
        elapsed = time.monotonic() - t0
        cpu = (cpu_seconds() - cpu0) / elapsed * 100
        new = [p.frame_count - b for p, b in zip(players, base_frames, strict=True) if p]
        lost = sum(p.lost_count - b for p, b in zip(players, base_lost, strict=True) if p)
        painted = [t.painted_frames - b for t, b in zip(tiles, base_painted, strict=True)]
        skipped = sum(t.skipped_frames - b for t, b in zip(tiles, base_skipped, strict=True))
        stalls = sum(t.status is not TileStatus.PLAYING for t in tiles)
        if args.screenshot:
            wall.grab().save(str(args.screenshot))
        print(f"wall 4x4 at {width}x{height}, 16 relayed streams (4 cameras x {FAN_OUT} grants)")
        print(f"all tiles playing after       {first_frame:6.2f} s")
        print(f"measured for                  {elapsed:6.1f} s")
        print(f"console CPU (% of one core)   {cpu:6.1f}")
        print(f"console RSS                   {rss_mb():6.1f} MB")
        print(f"new frames/tile/s (libVLC)    {sum(new) / len(new) / elapsed:6.2f}")
        print(f"painted frames/tile/s         {sum(painted) / len(painted) / elapsed:6.2f}")
        print(f"  slowest tile painted/s      {min(painted) / elapsed:6.2f}")
        print(f"skipped (delivered, unpainted) {skipped:5d}")
        print(f"late/dropped by libVLC        {lost:6d}")
        print(f"tiles not playing at the end  {stalls:6d}")
        wall.shutdown()
        if not args.no_floor:
            floor, floor_rss, running = ffmpeg_floor(urls, args.seconds)
            print(f"floor: 16 x ffmpeg -threads 1 -pix_fmt bgra ({running} running at the end)")
            print(f"floor CPU (% of one core)     {floor:6.1f}")
            print(f"floor RSS (sum)               {floor_rss:6.1f} MB")
            print(f"console / floor               {cpu / floor:6.2f}  (goal <= 1.50)")
        return 0
    finally:
        relay.stop()
        fleet.stop()


if __name__ == "__main__":
    sys.exit(main())
