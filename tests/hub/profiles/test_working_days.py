# SPDX-License-Identifier: GPL-3.0-or-later
"""Deadlines in Vietnamese working days, checked against known calendar dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hub.profiles.model import Deadline, DeadlineUnit
from hub.profiles.working_days import VN_TZ, WorkingDayCalendar

CAL = WorkingDayCalendar()


def local(y: int, m: int, d: int, hh: int = 10) -> datetime:
    return datetime(y, m, d, hh, 0, tzinfo=VN_TZ)


def end_of_local_day(y: int, m: int, d: int) -> datetime:
    """24:00 Asia/Ho_Chi_Minh of that day, in UTC (17:00 UTC the same date)."""
    return datetime(y, m, d, 17, 0, tzinfo=UTC)


def test_five_working_days_from_thursday_skip_tet_2026() -> None:
    # Thu 12 Feb → Fri 13 (1); weekend; Tết 16–20; weekend; 23, 24, 25, 26 (5).
    assert CAL.add_working_days(local(2026, 2, 12), 5) == end_of_local_day(2026, 2, 26)


def test_tet_and_weekends_are_not_working_days() -> None:
    for day in range(16, 21):
        assert not CAL.is_working_day(date(2026, 2, day))
    assert not CAL.is_working_day(date(2026, 2, 14))  # Saturday
    assert CAL.is_working_day(date(2026, 2, 23))


def test_a_make_up_saturday_is_a_working_day() -> None:
    # 2026: Saturday 22 Aug is worked to make Monday 31 Aug a day off before National Day.
    assert CAL.is_working_day(date(2026, 8, 22))
    assert not CAL.is_working_day(date(2026, 8, 31))
    # Thu 20 Aug + 2 working days: Fri 21, Sat 22 (make-up day).
    assert CAL.add_working_days(local(2026, 8, 20), 2) == end_of_local_day(2026, 8, 22)


def test_working_days_across_national_day() -> None:
    # Fri 28 Aug + 3: Sat 29, Sun 30 off; Mon 31, Tue 1, Wed 2 Sep off → Thu 3, Fri 4, Mon 7.
    assert CAL.add_working_days(local(2026, 8, 28), 3) == end_of_local_day(2026, 9, 7)


def test_local_date_decides_not_utc_date() -> None:
    # 20:00 UTC Thu 12 Feb is already Fri 13 Feb 03:00 in Hà Nội: count from Friday.
    start = datetime(2026, 2, 12, 20, 0, tzinfo=UTC)
    assert CAL.add_working_days(start, 1) == end_of_local_day(2026, 2, 23)


def test_calendar_days_ending_on_a_day_off_move_to_next_working_day() -> None:
    # DB 7.5: 5 days from Wed 11 Feb ends Mon 16 Feb, Tết → after Tết, Mon 23 Feb.
    assert CAL.add_days(local(2026, 2, 11), 5) == end_of_local_day(2026, 2, 23)
    assert CAL.add_days(local(2026, 3, 2), 3) == end_of_local_day(2026, 3, 5)


def test_hours_count_from_the_moment() -> None:
    start = local(2026, 2, 14, 9)  # a Saturday: hours run anyway (DB 11.2, TN 11.5)
    assert CAL.add_hours(start, 24) == datetime(2026, 2, 15, 2, 0, tzinfo=UTC)


def test_months_keep_the_day_or_take_the_last_day() -> None:
    # 31 Mar + 1 month → 30 Apr (no 31 Apr), but 30 Apr 2026 is a holiday;
    # 1 May is a holiday too and 2–3 May a weekend: the period ends Mon 4 May.
    assert CAL.add_months(local(2026, 3, 31), 1) == end_of_local_day(2026, 5, 4)
    assert CAL.add_months(local(2026, 1, 15), 2) == end_of_local_day(2026, 3, 16)  # Sun→Mon
    # 10 Feb 2027 is the last day of Tết 2027 (4–10 Feb): the period ends Thu 11 Feb.
    assert CAL.add_months(local(2026, 11, 10), 3) == end_of_local_day(2027, 2, 11)


def test_working_hours_skip_days_off() -> None:
    # TN 9.2b: 24 working (office) hours from Fri 13 Feb 12:00 (lunch): 13:00–17:00 Friday
    # (4), then Tết and two weekends pass, Mon 23 (12), Tue 24 (20), Wed 25 08:00–12:00.
    rule = Deadline(amount=24, unit=DeadlineUnit.WORKING_HOURS)
    got = CAL.deadline(local(2026, 2, 13, 12), rule)
    assert got == datetime(2026, 2, 25, 12, 0, tzinfo=VN_TZ).astimezone(UTC)


def test_naive_start_is_refused() -> None:
    with pytest.raises(ValueError):
        CAL.add_days(datetime(2026, 1, 1), 1)
