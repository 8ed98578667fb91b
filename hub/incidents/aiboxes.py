# SPDX-License-Identifier: GPL-3.0-or-later
"""Edge AI boxes: enrolment (a token per box, shown once, only its SHA-256 kept),
revocation, and the events they post (``POST /api/ingest/ai-events``).

A box belongs to a unit and may report only on cameras that unit manages, operates or
uses, or whose place the unit's scope covers. A post is checked whole before anything
is stored: one refused event (camera, snapshot) refuses the post and stores nothing.
An event the hub already has (same box, same ``event_id``) is a duplicate: dropped and
answered ``duplicate: true``. Schema: hub/README.md, "Events from edge AI boxes".
"""

from __future__ import annotations

import base64
import binascii
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.audit.service import Actor
from hub.auth.principal import Principal
from hub.auth.sessions import token_digest
from hub.catalog.access import unit_uses
from hub.catalog.models import Camera
from hub.context import Hub
from hub.contracts import UnitKind
from hub.errors import HubError, PendingAudit
from hub.incidents import files
from hub.incidents.contracts import (
    AiBoxCreate,
    AiBoxEnrolled,
    AiBoxOut,
    AiEventIn,
    AiEventResult,
    EventSource,
)
from hub.incidents.ingest import NewEvent, store_events
from hub.incidents.models import AiBox
from hub.org.models import OrgUnit
from hub.scope.service import require_in_scope, scope_of, territory_subtree


@dataclass(frozen=True)
class BoxPrincipal:
    """The calling AI box."""

    box_id: int
    name: str
    unit_id: int
    source: str | None

    @property
    def actor(self) -> Actor:
        """As an audit actor (no user)."""
        return Actor(None, f"ai-box:{self.name}"[:64], self.source)


def _out(row: AiBox) -> AiBoxOut:
    return AiBoxOut(
        id=row.id,
        name=row.name,
        unit_id=row.unit_id,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
        last_seen_at=row.last_seen_at,
    )


def _unit_in_scope(hub: Hub, session: Session, principal: Principal, unit_id: int) -> OrgUnit:
    unit = session.get(OrgUnit, unit_id)
    if unit is None:
        raise HubError(422, "ai_box.unknown_unit", {"unit_id": unit_id})
    # Approvals extend access to objects, never the power to manage devices.
    require_in_scope(hub, session, principal, unit.territory_id, unit.domain, approvals=False)
    return unit


def enrol_box(hub: Hub, session: Session, principal: Principal, req: AiBoxCreate) -> AiBoxEnrolled:
    """Enrol a box for a unit in the caller's scope; the token is in this answer only.

    Raises:
        HubError: 422 ``ai_box.unknown_unit``; 403 ``scope.out_of_scope``.
    """
    unit = _unit_in_scope(hub, session, principal, req.unit_id)
    token = "aibox_" + secrets.token_urlsafe(32)
    row = AiBox(
        name=req.name,
        unit_id=unit.id,
        token_hash=token_digest(token),
        created_by=principal.user_id,
        created_at=hub.clock.now(),
    )
    session.add(row)
    session.flush()
    hub.audit.append(
        session,
        principal.actor,
        "ai_box.enrol",
        object_type="ai_box",
        object_id=row.id,
        detail={"name": row.name, "unit_id": unit.id},
    )
    return AiBoxEnrolled(**_out(row).model_dump(), token=token)


def list_boxes(hub: Hub, session: Session, principal: Principal) -> list[AiBoxOut]:
    """Boxes of units in the caller's scope."""
    scope = scope_of(session, principal, hub.clock.now())
    out = []
    for row in session.scalars(select(AiBox).order_by(AiBox.id)):
        unit = session.get(OrgUnit, row.unit_id)
        if unit is not None and scope.covers(unit.territory_id, unit.domain):
            out.append(_out(row))
    return out


def revoke_box(hub: Hub, session: Session, principal: Principal, box_id: int) -> AiBoxOut:
    """Revoke a box's token (its next post gets 401). Audited; idempotent.

    Raises:
        HubError: 404 ``ai_box.not_found``; 403 ``scope.out_of_scope``.
    """
    row = session.get(AiBox, box_id, with_for_update=True)
    if row is None:
        raise HubError(404, "ai_box.not_found")
    _unit_in_scope(hub, session, principal, row.unit_id)
    if row.revoked_at is None:
        row.revoked_at = hub.clock.now()
        row.revoked_by = principal.user_id
        hub.audit.append(
            session,
            principal.actor,
            "ai_box.revoke",
            object_type="ai_box",
            object_id=row.id,
            detail={"name": row.name},
        )
    session.flush()
    return _out(row)


