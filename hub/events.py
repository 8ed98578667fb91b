# SPDX-License-Identifier: GPL-3.0-or-later
"""Push to consoles and wall displays: an in-process event bus served as Server-Sent Events.

Why SSE rather than WebSockets: pushes only flow hub → console (intents go over plain
HTTP calls), SSE is ordinary HTTP (the console's httpx client streams it on the qasync
loop, no extra library), and ``Last-Event-ID`` lets a reconnecting console receive what
it missed from a bounded backlog.

Services publish with :func:`publish_after_commit` from inside a request transaction (the
event leaves only if the transaction commits) or :meth:`EventBus.publish` from background
work. Each event names its audience: everyone signed in, some users, some units,
some displays, or whoever's scope covers a place.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

BACKLOG = 1000  # events kept for reconnecting subscribers
QUEUE_LIMIT = 1000  # events queued for one slow subscriber before it is cut off


@dataclass(frozen=True)
class Audience:
    """Who receives an event; an empty audience (the default) means every subscriber.

    A subscriber receives the event if it matches any non-empty criterion: its user id in
    ``users``, its unit in ``units``, its display id in ``displays``, or its scope covering
    ``place`` (territory id, domain).
    """

    users: frozenset[int] = frozenset()
    units: frozenset[int] = frozenset()
    displays: frozenset[int] = frozenset()
    place: tuple[int, str | None] | None = None

    @property
    def everyone(self) -> bool:
        """Whether nothing narrows the audience."""
        return not (self.users or self.units or self.displays or self.place)


EVERYONE = Audience()


@dataclass(frozen=True)
class Event:
    """One pushed fact: ``topic`` (e.g. ``camera.status``) and a JSON-able ``data``."""

    id: int
    topic: str
    data: dict[str, Any]
    audience: Audience
    at: datetime

    def sse(self) -> str:
        """The event in ``text/event-stream`` framing."""
        payload = json.dumps(self.data, ensure_ascii=False, default=str, separators=(",", ":"))
        return f"id: {self.id}\nevent: {self.topic}\ndata: {payload}\n\n"


@dataclass
class Subscriber:
    """One open event stream: who is listening, what topics, and its queue."""

    user_id: int | None
    unit_id: int | None
    display_id: int | None
    covers: Callable[[int, str | None], bool]
    topics: frozenset[str]
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[Event | None] = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))

    def wants(self, event: Event) -> bool:
        """Whether this subscriber should receive ``event``."""
        if self.topics and not any(
            event.topic == t or event.topic.startswith(t + ".") for t in self.topics
        ):
            return False
        aud = event.audience
        if aud.everyone:
            return self.user_id is not None or self.display_id is not None
        if self.user_id is not None and self.user_id in aud.users:
            return True
        if self.unit_id is not None and self.unit_id in aud.units:
            return True
        if self.display_id is not None and self.display_id in aud.displays:
            return True
        return aud.place is not None and self.user_id is not None and self.covers(*aud.place)


class EventBus:
    """Fan-out of events to subscribers; ``publish`` is safe from any thread."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._subscribers: list[Subscriber] = []
        self._backlog: deque[Event] = deque(maxlen=BACKLOG)

    def publish(self, topic: str, data: dict[str, Any], audience: Audience = EVERYONE) -> Event:
        """Send ``data`` under ``topic`` to every subscriber in ``audience``."""
        with self._lock:
            event = Event(next(self._ids), topic, data, audience, self._now())
            self._backlog.append(event)
            targets = [s for s in self._subscribers if s.wants(event)]
        for sub in targets:
            self._deliver(sub, event)
        return event

    def subscribe(self, sub: Subscriber, last_event_id: int | None = None) -> None:
        """Start delivering to ``sub``; first replay what it missed after ``last_event_id``."""
        with self._lock:
            self._subscribers.append(sub)
            missed = [
                e
                for e in self._backlog
                if last_event_id is not None and e.id > last_event_id and sub.wants(e)
            ]
        for event in missed:
            self._deliver(sub, event)

    def unsubscribe(self, sub: Subscriber) -> None:
        """Stop delivering to ``sub``."""
        with self._lock:
            if sub in self._subscribers:
                self._subscribers.remove(sub)

    def disconnect(self, predicate: Callable[[Subscriber], bool]) -> int:
        """End the streams of matching subscribers (revoked session or display token)."""
        with self._lock:
            gone = [s for s in self._subscribers if predicate(s)]
            for sub in gone:
                self._subscribers.remove(sub)
        for sub in gone:
            self._close(sub)
        return len(gone)

    def subscribers(self) -> int:
        """How many streams are open."""
        with self._lock:
            return len(self._subscribers)

    def _deliver(self, sub: Subscriber, event: Event) -> None:
        def put() -> None:
            try:
                sub.queue.put_nowait(event)
            except asyncio.QueueFull:  # a subscriber that stopped reading is cut off
                self.unsubscribe(sub)
                _drain_and_close(sub.queue)

        _call_in(sub.loop, put)

    def _close(self, sub: Subscriber) -> None:
        _call_in(sub.loop, lambda: _drain_and_close(sub.queue))


def _drain_and_close(queue: asyncio.Queue[Event | None]) -> None:
    while not queue.empty():
        queue.get_nowait()
    queue.put_nowait(None)


def _call_in(loop: asyncio.AbstractEventLoop, fn: Callable[[], None]) -> None:
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        fn()
    elif not loop.is_closed():
        loop.call_soon_threadsafe(fn)


_PENDING = "vwall_pending_events"
_HOOKED = "vwall_events_hooked"


def publish_after_commit(
    session: Session,
    bus: EventBus,
    topic: str,
    data: dict[str, Any],
    audience: Audience = EVERYONE,
) -> None:
    """Publish when ``session``'s transaction commits; drop it if it rolls back."""
    if not session.info.get(_HOOKED):
        session.info[_HOOKED] = True

        def flush(sess: Session) -> None:
            for topic_, data_, audience_ in sess.info.pop(_PENDING, []):
                bus.publish(topic_, data_, audience_)

        def drop(sess: Session) -> None:
            sess.info.pop(_PENDING, None)

        sa_event.listen(session, "after_commit", flush)
        sa_event.listen(session, "after_rollback", drop)
    pending: list[tuple[str, dict[str, Any], Audience]] = session.info.setdefault(_PENDING, [])
    pending.append((topic, data, audience))
