# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP endpoints of the regulation profile (read-only), the deadline calculator and the
calendar of days off and working days (administrators record the government's swaps)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AwareDatetime

from hub.context import Hub
from hub.deps import CurrentUser, DbSession, HubDep, OrgManager, SessionPrincipal
from hub.errors import HubError
from hub.profiles import calendar_admin
from hub.profiles.data import profile_for
from hub.profiles.model import (
    ActiveProfile,
    CalendarChange,
    CalendarDay,
    CalendarDayOut,
    DeadlineAnswer,
    DeadlineUnit,
    SecurityPeriods,
)
from hub.profiles.store import jurisdiction_of, stored_days
from hub.profiles.working_days import due_at

router = APIRouter(prefix="/api", tags=["profile"])


def active_profile(hub: Hub, jurisdiction: str | None = None) -> ActiveProfile:
    """The profile in force and the security periods that actually apply."""
    overridden = {
        name
        for name, value in (
            ("admin_password_max_age_days", hub.settings.admin_password_max_age_days),
            ("account_review_days", hub.settings.review_interval_days),
        )
        if value is not None
    }
    return ActiveProfile(
        profile=hub.profile,
        security=SecurityPeriods(
            admin_password_max_age_days=hub.admin_password_max_age_days,
            account_review_days=hub.account_review_days,
            console_idle_lock_minutes=hub.profile.console_idle_lock_minutes,
            overridden=frozenset(overridden),
        ),
        jurisdiction=jurisdiction,
    )


@router.get("/profile")
def get_profile(hub: HubDep, db: DbSession, _user: SessionPrincipal) -> ActiveProfile:
    """The regulation profile this hub runs under and the jurisdiction it serves (any
    signed-in user; the console needs the idle-lock minutes even before a due password
    change)."""
    return active_profile(hub, jurisdiction_of(db))


@router.get("/deadline")
def get_deadline(
    hub: HubDep,
    db: DbSession,
    _user: CurrentUser,
    start: Annotated[AwareDatetime, Query(alias="from", description="ISO 8601 with offset")],
    amount: Annotated[int, Query(ge=1, le=1000)],
    unit: DeadlineUnit,
    profile: Annotated[str | None, Query(max_length=8, description="default: the hub's")] = None,
) -> DeadlineAnswer:
    """When a period runs out (Civil Code 2015 arts. 147–148, this hub's recorded days off
    and working days, the profile's office hours), in +07:00 — as `vwall-hub deadline`."""
    try:
        chosen = hub.profile if profile is None else profile_for(profile)
        due = due_at(chosen, start, amount, unit, stored_days(db))
    except (ValueError, OverflowError):
        raise HubError(422, "invalid_input", {"field": "profile, from"}) from None
    return DeadlineAnswer(profile=chosen.code, start=start, amount=amount, unit=unit, due_at=due)


@router.get("/calendar/days")
def list_calendar_days(
    db: DbSession,
    _user: CurrentUser,
    year: Annotated[int | None, Query(ge=1990, le=2200)] = None,
) -> list[CalendarDayOut]:
    """Days off and working days recorded beyond the ``holidays`` package, with the
    decisions that set them (any signed-in user: the console counts with them)."""
    return calendar_admin.list_days(db, year)


@router.post("/calendar/days")
def set_calendar_day(
    hub: HubDep, db: DbSession, principal: OrgManager, body: CalendarDay
) -> CalendarChange:
    """Record a day off or a working day and the decision that set it (``org.manage``);
    audited with before and after; open deadlines are counted again."""
    return calendar_admin.set_day(hub, db, principal.actor, body)


@router.delete("/calendar/days/{day}")
def remove_calendar_day(
    hub: HubDep, db: DbSession, principal: OrgManager, day: date
) -> CalendarChange:
    """Forget a recorded day (``org.manage``); audited; open deadlines counted again."""
    return calendar_admin.remove_day(hub, db, principal.actor, day)
