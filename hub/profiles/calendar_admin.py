# SPDX-License-Identifier: GPL-3.0-or-later
"""Recording the government's days off and working days (day swaps), audited, and
counting the open deadlines again with them (catalogue updates, incident repairs and
notices, case hand-offs)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.audit.service import Actor
from hub.cases.deadlines import recompute_open_case_deadlines
from hub.catalog.deadlines import recompute_open_deadlines
from hub.clock import as_utc
from hub.context import Hub
from hub.errors import HubError
from hub.incidents.service import recompute_open_incident_deadlines
from hub.profiles.model import CalendarChange, CalendarDay, CalendarDayOut
from hub.profiles.store import CalendarDayRow, calendar_of

# An audit record lists at most this many moved deadlines (and always their count).
_AUDIT_LIST_MAX = 200


def day_out(row: CalendarDayRow) -> CalendarDayOut:
    """As a contract."""
    return CalendarDayOut(
        day=row.as_day(),
        shipped=row.shipped,
        recorded_by=row.recorded_by,
        recorded_at=as_utc(row.recorded_at),
    )


def list_days(session: Session, year: int | None = None) -> list[CalendarDayOut]:
    """The recorded days (of one year, if given), by date."""
    stmt = select(CalendarDayRow).order_by(CalendarDayRow.day)
    if year is not None:
        stmt = stmt.where(
            CalendarDayRow.day >= date(year, 1, 1), CalendarDayRow.day <= date(year, 12, 31)
        )
    return [day_out(row) for row in session.scalars(stmt)]


def _row(session: Session, day: date) -> CalendarDayRow | None:
    stmt = select(CalendarDayRow).where(CalendarDayRow.day == day).with_for_update()
    return session.scalars(stmt).first()


def _dump(day: CalendarDay | None) -> dict[str, object] | None:
    return None if day is None else day.model_dump(mode="json")


def _recompute_and_audit(
    hub: Hub,
    session: Session,
    actor: Actor,
    action: str,
    day: date,
    before: CalendarDay | None,
    after: CalendarDay | None,
) -> CalendarChange:
    session.flush()
    moved = recompute_open_deadlines(hub, session, calendar_of(hub.profile, session))
    moved += recompute_open_incident_deadlines(hub, session)
    moved += recompute_open_case_deadlines(hub, session)
    hub.audit.append(
        session,
        actor,
        action,
        object_type="calendar_day",
        object_id=day.isoformat(),
        detail={
            "before": _dump(before),
            "after": _dump(after),
            "recomputed_count": len(moved),
            "recomputed": [m.model_dump(mode="json") for m in moved[:_AUDIT_LIST_MAX]],
        },
    )
    return CalendarChange(before=before, after=after, recomputed=moved)


def set_day(hub: Hub, session: Session, actor: Actor, req: CalendarDay) -> CalendarChange:
    """Record (or replace) a day off or working day and its decision; audited
    ``calendar.day_set`` with before and after; open deadlines are counted again."""
    row = _row(session, req.day)
    before = row.as_day() if row else None
    now = hub.clock.now()
    if row is None:
        row = CalendarDayRow(day=req.day)
        session.add(row)
    row.kind = req.kind.value
    row.decision_number = req.decision.number
    row.decision_date = req.decision.issued_on
    row.decision_issuer = req.decision.issuer
    row.note = req.note
    row.shipped = False
    row.recorded_by = actor.user_id
    row.recorded_at = now
    return _recompute_and_audit(hub, session, actor, "calendar.day_set", req.day, before, req)


def remove_day(hub: Hub, session: Session, actor: Actor, day: date) -> CalendarChange:
    """Forget a recorded day (the ``holidays`` package decides it again); audited
    ``calendar.day_removed`` with before and after; open deadlines are counted again.

    Raises:
        HubError: 404 ``calendar.day_not_found``.
    """
    row = _row(session, day)
    if row is None:
        raise HubError(404, "calendar.day_not_found")
    before = row.as_day()
    session.delete(row)
    return _recompute_and_audit(hub, session, actor, "calendar.day_removed", day, before, None)
