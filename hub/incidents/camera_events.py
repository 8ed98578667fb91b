# SPDX-License-Identifier: GPL-3.0-or-later
"""One event as a camera reported it, after the ONVIF envelope is gone.

The pull-point reader (:mod:`hub.incidents.pullpoint`) turns each ONVIF
``NotificationMessage`` into a :class:`CameraEvent`; the ingest
(:mod:`hub.incidents.ingest`) stores it and lets the rules open or fold incidents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class EventKind(StrEnum):
    """What an event says, whatever the device's topic tree calls it."""

    MOTION = "motion"
    LINE_CROSSING = "line_crossing"
    INTRUSION = "intrusion"
    TAMPERING = "tampering"
    RECORDING = "recording"
    VIOLATION = "violation"  # an edge AI box's rule (red light, wrong lane, plate list…)
    OTHER = "other"


class PropertyOperation(StrEnum):
    """ONVIF ``PropertyOperation`` of a property event (state, not an instant)."""

    INITIALIZED = "Initialized"
    CHANGED = "Changed"
    DELETED = "Deleted"


@dataclass(frozen=True)
class CameraEvent:
    """An event of one camera, as read from its event service.

    ``key`` identifies the event across re-deliveries (a pull point re-read after a hub
    restart, a renewed subscription): the ingest drops an event whose key it has stored.
    ``source`` and ``data`` are the message's SimpleItems (``Rule``, ``IsMotion``,
    ``Plate``…) as strings; ``operation`` is ``None`` for a plain (non-property) event.
    """

    camera_id: int
    topic: str
    kind: EventKind
    occurred_at: datetime  # aware, UTC
    key: str
    source: dict[str, str] = field(default_factory=dict)
    data: dict[str, str] = field(default_factory=dict)
    operation: PropertyOperation | None = None

    @property
    def active(self) -> bool:
        """Whether the event reports something happening (not a state going back to idle).

        A property event that reports a boolean state (``IsMotion``, ``IsInside``,
        ``IsTamper``, ``IsDataPresent``…; ``State`` in the imaging service's scene change
        and ``VideoSource/MotionAlarm``) is active when that state is true; an
        ``Initialized`` message only tells the state at subscription time and is never
        active; a plain event always is.
        """
        if self.operation is None:
            return True
        if self.operation is not PropertyOperation.CHANGED:
            return False
        states = [v for k, v in self.data.items() if k.startswith("Is") or k == "State"]
        return not states or any(v.strip().lower() in {"true", "1"} for v in states)
