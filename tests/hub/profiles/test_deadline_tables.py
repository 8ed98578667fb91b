# SPDX-License-Identifier: GPL-3.0-or-later
"""Deadline tables: weekends, Tết 2026 and 2027, the 2026 day swaps, office hours, months.

Every row is (start local, amount, unit, due local) in Asia/Ho_Chi_Minh; a period in
days ends at 24:00 of its last day, written 00:00 of the next day (Civil Code 2015
arts. 147–148).
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from hub.profiles.calendar_data import SHIPPED_DAYS
from hub.profiles.data import PROFILES, profile_for
from hub.profiles.model import CalendarDay, CalendarDecision, DayKind, OfficePeriod
from hub.profiles.working_days import VN_TZ, WorkingDayCalendar, due_at

TN = profile_for("TN")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


# --- the 2026 New Year swap --------------------------------------------------------------


def test_new_year_2026_swap_is_shipped() -> None:
    cal = WorkingDayCalendar()
    assert not cal.is_working_day(date(2026, 1, 1))  # Thu, New Year's Day
    assert not cal.is_working_day(date(2026, 1, 2))  # Fri, swapped away
    assert cal.is_working_day(date(2026, 1, 10))  # Sat, worked in exchange
    assert not cal.is_working_day(date(2026, 1, 3))  # an ordinary Saturday stays off
    kinds = {d.day: d.kind for d in SHIPPED_DAYS}
    assert kinds == {date(2026, 1, 2): DayKind.DAY_OFF, date(2026, 1, 10): DayKind.WORKING_DAY}
    # No decision number is made up: the Government's agreement of 25/12/2025 is
    # recorded with its date and issuer and an unknown number.
    assert all(d.decision.number is None for d in SHIPPED_DAYS)
    assert all(d.decision.issued_on == date(2025, 12, 25) for d in SHIPPED_DAYS)


def test_three_working_days_from_friday_9_january_2026() -> None:
    # The period starts the day after (art. 147): Sat 10 Jan is a working day (the swap),
    # so 1 = Sat 10, 2 = Mon 12, 3 = Tue 13; it ends at 24:00 Tue 13 Jan = 00:00 Wed 14.
    start = at("2026-01-09T16:00:00+07:00")
    assert due_at(TN, start, 3, "working_days") == at("2026-01-14T00:00:00+07:00")
    # Without the swap (the holidays package alone) it came out a day late: Wed 14 Jan.
    assert due_at(TN, start, 3, "working_days", days=()) == at("2026-01-15T00:00:00+07:00")


def test_new_year_2026_working_days_from_31_december() -> None:
    # Wed 31 Dec 2025 + 1 working day: Thu 1 and Fri 2 off, weekend → Mon 5 Jan.
    assert due_at(TN, at("2025-12-31T09:00+07:00"), 1, "working_days") == at(
        "2026-01-06T00:00+07:00"
    )


# --- weekends, Tết, the other 2026 holidays ------------------------------------------------

WORKING_DAY_TABLE = [
    # Friday: the weekend is skipped.
    ("2026-03-06T10:00+07:00", 1, "2026-03-10T00:00+07:00"),  # Fri → Mon 9 Mar
    ("2026-03-07T10:00+07:00", 1, "2026-03-10T00:00+07:00"),  # event on Sat → Mon 9
    ("2026-03-08T23:59+07:00", 1, "2026-03-10T00:00+07:00"),  # Sun night → Mon 9
    ("2026-03-09T00:00+07:00", 5, "2026-03-17T00:00+07:00"),  # Mon → Mon 16
    # Tết Bính Ngọ 2026: Mon 16 – Fri 20 Feb off (nine days with the weekends, no swap).
    ("2026-02-12T10:00+07:00", 5, "2026-02-27T00:00+07:00"),  # 13, 23, 24, 25, 26
    ("2026-02-13T16:00+07:00", 1, "2026-02-24T00:00+07:00"),  # → Mon 23
    ("2026-02-20T10:00+07:00", 3, "2026-02-26T00:00+07:00"),  # event during Tết
    # Hùng Kings (Sun 26 Apr, off Mon 27 in lieu), 30/4 and 1/5 (Thu, Fri).
    ("2026-04-24T10:00+07:00", 1, "2026-04-29T00:00+07:00"),  # Fri → Tue 28
    ("2026-04-28T10:00+07:00", 2, "2026-05-05T00:00+07:00"),  # Wed 29, Mon 4 May
    # National Day 2026: Mon 31 Aug (swapped for Sat 22 Aug), Tue 1 and Wed 2 Sep off.
    ("2026-08-21T10:00+07:00", 1, "2026-08-23T00:00+07:00"),  # Fri → Sat 22 (worked)
    ("2026-08-28T10:00+07:00", 3, "2026-09-08T00:00+07:00"),  # Thu 3, Fri 4, Mon 7
    # Tết Đinh Mùi 2027: Thu 4 – Wed 10 Feb off (holidays package, days in lieu included).
    ("2027-02-03T10:00+07:00", 1, "2027-02-12T00:00+07:00"),  # Wed → Thu 11
    ("2027-02-01T10:00+07:00", 5, "2027-02-16T00:00+07:00"),  # 2, 3, 11, 12, 15
]


@pytest.mark.parametrize(("start", "amount", "due"), WORKING_DAY_TABLE)
def test_working_days_table(start: str, amount: int, due: str) -> None:
    assert due_at(TN, at(start), amount, "working_days") == at(due)


def test_calendar_days_ending_on_a_weekend_or_tet_move_on() -> None:
    # DB 7.5 "5 ngày": Wed 4 Mar + 3 days = Sat 7 → the next working day, Mon 9 Mar.
    assert due_at(TN, at("2026-03-04T10:00+07:00"), 3, "days") == at("2026-03-10T00:00+07:00")
    # Wed 11 Feb + 5 = Mon 16 Feb, Tết → Mon 23 Feb.
    assert due_at(TN, at("2026-02-11T10:00+07:00"), 5, "days") == at("2026-02-24T00:00+07:00")
    # Tue 30 Dec 2025 + 3 = Fri 2 Jan 2026, now a day off (the swap) → Mon 5 Jan.
    assert due_at(TN, at("2025-12-30T10:00+07:00"), 3, "days") == at("2026-01-06T00:00+07:00")
    # Tue 6 Jan + 4 = Sat 10 Jan, a working day by the swap: it ends that day.
    assert due_at(TN, at("2026-01-06T10:00+07:00"), 4, "days") == at("2026-01-11T00:00+07:00")


def test_hours_run_through_nights_weekends_and_holidays() -> None:
    # DB 11.2 (24 h), TN 11.5 (72 h): clock hours from the moment itself.
    assert due_at(TN, at("2026-02-13T16:00+07:00"), 72, "hours") == at("2026-02-16T16:00+07:00")
    assert due_at(TN, at("2026-01-09T16:00+07:00"), 24, "hours") == at("2026-01-10T16:00+07:00")


# --- working (office) hours, TN 9.2b -------------------------------------------------------

WORKING_HOURS_TABLE = [
    # 24 working hours from the opening of a working day = three working days.
    ("2026-03-09T08:00+07:00", 24, "2026-03-11T17:00+07:00"),  # Mon 08:00 → Wed 17:00
    ("2026-03-09T08:00+07:00", 8, "2026-03-09T17:00+07:00"),
    # An event at 16:00: 16:00–17:00 is the first hour counted.
    ("2026-03-09T16:00+07:00", 1, "2026-03-09T17:00+07:00"),
    ("2026-03-09T16:00+07:00", 2, "2026-03-10T09:00+07:00"),
    ("2026-03-09T16:00+07:00", 24, "2026-03-12T16:00+07:00"),  # Mon 1, Tue, Wed, Thu 7
    # Lunch and evening count nothing: counting starts at the next opening.
    ("2026-03-09T12:30+07:00", 1, "2026-03-09T14:00+07:00"),
    ("2026-03-09T19:00+07:00", 1, "2026-03-10T09:00+07:00"),
    ("2026-03-09T11:00+07:00", 2, "2026-03-09T14:00+07:00"),
    # Friday 16:00 → the weekend passes.
    ("2026-03-13T16:00+07:00", 24, "2026-03-18T16:00+07:00"),
    # The New Year swap: Fri 9 Jan 16:00, Sat 10 Jan is worked.
    ("2026-01-09T16:00+07:00", 24, "2026-01-13T16:00+07:00"),
    ("2026-01-09T16:00+07:00", 9, "2026-01-10T17:00+07:00"),
    # Across Tết 2026: Fri 13 Feb 12:00 → 4 h Friday, Mon 23, Tue 24, Wed 25 until 12:00.
    ("2026-02-13T12:00+07:00", 24, "2026-02-25T12:00+07:00"),
]


@pytest.mark.parametrize(("start", "amount", "due"), WORKING_HOURS_TABLE)
def test_working_hours_table(start: str, amount: int, due: str) -> None:
    assert due_at(TN, at(start), amount, "working_hours") == at(due)


def test_24_working_hours_equal_three_working_days_of_office_time() -> None:
    # From Monday's opening, 24 office hours fill Mon, Tue and Wed; 3 working days from an
    # event on Sunday are Mon, Tue and Wed too.
    end_hours = due_at(TN, at("2026-01-12T08:00+07:00"), 24, "working_hours")
    end_days = due_at(TN, at("2026-01-11T10:00+07:00"), 3, "working_days")
    assert end_hours == at("2026-01-14T17:00+07:00")
    assert end_days == at("2026-01-15T00:00+07:00")  # 24:00 Wed 14 Jan


def test_office_hours_are_per_profile() -> None:
    shift = TN.model_copy(
        update={"office_hours": (OfficePeriod(start=time(7, 30), end=time(11, 30)),)}
    )
    # Four office hours a day: 8 working hours from Mon 07:30 end Tue 11:30.
    assert due_at(shift, at("2026-03-09T07:30+07:00"), 8, "working_hours") == at(
        "2026-03-10T11:30+07:00"
    )
    with pytest.raises(ValueError):
        OfficePeriod(start=time(12), end=time(8))


def test_every_profile_has_the_default_office_hours() -> None:
    for p in PROFILES.values():
        assert [(o.start, o.end) for o in p.office_hours] == [
            (time(8), time(12)),
            (time(13), time(17)),
        ]
        assert "office_hours" in p.defaulted


# --- months ---------------------------------------------------------------------------------

MONTHS_TABLE = [
    ("2026-01-31T10:00+07:00", 1, "2026-03-03T00:00+07:00"),  # 28 Feb (no 31st), Sat → Mon 2
    ("2026-03-31T10:00+07:00", 1, "2026-05-05T00:00+07:00"),  # 30 Apr holiday → Mon 4 May
    ("2026-05-31T10:00+07:00", 1, "2026-07-01T00:00+07:00"),  # 30 Jun, Tue
    ("2027-01-31T10:00+07:00", 1, "2027-03-02T00:00+07:00"),  # 28 Feb 2027 Sun → Mon 1 Mar
    ("2028-01-31T10:00+07:00", 1, "2028-03-01T00:00+07:00"),  # leap year: 29 Feb, Tue
    ("2026-08-31T10:00+07:00", 2, "2026-11-03T00:00+07:00"),  # 31 Oct Sat → Mon 2 Nov
    ("2026-12-10T10:00+07:00", 2, "2027-02-12T00:00+07:00"),  # 10 Feb 2027: Tết → Thu 11
]


@pytest.mark.parametrize(("start", "amount", "due"), MONTHS_TABLE)
def test_months_table(start: str, amount: int, due: str) -> None:
    assert due_at(TN, at(start), amount, "months") == at(due)


# --- recorded decisions ---------------------------------------------------------------------


def test_recorded_days_override_the_package() -> None:
    decision = CalendarDecision(number="99/TB-BNV", issued_on=date(2026, 3, 1), issuer="BNV")
    days = [
        *SHIPPED_DAYS,
        CalendarDay(day=date(2026, 3, 10), kind=DayKind.DAY_OFF, decision=decision),
        CalendarDay(day=date(2026, 3, 14), kind=DayKind.WORKING_DAY, decision=decision),
    ]
    # Mon 9 Mar + 2: Tue 10 off, Wed 11 (1), Thu 12 (2).
    start = at("2026-03-09T10:00+07:00")
    assert due_at(TN, start, 2, "working_days", days) == at("2026-03-13T00:00+07:00")
    # Thu 12 + 2: Fri 13, Sat 14 (worked).
    assert due_at(TN, at("2026-03-12T10:00+07:00"), 2, "working_days", days) == at(
        "2026-03-15T00:00+07:00"
    )


def test_the_answer_is_in_plus_seven() -> None:
    due = due_at(TN, at("2026-01-09T09:00:00Z"), 1, "hours")
    assert due.utcoffset() is not None and due.utcoffset() == VN_TZ.utcoffset(due)
    assert due.isoformat() == "2026-01-09T17:00:00+07:00"


def test_bad_periods_are_refused() -> None:
    with pytest.raises(ValueError):
        due_at(TN, datetime(2026, 1, 9, 16), 3, "working_days")  # naive
    with pytest.raises(ValueError):
        due_at(TN, at("2026-01-09T16:00+07:00"), 0, "working_days")
    with pytest.raises(ValueError):
        due_at(TN, at("2026-01-09T16:00+07:00"), 3, "fortnights")
