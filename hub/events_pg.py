# SPDX-License-Identifier: GPL-3.0-or-later
"""One event bus for every hub process on a PostgreSQL database: the ``pushed_events``
table is the bus and its backlog, ``LISTEN``/``NOTIFY`` the doorbell.

Publishing inserts a row and notifies its id in one transaction — the publishing request's
own transaction for :func:`hub.events.publish_after_commit` (so an event exists exactly
when the change it tells of commits), a short one for :meth:`SharedEventBus.publish`.
The row's id is the event id every hub sends, so a console's ``Last-Event-ID`` from one
hub resumes on another.

Ids in commit order. An id from a sequence is taken when the row is inserted, not when it
commits: a reader that saw id 11 and moved its cursor past it would never see an id 10
committed a moment later. So the insert happens under a transaction-level advisory lock
held to commit, taken as the last step of the transaction (after its flush, so nothing
else is waited for while holding it, and after the audit chain's lock, never before it: no
deadlock). A reader that sees an id therefore sees every smaller id that will ever exist;
the gaps of rolled-back transactions stay gaps.

Each hub process runs one :class:`hub.event_services.EventListener`: on a notification
(and every ``event_catchup_seconds`` regardless, and after reconnecting a lost connection)
it reads the rows after the last id it delivered, in id order, and fans them out to its
own subscribers with the same :class:`~hub.events.Audience` rules as the in-process bus.
A subscriber resuming with ``Last-Event-ID`` gets the rows between that id and the
listener's cursor from the table while newer live events are held for it, then those: each
event once, in id order.
"""

from __future__ import annotations

import asyncio
import json
import logging
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Engine, Index, Integer, String, Text, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column

from hub.clock import as_utc
from hub.db import Base, UtcDateTime
from hub.events import BACKLOG, EVERYONE, Audience, Event, EventBus, Subscriber

log = logging.getLogger(__name__)

CHANNEL = "vwall_events"  # the NOTIFY channel; the payload is the newest id
# Any constant will do; it names "the event id order" for pg_advisory_xact_lock.
_PG_EVENT_LOCK = 0x76_77_61_6C_6C_45
PAGE = 500  # rows read at once


class PushedEventRow(Base):
    """One event as every hub process reads it (PostgreSQL; unused on SQLite)."""

    __tablename__ = "pushed_events"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    topic: Mapped[str] = mapped_column(String(100))
    payload: Mapped[str] = mapped_column(Text)  # the event's data, JSON
    audience: Mapped[str] = mapped_column(Text)  # Audience.to_json(), JSON
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())

    __table_args__ = (Index("ix_pushed_events_created_at", "created_at"),)


_INSERT = text(
    "INSERT INTO pushed_events (topic, payload, audience, created_at)"
    " VALUES (:topic, :payload, :audience, :at) RETURNING id"
)
SELECT_AFTER = (
    "SELECT id, topic, payload, audience, created_at FROM pushed_events"
    " WHERE id > %s ORDER BY id LIMIT %s"
)


def event_of(row: Sequence[Any]) -> Event:
    """The :class:`Event` of one ``pushed_events`` row (id, topic, payload, audience, at)."""
    ident, topic, payload, audience, at = row
    return Event(
        int(ident),
        str(topic),
        json.loads(payload),
        Audience.from_json(json.loads(audience)),
        as_utc(at),
    )


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))


