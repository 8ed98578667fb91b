# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: PTZ command latency from the key press to the ONVIF request leaving the hub
(goal p95 ≤ 100 ms).

A real hub (uvicorn on loopback, SQLite, audit on) with a simulated dome in its catalogue,
and the console's PtzPad + PtzController on qasync with the offscreen platform. Each run
presses Ctrl+Right on the pad (QTest key press) and takes the time until the hub's
``hub.ptz.wire`` logger says ``send ContinuousMove`` — emitted just before the zeep call
writes the request — then releases the key and waits for the Stop the same way. The hub
runs in this process (a thread), so both ends read the same monotonic clock; it also
shares this process's GIL with Qt, which makes the figure pessimistic next to the real
setup where the hub is a process of its own.

The first press (ONVIF client creation: GetSystemDateAndTime, GetServices…) is reported
apart; presses are paced below the hub's PTZ rate limit.

    .venv/bin/python bench/ptz_latency.py [--presses 100]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from camsim.process import FleetProcess  # noqa: E402
from console.ptz import PtzController  # noqa: E402
from hub.catalog.models import Camera  # noqa: E402
from hub.client import HubClient  # noqa: E402
from hub.contracts import ROLE_PERMISSIONS, Role  # noqa: E402
from hub.db import transaction  # noqa: E402
from hub.testing import LiveHub, add_user, login, seed_province, settings_for_tests  # noqa: E402
from widgets.ptz_pad import PtzPad  # noqa: E402

GAP_SECONDS = 0.15  # between a stop and the next press: 2 commands per ~0.2 s, under 20/s


class WireClock(logging.Handler):
    """Notes when each ONVIF request leaves the hub (``send <Operation> camera <id>``)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(logging.DEBUG)
        self.loop = loop
        self.sent: list[tuple[str, float]] = []
        self.arrived = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        now = time.perf_counter()
        words = record.getMessage().split()  # "send <Operation> camera <id>"
        self.sent.append((words[1] if len(words) > 1 else "", now))
        self.loop.call_soon_threadsafe(self.arrived.set)

    async def next(self, operation: str, after: float, within: float = 5.0) -> float:
        deadline = time.perf_counter() + within
        while True:
            for op, at in self.sent:
                if op == operation and at >= after:
                    return at
            self.arrived.clear()
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"no {operation} left the hub")
            await asyncio.wait_for(self.arrived.wait(), left)


def register_dome(live: LiveHub, fleet: FleetProcess, territory: int, unit: int) -> int:
    entry = fleet.first("dome")
    now = live.clock.now()
    with transaction(live.hub.sessions) as s:
        camera = Camera(
            code="bench-dome",
            name=str(entry["name"]),
            onvif_url=str(entry["onvif"]["url"]),
            main_profile_token="profile_main",
            has_ptz=True,
            managing_unit_id=unit,
            operating_unit_id=unit,
            tier="tier_3",
            category="security",
            territory_id=territory,
            mounting_layer="5_10m",
            created_at=now,
            updated_at=now,
        )
        s.add(camera)
        s.flush()
        camera.credentials = (str(entry["username"]), str(entry["password"]))
        return camera.id


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


async def measure(
    pad: PtzPad, clock: WireClock, presses: int
) -> tuple[float, list[float], list[float]]:
    ctrl = Qt.KeyboardModifier.ControlModifier
    moves: list[float] = []
    stops: list[float] = []
    first = 0.0
    for i in range(presses + 1):
        t0 = time.perf_counter()
        QTest.keyPress(pad, Qt.Key.Key_Right, ctrl)
        sent = await clock.next("ContinuousMove", t0)
        t1 = time.perf_counter()
        QTest.keyRelease(pad, Qt.Key.Key_Right, ctrl)
        stopped = await clock.next("Stop", t1)
        if i == 0:
            first = sent - t0
        else:
            moves.append(sent - t0)
            stops.append(stopped - t1)
        await asyncio.sleep(GAP_SECONDS)
    return first, moves, stops


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=100)
    args = parser.parse_args(argv)
    logging.getLogger().setLevel(logging.WARNING)  # onvif's import turned INFO on

    fleet = FleetProcess(1, "--event-period", "0").start()
    tmp = tempfile.TemporaryDirectory()
    live = LiveHub(
        settings_for_tests(f"sqlite:///{tmp.name}/hub.sqlite3", Path(tmp.name) / "data")
    ).start()
    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    clock = WireClock(loop)
    wire = logging.getLogger("hub.ptz.wire")
    wire.setLevel(logging.DEBUG)
    wire.propagate = False
    wire.addHandler(clock)
    try:
        province = seed_province(live.hub)
        camera_id = register_dome(
            live, fleet, province.territories["A1"], province.units["communeA1"]
        )
        add_user(live.hub, province, "bench", "districtA", [Role.PTZ_OPERATOR])
        client = HubClient(live.url)
        client.token = login(live, province, "bench")
        pad = PtzPad()
        controller = PtzController(pad)
        controller.set_session(client, "bench", ROLE_PERMISSIONS[Role.PTZ_OPERATOR])
        controller.set_camera(camera_id, "bench dome")
        pad.show()

        async def run() -> tuple[float, list[float], list[float]]:
            try:
                return await measure(pad, clock, args.presses)
            finally:
                await controller.aclose()
                await client.aclose()

        with loop:
            first, moves, stops = loop.run_until_complete(run())
    finally:
        wire.removeHandler(clock)
        live.stop()
        fleet.stop()
        tmp.cleanup()

    ms = [m * 1000 for m in moves]
    st = [s * 1000 for s in stops]
    print(f"PTZ key press → ContinuousMove leaving the hub, {len(ms)} presses")
    print(f"  first press (ONVIF client set-up): {first * 1000:.1f} ms")
    print(
        f"  p50 {statistics.median(ms):.1f} ms  p95 {percentile(ms, 95):.1f} ms  "
        f"max {max(ms):.1f} ms  (goal p95 ≤ 100 ms)"
    )
    print(
        f"PTZ key release → Stop leaving the hub: p50 {statistics.median(st):.1f} ms  "
        f"p95 {percentile(st, 95):.1f} ms  max {max(st):.1f} ms"
    )
    return 0 if percentile(ms, 95) <= 100 else 1


if __name__ == "__main__":
    sys.exit(main())
