# SPDX-License-Identifier: GPL-3.0-or-later
"""``GET /api/events``: the signed-in caller's push stream (Server-Sent Events)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse

from hub.auth.principal import Principal
from hub.auth.sessions import authenticate
from hub.context import Hub
from hub.db import transaction
from hub.deps import BearerToken, HubDep, SourceDep
from hub.errors import HubError
from hub.events import Subscriber
from hub.scope.service import Scope, scope_of

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
    ``max_seconds``; every keep-alive first runs ``recheck`` (in a thread), and a
    :class:`HubError` from it (session ended, display revoked) ends the stream."""
    hub.events.subscribe(sub, last_event_id)

    async def stream() -> AsyncIterator[str]:
        end = time.monotonic() + max_seconds
        try:
            yield f"{greeting}\n\n"
            while (left := end - time.monotonic()) > 0:
                try:
                    event = await asyncio.wait_for(
                        sub.queue.get(), timeout=min(KEEPALIVE_SECONDS, left)
                    )
                except TimeoutError:
                    if await request.is_disconnected():
                        return
                    try:
                        await asyncio.to_thread(recheck)
                    except HubError:
                        return
                    yield ": keep-alive\n\n"
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
    """Authenticate in a short transaction of its own (never held open by the stream)."""
    with transaction(hub.sessions) as session:
        principal = authenticate(session, hub, token, source)
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
    nothing kept in the backlog). The session is re-checked at every keep-alive: a
    logged-out or disabled account's stream ends.
    """
    principal, scope = await asyncio.to_thread(_check, hub, token, source)
    sub = Subscriber(
        user_id=principal.user_id,
        unit_id=principal.unit_id,
        display_id=None,
        covers=scope.covers,
        topics=frozenset(t for t in topics.split(",") if t),
        loop=asyncio.get_running_loop(),
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
