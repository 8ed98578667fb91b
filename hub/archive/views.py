# SPDX-License-Identifier: GPL-3.0-or-later
"""Closing archive views in the audit trail: what range of the recording was watched.

``archive.view`` is written when an archive grant is issued (camera, start, rate); the
grant ends later — released, expired, revoked, its session gone — in the stream grants'
registry. This service (``hub.services["archive_views"]``) watches the archive grants it
was told about and, once one is gone, writes ``archive.view_end`` with the range the
grant covered: from its start to ``start + rate × time it was open`` (never past the
moment it ended). That is the furthest the viewer could have seen; pauses and stalls
make the real range shorter, never longer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hub.audit.service import Actor
from hub.context import Hub
from hub.org.models import User
from hub.streams.service import NAME as RELAY
from hub.streams.service import RelayService

log = logging.getLogger(__name__)

NAME = "archive_views"
CHECK_SECONDS = 1.0


@dataclass(frozen=True)
class OpenView:
    """An archive grant being watched."""

    grant_id: str
    camera_id: int
    user_id: int | None
    start: datetime
    rate: float
    opened: float  # monotonic


class ArchiveViews:
    """Writes ``archive.view_end`` for each archive grant that ended (see module doc)."""

    name = NAME

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self._open: dict[str, OpenView] = {}
        self._lock = threading.Lock()
        self._task: asyncio.Task[None] | None = None

    def opened(self, view: OpenView) -> None:
        """Watch a just-issued archive grant."""
        with self._lock:
            self._open[view.grant_id] = view

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="archive-views")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await asyncio.to_thread(self.check, True)

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(CHECK_SECONDS)
            try:
                await asyncio.to_thread(self.check)
            except Exception:
                log.exception("archive view check failed")

    def check(self, ending: bool = False) -> int:
        """Close the views whose grants ended (all of them when ``ending``); returns how many."""
        service = self.hub.services.get(RELAY)
        alive: set[str] = set()
        if isinstance(service, RelayService) and not ending:
            alive = {g.grant_id for g in service.grants.grants()}
        with self._lock:
            ended = [v for gid, v in self._open.items() if gid not in alive]
            for view in ended:
                del self._open[view.grant_id]
        now_mono = time.monotonic()
        for view in ended:
            self._close(view, now_mono)
        return len(ended)

    def _close(self, view: OpenView, now_mono: float) -> None:
        watched = timedelta(seconds=max(0.0, now_mono - view.opened) * view.rate)
        end = min(view.start + watched, datetime.now(UTC))
        try:
            with self.hub.sessions() as session, session.begin():
                user = session.get(User, view.user_id) if view.user_id is not None else None
                actor = Actor(view.user_id, user.username if user is not None else None)
                self.hub.audit.append(
                    session,
                    actor,
                    "archive.view_end",
                    object_type="camera",
                    object_id=view.camera_id,
                    detail={
                        "grant_id": view.grant_id,
                        "from": view.start.isoformat(),
                        "to": max(end, view.start).isoformat(),
                        "rate": view.rate,
                    },
                )
        except Exception:
            log.exception("could not audit the end of archive view %s", view.grant_id)


def archive_views(hub: Hub) -> ArchiveViews | None:
    """The services factory: archive views are watched whenever the relay runs."""
    return ArchiveViews(hub) if hub.settings.media_relay else None
