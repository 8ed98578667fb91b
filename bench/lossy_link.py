# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: live video over a lossy relay → console link, MPEG-TS over HTTP against SRT.

The question of issue 10 §1 ("behaviour on a lossy link") measured rather than argued.
A simulated camera (GOP 1 s, 15 fps) is pulled by the hub's media relay, which serves it
as MPEG-TS over HTTP (the product's transport); for comparison, a ``gst-launch``
``srtsink`` serves the same camera as MPEG-TS over SRT (the transport the relay used to
run). One console player (:class:`widgets.player.VideoPlayer`, the product's libVLC
adapter) plays each for ``--seconds`` while a share of the packets of that link — and
only that link: the camera's RTSP to the relay is untouched — is dropped.

Loss is made by the kernel: the whole bench runs in a network namespace of its own
(``ip netns``, needs root or CAP_NET_ADMIN) whose loopback has an nftables rule
``numgen random mod 1000 < N drop`` on the relay's output port, both ways. The kernel
here has no ``netem``, so the link adds no delay: loopback RTT with loss only, the
friendliest case for TCP's retransmission (a WAN's RTT makes each loss cost more).

Printed per transport and loss rate: distinct pictures per second shown (the stream has
15), stalls (no new picture for more than 300 ms, and the longest), the share of seconds
that showed no new picture (frozen), and the age of the shown picture (its burned-in time
code against the clock) p50 / p95.

    sudo .venv/bin/python bench/lossy_link.py [--seconds 30] [--loss 0,0.5,2,5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

STALL_SECONDS = 0.3
NAMESPACE = f"vwall-lossy-{os.getpid()}"


@dataclass
class LinkReport:
    """What one transport did at one loss rate."""

    transport: str
    loss_percent: float
    seconds: float
    pictures: int = 0
    stalls: int = 0
    longest_stall_ms: float = 0.0
    frozen_seconds: int = 0
    ages_ms: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        ages = sorted(self.ages_ms)

        def pct(q: float) -> float | None:
            return round(ages[min(len(ages) - 1, round(q * (len(ages) - 1)))]) if ages else None

        out = asdict(self)
        del out["ages_ms"]
        out["fps"] = round(self.pictures / self.seconds, 1)
        out["age_p50_ms"], out["age_p95_ms"] = pct(0.5), pct(0.95)
        out["longest_stall_ms"] = round(self.longest_stall_ms)
        return out


def _nft(*args: str) -> None:
    subprocess.run(["nft", *args], check=True)


def set_loss(port: int, per_mille: int) -> None:
    """Drop ``per_mille``/1000 of the packets to and from ``port`` on this namespace's lo."""
    subprocess.run(["nft", "delete", "table", "inet", "lossy"], capture_output=True)
    if per_mille <= 0:
        return
    _nft("add", "table", "inet", "lossy")
    _nft("add", "chain", "inet", "lossy", "out", "{ type filter hook output priority 0; }")
    for proto in ("tcp", "udp"):
        for side in ("sport", "dport"):
            _nft(
                "add", "rule", "inet", "lossy", "out", proto, side, str(port),
                "numgen", "random", "mod", "1000", "<", str(per_mille), "drop",
            )  # fmt: skip


def measure(transport: str, url: str, loss: float, seconds: float) -> LinkReport:
    """Play ``url`` for ``seconds`` and count what the tile would have shown."""
    import numpy as np

    from camsim import timecode
    from widgets.player import VideoPlayer, retire, settle

    report = LinkReport(transport, loss, seconds)
    player = VideoPlayer()
    player.play(url)
    deadline = time.monotonic() + 20
    while player.sequence == 0:  # the first picture (not counted: start-up is first_frame's)
        if time.monotonic() > deadline:
            retire(player)
            settle()
            return report
        player.poll()
        time.sleep(0.002)
    start = last_new = time.monotonic()
    seen = player.sequence
    last_shown: datetime | None = None
    seconds_with_picture: set[int] = set()
    next_age = start
    while (now := time.monotonic()) - start < seconds:
        player.poll()
        if player.sequence == seen:
            time.sleep(0.002)
            continue
        seen = player.sequence
        # libVLC hands over a stalled picture again: a picture is new when its burned-in
        # time is.
        with player.reading_frame() as image:
            if image is None:
                continue
            raw = np.frombuffer(image.constBits(), np.uint8, count=image.sizeInBytes())
            pixels = raw.reshape(image.height(), image.bytesPerLine() // 4, 4)
            shown = timecode.read(pixels[:, : image.width()])
        if shown is None or shown == last_shown:
            continue
        last_shown = shown
        gap = now - last_new
        if gap > STALL_SECONDS:
            report.stalls += 1
        report.longest_stall_ms = max(report.longest_stall_ms, gap * 1000)
        last_new = now
        report.pictures += 1
        seconds_with_picture.add(int(now - start))
        if now >= next_age:  # the shown picture's age, twice a second
            next_age = now + 0.5
            report.ages_ms.append((datetime.now(UTC) - shown).total_seconds() * 1000)
    final_gap = time.monotonic() - last_new
    if final_gap > STALL_SECONDS:
        report.stalls += 1
        report.longest_stall_ms = max(report.longest_stall_ms, final_gap * 1000)
    report.frozen_seconds = int(seconds) - len(seconds_with_picture)
    retire(player)
    settle()
    return report


def inside(args: argparse.Namespace) -> int:
    """The bench proper, run inside the namespace."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    sys.path.insert(0, str(Path(__file__).parent))
    from player_soak import HttpSources, SrtSources

    from camsim.process import FleetProcess

    app = QGuiApplication.instance() or QGuiApplication([])
    losses = [float(x) for x in args.loss.split(",")]
    fleet = FleetProcess(1, "--event-period", "0", "--gop", "1").start()
    reports: list[dict[str, Any]] = []
    try:
        camera = [fleet.rtsp_url(fleet.cameras[0]["id"], "sub")]  # with credentials
        http = HttpSources(camera)
        srt = SrtSources(camera)
        try:
            http_port = int(http.urls[0].split("://", 1)[1].split("/", 1)[0].rsplit(":", 1)[1])
            for loss in losses:
                for name, port, url in (
                    ("http", http_port, http.urls[0]),
                    ("srt", srt.ports[0], srt._url(0)),
                ):
                    set_loss(port, round(loss * 10))
                    try:
                        report = measure(name, url, loss, args.seconds)
                    finally:
                        set_loss(port, 0)
                    app.processEvents()
                    summary = report.summary()
                    reports.append(summary)
                    print(json.dumps(summary), flush=True)
        finally:
            http.close()
            srt.close()
    finally:
        fleet.stop()
    print()
    print(f"{'transport':>9} {'loss %':>6} {'fps':>5} {'stalls':>6} {'longest ms':>10} "
          f"{'frozen s':>8} {'age p50':>7} {'age p95':>7}")  # fmt: skip
    for r in reports:
        print(
            f"{r['transport']:>9} {r['loss_percent']:>6} {r['fps']:>5} {r['stalls']:>6} "
            f"{r['longest_stall_ms']:>10} {r['frozen_seconds']:>8} "
            f"{r['age_p50_ms']!s:>7} {r['age_p95_ms']!s:>7}"
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--loss", default="0,0.5,2,5", help="loss rates in percent")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        return inside(args)
    for tool in ("ip", "nft"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} not found (Debian: iproute2, nftables)")
    subprocess.run(["ip", "netns", "add", NAMESPACE], check=True)
    try:
        subprocess.run(
            ["ip", "netns", "exec", NAMESPACE, "ip", "link", "set", "lo", "up"], check=True
        )
        return subprocess.run(
            ["ip", "netns", "exec", NAMESPACE, sys.executable, __file__, "--inside",
             "--seconds", str(args.seconds), "--loss", args.loss],
            cwd=ROOT, check=False,
        ).returncode  # fmt: skip
    finally:
        subprocess.run(["ip", "netns", "del", NAMESPACE], check=False)


if __name__ == "__main__":
    sys.exit(main())
