# SPDX-License-Identifier: GPL-3.0-or-later
"""Tables of the calendar decisions and of the deployment's jurisdiction, and the hub's
calendar built from them (every deadline the hub computes goes through ``calendar_of``)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from hub.db import Base, UtcDateTime
from hub.profiles.model import CalendarDay, CalendarDecision, DayKind, RegulationProfile
from hub.profiles.working_days import WorkingDayCalendar


class CalendarDayRow(Base):
    """A day off or working day set by a decision, beyond the ``holidays`` package.

    Rows with ``shipped`` come with the hub (migration 0010, ``calendar_data``);
    administrators add, change and remove rows through ``/api/calendar/days``.
    """

    __tablename__ = "calendar_days"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # DayKind
    decision_number: Mapped[str | None] = mapped_column(String(100))  # None: not known
    decision_date: Mapped[date | None] = mapped_column(Date)
    decision_issuer: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    shipped: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)

    def as_day(self) -> CalendarDay:
        """As the calendar's value type."""
        return CalendarDay(
            day=self.day,
            kind=DayKind(self.kind),
            decision=CalendarDecision(
                number=self.decision_number,
                issued_on=self.decision_date,
                issuer=self.decision_issuer,
            ),
            note=self.note,
        )


class Deployment(Base):
    """One row: what this hub serves, set at ``vwall-hub init`` (``--jurisdiction``)."""

    __tablename__ = "deployment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    jurisdiction: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[datetime] = mapped_column(UtcDateTime)


def stored_days(session: Session) -> list[CalendarDay]:
    """Every recorded day off and working day, by date."""
    rows = session.scalars(select(CalendarDayRow).order_by(CalendarDayRow.day))
    return [row.as_day() for row in rows]


def calendar_of(profile: RegulationProfile, session: Session) -> WorkingDayCalendar:
    """The hub's calendar now: the stored decisions and the profile's office hours.

    Read from the database each time (a few rows), so every hub process sharing the
    database counts with an administrator's change as soon as it commits.
    """
    return WorkingDayCalendar(stored_days(session), profile.office_hours)


def jurisdiction_of(session: Session) -> str | None:
    """The jurisdiction set at ``init`` (None on a hub initialised before it was kept)."""
    row = session.get(Deployment, 1)
    return row.jurisdiction if row else None


def set_jurisdiction(session: Session, name: str, now: datetime) -> None:
    """Record the jurisdiction this hub serves."""
    row = session.get(Deployment, 1)
    if row is None:
        session.add(Deployment(id=1, jurisdiction=name, set_at=now))
    else:
        row.jurisdiction, row.set_at = name, now
