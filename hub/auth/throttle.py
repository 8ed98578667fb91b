# SPDX-License-Identifier: GPL-3.0-or-later
"""Slow-down of repeated login failures per account name and per source address."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from hub.auth.models import LoginThrottle
from hub.errors import HubError
from hub.settings import Settings


def throttle_keys(username: str, source: str | None) -> list[str]:
    """Keys counted for one attempt: the name (existing or not) and the source."""
    keys = [f"user:{username.lower()[:64]}"]
    if source:
        keys.append(f"ip:{source}")
    return keys


def delay_after(failures: int, free: int, base: float, cap: float) -> float:
    """Seconds to wait after ``failures`` consecutive failures (exponential, capped)."""
    if failures < free:
        return 0.0
    return float(min(cap, base * 2 ** (failures - free)))


def check_not_throttled(session: Session, keys: list[str], now: datetime) -> None:
    """Refuse the attempt while any key is in its slow-down period.

    Raises:
        HubError: 429 ``auth.throttled`` with ``retry_after`` seconds.
    """
    wait = 0.0
    for key in keys:
        row = session.get(LoginThrottle, key)
        if row is not None and row.next_attempt_at is not None and row.next_attempt_at > now:
            wait = max(wait, (row.next_attempt_at - now).total_seconds())
    if wait > 0:
        raise HubError(429, "auth.throttled", {"retry_after": round(wait, 3)})


def record_failure(session: Session, keys: list[str], now: datetime, settings: Settings) -> None:
    """Count one failure on every key and set its next allowed attempt."""
    for key in keys:
        row = session.get(LoginThrottle, key)
        if row is None:
            row = LoginThrottle(key=key, failures=0)
            session.add(row)
        row.failures += 1
        # A shared source (NAT, a control room) gets its own, larger allowance.
        free = (
            settings.source_failure_threshold
            if key.startswith("ip:")
            else settings.slowdown_free_failures
        )
        delay = delay_after(
            row.failures, free, settings.slowdown_base_seconds, settings.slowdown_max_seconds
        )
        row.next_attempt_at = now + timedelta(seconds=delay) if delay else None


def clear(session: Session, key: str) -> None:
    """Forget the failures of one key (after a success or an unlock)."""
    row = session.get(LoginThrottle, key)
    if row is not None:
        session.delete(row)
