# SPDX-License-Identifier: GPL-3.0-or-later
"""The evidence service in the background: packages whose build was cut off (the hub
stopped or crashed mid-build, in this process or another over the same database) are built
again once their lease runs out (:func:`hub.evidence.service.resume_builds`).

Rounds run at start, every ``evidence_resume_seconds`` and at :meth:`EvidenceUpkeep.wake`.
"""

from __future__ import annotations

from hub.context import Hub
from hub.evidence.service import resume_builds
from hub.upkeep import Upkeep

NAME = "evidence"


class EvidenceUpkeep(Upkeep):
    """Resumes cut-off package builds."""

    name = NAME
    stop_wait = 0.0  # a build is cut off at once: its lease runs out, a hub resumes it

    def __init__(self, hub: Hub) -> None:
        super().__init__(hub)
        self.resumed: list[int] = []  # packages this process built again

    def interval(self) -> float:
        """``evidence_resume_seconds``."""
        return self.hub.settings.evidence_resume_seconds

    async def run_round(self) -> None:
        """Build again what was cut off."""
        self.resumed += await resume_builds(self.hub)


def evidence_upkeep(hub: Hub) -> EvidenceUpkeep:
    """The FACTORIES entry: resumes cut-off package builds (always on)."""
    return EvidenceUpkeep(hub)
