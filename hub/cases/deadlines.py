# SPDX-License-Identifier: GPL-3.0-or-later
"""The legal deadlines of a hand-off (DH 11.3, 13), counted from a case's facts by the
active profile's ``hand_off`` through the hub's one deadline function, and the board.

Each deadline follows from facts the case records, so it can always be counted again
(after a calendar change, or when a step changes its basis):

- ``transfer`` (IOC): from detection, ``hand_off.transfer`` (DH 11.3a: 5 working days);
  met when the case is sent.
- ``verify`` (police): from receipt (the sending: the software delivers at once),
  ``verify`` or, marked complex, ``verify_complex`` (DH 11.3b: 1 / 2 months); met when the
  violator is identified or the case concluded.
- ``record`` (police): from identifying the violator, ``record`` (DH 13.1: 3 working
  days); met by the record.
- ``record_transfer`` (police): when the record is outside the recorder's authority,
  from the record, ``record_transfer`` (DH 13.1: 24 hours); met by the transfer.
- ``decision`` (police): from the record: ``decision`` (7 working days), transferred
  ``decision_transferred`` (10), an explanation asked or facts to check
  ``decision_explanation`` (1 month), especially complex ``decision_complex`` (2 months)
  (DH 13.2); met by the decision.
- ``notify_back`` (police): from the decision, ``notify_back`` (DH 11.3b: 5 working days);
  met by the conclusion.

A deadline not met when the case concludes, closes or is cancelled becomes ``void``. A
profile without ``hand_off`` (HCM, DB, YB, TN: their regulations set none) counts none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from hub.cases.contracts import (
    OPEN_STATUSES,
    BoardItem,
    CaseDeadlineOut,
    CaseSide,
    CaseStatus,
    DeadlineKind,
    DeadlineState,
    DecisionExtension,
    ViolationType,
)
from hub.cases.models import CaseDeadline, ViolationCase
from hub.clock import as_utc
from hub.context import Hub
from hub.org.models import OrgUnit
from hub.profiles.model import (
    CalendarDay,
    Deadline,
    DeadlineUnit,
    HandOffDeadlines,
    RecomputedDeadline,
)
from hub.profiles.store import stored_days
from hub.profiles.working_days import due_at

K = DeadlineKind
ARTICLE = {
    K.TRANSFER: "DH 11.3a",
    K.VERIFY: "DH 11.3b",
    K.RECORD: "DH 13.1",
    K.RECORD_TRANSFER: "DH 13.1",
    K.DECISION: "DH 13.2",
    K.NOTIFY_BACK: "DH 11.3b",
}
_UNIT_VI = {
    DeadlineUnit.WORKING_DAYS: "ngày làm việc",
    DeadlineUnit.DAYS: "ngày",
    DeadlineUnit.HOURS: "giờ",
    DeadlineUnit.WORKING_HOURS: "giờ làm việc",
    DeadlineUnit.MONTHS: "tháng",
}
_OPEN = tuple(s.value for s in OPEN_STATUSES)


def amount_vi(rule: Deadline) -> str:
    """``rule`` in Vietnamese words, e.g. "5 ngày làm việc"."""
    return f"{rule.amount} {_UNIT_VI[rule.unit]}"


@dataclass(frozen=True)
class Planned:
    """A deadline the case's facts call for."""

    kind: DeadlineKind
    side: CaseSide
    unit_id: int
    start: datetime
    rule: Deadline
    met_at: datetime | None


