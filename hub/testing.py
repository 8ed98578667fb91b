# SPDX-License-Identifier: GPL-3.0-or-later
"""Test helpers: a real hub on a free port, throwaway databases, a seeded province."""

from __future__ import annotations

import sys
import threading
import time
import traceback
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from hub.app import create_app
from hub.auth import totp
from hub.clock import ManualClock
from hub.context import Hub, open_hub
from hub.contracts import (
    SERVER_KEEP_ALIVE_SECONDS,
    Domain,
    Role,
    TerritoryCreate,
    TerritoryLevel,
    UnitCreate,
    UnitKind,
    UserCreate,
)
from hub.db import transaction
from hub.org import service as org
from hub.settings import Argon2Params, Settings

# Cheap argon2id for tests only (same algorithm, lower cost), through configuration.
TEST_ARGON2 = Argon2Params(time_cost=1, memory_cost=256, parallelism=1)
PASSWORD = "correct horse battery staple"
T0 = datetime(2026, 3, 2, 1, 0, 0, tzinfo=UTC)


def wait_until(predicate: Any, timeout: float = 10.0, what: str = "condition") -> None:
    """Poll ``predicate`` until true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.005)


@contextmanager
def postgres_database(admin_url: str, template: str | None = None) -> Iterator[str]:
    """A fresh database on the server of ``admin_url`` (a copy of ``template`` if given,
    else empty); dropped afterwards."""
    name = f"vwall_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    copy = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def settings_for_tests(db_url: str, data_dir: Path, **overrides: Any) -> Settings:
    """Settings for a test hub: cheap hashing, small thresholds unless overridden."""
    base = Settings(
        db_url=db_url,
        data_dir=data_dir,
        argon2=TEST_ARGON2,
        lockout_threshold=10,
        slowdown_free_failures=3,
        checkpoint_every_records=50,
        # No GStreamer relay in hub tests unless a test asks for it (media_relay=True).
        media_relay=False,
        # No pull-point readers either (camera_events_enabled=True): a test hub that
        # onboards simulator cameras would otherwise poll their events all along.
        camera_events_enabled=False,
    )
    return base.with_overrides(**overrides)


class LiveHub:
    """The real hub app served by uvicorn on 127.0.0.1 in a thread of this process."""

    def __init__(
        self,
        settings: Settings,
        clock: ManualClock | None = None,
        tls: tuple[Path, Path] | None = None,
    ) -> None:
        """Serve ``settings``' hub; ``tls`` (certificate, key) serves HTTPS."""
        self.clock = clock or ManualClock(T0)
        self.scheme = "https" if tls else "http"
        self.hub: Hub = open_hub(settings, self.clock)
        self.app = create_app(settings, self.clock, hub=self.hub)
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=0,
            log_level="warning",
            access_log=False,
            lifespan="on",
            proxy_headers=False,  # as `vwall-hub serve`: the hub decides whom to believe
            timeout_keep_alive=SERVER_KEEP_ALIVE_SECONDS,
            ssl_certfile=str(tls[0]) if tls else None,
            ssl_keyfile=str(tls[1]) if tls else None,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self.url = ""

    def start(self) -> LiveHub:
        """Start serving and wait until the socket accepts connections."""
        self._thread.start()
        try:
            wait_until(lambda: self._server.started or not self._thread.is_alive(), what="uvicorn")
        except TimeoutError as exc:
            # Say where the server is stuck: a slow start is a cause to find, not to wait on.
            frame = sys._current_frames().get(self._thread.ident or 0)
            where = "".join(traceback.format_stack(frame)) if frame is not None else "gone"
            raise TimeoutError(f"{exc}; the server thread is at:\n{where}") from None
        if not self._server.started:
            raise RuntimeError("hub server did not start")
        port = self._server.servers[0].sockets[0].getsockname()[1]
        self.url = f"{self.scheme}://127.0.0.1:{port}"
        return self

    def stop(self) -> None:
        """Stop the server and release the database."""
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self.hub.close()

    def client(self, token: str | None = None) -> httpx.Client:
        """A plain HTTP client, optionally with a bearer token."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)


@dataclass
class Province:
    """The seeded organisation: territory and unit ids by short name, users by name."""

    territories: dict[str, int] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    user_ids: dict[str, int] = field(default_factory=dict)


def seed_province(hub: Hub) -> Province:
    """Province P (districts A, B; communes A1, B1) with IOC, health department,
    district centres A and B, provincial police and commune A1."""
    p = Province()
    with transaction(hub.sessions) as s:

        def terr(key: str, name: str, level: TerritoryLevel, parent: str | None) -> None:
            req = TerritoryCreate(
                name=name, level=level, parent_id=p.territories[parent] if parent else None
            )
            p.territories[key] = org.create_territory(hub, s, None, req).id

        terr("P", "Thái Nguyên", TerritoryLevel.PROVINCE, None)
        terr("A", "TP Thái Nguyên", TerritoryLevel.DISTRICT, "P")
        terr("B", "Huyện Đại Từ", TerritoryLevel.DISTRICT, "P")
        terr("A1", "Phường Hoàng Văn Thụ", TerritoryLevel.COMMUNE, "A")
        terr("B1", "Xã Hùng Sơn", TerritoryLevel.COMMUNE, "B")

        def unit(
            key: str,
            kind: UnitKind,
            territory: str,
            parent: str | None = None,
            domain: Domain | None = None,
        ) -> None:
            req = UnitCreate(
                name=key,
                kind=kind,
                territory_id=p.territories[territory],
                parent_id=p.units[parent] if parent else None,
                domain=domain,
                leader=f"Leader {key}",
                it_focal_point=f"IT {key}",
            )
            p.units[key] = org.create_unit(hub, s, None, req).id

        unit("ioc", UnitKind.PROVINCE_IOC, "P")
        unit("health", UnitKind.DEPARTMENT, "P", "ioc", Domain.HEALTH)
        unit("districtA", UnitKind.DISTRICT, "A", "ioc")
        unit("districtB", UnitKind.DISTRICT, "B", "ioc")
        unit("police", UnitKind.PROVINCIAL_POLICE, "P")
        unit("communeA1", UnitKind.COMMUNE, "A1", "districtA")
    return p


def add_user(
    hub: Hub,
    p: Province,
    username: str,
    unit: str,
    roles: list[Role],
    enrolled: bool = True,
    must_change_password: bool = False,
) -> int:
    """Create an account (MFA already enrolled unless ``enrolled`` is false)."""
    with transaction(hub.sessions) as s:
        user = org.create_user(
            hub,
            s,
            None,
            UserCreate(
                username=username,
                display_name=username,
                unit_id=p.units[unit],
                roles=roles,
                password=PASSWORD,
            ),
        )
        user.password_change_required = must_change_password
        if enrolled:
            user.totp_secret = totp.new_secret()
            user.totp_enrolled = True
            p.secrets[username] = user.totp_secret
        p.user_ids[username] = user.id
        return user.id


def login(live: LiveHub, p: Province, username: str, password: str = PASSWORD) -> str:
    """Password + TOTP over HTTP; returns the session token.

    The clock moves to the next TOTP step first, since a used code is never accepted twice.
    """
    live.clock.advance(seconds=totp.STEP_SECONDS)
    with live.client() as http:
        r = http.post("/api/auth/login", json={"username": username, "password": password})
        r.raise_for_status()
        ticket = r.json()["ticket"]
        code = totp.code_at(p.secrets[username], live.clock.now())
        r = http.post(
            "/api/auth/mfa", json={"code": code}, headers={"Authorization": f"Bearer {ticket}"}
        )
        r.raise_for_status()
        token = r.json()["token"]
        assert isinstance(token, str)
        return token
