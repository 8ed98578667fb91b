# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: relay worker CPU per relayed stream, and time to first frame in libVLC.

Usage: .venv/bin/python bench/relay_cpu.py [--cameras 4] [--outputs 8] [--stream sub]
       [--seconds 10] [--gop 1]

Starts a simulated fleet (a separate process) and a :class:`hub.media.MediaRelay`, opens
``--outputs`` grants spread over ``--cameras`` camera streams, connects one player to
each (``ffmpeg -c copy``: no decoding, so only the relay's cost is measured) and prints the
worker's CPU in % of one core, per relayed stream and per pull. Then it times the first
frame libVLC shows for a new grant: cold (the camera is not pulled yet), warm (the pull
runs; every player starts on the cached key frame) and a second player joining a grant
that already has one. Players fetch MPEG-TS over HTTP from the relay's one port.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import vlc

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from camsim.process import FleetProcess
from hub.media import MediaRelay

TOKEN = "bench-relay-token-0123456789"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def consumer(url: str) -> subprocess.Popen[bytes]:
    """A player that reads the stream without decoding it."""
    cmd = ["ffmpeg", "-nostdin", "-loglevel", "quiet", "-i", url, "-map", "0", "-c", "copy"]
    return subprocess.Popen([*cmd, "-f", "null", "-"], stdin=subprocess.DEVNULL)


def wait_callers(relay: MediaRelay, count: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        health = relay.health()
        if sum(1 for o in health["outputs"] if o["callers"] > 0) >= count:
            return
        time.sleep(0.2)
    raise TimeoutError("callers did not connect")


class FirstFrame:
    """Times libVLC's first displayed frame of a URL (RV32 callbacks, as the console)."""

    def __init__(self, instance: Any, url: str) -> None:
        import ctypes

        self.shown = 0.0
        self._pixels = (ctypes.c_uint8 * (640 * 360 * 4))()
        self.player = instance.media_player_new()
        self._callbacks = (
            vlc.CallbackDecorators.VideoLockCb(self._lock),
            vlc.CallbackDecorators.VideoUnlockCb(lambda *_a: None),
            vlc.CallbackDecorators.VideoDisplayCb(self._display),
        )
        self.player.video_set_callbacks(*self._callbacks, None)
        self.player.video_set_format("RV32", 640, 360, 640 * 4)
        media = instance.media_new(url)
        media.add_option(":network-caching=300")
        self.player.set_media(media)
        self.started = time.monotonic()
        self.player.play()

    def _lock(self, _opaque: Any, planes: Any) -> None:
        import ctypes

        planes[0] = ctypes.cast(self._pixels, ctypes.c_void_p)

    def _display(self, _opaque: Any, _picture: Any) -> None:
        if not self.shown:
            self.shown = time.monotonic()

    def wait(self, timeout: float = 20.0) -> float:
        deadline = time.monotonic() + timeout
        while not self.shown and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.shown - self.started if self.shown else float("nan")

    def close(self) -> None:
        self.player.stop()
        self.player.release()


def ttff(
    instance: Any, relay: MediaRelay, url: str, key: str, rounds: int
) -> dict[str, list[float]]:
    """First-frame times for cold grants, warm grants and second callers."""
    out: dict[str, list[float]] = {"cold": [], "warm": [], "second caller": []}
    for index in range(rounds):
        cold = relay.open_output(f"{key}#{index}", url, TOKEN)  # a new key: a new pull
        player = FirstFrame(instance, cold.with_token(TOKEN))
        out["cold"].append(player.wait())
        time.sleep(0.3 + 0.37 * index)  # land at different points of the GOP
        warm = relay.open_output(f"{key}#{index}", url, TOKEN)
        second = FirstFrame(instance, warm.with_token(TOKEN))
        out["warm"].append(second.wait())
        third = FirstFrame(instance, warm.with_token(TOKEN))
        out["second caller"].append(third.wait())
        for item in (player, second, third):
            item.close()
        relay.close_output(cold.output_id)
        relay.close_output(warm.output_id)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cameras", type=int, default=4)
    parser.add_argument("--outputs", type=int, default=8)
    parser.add_argument("--stream", choices=["sub", "main"], default="sub")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--gop", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    fleet_args = ("--event-period", "0", "--gop", str(args.gop))
    with FleetProcess(args.cameras, *fleet_args) as fleet, MediaRelay() as relay:
        cams = [c["id"] for c in fleet.cameras]
        outputs = [
            relay.open_output(
                f"{cams[i % len(cams)]}/{args.stream}",
                fleet.rtsp_url(cams[i % len(cams)], args.stream),
                TOKEN,
            )
            for i in range(args.outputs)
        ]
        callers = [consumer(o.with_token(TOKEN)) for o in outputs]
        try:
            wait_callers(relay, len(outputs))
            time.sleep(2.0)  # let every pull reach steady state
            pid = relay.worker_pid
            assert pid is not None
            cpu0, wall0 = cpu_seconds(pid), time.monotonic()
            time.sleep(args.seconds)
            busy = (cpu_seconds(pid) - cpu0) / (time.monotonic() - wall0) * 100
            pulls = len({o.source_key for o in outputs})
            print(
                f"relay worker: {args.outputs} outputs over {pulls} pulls ({args.stream}), "
                f"{busy:.1f} % of one core in total"
            )
            per_output, per_pull = busy / args.outputs, busy / pulls
            print(f"  per relayed stream: {per_output:.2f} %   per pull: {per_pull:.2f} %")
        finally:
            for proc in callers:
                proc.kill()
                proc.wait()
        instance = vlc.Instance("--no-xlib", "--quiet", "--avcodec-threads=1", "--no-audio")
        try:
            times = ttff(
                instance,
                relay,
                fleet.rtsp_url(cams[0], args.stream),
                f"{cams[0]}/{args.stream}",
                args.rounds,
            )
        finally:
            instance.release()
        print(f"time to first frame in libVLC (GOP {args.gop} s, network-caching 300 ms):")
        for kind, values in times.items():
            shown = ", ".join(f"{v:.2f}" for v in values)
            print(f"  {kind:13s} median {statistics.median(values):.2f} s  [{shown}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
