# SPDX-License-Identifier: GPL-3.0-or-later
"""The hub's stable media URL of a pooled grant: ``GET /media/<output>?token=…`` answers
``307`` with the URL of the relay host that serves the output now.

A console's player keeps the grant URL; when the host serving it dies and the output
moves, the player's reconnect asks here again and is sent to the new host (libVLC's HTTP
access follows redirects). Any hub redirects any hub's output: one it does not hold is
found through its grant row (:mod:`hub.streams.store`). An unknown output and a wrong
token get the same 404 as the relay's own listener. Only hubs with ``relay_pool`` serve
the route. It is a sync route (a worker thread): nothing here runs on the event loop.
"""

from __future__ import annotations

import logging
import re
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from hub.deps import HubDep
from hub.relaypool.pool import PooledRelay, request_base
from hub.streams.service import NAME, RelayService

router = APIRouter(tags=["streams"])

_TOKEN = re.compile(r"([?&]token=)[^&\s]*")


def _not_found() -> Response:
    return Response("no such stream", status_code=404, media_type="text/plain")


@router.get("/media/{output_id}", include_in_schema=False)
def media_redirect(
    output_id: Annotated[str, Path(min_length=1, max_length=64)],
    hub: HubDep,
    token: Annotated[str, Query(max_length=128)] = "",
) -> Response:
    """307 to the relay host that serves the output now, or 404."""
    service = hub.services.get(NAME)
    relay = service.grants.relay if isinstance(service, RelayService) else None
    if not isinstance(relay, PooledRelay) or not token:
        return _not_found()
    location = relay.locate(output_id, token)
    store = service.store if isinstance(service, RelayService) else None
    if location is None and store is not None and relay.host_of(output_id) is None:
        # Another hub's grant (a load balancer sent the player here): its row says
        # whether the token is right and which camera stream the output shows.
        source_key = store.source_of(output_id, token)
        if source_key is not None:
            location = relay.locate_elsewhere(source_key, output_id, token)
    if location is None:
        return _not_found()
    return Response(status_code=307, headers={"Location": location, "Cache-Control": "no-store"})


class RequestBase:
    """ASGI middleware: the request's base URL in :data:`request_base`, so a pooled
    grant's URL points back at the hub (and the scheme and port) the console asked."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        base = str(Request(scope).base_url).rstrip("/")
        reset = request_base.set(base)
        try:
            await self.app(scope, receive, send)
        finally:
            request_base.reset(reset)


class RedactTokens(logging.Filter):
    """Takes grant tokens out of uvicorn's access log lines (``GET /media/…?token=…``):
    the relay never logs a request line; the hub's redirect must not either."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and any(isinstance(a, str) and "token=" in a for a in args):
            record.args = tuple(
                _TOKEN.sub(r"\1[redacted]", a) if isinstance(a, str) else a for a in args
            )
        return True


def redact_access_log() -> None:
    """Install :class:`RedactTokens` on uvicorn's access logger (once)."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactTokens) for f in access.filters):
        access.addFilter(RedactTokens())
