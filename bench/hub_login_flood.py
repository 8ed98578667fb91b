# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: authenticated reads while a second process floods the login with failures.

Usage: .venv/bin/python bench/hub_login_flood.py [--rate 20] [--seconds 60] [--db URL]
                                                  [--throttled]

Seeds a province with a camera catalogue and one operator, starts the hub as a separate
process (`vwall-hub serve`, production argon2id parameters), signs the operator in, then
for ``--seconds``: a second process sends ``--rate`` failed logins per second (open loop:
a new attempt every 1/rate s whatever the answers; unknown and real user names, wrong
passwords) while this process reads ``GET /api/cameras`` with the operator's session, like one
console: the next read 100 ms after the last answered (``--open-loop``: ten reads a
second on a fixed schedule, however long they take, so a stall delays many reads; the
hub's request threads then queue behind SQLite's write lock, see hub/README). Prints
p50/p95/max of the reads and what the attempts were answered.

By default the per-source slow-down is lifted (``VWALL_HUB_SOURCE_FAILURE_THRESHOLD``
very high) so that every attempt costs an argon2id verification — the worst case, e.g. a
flood arriving through a trusted proxy from many addresses. ``--throttled`` keeps the
default threshold (after 200 failures from one address most attempts get a cheap 429).
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.hub_login import free_port, percentile
from hub.auth import totp
from hub.catalog.inventory import onboard_inventory
from hub.context import open_hub
from hub.contracts import Role
from hub.settings import Settings
from hub.testing import PASSWORD, add_user, postgres_database, seed_province, wait_until

CAMERAS = 50
READS_PER_SECOND = 10
READ_TIMEOUT = 30.0  # a read taking longer counts as this long (and as timed out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=20.0, help="failed logins per second")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--throttled", action="store_true", help="keep per-source slow-down")
    parser.add_argument(
        "--open-loop", action="store_true", help="reads on a fixed schedule (see above)"
    )
    parser.add_argument(
        "--db",
        help="PostgreSQL server URL (a scratch database is made on "
        "it); default: a temporary SQLite file",
    )
    args = parser.parse_args()
    with ExitStack() as stack:
        data = Path(tempfile.mkdtemp(prefix="vwall-bench-"))
        if args.db and args.db.startswith("postgresql"):
            db = stack.enter_context(postgres_database(args.db))
        else:
            db = args.db or f"sqlite:///{data / 'hub.sqlite3'}"
        run(db, data, args.rate, args.seconds, args.throttled, args.open_loop)
    return 0


def _inventory() -> list[dict[str, object]]:
    return [
        {
            "id": f"cam{i:03d}",
            "name": f"Camera {i}",
            "onvif": {"url": f"http://127.0.0.{2 + i}:9/onvif/device_service"},
            "username": "admin",
            "password": "not-a-real-pass",
            "rtsp": {"main": f"rtsp://127.0.0.{2 + i}:9/main"},
            "streams": [{"name": "main", "width": 1920, "height": 1080}],
        }
        for i in range(CAMERAS)
    ]


