# SPDX-License-Identifier: GPL-3.0-or-later
"""A camera's own units use its images even outside their territory (audited as such)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hub.audit.models import AuditRecord
from hub.auth.principal import Principal
from hub.catalog.access import use_camera
from hub.catalog.models import Camera, CameraUsingUnit
from hub.contracts import Permission, Role
from hub.db import transaction
from hub.errors import HubError
from hub.testing import LiveHub, Province, add_user


def _camera(live: LiveHub, province: Province, using: list[str]) -> int:
    now = live.clock.now()
    with transaction(live.hub.sessions) as s:
        cam = Camera(
            code="B1-001",
            name="Chợ Hùng Sơn",
            onvif_url="http://127.0.0.1:9/onvif/device_service",
            managing_unit_id=province.units["districtB"],
            operating_unit_id=province.units["districtB"],
            tier="tier_2",
            category="security",
            territory_id=province.territories["B1"],
            mounting_layer="5_10m",
            created_at=now,
            updated_at=now - timedelta(days=1),
        )
        cam.using_units = [CameraUsingUnit(unit_id=province.units[u]) for u in using]
        s.add(cam)
        s.flush()
        return cam.id


def _principal(live: LiveHub, province: Province, name: str, unit: str) -> Principal:
    uid = add_user(live.hub, province, name, unit, [Role.OPERATOR])
    return Principal(uid, name, province.units[unit], frozenset({Role.OPERATOR}), 0, None, False)


def test_a_using_unit_views_outside_its_territory(live: LiveHub, province: Province) -> None:
    camera_id = _camera(live, province, using=["communeA1"])  # a camera in commune B1
    user = _principal(live, province, "a1_op", "communeA1")
    stranger = _principal(live, province, "a_op", "districtA")
    with transaction(live.hub.sessions) as s:
        _, decision = use_camera(live.hub, s, user, camera_id, Permission.IMAGE_LIVE)
    assert decision.basis == "unit"
    with live.hub.sessions() as s:
        rows = s.scalars(
            select(AuditRecord).where(
                AuditRecord.action == "access.image.live", AuditRecord.actor_id == user.user_id
            )
        ).all()
    assert [r.object_id for r in rows] == [str(camera_id)]
    with pytest.raises(HubError) as refused, transaction(live.hub.sessions) as s:
        use_camera(live.hub, s, stranger, camera_id, Permission.IMAGE_LIVE)
    assert refused.value.code == "scope.out_of_scope"
