# SPDX-License-Identifier: GPL-3.0-or-later
"""Analytics events a simulated camera raises (motion, line crossing, intrusion)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Literal

EventKind = Literal["motion", "line_crossing", "intrusion"]

# ONVIF topics (tns1 = http://www.onvif.org/ver10/topics) for each kind.
TOPICS: dict[str, str] = {
    "motion": "tns1:RuleEngine/CellMotionDetector/Motion",
    "line_crossing": "tns1:RuleEngine/LineDetector/Crossed",
    "intrusion": "tns1:RuleEngine/FieldDetector/ObjectsInside",
}


@dataclass(frozen=True)
class SimEvent:
    """One event with its metadata (plate, vehicle type, colour…)."""

    seq: int
    kind: EventKind
    utc_time: float  # unix seconds
    source: dict[str, str]
    data: dict[str, str]

    @property
    def topic(self) -> str:
        return TOPICS[self.kind]


@dataclass
class EventLog:
    """Events of one camera, kept for pull-point subscribers; thread-safe."""

    camera_id: str
    keep: int = 1000
    _events: list[SimEvent] = field(default_factory=list)
    _seq: int = 0
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def publish(
        self,
        kind: EventKind,
        data: dict[str, str],
        source: dict[str, str] | None = None,
        utc_time: float | None = None,
    ) -> SimEvent:
        with self._cond:
            self._seq += 1
            event = SimEvent(
                seq=self._seq,
                kind=kind,
                utc_time=time.time() if utc_time is None else utc_time,
                source=source or {"VideoSourceConfigurationToken": "vsc_1", "Rule": kind},
                data=data,
            )
            self._events.append(event)
            del self._events[: -self.keep]
            self._cond.notify_all()
            return event

    @property
    def last_seq(self) -> int:
        with self._cond:
            return self._seq

    def since(self, seq: int, limit: int = 100) -> list[SimEvent]:
        with self._cond:
            return [e for e in self._events if e.seq > seq][:limit]
