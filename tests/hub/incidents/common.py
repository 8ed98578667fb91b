# SPDX-License-Identifier: GPL-3.0-or-later
"""Incident test helpers: a hub (no health round, no relay) with the seeded province,
people of each role signed in, catalogue cameras in A1 and B, and helpers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import func, select

from hub.catalog.models import Camera
from hub.contracts import Role
from hub.db import transaction
from hub.incidents.camera_events import CameraEvent, EventKind
from hub.incidents.ingest import ingest_camera_events
from hub.testing import LiveHub, Province, add_user, login, seed_province

# A small but whole JPEG (start of image, a comment, end of image).
JPEG = b"\xff\xd8\xff\xfe\x00\x08vwall!\xff\xd9"

USERS: dict[str, tuple[str, list[Role]]] = {
    "op_a": ("districtA", [Role.OPERATOR]),
    "op_a2": ("districtA", [Role.OPERATOR]),
    "sup_a": ("districtA", [Role.SUPERVISOR]),
    "admin_a": ("districtA", [Role.ADMIN]),
    "aud_a": ("districtA", [Role.AUDITOR]),
    "none_a": ("districtA", []),
    "op_b": ("districtB", [Role.OPERATOR]),
    "sup_b": ("districtB", [Role.SUPERVISOR]),
    "op_a1": ("communeA1", [Role.OPERATOR]),
}


@dataclass
class World:
    """A running hub, its province, signed-in people and two cameras (A1, B)."""

    live: LiveHub
    province: Province
    tokens: dict[str, str] = field(default_factory=dict)
    cameras: dict[str, int] = field(default_factory=dict)
    counter: int = 0

    def http(self, user: str) -> httpx.Client:
        return self.live.client(self.tokens[user])

    def add_camera(self, code: str, territory: str, unit: str) -> int:
        p = self.province
        with transaction(self.live.hub.sessions) as s:
            now = self.live.clock.now()
            camera = Camera(
                code=code,
                name=f"Camera {code}",
                onvif_url="http://127.0.0.1:9/onvif/device_service",
                rtsp_main_url="rtsp://127.0.0.1:9/main",
                rtsp_sub_url="rtsp://127.0.0.1:9/sub",
                managing_unit_id=p.units[unit],
                operating_unit_id=p.units[unit],
                tier="tier_3",
                category="security",
                territory_id=p.territories[territory],
                mounting_layer="5_10m",
                created_at=now,
                updated_at=now,
            )
            s.add(camera)
            s.flush()
            self.cameras[code] = camera.id
            return camera.id

    def camera_events(
        self, camera: str, kind: EventKind, n: int = 1, at: datetime | None = None, key: str = ""
    ) -> int:
        """Feed ``n`` events of a camera through ``ingest_camera_events``; how many new."""
        at = at or self.live.clock.now()
        events = []
        for _ in range(n):
            self.counter += 1
            events.append(
                CameraEvent(
                    camera_id=self.cameras[camera],
                    topic=f"tns1:RuleEngine/{kind.value}",
                    kind=kind,
                    occurred_at=at,
                    key=key or f"k{self.counter}",
                    data={"State": "true"},
                )
            )
        with transaction(self.live.hub.sessions) as s:
            return ingest_camera_events(self.live.hub, s, events)

    def count(self, model: Any) -> int:
        with transaction(self.live.hub.sessions) as s:
            return int(s.scalar(select(func.count()).select_from(model)) or 0)

    def enrol_box(self, unit: str = "communeA1", name: str = "Hộp AI 1") -> tuple[int, str]:
        with self.http("admin_a") as http:
            r = http.post(
                "/api/ai-boxes", json={"name": name, "unit_id": self.province.units[unit]}
            )
            assert r.status_code == 201, r.text
            return int(r.json()["id"]), str(r.json()["token"])


def ai_event(camera_id: int, event_id: str = "e1", **changes: Any) -> dict[str, Any]:
    """A valid AI-box event body."""
    body: dict[str, Any] = {
        "event_id": event_id,
        "camera_id": camera_id,
        "rule": "red_light",
        "kind": "violation",
        "occurred_at": "2026-03-02T08:00:00+07:00",
        "metadata": {
            "plate": "20A-123.45",
            "vehicle_type": "car",
            "colour": "white",
            "confidence": 0.93,
            "extra": {"lane": 2},
        },
    }
    body.update(changes)
    return body


def audit_actions(world: World, prefix: str) -> list[tuple[str, str, str | None]]:
    """(action, outcome, reason) of audit records whose action starts with ``prefix``."""
    from hub.audit.models import AuditRecord

    with transaction(world.live.hub.sessions) as s:
        rows = s.execute(
            select(AuditRecord.action, AuditRecord.outcome, AuditRecord.reason)
            .where(AuditRecord.action.like(prefix + "%"))
            .order_by(AuditRecord.seq)
        ).all()
    return [(a, o, r) for a, o, r in rows]


def details(world: World, action: str) -> list[dict[str, Any]]:
    """The details of the audit records of ``action``."""
    from hub.audit.models import AuditRecord

    with transaction(world.live.hub.sessions) as s:
        rows = s.scalars(
            select(AuditRecord.detail).where(AuditRecord.action == action).order_by(AuditRecord.seq)
        ).all()
    return [json.loads(d or "{}") for d in rows]


def make_world(live: LiveHub) -> World:
    """The province, the people of :data:`USERS` signed in, cameras ``a1`` and ``b``."""
    world = World(live, seed_province(live.hub))
    for name, (unit, roles) in USERS.items():
        add_user(live.hub, world.province, name, unit, roles)
        world.tokens[name] = login(live, world.province, name)
    world.add_camera("a1", "A1", "communeA1")
    world.add_camera("b", "B", "districtB")
    return world


QUIET = {"health_enabled": False, "media_relay": False, "camera_events_enabled": False}
