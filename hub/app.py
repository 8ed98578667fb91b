# SPDX-License-Identifier: GPL-3.0-or-later
"""The FastAPI application factory: routers, error handlers, body limit, lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.archive.routes import router as archive_router
from hub.audit.routes import router as audit_router
from hub.auth.routes import router as auth_router
from hub.cases.routes import router as cases_router
from hub.catalog.routes import router as catalog_router
from hub.clock import Clock
from hub.context import Hub, open_hub
from hub.contracts import Health
from hub.db import serve_on_this_loop
from hub.deps import end_transactions_off_the_loop, trusted_networks
from hub.errors import error_response, install_error_handlers
from hub.event_routes import router as event_router
from hub.evidence.routes import router as evidence_router
from hub.incidents.routes import router as incidents_router
from hub.org.routes import router as org_router
from hub.privacy.routes import router as privacy_router
from hub.profiles.routes import router as profile_router
from hub.ptz.routes import router as ptz_router
from hub.publishing.routes import router as publishing_router
from hub.relaypool.routes import RequestBase, redact_access_log
from hub.relaypool.routes import router as relaypool_router
from hub.scope.routes import router as scope_router
from hub.services import start_services, stop_services
from hub.settings import Settings
from hub.streams.routes import router as streams_router
from hub.walls.routes import router as walls_router

# Every router the application serves (the authorization matrix test walks this too).
ROUTERS = (
    auth_router,
    org_router,
    scope_router,
    audit_router,
    profile_router,
    event_router,
    walls_router,
    archive_router,
    streams_router,
    catalog_router,
    ptz_router,
    incidents_router,
    cases_router,
    privacy_router,
    evidence_router,
    publishing_router,
)


def hub_version() -> str:
    """The installed distribution's version."""
    try:
        return version("vwall")
    except PackageNotFoundError:
        return "0+unknown"


class BodyLimit:
    """Refuse request bodies above ``limit`` bytes with a JSON 413, before any handler."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replay: list[Message] = [
            {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        ]

        async def replay_receive() -> Message:
            return replay.pop() if replay else await receive()

        await self.app(scope, replay_receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(413, "body_too_large", {"max_bytes": self.limit})
        await response(scope, receive, send)


def create_app(settings: Settings, clock: Clock | None = None, hub: Hub | None = None) -> FastAPI:
    """Build the hub application; the database is migrated to head on start-up.

    Raises:
        ValueError: ``trusted_proxies`` names something that is not an address or network.
    """
    trusted_networks(settings.trusted_proxies)  # a typo stops the hub here, not per request

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = app.state.hub is None
        if own:
            app.state.hub = open_hub(settings, clock)
        services = await start_services(app.state.hub)
        serve_on_this_loop()  # start-up may wait for the database; serving must not
        try:
            yield
        finally:
            await stop_services(app.state.hub, services)
            if own:
                app.state.hub.close()
                app.state.hub = None

    app = FastAPI(
        title="vwall hub",
        version=hub_version(),
        description="Control-room service: organisations, MFA login, roles and scopes, "
        "tamper-evident audit trail.",
        lifespan=lifespan,
    )
    app.state.hub = hub
    install_error_handlers(app)
    for router in ROUTERS:
        end_transactions_off_the_loop(router)
        app.include_router(router)

    @app.get("/api/health", tags=["meta"])
    def health() -> Health:
        """Liveness probe, with the hub's time (the clock its checks use)."""
        running = app.state.hub
        now = running.clock.now() if isinstance(running, Hub) else None
        return Health(status="ok", version=hub_version(), time=now)

    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    if settings.relay_pool:
        # Pooled grants: their URLs point back at this hub's /media/ redirect (served
        # only then), and their tokens never reach the access log.
        end_transactions_off_the_loop(relaypool_router)
        app.include_router(relaypool_router)
        app.add_middleware(RequestBase)
        redact_access_log()
    return app
