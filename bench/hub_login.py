# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: login round trip (password + TOTP) against a real `vwall-hub serve` process.

Usage: .venv/bin/python bench/hub_login.py [--logins 60] [--db URL]

Seeds a province and one account per login (a TOTP code is never accepted twice), starts
the hub as a separate process with production argon2id parameters, then times each
login (POST /api/auth/login + POST /api/auth/mfa over HTTP) and prints p50/p95.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hub.auth import totp
from hub.context import open_hub
from hub.contracts import Role
from hub.settings import Settings
from hub.testing import PASSWORD, add_user, postgres_database, seed_province, wait_until


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def full_login(http: httpx.Client, hub_clock: Any, province: Any, name: str) -> str:
    """Log ``name`` in over ``http``: password, then the TOTP code; the session token."""
    r = http.post("/api/auth/login", json={"username": name, "password": PASSWORD})
    r.raise_for_status()
    code = totp.code_at(province.secrets[name], hub_clock.now())
    r = http.post(
        "/api/auth/mfa",
        json={"code": code},
        headers={"Authorization": f"Bearer {r.json()['ticket']}"},
    )
    r.raise_for_status()
    token: str = r.json()["token"]
    return token


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=60)
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
        run(db, data, args.logins)
    return 0


def run(db: str, data: Path, logins: int) -> None:
    """Seed, serve, log in ``logins`` times and print the figures."""
    settings = Settings(db_url=db, data_dir=data)  # production argon2id parameters
    hub = open_hub(settings)
    province = seed_province(hub)
    for i in range(logins):
        add_user(hub, province, f"bench{i}", "districtA", [Role.OPERATOR])
    hub.close()

    port = free_port()
    env = {**os.environ, "VWALL_HUB_DATA_DIR": str(data)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hub.cli",
            "--db",
            db,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
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
        times: list[float] = []
        with httpx.Client(base_url=base, timeout=30) as http:
            for i in range(logins):
                name = f"bench{i}"
                started = time.perf_counter()
                full_login(http, hub.clock, province, name)
                times.append((time.perf_counter() - started) * 1000)
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    kind = hub.engine.dialect.name
    print(
        f"login round trip (password + TOTP), {kind}, argon2id t={settings.argon2.time_cost} "
        f"m={settings.argon2.memory_cost} KiB p={settings.argon2.parallelism}, "
        f"{len(times)} logins: p50 {percentile(times, 0.5):.1f} ms, "
        f"p95 {percentile(times, 0.95):.1f} ms, mean {statistics.mean(times):.1f} ms"
    )


if __name__ == "__main__":
    sys.exit(main())
