# SPDX-License-Identifier: GPL-3.0-or-later
"""The services of the bus shared by every hub process on PostgreSQL (hub.events_pg):
the listener that feeds this process's subscribers, and the backlog's retention.

The listener holds one connection of its own (psycopg, asynchronous, on the hub's event
loop) that ``LISTEN``s on :data:`hub.events_pg.CHANNEL`. It reads the rows after its
cursor when a notification rings, every ``event_catchup_seconds`` in any case (a
notification can be missed only with the connection, but a silently dead connection
would otherwise go unnoticed), and once more after each reconnect; a lost connection is
opened again at once, then after growing pauses up to the catch-up period. Reads are in
id order from the cursor, so coalesced or lost notifications lose nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

import psycopg
from sqlalchemy import delete, func, select

from hub.context import Hub
from hub.db import transaction
from hub.events import Event
from hub.events_pg import CHANNEL, PAGE, SELECT_AFTER, PushedEventRow, SharedEventBus, event_of
from hub.upkeep import Upkeep

log = logging.getLogger(__name__)

CONNECT_SECONDS = 5.0  # longest wait for the listening connection to open
READ_SECONDS = 10.0  # longest wait for one catch-up read (else the connection is dropped)


class EventListener:
    """Feeds this hub process's subscribers from the shared event table."""

    name = "event_listener"

    def __init__(self, hub: Hub, bus: SharedEventBus) -> None:
        self.hub = hub
        self.bus = bus
        self.connects = 0  # connections opened (tests see a reconnect)
        self.reads = 0  # catch-up reads done
        self._conn: psycopg.AsyncConnection[tuple[object, ...]] | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def backend_pid(self) -> int | None:
        """The server process of the listening connection (None while reconnecting)."""
        conn = self._conn
        return None if conn is None or conn.closed else conn.info.backend_pid

    async def start(self) -> None:
        """Listen, and start from the newest event: a new subscriber gets what follows,
        a resuming one what it missed from the table."""
        self._conn = await self._connect()
        async with asyncio.timeout(READ_SECONDS):
            cur = await self._conn.execute("SELECT coalesce(max(id), 0) FROM pushed_events")
            row = await cur.fetchone()
        self.bus.start_at(int(row[0]) if row else 0)  # type: ignore[call-overload]
        self._task = asyncio.create_task(self._run(), name="event-listener")

    async def stop(self) -> None:
        """Stop listening and close the connection."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._close()

    async def _connect(self) -> psycopg.AsyncConnection[tuple[object, ...]]:
        engine = self.bus.engine
        _args, params = engine.dialect.create_connect_args(engine.url)
        params.setdefault("connect_timeout", int(CONNECT_SECONDS))
        conn = await psycopg.AsyncConnection.connect(
            **params, autocommit=True, application_name="vwall-hub events"
        )
        await conn.execute(f"LISTEN {CHANNEL}")
        self.connects += 1
        return conn

    async def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(psycopg.Error, OSError):
                await conn.close()

    async def _run(self) -> None:
        pause = 0.0
        while True:
            try:
                if self._conn is None:
                    self._conn = await self._connect()
                await self._catch_up(self._conn)
                pause = 0.0
                await self._wait(self._conn)
            except (psycopg.Error, OSError, TimeoutError) as exc:
                log.warning("event listener: connection lost (%s); reconnecting", exc)
                await self._close()
                await asyncio.sleep(pause)
                pause = min(max(pause * 2, 0.1), self.hub.settings.event_catchup_seconds)
            except Exception:  # never stop delivering for good
                log.exception("event listener: delivering failed")
                await asyncio.sleep(self.hub.settings.event_catchup_seconds)

    async def _wait(self, conn: psycopg.AsyncConnection[tuple[object, ...]]) -> None:
        """Until a notification of an id past the cursor, or the catch-up period."""
        notes = conn.notifies(timeout=self.hub.settings.event_catchup_seconds)
        async with contextlib.aclosing(notes):  # it holds the connection's lock until closed
            async for note in notes:
                if not note.payload.isdigit() or int(note.payload) > (self.bus.cursor or 0):
                    return

    async def _catch_up(self, conn: psycopg.AsyncConnection[tuple[object, ...]]) -> None:
        async with asyncio.timeout(READ_SECONDS):
            while True:
                cur = await conn.execute(SELECT_AFTER, (self.bus.cursor or 0, PAGE))
                rows = await cur.fetchall()
                self.reads += 1
                if rows:
                    self.bus.deliver(_readable(rows), int(rows[-1][0]))  # type: ignore[call-overload]
                if len(rows) < PAGE:
                    return


def _readable(rows: list[tuple[object, ...]]) -> list[Event]:
    """The events of ``rows``; one that cannot be read is logged and skipped (it must not
    stop every later event)."""
    events = []
    for row in rows:
        try:
            events.append(event_of(row))
        except (ValueError, TypeError, KeyError, IndexError):
            log.error("event %s in pushed_events cannot be read; skipped", row[0])
    return events


class EventRetention(Upkeep):
    """Keeps the shared backlog bounded: every ``event_purge_seconds`` the events older
    than ``event_backlog_hours`` and those beyond the newest ``event_backlog_rows`` go
    (any hub process may run it; a round deletes what another already did not)."""

    name = "event_retention"
    stop_wait = 5.0

    def __init__(self, hub: Hub) -> None:
        super().__init__(hub)
        self.purged = 0  # rows deleted by this process (tests)

    def interval(self) -> float:
        """Seconds between rounds."""
        return self.hub.settings.event_purge_seconds

    def round(self) -> None:
        """Delete the events past the backlog's age and size."""
        settings = self.hub.settings
        cutoff = self.hub.clock.now() - timedelta(hours=settings.event_backlog_hours)
        with transaction(self.hub.sessions) as session:
            newest = session.scalar(select(func.max(PushedEventRow.id))) or 0
            gone = session.execute(
                delete(PushedEventRow).where(
                    (PushedEventRow.created_at < cutoff)
                    | (PushedEventRow.id <= newest - settings.event_backlog_rows)
                )
            )
            self.purged += int(gone.rowcount or 0)  # type: ignore[attr-defined]


def event_listener(hub: Hub) -> EventListener | None:
    """The listener of the shared bus (PostgreSQL only)."""
    bus = hub.events
    return EventListener(hub, bus) if isinstance(bus, SharedEventBus) else None


def event_retention(hub: Hub) -> EventRetention | None:
    """The retention of the shared bus's backlog (PostgreSQL only)."""
    return EventRetention(hub) if isinstance(hub.events, SharedEventBus) else None
