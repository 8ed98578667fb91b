# SPDX-License-Identifier: GPL-3.0-or-later
"""The case service in the background: overdue hand-off steps and late fast-extraction
dossiers raise incidents.

- **Overdue steps.** A pending case deadline past its due time opens one incident
  (category ``other``, priority ``high``) for the unit that must act — the operating unit
  for the transfer (DH 11.3a), the police unit for the others — once per deadline
  (``case_deadlines.incident_id``); audited ``case.overdue``, the case pushed.
- **Late dossiers.** A fast extraction whose internal dossier is not complete at its
  due time (TN 9.2b: 24 working hours) is flagged (``dossier_flagged_at``), audited
  ``extraction.dossier_late`` and opens an incident for the commune.

Time is the hub's clock (tests move it); rounds run every ``cases.check_seconds`` and on
:meth:`CaseUpkeep.wake`.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.cases.contracts import DeadlineKind, ExtractionStatus
from hub.cases.models import CaseDeadline, ExtractionRequest, ViolationCase
from hub.cases.service import TOPIC_UPDATED, case_number, push
from hub.catalog.service import SYSTEM
from hub.clock import as_utc
from hub.context import Hub
from hub.db import transaction
from hub.incidents.contracts import IncidentCategory, Priority
from hub.incidents.service import open_incident
from hub.upkeep import Upkeep

log = logging.getLogger(__name__)

NAME = "cases"
_KIND_VI = {
    DeadlineKind.TRANSFER: "chuyển dữ liệu vi phạm cho công an",
    DeadlineKind.VERIFY: "xác minh",
    DeadlineKind.RECORD: "lập biên bản vi phạm",
    DeadlineKind.RECORD_TRANSFER: "chuyển biên bản cho người có thẩm quyền",
    DeadlineKind.DECISION: "ra quyết định xử phạt",
    DeadlineKind.NOTIFY_BACK: "thông báo kết quả cho IOC",
}


def raise_overdue(hub: Hub, session: Session) -> list[int]:
    """Open an incident for every pending deadline past due that has none; their ids."""
    now = hub.clock.now()
    hub.audit.lock_chain(session)  # before case and incident rows, like every writer
    stmt = (
        select(CaseDeadline)
        .where(
            CaseDeadline.pending.is_(True),
            CaseDeadline.due_at < now,
            CaseDeadline.incident_id.is_(None),
        )
        .order_by(CaseDeadline.due_at, CaseDeadline.id)
        .with_for_update()
    )
    done = []
    for d in session.scalars(stmt):
        case = session.get(ViolationCase, d.case_id)
        if case is None:
            continue
        number = case_number(case)
        what = _KIND_VI[DeadlineKind(d.kind)]
        incident = open_incident(
            hub,
            session,
            category=IncidentCategory.OTHER.value,
            priority=Priority.HIGH.value,
            title=f"Quá hạn {what} — vụ việc {number}",
            description=f"{d.basis}; hạn {as_utc(d.due_at).isoformat()}",
            camera=None,
            unit_id=d.unit_id,
            at=now,
            source_key=f"case_deadline:{d.id}",
        )
        d.incident_id = incident.id
        hub.audit.append(
            session,
            SYSTEM,
            "case.overdue",
            object_type="case",
            object_id=case.id,
            detail={
                "kind": d.kind,
                "article": d.article,
                "due_at": as_utc(d.due_at).isoformat(),
                "unit_id": d.unit_id,
                "incident_id": incident.id,
            },
        )
        session.flush()
        push(hub, session, case, TOPIC_UPDATED)
        done.append(incident.id)
    return done


def flag_late_dossiers(hub: Hub, session: Session) -> list[int]:
    """Flag every fast extraction whose dossier is past due and missing; their ids."""
    from hub.cases.extraction import TOPIC_UPDATED as EXTRACTION_UPDATED
    from hub.cases.extraction import push as push_request

    now = hub.clock.now()
    hub.audit.lock_chain(session)
    stmt = (
        select(ExtractionRequest)
        .where(
            ExtractionRequest.status == ExtractionStatus.FAST.value,
            ExtractionRequest.dossier_completed_at.is_(None),
            ExtractionRequest.dossier_flagged_at.is_(None),
            ExtractionRequest.dossier_due_at.is_not(None),
            ExtractionRequest.dossier_due_at < now,
        )
        .order_by(ExtractionRequest.id)
        .with_for_update()
    )
    done = []
    for row in session.scalars(stmt):
        case = session.get(ViolationCase, row.case_id)
        number = case_number(case) if case else str(row.case_id)
        assert row.dossier_due_at is not None
        incident = open_incident(
            hub,
            session,
            category=IncidentCategory.OTHER.value,
            priority=Priority.HIGH.value,
            title=f"Quá hạn hồ sơ trích xuất nhanh — vụ việc {number}",
            description=f"TN 9.2b: hồ sơ hạn {as_utc(row.dossier_due_at).isoformat()}",
            camera=None,
            unit_id=row.requester_unit_id,
            at=now,
            source_key=f"fast_extraction:{row.id}",
        )
        row.dossier_flagged_at = now
        row.dossier_incident_id = incident.id
        hub.audit.append(
            session,
            SYSTEM,
            "extraction.dossier_late",
            object_type="extraction_request",
            object_id=row.id,
            detail={
                "case_id": row.case_id,
                "due_at": as_utc(row.dossier_due_at).isoformat(),
                "incident_id": incident.id,
            },
        )
        session.flush()
        push_request(hub, session, row, EXTRACTION_UPDATED)
        done.append(row.id)
    return done


class CaseUpkeep(Upkeep):
    """Overdue checks every ``cases.check_seconds`` (and at :meth:`wake`)."""

    name = NAME

    def interval(self) -> float:
        """``cases.check_seconds``."""
        return self.hub.settings.cases.check_seconds

    def round(self) -> None:
        """One round: overdue deadlines, then late dossiers (hub clock)."""
        with transaction(self.hub.sessions) as session:
            raise_overdue(self.hub, session)
        with transaction(self.hub.sessions) as session:
            flag_late_dossiers(self.hub, session)


def case_upkeep(hub: Hub) -> CaseUpkeep:
    """The FACTORIES entry: overdue hand-off steps and late dossiers (always on)."""
    return CaseUpkeep(hub)
