# SPDX-License-Identifier: GPL-3.0-or-later
"""Events a simulated camera raises (motion, line crossing, intrusion, tampering)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Literal

EventKind = Literal["motion", "line_crossing", "intrusion", "tampering"]

# ONVIF topics (tns1 = http://www.onvif.org/ver10/topics) for each kind. Tampering is the
# imaging service's global scene change (ONVIF Imaging Service Specification, "Image
# quality" events): the view was covered, turned away or sprayed; Data ``State``.
TOPICS: dict[str, str] = {
    "motion": "tns1:RuleEngine/CellMotionDetector/Motion",
    "line_crossing": "tns1:RuleEngine/LineDetector/Crossed",
    "intrusion": "tns1:RuleEngine/FieldDetector/ObjectsInside",
    "tampering": "tns1:VideoSource/GlobalSceneChange/ImagingService",
}

# The Source items of a kind's message when none are given.
_IMAGING_SOURCE = {"Source": "vs_1"}


@dataclass(frozen=True)
class SimEvent:
    """One event with its metadata (plate, vehicle type, colour…)."""

    seq: int
    kind: EventKind
    utc_time: float  # unix seconds
    source: dict[str, str]
    data: dict[str, str]
    # Sent without its UtcTime (a broken device's message, for tests of the reader).
    garbled: bool = False

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
        garbled: bool = False,
    ) -> SimEvent:
        if source is None:
            rule = {"VideoSourceConfigurationToken": "vsc_1", "Rule": kind}
            source = dict(_IMAGING_SOURCE) if kind == "tampering" else rule
        with self._cond:
            self._seq += 1
            event = SimEvent(
                seq=self._seq,
                kind=kind,
                utc_time=time.time() if utc_time is None else utc_time,
                source=source,
                data=data,
                garbled=garbled,
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
