# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers of the tests of events across hub processes: two hubs on one PostgreSQL
database, and an event stream read in a thread."""

from __future__ import annotations

import contextlib
import json
import queue
import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx

from hub.event_services import EventListener
from hub.testing import LiveHub
from tests.hub.incidents.common import World


@dataclass
class Pair:
    """Hub processes ``a`` and ``b`` on one database; ``world`` (people, cameras) on ``a``."""

    world: World
    a: LiveHub
    b: LiveHub


def listener(live: LiveHub) -> EventListener:
    """The hub's listener of the shared event bus."""
    service = live.hub.services["event_listener"]
    assert isinstance(service, EventListener)
    return service


class Stream:
    """One ``GET /api/events`` on ``live`` read in a thread: (topic, data, id) in order."""

    def __init__(
        self, live: LiveHub, token: str, topics: str = "", last_event_id: int | None = None
    ) -> None:
        self.live = live
        self.got: queue.Queue[tuple[str, Any, int]] = queue.Queue()
        self.ended = threading.Event()
        self.start: int | None = None  # the id the stream started with (an id alone)
        self._open = threading.Event()
        self._stop = threading.Event()
        self._http = httpx.Client(base_url=live.url, timeout=30)
        headers = {"Authorization": f"Bearer {token}"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        self._args = (headers, {"topics": topics} if topics else {})
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        headers, params = self._args
        with (
            contextlib.suppress(httpx.HTTPError),
            self._http.stream("GET", "/api/events", params=params, headers=headers) as r,
        ):
            assert r.status_code == 200
            topic = data = ident = None
            for line in r.iter_lines():
                self._open.set()  # the greeting: subscribed, and any replay is on its way
                if self._stop.is_set():
                    break
                if line.startswith("event: "):
                    topic = line[7:]
                elif line.startswith("data: "):
                    data = json.loads(line[6:])
                elif line.startswith("id: "):
                    ident = int(line[4:])
                elif line == "" and topic is not None and ident is not None:
                    self.got.put((topic, data, ident))
                    topic = data = ident = None
                elif line == "" and ident is not None:
                    self.start, ident = ident, None
        self.ended.set()
        self._open.set()

    def __enter__(self) -> Stream:
        self._thread.start()
        assert self._open.wait(15), "the stream did not open"
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.live.hub.events.disconnect(lambda sub: True)
        self._thread.join(10)
        assert not self._thread.is_alive()
        self._http.close()

    def take(self, n: int, timeout: float = 15.0) -> list[tuple[str, Any, int]]:
        """The next ``n`` events; fails if they do not all come within ``timeout``."""
        deadline = time.monotonic() + timeout
        out: list[tuple[str, Any, int]] = []
        while len(out) < n:
            left = deadline - time.monotonic()
            try:
                out.append(self.got.get(timeout=max(left, 0.001)))
            except queue.Empty:
                raise AssertionError(f"{len(out)} of {n} events in {timeout} s: {out}") from None
        return out
