# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: event fan-out across two hub processes on one PostgreSQL (issue 14).

Everything real on loopback: hub A (uvicorn in this process) and hub B (uvicorn in a
child process) over one fresh PostgreSQL database, an edge AI box posting events to the
hubs' ingest endpoint in turn (half through A, half through B), and ``--subscribers``
operator sessions in another child process, half streaming ``/api/events`` from A and
half from B with the console's own client (:meth:`hub.client.HubClient.events`).

Each posted event opens or folds an incident; the hub that took the post writes the push
to the shared event table and every hub delivers it to its own subscribers. A sample is
one (event, subscriber): from just before the post leaves to the moment that subscriber
has parsed the push carrying that event's count. Printed as JSON: samples, missing
pushes, duplicates, p50 / p95 / p99 / max in ms, overall and split by whether the
subscriber's hub is the one that took the post (local) or the other one (remote).

    .venv/bin/python bench/event_fanout.py --db postgresql+psycopg://user@host:port/postgres
        [--subscribers 50] [--events 300] [--rate 20]
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
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

QUIET = {
    "health_enabled": False,
    "media_relay": False,
    "camera_events_enabled": False,
    "session_idle_minutes": 24 * 60,
}


async def _consume(streams: list[tuple[str, str]], ready_file: Path) -> None:
    """Child: read every (hub URL, token) push stream; one JSON line per incident push."""
    from hub.client import HubClient

    opened = 0

    def on_open() -> None:
        nonlocal opened
        opened += 1
        if opened == len(streams):
            ready_file.write_text("ready")

    async def one(index: int, url: str, token: str) -> None:
        async with HubClient(url) as client:
            client.token = token
            async for event in client.events(topics=("incident",), on_open=on_open):
                if event.topic.startswith("incident."):
                    data = event.data
                    line = {"c": index, "i": data["id"], "n": data["count"], "t": time.time()}
                    print(json.dumps(line), flush=True)

    await asyncio.gather(*(one(i, u, t) for i, (u, t) in enumerate(streams)))


def consumer_main() -> int:
    config = json.loads(sys.stdin.readline())  # session tokens: never in argv
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_consume([tuple(s) for s in config["streams"]], Path(config["ready"])))
    return 0


