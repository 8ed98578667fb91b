# SPDX-License-Identifier: GPL-3.0-or-later
"""Authorization rules of the deadline calculator and the calendar of day swaps.

Reading (``GET /api/deadline``, ``GET /api/calendar/days``) is for every signed-in user;
recording or removing a day off / working day is technical administration
(``org.manage``), hub-wide (the calendar is national, not a territory's).
"""

from __future__ import annotations

from datetime import date, timedelta

from hub.contracts import Permission
from hub.db import transaction
from hub.profiles.store import CalendarDayRow
from tests.hub.authz import SESSION, Case, Ctx, Rule, static

_FIRST = date(2031, 1, 6)


def _fresh_day(ctx: Ctx) -> date:
    """A date no other case used (each case records or removes its own)."""
    return _FIRST + timedelta(days=next(ctx.counter))


def _set_case(ctx: Ctx, actor: str, situation: str) -> Case:
    body = {
        "day": _fresh_day(ctx).isoformat(),
        "kind": "day_off",
        "decision": {"number": "1/TB-BNV", "issued_on": "2030-12-01", "issuer": "Bộ Nội vụ"},
    }
    return Case("/api/calendar/days", body)


def _remove_case(ctx: Ctx, actor: str, situation: str) -> Case:
    day = _fresh_day(ctx)
    with transaction(ctx.live.hub.sessions) as s:
        s.add(
            CalendarDayRow(
                day=day,
                kind="working_day",
                decision_number=None,
                decision_date=None,
                decision_issuer="matrix",
                note="",
                shipped=False,
                recorded_by=None,
                recorded_at=ctx.live.clock.now(),
            )
        )
    return Case(f"/api/calendar/days/{day.isoformat()}")


RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/api/deadline"): Rule(
        SESSION,
        static("/api/deadline?from=2026-01-09T16:00:00%2B07:00&amount=3&unit=working_days"),
    ),
    ("GET", "/api/calendar/days"): Rule(SESSION, static("/api/calendar/days?year=2026")),
    ("POST", "/api/calendar/days"): Rule(Permission.ORG_MANAGE, _set_case),
    ("DELETE", "/api/calendar/days/{day}"): Rule(Permission.ORG_MANAGE, _remove_case),
}
