# SPDX-License-Identifier: GPL-3.0-or-later
"""The archive tests' world: a real hub on the wall clock with its relay, the simulated
fleet registered as cameras of commune A1 (in the scope of district A's users), users."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from camsim.process import FleetProcess
from hub.audit.models import AuditRecord
from hub.catalog.models import Camera
from hub.contracts import Role
from hub.db import transaction
from hub.testing import LiveHub, Province


@dataclass
class ArchiveWorld:
    """A running hub, its province, logged-in users and the fleet's camera ids."""

    live: LiveHub
    province: Province
    fleet: FleetProcess
    cameras: dict[str, int] = field(default_factory=dict)  # simulator id -> hub id
    tokens: dict[str, str] = field(default_factory=dict)

    def client(self, user: str) -> Any:
        return self.live.client(self.tokens[user])

    def camera(self, index: int) -> tuple[dict[str, Any], int]:
        entry = self.fleet.cameras[index]
        return entry, self.cameras[entry["id"]]


def register_fleet(live: LiveHub, p: Province, fleet: FleetProcess) -> dict[str, int]:
    """Camera rows for the simulated fleet (until the catalogue's onboarding does it)."""
    ids: dict[str, int] = {}
    now = live.clock.now()
    with transaction(live.hub.sessions) as s:
        for entry in fleet.cameras:
            cam = Camera(
                code=entry["id"],
                name=entry["name"],
                onvif_url=entry["onvif"]["url"],
                rtsp_main_url=entry["rtsp"]["main"],
                rtsp_sub_url=entry["rtsp"]["sub"],
                has_ptz=entry["ptz"],
                has_recording=True,
                has_events=True,
                managing_unit_id=p.units["districtA"],
                operating_unit_id=p.units["districtA"],
                tier="tier_3",
                category="security",
                territory_id=p.territories["A1"],
                mounting_layer="5_10m",
                created_at=now,
                updated_at=now,
            )
            s.add(cam)
            s.flush()
            cam.credentials = (entry["username"], entry["password"])
            ids[entry["id"]] = cam.id
    return ids


USERS: dict[str, tuple[str, list[Role]]] = {
    "operator": ("districtA", [Role.OPERATOR]),  # 7 days
    "supervisor": ("districtA", [Role.SUPERVISOR]),  # 30 days
    "ioc_operator": ("ioc", [Role.OPERATOR]),  # the IOC: unlimited
    "auditor": ("districtA", [Role.AUDITOR]),  # no image rights
    "outsider": ("districtB", [Role.OPERATOR]),  # out of scope
}


def audit(world: ArchiveWorld, action: str) -> list[AuditRecord]:
    """The audit records of one action, oldest first."""
    with transaction(world.live.hub.sessions) as s:
        rows = s.scalars(
            select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.seq)
        ).all()
        s.expunge_all()
        return list(rows)


def recorded_instant(world: ArchiveWorld, camera_id: int, near: float) -> float:
    """A whole second near ``near`` with a minute of recording after it (not in a gap)."""
    with world.client("operator") as http:
        r = http.get(
            f"/api/cameras/{camera_id}/recordings",
            params={
                "start": datetime.fromtimestamp(near - 900, UTC).isoformat(),
                "end": datetime.fromtimestamp(near + 900, UTC).isoformat(),
            },
        )
    r.raise_for_status()
    for piece in r.json()["ranges"]:
        a = datetime.fromisoformat(piece["start"]).timestamp()
        b = datetime.fromisoformat(piece["end"]).timestamp()
        if b - a > 120:
            return float(int(max(a + 10, min(near, b - 90))))
    raise AssertionError("no recorded minute near the asked time")
