# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: logins/s and grants/s with one and with two hub processes on one PostgreSQL.

Usage: .venv/bin/python bench/scaleout.py --db postgresql+psycopg://user@host:port/postgres
       [--hubs 1,2] [--clients 8] [--logins 120] [--seconds 20] [--cameras 4]

Everything real on loopback: a simulated fleet (a separate process), a fresh PostgreSQL
database, and for each hub count ``vwall-hub serve`` processes (production argon2id
parameters, each with its own media relay) on the same database and data directory (the
sealing key is shared, as on hosts that share it). ``--clients`` threads spread their
requests over the hubs in turn, as a load balancer would:

- logins/s: complete logins (password, then the TOTP code), each of another account (a code
  is never accepted twice), ``--logins`` per hub count;
- grants/s: one operator session (valid on every hub), each client asks a live grant for a
  camera's sub stream and releases it through the next hub (no affinity: the grant is a
  row every hub acts on), for ``--seconds``; the pulls are warm (the first
  grant of each camera on each hub is made before timing).

Prints one JSON line per hub count: logins/s and p50/p95 of a login, grants/s and p50/p95 of
grant + release, and the hubs' CPU seconds per login and per grant.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.hub_login import free_port, full_login, percentile  # noqa: E402
from camsim.process import FleetProcess  # noqa: E402
from hub.catalog.models import Camera  # noqa: E402
from hub.context import Hub, open_hub  # noqa: E402
from hub.contracts import Role  # noqa: E402
from hub.db import transaction  # noqa: E402
from hub.settings import Settings  # noqa: E402
from hub.testing import (  # noqa: E402
    Province,
    add_user,
    postgres_database,
    seed_province,
    wait_until,
)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its reaped children, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(f) for f in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


