# SPDX-License-Identifier: GPL-3.0-or-later
"""Display grants that another hub process made stale: ended within a second.

A display's grants live in the relay of the hub that issued them. When an administrator
revokes the display, or an operator changes a wall, deletes it or pushes other content
through another hub process on the same PostgreSQL, that hub ends the grants it knows at
once (:func:`hub.walls.displays.withdraw_left_cameras`, ``revoke_display_grants``) — but
not those of this process. Every ``grant_check_seconds`` this service looks at the
displays holding grants here, in one read, and ends the grants of a revoked display
(``display_revoked``) and those of cameras no longer on what a display may show
(``access_withdrawn``); each end is pushed to the display and audited by the relay
service, as the immediate path does.

SQLite serves one process, where the immediate path already covers every change: the
service runs on PostgreSQL only.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from hub.context import Hub
from hub.streams.grants import Grant
from hub.streams.service import RelayService
from hub.upkeep import Upkeep
from hub.walls.displays import allowed_cameras
from hub.walls.models import Display

log = logging.getLogger(__name__)

NAME = "display_grants"


class DisplayGrantWatch(Upkeep):
    """Ends display grants that changes made through other hub processes withdrew."""

    name = NAME

    def interval(self) -> float:
        """``grant_check_seconds`` (the grants' own expiry check runs as often)."""
        return self.hub.settings.grant_check_seconds

    def round(self) -> None:
        """One round: the displays holding grants here, read once; their stale grants end."""
        relay = self.hub.services.get("relay")
        if not isinstance(relay, RelayService):
            return
        holders = {g.owner.display_id for g in relay.grants.grants()} - {None}
        if not holders:
            return
        with self.hub.sessions() as session:
            displays = session.scalars(select(Display).where(Display.id.in_(holders))).all()
            shown = {
                d.id: frozenset(allowed_cameras(session, d))
                for d in displays
                if d.revoked_at is None
            }
        revoked = holders - set(shown)

        def gone(grant: Grant) -> bool:
            return grant.owner.display_id in revoked

        def left(grant: Grant) -> bool:
            cameras = shown.get(grant.owner.display_id) if grant.owner.display_id else None
            return cameras is not None and grant.camera_id not in cameras

        ended = relay.grants.revoke_where(gone, "display_revoked")
        ended += relay.grants.revoke_where(left, "access_withdrawn")
        if ended:
            log.info("ended %d display grant(s) withdrawn through another hub", ended)


def display_grant_watch(hub: Hub) -> DisplayGrantWatch | None:
    """The FACTORIES entry: on PostgreSQL (several hub processes); idle without a relay."""
    if hub.engine.dialect.name == "sqlite":
        return None
    return DisplayGrantWatch(hub)
