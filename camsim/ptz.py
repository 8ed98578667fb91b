# SPDX-License-Identifier: GPL-3.0-or-later
"""The mechanical model of a simulated PTZ dome: position, moves, limits and presets.

Positions use the ONVIF generic spaces: pan and tilt in [-1, 1], zoom in [0, 1].
Pan wraps around (a dome turns endlessly); tilt and zoom stop at their limits.
Velocities are in the generic velocity space: 1.0 is the dome's top speed.
Time is passed in (monotonic seconds) so the model is deterministic under test.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field

# Realistic limits, reported through the PTZ node (degrees are for humans).
PAN_DEGREES = 360.0
TILT_DEGREES = 90.0
ZOOM_MIN_X = 1.0
ZOOM_MAX_X = 20.0
MAX_PAN_SPEED = 0.5  # generic units per second at velocity 1.0 (90°/s)
MAX_TILT_SPEED = 0.5
MAX_ZOOM_SPEED = 0.25  # full zoom range in 4 s
DEFAULT_MOVE_TIMEOUT = 60.0  # a ContinuousMove without Timeout stops by itself after this
MAX_PRESETS = 32


@dataclass(frozen=True)
class PtzPosition:
    """Where the dome looks."""

    pan: float = 0.0
    tilt: float = 0.0
    zoom: float = 0.0

    def clamped(self) -> PtzPosition:
        pan = self.pan if -1.0 <= self.pan <= 1.0 else ((self.pan + 1.0) % 2.0) - 1.0
        return PtzPosition(pan, _clamp(self.tilt, -1.0, 1.0), _clamp(self.zoom, 0.0, 1.0))

    @property
    def magnification(self) -> float:
        return ZOOM_MIN_X + (ZOOM_MAX_X - ZOOM_MIN_X) * self.zoom


@dataclass(frozen=True)
class PtzVelocity:
    pan: float = 0.0
    tilt: float = 0.0
    zoom: float = 0.0

    def is_zero(self) -> bool:
        return self.pan == 0.0 and self.tilt == 0.0 and self.zoom == 0.0


@dataclass
class Preset:
    token: str
    name: str
    position: PtzPosition


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


@dataclass
class _Move:
    """One motion segment: continuous (velocity) or towards a target."""

    start: float
    origin: PtzPosition
    velocity: PtzVelocity = PtzVelocity()
    deadline: float = math.inf
    target: PtzPosition | None = None
    duration: float = 0.0


@dataclass
class PtzMechanics:
    """A dome's motion over time; thread-safe (ONVIF and video threads share it)."""

    home: PtzPosition = PtzPosition()
    _move: _Move = field(default_factory=lambda: _Move(start=0.0, origin=PtzPosition()))
    presets: dict[str, Preset] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _next_preset: int = 1

    def position_at(self, now: float) -> PtzPosition:
        with self._lock:
            return self._position_locked(now)

    def is_moving(self, now: float) -> bool:
        with self._lock:
            move = self._move
            if move.target is not None:
                return now < move.start + move.duration
            return not move.velocity.is_zero() and now < move.deadline

    def _position_locked(self, now: float) -> PtzPosition:
        move = self._move
        if move.target is not None:
            if move.duration <= 0 or now >= move.start + move.duration:
                return move.target
            frac = (now - move.start) / move.duration
            dpan = _short_pan_delta(move.origin.pan, move.target.pan)
            return PtzPosition(
                move.origin.pan + dpan * frac,
                move.origin.tilt + (move.target.tilt - move.origin.tilt) * frac,
                move.origin.zoom + (move.target.zoom - move.origin.zoom) * frac,
            ).clamped()
        elapsed = max(0.0, min(now, move.deadline) - move.start)
        vel = move.velocity
        return PtzPosition(
            move.origin.pan + vel.pan * MAX_PAN_SPEED * elapsed,
            move.origin.tilt + vel.tilt * MAX_TILT_SPEED * elapsed,
            move.origin.zoom + vel.zoom * MAX_ZOOM_SPEED * elapsed,
        ).clamped()

    def continuous_move(self, velocity: PtzVelocity, now: float, timeout: float | None) -> None:
        with self._lock:
            here = self._position_locked(now)
            vel = PtzVelocity(
                _clamp(velocity.pan, -1, 1),
                _clamp(velocity.tilt, -1, 1),
                _clamp(velocity.zoom, -1, 1),
            )
            limit = DEFAULT_MOVE_TIMEOUT if timeout is None else max(0.0, timeout)
            self._move = _Move(start=now, origin=here, velocity=vel, deadline=now + limit)

    def stop(self, now: float, pan_tilt: bool = True, zoom: bool = True) -> None:
        with self._lock:
            here = self._position_locked(now)
            old = self._move.velocity if self._move.target is None else PtzVelocity()
            keep = PtzVelocity(
                0.0 if pan_tilt else old.pan,
                0.0 if pan_tilt else old.tilt,
                0.0 if zoom else old.zoom,
            )
            deadline = self._move.deadline if not keep.is_zero() else math.inf
            self._move = _Move(start=now, origin=here, velocity=keep, deadline=deadline)

    def move_to(self, target: PtzPosition, now: float, speed: float = 1.0) -> None:
        """Absolute move at ``speed`` (fraction of top speed); the dome travels there."""
        with self._lock:
            here = self._position_locked(now)
            goal = target.clamped()
            speed = _clamp(speed, 0.05, 1.0)
            travel = max(
                abs(_short_pan_delta(here.pan, goal.pan)) / (MAX_PAN_SPEED * speed),
                abs(goal.tilt - here.tilt) / (MAX_TILT_SPEED * speed),
                abs(goal.zoom - here.zoom) / (MAX_ZOOM_SPEED * speed),
            )
            self._move = _Move(start=now, origin=here, target=goal, duration=travel)

    def move_by(self, delta: PtzPosition, now: float, speed: float = 1.0) -> None:
        here = self.position_at(now)
        target = PtzPosition(here.pan + delta.pan, here.tilt + delta.tilt, here.zoom + delta.zoom)
        self.move_to(target, now, speed)

    def set_preset(self, name: str | None, token: str | None, now: float) -> Preset:
        with self._lock:
            here = self._position_locked(now)
            if token is None or token not in self.presets:
                if len(self.presets) >= MAX_PRESETS:
                    raise OverflowError("too many presets")
                token = token or f"preset{self._next_preset}"
                self._next_preset += 1
            preset = Preset(token=token, name=name or token, position=here)
            self.presets[token] = preset
            return preset

    def remove_preset(self, token: str) -> None:
        with self._lock:
            if token not in self.presets:
                raise KeyError(token)
            del self.presets[token]


def _short_pan_delta(start: float, end: float) -> float:
    """The shortest way round from ``start`` to ``end`` on the wrapping pan axis."""
    delta = ((end - start + 1.0) % 2.0) - 1.0
    return delta
