# SPDX-License-Identifier: GPL-3.0-or-later
"""Slow-down of repeated login failures per account name and per source address.

Failures are counted in a sliding window (``throttle_window_minutes``): each failure is a
row of ``login_failures``, and a key's count is the number of its rows younger than the
window, so a source that failed 200 times last week starts clean today. The state lives in
the database, shared by every hub process on it; ``login_throttles`` keeps, per key, the
count at the last failure and the next attempt it allows (what a check reads).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from hub.auth.models import LoginFailure, LoginThrottle
from hub.errors import HubError
from hub.settings import Settings


def throttle_keys(username: str, source: str | None) -> list[str]:
    """Keys counted for one attempt: the name (existing or not) and the source."""
    keys = [f"user:{username.lower()[:64]}"]
    if source:
        keys.append(f"ip:{source}")
    return keys


def delay_after(failures: int, free: int, base: float, cap: float) -> float:
    """Seconds to wait after ``failures`` failures in the window (exponential, capped)."""
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


def _throttle_row(session: Session, key: str) -> LoginThrottle:
    """The key's row, created if missing (another hub process may create it meanwhile)."""
    row = session.get(LoginThrottle, key)
    if row is not None:
        return row
    dialect = session.get_bind().dialect.name
    make = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(
        make(LoginThrottle)
        .values(key=key, failures=0, next_attempt_at=None)
        .on_conflict_do_nothing(index_elements=["key"])
    )
    row = session.get(LoginThrottle, key)
    assert row is not None
    return row


def record_failure(session: Session, keys: list[str], now: datetime, settings: Settings) -> None:
    """Count one failure on every key and set its next allowed attempt from the number of
    failures in the window; failures older than the window are deleted."""
    since = now - timedelta(minutes=settings.throttle_window_minutes)
    for key in keys:
        session.add(LoginFailure(key=key, at=now))
        session.flush()
        session.execute(
            delete(LoginFailure).where(LoginFailure.key == key, LoginFailure.at <= since)
        )
        count = session.scalar(
            select(func.count())
            .select_from(LoginFailure)
            .where(LoginFailure.key == key, LoginFailure.at > since)
        )
        row = _throttle_row(session, key)
        row.failures = int(count or 0)
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
    session.execute(delete(LoginFailure).where(LoginFailure.key == key))
    row = session.get(LoginThrottle, key)
    if row is not None:
        session.delete(row)
