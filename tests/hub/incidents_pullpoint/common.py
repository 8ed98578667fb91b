# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers of the pull-point tests: a collecting sink, a hub whose camera events go to
it, events on demand."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

import httpx

from camsim.process import FleetProcess
from hub.incidents.camera_events import CameraEvent
from hub.incidents.pullpoint import CameraEventService
from hub.testing import LiveHub, wait_until

T = TypeVar("T")


class Collector:
    """A sink that keeps every event it is handed (called from the hub's worker threads)."""

    def __init__(self) -> None:
        self.events: list[CameraEvent] = []
        self.batches = 0
        self._lock = threading.Lock()

    def __call__(self, events: list[CameraEvent]) -> int:
        with self._lock:
            self.events.extend(events)
            self.batches += 1
        return len(events)

    def of(self, camera_id: int) -> list[CameraEvent]:
        with self._lock:
            return [e for e in self.events if e.camera_id == camera_id]

    def wait_for(
        self, camera_id: int, count: int, timeout: float = 20.0, what: str = "events"
    ) -> list[CameraEvent]:
        wait_until(lambda: len(self.of(camera_id)) >= count, timeout, what)
        return self.of(camera_id)


def fast(**overrides: Any) -> dict[str, Any]:
    """Hub settings for these tests: no health round, no relay, quick retries."""
    base: dict[str, Any] = {
        "camera_events_enabled": True,
        "health_enabled": False,
        "media_relay": False,
        "camera_events_pull_seconds": 2.0,
        "camera_events_timeout_seconds": 3.0,
        "camera_events_retry_seconds": 0.2,
        "camera_events_termination_seconds": 120.0,
    }
    base.update(overrides)
    return base


class EventsHub:
    """A running hub whose camera events go to a :class:`Collector`: the hub's own
    service is off and a :class:`CameraEventService` with the collector runs on a loop
    of its own (so no event can reach another sink before the collector is in place)."""

    def __init__(self, live: LiveHub) -> None:
        self.live = live
        self.sink = Collector()
        self.service = CameraEventService(live.hub, self.sink)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._run(self.service.start())
        live.hub.services[self.service.name] = self.service  # catalogue changes wake it
        self._stopped = False

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(60)

    def stop(self) -> None:
        """Stop the service, then the hub (idempotent)."""
        if not self._stopped:
            self._stopped = True
            self.live.hub.services.pop(self.service.name, None)
            self._run(self.service.stop())
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop.close()
        self.live.stop()


def emit(fleet: FleetProcess, camera: str, kind: str, **body: Any) -> dict[str, Any]:
    """An event on demand (``garbled=True``: without its UtcTime)."""
    reply = httpx.post(
        f"{fleet.control_url}/cameras/{camera}/events", json={"kind": kind, **body}, timeout=10
    )
    reply.raise_for_status()
    return dict(reply.json())
