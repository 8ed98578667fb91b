# SPDX-License-Identifier: GPL-3.0-or-later
"""Hub cases as the case widgets take them (plain data, no hub contract inside)."""

from __future__ import annotations

from hub.cases.contracts import (
    CaseDetail,
    CaseOut,
    CaseSide,
    CaseStatus,
    DeadlineState,
    ExtractionRequestOut,
)
from widgets.case_approvals import ApprovalItem
from widgets.case_board import CaseRow
from widgets.case_view import (
    CameraRangeItem,
    CaseDetailView,
    DeadlineItem,
    ExtractionItem,
    MediaItem,
    StepItem,
)
from widgets.incident_model import local_time

OPEN_DEADLINE = frozenset({DeadlineState.PENDING, DeadlineState.DUE_SOON, DeadlineState.OVERDUE})
# Who acts when no deadline runs: the IOC drafts and closes, the police do the rest.
IOC_STATUSES = frozenset({CaseStatus.DRAFT, CaseStatus.CONCLUDED})


def case_row(out: CaseOut, my_unit_id: int | None) -> CaseRow:
    """The board's row of a hub case; ``my_unit_id`` tells the inbox (sent to my unit,
    not yet accepted)."""
    running = sorted((d for d in out.deadlines if d.state in OPEN_DEADLINE), key=lambda d: d.due_at)
    following = running[0] if running else None
    if following is not None:
        side = following.side.value
    else:
        side = (CaseSide.IOC if out.status in IOC_STATUSES else CaseSide.POLICE).value
    return CaseRow(
        id=out.id,
        number=out.number,
        status=out.status.value,
        violation_type=out.violation_type.value,
        place=out.place,
        opened_at=out.opened_at,
        side=side,
        plate=out.plate or "",
        unit_name=out.unit_name,
        police_unit_name=out.police_unit_name or "",
        next_kind=following.kind.value if following is not None else "",
        next_due_at=following.due_at if following is not None else out.next_due_at,
        due_soon=out.due_soon,
        overdue=out.overdue,
        inbox=(
            out.status is CaseStatus.SENT
            and my_unit_id is not None
            and out.police_unit_id == my_unit_id
        ),
        media_count=out.media_count,
        version=out.version,
    )


def detail_view(detail: CaseDetail, my_unit_id: int | None) -> CaseDetailView:
    """The case view's view of a hub case."""
    return CaseDetailView(
        row=case_row(detail, my_unit_id),
        origin=detail.origin.value,
        incident_id=detail.incident_id,
        detected_at=detail.detected_at,
        description=detail.description,
        vehicle_type=detail.vehicle_type or "",
        opened_by=detail.opened_by or "",
        accepted_by=detail.accepted_by or "",
        complex=detail.complex,
        record_number=detail.record_number or "",
        decision_number=detail.decision_number or "",
        outcome=detail.outcome.value if detail.outcome else "",
        conclusion=detail.conclusion or "",
        held=detail.held,
        cameras=tuple(
            CameraRangeItem(c.camera_id, c.camera_name, c.start, c.end) for c in detail.cameras
        ),
        media=tuple(
            MediaItem(
                id=m.id,
                kind=m.kind.value,
                camera_id=m.camera_id,
                camera_name=m.camera_name or str(m.camera_id),
                start=m.start,
                end=m.end,
                duration_seconds=m.duration_seconds,
                sha256=m.sha256,
                size=m.size,
                added_by=m.added_by or "",
                masks=tuple(tuple((x, y) for x, y in polygon) for polygon in m.masks),
            )
            for m in detail.media
        ),
        steps=tuple(
            StepItem(
                at=s.at,
                actor=s.actor_name or "",
                unit=s.unit_name or "",
                action=s.action,
                from_status=s.from_status.value if s.from_status else None,
                to_status=s.to_status.value if s.to_status else None,
                text=s.text or "",
            )
            for s in detail.steps
        ),
        deadlines=tuple(
            DeadlineItem(
                kind=d.kind.value,
                side=d.side.value,
                article=d.article,
                basis=d.basis,
                due_at=d.due_at,
                state=d.state.value,
                met_at=d.met_at,
            )
            for d in detail.deadlines
        ),
        extractions=tuple(
            ExtractionItem(
                id=r.id,
                kind=r.kind.value,
                status=r.status.value,
                purpose=r.purpose,
                requester=requester(r),
                dossier_due_at=r.dossier_due_at,
                dossier_late=r.dossier_late,
                allowed=frozenset(a.value for a in r.allowed_actions),
            )
            for r in detail.extraction_requests
        ),
        allowed_actions=frozenset(a.value for a in detail.allowed_actions),
    )


def requester(out: ExtractionRequestOut) -> str:
    """Who asks: the other agency, else the person and unit."""
    if out.requester_agency:
        return out.requester_agency
    return f"{out.requester_name} ({out.requester_unit_name})"


def approval_item(out: ExtractionRequestOut) -> ApprovalItem:
    """The approver's row of a pending extraction request."""
    document = ""
    if out.document_number:
        document = out.document_number
        if out.document_date is not None:
            document += " — " + out.document_date.strftime("%d/%m/%Y")
    return ApprovalItem(
        id=out.id,
        case_id=out.case_id,
        case_number=out.case_number,
        kind=out.kind.value,
        status=out.status.value,
        purpose=out.purpose,
        content=out.content,
        requester=requester(out),
        created_at=out.created_at,
        document=document,
    )


def request_label(out: ExtractionRequestOut) -> str:
    """A request as the export dialog lists it."""
    return f"#{out.id} — {local_time(out.created_at)} — {out.purpose[:60]}"
