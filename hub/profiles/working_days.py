# SPDX-License-Identifier: GPL-3.0-or-later
"""Deadlines in Vietnamese working days: weekends, public holidays (Tết), day swaps,
office hours; ``due_at`` is the one function the hub, its CLI and the console use."""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

from hub.profiles.calendar_data import SHIPPED_DAYS
from hub.profiles.model import (
    DEFAULT_OFFICE_HOURS,
    CalendarDay,
    DayKind,
    Deadline,
    DeadlineUnit,
    OfficePeriod,
    RegulationProfile,
)

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@functools.cache
def _public_holidays() -> holidays.HolidayBase:
    """The ``holidays`` calendar of Vietnam (years fill in lazily; one per process)."""
    return holidays.country_holidays("VN")


class WorkingDayCalendar:
    """Adds a rule's time to a moment and answers the UTC instant the time runs out.

    Counting follows the Civil Code 2015 (Bộ luật Dân sự), arts. 147–148: a period in
    days, working days or months starts the day after the event and ends at 24:00
    (Asia/Ho_Chi_Minh) of its last day; a period in days or months whose last day is a
    weekend or holiday ends at the end of the next working day; a month period ends on the
    same day of the last month, or that month's last day if it has none. Hours count
    from the moment itself (art. 147.1).

    "Working hours" (TN 9.2b "24 giờ làm việc") count office hours only: the periods of
    ``office_hours`` (default 08:00–12:00 and 13:00–17:00) on working days, from the moment
    itself. An event at 16:00 on a working day counts 16:00–17:00 as its first hour; one
    at 12:30 or 19:00 starts counting at 13:00 or 08:00 of the next working day. Eight
    office hours make a working day, so 24 working hours from 08:00 end at 17:00 two
    working days later, and from 16:00 at 16:00 of the third working day after. A
    period ending exactly at the end of an office period ends then (17:00), not at the
    next opening.

    Working days: Saturday and Sunday off, the public holidays of ``holidays`` (country
    VN: Tết and days in lieu, and the weekend swaps it knows), then ``days``: the days off
    and working days governments decided on top (``calendar_data.SHIPPED_DAYS`` by
    default; a hub passes the ones stored in its database, administrators' included).
    """

    def __init__(
        self,
        days: Iterable[CalendarDay] = SHIPPED_DAYS,
        office_hours: tuple[OfficePeriod, ...] = DEFAULT_OFFICE_HOURS,
    ) -> None:
        self._holidays = _public_holidays()
        self._decided = {d.day: d.kind == DayKind.WORKING_DAY for d in days}
        if not office_hours:
            raise ValueError("at least one office period is needed")
        self.office_hours = tuple(sorted(office_hours, key=lambda p: p.start))

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day in Vietnam."""
        decided = self._decided.get(day)
        if decided is not None:
            return decided
        return bool(self._holidays.is_working_day(day))

    def deadline(self, start: datetime, rule: Deadline) -> datetime:
        """When ``rule`` counted from ``start`` (timezone-aware) runs out, in UTC.

        Raises:
            ValueError: ``start`` is naive.
        """
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        if rule.unit == DeadlineUnit.HOURS:
            return start.astimezone(UTC) + timedelta(hours=rule.amount)
        if rule.unit == DeadlineUnit.WORKING_HOURS:
            return self._add_working_hours(start, rule.amount)
        first = start.astimezone(VN_TZ).date()
        if rule.unit == DeadlineUnit.WORKING_DAYS:
            return _end_of(self._nth_working_day_after(first, rule.amount))
        if rule.unit == DeadlineUnit.DAYS:
            last = first + timedelta(days=rule.amount)
        else:
            last = _add_months(first, rule.amount)
        return _end_of(self._this_or_next_working_day(last))

    def add_working_days(self, start: datetime, n: int) -> datetime:
        """End of the ``n``-th working day after ``start``, in UTC."""
        return self.deadline(start, Deadline(amount=n, unit=DeadlineUnit.WORKING_DAYS))

    def add_days(self, start: datetime, n: int) -> datetime:
        """End of the ``n``-th calendar day after ``start`` (moved off a day off), in UTC."""
        return self.deadline(start, Deadline(amount=n, unit=DeadlineUnit.DAYS))

    def add_hours(self, start: datetime, n: int) -> datetime:
        """``start`` plus ``n`` hours, in UTC."""
        return self.deadline(start, Deadline(amount=n, unit=DeadlineUnit.HOURS))

    def add_working_hours(self, start: datetime, n: int) -> datetime:
        """When ``n`` office hours from ``start`` have passed, in UTC."""
        return self.deadline(start, Deadline(amount=n, unit=DeadlineUnit.WORKING_HOURS))

    def add_months(self, start: datetime, n: int) -> datetime:
        """End of the same day ``n`` months after ``start`` (moved off a day off), in UTC."""
        return self.deadline(start, Deadline(amount=n, unit=DeadlineUnit.MONTHS))

    def _nth_working_day_after(self, day: date, n: int) -> date:
        counted = 0
        while counted < n:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def _this_or_next_working_day(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def _add_working_hours(self, start: datetime, hours: int) -> datetime:
        left = timedelta(hours=hours)
        moment = start.astimezone(VN_TZ)
        day = moment.date()
        while True:
            if self.is_working_day(day):
                for period in self.office_hours:
                    opens = max(datetime.combine(day, period.start, VN_TZ), moment)
                    closes = datetime.combine(day, period.end, VN_TZ)
                    if opens >= closes:
                        continue
                    if closes - opens >= left:
                        return (opens + left).astimezone(UTC)
                    left -= closes - opens
            day += timedelta(days=1)


def due_at(
    profile: RegulationProfile,
    start: datetime,
    amount: int,
    unit: DeadlineUnit | str,
    days: Iterable[CalendarDay] | None = None,
) -> datetime:
    """When ``amount`` ``unit`` from ``start`` run out under ``profile``, in +07:00.

    The one deadline function of the hub, its CLI and the console: the profile's office
    hours, the calendar decisions ``days`` (default: the shipped ones; a hub passes its
    stored ones) and the counting rules of ``WorkingDayCalendar``.

    Raises:
        ValueError: ``start`` is naive, or ``amount``/``unit`` are not a valid period.
    """
    rule = Deadline(amount=amount, unit=DeadlineUnit(unit))
    cal = WorkingDayCalendar(SHIPPED_DAYS if days is None else days, profile.office_hours)
    return cal.deadline(start, rule).astimezone(VN_TZ)


def _end_of(day: date) -> datetime:
    """24:00 local of ``day`` (= 00:00 of the next day), in UTC."""
    return datetime.combine(day + timedelta(days=1), time(0), VN_TZ).astimezone(UTC)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
