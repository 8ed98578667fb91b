# SPDX-License-Identifier: GPL-3.0-or-later
"""The media relay as a supervised hub service (``hub.services["relay"]``), with its grants.

The service starts :class:`~hub.media.MediaRelay` (which supervises its GStreamer worker
process and restarts it on the same port with the same tokens) when ``settings.media_relay``
is true — or, with ``relay_pool`` (PostgreSQL), a :class:`~hub.relaypool.pool.PooledRelay`
over the pool's relay hosts instead —, keeps a :class:`~hub.streams.grants.GrantRegistry`
over it, and runs the grants' expiry loop. The loop also ends the grants of sessions that
ended (logout, idle or absolute expiry, a disabled account, a password change): sessions
are revoked in several places with bulk updates, so checking them here every
``grant_check_seconds`` is the one hook that catches them all. Each grant that ends
without its owner asking pushes ``stream.revoked`` to the owner (console or display) and
is audited as ``stream.end``.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import secrets
import threading
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from hub.audit.service import Actor
from hub.auth.models import AuthSession
from hub.context import Hub
from hub.errors import HubError
from hub.events import Audience
from hub.media import MediaRelay, RelayError
from hub.org.models import User
from hub.relaypool.host import load_control_secret
from hub.relaypool.pool import PooledRelay
from hub.streams.grants import Grant, GrantRegistry, Relay
from hub.streams.store import GrantStore

log = logging.getLogger(__name__)

NAME = "relay"
RELEASED = "released"  # the owner released it: no push, the route audits it


class RelayService:
    """The relay worker's supervisor plus the registry of grants it serves."""

    name = NAME

    def __init__(self, hub: Hub, relay: Relay | None = None) -> None:
        """Prepare the service; ``relay`` replaces the GStreamer relay (tests only)."""
        settings = hub.settings
        self.hub = hub
        self.media: MediaRelay | None = None
        self.pool: PooledRelay | None = None
        if relay is None and settings.relay_pool:
            relay = self.pool = pooled_relay(hub)
        if relay is None:
            # Everything a console fetches from the hub is encrypted: the relay serves the
            # streams with the hub's certificate unless it has one of its own.
            own = bool(settings.relay_tls_cert)
            self.media = MediaRelay(
                bind_host=settings.relay_bind_host,
                port=settings.relay_port,
                certfile=(settings.relay_tls_cert if own else settings.tls_cert) or None,
                keyfile=(settings.relay_tls_key if own else settings.tls_key) or None,
            )
            relay = self.media
        # Several hub processes share one PostgreSQL: each grant is a row every hub can
        # renew, release, revoke and redirect (hub.streams.store). SQLite: one hub.
        self.store: GrantStore | None = None
        if hub.engine.dialect.name == "postgresql":
            box = hub.sessions.kw["info"]["secret_box"]
            self.store = GrantStore(
                hub.sessions,
                box,
                secrets.token_hex(8),
                hub.clock.now,
                check_seconds=settings.grant_check_seconds,
            )
        self.grants = GrantRegistry(
            relay,
            now=hub.clock.now,
            grant_seconds=settings.grant_seconds,
            public_host=settings.relay_public_host or None,
            keepalive_seconds=settings.relay_keepalive_seconds,
            on_end=self._ended,
            shared=self.store,
        )
        # End records are written by a thread of their own: a grant may end inside a
        # request whose transaction holds SQLite's write lock (BEGIN IMMEDIATE).
        self._audits: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._writer: threading.Thread | None = None

    async def start(self) -> None:
        """Start the relay worker and the expiry loop.

        A relay that cannot start (GStreamer missing or broken) does not stop the hub:
        it is logged, and grant requests answer 503 ``media.relay_unavailable``.
        """
        if self.media is not None:
            try:
                await asyncio.to_thread(self.media.start)
            except RelayError as exc:
                log.error("the media relay did not start: %s", exc)
        if self.pool is not None:
            self.pool.start()
        self._writer = threading.Thread(target=self._write_audits, name="grant-audit")
        self._writer.daemon = True
        self._writer.start()
        self.grants.start_expiry(self.hub.settings.grant_check_seconds, self.end_dead_sessions)

    async def stop(self) -> None:
        """End every grant and stop the worker."""
        await asyncio.to_thread(self._shutdown)

    def _shutdown(self) -> None:
        self.grants.stop_expiry()
        self.grants.close_all()
        if self.media is not None:
            self.media.stop()
        if self.pool is not None:
            self.pool.stop()
        writer, self._writer = self._writer, None
        if writer is not None:
            self._audits.put(None)
            writer.join(30)

    def _write_audits(self) -> None:
        while (fields := self._audits.get()) is not None:
            try:
                self.hub.audit.record_now(self.hub.sessions, Actor(), "stream.end", **fields)
            except Exception:
                log.exception("could not audit the end of grant %s", fields.get("object_id"))

    def end_dead_sessions(self) -> int:
        """End the grants of sessions that are no longer valid; returns how many."""
        sessions = {g.owner.session_id for g in self.grants.grants()} - {None}
        if not sessions:
            return 0
        now = self.hub.clock.now()
        idle = timedelta(minutes=self.hub.settings.session_idle_minutes)
        with self.hub.sessions() as db:
            rows = db.execute(
                select(AuthSession, User.disabled)
                .join(User, User.id == AuthSession.user_id)
                .where(AuthSession.id.in_(sessions))
            ).all()
        alive = {
            row.id
            for row, disabled in rows
            if row.revoked_at is None
            and not disabled
            and now < row.expires_at
            and now - row.last_seen_at <= idle
        }
        dead = sessions - alive
        if not dead:
            return 0
        return self.grants.revoke_where(lambda g: g.owner.session_id in dead, "session_ended")

    def _ended(self, grant: Grant, reason: str) -> None:
        """Tell the owner and audit a grant that ended without its owner asking."""
        if reason == RELEASED:
            return
        owner = grant.owner
        audience = Audience(
            users=frozenset({owner.user_id}) if owner.user_id is not None else frozenset(),
            displays=frozenset({owner.display_id}) if owner.display_id is not None else frozenset(),
        )
        data = {
            "grant_id": grant.grant_id,
            "camera_id": grant.camera_id,
            "stream": grant.stream.value,
            "kind": grant.kind,
            "reason": reason,
        }
        if not audience.everyone:  # never broadcast a grant id to everyone
            self.hub.events.publish("stream.revoked", data, audience)
        if reason == "shutdown":
            return
        self._audits.put(
            {
                "object_type": "stream_grant",
                "object_id": grant.grant_id,
                "reason": reason,
                "detail": {
                    **grant.audit_detail(),
                    "user_id": owner.user_id,
                    "display_id": owner.display_id,
                },
            }
        )


