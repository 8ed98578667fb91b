# SPDX-License-Identifier: GPL-3.0-or-later
"""The publishing service in the background: publications whose render was cut off (the
hub stopped or crashed mid-render, in this process or another over the same database)
are rendered again once their lease runs out
(:func:`hub.publishing.service.resume_builds`).

Rounds run at start, every ``publishing_resume_seconds`` and at
:meth:`PublishingUpkeep.wake`.
"""

from __future__ import annotations

from hub.context import Hub
from hub.publishing.service import resume_builds
from hub.upkeep import Upkeep

NAME = "publishing"


class PublishingUpkeep(Upkeep):
    """Resumes cut-off renders of published copies."""

    name = NAME
    stop_wait = 0.0  # a render is cut off at once: its lease runs out, a hub resumes it

    def __init__(self, hub: Hub) -> None:
        super().__init__(hub)
        self.resumed: list[int] = []  # publications this process rendered again

    def interval(self) -> float:
        """``publishing_resume_seconds``."""
        return self.hub.settings.publishing_resume_seconds

    async def run_round(self) -> None:
        """Render again what was cut off."""
        self.resumed += await resume_builds(self.hub)


def publishing_upkeep(hub: Hub) -> PublishingUpkeep:
    """The FACTORIES entry: resumes cut-off renders (always on)."""
    return PublishingUpkeep(hub)
