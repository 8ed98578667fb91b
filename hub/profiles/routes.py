# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP endpoint of the deployment's regulation profile (read-only)."""

from __future__ import annotations

from fastapi import APIRouter

from hub.context import Hub
from hub.deps import HubDep, SessionPrincipal
from hub.profiles.model import ActiveProfile, SecurityPeriods

router = APIRouter(prefix="/api", tags=["profile"])


def active_profile(hub: Hub) -> ActiveProfile:
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
    )


@router.get("/profile")
def get_profile(hub: HubDep, _user: SessionPrincipal) -> ActiveProfile:
    """The regulation profile this hub runs under (any signed-in user; the console needs
    the idle-lock minutes even before a due password change)."""
    return active_profile(hub)
