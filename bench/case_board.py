# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: the case deadline board with many cases, through the real hub over HTTP.

Usage: .venv/bin/python bench/case_board.py [--cases 10000] [--requests 200]
                                            [--pg URL] [--sqlite]

Seeds a scratch database (PostgreSQL with ``--pg`` or ``VWALL_TEST_PG_URL``; SQLite with
``--sqlite``) with the province, 20 ward police units under a city police unit and
``--cases`` cases of the IOC spread over them in every hand-off state, with their
deadline rows (a tenth overdue, a tenth due soon, the rest later or met); then a hub on
that database (in this process, uvicorn on 127.0.0.1) answers ``GET /api/cases/board``
``--requests`` times for an IOC case worker (every case), a ward police case worker (its
own) and the IOC's view of every pending deadline (``state=pending``, 500 rows), and
``GET /api/cases?limit=200`` for the IOC. Prints p50/p95 per view, rows answered, and on
PostgreSQL the plan of the board query. Goal (issue 12): ≤ 300 ms p95 on PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.hub_login import percentile
from hub.auth.sessions import open_session
from hub.cases.deadlines import board_query
from hub.cases.models import CaseCamera, CaseDeadline, ViolationCase
from hub.catalog.models import Camera
from hub.clock import ManualClock
from hub.contracts import Role, UnitCreate, UnitKind
from hub.db import transaction
from hub.org import service as org
from hub.org.models import User
from hub.testing import LiveHub, add_user, postgres_database, seed_province, settings_for_tests

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
STATES = ["draft", "sent", "verifying", "identified", "recorded", "decided", "concluded"]
WARDS = 20


def _seed(live: LiveHub, cases: int) -> tuple[int, list[int]]:
    """Province, police units, a camera, ``cases`` cases with deadlines; (IOC, wards)."""
    hub = live.hub
    p = seed_province(hub)
    with transaction(hub.sessions) as s:

        def unit(key: str, kind: UnitKind, parent: str) -> int:
            req = UnitCreate(
                name=key,
                kind=kind,
                territory_id=p.territories["A1"],
                parent_id=p.units[parent],
                leader="L",
                it_focal_point="IT",
            )
            p.units[key] = org.create_unit(hub, s, None, req).id
            return p.units[key]

        unit("cityA", UnitKind.CITY_POLICE, "police")
        wards = [unit(f"ward{n}", UnitKind.WARD_POLICE, "cityA") for n in range(WARDS)]
        camera = Camera(
            code="bench",
            name="Bench",
            onvif_url="http://127.0.0.1:9/onvif/device_service",
            managing_unit_id=p.units["communeA1"],
            operating_unit_id=p.units["communeA1"],
            tier="tier_3",
            category="violation_enforcement",
            territory_id=p.territories["A1"],
            mounting_layer="5_10m",
            created_at=NOW,
            updated_at=NOW,
        )
        s.add(camera)
        s.flush()
        camera_id = camera.id
    add_user(hub, p, "ioc_cw", "ioc", [Role.CASE_WORKER])
    add_user(hub, p, "ward_cw", "ward0", [Role.CASE_WORKER])
    rng = random.Random(12)
    ioc = p.units["ioc"]
    rows, cams, deadlines = [], [], []
    for n in range(1, cases + 1):
        state = STATES[n % len(STATES)]
        ward = wards[n % WARDS]
        opened = NOW - timedelta(days=rng.randint(1, 90))
        rows.append(
            {
                "id": n,
                "number": f"VP-2026-{n:06d}",
                "status": state,
                "origin": "tile",
                "violation_type": "red_light",
                "place": f"Nút giao {n}",
                "description": "",
                "detected_at": opened,
                "unit_id": ioc,
                "opened_at": opened,
                "police_unit_id": None if state == "draft" else ward,
                "sent_at": None if state == "draft" else opened,
                "complex": False,
                "outside_authority": False,
                "held": True,
                "version": 1,
                "updated_at": opened,
            }
        )
        cams.append({"case_id": n, "camera_id": camera_id, "start": opened, "end": opened})
        roll = rng.random()
        due = (
            NOW - timedelta(hours=rng.randint(1, 500))
            if roll < 0.1
            else NOW + timedelta(hours=rng.randint(1, 47))
            if roll < 0.2
            else NOW + timedelta(days=rng.randint(3, 60))
        )
        met = state == "concluded"
        police = state != "draft"
        deadlines.append(
            {
                "case_id": n,
                "kind": "verify" if police else "transfer",
                "side": "police" if police else "ioc",
                "unit_id": ward if police else ioc,
                "article": "DH 11.3b" if police else "DH 11.3a",
                "basis": "DH 11.3b: 1 tháng" if police else "DH 11.3a: 5 ngày làm việc",
                "started_at": opened,
                "due_at": due,
                "met_at": due if met else None,
                "void": False,
                "pending": not met,
            }
        )
        if police:  # the transfer, met when sent
            deadlines.append(
                {
                    "case_id": n,
                    "kind": "transfer",
                    "side": "ioc",
                    "unit_id": ioc,
                    "article": "DH 11.3a",
                    "basis": "DH 11.3a: 5 ngày làm việc",
                    "started_at": opened,
                    "due_at": opened + timedelta(days=7),
                    "met_at": opened,
                    "void": False,
                    "pending": False,
                }
            )
    with transaction(hub.sessions) as s:
        s.execute(insert(ViolationCase), rows)
        s.execute(insert(CaseCamera), cams)
        s.execute(insert(CaseDeadline), deadlines)
        if s.get_bind().dialect.name == "postgresql":
            s.execute(text("SELECT setval('cases_id_seq', :n)"), {"n": cases})
    with transaction(hub.sessions) as s:
        if s.get_bind().dialect.name == "postgresql":
            s.execute(text("ANALYZE"))
    return ioc, wards