def authenticate_box(session: Session, hub: Hub, token: str, source: str | None) -> BoxPrincipal:
    """Resolve a box token (a user session or display token is no box token).

    Raises:
        HubError: 401 ``ai_box.token_invalid`` (unknown or revoked; audited and summarised
            with the other refusals).
    """
    row = session.scalars(select(AiBox).where(AiBox.token_hash == token_digest(token))).first()
    if row is None or row.revoked_at is not None:
        raise HubError(401, "ai_box.token_invalid")
    return BoxPrincipal(row.id, row.name, row.unit_id, source)


def _covers(session: Session, unit: OrgUnit, camera: Camera, subtree: frozenset[int]) -> bool:
    if unit.kind == UnitKind.PROVINCE_IOC.value or unit_uses(camera, unit.id):
        return True
    return camera.territory_id in subtree and (unit.domain is None or unit.domain == camera.domain)


def _snapshot(hub: Hub, text: str) -> bytes:
    limit = hub.settings.incidents.ai_snapshot_max_bytes
    if len(text) > (limit * 4) // 3 + 8:
        raise HubError(413, "event.snapshot_too_large", {"max_bytes": limit})
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise HubError(422, "event.bad_snapshot", {"reason": "not_base64"}) from None
    if len(data) > limit:
        raise HubError(413, "event.snapshot_too_large", {"max_bytes": limit})
    if not files.is_jpeg(data):
        raise HubError(422, "event.bad_snapshot", {"reason": "not_jpeg"})
    return data


def ingest_ai_events(
    hub: Hub, session: Session, box: BoxPrincipal, events: list[AiEventIn]
) -> list[AiEventResult]:
    """Store a box's events (all or none), run the rules; one result per event, in order.

    Raises:
        HubError: 403 ``event.camera_not_allowed`` (audited), 404 ``camera.not_found``,
            413 ``event.snapshot_too_large``, 422 ``event.bad_snapshot``.
    """
    row = session.get(AiBox, box.box_id)
    unit = session.get(OrgUnit, box.unit_id)
    assert row is not None and unit is not None
    camera_ids = {e.camera_id for e in events}
    cameras = {c.id: c for c in session.scalars(select(Camera).where(Camera.id.in_(camera_ids)))}
    if missing := sorted(camera_ids - set(cameras)):
        raise HubError(404, "camera.not_found", {"camera_ids": missing[:20]})
    subtree = territory_subtree(session, unit.territory_id)
    refused = sorted(c for c in camera_ids if not _covers(session, unit, cameras[c], subtree))
    if refused:
        raise HubError(
            403,
            "event.camera_not_allowed",
            {"camera_ids": refused[:20]},
            PendingAudit(
                box.actor,
                "event.ingest",
                {
                    "outcome": "denied",
                    "object_type": "ai_box",
                    "object_id": box.box_id,
                    "reason": "camera_not_allowed",
                    "detail": {"camera_ids": refused[:20]},
                },
            ),
        )
    pictures = [_snapshot(hub, e.snapshot_base64) if e.snapshot_base64 else None for e in events]
    items: list[NewEvent] = []
    for event, picture in zip(events, pictures, strict=True):
        digest = files.store(hub, picture) if picture is not None else None
        metadata = event.metadata.model_dump(exclude_none=True, exclude_defaults=True)
        items.append(
            NewEvent(
                dedup_key=f"ai:{box.box_id}:{event.event_id}",
                source=EventSource.AI_BOX,
                camera_id=event.camera_id,
                box_id=box.box_id,
                kind=event.kind,
                topic=f"ai/{event.rule}",
                occurred_at=event.occurred_at,
                metadata={"rule": event.rule, "event_id": event.event_id, **metadata},
                snapshot_sha256=digest,
                snapshot_size=len(picture) if picture is not None else None,
            )
        )
    stored = {e.dedup_key: e for e in store_events(hub, session, items)}
    row.last_seen_at = hub.clock.now()
    out = []
    for item, event in zip(items, events, strict=True):
        new = stored.pop(item.dedup_key, None)
        out.append(
            AiEventResult(
                event_id=event.event_id,
                duplicate=new is None,
                id=new.id if new else None,
                incident_id=new.incident_id if new else None,
            )
        )
    return out
