# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: the relay pool — CPU per relayed stream, and what one more relay host adds.

Usage: .venv/bin/python bench/relay_pool.py --db postgresql+psycopg://user@host:port/postgres
       [--hosts 1,2] [--cameras 8] [--grants 16] [--seconds 10]

Everything real on loopback, for each relay host count: a fresh PostgreSQL database, a
simulated fleet (a separate process), a hub with ``relay_pool`` (in this process), that
many ``vwall-hub relay`` processes, ``--grants`` live sub-stream grants spread over
``--cameras`` cameras through the hub, and one player per grant (``ffmpeg -c copy``, no
decoding: only the relay's cost is measured) opening the grant URL, which the hub answers
with a redirect to the host that pulls the camera. After a warm-up the relay hosts' CPU
(with their GStreamer workers) is sampled for ``--seconds``.

Prints one JSON line per host count: CPU in % of one core per relayed stream and in all,
and per host its pulls (leases held) and CPU — how the pool spreads the cameras.
"""

from __future__ import annotations

import argparse
import json
import logging
import secrets
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.relay_cpu import consumer  # noqa: E402
from bench.scaleout import _children, cpu_seconds, register  # noqa: E402
from camsim.process import FleetProcess  # noqa: E402
from hub.contracts import Role  # noqa: E402
from hub.relaypool.models import RelayLeaseRow  # noqa: E402
from hub.testing import (  # noqa: E402
    LiveHub,
    add_user,
    login,
    postgres_database,
    seed_province,
    settings_for_tests,
)
from tests.hub.relaypool.conftest import RelayProcess, start_relay  # noqa: E402

WARM_UP = 5.0  # seconds for every player to connect and the pulls to settle


def relay_cpu(relay: RelayProcess) -> float:
    """CPU seconds of a relay host and its worker processes."""
    pid = relay.proc.pid
    return cpu_seconds(pid) + sum(cpu_seconds(child) for child in _children(pid))


def run(args: argparse.Namespace, hosts: int, fleet: FleetProcess) -> dict[str, Any]:
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="vwall-bench-")))
        db = stack.enter_context(postgres_database(args.db))
        secret = tmp / "relay-control-secret"
        secret.write_text(secrets.token_urlsafe(32) + "\n")
        secret.chmod(0o600)
        settings = settings_for_tests(
            db,
            tmp / "data",
            relay_pool=True,
            relay_control_secret_file=secret,
            relay_keepalive_seconds=0.0,
            session_idle_minutes=24 * 60,
        )
        live = LiveHub(settings).start()
        stack.callback(live.stop)
        province = seed_province(live.hub)
        add_user(live.hub, province, "bench", "districtA", [Role.OPERATOR])
        camera_ids = register(live.hub, fleet, province)[: args.cameras]
        relays: list[RelayProcess] = []
        for n in range(hosts):
            relay = start_relay(db, settings.data_dir, secret, tmp / f"relay{n}.log")
            relays.append(relay)
            stack.callback(relay.stop)
        token = login(live, province, "bench")
        players: list[subprocess.Popen[bytes]] = []
        with httpx.Client(
            base_url=live.url, headers={"Authorization": f"Bearer {token}"}, timeout=60
        ) as http:
            for n in range(args.grants):
                cam = camera_ids[n % len(camera_ids)]
                r = http.post(f"/api/cameras/{cam}/grants", json={"stream": "sub"})
                r.raise_for_status()
                players.append(consumer(r.json()["url"]))

        def stop_players() -> None:
            for p in players:
                p.terminate()
            for p in players:
                p.wait(10)

        stack.callback(stop_players)
        time.sleep(WARM_UP)  # the warm-up period, not a wait for a condition
        before = [relay_cpu(r) for r in relays]
        started = time.monotonic()
        time.sleep(args.seconds)  # the sampling period
        elapsed = time.monotonic() - started
        used = [relay_cpu(r) - b for r, b in zip(relays, before, strict=True)]
        with live.hub.sessions() as s:
            leases = [row.host_id for row in s.query(RelayLeaseRow).all()]
        per_host = [
            {
                "pulls": leases.count(r.host_id),
                "cpu_pct": round(100 * u / elapsed, 2),
            }
            for r, u in zip(relays, used, strict=True)
        ]
        total = 100 * sum(used) / elapsed
        return {
            "relay_hosts": hosts,
            "streams": args.grants,
            "pulls": len(set(camera_ids[n % len(camera_ids)] for n in range(args.grants))),
            "players_alive": sum(p.poll() is None for p in players),
            "cpu_pct_total": round(total, 2),
            "cpu_pct_per_stream": round(total / args.grants, 3),
            "per_host": per_host,
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a PostgreSQL server URL")
    parser.add_argument("--hosts", default="1,2", help="relay host counts to compare")
    parser.add_argument("--cameras", type=int, default=8)
    parser.add_argument("--grants", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    with FleetProcess(args.cameras, "--event-period", "0") as fleet:
        for hosts in (int(h) for h in args.hosts.split(",")):
            print(json.dumps(run(args, hosts, fleet)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
