# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: camera events through the hub's pull points — how many cameras one hub keeps
subscribed, at what CPU, and how long an event takes from the device to the sink.

Everything real on loopback: a simulated fleet of ``--cameras`` cameras in its own
process (no events of their own), a hub opened in this process (SQLite in a temporary
directory) with the cameras in its catalogue, and the hub's pull-point service
(:class:`hub.incidents.pullpoint.CameraEventService`) reading them. The sink stamps the
moment each batch is handed over (``--ingest``: after the real ingest stored the batch
and ran the rules, in its own transaction).

Phases: set-up (until every camera's subscription is active), idle (CPU of this process
— the hub's readers — and of the simulator while every camera long-polls), a paced run
(``--rate`` events per second spread over the cameras for ``--seconds``) and a burst
(``--burst`` events posted as fast as eight threads can). Latency of one event: from
the device's UtcTime (the simulator stamps it when the event is published) to the
sink; both clocks are this machine's. Printed: p50 / p95 / p99 / max in ms per phase.

    .venv/bin/python bench/pullpoint.py [--cameras 50] [--rate 20] [--seconds 20]
        [--burst 500] [--ingest]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


if TYPE_CHECKING:
    from camsim.process import FleetProcess
    from hub.incidents.camera_events import CameraEvent

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


class StampingSink:
    """Keeps (event, handed-over time) for every event; wraps another sink if given."""

    def __init__(self, inner: Any = None) -> None:
        self.inner = inner
        self.seen: list[tuple[CameraEvent, float]] = []
        self.lock = threading.Lock()

    def __call__(self, events: list[CameraEvent]) -> int:
        stored = self.inner(events) if callable(self.inner) else len(events)
        now = time.time()
        with self.lock:
            self.seen.extend((e, now) for e in events)
        return int(stored)

    def count(self) -> int:
        with self.lock:
            return len(self.seen)

    def latencies(self, since: int) -> list[float]:
        with self.lock:
            return [1000 * (at - e.occurred_at.timestamp()) for e, at in self.seen[since:]]


def report(name: str, values: list[float], expected: int) -> None:
    if not values:
        print(f"{name}: no events arrived (of {expected})")
        return
    print(
        f"{name}: {len(values)}/{expected} events, latency ms p50 {percentile(values, 0.5):.0f}"
        f" p95 {percentile(values, 0.95):.0f} p99 {percentile(values, 0.99):.0f}"
        f" max {max(values):.0f}"
    )


def emit_main(args: argparse.Namespace) -> int:
    """Child: post ``--count`` line crossings spread over ``--ids`` at ``--rate`` per second
    (0: as fast as eight threads can) — outside the hub's process, so its CPU is not
    counted as the hub's."""
    cameras = args.ids.split(",")

    def post(client: httpx.Client, n: int) -> None:
        data = {"Plate": f"20A-{n:05d}", "ObjectId": str(n)}
        camera = cameras[n % len(cameras)]
        r = client.post(f"/cameras/{camera}/events", json={"kind": "line_crossing", "data": data})
        r.raise_for_status()

    with httpx.Client(base_url=args.emit, timeout=10) as client:
        if args.rate > 0:
            start = time.monotonic()
            for n in range(args.count):
                delay = start + n / args.rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                post(client, n)
        else:
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(lambda n: post(client, n), range(args.count)))
    return 0


def emit(fleet: FleetProcess, count: int, rate: float) -> None:
    ids = ",".join(c["id"] for c in fleet.cameras)
    command = [sys.executable, __file__, "--emit", fleet.control_url, "--ids", ids]
    command += ["--count", str(count), "--rate", str(rate)]
    subprocess.run(command, check=True)


