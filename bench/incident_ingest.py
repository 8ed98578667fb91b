# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: sustained event ingest, in the hub's process and through the AI-box door.

Usage: .venv/bin/python bench/incident_ingest.py [--seconds 20] [--batch 500]
                                                 [--clients 4] [--cameras 50]
                                                 [--pg URL] [--no-sqlite]

For SQLite (a file in a scratch directory) and, with ``--pg`` (or ``VWALL_TEST_PG_URL``),
PostgreSQL (a scratch database on that server):

1. ``ingest_camera_events`` — what the ONVIF pull points call — in one transaction per
   batch of ``--batch`` events spread over ``--cameras`` cameras (each event new, every
   one through the rules: intrusions, so each camera's incident folds them), for
   ``--seconds``;
2. the real endpoint: ``vwall-hub serve`` in its own process, ``--clients`` threads each
   posting ``POST /api/ingest/ai-events/batch`` with ``--batch`` events (box token,
   JSON, schema checks, the same ingest), for ``--seconds``.

Prints events per second, batches, and p50/p95 of a batch's time. Goal (issue 11):
≥ 2,000 events/s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.hub_login import free_port, percentile
from hub.auth.sessions import token_digest
from hub.catalog.models import Camera
from hub.context import open_hub
from hub.db import transaction
from hub.incidents.camera_events import CameraEvent, EventKind
from hub.incidents.ingest import ingest_camera_events
from hub.incidents.models import AiBox
from hub.settings import Settings
from hub.testing import postgres_database, seed_province, wait_until


def _seed(settings: Settings, cameras: int) -> tuple[list[int], str]:
    """Province, ``cameras`` catalogue rows in commune A1, one AI box; its token."""
    hub = open_hub(settings)
    try:
        province = seed_province(hub)
        token = "aibox_" + secrets.token_urlsafe(32)
        ids = []
        with transaction(hub.sessions) as s:
            now = hub.clock.now()
            for n in range(cameras):
                camera = Camera(
                    code=f"bench-{n}",
                    name=f"Bench {n}",
                    onvif_url="http://127.0.0.1:9/onvif/device_service",
                    managing_unit_id=province.units["communeA1"],
                    operating_unit_id=province.units["communeA1"],
                    tier="tier_3",
                    category="security",
                    territory_id=province.territories["A1"],
                    mounting_layer="5_10m",
                    created_at=now,
                    updated_at=now,
                )
                s.add(camera)
                s.flush()
                ids.append(camera.id)
            s.add(
                AiBox(
                    name="bench box",
                    unit_id=province.units["communeA1"],
                    token_hash=token_digest(token),
                    created_at=now,
                )
            )
        return ids, token
    finally:
        hub.close()


def _direct(settings: Settings, cameras: list[int], batch: int, seconds: float) -> None:
    hub = open_hub(settings)
    n = 0
    times: list[float] = []
    try:
        began = time.monotonic()
        while time.monotonic() - began < seconds:
            now = datetime.now(UTC)
            events = []
            for i in range(batch):
                n += 1
                events.append(
                    CameraEvent(
                        camera_id=cameras[i % len(cameras)],
                        topic="tns1:RuleEngine/FieldDetector/ObjectsInside",
                        kind=EventKind.INTRUSION,
                        occurred_at=now,
                        key=f"direct-{n}",
                        data={"IsInside": "true"},
                    )
                )
            t0 = time.monotonic()
            with transaction(hub.sessions) as s:
                stored = ingest_camera_events(hub, s, events)
            times.append(time.monotonic() - t0)
            assert stored == batch, stored
        elapsed = time.monotonic() - began
    finally:
        hub.close()
    _report("ingest_camera_events", n, elapsed, times)


def _report(what: str, events: int, elapsed: float, times: list[float]) -> None:
    print(
        f"  {what}: {events} events in {elapsed:.1f} s = {events / elapsed:,.0f} events/s "
        f"({len(times)} batches; batch p50 {percentile(times, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(times, 0.95) * 1000:.0f} ms)"
    )


def _env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "VWALL_HUB_DATA_DIR": str(data_dir),
            "VWALL_HUB_HEALTH_ENABLED": "false",
            "VWALL_HUB_MEDIA_RELAY": "false",
            "VWALL_HUB_CAMERA_EVENTS_ENABLED": "false",
            "VWALL_HUB_MAX_BODY_BYTES": str(4 * 1024 * 1024),
        }
    )
    return env


@contextmanager
def _served(db: str, data_dir: Path) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hub.cli", "--db", db, "serve", "--port", str(port)],
        env=_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:

        def up() -> bool:
            try:
                return httpx.get(url + "/api/health", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        wait_until(up, timeout=60, what="the hub")
        yield url
    finally:
        proc.terminate()
        proc.wait(30)


def _http(
    url: str, token: str, cameras: list[int], batch: int, clients: int, seconds: float
) -> None:
    counts = [0] * clients
    times: list[list[float]] = [[] for _ in range(clients)]
    errors: list[str] = []
    stop = time.monotonic() + seconds

    def client(k: int) -> None:
        n = 0
        with httpx.Client(
            base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60
        ) as http:
            while time.monotonic() < stop:
                at = datetime.now(UTC).isoformat()
                events = []
                for i in range(batch):
                    n += 1
                    events.append(
                        {
                            "event_id": f"c{k}-{n}",
                            "camera_id": cameras[(k + i) % len(cameras)],
                            "rule": "red_light",
                            "occurred_at": at,
                            "metadata": {"plate": f"20A-{n % 1000:03d}.45", "confidence": 0.9},
                        }
                    )
                t0 = time.monotonic()
                r = http.post("/api/ingest/ai-events/batch", json={"events": events})
                times[k].append(time.monotonic() - t0)
                if r.status_code != 200 or r.json()["stored"] != batch:
                    errors.append(f"{r.status_code} {r.text[:120]}")
                    return
                counts[k] += batch

    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    if errors:
        print(f"  errors: {errors[:3]}")
    _report(
        f"POST /api/ingest/ai-events/batch ({clients} clients)",
        sum(counts),
        elapsed,
        [x for t in times for x in t],
    )


def _run(name: str, db: str, data_dir: Path, args: argparse.Namespace) -> None:
    print(f"{name}:")
    settings = Settings(
        db_url=db,
        data_dir=data_dir,
        health_enabled=False,
        media_relay=False,
    )
    cameras, token = _seed(settings, args.cameras)
    _direct(settings, cameras, args.batch, args.seconds)
    with _served(db, data_dir) as url:
        _http(url, token, cameras, args.batch, args.clients, args.seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--cameras", type=int, default=50)
    parser.add_argument("--pg", default=os.environ.get("VWALL_TEST_PG_URL"))
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    logging.disable(logging.INFO)  # migrations and httpx would print a line per step
    print(f"batch {args.batch} events, {args.cameras} cameras, {os.cpu_count()} CPUs")
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="vwall-ingest-")))
        if not args.no_sqlite:
            _run("SQLite", f"sqlite:///{tmp / 'sqlite' / 'hub.sqlite3'}", tmp / "sqlite", args)
        if args.pg:
            url = stack.enter_context(postgres_database(args.pg))
            _run("PostgreSQL", url, tmp / "pg", args)
        else:
            print("PostgreSQL: skipped (no --pg URL and no VWALL_TEST_PG_URL)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
