# SPDX-License-Identifier: GPL-3.0-or-later
"""Who steers a camera: the PTZ control lock, reservations, running moves, rate limits.

State lives in the hub process (one hub serves a province's consoles); it is small and
short-lived — a lock lapses after seconds, a reservation after minutes — so a hub restart
simply frees every camera, which is the safe side. Time is a monotonic clock passed in,
so the rules are tested without waiting. Thread-safe: request handlers decide in worker
threads while the watchdog runs on the event loop.

Rules:

- one user holds a camera's lock; any command renews it; it lapses after ``idle_seconds``
  without a command (a running move counts as activity);
- a user whose role has a higher priority takes the lock over; equal or lower is refused
  (``ptz.locked``) with the holder's name;
- a reservation keeps the lock for its holder until it ends; only a higher priority
  breaks it (``ptz.reserved`` otherwise);
- a continuous move is alive while moves or heartbeats keep coming: after
  ``move_timeout`` seconds without one the watchdog stops the camera.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from hub.contracts import Role


@dataclass(frozen=True)
class Controller:
    """A user steering a camera, with the PTZ priority of their roles."""

    user_id: int
    username: str
    display_name: str
    priority: int


@dataclass(frozen=True)
class Reservation:
    """A camera kept by one user until ``until`` (monotonic seconds)."""

    by: Controller
    until: float
    reason: str


@dataclass(frozen=True)
class Move:
    """A running continuous move."""

    pan: float
    tilt: float
    zoom: float
    started: float
    last_beat: float  # last move or heartbeat
    timeout: float  # seconds without a heartbeat before the watchdog stops it
    device_sent: float  # last ContinuousMove sent to the device

    @property
    def deadline(self) -> float:
        return self.last_beat + self.timeout


@dataclass
class CameraControl:
    """The control state of one camera."""

    camera_id: int
    place: tuple[int, str | None]
    holder: Controller | None = None
    last_active: float = 0.0
    reservation: Reservation | None = None
    move: Move | None = None


@dataclass(frozen=True)
class Grant:
    """The outcome of taking the lock: what changed, for the audit and the push."""

    control: CameraControl
    changed: bool  # the holder changed (publish)
    took_over: Controller | None = None  # the previous holder, when overridden
    broke_reservation: Reservation | None = None
    stopped_move: Move | None = None  # the previous holder's move the taker replaced


class Refused(Exception):
    """The lock is held (``ptz.locked``) or reserved (``ptz.reserved``) by someone else."""

    def __init__(self, code: str, control: CameraControl) -> None:
        super().__init__(code)
        self.code = code
        self.control = control


def parse_priorities(text: str) -> dict[str, int]:
    """``"supervisor=30,ptz_operator=20"`` → {role: priority}; unknown roles are refused."""
    out: dict[str, int] = {}
    known = {r.value for r in Role}
    for item in text.split(","):
        if not item.strip():
            continue
        role, sep, value = item.partition("=")
        role = role.strip()
        if not sep or role not in known:
            raise ValueError(f"ptz_role_priorities: bad entry {item!r}")
        out[role] = int(value)
    return out


def priority_of(roles: frozenset[Role], priorities: dict[str, int]) -> int:
    """The highest priority among ``roles`` (0 when none is configured)."""
    return max((priorities.get(r.value, 0) for r in roles), default=0)


@dataclass
class LockTable:
    """Control state of every camera that was steered since the hub started."""

    idle_seconds: float
    now: Callable[[], float]
    _cameras: dict[int, CameraControl] = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock)

    def snapshot(self, camera_id: int) -> CameraControl | None:
        """A copy of one camera's state (``None`` if never steered)."""
        with self._lock:
            state = self._cameras.get(camera_id)
            return replace(state) if state is not None else None

    def _expire(self, state: CameraControl, now: float) -> bool:
        """Drop a lapsed reservation or lock; True when the holder changed."""
        changed = False
        if state.reservation is not None and state.reservation.until <= now:
            state.reservation = None
            state.last_active = now  # the reserver keeps an ordinary lock for a moment
        if (
            state.holder is not None
            and state.reservation is None
            and state.move is None
            and now - state.last_active >= self.idle_seconds
        ):
            state.holder = None
            changed = True
        return changed

    def acquire(self, camera_id: int, place: tuple[int, str | None], who: Controller) -> Grant:
        """Take or renew the lock for ``who``.

        Raises:
            Refused: held or reserved by someone of equal or higher priority.
        """
        now = self.now()
        with self._lock:
            state = self._cameras.setdefault(camera_id, CameraControl(camera_id, place))
            state.place = place
            changed = self._expire(state, now)
            broke: Reservation | None = None
            res = state.reservation
            if res is not None and res.by.user_id != who.user_id:
                if who.priority <= res.by.priority:
                    raise Refused("ptz.reserved", replace(state))
                broke, state.reservation = res, None
            holder = state.holder
            took_over: Controller | None = None
            stopped: Move | None = None
            if holder is not None and holder.user_id != who.user_id:
                if who.priority <= holder.priority and broke is None:
                    raise Refused("ptz.locked", replace(state))
                took_over = holder
                stopped, state.move = state.move, None
            if holder is None or holder.user_id != who.user_id:
                changed = True
            state.holder = who
            state.last_active = now
            return Grant(replace(state), changed, took_over, broke, stopped)

    def holds(self, camera_id: int, user_id: int) -> CameraControl | None:
        """The camera's state if ``user_id`` holds its lock now, else ``None``."""
        now = self.now()
        with self._lock:
            state = self._cameras.get(camera_id)
            if state is None:
                return None
            self._expire(state, now)
            if state.holder is None or state.holder.user_id != user_id:
                return None
            return replace(state)

    def release(self, camera_id: int, user_id: int) -> CameraControl | None:
        """Give the lock (and one's reservation) up; the state if it was held."""
        with self._lock:
            state = self._cameras.get(camera_id)
            if state is None or state.holder is None or state.holder.user_id != user_id:
                return None
            state.holder = None
            state.reservation = None
            state.move = None
            return replace(state)

    def reserve(self, camera_id: int, who: Controller, seconds: float, reason: str) -> None:
        """Set ``who``'s reservation (call after :meth:`acquire` succeeded for ``who``)."""
        with self._lock:
            state = self._cameras[camera_id]
            state.reservation = Reservation(who, self.now() + seconds, reason)

    def end_reservation(self, camera_id: int, who: Controller) -> Reservation | None:
        """End a reservation held by ``who`` or by someone of lower priority.

        Raises:
            Refused: the reservation belongs to someone of equal or higher priority.
        """
        with self._lock:
            state = self._cameras.get(camera_id)
            res = state.reservation if state is not None else None
            if state is None or res is None:
                return None
            if res.by.user_id != who.user_id and who.priority <= res.by.priority:
                raise Refused("ptz.reserved", replace(state))
            state.reservation = None
            state.last_active = self.now()
            return res

    # --- moves ---------------------------------------------------------------------

    def start_move(
        self, camera_id: int, user_id: int, vector: tuple[float, float, float], timeout: float
    ) -> Move | None:
        """Record a move by the holder; returns the move it replaced (``None`` if none)."""
        now = self.now()
        with self._lock:
            state = self._cameras[camera_id]
            if state.holder is None or state.holder.user_id != user_id:
                raise Refused("ptz.locked", replace(state))
            previous = state.move
            state.move = Move(*vector, started=now, last_beat=now, timeout=timeout, device_sent=now)
            state.last_active = now
            return previous

    def end_move(self, camera_id: int) -> Move | None:
        """Forget the camera's move (stopped); returns it."""
        with self._lock:
            state = self._cameras.get(camera_id)
            if state is None:
                return None
            move, state.move = state.move, None
            if move is not None:
                state.last_active = self.now()
            return move

    def heartbeat(self, camera_id: int, user_id: int) -> Move | None:
        """Keep the holder's move alive; the move, or ``None`` when nothing is running."""
        now = self.now()
        with self._lock:
            state = self._cameras.get(camera_id)
            if state is None or state.move is None or state.holder is None:
                return None
            if state.holder.user_id != user_id:
                return None
            state.move = replace(state.move, last_beat=now)
            state.last_active = now
            return state.move

    def mark_sent(self, camera_id: int, started: float) -> None:
        """The move that started at ``started`` was re-sent to the device now."""
        with self._lock:
            state = self._cameras.get(camera_id)
            if state is not None and state.move is not None and state.move.started == started:
                state.move = replace(state.move, device_sent=self.now())

    # --- the watchdog's sweep ------------------------------------------------------

    def sweep(self) -> tuple[list[tuple[CameraControl, Move]], list[CameraControl]]:
        """Moves past their heartbeat deadline (removed here: the caller stops them) and
        cameras whose holder changed by expiry (to publish)."""
        now = self.now()
        overdue: list[tuple[CameraControl, Move]] = []
        lapsed: list[CameraControl] = []
        with self._lock:
            for state in self._cameras.values():
                move = state.move
                if move is not None and now >= move.deadline:
                    state.move = None
                    state.last_active = now
                    overdue.append((replace(state), move))
                had_reservation = state.reservation is not None
                if self._expire(state, now) or (had_reservation and state.reservation is None):
                    lapsed.append(replace(state))
        return overdue, lapsed


@dataclass
class RateLimiter:
    """At most ``per_second`` commands per (user, camera) in any one-second window."""

    per_second: int
    now: Callable[[], float]
    _hits: dict[tuple[int, int], deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, user_id: int, camera_id: int) -> float | None:
        """Count a command; ``None`` if allowed, else the seconds to wait."""
        now = self.now()
        with self._lock:
            hits = self._hits.setdefault((user_id, camera_id), deque())
            while hits and now - hits[0] >= 1.0:
                hits.popleft()
            if len(hits) >= self.per_second:
                return max(0.0, 1.0 - (now - hits[0]))
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle pairs now and then
                for key in [k for k, v in self._hits.items() if not v or now - v[-1] >= 1.0]:
                    del self._hits[key]
            return None
