# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: how evenly libVLC shows a camera's pictures through the relay, for a steady
camera and one that sends its RTP in bursts (issue 10 §2, "bursty cameras play jerkily").

Everything real on loopback: the simulated fleet (its own process), the hub's media relay
(its GStreamer worker is its own process) and the console's libVLC adapter
(:class:`widgets.player.VideoPlayer`). The player's frame buffers are polled every 2 ms;
each new picture libVLC hands over is a shown frame. Printed per camera: pictures shown
per second, the median and p95 interval between pictures, freezes (intervals over
200 ms) and the longest, after a warm-up.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bursty_playback.py [--seconds 20]
"""

from __future__ import annotations

import argparse
import itertools
import secrets
import statistics
import time

from camsim.process import FleetProcess
from hub.media import MediaRelay
from widgets.player import VideoPlayer

POLL = 0.002
FREEZE = 0.2


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def watch(url: str, warmup: float, seconds: float) -> list[float]:
    """Times (monotonic) at which the player got a new picture, after ``warmup``."""
    player = VideoPlayer()
    shown: list[float] = []
    try:
        player.play(url)
        start = time.monotonic()
        last = 0
        while (now := time.monotonic()) < start + warmup + seconds:
            player.poll()
            buffers = player._buffers
            sequence = buffers.sequence if buffers is not None else 0
            if sequence != last:
                last = sequence
                if now >= start + warmup:
                    shown.append(now)
            time.sleep(POLL)  # the sampling period of this measurement
    finally:
        player.close()
    return shown


def report(name: str, shown: list[float], seconds: float) -> None:
    gaps = [(b - a) * 1000 for a, b in itertools.pairwise(shown)]
    if not gaps:
        print(f"{name:<8} no pictures")
        return
    freezes = [g for g in gaps if g > FREEZE * 1000]
    print(
        f"{name:<8} {len(shown) / seconds:5.1f} pictures/s  interval median "
        f"{statistics.median(gaps):5.1f} ms  p95 {percentile(gaps, 0.95):5.1f} ms  "
        f"freezes >{FREEZE * 1000:.0f} ms: {len(freezes):3d}  longest {max(gaps):5.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=4.0)
    parser.add_argument("--stream", default="main")
    args = parser.parse_args()

    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])
    fleet = FleetProcess(2, "--event-period", "0").start()
    relay = MediaRelay(request_timeout=20.0).start()
    try:
        steady, bursty = (str(c["id"]) for c in fleet.cameras[:2])
        fleet.set_faults(bursty, rtp_bursts={"hold_ms": [200, 600]})
        print(f"{args.stream} stream, {args.seconds:.0f} s after {args.warmup:.0f} s warm-up")
        for name, cam in (("steady", steady), ("bursty", bursty)):
            token = secrets.token_urlsafe(16)
            rtsp = fleet.rtsp_url(cam, args.stream)
            output = relay.open_output(f"{cam}/{args.stream}", rtsp, token)
            try:
                report(
                    name, watch(output.with_token(token), args.warmup, args.seconds), args.seconds
                )
            finally:
                relay.close_output(output.output_id)
    finally:
        relay.stop()
        fleet.stop()
        del app


if __name__ == "__main__":
    main()