def _time(live: LiveHub, token: str, path: str, params: dict[str, str], n: int) -> str:
    times = []
    rows = 0
    with live.client(token) as http:
        http.get(path, params=params).raise_for_status()  # warm
        for _ in range(n):
            t0 = time.perf_counter()
            r = http.get(path, params=params)
            times.append(time.perf_counter() - t0)
            r.raise_for_status()
            rows = len(r.json())
    return (
        f"{rows:4d} rows; p50 {percentile(times, 0.5) * 1000:6.1f} ms, "
        f"p95 {percentile(times, 0.95) * 1000:6.1f} ms"
    )


def _plan(live: LiveHub, wards: list[int]) -> None:
    stmt = board_query(NOW, 48.0, frozenset(wards[:1]), 0, None, None, 500)
    with transaction(live.hub.sessions) as s:
        compiled = stmt.compile(s.get_bind(), compile_kwargs={"literal_binds": True})
        plan = s.execute(text(f"EXPLAIN ANALYZE {compiled}")).scalars().all()
    print("  plan of the ward's board query:")
    for line in plan:
        print(f"    {line}")


def run(db_url: str, cases: int, requests: int, label: str) -> None:
    with tempfile.TemporaryDirectory(prefix="vwall-bench-") as tmp:
        settings = settings_for_tests(
            db_url,
            Path(tmp) / "data",
            health_enabled=False,
            media_relay=False,
            camera_events_enabled=False,
            session_idle_minutes=600,
        )
        live = LiveHub(settings, ManualClock(NOW)).start()
        try:
            t0 = time.monotonic()
            _ioc, wards = _seed(live, cases)
            print(f"{label}: {cases} cases seeded in {time.monotonic() - t0:.1f} s")
            tokens = {name: _session(live, name) for name in ("ioc_cw", "ward_cw")}
            views = [
                ("board, IOC (every case)", "ioc_cw", "/api/cases/board", {}),
                ("board, ward police", "ward_cw", "/api/cases/board", {}),
                ("board, IOC, every pending", "ioc_cw", "/api/cases/board", {"state": "pending"}),
                ("case list, IOC, 200", "ioc_cw", "/api/cases", {"limit": "200"}),
            ]
            for what, user, path, params in views:
                print(f"  {what:28s} {_time(live, tokens[user], path, params, requests)}")
            if db_url.startswith("postgresql"):
                _plan(live, wards)
        finally:
            live.stop()


def _session(live: LiveHub, name: str) -> str:
    """A session of an account (its MFA is not what is measured here)."""
    with transaction(live.hub.sessions) as s:
        user = s.scalars(select(User).where(User.username == name)).one()
        token, _ = open_session(s, live.hub, user, None)
        return token


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--pg", default=os.environ.get("VWALL_TEST_PG_URL"))
    parser.add_argument("--sqlite", action="store_true")
    args = parser.parse_args()
    with ExitStack() as stack:
        if args.pg:
            url = stack.enter_context(postgres_database(args.pg))
            run(url, args.cases, args.requests, "PostgreSQL")
        if args.sqlite or not args.pg:
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="vwall-bench-"))
            run(f"sqlite:///{tmp}/hub.sqlite3", args.cases, args.requests, "SQLite")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
