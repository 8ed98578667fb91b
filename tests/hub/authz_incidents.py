# SPDX-License-Identifier: GPL-3.0-or-later
"""Authorization rules of the incident queue, events, incident rules and AI boxes
(hub/incidents).

The targets of the incident routes lie in the actors' scope in every situation (commune
A1, below district A): an incident outside one's scope answers 404 (it does not exist
for the caller), which the matrix's scope situations (403) do not express; scope is
tested in tests/hub/incidents/test_lifecycle.py. The incidents are intrusions, so an
administrator's ``fault.handle`` does not count and the refusal is by role.
"""

from __future__ import annotations

from sqlalchemy import select

from hub.contracts import Permission
from hub.db import transaction
from hub.incidents import files
from hub.incidents.models import (
    AiBox,
    CameraEventRow,
    Incident,
    IncidentAttachment,
    IncidentRule,
)
from tests.hub.authz import SESSION, TICKET, Case, Ctx, Rule, static

JPEG = b"\xff\xd8\xff\xfe\x00\x08matrix\xff\xd9"


def _incident(ctx: Ctx, status: str = "new") -> int:
    """A fresh intrusion in commune A1 (in every matrix actor's scope) in ``status``."""
    p = ctx.province
    with transaction(ctx.live.hub.sessions) as s:
        now = ctx.live.clock.now()
        row = Incident(
            category="intrusion",
            priority="high",
            status=status,
            title=f"matrix {next(ctx.counter)}",
            description="",
            territory_id=p.territories["A1"],
            unit_id=p.units["communeA1"],
            escalation_level=0,
            count=1,
            first_event_at=now,
            last_event_at=now,
            opened_at=now,
            acknowledged_at=now if status != "new" else None,
            resolution="done" if status in ("resolved", "closed") else None,
            resolved_at=now if status in ("resolved", "closed") else None,
            version=1,
            updated_at=now,
        )
        s.add(row)
        s.flush()
        return row.id


def _attachment(ctx: Ctx) -> str:
    incident_id = _incident(ctx)
    digest = files.store(ctx.live.hub, JPEG)
    with transaction(ctx.live.hub.sessions) as s:
        row = IncidentAttachment(
            incident_id=incident_id,
            name="a.jpg",
            content_type="image/jpeg",
            size=len(JPEG),
            sha256=digest,
            added_at=ctx.live.clock.now(),
        )
        s.add(row)
        s.flush()
        return f"/api/incidents/{incident_id}/attachments/{row.id}"


def _event_with_snapshot(ctx: Ctx) -> int:
    if "event" not in ctx.memo:
        camera_id = ctx.camera("in_scope")
        digest = files.store(ctx.live.hub, JPEG)
        with transaction(ctx.live.hub.sessions) as s:
            now = ctx.live.clock.now()
            row = CameraEventRow(
                dedup_key="matrix:1",
                source="ai_box",
                camera_id=camera_id,
                kind="violation",
                topic="ai/red_light",
                occurred_at=now,
                received_at=now,
                metadata_json="{}",
                snapshot_sha256=digest,
                snapshot_size=len(JPEG),
                held=False,
            )
            s.add(row)
            s.flush()
            ctx.memo["event"] = row.id
    return int(ctx.memo["event"])


def _rule_id(ctx: Ctx) -> int:
    with transaction(ctx.live.hub.sessions) as s:
        return int(s.scalars(select(IncidentRule.id).where(IncidentRule.key == "intrusion")).one())


def _box_in(ctx: Ctx, situation: str) -> int:
    with transaction(ctx.live.hub.sessions) as s:
        row = AiBox(
            name=f"matrix box {next(ctx.counter)}",
            unit_id=ctx.unit(situation),
            token_hash=f"{next(ctx.counter):064d}",
            created_at=ctx.live.clock.now(),
        )
        s.add(row)
        s.flush()
        return row.id


def _step(suffix: str, status: str = "new", body: dict[str, object] | None = None) -> Rule:
    need = (
        Permission.INCIDENT_SUPERVISE
        if suffix in ("close", "reopen")
        else Permission.INCIDENT_HANDLE
    )
    return Rule(
        need,
        lambda ctx, actor, sit: Case(
            f"/api/incidents/{_incident(ctx, status)}/{suffix}", {"version": 1, **(body or {})}
        ),
    )


def _assign(ctx: Ctx, actor: str, situation: str) -> Case:
    return Case(
        f"/api/incidents/{_incident(ctx)}/assign",
        {"version": 1, "user_id": ctx.province.user_ids[actor]},
    )


RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/api/incidents"): Rule(SESSION, static("/api/incidents")),
    ("POST", "/api/incidents"): Rule(
        SESSION,
        static("/api/incidents", {"category": "fault", "title": "Mất tín hiệu camera"}),
    ),
    ("GET", "/api/incidents/assignees"): Rule(
        Permission.INCIDENT_HANDLE,
        lambda ctx, actor, sit: Case(f"/api/incidents/assignees?incident_id={_incident(ctx)}"),
    ),
    ("GET", "/api/incidents/{incident_id}"): Rule(
        Permission.INCIDENT_HANDLE,
        lambda ctx, actor, sit: Case(f"/api/incidents/{_incident(ctx)}"),
    ),
    ("POST", "/api/incidents/{incident_id}/acknowledge"): _step("acknowledge"),
    ("POST", "/api/incidents/{incident_id}/assign"): Rule(Permission.INCIDENT_HANDLE, _assign),
    ("POST", "/api/incidents/{incident_id}/start"): _step("start", "acknowledged"),
    ("POST", "/api/incidents/{incident_id}/resolve"): _step(
        "resolve", "in_progress", {"resolution": "Đã xử lý"}
    ),
    ("POST", "/api/incidents/{incident_id}/close"): _step("close", "resolved"),
    ("POST", "/api/incidents/{incident_id}/reopen"): _step(
        "reopen", "closed", {"reason": "Tái diễn"}
    ),
    ("POST", "/api/incidents/{incident_id}/escalate"): _step(
        "escalate", "acknowledged", {"reason": "Vượt thẩm quyền"}
    ),
    ("POST", "/api/incidents/{incident_id}/comments"): Rule(
        Permission.INCIDENT_HANDLE,
        lambda ctx, actor, sit: Case(
            f"/api/incidents/{_incident(ctx)}/comments", {"text": "Đã cử người"}
        ),
    ),
    ("POST", "/api/incidents/{incident_id}/procedure/{key}"): Rule(
        Permission.INCIDENT_HANDLE,
        lambda ctx, actor, sit: Case(
            f"/api/incidents/{_incident(ctx)}/procedure/verify", {"done": True}
        ),
    ),
    ("POST", "/api/incidents/{incident_id}/attachments"): Rule(
        Permission.INCIDENT_HANDLE,
        lambda ctx, actor, sit: Case(
            f"/api/incidents/{_incident(ctx)}/attachments",
            {"name": "note.txt", "content_type": "text/plain", "data_base64": "bm90ZQ=="},
        ),
    ),
    ("GET", "/api/incidents/{incident_id}/attachments/{attachment_id}"): Rule(
        Permission.INCIDENT_HANDLE, lambda ctx, actor, sit: Case(_attachment(ctx))
    ),
    ("GET", "/api/events/recent"): Rule(Permission.INCIDENT_HANDLE, static("/api/events/recent")),
    ("GET", "/api/events/{event_id}/snapshot"): Rule(
        Permission.INCIDENT_HANDLE,
        lambda ctx, actor, sit: Case(f"/api/events/{_event_with_snapshot(ctx)}/snapshot"),
    ),
    ("GET", "/api/incident-rules"): Rule(Permission.INCIDENT_HANDLE, static("/api/incident-rules")),
    ("PATCH", "/api/incident-rules/{rule_id}"): Rule(
        Permission.INCIDENT_SUPERVISE,
        lambda ctx, actor, sit: Case(f"/api/incident-rules/{_rule_id(ctx)}", {"enabled": True}),
    ),
    ("POST", "/api/ai-boxes"): Rule(
        Permission.CAMERA_MANAGE,
        lambda ctx, actor, sit: Case(
            "/api/ai-boxes", {"name": f"box {next(ctx.counter)}", "unit_id": ctx.unit(sit)}
        ),
        scoped=True,
    ),
    ("GET", "/api/ai-boxes"): Rule(Permission.CAMERA_MANAGE, static("/api/ai-boxes")),
    ("POST", "/api/ai-boxes/{box_id}/revoke"): Rule(
        Permission.CAMERA_MANAGE,
        lambda ctx, actor, sit: Case(f"/api/ai-boxes/{_box_in(ctx, sit)}/revoke"),
        scoped=True,
    ),
    # A box token only: a user's session is refused with 401, like a login ticket route.
    ("POST", "/api/ingest/ai-events"): Rule(
        TICKET,
        static(
            "/api/ingest/ai-events",
            {
                "event_id": "m1",
                "camera_id": 1,
                "rule": "red_light",
                "occurred_at": "2026-03-02T08:00:00+07:00",
            },
        ),
    ),
    ("POST", "/api/ingest/ai-events/batch"): Rule(
        TICKET,
        static(
            "/api/ingest/ai-events/batch",
            {
                "events": [
                    {
                        "event_id": "m1",
                        "camera_id": 1,
                        "rule": "red_light",
                        "occurred_at": "2026-03-02T08:00:00+07:00",
                    }
                ]
            },
        ),
    ),
}