def hub_main() -> int:
    """Child: hub B on the given database and clock time; prints its URL, stops at EOF."""
    from hub.clock import ManualClock
    from hub.testing import LiveHub, settings_for_tests

    config = json.loads(sys.stdin.readline())
    settings = settings_for_tests(config["db"], Path(config["data"]), **QUIET)
    live = LiveHub(settings, ManualClock(datetime.fromisoformat(config["now"]))).start()
    print(live.url, flush=True)
    sys.stdin.read()  # the parent closes our stdin to stop us
    live.stop()
    return 0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def summary(latencies: list[float]) -> dict[str, Any]:
    if not latencies:
        return {"samples": 0}
    return {
        "samples": len(latencies),
        "p50_ms": round(percentile(latencies, 0.5), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "max_ms": round(max(latencies), 1),
        "mean_ms": round(statistics.fmean(latencies), 1),
    }


def _child(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, __file__, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def run(args: argparse.Namespace, db_url: str, data: Path) -> dict[str, Any]:
    import httpx

    from hub.catalog.models import Camera
    from hub.contracts import Role
    from hub.db import transaction
    from hub.testing import LiveHub, add_user, login, seed_province, settings_for_tests

    live = LiveHub(settings_for_tests(db_url, data, **QUIET)).start()
    children: list[subprocess.Popen[str]] = []
    try:
        province = seed_province(live.hub)
        add_user(live.hub, province, "bench_admin", "districtA", [Role.ADMIN])
        names = [f"bench_op{i}" for i in range(args.subscribers)]
        for name in names:
            add_user(live.hub, province, name, "districtA", [Role.OPERATOR])
        now = live.clock.now()
        cameras = []
        with transaction(live.hub.sessions) as s:
            for index in range(args.cameras):
                row = Camera(
                    code=f"bench-fanout-{index}",
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

        hub_b = _child("--hub")
        children.append(hub_b)
        assert hub_b.stdin is not None and hub_b.stdout is not None
        config = {"db": db_url, "data": str(data), "now": live.clock.now().isoformat()}
        hub_b.stdin.write(json.dumps(config) + "\n")
        hub_b.stdin.flush()
        url_b = hub_b.stdout.readline().strip()
        if not url_b.startswith("http"):
            raise RuntimeError("hub B did not start")
        urls = [live.url, url_b]
        # Subscriber i streams from hub i % 2.
        streams = [(urls[i % 2], token) for i, token in enumerate(tokens)]

        ready = data / "consumers.ready"
        consumers = _child("--consumer")
        children.append(consumers)
        assert consumers.stdin is not None and consumers.stdout is not None
        consumers.stdin.write(json.dumps({"streams": streams, "ready": str(ready)}) + "\n")
        consumers.stdin.close()
        received: dict[tuple[int, int], list[tuple[int, float]]] = {}
        lock = threading.Lock()

        def read() -> None:
            assert consumers.stdout is not None
            for line in consumers.stdout:
                m = json.loads(line)
                with lock:
                    received.setdefault((m["i"], m["n"]), []).append((m["c"], m["t"]))

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        deadline = time.monotonic() + 60
        while not ready.exists():
            if time.monotonic() > deadline or consumers.poll() is not None:
                raise RuntimeError("the subscribers' push streams did not open")
            time.sleep(0.01)

        sent: list[tuple[float, int, int, int]] = []  # (time, hub, incident id, count)
        counts: dict[int, int] = {}
        gap = 1.0 / args.rate
        headers = {"Authorization": f"Bearer {box_token}"}
        clients = [httpx.Client(base_url=u, headers=headers, timeout=30) for u in urls]
        try:
            next_at = time.monotonic()
            for index in range(args.events):
                hub = index % 2
                body = {
                    "event_id": f"fanout-{index}",
                    "camera_id": cameras[index % len(cameras)],
                    "rule": "red_light",
                    "occurred_at": live.clock.now().isoformat(),
                    "metadata": {"plate": f"20A-{index:05d}", "confidence": 0.9},
                }
                while time.monotonic() < next_at:
                    time.sleep(0.0005)
                next_at += gap
                t0 = time.time()
                r = clients[hub].post("/api/ingest/ai-events", json=body)
                r.raise_for_status()
                incident = int(r.json()["incident_id"])
                counts[incident] = counts.get(incident, 0) + 1
                sent.append((t0, hub, incident, counts[incident]))
        finally:
            for client in clients:
                client.close()
        deadline = time.monotonic() + 15  # the last pushes (bounded)
        while time.monotonic() < deadline:
            with lock:
                if all(len(received.get((i, n), [])) >= args.subscribers for _t, _h, i, n in sent):
                    break
            time.sleep(0.05)
        local: list[float] = []
        remote: list[float] = []
        via: list[list[float]] = [[], []]  # by the hub the event was posted to
        missing = duplicates = 0
        with lock:
            for t0, hub, incident, count in sent:
                arrivals = received.get((incident, count), [])
                by_sub = {c for c, _t in arrivals}
                missing += args.subscribers - len(by_sub)
                duplicates += len(arrivals) - len(by_sub)
                for c, t in arrivals:
                    (local if c % 2 == hub else remote).append((t - t0) * 1000)
                    via[hub].append((t - t0) * 1000)
        return {
            "hubs": 2,
            "subscribers": args.subscribers,
            "events": args.events,
            "rate": args.rate,
            "missing": missing,
            "duplicates": duplicates,
            "all": summary(local + remote),
            "same_hub": summary(local),
            "other_hub": summary(remote),
            "posted_to_a": summary(via[0]),
            "posted_to_b": summary(via[1]),
        }
    finally:
        for child in reversed(children):
            if child.stdin is not None and not child.stdin.closed:
                child.stdin.close()  # hub B stops at EOF
            else:
                child.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(20)
            if child.poll() is None:
                child.kill()
                child.wait(10)
        live.stop()


def main() -> int:
    if "--consumer" in sys.argv:
        return consumer_main()
    if "--hub" in sys.argv:
        return hub_main()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=50)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--cameras", type=int, default=5)
    parser.add_argument("--rate", type=float, default=20.0, help="events per second")
    parser.add_argument("--db", required=True, help="a PostgreSQL server URL")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from hub.testing import postgres_database

    with tempfile.TemporaryDirectory() as tmp, postgres_database(args.db) as db_url:
        print(json.dumps(run(args, db_url, Path(tmp))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