def pooled_relay(hub: Hub) -> PooledRelay:
    """The relay pool's client (``relay_pool``: the hub runs no relay of its own).

    Raises:
        RuntimeError: the database is not PostgreSQL (the pool's leases live there), or
            the control secret file cannot be read.
    """
    settings = hub.settings
    if hub.engine.dialect.name != "postgresql":
        raise RuntimeError("relay_pool needs PostgreSQL (SQLite runs the hub's own relay)")
    return PooledRelay(
        hub.sessions,
        load_control_secret(settings, create=True),
        media_url=settings.relay_pool_media_url,
        lease_seconds=settings.relay_lease_seconds,
        dead_seconds=settings.relay_dead_seconds,
        check_seconds=settings.relay_check_seconds,
        keep_seconds=settings.relay_keep_seconds,
        cafile=(settings.relay_tls_cert or settings.tls_cert) or None,
    )


def relay_service(hub: Hub) -> RelayService | None:
    """The services factory: the relay runs when ``settings.media_relay`` is true (or
    the hub uses the relay pool, ``relay_pool``)."""
    settings = hub.settings
    return RelayService(hub) if settings.media_relay or settings.relay_pool else None


def running_relay(hub: Hub) -> RelayService:
    """The hub's relay service, or 503 ``media.relay_unavailable``."""
    service = hub.services.get(NAME)
    if not isinstance(service, RelayService):
        raise HubError(503, "media.relay_unavailable")
    return service
