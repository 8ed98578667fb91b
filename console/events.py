# SPDX-License-Identifier: GPL-3.0-or-later
"""The console's end of the hub's push stream: ``GET /api/events`` as Qt signals.

One asyncio task on the qasync loop reads the stream with httpx; each event becomes a
Qt signal on the UI thread (qasync runs the task there, so no cross-thread signalling is
needed). A broken link is retried with back-off (1, 2, 4 … 30 s) and resumed with
``Last-Event-ID``, so nothing kept in the hub's backlog is missed. The link's state
feeds the status bar.

With several hubs on one PostgreSQL (:class:`~hub.client.HubClient` with a failover
list), a broken stream has the client fail over first; when it switched, the stream
reopens on the new hub at once (no back-off) with the same ``Last-Event-ID``: the ids
are the shared events table's, so the new hub's backlog sends exactly what came after
the last event received, nothing lost and nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from pydantic import ValidationError
from PySide6.QtCore import QObject, Signal

from hub.catalog.contracts import CameraStatusEvent
from hub.client import HubApiError, HubClient, PushedEvent

log = logging.getLogger(__name__)

TOPICS: tuple[str, ...] = ("camera", "stream", "ptz")
BACKOFF_FIRST = 1.0
BACKOFF_MAX = 30.0
STREAM_SECONDS = 3600.0  # the hub ends each stream after this; we reconnect at once
_SESSION_OVER = {
    "auth.required",
    "auth.session_expired",
    "auth.session_invalid",
    "auth.password_change_required",
}


class EventStream(QObject):
    """Reads the hub's events for one session and re-emits them as signals.

    Signals:
        cameraStatus(CameraStatusEvent): a camera's health changed.
        streamRevoked(grant_id): the hub ended one of our grants.
        received(topic, data): every event, for later consumers (PTZ, walls…).
        connectionChanged(connected): the stream is open (True) or broken (False).
        sessionEnded(code): the hub refused the stream for good (logged out, expired).
    """

    cameraStatus = Signal(object)
    streamRevoked = Signal(str)
    received = Signal(str, object)
    connectionChanged = Signal(bool)
    sessionEnded = Signal(str)

    def __init__(
        self,
        topics: tuple[str, ...] = TOPICS,
        backoff_first: float = BACKOFF_FIRST,
        stream_seconds: float = STREAM_SECONDS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.topics = topics
        self.backoff_first = backoff_first
        self.stream_seconds = stream_seconds
        self.last_event_id: int | None = None
        self.hub_url: str | None = None  # the hub the stream is (last) opened on
        self.connected = False
        self.reconnects = 0
        self._backoff = backoff_first
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        """Whether the reading task is alive."""
        return self._task is not None and not self._task.done()

    def start(self, client: HubClient) -> None:
        """Start reading (stops a previous reader first); needs the qasync loop running."""
        self.stop()
        self._task = asyncio.ensure_future(self._run(client))

    def stop(self) -> None:
        """Stop reading (logout, window closed)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._set_connected(False)

    async def aclose(self) -> None:
        """Stop and wait until the reader has let go of the connection."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._set_connected(False)

    async def _run(self, client: HubClient) -> None:
        self._backoff = self.backoff_first
        while True:
            url = self.hub_url = client.url
            try:
                async for event in client.events(
                    self.topics, self.last_event_id, self.stream_seconds, self._opened
                ):
                    self._dispatch(event)
                # The hub ended the stream on time: reconnect at once, no back-off.
                self._set_connected(False)
                self.reconnects += 1
                continue
            except HubApiError as exc:
                if exc.code in _SESSION_OVER or exc.status in (401, 403):
                    self._set_connected(False)
                    self.sessionEnded.emit(exc.code)
                    return
                if client.url != url:  # the client failed over: resume there at once
                    log.info("event stream moves from %s to %s", url, client.url)
                    self._set_connected(False)
                    self.reconnects += 1
                    continue
                log.info("event stream broken (%s); retry in %.0f s", exc.code, self._backoff)
            self._set_connected(False)
            await asyncio.sleep(self._backoff)
            self._backoff = min(BACKOFF_MAX, self._backoff * 2)
            self.reconnects += 1

    def _opened(self) -> None:
        self._backoff = self.backoff_first
        self._set_connected(True)

    def _dispatch(self, event: PushedEvent) -> None:
        if event.id is not None:
            self.last_event_id = event.id
        if not event.topic:
            return
        if event.topic == "camera.status":
            try:
                self.cameraStatus.emit(CameraStatusEvent.model_validate(event.data))
            except ValidationError:
                log.warning("malformed camera.status event %s ignored", event.id)
        elif event.topic == "stream.revoked" and isinstance(event.data, dict):
            grant_id = event.data.get("grant_id")
            if isinstance(grant_id, str):
                self.streamRevoked.emit(grant_id)
        self.received.emit(event.topic, event.data)

    def _set_connected(self, connected: bool) -> None:
        if connected != self.connected:
            self.connected = connected
            self.connectionChanged.emit(connected)
