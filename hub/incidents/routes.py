# SPDX-License-Identifier: GPL-3.0-or-later
"""Routes of the incident queue (``/api/incidents``), events (``/api/events/recent``,
``/api/events/{id}/snapshot``), incident rules, edge AI boxes and their ingest
(``/api/ingest/ai-events``, box token only)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from fastapi.responses import JSONResponse

from hub.auth.principal import Principal
from hub.contracts import Permission, UtcDateTimeIn
from hub.deps import (
    BearerToken,
    CurrentUser,
    DbSession,
    HubDep,
    PathId,
    SourceDep,
    end_check,
    require,
)
from hub.incidents import aiboxes, queue, rules
from hub.incidents.aiboxes import BoxPrincipal
from hub.incidents.camera_events import EventKind
from hub.incidents.contracts import (
    AiBoxCreate,
    AiBoxEnrolled,
    AiBoxOut,
    AiEventBatch,
    AiEventBatchResult,
    AiEventIn,
    AiEventResult,
    AssigneeOut,
    AssignIn,
    AttachmentIn,
    CommentIn,
    EscalateIn,
    EventOut,
    IncidentCategory,
    IncidentDetail,
    IncidentOut,
    IncidentReport,
    IncidentRuleOut,
    IncidentRuleUpdate,
    IncidentStatus,
    Priority,
    ProcedureTick,
    ReopenIn,
    ResolveIn,
    VersionIn,
)

router = APIRouter(prefix="/api", tags=["incidents"])

Handler = Annotated[Principal, Depends(require(Permission.INCIDENT_HANDLE))]
Supervisor = Annotated[Principal, Depends(require(Permission.INCIDENT_SUPERVISE))]
CameraManager = Annotated[Principal, Depends(require(Permission.CAMERA_MANAGE))]
StepKey = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[a-z_]+$")]


def get_box(hub: HubDep, db: DbSession, token: BearerToken, source: SourceDep) -> BoxPrincipal:
    """The calling AI box (box token only; a user session is refused with 401)."""
    box = aiboxes.authenticate_box(db, hub, token, source)
    end_check(db)
    return box


CurrentBox = Annotated[BoxPrincipal, Depends(get_box)]


# --- the queue ------------------------------------------------------------------------------


@router.get("/incidents")
def list_incidents(
    hub: HubDep,
    db: DbSession,
    me: CurrentUser,
    status: IncidentStatus | None = None,
    priority: Priority | None = None,
    category: IncidentCategory | None = None,
    camera_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    overdue: bool | None = None,
    open: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    before_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> list[IncidentOut]:
    """Incidents I see and may read, newest first (``before_id`` pages back)."""
    return queue.list_incidents(
        hub,
        db,
        me,
        status=status,
        priority=priority,
        category=category,
        camera_id=camera_id,
        overdue=overdue,
        open_only=open,
        limit=limit,
        before_id=before_id,
    )


@router.post("/incidents", status_code=201)
def report_incident(
    hub: HubDep, db: DbSession, me: CurrentUser, req: IncidentReport
) -> IncidentOut:
    """Report a fault, security incident, data leak or abuse (anyone signed in)."""
    return queue.report(hub, db, me, req)


@router.get("/incidents/assignees")
def incident_assignees(
    hub: HubDep,
    db: DbSession,
    me: CurrentUser,
    incident_id: Annotated[int, Query(ge=1, le=2_147_483_647)],
) -> list[AssigneeOut]:
    """People the incident can be assigned to."""
    return queue.assignees(hub, db, me, incident_id)


@router.get("/incidents/{incident_id}")
def get_incident(
    hub: HubDep, db: DbSession, me: CurrentUser, incident_id: PathId
) -> IncidentDetail:
    """One incident with its history, attachments and latest events."""
    return queue.incident_detail(hub, db, me, incident_id)


@router.post("/incidents/{incident_id}/acknowledge")
def acknowledge(
    hub: HubDep, db: DbSession, me: CurrentUser, incident_id: PathId, req: VersionIn
) -> IncidentOut:
    """new → acknowledged (a critical incident's forced acknowledgement)."""
    return queue.acknowledge(hub, db, me, incident_id, req.version)


@router.post("/incidents/{incident_id}/assign")
def assign(
    hub: HubDep, db: DbSession, me: CurrentUser, incident_id: PathId, req: AssignIn
) -> IncidentOut:
    """Assign to myself, or (supervisor) to someone else."""
    return queue.assign(hub, db, me, incident_id, req)


@router.post("/incidents/{incident_id}/start")
def start(
    hub: HubDep, db: DbSession, me: CurrentUser, incident_id: PathId, req: VersionIn
) -> IncidentOut:
    """Start working on it."""
    return queue.start(hub, db, me, incident_id, req.version)


@router.post("/incidents/{incident_id}/resolve")
def resolve(
    hub: HubDep, db: DbSession, me: CurrentUser, incident_id: PathId, req: ResolveIn
) -> IncidentOut:
    """Record the resolution."""
    return queue.resolve(hub, db, me, incident_id, req)


@router.post("/incidents/{incident_id}/close")
def close(
    hub: HubDep, db: DbSession, me: CurrentUser, incident_id: PathId, req: VersionIn
) -> IncidentOut:
    """Close a resolved incident (supervisor)."""
    return queue.close(hub, db, me, incident_id, req.version)


@router.post("/incidents/{incident_id}/reopen")
def reopen(
    hub: HubDep, db: DbSession, me: CurrentUser, incident_id: PathId, req: ReopenIn
) -> IncidentOut:
    """Reopen a resolved or closed incident (supervisor)."""
    return queue.reopen(hub, db, me, incident_id, req)


@router.post("/incidents/{incident_id}/escalate")
def escalate(
    hub: HubDep, db: DbSession, me: CurrentUser, incident_id: PathId, req: EscalateIn
) -> IncidentOut:
    """Hand it to a higher unit (default: the parent unit)."""
    return queue.escalate(hub, db, me, incident_id, req)


@router.post("/incidents/{incident_id}/comments")
def comment(
    hub: HubDep, db: DbSession, me: CurrentUser, incident_id: PathId, req: CommentIn
) -> IncidentOut:
    """Add a comment."""
    return queue.comment(hub, db, me, incident_id, req)


@router.post("/incidents/{incident_id}/procedure/{key}")
def tick(
    hub: HubDep,
    db: DbSession,
    me: CurrentUser,
    incident_id: PathId,
    key: StepKey,
    req: ProcedureTick,
) -> IncidentOut:
    """Tick or untick a step of the procedure."""
    return queue.tick(hub, db, me, incident_id, key, req)


@router.post("/incidents/{incident_id}/attachments")
def attach(
    hub: HubDep, db: DbSession, me: CurrentUser, incident_id: PathId, req: AttachmentIn
) -> IncidentOut:
    """Attach a file (base64; ``incident_attachment_max_bytes`` at most)."""
    return queue.attach(hub, db, me, incident_id, req)


@router.get(
    "/incidents/{incident_id}/attachments/{attachment_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def attachment(
    hub: HubDep, db: DbSession, me: CurrentUser, incident_id: PathId, attachment_id: PathId
) -> Response:
    """An attachment's bytes (always as a download; never rendered by a browser)."""
    att, data = queue.attachment_bytes(hub, db, me, incident_id, attachment_id)
    return Response(
        data,
        media_type=att.content_type,
        headers={
            "Content-Disposition": "attachment",
            "X-Content-Type-Options": "nosniff",
            "X-Vwall-Sha256": att.sha256,
        },
    )


# --- events ---------------------------------------------------------------------------------


@router.get("/events/recent")
def recent_events(
    hub: HubDep,
    db: DbSession,
    me: Handler,
    camera_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    kind: EventKind | None = None,
    since: Annotated[UtcDateTimeIn | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[EventOut]:
    """Events of the cameras I see, newest first."""
    when: datetime | None = since
    return queue.list_events(hub, db, me, camera_id, kind, when, limit)


@router.get(
    "/events/{event_id}/snapshot",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}}},
)
def event_snapshot(hub: HubDep, db: DbSession, me: Handler, event_id: PathId) -> Response:
    """The picture an AI box sent with an event."""
    data = queue.event_snapshot(hub, db, me, event_id)
    return Response(data, media_type="image/jpeg", headers={"X-Content-Type-Options": "nosniff"})