def _utc(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


def decision_rule(h: HandOffDeadlines, row: ViolationCase) -> Deadline:
    """DH 13.2: the decision's period for this case."""
    if row.decision_extension == DecisionExtension.ESPECIALLY_COMPLEX.value:
        return h.decision_complex
    if row.decision_extension in (
        DecisionExtension.EXPLANATION.value,
        DecisionExtension.FACT_CHECK.value,
    ):
        return h.decision_explanation
    transferred_after_record = (
        row.transferred_at is not None
        and row.recorded_at is not None
        and as_utc(row.transferred_at) >= as_utc(row.recorded_at)
    )
    return h.decision_transferred if transferred_after_record else h.decision


def plan(h: HandOffDeadlines, row: ViolationCase) -> list[Planned]:
    """The deadlines the case's facts call for under ``h``."""
    out = [
        Planned(
            K.TRANSFER,
            CaseSide.IOC,
            row.unit_id,
            as_utc(row.detected_at),
            h.transfer,
            _utc(row.sent_at),
        )
    ]
    police = row.police_unit_id
    if row.sent_at is None or police is None:
        return out
    verified = row.identified_at if row.identified_at is not None else row.concluded_at
    out.append(
        Planned(
            K.VERIFY,
            CaseSide.POLICE,
            police,
            as_utc(row.sent_at),
            h.verify_complex if row.complex else h.verify,
            _utc(verified),
        )
    )
    if row.identified_at is not None:
        out.append(
            Planned(
                K.RECORD,
                CaseSide.POLICE,
                police,
                as_utc(row.identified_at),
                h.record,
                _utc(row.recorded_at),
            )
        )
    if row.recorded_at is not None:
        recorded = as_utc(row.recorded_at)
        if row.outside_authority:
            moved = _utc(row.transferred_at)
            out.append(
                Planned(
                    K.RECORD_TRANSFER,
                    CaseSide.POLICE,
                    police,
                    recorded,
                    h.record_transfer,
                    moved if moved is not None and moved >= recorded else None,
                )
            )
        out.append(
            Planned(
                K.DECISION,
                CaseSide.POLICE,
                police,
                recorded,
                decision_rule(h, row),
                _utc(row.decided_at),
            )
        )
    if row.decided_at is not None:
        out.append(
            Planned(
                K.NOTIFY_BACK,
                CaseSide.POLICE,
                police,
                as_utc(row.decided_at),
                h.notify_back,
                _utc(row.concluded_at),
            )
        )
    return out


def sync_deadlines(
    hub: Hub, session: Session, row: ViolationCase, days: list[CalendarDay] | None = None
) -> list[RecomputedDeadline]:
    """Count the case's deadlines again from its facts and store them; the ones whose due
    time moved."""
    h = hub.profile.hand_off
    existing = {
        d.kind: d
        for d in session.scalars(select(CaseDeadline).where(CaseDeadline.case_id == row.id))
    }
    moved: list[RecomputedDeadline] = []
    if h is None:
        return moved
    calendar_days = stored_days(session) if days is None else days
    open_case = row.status in _OPEN and row.status != CaseStatus.CONCLUDED.value
    for p in plan(h, row):
        due = as_utc(due_at(hub.profile, p.start, p.rule.amount, p.rule.unit, calendar_days))
        d = existing.get(p.kind.value)
        if d is None:
            d = CaseDeadline(case_id=row.id, kind=p.kind.value, incident_id=None)
            session.add(d)
        elif as_utc(d.due_at) != due and d.met_at is None:
            moved.append(
                RecomputedDeadline(
                    kind=f"case_{p.kind.value}", id=row.id, before=as_utc(d.due_at), after=due
                )
            )
        d.side = p.side.value
        d.unit_id = p.unit_id
        d.article = ARTICLE[p.kind]
        d.basis = f"{ARTICLE[p.kind]}: {amount_vi(p.rule)}"
        d.started_at = p.start
        d.due_at = due
        d.met_at = p.met_at
        d.void = p.met_at is None and not open_case
        d.pending = p.met_at is None and not d.void
    return moved


def recompute_open_case_deadlines(hub: Hub, session: Session) -> list[RecomputedDeadline]:
    """Count the deadlines of every case with a pending deadline again (after a calendar
    change); the ones that moved."""
    hub.audit.lock_chain(session)  # before case rows, like every case writer
    ids = select(CaseDeadline.case_id).where(CaseDeadline.pending.is_(True))
    rows = session.scalars(
        select(ViolationCase)
        .where(ViolationCase.id.in_(ids))
        .order_by(ViolationCase.id)
        .with_for_update()
    )
    days = stored_days(session)
    moved: list[RecomputedDeadline] = []
    for row in rows:
        moved += sync_deadlines(hub, session, row, days)
    session.flush()
    return moved


def state_of(
    due: datetime, met_at: datetime | None, void: bool, now: datetime, soon_hours: float
) -> DeadlineState:
    """Where a deadline stands at ``now``."""
    if met_at is not None:
        return DeadlineState.MET if met_at <= due else DeadlineState.MET_LATE
    if void:
        return DeadlineState.VOID
    if due < now:
        return DeadlineState.OVERDUE
    if due <= now + timedelta(hours=soon_hours):
        return DeadlineState.DUE_SOON
    return DeadlineState.PENDING


def deadline_out(d: CaseDeadline, now: datetime, soon_hours: float) -> CaseDeadlineOut:
    """A deadline row as a contract at ``now``."""
    due = as_utc(d.due_at)
    met = _utc(d.met_at)
    state = state_of(due, met, d.void, now, soon_hours)
    return CaseDeadlineOut(
        kind=DeadlineKind(d.kind),
        side=CaseSide(d.side),
        article=d.article,
        basis=d.basis,
        started_at=as_utc(d.started_at),
        due_at=due,
        met_at=met,
        state=state,
        due_soon=state is DeadlineState.DUE_SOON,
        overdue=state is DeadlineState.OVERDUE,
        incident_id=d.incident_id,
    )


# --- the board ------------------------------------------------------------------------------


def board_query(
    now: datetime,
    soon_hours: float,
    units: frozenset[int] | None,
    user_id: int,
    side: CaseSide | None,
    state: DeadlineState | None,
    limit: int,
) -> Select[CaseDeadline, ViolationCase, str]:
    """One query: the pending deadlines (due soon and overdue unless ``state`` says
    otherwise) of the cases seen through ``units`` (None: every case), soonest first."""
    stmt = (
        select(CaseDeadline, ViolationCase, OrgUnit.name)
        .join(ViolationCase, ViolationCase.id == CaseDeadline.case_id)
        .join(OrgUnit, OrgUnit.id == CaseDeadline.unit_id)
        .where(CaseDeadline.pending.is_(True))
        .order_by(CaseDeadline.due_at, CaseDeadline.id)
        .limit(limit)
    )
    soon = now + timedelta(hours=soon_hours)
    if state is DeadlineState.OVERDUE:
        stmt = stmt.where(CaseDeadline.due_at < now)
    elif state is DeadlineState.DUE_SOON:
        stmt = stmt.where(CaseDeadline.due_at >= now, CaseDeadline.due_at <= soon)
    elif state is not DeadlineState.PENDING:
        stmt = stmt.where(CaseDeadline.due_at <= soon)
    if side is not None:
        stmt = stmt.where(CaseDeadline.side == side.value)
    if units is not None:
        ids = sorted(units)
        stmt = stmt.where(
            or_(
                ViolationCase.unit_id.in_(ids),
                and_(
                    ViolationCase.police_unit_id.is_not(None),
                    ViolationCase.police_unit_id.in_(ids),
                ),
                ViolationCase.opened_by == user_id,
            )
        )
    return stmt


def board(
    hub: Hub,
    session: Session,
    units: frozenset[int] | None,
    user_id: int,
    side: CaseSide | None,
    state: DeadlineState | None,
    limit: int,
) -> list[BoardItem]:
    """The deadline board (see :func:`board_query`)."""
    from hub.cases.service import case_number

    now = hub.clock.now()
    soon_hours = hub.settings.cases.due_soon_hours
    stmt = board_query(now, soon_hours, units, user_id, side, state, limit)
    out = []
    for d, case, unit_name in session.execute(stmt):
        out.append(
            BoardItem(
                case_id=case.id,
                case_number=case_number(case),
                status=CaseStatus(case.status),
                violation_type=ViolationType(case.violation_type),
                side=CaseSide(d.side),
                unit_id=d.unit_id,
                unit_name=unit_name,
                kind=DeadlineKind(d.kind),
                article=d.article,
                basis=d.basis,
                due_at=as_utc(d.due_at),
                state=state_of(as_utc(d.due_at), None, False, now, soon_hours),
                incident_id=d.incident_id,
            )
        )
    return out