async def wait_for(predicate: object, limit: float) -> bool:
    deadline = time.monotonic() + limit
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def run(args: argparse.Namespace, fleet: FleetProcess, data_dir: Path) -> None:
    from hub.catalog.testing import register_fleet
    from hub.context import open_hub
    from hub.db import transaction
    from hub.incidents.pullpoint import CameraEventService, ingest_sink
    from hub.incidents.subscription_models import EventSubscription
    from hub.testing import seed_province, settings_for_tests

    settings = settings_for_tests(
        f"sqlite:///{data_dir / 'hub.sqlite3'}",
        data_dir,
        health_enabled=False,
        camera_events_enabled=False,
        camera_events_pull_seconds=args.pull,
    )
    hub = await asyncio.to_thread(open_hub, settings)
    province = await asyncio.to_thread(seed_province, hub)
    ids = await asyncio.to_thread(register_fleet, hub, province, fleet.inventory, probe=False)
    sink = StampingSink(ingest_sink(hub) if args.ingest else None)
    service = CameraEventService(hub, sink)

    def active() -> int:
        with transaction(hub.sessions) as s:
            rows = s.scalars(select(EventSubscription)).all()
            return sum(1 for r in rows if r.state == "active")

    began, cpu0 = time.monotonic(), time.process_time()
    await service.start()
    done = await wait_for(lambda: service.subscriptions >= len(ids), 120)
    print(
        f"set-up: {service.subscriptions}/{len(ids)} subscribed in "
        f"{time.monotonic() - began:.1f} s ({time.process_time() - cpu0:.1f} s CPU)"
        + ("" if done else " — INCOMPLETE")
    )
    print(f"  subscriptions recorded active: {await asyncio.to_thread(active)}")

    start, cpu, sim_cpu = time.monotonic(), time.process_time(), cpu_seconds(fleet.pid)
    await asyncio.sleep(args.idle)
    span = time.monotonic() - start
    print(
        f"idle {args.idle:.0f} s, {len(ids)} cameras long-polling ({args.pull:.0f} s): hub "
        f"{100 * (time.process_time() - cpu) / span:.1f} % of a core, simulator "
        f"{100 * (cpu_seconds(fleet.pid) - sim_cpu) / span:.1f} %"
    )

    mark, total = sink.count(), int(args.rate * args.seconds)
    start, cpu = time.monotonic(), time.process_time()
    await asyncio.to_thread(emit, fleet, total, args.rate)
    await wait_for(lambda: sink.count() - mark >= total, 30)
    span = time.monotonic() - start
    report(f"paced {args.rate:g}/s for {args.seconds:g} s", sink.latencies(mark), total)
    print(f"  hub CPU {100 * (time.process_time() - cpu) / span:.1f} % of a core")

    mark, start, cpu = sink.count(), time.monotonic(), time.process_time()
    await asyncio.to_thread(emit, fleet, args.burst, 0)
    posted = time.monotonic() - start
    await wait_for(lambda: sink.count() - mark >= args.burst, 60)
    span = time.monotonic() - start
    name = f"burst of {args.burst} (posted in {posted:.2f} s)"
    report(name, sink.latencies(mark), args.burst)
    print(f"  hub CPU {100 * (time.process_time() - cpu) / span:.1f} % of a core")
    print(f"malformed {service.malformed}, sink batches dropped {service.dropped}")
    await service.stop()
    await asyncio.to_thread(hub.close)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cameras", type=int, default=50)
    parser.add_argument("--pull", type=float, default=10.0, help="PullMessages Timeout, s")
    parser.add_argument("--idle", type=float, default=20.0)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--burst", type=int, default=500)
    parser.add_argument("--ingest", action="store_true", help="the real ingest as the sink")
    parser.add_argument("--emit", help=argparse.SUPPRESS)  # child: the control URL
    parser.add_argument("--ids", help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.emit:
        return emit_main(args)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from camsim.process import FleetProcess

    fleet = FleetProcess(args.cameras, "--event-period", "0").start(timeout=180)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            asyncio.run(run(args, fleet, Path(tmp)))
    finally:
        fleet.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