# --- rules ----------------------------------------------------------------------------------


@router.get("/incident-rules")
def list_rules(db: DbSession, me: Handler) -> list[IncidentRuleOut]:
    """How events become incidents."""
    return rules.list_rules(db)


@router.patch("/incident-rules/{rule_id}")
def update_rule(
    hub: HubDep, db: DbSession, me: Supervisor, rule_id: PathId, req: IncidentRuleUpdate
) -> IncidentRuleOut:
    """Change a rule (supervisor; audited)."""
    return rules.update_rule(hub, db, me, rule_id, req)


# --- edge AI boxes --------------------------------------------------------------------------


@router.post("/ai-boxes", status_code=201)
def enrol_box(hub: HubDep, db: DbSession, me: CameraManager, req: AiBoxCreate) -> AiBoxEnrolled:
    """Enrol an AI box for a unit of my scope; the token is shown this once."""
    return aiboxes.enrol_box(hub, db, me, req)


@router.get("/ai-boxes")
def list_boxes(hub: HubDep, db: DbSession, me: CameraManager) -> list[AiBoxOut]:
    """AI boxes of units in my scope."""
    return aiboxes.list_boxes(hub, db, me)


@router.post("/ai-boxes/{box_id}/revoke")
def revoke_box(hub: HubDep, db: DbSession, me: CameraManager, box_id: PathId) -> AiBoxOut:
    """Revoke a box's token."""
    return aiboxes.revoke_box(hub, db, me, box_id)


@router.post(
    "/ingest/ai-events",
    responses={201: {"model": AiEventResult}, 200: {"model": AiEventResult}},
)
def ingest_ai_event(hub: HubDep, db: DbSession, box: CurrentBox, req: AiEventIn) -> JSONResponse:
    """One event from an AI box (box token): 201 stored, 200 ``duplicate: true``."""
    (result,) = aiboxes.ingest_ai_events(hub, db, box, [req])
    return JSONResponse(
        result.model_dump(mode="json"), status_code=200 if result.duplicate else 201
    )


@router.post("/ingest/ai-events/batch")
def ingest_ai_batch(
    hub: HubDep, db: DbSession, box: CurrentBox, req: AiEventBatch
) -> AiEventBatchResult:
    """Up to 500 events from an AI box in one post (all stored or none)."""
    results = aiboxes.ingest_ai_events(hub, db, box, req.events)
    duplicates = sum(1 for r in results if r.duplicate)
    return AiEventBatchResult(
        stored=len(results) - duplicates, duplicates=duplicates, results=results
    )
