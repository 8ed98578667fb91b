# SPDX-License-Identifier: GPL-3.0-or-later
"""What the routes of the incident queue do: list, read, report, each step of the life
cycle, comments, procedure ticks, attachments, assignees, and the event list.

The rules of who sees and who may do what are in :mod:`hub.incidents.service`.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.auth.principal import Principal
from hub.catalog.access import camera_or_404
from hub.catalog.models import Camera
from hub.catalog.service import Visibility, visible_camera
from hub.clock import as_utc
from hub.context import Hub
from hub.contracts import ROLE_PERMISSIONS, Permission
from hub.errors import HubError
from hub.incidents import files
from hub.incidents.camera_events import EventKind
from hub.incidents.contracts import (
    AssigneeOut,
    AssignIn,
    AttachmentIn,
    AttachmentOut,
    CommentIn,
    EscalateIn,
    EventOut,
    EventSource,
    IncidentAction,
    IncidentCategory,
    IncidentDetail,
    IncidentOut,
    IncidentReport,
    IncidentStatus,
    IncidentStepOut,
    Priority,
    ProcedureTick,
    ReopenIn,
    ResolveIn,
)
from hub.incidents.models import (
    AiBox,
    CameraEventRow,
    Incident,
    IncidentAttachment,
    IncidentStep,
    ProcedureCheck,
)
from hub.incidents.procedures import steps_of
from hub.incidents.service import (
    ACTIVE,
    REPORT_PRIORITY,
    Names,
    Viewer,
    finish,
    incident_out,
    is_overdue,
    open_incident,
    refuse,
    step,
    unit_chain,
    visible_incident,
)
from hub.org.models import OrgUnit, User, UserRole

S = IncidentStatus
A = IncidentAction
_BATCH = 500


# --- reading --------------------------------------------------------------------------------


def list_incidents(
    hub: Hub,
    session: Session,
    principal: Principal,
    *,
    status: IncidentStatus | None = None,
    priority: Priority | None = None,
    category: IncidentCategory | None = None,
    camera_id: int | None = None,
    overdue: bool | None = None,
    open_only: bool | None = None,
    limit: int = 200,
    before_id: int | None = None,
) -> list[IncidentOut]:
    """The incidents the caller sees and may read, newest first."""
    viewer = Viewer.of(hub, session, principal)
    stmt = select(Incident).order_by(Incident.id.desc())
    if status is not None:
        stmt = stmt.where(Incident.status == status.value)
    if priority is not None:
        stmt = stmt.where(Incident.priority == priority.value)
    if category is not None:
        stmt = stmt.where(Incident.category == category.value)
    if camera_id is not None:
        stmt = stmt.where(Incident.camera_id == camera_id)
    if open_only:
        stmt = stmt.where(Incident.status.in_(ACTIVE))
    now = hub.clock.now()
    picked: list[Incident] = []
    cursor = before_id
    while len(picked) < limit:
        page_stmt = stmt if cursor is None else stmt.where(Incident.id < cursor)
        page = list(session.scalars(page_stmt.limit(_BATCH)))
        for row in page:
            if not (viewer.sees(row) and viewer.reads(row)):
                continue
            if overdue is not None and is_overdue(row, now) != overdue:
                continue
            picked.append(row)
            if len(picked) >= limit:
                break
        if len(page) < _BATCH:
            break
        cursor = page[-1].id
    names = Names(session, picked)
    return [incident_out(hub, session, r, names, viewer, procedure=False) for r in picked]


def _event_out(row: CameraEventRow, box_names: dict[int, str]) -> EventOut:
    return EventOut(
        id=row.id,
        camera_id=row.camera_id,
        source=EventSource(row.source),
        box_name=box_names.get(row.box_id) if row.box_id else None,
        kind=EventKind(row.kind),
        topic=row.topic,
        occurred_at=as_utc(row.occurred_at),
        received_at=as_utc(row.received_at),
        metadata=json.loads(row.metadata_json or "{}"),
        has_snapshot=row.snapshot_sha256 is not None,
        incident_id=row.incident_id,
    )


def _events_out(session: Session, rows: list[CameraEventRow]) -> list[EventOut]:
    box_ids = {r.box_id for r in rows if r.box_id is not None}
    boxes = (
        {b.id: b.name for b in session.scalars(select(AiBox).where(AiBox.id.in_(box_ids)))}
        if box_ids
        else {}
    )
    return [_event_out(r, boxes) for r in rows]


def incident_detail(
    hub: Hub, session: Session, principal: Principal, incident_id: int
) -> IncidentDetail:
    """One incident with its history, attachments and latest 50 events.

    Raises:
        HubError: 404 ``incident.not_found``; 403 ``forbidden`` (audited).
    """
    viewer = Viewer.of(hub, session, principal)
    row = visible_incident(hub, session, viewer, incident_id)
    if not viewer.reads(row):
        raise refuse(principal, "read", row.id, "no_incident_right")
    names = Names(session, [row])
    base = incident_out(hub, session, row, names, viewer)
    steps = list(
        session.scalars(
            select(IncidentStep).where(IncidentStep.incident_id == row.id).order_by(IncidentStep.id)
        )
    )
    attachments = list(
        session.scalars(
            select(IncidentAttachment)
            .where(IncidentAttachment.incident_id == row.id)
            .order_by(IncidentAttachment.id)
        )
    )
    events = list(
        session.scalars(
            select(CameraEventRow)
            .where(CameraEventRow.incident_id == row.id)
            .order_by(CameraEventRow.id.desc())
            .limit(50)
        )
    )
    return IncidentDetail(
        **base.model_dump(),
        steps=[
            IncidentStepOut(
                at=as_utc(s.at),
                actor_name=names.user(s.actor_id),
                action=s.action,
                from_status=IncidentStatus(s.from_status) if s.from_status else None,
                to_status=IncidentStatus(s.to_status) if s.to_status else None,
                text=s.text,
            )
            for s in steps
        ],
        attachments=[_attachment_out(a, names) for a in attachments],
        events=_events_out(session, events),
    )


def _attachment_out(row: IncidentAttachment, names: Names) -> AttachmentOut:
    return AttachmentOut(
        id=row.id,
        name=row.name,
        content_type=row.content_type,
        size=row.size,
        sha256=row.sha256,
        added_by=names.user(row.added_by),
        added_at=as_utc(row.added_at),
    )


# --- reporting ------------------------------------------------------------------------------


def report(hub: Hub, session: Session, principal: Principal, req: IncidentReport) -> IncidentOut:
    """A person reports a fault, security incident, data leak or abuse (any signed-in
    user). About a camera, it goes to the camera's operating unit (DH 8.1, YB 8.1: the
    duty desk of the operating unit), else to the reporter's unit. Abuse is critical
    (HCM 10.4, TN 9.4).

    Raises:
        HubError: 404 ``camera.not_found``; 403 ``scope.out_of_scope`` (a camera the
            reporter does not see).
    """
    camera = visible_camera(hub, session, principal, req.camera_id) if req.camera_id else None
    priority = req.priority or REPORT_PRIORITY[req.category]
    if req.category is IncidentCategory.ABUSE:
        priority = Priority.CRITICAL
    row = open_incident(
        hub,
        session,
        category=req.category.value,
        priority=priority.value,
        title=req.title,
        description=req.description,
        camera=camera,
        unit_id=camera.operating_unit_id if camera else principal.unit_id,
        at=hub.clock.now(),
        opened_by=principal.actor,
    )
    return incident_out(hub, session, row, viewer=Viewer.of(hub, session, principal))


# --- life cycle -----------------------------------------------------------------------------


def acknowledge(
    hub: Hub, session: Session, principal: Principal, incident_id: int, version: int
) -> IncidentOut:
    """new → acknowledged."""
    row, viewer = step(hub, session, principal, incident_id, A.ACKNOWLEDGE, version)
    before = row.status
    row.status = S.ACKNOWLEDGED.value
    row.acknowledged_at = hub.clock.now()
    row.acknowledged_by = principal.user_id
    row.escalate_at = None
    return finish(hub, session, principal, row, viewer, "acknowledge", before)


def assignees(
    hub: Hub, session: Session, principal: Principal, incident_id: int
) -> list[AssigneeOut]:
    """People the incident can go to: enabled accounts that work incidents of its
    category, in its unit or escalation unit or a unit above them."""
    viewer = Viewer.of(hub, session, principal)
    row = visible_incident(hub, session, viewer, incident_id)
    if not viewer.works(row):
        raise refuse(principal, "assign", row.id, "no_incident_right")
    return _assignees(session, row)


def _working_roles(category: str) -> set[str]:
    wanted = {Permission.INCIDENT_HANDLE}
    if category == IncidentCategory.FAULT.value:
        wanted.add(Permission.FAULT_HANDLE)
    return {role.value for role, perms in ROLE_PERMISSIONS.items() if perms & wanted}


def _assignees(session: Session, row: Incident) -> list[AssigneeOut]:
    parents = {u: p for u, p in session.execute(select(OrgUnit.id, OrgUnit.parent_id))}
    units = set(unit_chain(parents, row.unit_id)) | set(
        unit_chain(parents, row.escalated_to_unit_id)
    )
    stmt = (
        select(User.id, User.display_name)
        .join(UserRole, UserRole.user_id == User.id)
        .where(
            User.unit_id.in_(units),
            User.disabled.is_(False),
            UserRole.role.in_(_working_roles(row.category)),
        )
        .distinct()
        .order_by(User.display_name, User.id)
    )
    return [AssigneeOut(id=uid, name=name) for uid, name in session.execute(stmt)]


def assign(
    hub: Hub, session: Session, principal: Principal, incident_id: int, req: AssignIn
) -> IncidentOut:
    """Give the incident to someone: oneself, or (``incident.supervise``) another person
    who works incidents of its unit.

    Raises:
        HubError: 403 (someone else without ``incident.supervise``), 422
            ``incident.bad_assignee``, 409 (stale, transition, ``incident.ack_required``).
    """
    row, viewer = step(hub, session, principal, incident_id, A.ASSIGN, req.version)
    if req.user_id != principal.user_id and not viewer.supervises(row):
        raise refuse(principal, "assign", row.id, "missing incident.supervise")
    if req.user_id not in {a.id for a in _assignees(session, row)}:
        raise HubError(422, "incident.bad_assignee", {"user_id": req.user_id})
    before = row.status
    if row.status != S.IN_PROGRESS.value:
        row.status = S.ASSIGNED.value
    _ack_implicitly(hub, row, principal)
    row.assignee_id = req.user_id
    return finish(
        hub, session, principal, row, viewer, "assign", before, detail={"assignee": req.user_id}
    )


def _ack_implicitly(hub: Hub, row: Incident, principal: Principal) -> None:
    # Working a (non-critical) new incident acknowledges it: it stops escalating.
    if row.acknowledged_at is None:
        row.acknowledged_at = hub.clock.now()
        row.acknowledged_by = principal.user_id
    row.escalate_at = None


def start(
    hub: Hub, session: Session, principal: Principal, incident_id: int, version: int
) -> IncidentOut:
    """→ in_progress (assigned to the caller when nobody has it)."""
    row, viewer = step(hub, session, principal, incident_id, A.START, version)
    before = row.status
    row.status = S.IN_PROGRESS.value
    _ack_implicitly(hub, row, principal)
    if row.assignee_id is None:
        row.assignee_id = principal.user_id
    return finish(hub, session, principal, row, viewer, "start", before)


def resolve(
    hub: Hub, session: Session, principal: Principal, incident_id: int, req: ResolveIn
) -> IncidentOut:
    """→ resolved, with how."""
    row, viewer = step(hub, session, principal, incident_id, A.RESOLVE, req.version)
    before = row.status
    row.status = S.RESOLVED.value
    _ack_implicitly(hub, row, principal)
    row.resolution = req.resolution
    row.resolved_at = hub.clock.now()
    return finish(hub, session, principal, row, viewer, "resolve", before, text=req.resolution)


def close(
    hub: Hub, session: Session, principal: Principal, incident_id: int, version: int
) -> IncidentOut:
    """resolved → closed (``incident.supervise``)."""
    row, viewer = step(hub, session, principal, incident_id, A.CLOSE, version)
    before = row.status
    row.status = S.CLOSED.value
    row.closed_at = hub.clock.now()
    return finish(hub, session, principal, row, viewer, "close", before)


def reopen(
    hub: Hub, session: Session, principal: Principal, incident_id: int, req: ReopenIn
) -> IncidentOut:
    """resolved or closed → acknowledged (``incident.supervise``), saying why."""
    row, viewer = step(hub, session, principal, incident_id, A.REOPEN, req.version)
    before = row.status
    row.status = S.ACKNOWLEDGED.value
    row.resolution = None
    row.resolved_at = None
    row.closed_at = None
    return finish(hub, session, principal, row, viewer, "reopen", before, text=req.reason)


def escalate(
    hub: Hub, session: Session, principal: Principal, incident_id: int, req: EscalateIn
) -> IncidentOut:
    """Hand an open incident to a higher unit (default: the parent of its current one).

    Raises:
        HubError: 422 ``incident.bad_escalation`` (no unit above, or not above).
    """
    row, viewer = step(hub, session, principal, incident_id, A.ESCALATE, req.version)
    target = escalation_target(session, row, req.unit_id)
    before = row.status
    apply_escalation(row, target)
    return finish(
        hub, session, principal, row, viewer, "escalate", before, req.reason, {"unit_id": target}
    )


def escalation_target(session: Session, row: Incident, unit_id: int | None) -> int:
    """The unit an escalation goes to: ``unit_id`` if it lies above the incident's current
    unit, else the parent of that unit.

    Raises:
        HubError: 422 ``incident.bad_escalation``.
    """
    parents = {u: p for u, p in session.execute(select(OrgUnit.id, OrgUnit.parent_id))}
    current = row.escalated_to_unit_id or row.unit_id
    above = unit_chain(parents, current)[1:]
    if unit_id is None:
        if not above:
            raise HubError(422, "incident.bad_escalation", {"reason": "no_unit_above"})
        return above[0]
    if unit_id not in above:
        raise HubError(422, "incident.bad_escalation", {"reason": "not_above"})
    return unit_id


def apply_escalation(row: Incident, unit_id: int) -> None:
    """Record an escalation to ``unit_id``."""
    row.escalated_to_unit_id = unit_id
    row.escalation_level += 1


def comment(
    hub: Hub, session: Session, principal: Principal, incident_id: int, req: CommentIn
) -> IncidentOut:
    """Add a comment (no new version: comments never make another's step stale)."""
    row, viewer = step(hub, session, principal, incident_id, A.COMMENT, None)
    return finish(hub, session, principal, row, viewer, "comment", row.status, req.text, bump=False)


def tick(
    hub: Hub,
    session: Session,
    principal: Principal,
    incident_id: int,
    key: str,
    req: ProcedureTick,
) -> IncidentOut:
    """Tick or untick a step of the procedure (recorded).

    Raises:
        HubError: 404 ``incident.procedure_step_not_found``.
    """
    row, viewer = step(hub, session, principal, incident_id, A.CHECK, None)
    if key not in {k for k, _vi, _en in steps_of(IncidentCategory(row.category))}:
        raise HubError(404, "incident.procedure_step_not_found", {"key": key})
    check = session.get(ProcedureCheck, (row.id, key), with_for_update=True)
    if check is None:
        check = ProcedureCheck(incident_id=row.id, key=key)
        session.add(check)
    check.done = req.done
    check.done_by = principal.user_id if req.done else None
    check.done_at = hub.clock.now() if req.done else None
    return finish(
        hub,
        session,
        principal,
        row,
        viewer,
        "check" if req.done else "uncheck",
        row.status,
        key,
        {"key": key, "done": req.done},
        bump=False,
    )


def attach(
    hub: Hub, session: Session, principal: Principal, incident_id: int, req: AttachmentIn
) -> IncidentOut:
    """Attach a file (stored by its SHA-256).

    Raises:
        HubError: 400 ``incident.bad_attachment`` (not base64), 413
            ``incident.attachment_too_large``.
    """
    row, viewer = step(hub, session, principal, incident_id, A.ATTACH, None)
    limit = hub.settings.incidents.attachment_max_bytes
    if len(req.data_base64) > (limit * 4) // 3 + 8:
        raise HubError(413, "incident.attachment_too_large", {"max_bytes": limit})
    try:
        data = base64.b64decode(req.data_base64, validate=True)
    except (binascii.Error, ValueError):
        raise HubError(400, "incident.bad_attachment", {"reason": "not_base64"}) from None
    if not data:
        raise HubError(400, "incident.bad_attachment", {"reason": "empty"})
    if len(data) > limit:
        raise HubError(413, "incident.attachment_too_large", {"max_bytes": limit})
    digest = files.store(hub, data)
    att = IncidentAttachment(
        incident_id=row.id,
        name=req.name,
        content_type=req.content_type,
        size=len(data),
        sha256=digest,
        added_by=principal.user_id,
        added_at=hub.clock.now(),
    )
    session.add(att)
    session.flush()
    return finish(
        hub,
        session,
        principal,
        row,
        viewer,
        "attach",
        row.status,
        req.name,
        {"attachment_id": att.id, "sha256": digest, "size": len(data)},
        bump=False,
    )


def attachment_bytes(
    hub: Hub, session: Session, principal: Principal, incident_id: int, attachment_id: int
) -> tuple[IncidentAttachment, bytes]:
    """An attachment's row and bytes (the read is audited).

    Raises:
        HubError: 404 ``incident.not_found`` / ``incident.attachment_not_found``; 403;
            500 ``incident.attachment_corrupt``.
    """
    viewer = Viewer.of(hub, session, principal)
    row = visible_incident(hub, session, viewer, incident_id)
    if not viewer.reads(row):
        raise refuse(principal, "read", row.id, "no_incident_right")
    att = session.get(IncidentAttachment, attachment_id)
    if att is None or att.incident_id != row.id:
        raise HubError(404, "incident.attachment_not_found")
    data = files.read(hub, att.sha256)
    if data is None:
        raise HubError(500, "incident.attachment_corrupt", {"attachment_id": att.id})
    hub.audit.append(
        session,
        principal.actor,
        "incident.attachment_read",
        object_type="incident",
        object_id=row.id,
        detail={"attachment_id": att.id, "sha256": att.sha256},
    )
    return att, data


# --- events ---------------------------------------------------------------------------------


def list_events(
    hub: Hub,
    session: Session,
    principal: Principal,
    camera_id: int | None,
    kind: EventKind | None,
    since: datetime | None,
    limit: int,
) -> list[EventOut]:
    """Recent events of the cameras the caller sees, newest first."""
    visibility = Visibility(hub, session, principal)
    stmt = select(CameraEventRow).order_by(CameraEventRow.id.desc())
    if camera_id is not None:
        visible_camera(hub, session, principal, camera_id)
        stmt = stmt.where(CameraEventRow.camera_id == camera_id)
    if kind is not None:
        stmt = stmt.where(CameraEventRow.kind == kind.value)
    if since is not None:
        stmt = stmt.where(CameraEventRow.occurred_at >= since)
    seen: dict[int, bool] = {}
    picked: list[CameraEventRow] = []
    cursor: int | None = None
    while len(picked) < limit:
        page_stmt = stmt if cursor is None else stmt.where(CameraEventRow.id < cursor)
        page = list(session.scalars(page_stmt.limit(_BATCH)))
        for row in page:
            if row.camera_id is None:
                continue
            if row.camera_id not in seen:
                camera = session.get(Camera, row.camera_id)
                seen[row.camera_id] = camera is not None and visibility.sees(camera)
            if seen[row.camera_id]:
                picked.append(row)
                if len(picked) >= limit:
                    break
        if len(page) < _BATCH:
            break
        cursor = page[-1].id
    return _events_out(session, picked)


def event_snapshot(hub: Hub, session: Session, principal: Principal, event_id: int) -> bytes:
    """The JPEG an AI box sent with an event (the view is audited).

    Raises:
        HubError: 404 ``event.not_found`` / ``event.no_snapshot``; 403 (scope);
            500 ``event.snapshot_corrupt``.
    """
    row = session.get(CameraEventRow, event_id)
    if row is None or row.camera_id is None:
        raise HubError(404, "event.not_found")
    camera = camera_or_404(session, row.camera_id)
    visible_camera(hub, session, principal, camera.id)
    if row.snapshot_sha256 is None:
        raise HubError(404, "event.no_snapshot")
    data = files.read(hub, row.snapshot_sha256)
    if data is None:
        raise HubError(500, "event.snapshot_corrupt", {"event_id": row.id})
    hub.audit.append(
        session,
        principal.actor,
        "event.snapshot_view",
        object_type="event",
        object_id=row.id,
        detail={"camera_id": camera.id, "sha256": row.snapshot_sha256},
    )
    return data
