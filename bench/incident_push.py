# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: event → console push latency with 10 consoles connected (issue 11, ≤ 500 ms p95).

Everything real on loopback: the hub (uvicorn in this process, SQLite in a temporary
directory or a fresh PostgreSQL database with ``--db``), an edge AI box posting events
over the hub's ingest endpoint (its own token), and ``--consoles`` operator sessions in a
separate process, each reading its push stream with the console's own client
(:meth:`hub.client.HubClient.events`), as a console does.

Each posted event opens or folds an incident; the hub pushes ``incident.opened`` or
``incident.updated`` (with the incident's event count) to every console whose scope covers
the camera. A sample is one (event, console): from just before the post leaves to the
moment that console has parsed the push carrying that event's count. Posts are paced at
``--rate`` per second over ``--cameras`` cameras (each camera's events fold into one
incident); ``--burst`` posts them as fast as the hub answers instead. Printed: samples,
missing pushes, p50 / p95 / p99 / max in ms, per phase.

    .venv/bin/python bench/incident_push.py [--consoles 10] [--events 300] [--rate 20]
        [--db postgresql+psycopg://user@host:port/postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


async def _consume(url: str, tokens: list[str], ready_file: Path) -> None:
    """Child: read every console's push stream; print one JSON line per incident push."""
    from hub.client import HubClient

    opened = 0

    def on_open() -> None:
        nonlocal opened
        opened += 1
        if opened == len(tokens):
            ready_file.write_text("ready")

    async def one(index: int, token: str) -> None:
        async with HubClient(url) as client:
            client.token = token
            async for event in client.events(topics=("incident",), on_open=on_open):
                if event.topic.startswith("incident."):
                    data = event.data
                    print(
                        json.dumps(
                            {"c": index, "i": data["id"], "n": data["count"], "t": time.time()}
                        ),
                        flush=True,
                    )

    await asyncio.gather(*(one(i, t) for i, t in enumerate(tokens)))


def consumer_main() -> int:
    config = json.loads(sys.stdin.readline())  # session tokens: never in argv
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_consume(config["url"], config["tokens"], Path(config["ready"])))
    return 0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run(args: argparse.Namespace, db_url: str, data: Path) -> dict[str, Any]:
    import httpx

    from hub.catalog.models import Camera
    from hub.contracts import Role
    from hub.db import transaction
    from hub.testing import LiveHub, add_user, login, seed_province, settings_for_tests

    settings = settings_for_tests(
        db_url,
        data,
        health_enabled=False,
        media_relay=False,
        camera_events_enabled=False,
        session_idle_minutes=24 * 60,
    )
    live = LiveHub(settings).start()
    try:
        province = seed_province(live.hub)
        add_user(live.hub, province, "bench_admin", "districtA", [Role.ADMIN])
        names = [f"bench_op{i}" for i in range(args.consoles)]
        for name in names:
            add_user(live.hub, province, name, "districtA", [Role.OPERATOR])
        cameras = []
        now = live.clock.now()
        with transaction(live.hub.sessions) as s:
            for index in range(args.cameras):
                row = Camera(
                    code=f"bench-push-{index}",
                    name=f"Bench camera {index}",
                    onvif_url="http://127.0.0.1:9/onvif/device_service",
                    rtsp_main_url="rtsp://127.0.0.1:9/main",
                    rtsp_sub_url="rtsp://127.0.0.1:9/sub",
                    managing_unit_id=province.units["communeA1"],
                    operating_unit_id=province.units["communeA1"],
                    tier="tier_3",
                    category="security",
                    territory_id=province.territories["A1"],
                    mounting_layer="5_10m",
                    created_at=now,
                    updated_at=now,
                )
                s.add(row)
                s.flush()
                cameras.append(row.id)
        admin = login(live, province, "bench_admin")
        tokens = [login(live, province, name) for name in names]
        with live.client(admin) as http:
            r = http.post(
                "/api/ai-boxes", json={"name": "bench box", "unit_id": province.units["districtA"]}
            )
            r.raise_for_status()
            box_token = r.json()["token"]

        ready = data / "consumers.ready"
        child = subprocess.Popen(
            [sys.executable, __file__, "--consumer"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(json.dumps({"url": live.url, "tokens": tokens, "ready": str(ready)}))
        child.stdin.write("\n")
        child.stdin.close()
        received: dict[tuple[int, int], list[float]] = {}
        lock = threading.Lock()

        def read() -> None:
            assert child.stdout is not None
            for line in child.stdout:
                m = json.loads(line)
                with lock:
                    received.setdefault((m["i"], m["n"]), []).append(m["t"])

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        deadline = time.monotonic() + 60
        while not ready.exists():
            if time.monotonic() > deadline or child.poll() is not None:
                raise RuntimeError("the consoles' push streams did not open")
            time.sleep(0.01)

        sent: list[tuple[float, int, int]] = []  # (time, incident id, count)
        counts: dict[int, int] = {}
        gap = 0.0 if args.burst else 1.0 / args.rate
        headers = {"Authorization": f"Bearer {box_token}"}
        with httpx.Client(base_url=live.url, headers=headers, timeout=30) as http:
            next_at = time.monotonic()
            for index in range(args.events):
                camera = cameras[index % len(cameras)]
                body = {
                    "event_id": f"push-{index}",
                    "camera_id": camera,
                    "rule": "red_light",
                    "occurred_at": datetime.now(UTC).isoformat(),
                    "metadata": {"plate": f"20A-{index:05d}", "confidence": 0.9},
                }
                while time.monotonic() < next_at:
                    time.sleep(0.0005)
                next_at += gap
                t0 = time.time()
                r = http.post("/api/ingest/ai-events", json=body)
                r.raise_for_status()
                incident = int(r.json()["incident_id"])
                counts[incident] = counts.get(incident, 0) + 1
                sent.append((t0, incident, counts[incident]))
        # Let the last pushes arrive (bounded): every console should get every event.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with lock:
                if all(len(received.get((i, n), [])) >= args.consoles for _, i, n in sent):
                    break
            time.sleep(0.05)
        child.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(10)
        latencies: list[float] = []
        missing = 0
        with lock:
            for t0, incident, count in sent:
                arrivals = received.get((incident, count), [])
                missing += max(0, args.consoles - len(arrivals))
                latencies.extend((t - t0) * 1000 for t in arrivals)
        return {
            "db": "postgresql" if db_url.startswith("postgresql") else "sqlite",
            "consoles": args.consoles,
            "events": args.events,
            "rate": "burst" if args.burst else args.rate,
            "samples": len(latencies),
            "missing": missing,
            "p50_ms": round(percentile(latencies, 0.5), 1) if latencies else None,
            "p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
            "p99_ms": round(percentile(latencies, 0.99), 1) if latencies else None,
            "max_ms": round(max(latencies), 1) if latencies else None,
            "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
        }
    finally:
        live.stop()


def main() -> int:
    if "--consumer" in sys.argv:
        return consumer_main()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--consoles", type=int, default=10)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--cameras", type=int, default=5)
    parser.add_argument("--rate", type=float, default=20.0, help="events per second")
    parser.add_argument("--burst", action="store_true", help="post as fast as answered")
    parser.add_argument("--db", help="a PostgreSQL server URL (a fresh database is made)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from hub.testing import postgres_database

    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        data = Path(tmp)
        if args.db and args.db.startswith("postgresql"):
            db_url = stack.enter_context(postgres_database(args.db))
        else:
            db_url = f"sqlite:///{data / 'hub.sqlite3'}"
        print(json.dumps(run(args, db_url, data)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
