# SPDX-License-Identifier: GPL-3.0-or-later
"""What the case routes do: list, read, open, edit a draft, and each step of the
hand-off to the police (DH 11.3, 13); the rules of who sees and who acts are in
:mod:`hub.cases.service`, the deadlines in :mod:`hub.cases.deadlines`."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.auth.principal import Principal
from hub.cases.contracts import (
    AcceptIn,
    CameraRange,
    CaseAction,
    CaseCommentIn,
    CaseCreate,
    CaseDetail,
    CaseOrigin,
    CaseOut,
    CaseStatus,
    CaseStepOut,
    CaseUpdate,
    ConcludeIn,
    DataType,
    DecideIn,
    ExtendIn,
    IdentifyIn,
    LogAction,
    ReasonIn,
    RecordIn,
    SendIn,
    TransferIn,
)
from hub.cases.deadlines import sync_deadlines
from hub.cases.logs import log_extraction, log_personal_data
from hub.cases.models import CaseCamera, CaseMedia, CaseStep, ViolationCase
from hub.cases.service import (
    OPEN,
    TOPIC_OPENED,
    CaseViewer,
    Names,
    add_step,
    apply_hold,
    case_number,
    case_out,
    cases_out,
    finish,
    police_unit,
    push,
    refuse,
    step,
    visible_case,
)
from hub.catalog.service import visible_camera
from hub.clock import as_utc
from hub.context import Hub
from hub.errors import HubError
from hub.incidents.service import Viewer as IncidentViewer
from hub.incidents.service import visible_incident

S = CaseStatus
A = CaseAction
_BATCH = 500


# --- reading --------------------------------------------------------------------------------


def list_cases(
    hub: Hub,
    session: Session,
    principal: Principal,
    *,
    status: CaseStatus | None = None,
    side: str | None = None,
    inbox: bool = False,
    open_only: bool = False,
    limit: int = 200,
    before_id: int | None = None,
) -> list[CaseOut]:
    """The cases the caller sees, newest first; ``side`` ``ioc``/``police``: those of
    the caller's unit on that side; ``inbox``: sent to the caller's unit, not accepted."""
    viewer = CaseViewer.of(hub, session, principal)
    stmt = select(ViolationCase).order_by(ViolationCase.id.desc())
    if not viewer.everything:
        units = sorted(viewer.subtree())
        stmt = stmt.where(
            ViolationCase.unit_id.in_(units)
            | ViolationCase.police_unit_id.in_(units)
            | ViolationCase.transferred_from_unit_id.in_(units)
            | (ViolationCase.opened_by == principal.user_id)
        )
    if status is not None:
        stmt = stmt.where(ViolationCase.status == status.value)
    if open_only:
        stmt = stmt.where(ViolationCase.status.in_(OPEN))
    if side == "ioc":
        stmt = stmt.where(ViolationCase.unit_id == principal.unit_id)
    elif side == "police":
        stmt = stmt.where(ViolationCase.police_unit_id == principal.unit_id)
    if inbox:
        stmt = stmt.where(
            ViolationCase.police_unit_id == principal.unit_id,
            ViolationCase.status == S.SENT.value,
        )
    if before_id is not None:
        stmt = stmt.where(ViolationCase.id < before_id)
    rows = list(session.scalars(stmt.limit(limit)))
    return cases_out(hub, session, rows, viewer)


def case_detail(hub: Hub, session: Session, principal: Principal, case_id: int) -> CaseDetail:
    """One case with its media, history, extraction requests and exports.

    Raises:
        HubError: 404 ``case.not_found``.
    """
    from hub.cases.export import exports_of
    from hub.cases.extraction import requests_of
    from hub.cases.media import media_out

    viewer = CaseViewer.of(hub, session, principal)
    row = visible_case(session, viewer, case_id)
    names = Names(session, [row])
    base = case_out(hub, session, row, names, viewer)
    steps = list(
        session.scalars(select(CaseStep).where(CaseStep.case_id == row.id).order_by(CaseStep.id))
    )
    media = list(
        session.scalars(select(CaseMedia).where(CaseMedia.case_id == row.id).order_by(CaseMedia.id))
    )
    return CaseDetail(
        **base.model_dump(),
        media=[media_out(m, names) for m in media],
        steps=[
            CaseStepOut(
                at=as_utc(s.at),
                actor_name=names.user(s.actor_id),
                unit_name=names.unit(s.unit_id),
                action=s.action,
                from_status=CaseStatus(s.from_status) if s.from_status else None,
                to_status=CaseStatus(s.to_status) if s.to_status else None,
                text=s.text,
            )
            for s in steps
        ],
        extraction_requests=requests_of(hub, session, principal, row),
        exports=exports_of(session, row, names),
    )


# --- opening and editing ---------------------------------------------------------------------


def _set_cameras(
    hub: Hub, session: Session, principal: Principal, row: ViolationCase, ranges: list[CameraRange]
) -> None:
    for r in ranges:
        visible_camera(hub, session, principal, r.camera_id)
        if r.end > hub.clock.now():
            raise HubError(422, "case.range_in_future", {"camera_id": r.camera_id})
    for old in session.scalars(select(CaseCamera).where(CaseCamera.case_id == row.id)):
        session.delete(old)
    session.flush()
    for r in ranges:
        session.add(CaseCamera(case_id=row.id, camera_id=r.camera_id, start=r.start, end=r.end))
    session.flush()


def create_case(hub: Hub, session: Session, principal: Principal, req: CaseCreate) -> CaseOut:
    """Open a case in the caller's unit (``case.work``): from an incident the caller
    sees, a tile or a timeline selection; its events go under legal hold.

    Raises:
        HubError: 404 ``incident.not_found`` / ``camera.not_found``; 403
            ``scope.out_of_scope`` (a camera the caller does not see); 422
            ``case.range_in_future``.
    """
    hub.audit.lock_chain(session)
    viewer = CaseViewer.of(hub, session, principal)
    if not viewer.works:
        raise refuse(principal, "open", None, "no_case_right")
    now = hub.clock.now()
    detected = req.detected_at
    if req.origin is CaseOrigin.INCIDENT and req.incident_id is not None:
        incident = visible_incident(
            hub, session, IncidentViewer.of(hub, session, principal), req.incident_id
        )
        detected = detected or as_utc(incident.first_event_at)
    detected = detected or min(r.start for r in req.cameras)
    if detected > now:
        raise HubError(422, "case.detected_in_future")
    row = ViolationCase(
        status=S.DRAFT.value,
        origin=req.origin.value,
        violation_type=req.violation_type.value,
        incident_id=req.incident_id,
        place=req.place,
        plate=req.plate,
        vehicle_type=req.vehicle_type,
        description=req.description,
        detected_at=detected,
        unit_id=principal.unit_id,
        opened_by=principal.user_id,
        opened_at=now,
        complex=False,
        outside_authority=False,
        held=True,
        version=1,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    row.number = case_number(row)
    _set_cameras(hub, session, principal, row, req.cameras)
    held = apply_hold(session, row)
    add_step(hub, session, row, principal, "open")
    sync_deadlines(hub, session, row)
    session.flush()
    hub.audit.append(
        session,
        principal.actor,
        "case.open",
        object_type="case",
        object_id=row.id,
        detail={
            "number": row.number,
            "origin": req.origin.value,
            "violation_type": req.violation_type.value,
            "incident_id": req.incident_id,
            "camera_ids": [r.camera_id for r in req.cameras],
            "unit_id": row.unit_id,
            "events_held": held,
        },
    )
    push(hub, session, row, TOPIC_OPENED)
    return case_out(hub, session, row, viewer=viewer)


def update_case(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: CaseUpdate
) -> CaseOut:
    """Change a draft (IOC side)."""
    row, viewer = step(hub, session, principal, case_id, A.EDIT, req.version)
    changed: list[str] = []
    for name in ("violation_type", "place", "plate", "vehicle_type", "description"):
        value = getattr(req, name)
        if value is not None:
            setattr(row, name, getattr(value, "value", value))
            changed.append(name)
    if req.cameras is not None:
        _set_cameras(hub, session, principal, row, req.cameras)
        apply_hold(session, row)
        changed.append("cameras")
    return finish(
        hub, session, principal, row, viewer, "edit", row.status, None, {"changed": changed}
    )


# --- the IOC side ----------------------------------------------------------------------------


def send(hub: Hub, session: Session, principal: Principal, case_id: int, req: SendIn) -> CaseOut:
    """draft → sent: hand the case to a competent police unit (DH 11.3a); the hand-off of
    personal data is logged (TN 21.5b).

    Raises:
        HubError: 422 ``case.bad_police_unit``; 409 ``case.no_media`` (nothing to hand).
    """
    row, viewer = step(hub, session, principal, case_id, A.SEND, req.version)
    unit = police_unit(session, req.police_unit_id)
    media = list(session.scalars(select(CaseMedia).where(CaseMedia.case_id == row.id)))
    if not media:
        raise HubError(409, "case.no_media")
    before = row.status
    row.status = S.SENT.value
    row.police_unit_id = unit.id
    row.sent_at = hub.clock.now()
    log_personal_data(
        hub,
        session,
        principal,
        row,
        LogAction.HAND_OFF,
        f"Chuyển vụ việc {row.number} cho {unit.name} (DH 11.3a)",
        _data_types(row, media),
    )
    return finish(
        hub,
        session,
        principal,
        row,
        viewer,
        "send",
        before,
        req.note or None,
        {"police_unit_id": unit.id, "media": len(media)},
    )


def _media(session: Session, row: ViolationCase) -> list[CaseMedia]:
    stmt = select(CaseMedia).where(CaseMedia.case_id == row.id).order_by(CaseMedia.id)
    return list(session.scalars(stmt))


def _data_types(row: ViolationCase, media: list[CaseMedia]) -> set[DataType]:
    types = {DataType.VIDEO if m.kind == "clip" else DataType.IMAGE for m in media}
    if row.plate:
        types.add(DataType.PLATE)
    return types


def cancel(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: ReasonIn
) -> CaseOut:
    """draft → cancelled (the hold is released)."""
    row, viewer = step(hub, session, principal, case_id, A.CANCEL, req.version)
    before = row.status
    row.status = S.CANCELLED.value
    row.closed_at = hub.clock.now()
    return finish(hub, session, principal, row, viewer, "cancel", before, req.reason)


def close(hub: Hub, session: Session, principal: Principal, case_id: int, version: int) -> CaseOut:
    """concluded → closed: the IOC has the conclusion (the hold is released)."""
    row, viewer = step(hub, session, principal, case_id, A.CLOSE, version)
    before = row.status
    row.status = S.CLOSED.value
    row.closed_at = hub.clock.now()
    return finish(hub, session, principal, row, viewer, "close", before)


# --- the police side -------------------------------------------------------------------------


def accept(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: AcceptIn
) -> CaseOut:
    """sent → verifying (DH 11.3b: verify within 1 month of receipt, 2 when complex)."""
    row, viewer = step(hub, session, principal, case_id, A.ACCEPT, req.version)
    before = row.status
    row.status = S.VERIFYING.value
    row.accepted_at = hub.clock.now()
    row.accepted_by = principal.user_id
    row.complex = req.complex
    return finish(
        hub, session, principal, row, viewer, "accept", before, None, {"complex": req.complex}
    )


def mark_complex(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: ReasonIn
) -> CaseOut:
    """The verification is complex: 2 months from receipt (DH 11.3b)."""
    row, viewer = step(hub, session, principal, case_id, A.MARK_COMPLEX, req.version)
    row.complex = True
    return finish(hub, session, principal, row, viewer, "mark_complex", row.status, req.reason)


def identify(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: IdentifyIn
) -> CaseOut:
    """verifying → identified: the record is due in 3 working days (DH 13.1); the
    violator's identity is personal data (logged, TN 21.5b; never in the audit detail)."""
    row, viewer = step(hub, session, principal, case_id, A.IDENTIFY, req.version)
    before = row.status
    row.status = S.IDENTIFIED.value
    row.identified_at = hub.clock.now()
    row.violator = req.violator
    log_personal_data(
        hub,
        session,
        principal,
        row,
        LogAction.IDENTIFY,
        f"Xác định người vi phạm, vụ việc {row.number} (DH 13.1)",
        {DataType.IDENTITY},
    )
    return finish(hub, session, principal, row, viewer, "identify", before, req.note or None)