class Hubs:
    """``count`` ``vwall-hub serve`` processes on one database (stopped on exit)."""

    def __init__(self, db: str, data: Path, count: int) -> None:
        self.procs: list[subprocess.Popen[bytes]] = []
        self.urls: list[str] = []
        env = {**os.environ, "VWALL_HUB_DATA_DIR": str(data)}
        for _ in range(count):
            port = free_port()
            cmd = [sys.executable, "-m", "hub.cli", "--db", db, "serve"]
            proc = subprocess.Popen(
                [*cmd, "--host", "127.0.0.1", "--port", str(port)],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self.procs.append(proc)
            self.urls.append(f"http://127.0.0.1:{port}")
        for url in self.urls:
            wait_until(lambda url=url: _up(url), timeout=90, what=f"hub at {url}")

    def cpu(self) -> float:
        total = 0.0
        for proc in self.procs:
            total += cpu_seconds(proc.pid)
            for child in _children(proc.pid):  # the relay worker
                total += cpu_seconds(child)
        return total

    def close(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            proc.wait(timeout=30)


def _children(pid: int) -> list[int]:
    """The child processes of ``pid``, whichever of its threads started them."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _up(url: str) -> bool:
    try:
        return httpx.get(f"{url}/api/health", timeout=5).status_code == 200
    except httpx.TransportError:
        return False


def _run_threads(clients: int, work: Any) -> None:
    errors: list[BaseException] = []

    def guarded(index: int) -> None:
        try:
            work(index)
        except BaseException as exc:  # reported after the join
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def bench_logins(
    hubs: Hubs, hub: Hub, province: Province, names: list[str], clients: int
) -> dict[str, Any]:
    todo = list(names)
    lock = threading.Lock()
    times: list[float] = []

    def work(index: int) -> None:
        with ExitStack() as stack:
            https = [stack.enter_context(httpx.Client(base_url=u, timeout=60)) for u in hubs.urls]
            turn = index
            while True:
                with lock:
                    if not todo:
                        return
                    name = todo.pop()
                http = https[turn % len(https)]
                turn += 1
                started = time.perf_counter()
                full_login(http, hub.clock, province, name)
                with lock:
                    times.append((time.perf_counter() - started) * 1000)

    cpu0, t0 = hubs.cpu(), time.perf_counter()
    _run_threads(clients, work)
    elapsed, cpu = time.perf_counter() - t0, hubs.cpu() - cpu0
    return {
        "logins": len(times),
        "logins_per_s": round(len(times) / elapsed, 2),
        "login_p50_ms": round(percentile(times, 0.5)),
        "login_p95_ms": round(percentile(times, 0.95)),
        "hub_cpu_ms_per_login": round(cpu * 1000 / len(times), 1),
    }


def bench_grants(
    hubs: Hubs, token: str, camera_ids: list[int], clients: int, seconds: float
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"}
    body = {"stream": "sub"}
    for url in hubs.urls:  # warm every pull on every hub
        with httpx.Client(base_url=url, headers=headers, timeout=60) as http:
            for cam in camera_ids:
                r = http.post(f"/api/cameras/{cam}/grants", json=body)
                r.raise_for_status()
                http.delete(f"/api/grants/{r.json()['grant_id']}").raise_for_status()
    lock = threading.Lock()
    times: list[float] = []
    stop_at = time.perf_counter() + seconds

    def work(index: int) -> None:
        with ExitStack() as stack:
            https = [
                stack.enter_context(httpx.Client(base_url=u, headers=headers, timeout=60))
                for u in hubs.urls
            ]
            turn = index
            while time.perf_counter() < stop_at:
                http = https[turn % len(https)]
                cam = camera_ids[turn % len(camera_ids)]
                turn += 1
                started = time.perf_counter()
                r = http.post(f"/api/cameras/{cam}/grants", json=body)
                r.raise_for_status()
                # Released through the next hub, as round-robin without affinity would.
                other = https[turn % len(https)]
                other.delete(f"/api/grants/{r.json()['grant_id']}").raise_for_status()
                with lock:
                    times.append((time.perf_counter() - started) * 1000)

    cpu0, t0 = hubs.cpu(), time.perf_counter()
    _run_threads(clients, work)
    elapsed, cpu = time.perf_counter() - t0, hubs.cpu() - cpu0
    return {
        "grants": len(times),
        "grants_per_s": round(len(times) / elapsed, 1),
        "grant_release_p50_ms": round(percentile(times, 0.5), 1),
        "grant_release_p95_ms": round(percentile(times, 0.95), 1),
        "grant_release_mean_ms": round(statistics.fmean(times), 1),
        "hub_cpu_ms_per_grant": round(cpu * 1000 / len(times), 2),
    }


def register(hub: Hub, fleet: FleetProcess, province: Province) -> list[int]:
    ids = []
    now = hub.clock.now()
    with transaction(hub.sessions) as s:
        for entry in fleet.cameras:
            unit = province.units["communeA1"]
            row = Camera(
                code=f"bench-{entry['id']}",
                name=str(entry["name"]),
                onvif_url=str(entry["onvif"]["url"]),
                rtsp_main_url=str(entry["rtsp"]["main"]),
                rtsp_sub_url=str(entry["rtsp"]["sub"]),
                managing_unit_id=unit,
                operating_unit_id=unit,
                tier="tier_3",
                category="security",
                territory_id=province.territories["A1"],
                mounting_layer="5_10m",
                created_at=now,
                updated_at=now,
            )
            s.add(row)
            s.flush()
            row.credentials = (str(entry["username"]), str(entry["password"]))
            ids.append(row.id)
    return ids


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a PostgreSQL server URL")
    parser.add_argument("--hubs", default="1,2", help="hub counts to compare")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--logins", type=int, default=120, help="logins per hub count")
    parser.add_argument("--seconds", type=float, default=20.0, help="grant phase length")
    parser.add_argument("--cameras", type=int, default=4)
    args = parser.parse_args()
    counts = [int(c) for c in args.hubs.split(",")]
    logging.getLogger("httpx").setLevel(logging.WARNING)
    with ExitStack() as stack:
        data = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="vwall-bench-")))
        db = stack.enter_context(postgres_database(args.db))
        fleet = stack.enter_context(FleetProcess(args.cameras, "--event-period", "0"))
        hub = open_hub(Settings(db_url=db, data_dir=data))  # production argon2id
        stack.callback(hub.close)
        province = seed_province(hub)
        names = [f"bench{i}" for i in range(args.logins * len(counts))]
        for name in names:
            add_user(hub, province, name, "districtA", [Role.OPERATOR])
        for n in range(len(counts)):  # a TOTP code is never accepted twice: one each
            add_user(hub, province, f"bench_grants{n}", "districtA", [Role.OPERATOR])
        camera_ids = register(hub, fleet, province)
        for n, count in enumerate(counts):
            hubs = Hubs(db, data, count)
            try:
                mine = names[n * args.logins : (n + 1) * args.logins]
                result: dict[str, Any] = {"hubs": count, "clients": args.clients}
                result.update(bench_logins(hubs, hub, province, mine, args.clients))
                token = _login(hubs.urls[0], hub, province, f"bench_grants{n}")
                grants = bench_grants(hubs, token, camera_ids, args.clients, args.seconds)
                result.update(grants)
                print(json.dumps(result), flush=True)
            finally:
                hubs.close()
    return 0


def _login(url: str, hub: Hub, province: Province, name: str) -> str:
    with httpx.Client(base_url=url, timeout=60) as http:
        return full_login(http, hub.clock, province, name)


if __name__ == "__main__":
    sys.exit(main())
