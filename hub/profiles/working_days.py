# SPDX-License-Identifier: GPL-3.0-or-later
"""Deadlines in Vietnamese working days: weekends, public holidays (Tết), make-up days."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

from hub.profiles.model import Deadline, DeadlineUnit

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class WorkingDayCalendar:
    """Adds a rule's time to a moment and answers the UTC instant the time runs out.

    Counting follows the Civil Code 2015 (Bộ luật Dân sự), arts. 147–148: a period in
    days, working days or months starts the day after the event and ends at 24:00
    (Asia/Ho_Chi_Minh) of its last day; a period in days or months whose last day is a
    weekend or holiday ends at the end of the next working day; a month period ends on the
    same day of the last month, or that month's last day if it has none. Hours count
    from the moment itself. "Working hours" (TN 9.2) count only time on working days.
    Working days come from ``holidays`` (country VN): Saturday and Sunday off, public
    holidays with Tết and their observed days off, and Saturdays made working days.
    """

    def __init__(self) -> None:
        self._days = holidays.country_holidays("VN")

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day in Vietnam."""
        return bool(self._days.is_working_day(day))

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
        while True:
            midnight = datetime.combine(moment.date() + timedelta(days=1), time(0), VN_TZ)
            if self.is_working_day(moment.date()):
                if midnight - moment >= left:
                    return (moment + left).astimezone(UTC)
                left -= midnight - moment
            moment = midnight


def _end_of(day: date) -> datetime:
    """24:00 local of ``day`` (= 00:00 of the next day), in UTC."""
    return datetime.combine(day + timedelta(days=1), time(0), VN_TZ).astimezone(UTC)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