def record(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: RecordIn
) -> CaseOut:
    """identified → recorded: the decision is due (DH 13.2); outside the recorder's
    authority the case must go to the competent unit within 24 hours (DH 13.1)."""
    row, viewer = step(hub, session, principal, case_id, A.RECORD, req.version)
    before = row.status
    row.status = S.RECORDED.value
    row.recorded_at = hub.clock.now()
    row.record_number = req.record_number
    row.outside_authority = req.outside_authority
    return finish(
        hub,
        session,
        principal,
        row,
        viewer,
        "record",
        before,
        req.note or None,
        {"record_number": req.record_number, "outside_authority": req.outside_authority},
    )


def transfer(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: TransferIn
) -> CaseOut:
    """Hand the case to the competent police unit (status kept; after the record the
    decision takes 10 working days, DH 13.2).

    Raises:
        HubError: 422 ``case.bad_police_unit`` (not police, or the same unit).
    """
    row, viewer = step(hub, session, principal, case_id, A.TRANSFER, req.version)
    unit = police_unit(session, req.police_unit_id)
    if unit.id == row.police_unit_id:
        raise HubError(422, "case.bad_police_unit", {"unit_id": unit.id, "reason": "same_unit"})
    row.transferred_from_unit_id = row.police_unit_id
    row.police_unit_id = unit.id
    row.transferred_at = hub.clock.now()
    log_personal_data(
        hub,
        session,
        principal,
        row,
        LogAction.HAND_OFF,
        f"Chuyển vụ việc {row.number} cho {unit.name} (DH 13.1)",
        _data_types(row, _media(session, row)),
    )
    return finish(
        hub,
        session,
        principal,
        row,
        viewer,
        "transfer",
        row.status,
        req.reason,
        {"from_unit_id": row.transferred_from_unit_id, "to_unit_id": unit.id},
    )


