# SPDX-License-Identifier: GPL-3.0-or-later
"""Fault incidents of the camera health checks: a camera that goes offline opens a fault
incident (one per camera while it is open: further offline flaps fold into it) with the
profile's repair deadline, for the operating unit's duty desk (DH 8.1, YB 8.1); a camera
back online adds a step to it but does not close it — a person records the repair."""

from __future__ import annotations

from sqlalchemy.orm import Session

from hub.catalog.models import Camera
from hub.catalog.service import SYSTEM
from hub.context import Hub
from hub.incidents.service import (
    TOPIC_UPDATED,
    add_step,
    fold,
    open_incident,
    open_source,
    push,
    rules_by_key,
)

RULE = "camera_offline"


def source_key(camera_id: int) -> str:
    """What folds: one camera's connection."""
    return f"offline:camera:{camera_id}"


def camera_offline(hub: Hub, session: Session, camera: Camera, detail: str | None) -> None:
    """Open (or fold into) the camera's fault incident."""
    rule = rules_by_key(session).get(RULE)
    if rule is None or not rule.enabled:
        return
    now = hub.clock.now()
    row = open_source(session, source_key(camera.id))
    if row is not None:
        fold(row, now)
        row.updated_at = now
        add_step(hub, session, row, None, "camera_offline", text=detail)
        push(hub, session, row, TOPIC_UPDATED)
        return
    open_incident(
        hub,
        session,
        category=rule.category,
        priority=rule.priority,
        title=f"{camera.name}: mất kết nối",
        description=detail or "",
        camera=camera,
        unit_id=camera.operating_unit_id,
        at=now,
        rule=rule,
        source_key=source_key(camera.id),
        opened_by=SYSTEM,
    )


def camera_online(hub: Hub, session: Session, camera: Camera) -> None:
    """Note on the camera's open fault incident that it answers again."""
    row = open_source(session, source_key(camera.id))
    if row is None:
        return
    row.updated_at = hub.clock.now()
    add_step(hub, session, row, None, "camera_online", text=None)
    push(hub, session, row, TOPIC_UPDATED)