def _on_a_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class SharedEventBus(EventBus):
    """The event bus of a hub process sharing a PostgreSQL database with other hubs."""

    def __init__(self, now: Callable[[], datetime], engine: Engine) -> None:
        super().__init__(now)
        self.engine = engine
        # The highest id handed to this process's subscribers; None until the listener
        # starts (no subscriber can exist before: the listener starts with the app).
        self.cursor: int | None = None
        # Events published on an event loop, written in order by one thread.
        self._writes: queue.Queue[tuple[str, dict[str, Any], Audience, datetime]] = queue.Queue()
        self._writer: threading.Thread | None = None

    def publish(self, topic: str, data: dict[str, Any], audience: Audience = EVERYONE) -> Event:
        """Write the event in a transaction of its own; every hub's listener delivers it.

        Called on an event loop (the PTZ watchdog, a route's background step), the write
        is handed to this bus's writer thread, in order, and the event returned has id 0:
        the loop never waits on the database (nor on the id-order lock other transactions
        hold to their commit). A database failure is logged and the event is lost (id 0):
        publishing from background work never fails the work itself."""
        at = self._now()
        if _on_a_loop():
            self._writes.put((topic, data, audience, at))
            self._start_writer()
            return Event(0, topic, data, audience, at)
        return Event(self._write_one(topic, data, audience, at), topic, data, audience, at)

    def _write_one(self, topic: str, data: dict[str, Any], audience: Audience, at: datetime) -> int:
        try:
            with Session(self.engine) as session, session.begin():
                return self._write(session, [(topic, data, audience)], at)[-1]
        except SQLAlchemyError:
            log.exception("event %s not published: the database refused it", topic)
            return 0

    def _start_writer(self) -> None:
        with self._lock:
            if self._writer is not None and self._writer.is_alive():
                return
            self._writer = threading.Thread(
                target=self._drain, name="event-bus-writer", daemon=True
            )
            self._writer.start()

    def _drain(self) -> None:
        while True:
            topic, data, audience, at = self._writes.get()
            self._write_one(topic, data, audience, at)
            self._writes.task_done()

    def write_in(
        self, session: Session, events: list[tuple[str, dict[str, Any], Audience]]
    ) -> bool:
        """Write ``events`` in ``session``'s transaction (called as it commits)."""
        session.flush()  # the transaction's own rows first: the lock is taken last
        self._write(session, events, self._now())
        return True

    @staticmethod
    def _write(
        session: Session, events: Iterable[tuple[str, dict[str, Any], Audience]], at: datetime
    ) -> list[int]:
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_EVENT_LOCK})
        ids = [
            int(
                session.execute(
                    _INSERT,
                    {
                        "topic": topic,
                        "payload": _dump(data),
                        "audience": _dump(audience.to_json()),
                        "at": at,
                    },
                ).scalar_one()
            )
            for topic, data, audience in events
        ]
        if ids:  # delivered at commit; one doorbell for the transaction's events
            session.execute(text("SELECT pg_notify(:c, :id)"), {"c": CHANNEL, "id": str(ids[-1])})
        return ids

    def subscribe(
        self, sub: Subscriber, last_event_id: int | None = None
    ) -> Callable[[], None] | None:
        """Start delivering to ``sub``. Resuming after ``last_event_id`` (from any hub),
        newer live events are held for it until the returned replay has run: it reads the
        missed events from the table (the newest :data:`~hub.events.BACKLOG` that ``sub``
        wants), delivers them, then the held ones. The replay blocks on the database (run
        it in a thread); if it fails, ``sub`` is unsubscribed."""
        with self._lock:
            upto = self.cursor
            sub.floor = last_event_id or 0  # it may come from a hub further ahead
            if last_event_id is None:
                sub.start = upto  # None until the listener has read where the table is
            self._subscribers.append(sub)
            if last_event_id is None or upto is None or last_event_id >= upto:
                return None
            sub.held = []

        def replay() -> None:
            try:
                missed = self._read_between(last_event_id, upto, sub)
            except BaseException:
                self.unsubscribe(sub)
                raise
            with self._lock:
                for event in missed:
                    self._deliver(sub, event)
                for event in sub.held or ():
                    self._deliver(sub, event)
                sub.held = None

        return replay

    def _read_between(self, after: int, upto: int, sub: Subscriber) -> deque[Event]:
        """The events in ``(after, upto]`` that ``sub`` wants (the newest ``BACKLOG``)."""
        wanted: deque[Event] = deque(maxlen=BACKLOG)
        with self.engine.connect() as conn:
            while after < upto:
                rows = conn.execute(
                    text(
                        "SELECT id, topic, payload, audience, created_at FROM pushed_events"
                        " WHERE id > :after AND id <= :upto ORDER BY id LIMIT :n"
                    ),
                    {"after": after, "upto": upto, "n": PAGE},
                ).all()
                if not rows:
                    break
                for row in rows:
                    event = event_of(row)
                    if sub.wants(event):
                        wanted.append(event)
                after = int(rows[-1][0])
        return wanted

    def start_at(self, ident: int) -> None:
        """Deliver the events after ``ident`` from now on (the listener, as it starts)."""
        with self._lock:
            self.cursor = ident

    def deliver(self, events: list[Event], upto: int | None = None) -> None:
        """Hand events read from the table (ascending ids) to this process's subscribers
        and move the cursor to the last of them, or to ``upto`` (the last row read, which
        may have been unreadable); ids at or below the cursor were delivered already."""
        with self._lock:
            start = self.cursor if self.cursor is not None else 0
            fresh = [e for e in events if e.id > start]
            self._fan_out(fresh)
            last = max([start, upto or 0, *(e.id for e in fresh[-1:])])
            self.cursor = last


def event_bus(engine: Engine, now: Callable[[], datetime]) -> EventBus:
    """The bus of a hub process: shared through the database on PostgreSQL, in-process on
    SQLite (the embedded single-process default: no write per event, no listener)."""
    if engine.dialect.name == "postgresql":
        return SharedEventBus(now, engine)
    return EventBus(now)