def flood(base: str, rate: float, seconds: float, victims: list[str], out: object) -> None:
    """The attacker (its own process): ``rate`` wrong passwords per second, open loop."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    answers: Counter[str] = Counter()
    lock = threading.Lock()

    def attempt(i: int) -> None:
        # Mostly unknown names (each costs a dummy verification), some real accounts.
        name = victims[i % len(victims)] if i % 4 == 0 else f"ghost{i}"
        try:
            with httpx.Client(base_url=base, timeout=120) as http:
                r = http.post("/api/auth/login", json={"username": name, "password": f"bad{i}"})
            key = str(r.status_code)
        except httpx.HTTPError as exc:
            key = type(exc).__name__
        with lock:
            answers[key] += 1

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=256) as pool:
        i = 0
        while (due := started + i / rate) < started + seconds:
            time.sleep(max(0.0, due - time.monotonic()))
            pool.submit(attempt, i)
            i += 1
    assert hasattr(out, "put")
    out.put(dict(answers))


def run(db: str, data: Path, rate: float, seconds: float, throttled: bool, open_loop: bool) -> None:
    """Seed, serve, flood and read; print the figures."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = Settings(db_url=db, data_dir=data)  # production argon2id parameters
    hub = open_hub(settings)
    province = seed_province(hub)
    add_user(hub, province, "reader", "communeA1", [Role.OPERATOR])
    victims = [f"victim{i}" for i in range(5)]
    for name in victims:
        add_user(hub, province, name, "districtA", [Role.OPERATOR])
    onboarded = onboard_inventory(
        hub, _inventory(), province.territories["A1"], province.units["communeA1"], probe=False
    )
    assert all(r.camera_id is not None for r in onboarded), onboarded
    hub.close()

    port = free_port()
    env = {**os.environ, "VWALL_HUB_DATA_DIR": str(data), "VWALL_HUB_LOCKOUT_THRESHOLD": "1000000"}
    if not throttled:
        env["VWALL_HUB_SOURCE_FAILURE_THRESHOLD"] = "1000000"
    proc = subprocess.Popen(
        [sys.executable, "-m", "hub.cli", "--db", db, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:

        def up() -> bool:
            try:
                return httpx.get(f"{base}/api/health").status_code == 200
            except httpx.TransportError:
                return False

        wait_until(up, timeout=60, what="hub")
        with httpx.Client(base_url=base, timeout=120) as http:
            r = http.post("/api/auth/login", json={"username": "reader", "password": PASSWORD})
            r.raise_for_status()
            code = totp.code_at(province.secrets["reader"], hub.clock.now())
            r = http.post(
                "/api/auth/mfa",
                json={"code": code},
                headers={"Authorization": f"Bearer {r.json()['ticket']}"},
            )
            r.raise_for_status()
            token = r.json()["token"]

            def read() -> float:
                t = time.perf_counter()
                try:
                    r = http.get(
                        "/api/cameras",
                        headers={"Authorization": f"Bearer {token}"},
                        timeout=READ_TIMEOUT,
                    )
                except httpx.TimeoutException:
                    timeouts.append(t)
                    return READ_TIMEOUT * 1000
                r.raise_for_status()
                seen.add(len(r.json()))
                return (time.perf_counter() - t) * 1000

            seen: set[int] = set()
            timeouts: list[float] = []
            quiet = [read() for _ in range(30)]
            ctx = multiprocessing.get_context("spawn")
            results = ctx.Queue()
            attacker = ctx.Process(target=flood, args=(base, rate, seconds, victims, results))
            attacker.start()
            started = time.monotonic()
            if open_loop:
                # A read every 1/READS_PER_SECOND s whether or not the previous one has
                # answered, so a stall shows in every read it delays.
                with ThreadPoolExecutor(max_workers=64) as readers:
                    futures = []
                    n = 0
                    while (due := started + n / READS_PER_SECOND) < started + seconds:
                        time.sleep(max(0.0, due - time.monotonic()))
                        futures.append(readers.submit(read))
                        n += 1
                    times = [f.result() for f in futures]
            else:  # one console: the next read once the last has answered, 100 ms apart
                times = []
                while time.monotonic() < started + seconds:
                    times.append(read())
                    time.sleep(max(0.0, 1 / READS_PER_SECOND - times[-1] / 1000))
            answers = results.get(timeout=600)
            attacker.join(timeout=60)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    a = settings.argon2
    print(
        f"login flood, {hub.engine.dialect.name}, argon2id t={a.time_cost} m={a.memory_cost} "
        f"KiB p={a.parallelism}, {os.cpu_count()} CPUs, per-source slow-down "
        f"{'on' if throttled else 'lifted'}, reads {'open' if open_loop else 'closed'} loop"
    )
    print(
        f"  GET /api/cameras ({'/'.join(map(str, sorted(seen)))} cameras) quiet: "
        f"p50 {percentile(quiet, 0.5):.1f} ms, "
        f"p95 {percentile(quiet, 0.95):.1f} ms"
    )
    print(
        f"  under {rate:g} failed logins/s for {seconds:g} s: {len(times)} reads, "
        f"p50 {percentile(times, 0.5):.1f} ms, p95 {percentile(times, 0.95):.1f} ms, "
        f"max {max(times):.1f} ms, mean {statistics.mean(times):.1f} ms, "
        f"{len(timeouts)} timed out (>{READ_TIMEOUT:g} s)"
    )
    print(f"  login attempts answered: {dict(sorted(answers.items()))}")


if __name__ == "__main__":
    sys.exit(main())
