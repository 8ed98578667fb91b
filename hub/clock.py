# SPDX-License-Identifier: GPL-3.0-or-later
"""Time source for the services, injectable so tests can step TOTP windows and expiry."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Something that tells the current UTC time."""

    def now(self) -> datetime:
        """Return the current time, timezone-aware UTC."""
        ...


class SystemClock:
    """The wall clock."""

    def now(self) -> datetime:
        """Return the current time, timezone-aware UTC."""
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to (tests, benchmarks)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime.now(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """Return the clock's current time."""
        with self._lock:
            return self._now

    def advance(self, **delta: float) -> datetime:
        """Move the clock forward by ``timedelta(**delta)`` and return the new time."""
        with self._lock:
            self._now += timedelta(**delta)
            return self._now


class RunningClock(ManualClock):
    """The wall clock, moved by what :meth:`advance` adds (tests of a hub on the real
    time, whose answers are compared with devices' clocks: a frozen clock would count the
    test's own slowness as the device's offset)."""

    def __init__(self) -> None:
        super().__init__()
        self._offset = timedelta(0)

    def now(self) -> datetime:
        """Return the wall clock's time plus the offset."""
        with self._lock:
            return datetime.now(UTC) + self._offset

    def advance(self, **delta: float) -> datetime:
        """Move the clock by ``timedelta(**delta)`` (it keeps running) and return its time."""
        with self._lock:
            self._offset += timedelta(**delta)
            return datetime.now(UTC) + self._offset


def as_utc(value: datetime) -> datetime:
    """Treat a naive datetime (SQLite returns those) as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
