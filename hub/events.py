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

:class:`EventBus` is the in-process bus of one hub on SQLite (the embedded default: one
process). On PostgreSQL every hub process shares one bus through the database
(:class:`hub.events_pg.SharedEventBus`): the same fan-out, fed from a table.

Each subscriber receives an event at most once and in id order: events are handed to the
subscribers' queues under the bus lock, so two publishing threads cannot interleave.
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
    ``place`` (territory id, domain). ``requires`` narrows the unit and place criteria to
    subscribers holding at least one of those permissions (an auditor whose scope covers
    a camera is not told of its incidents); users named in ``users`` always receive it.
    """

    users: frozenset[int] = frozenset()
    units: frozenset[int] = frozenset()
    displays: frozenset[int] = frozenset()
    place: tuple[int, str | None] | None = None
    requires: frozenset[str] = frozenset()

    @property
    def everyone(self) -> bool:
        """Whether nothing narrows the audience."""
        return not (self.users or self.units or self.displays or self.place)

    def to_json(self) -> dict[str, Any]:
        """The audience as JSON (stored with an event shared across hub processes)."""
        return {
            "users": sorted(self.users),
            "units": sorted(self.units),
            "displays": sorted(self.displays),
            "place": list(self.place) if self.place is not None else None,
            "requires": sorted(self.requires),
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Audience:
        """The audience :meth:`to_json` wrote."""
        place = doc.get("place")
        return cls(
            users=frozenset(int(u) for u in doc.get("users", ())),
            units=frozenset(int(u) for u in doc.get("units", ())),
            displays=frozenset(int(d) for d in doc.get("displays", ())),
            place=(int(place[0]), place[1]) if place is not None else None,
            requires=frozenset(str(r) for r in doc.get("requires", ())),
        )


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
    # The signed-in session the stream belongs to (None for a display): ending the session
    # ends the stream.
    session_id: int | None = None
    # The subscriber's permissions (``Permission`` values), for ``Audience.requires``.
    permissions: frozenset[str] = frozenset()
    # Live events held back while the bus replays this subscriber's backlog from the
    # database (hub.events_pg), handed over after it; None when nothing is held.
    held: list[Event] | None = field(default=None, repr=False, compare=False)
    # Ids up to this one reached the subscriber already (its Last-Event-ID, on a bus whose
    # ids every hub process shares; 0 on the in-process bus, whose ids restart with it).
    floor: int = field(default=0, repr=False, compare=False)
    # The id of the newest event when a subscriber that gave no Last-Event-ID subscribed
    # (None if unknown): its stream starts with it, so a console that has received no
    # event yet still has a point to resume from, on this hub or on another.
    start: int | None = field(default=None, repr=False, compare=False)

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
        if self.display_id is not None and self.display_id in aud.displays:
            return True
        if aud.requires and not (self.permissions & aud.requires):
            return False
        if self.unit_id is not None and self.unit_id in aud.units:
            return True
        return aud.place is not None and self.user_id is not None and self.covers(*aud.place)


class EventBus:
    """Fan-out of events to subscribers; ``publish`` is safe from any thread."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now
        self._ids = itertools.count(1)
        # Reentrant: a full queue unsubscribes its subscriber while the bus delivers.
        self._lock = threading.RLock()
        self._subscribers: list[Subscriber] = []
        self._backlog: deque[Event] = deque(maxlen=BACKLOG)

    def publish(self, topic: str, data: dict[str, Any], audience: Audience = EVERYONE) -> Event:
        """Send ``data`` under ``topic`` to every subscriber in ``audience``."""
        with self._lock:
            event = Event(next(self._ids), topic, data, audience, self._now())
            self._backlog.append(event)
            self._fan_out([event])
        return event

    def write_in(
        self, session: Session, events: list[tuple[str, dict[str, Any], Audience]]
    ) -> bool:
        """Write ``events`` in ``session``'s transaction as it commits (called just before
        the commit); ``False`` if this bus publishes them after the commit instead (the
        in-process bus: nothing to write)."""
        return False

    def subscribe(
        self, sub: Subscriber, last_event_id: int | None = None
    ) -> Callable[[], None] | None:
        """Start delivering to ``sub``; first replay what it missed after ``last_event_id``.

        Returns the part of the replay still to run, in a thread (None here: the
        in-process backlog is replayed at once; a bus that reads its backlog from the
        database holds live events for ``sub`` until that has run)."""
        with self._lock:
            self._subscribers.append(sub)
            if last_event_id is None:
                sub.start = self._backlog[-1].id if self._backlog else 0
            else:
                for event in self._backlog:
                    if event.id > last_event_id and sub.wants(event):
                        self._deliver(sub, event)
        return None

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

    def session_ids(self) -> set[int]:
        """The signed-in sessions that have a stream open."""
        with self._lock:
            return {s.session_id for s in self._subscribers if s.session_id is not None}

    def _fan_out(self, events: list[Event]) -> None:
        """Hand ``events`` (in id order) to the subscribers that want them; the caller
        holds the lock. A subscriber whose backlog is being replayed gets them later."""
        for event in events:
            for sub in list(self._subscribers):
                if event.id <= sub.floor or not sub.wants(event):
                    continue
                if sub.held is None:
                    self._deliver(sub, event)
                elif len(sub.held) < QUEUE_LIMIT:
                    sub.held.append(event)
                else:  # cut off, as a full queue is
                    self._subscribers.remove(sub)
                    self._close(sub)

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
_DISCONNECTS = "vwall_pending_disconnects"


def publish_after_commit(
    session: Session,
    bus: EventBus,
    topic: str,
    data: dict[str, Any],
    audience: Audience = EVERYONE,
) -> None:
    """Publish when ``session``'s transaction commits; drop it if it rolls back.

    A bus shared through the database writes the event in the transaction itself, as it
    commits (:meth:`EventBus.write_in`): it exists exactly when the change does."""
    if not session.info.get(_HOOKED):
        session.info[_HOOKED] = True
        _hook(session, bus)
    pending: list[tuple[str, dict[str, Any], Audience]] = session.info.setdefault(_PENDING, [])
    pending.append((topic, data, audience))


def disconnect_after_commit(
    session: Session, bus: EventBus, predicate: Callable[[Subscriber], bool]
) -> None:
    """End the matching streams when ``session``'s transaction commits (sessions ended)."""
    if not session.info.get(_HOOKED):
        session.info[_HOOKED] = True
        _hook(session, bus)
    pending: list[Callable[[Subscriber], bool]] = session.info.setdefault(_DISCONNECTS, [])
    pending.append(predicate)


def _hook(session: Session, bus: EventBus) -> None:
    def write(sess: Session) -> None:
        pending = sess.info.get(_PENDING)
        if pending and bus.write_in(sess, pending):
            sess.info.pop(_PENDING, None)

    def flush(sess: Session) -> None:
        for topic_, data_, audience_ in sess.info.pop(_PENDING, []):
            bus.publish(topic_, data_, audience_)
        for predicate in sess.info.pop(_DISCONNECTS, []):
            bus.disconnect(predicate)

    def drop(sess: Session) -> None:
        sess.info.pop(_PENDING, None)
        sess.info.pop(_DISCONNECTS, None)

    sa_event.listen(session, "before_commit", write)
    sa_event.listen(session, "after_commit", flush)
    sa_event.listen(session, "after_rollback", drop)
