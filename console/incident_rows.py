# SPDX-License-Identifier: GPL-3.0-or-later
"""Hub incidents as the queue's widgets take them (plain data, no hub contract inside)."""

from __future__ import annotations

from hub.incidents.contracts import IncidentDetail, IncidentOut
from widgets.incident_detail import AttachmentItem, HistoryItem, IncidentDetailView, ProcedureItem
from widgets.incident_model import IncidentRow


def incident_row(out: IncidentOut) -> IncidentRow:
    """The queue's row of a hub incident."""
    return IncidentRow(
        id=out.id,
        category=out.category.value,
        priority=out.priority.value,
        status=out.status.value,
        title=out.title,
        opened_at=out.opened_at,
        first_event_at=out.first_event_at,
        camera_id=str(out.camera_id) if out.camera_id is not None else None,
        camera_name=out.camera_name or "",
        territory_name=out.territory_name or "",
        unit_name=out.unit_name,
        count=out.count,
        due_at=out.due_at,
        notice_due_at=out.notice_due_at,
        overdue=out.overdue,
        requires_ack=out.requires_ack,
        acknowledged_by=out.acknowledged_by or "",
        assignee_name=out.assignee_name or "",
        escalation_level=out.escalation_level,
        version=out.version,
    )


def detail_view(detail: IncidentDetail) -> IncidentDetailView:
    """The detail pane's view of a hub incident."""
    return IncidentDetailView(
        row=incident_row(detail),
        description=detail.description,
        opened_by=detail.opened_by or "",
        acknowledged_at=detail.acknowledged_at,
        due_basis=detail.due_basis or "",
        resolution=detail.resolution or "",
        procedure=tuple(
            ProcedureItem(s.key, s.text_vi, s.text_en, s.done, s.done_by or "", s.done_at)
            for s in detail.procedure
        ),
        history=tuple(
            HistoryItem(
                s.at,
                s.actor_name or "",
                s.action,
                s.from_status.value if s.from_status else None,
                s.to_status.value if s.to_status else None,
                s.text or "",
            )
            for s in detail.steps
        ),
        attachments=tuple(
            AttachmentItem(a.id, a.name, a.size, a.sha256, a.added_by or "", a.added_at)
            for a in detail.attachments
        ),
        allowed_actions=frozenset(a.value for a in detail.allowed_actions),
    )
