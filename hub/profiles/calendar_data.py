# SPDX-License-Identifier: GPL-3.0-or-later
"""Days off and working days the government set beyond the ``holidays`` package.

Only what a public source confirms is listed; a decision whose number is not known keeps
``number=None`` (shown as "số chưa rõ") rather than a guessed one. Administrators add the
rest with ``POST /api/calendar/days``; migration 0010 stores these rows in every hub.

2026, checked against ``holidays`` 0.109 (country VN):

- New Year: on 25/12/2025 the Government agreed to swap Friday 2/1/2026 for Saturday
  10/1/2026 (public sector off Thu 1/1 – Sun 4/1, working on Sat 10/1); the Ministry of
  Home Affairs announced it the same day. ``holidays`` has neither day: **listed below**.
- Tết Bính Ngọ: off Sat 14/2 – Sun 22/2/2026; the five Tết days (Labour Code art. 112)
  are Mon 16 – Fri 20 Feb, so the nine days need no swap. ``holidays`` has 16–20 Feb:
  nothing to add.
- Hùng Kings (Sun 26/4, off on Mon 27/4 in lieu), 30/4 and 1/5 (Thu, Fri): days in lieu by
  the Labour Code, no swap; ``holidays`` has them: nothing to add.
- National Day: Tue 1/9 and Wed 2/9, and Monday 31/8 off in exchange for Saturday 22/8;
  ``holidays`` 0.109 already has all of them: nothing to add (a hub on an older
  ``holidays`` would lack the swap — the tests pin the package's answer).
"""

from __future__ import annotations

from datetime import date

from hub.profiles.model import CalendarDay, CalendarDecision, DayKind

_NEW_YEAR_2026 = CalendarDecision(
    number=None,  # the Government's agreement of 25/12/2025; its document number is not known
    issued_on=date(2025, 12, 25),
    issuer="Chính phủ (Thủ tướng Chính phủ đồng ý), Bộ Nội vụ thông báo",
)

SHIPPED_DAYS: tuple[CalendarDay, ...] = (
    CalendarDay(
        day=date(2026, 1, 2),
        kind=DayKind.DAY_OFF,
        decision=_NEW_YEAR_2026,
        note="Tết Dương lịch 2026: nghỉ thứ Sáu 02/01/2026, làm bù thứ Bảy 10/01/2026",
    ),
    CalendarDay(
        day=date(2026, 1, 10),
        kind=DayKind.WORKING_DAY,
        decision=_NEW_YEAR_2026,
        note="Làm bù cho thứ Sáu 02/01/2026 (Tết Dương lịch 2026)",
    ),
)
