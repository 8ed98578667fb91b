# SPDX-License-Identifier: GPL-3.0-or-later
"""Case test helpers: a quiet hub whose clock starts on Tue 6 Jan 2026 (so the 2026 New
Year swap and Tết lie ahead of it), the seeded province with police units below the
provincial police (city police A, ward police A1, a traffic police team), people of each
role signed in, a camera of commune A1, and helpers."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select

from hub.archive.models import EvidenceSnapshot
from hub.audit.models import AuditRecord
from hub.catalog.models import Camera
from hub.contracts import Role, UnitCreate, UnitKind
from hub.db import transaction
from hub.org import service as org
from hub.testing import LiveHub, Province, add_user, login, seed_province

# Tue 6 Jan 2026 09:00 +07:00.
START = datetime(2026, 1, 6, 2, 0, tzinfo=UTC)

USERS: dict[str, tuple[str, list[Role]]] = {
    "ioc_cw": ("ioc", [Role.CASE_WORKER]),
    "ioc_cw2": ("ioc", [Role.CASE_WORKER]),
    "ioc_op": ("ioc", [Role.OPERATOR]),
    "ioc_appr": ("ioc", [Role.APPROVER]),
    "ioc_admin": ("ioc", [Role.ADMIN]),
    "ioc_aud": ("ioc", [Role.AUDITOR]),
    "ioc_req": ("ioc", [Role.EXPORT_REQUESTER]),
    "ward_cw": ("wardA1", [Role.CASE_WORKER]),
    "ward_op": ("wardA1", [Role.OPERATOR]),
    "ward_appr": ("wardA1", [Role.APPROVER]),
    "ward_aud": ("wardA1", [Role.AUDITOR]),
    "city_cw": ("cityA", [Role.CASE_WORKER]),
    "city_appr": ("cityA", [Role.APPROVER]),
    "prov_cw": ("police", [Role.CASE_WORKER]),
    "prov_appr": ("police", [Role.APPROVER]),
    "traffic_cw": ("traffic", [Role.CASE_WORKER]),
    "da_cw": ("districtA", [Role.CASE_WORKER]),
    "a1_chair": ("communeA1", [Role.APPROVER]),
    "a1_cw": ("communeA1", [Role.CASE_WORKER]),
    "a1_cw2": ("communeA1", [Role.CASE_WORKER]),
    "none_ioc": ("ioc", []),
}


@dataclass
class World:
    """A running hub, its province with police units, signed-in people, a camera."""

    live: LiveHub
    province: Province
    tokens: dict[str, str] = field(default_factory=dict)
    camera_id: int = 0

    def http(self, user: str) -> httpx.Client:
        return self.live.client(self.tokens[user])

    def unit(self, key: str) -> int:
        return self.province.units[key]

    def user_id(self, name: str) -> int:
        return self.province.user_ids[name]

    def now(self) -> datetime:
        return self.live.clock.now()

    def move_to(self, local: str) -> None:
        """Move the hub clock forward to a local (+07:00) time ``YYYY-MM-DDTHH:MM``."""
        target = datetime.fromisoformat(local + "+07:00").astimezone(UTC)
        delta = target - self.now()
        assert delta >= timedelta(0), f"the clock only moves forward ({local})"
        self.live.clock.advance(seconds=delta.total_seconds())

    def snapshot(self, at: datetime | None = None) -> int:
        """An evidence snapshot row of the camera (as the archive stores them)."""
        at = at or self.now() - timedelta(minutes=30)
        with transaction(self.live.hub.sessions) as s:
            row = EvidenceSnapshot(
                camera_id=self.camera_id,
                source="archive",
                file_name=f"{secrets.token_hex(8)}.jpg",
                sha256=secrets.token_hex(32),
                size=1234,
                captured_at=at,
                taken_by=self.user_id("ioc_op"),
                created_at=self.now(),
            )
            s.add(row)
            s.flush()
            return row.id

    def case_body(self, **changes: Any) -> dict[str, Any]:
        """A valid case from a tile: the camera, the last hour."""
        end = self.now() - timedelta(minutes=5)
        body: dict[str, Any] = {
            "origin": "tile",
            "violation_type": "red_light",
            "cameras": [
                {
                    "camera_id": self.camera_id,
                    "start": (end - timedelta(hours=1)).isoformat(),
                    "end": end.isoformat(),
                }
            ],
            "place": "Ngã tư Hoàng Văn Thụ",
            "plate": "20A-123.45",
            "vehicle_type": "car",
            "description": "Vượt đèn đỏ",
        }
        body.update(changes)
        return body

    def open_case(self, user: str = "ioc_cw", **changes: Any) -> dict[str, Any]:
        with self.http(user) as http:
            r = http.post("/api/cases", json=self.case_body(**changes))
            assert r.status_code == 201, r.text
            return dict(r.json())

    def add_snapshot(self, case_id: int, user: str = "ioc_cw") -> dict[str, Any]:
        snap = self.snapshot()
        with self.http(user) as http:
            r = http.post(f"/api/cases/{case_id}/media/snapshots", json={"snapshot_id": snap})
            assert r.status_code == 201, r.text
            return dict(r.json())

    def get(self, case_id: int, user: str = "ioc_cw") -> dict[str, Any]:
        with self.http(user) as http:
            r = http.get(f"/api/cases/{case_id}")
            assert r.status_code == 200, r.text
            return dict(r.json())

    def act(
        self, user: str, case_id: int, step: str, body: dict[str, Any], status: int = 200
    ) -> dict[str, Any]:
        """Post a step with the case's current version."""
        version = self.get(case_id, "ioc_cw")["version"]
        with self.http(user) as http:
            r = http.post(f"/api/cases/{case_id}/{step}", json={"version": version, **body})
            assert r.status_code == status, r.text
            return dict(r.json())

    def sent_case(self) -> dict[str, Any]:
        """A case with a snapshot, sent to ward police A1."""
        case = self.open_case()
        self.add_snapshot(case["id"])
        return self.act("ioc_cw", case["id"], "send", {"police_unit_id": self.unit("wardA1")})


