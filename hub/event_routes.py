# SPDX-License-Identifier: GPL-3.0-or-later
"""``GET /api/events``: the signed-in caller's push stream (Server-Sent Events)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse

from hub.auth.principal import Principal
from hub.auth.sessions import authenticate, ended_sessions
from hub.context import Hub
from hub.db import transaction
from hub.deps import BearerToken, HubDep, SourceDep
from hub.errors import HubError
from hub.events import Subscriber
from hub.scope.service import Scope, scope_of

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["events"])

KEEPALIVE_SECONDS = 15.0


def sse_response(
    hub: Hub,
    request: Request,
    sub: Subscriber,
    last_event_id: int | None,
    max_seconds: float,
    recheck: Callable[[], object],
    greeting: str,
) -> StreamingResponse:
    """Subscribe ``sub`` and stream its events as ``text/event-stream`` for at most
    ``max_seconds``; every ``KEEPALIVE_SECONDS`` (busy or not) it first runs ``recheck``
    (in a thread), and a :class:`HubError` from it (session ended, display revoked) ends
    the stream. A user stream also ends within ``event_session_check_seconds`` of its
    session ending (:class:`SessionStreamWatch`), and at once if this process ended it.

    ``sub`` is subscribed before the response starts; a resume that reads the missed
    events from the database (PostgreSQL: the table every hub shares) runs in a thread as
    the stream begins, live events held for it meanwhile."""
    replay = hub.events.subscribe(sub, last_event_id)

    async def stream() -> AsyncIterator[str]:
        started = time.monotonic()
        end = started + max_seconds
        beat = started + KEEPALIVE_SECONDS
        try:
            if replay is not None:
                await asyncio.to_thread(replay)
            # A stream that resumes nothing starts with the newest id (an id alone):
            # the subscriber's resume point even before its first event.
            yield f"{greeting}\n\n" + (f"id: {sub.start}\n\n" if sub.start is not None else "")
            while (now := time.monotonic()) < end:
                if now >= beat:
                    if await request.is_disconnected():
                        return
                    try:
                        await asyncio.to_thread(recheck)
                    except HubError:
                        return
                    yield ": keep-alive\n\n"
                    beat = time.monotonic() + KEEPALIVE_SECONDS
                    continue
                try:
                    event = await asyncio.wait_for(sub.queue.get(), timeout=min(beat, end) - now)
                except TimeoutError:
                    continue
                if event is None:
                    return
                yield event.sse()
        finally:
            hub.events.unsubscribe(sub)

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _check(hub: Hub, token: str, source: str | None) -> tuple[Principal, Scope]:
    """Authenticate in a short transaction of its own (never held open by the stream).

    The stream is not operator activity: it never restarts the session's idle time."""
    with transaction(hub.sessions) as session:
        principal = authenticate(session, hub, token, source, touch=False)
        if principal.password_change_required:
            raise HubError(403, "auth.password_change_required")
        return principal, scope_of(session, principal, hub.clock.now())


@router.get(
    "/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def event_stream(
    request: Request,
    hub: HubDep,
    token: BearerToken,
    source: SourceDep,
    topics: Annotated[str, Query(max_length=500, pattern=r"^[a-z0-9_.,]*$")] = "",
    max_seconds: Annotated[float, Query(ge=0, le=86_400)] = 3600,
    last_event_id: Annotated[int | None, Header(ge=0)] = None,
) -> StreamingResponse:
    """Events for the caller, as ``text/event-stream``; comments keep the line alive.

    ``topics`` (comma-separated prefixes, e.g. ``camera,ptz``) narrows the stream;
    ``max_seconds`` ends it (the console reconnects with ``Last-Event-ID`` and misses
    nothing kept in the backlog). The stream ends within about a second of its session
    ending (logout, expiry, disable, password or MFA change — on any hub process sharing
    the database). Streaming does not count as activity: the session still idles out.
    """
    principal, scope = await asyncio.to_thread(_check, hub, token, source)
    sub = Subscriber(
        user_id=principal.user_id,
        unit_id=principal.unit_id,
        display_id=None,
        covers=scope.covers,
        topics=frozenset(t for t in topics.split(",") if t),
        loop=asyncio.get_running_loop(),
        session_id=principal.session_id,
        permissions=frozenset(p.value for p in principal.permissions),
    )
    return sse_response(
        hub,
        request,
        sub,
        last_event_id,
        max_seconds,
        lambda: _check(hub, token, source),
        ": vwall events",
    )


class SessionStreamWatch:
    """Ends the event streams of sessions ended elsewhere (another hub process, idle
    expiry, lifetime): every ``event_session_check_seconds`` one read-only query covers
    every open user stream of this process."""

    name = "event_sessions"

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.checks = 0  # rounds done (tests wait for one)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Begin watching."""
        self._task = asyncio.create_task(self._run(), name="event-session-watch")

    async def stop(self) -> None:
        """Stop watching."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.hub.settings.event_session_check_seconds)
            try:
                await self.check()
            except Exception:
                log.exception("checking the sessions of open event streams failed")
            self.checks += 1

    async def check(self) -> int:
        """End the streams of sessions no longer valid now; returns how many ended."""
        ids = self.hub.events.session_ids()
        if not ids:
            return 0
        dead = await asyncio.to_thread(self._ended, ids)
        if not dead:
            return 0
        return self.hub.events.disconnect(lambda s: s.session_id in dead)

    def _ended(self, ids: set[int]) -> set[int]:
        with self.hub.sessions() as session:
            return ended_sessions(session, self.hub, ids)


def session_watch(hub: Hub) -> SessionStreamWatch:
    """The service ending event streams whose session ended (always on)."""
    return SessionStreamWatch(hub)