def extend(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: ExtendIn
) -> CaseOut:
    """The decision takes longer (DH 13.2: 1 month, 2 months especially complex)."""
    row, viewer = step(hub, session, principal, case_id, A.EXTEND, req.version)
    row.decision_extension = req.extension.value
    return finish(
        hub,
        session,
        principal,
        row,
        viewer,
        "extend",
        row.status,
        req.reason,
        {"extension": req.extension.value},
    )


def decide(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: DecideIn
) -> CaseOut:
    """recorded → decided: the IOC must be told within 5 working days (DH 11.3b)."""
    row, viewer = step(hub, session, principal, case_id, A.DECIDE, req.version)
    before = row.status
    row.status = S.DECIDED.value
    row.decided_at = hub.clock.now()
    row.decision_number = req.decision_number
    return finish(
        hub,
        session,
        principal,
        row,
        viewer,
        "decide",
        before,
        req.note or None,
        {"decision_number": req.decision_number},
    )


def conclude(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: ConcludeIn
) -> CaseOut:
    """→ concluded: the police tell the IOC the conclusion (DH 11.3b). From verifying or
    identified only without a decision (no violation, violator not identified, other).

    Raises:
        HubError: 422 ``case.bad_outcome`` (penalised without a decision).
    """
    row, viewer = step(hub, session, principal, case_id, A.CONCLUDE, req.version)
    if req.outcome.value == "penalised" and row.decided_at is None:
        raise HubError(422, "case.bad_outcome", {"outcome": req.outcome.value})
    before = row.status
    row.status = S.CONCLUDED.value
    row.concluded_at = hub.clock.now()
    row.outcome = req.outcome.value
    row.conclusion = req.conclusion
    return finish(
        hub,
        session,
        principal,
        row,
        viewer,
        "conclude",
        before,
        req.conclusion,
        {"outcome": req.outcome.value},
    )


def comment(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: CaseCommentIn
) -> CaseOut:
    """A comment of either side (no new version)."""
    row, viewer = step(hub, session, principal, case_id, A.COMMENT, None)
    return finish(hub, session, principal, row, viewer, "comment", row.status, req.text, bump=False)


def log_capture(
    hub: Hub,
    session: Session,
    principal: Principal,
    row: ViolationCase,
    medium: CaseMedia,
) -> None:
    """The extraction and personal-data logs of a medium cut or taken into a case."""
    from hub.cases.logs import requester_of

    purpose = f"Chứng cứ vụ việc {row.number}"
    log_extraction(
        hub,
        session,
        principal,
        row,
        LogAction.CAPTURE,
        purpose=purpose,
        requester=requester_of(session, principal),
        camera_ids=[medium.camera_id],
        media_count=1,
    )
    log_personal_data(
        hub,
        session,
        principal,
        row,
        LogAction.CAPTURE,
        purpose,
        {DataType.VIDEO if medium.kind == "clip" else DataType.IMAGE},
    )