def deadline(case: dict[str, Any], kind: str) -> dict[str, Any]:
    """The deadline of ``kind`` of a case as answered."""
    (d,) = [d for d in case["deadlines"] if d["kind"] == kind]
    return dict(d)


def local(moment: str) -> str:
    """An answered instant in +07:00, ``YYYY-MM-DDTHH:MM``."""
    return (
        datetime.fromisoformat(moment)
        .astimezone(datetime.fromisoformat("2026-01-01T00:00+07:00").tzinfo)
        .strftime("%Y-%m-%dT%H:%M")
    )


def audit_actions(world: World, prefix: str) -> list[tuple[str, str, str | None]]:
    """(action, outcome, reason) of audit records whose action starts with ``prefix``."""
    with transaction(world.live.hub.sessions) as s:
        rows = s.execute(
            select(AuditRecord.action, AuditRecord.outcome, AuditRecord.reason)
            .where(AuditRecord.action.like(prefix + "%"))
            .order_by(AuditRecord.seq)
        ).all()
    return [(a, o, r) for a, o, r in rows]


def details(world: World, action: str) -> list[dict[str, Any]]:
    """The details of the audit records of ``action``."""
    with transaction(world.live.hub.sessions) as s:
        rows = s.scalars(
            select(AuditRecord.detail).where(AuditRecord.action == action).order_by(AuditRecord.seq)
        ).all()
    return [json.loads(d or "{}") for d in rows]


def make_world(live: LiveHub) -> World:
    """The province with police units, the people of :data:`USERS`, camera A1."""
    p = seed_province(live.hub)
    with transaction(live.hub.sessions) as s:

        def unit(key: str, kind: UnitKind, territory: str, parent: str) -> None:
            req = UnitCreate(
                name=key,
                kind=kind,
                territory_id=p.territories[territory],
                parent_id=p.units[parent],
                leader=f"Leader {key}",
                it_focal_point=f"IT {key}",
            )
            p.units[key] = org.create_unit(live.hub, s, None, req).id

        unit("cityA", UnitKind.CITY_POLICE, "A", "police")
        unit("wardA1", UnitKind.WARD_POLICE, "A1", "cityA")
        unit("traffic", UnitKind.TRAFFIC_POLICE_TEAM, "P", "police")
    world = World(live, p)
    for name, (unit_key, roles) in USERS.items():
        add_user(live.hub, p, name, unit_key, roles)
        world.tokens[name] = login(live, p, name)
    with transaction(live.hub.sessions) as s:
        now = live.clock.now()
        camera = Camera(
            code="a1",
            name="Camera A1",
            onvif_url="http://127.0.0.1:9/onvif/device_service",
            rtsp_main_url="rtsp://127.0.0.1:9/main",
            rtsp_sub_url="rtsp://127.0.0.1:9/sub",
            managing_unit_id=p.units["communeA1"],
            operating_unit_id=p.units["communeA1"],
            tier="tier_3",
            category="violation_enforcement",
            territory_id=p.territories["A1"],
            mounting_layer="5_10m",
            created_at=now,
            updated_at=now,
        )
        s.add(camera)
        s.flush()
        world.camera_id = camera.id
    return world


QUIET = {
    "health_enabled": False,
    "media_relay": False,
    "camera_events_enabled": False,
    "session_idle_minutes": 400 * 24 * 60,
    "session_absolute_hours": 400 * 24,
}
