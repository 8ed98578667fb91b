# SPDX-License-Identifier: GPL-3.0-or-later
"""The embedded stack a console starts for itself when no hub is configured.

Today it runs the simulated camera fleet (``--demo``); the local hub (SQLite in the
user data dir) joins it when the hub lands. Every child is supervised and stopped
with the console.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from camsim.process import FleetProcess

log = logging.getLogger(__name__)


@dataclass
class EmbeddedStack:
    """Children started by the console in embedded mode."""

    demo: bool = False
    demo_cameras: int = 8
    fleet: FleetProcess | None = field(default=None, init=False)

    def start(self) -> None:
        if self.demo:
            self.fleet = FleetProcess(self.demo_cameras).start()
            log.info("demo fleet: %d cameras", len(self.fleet.cameras))

    def summary(self) -> list[dict[str, Any]]:
        """Name, kind and ONVIF address of each simulated camera (no credentials)."""
        if self.fleet is None:
            return []
        return [
            {"id": c["id"], "name": c["name"], "kind": c["kind"], "onvif": c["onvif"]["url"]}
            for c in self.fleet.cameras
        ]

    def stop(self) -> None:
        if self.fleet is not None:
            self.fleet.stop()
            self.fleet = None
