# SPDX-License-Identifier: GPL-3.0-or-later
"""The blur boxes of a publication, without Qt: tracks of key-framed boxes over a clip.

A box is ``(x, y, w, h)`` in fractions (0..1) of the picture's width and height. A
track (a face, a plate, or a box the operator drew) lives from its first key frame to
its last, its box interpolated linearly in between — the shape the hub's publishing
routes take and give (``tracks: [{"id", "kind", "keyframes": [{"t", "x", "y", "w",
"h"}]}]``). Editing a box at time ``t`` sets a key frame at ``t`` (replacing one within
:data:`SAME_T` of it), so a track can be extended past its ends too.
"""

from __future__ import annotations

from bisect import insort
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

SAME_T = 0.02  # seconds: key frames this close are the same one
MIN_SIDE = 0.01  # the smallest box side, as a fraction of the picture

Box = tuple[float, float, float, float]


@dataclass(order=True)
class Keyframe:
    """The box at time ``t`` (seconds from the clip's start)."""

    t: float
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0

    @property
    def box(self) -> Box:
        """``(x, y, w, h)``."""
        return (self.x, self.y, self.w, self.h)


@dataclass
class Track:
    """One blurred thing over time."""

    id: str
    kind: str  # "face", "plate" or "manual"
    keyframes: list[Keyframe] = field(default_factory=list)

    def span(self) -> tuple[float, float]:
        """From the first key frame to the last."""
        return (self.keyframes[0].t, self.keyframes[-1].t) if self.keyframes else (0.0, -1.0)

    def box_at(self, t: float) -> Box | None:
        """The box at ``t`` (interpolated), None outside the track's life."""
        frames = self.keyframes
        if not frames or t < frames[0].t - SAME_T or t > frames[-1].t + SAME_T:
            return None
        if t <= frames[0].t:
            return frames[0].box
        for before, after in pairwise(frames):
            if before.t <= t <= after.t:
                gap = after.t - before.t
                a = 0.0 if gap <= 0 else (t - before.t) / gap
                return (
                    before.x + (after.x - before.x) * a,
                    before.y + (after.y - before.y) * a,
                    before.w + (after.w - before.w) * a,
                    before.h + (after.h - before.h) * a,
                )
        return frames[-1].box

    def set_box(self, t: float, box: Box) -> None:
        """Set the box at ``t`` as a key frame (the box kept inside the picture)."""
        x, y, w, h = clamp(box)
        for frame in self.keyframes:
            if abs(frame.t - t) <= SAME_T:
                frame.x, frame.y, frame.w, frame.h = x, y, w, h
                return
        insort(self.keyframes, Keyframe(t, x, y, w, h))

    def to_json(self) -> dict[str, Any]:
        """As the hub takes it."""
        return {
            "id": self.id,
            "kind": self.kind,
            "keyframes": [
                {"t": round(k.t, 3), "x": k.x, "y": k.y, "w": k.w, "h": k.h} for k in self.keyframes
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Track:
        """From the hub's answer (key frames sorted by time)."""
        frames = sorted(
            Keyframe(float(k["t"]), float(k["x"]), float(k["y"]), float(k["w"]), float(k["h"]))
            for k in data.get("keyframes", [])
        )
        return cls(str(data["id"]), str(data.get("kind", "manual")), frames)


def clamp(box: Box) -> Box:
    """A box kept inside the picture, no side under :data:`MIN_SIDE`."""
    x, y, w, h = box
    w = min(max(w, MIN_SIDE), 1.0)
    h = min(max(h, MIN_SIDE), 1.0)
    x = min(max(x, 0.0), 1.0 - w)
    y = min(max(y, 0.0), 1.0 - h)
    return (x, y, w, h)
