# SPDX-License-Identifier: GPL-3.0-or-later
"""Who steers a camera: the PTZ control lock, reservations, running moves, rate limits.

The lock state lives in the database (``ptz_controls``), shared by every hub process of a
province, with the camera's row locked while one decides; time is a wall clock passed in,
so the rules are tested without waiting. The rate limiter stays per process (a console
talks to one hub at a time; behind a load balancer a user may get one hub's rate from
each).

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

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from hub.contracts import Role
from hub.ptz.models import PtzControlRow


@dataclass(frozen=True)
class Controller:
    """A user steering a camera, with the PTZ priority of their roles."""

    user_id: int
    username: str
    display_name: str
    priority: int


@dataclass(frozen=True)
class Reservation:
    """A camera kept by one user until ``until`` (clock seconds)."""

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
    # The times of each user's commands in the last second (the rate limit), by user id.
    hits: dict[int, list[float]] = field(default_factory=dict)
    # Grows with every stored change (under the row lock, so on every hub alike): a
    # console that hears of the state twice (a push, a slow answer) keeps the newest.
    version: int = 0


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


def _encode(state: CameraControl) -> str:
    return json.dumps(
        {
            "holder": asdict(state.holder) if state.holder else None,
            "last_active": state.last_active,
            "reservation": asdict(state.reservation) if state.reservation else None,
            "move": asdict(state.move) if state.move else None,
            "hits": {str(user): times for user, times in state.hits.items() if times},
            "version": state.version,
        }
    )


def _decode(camera_id: int, place: tuple[int, str | None], text: str) -> CameraControl:
    data = json.loads(text or "{}")
    res = data.get("reservation")
    return CameraControl(
        camera_id,
        place,
        holder=Controller(**data["holder"]) if data.get("holder") else None,
        last_active=float(data.get("last_active") or 0.0),
        reservation=Reservation(Controller(**res["by"]), res["until"], res["reason"])
        if res
        else None,
        move=Move(**data["move"]) if data.get("move") else None,
        hits={int(user): [float(t) for t in times] for user, times in data.get("hits", {}).items()},
        version=int(data.get("version") or 0),
    )


@dataclass
class LockTable:
    """Control state of every camera, kept in the database (``ptz_controls``) so that
    every hub process decides on the same state.

    Each method works in the caller's transaction and takes the camera's row lock
    (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the transaction's ``BEGIN
    IMMEDIATE`` already serialises writers), so two hubs cannot both hand out a lock.
    ``now`` is wall-clock seconds (``time.time``): the deadlines are compared by every
    hub process, on every machine, so a per-process monotonic clock will not do.
    """

    idle_seconds: float
    now: Callable[[], float]

    # --- storage ---------------------------------------------------------------------

    @staticmethod
    def _row(session: Session, camera_id: int, lock: bool = True) -> Any:
        query = select(PtzControlRow).where(PtzControlRow.camera_id == camera_id)
        if lock:
            query = query.with_for_update()
        return session.execute(query.execution_options(populate_existing=True)).scalar_one_or_none()

    def _load(self, session: Session, camera_id: int) -> CameraControl | None:
        row = self._row(session, camera_id)
        if row is None:
            return None
        return _decode(camera_id, (row.territory_id, row.domain), row.state)

    def _create(
        self, session: Session, camera_id: int, place: tuple[int, str | None]
    ) -> CameraControl:
        """The camera's state, its row made first if it has none (two hubs may race)."""
        values = {
            "camera_id": camera_id,
            "territory_id": place[0],
            "domain": place[1],
            "busy": False,
            "state": "{}",
        }
        insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
        session.execute(insert(PtzControlRow).values(**values).on_conflict_do_nothing())
        state = self._load(session, camera_id)
        assert state is not None
        return state

    @staticmethod
    def _save(session: Session, state: CameraControl) -> None:
        busy = state.holder is not None or state.move is not None or state.reservation is not None
        state.version += 1
        session.execute(
            update(PtzControlRow)
            .where(PtzControlRow.camera_id == state.camera_id)
            .values(
                territory_id=state.place[0],
                domain=state.place[1],
                busy=busy,
                state=_encode(state),
            )
        )

    # --- the rules -------------------------------------------------------------------

    def snapshot(self, session: Session, camera_id: int) -> CameraControl | None:
        """One camera's state as stored (``None`` if never steered); takes no lock."""
        row = self._row(session, camera_id, lock=False)
        if row is None:
            return None
        return _decode(camera_id, (row.territory_id, row.domain), row.state)

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

    def acquire(
        self, session: Session, camera_id: int, place: tuple[int, str | None], who: Controller
    ) -> Grant:
        """Take or renew the lock for ``who``.

        Raises:
            Refused: held or reserved by someone of equal or higher priority.
        """
        now = self.now()
        state = self._create(session, camera_id, place)
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
        self._save(session, state)
        return Grant(replace(state), changed, took_over, broke, stopped)

    def holds(self, session: Session, camera_id: int, user_id: int) -> CameraControl | None:
        """The camera's state if ``user_id`` holds its lock now, else ``None``."""
        state = self._load(session, camera_id)
        if state is None:
            return None
        if self._expire(state, self.now()):
            self._save(session, state)
        if state.holder is None or state.holder.user_id != user_id:
            return None
        return state

    def release(self, session: Session, camera_id: int, user_id: int) -> CameraControl | None:
        """Give the lock (and one's reservation) up; the state if it was held."""
        state = self._load(session, camera_id)
        if state is None or state.holder is None or state.holder.user_id != user_id:
            return None
        state.holder = None
        state.reservation = None
        state.move = None
        self._save(session, state)
        return state

    def reserve(
        self, session: Session, camera_id: int, who: Controller, seconds: float, reason: str
    ) -> CameraControl:
        """Set ``who``'s reservation (call after :meth:`acquire` succeeded for ``who``)."""
        state = self._load(session, camera_id)
        assert state is not None, "reserve after acquire"
        state.reservation = Reservation(who, self.now() + seconds, reason)
        self._save(session, state)
        return state

    def end_reservation(
        self, session: Session, camera_id: int, who: Controller
    ) -> Reservation | None:
        """End a reservation held by ``who`` or by someone of lower priority.

        Raises:
            Refused: the reservation belongs to someone of equal or higher priority.
        """
        state = self._load(session, camera_id)
        res = state.reservation if state is not None else None
        if state is None or res is None:
            return None
        if res.by.user_id != who.user_id and who.priority <= res.by.priority:
            raise Refused("ptz.reserved", replace(state))
        state.reservation = None
        state.last_active = self.now()
        self._save(session, state)
        return res

    # --- moves ---------------------------------------------------------------------

    def start_move(
        self,
        session: Session,
        camera_id: int,
        user_id: int,
        vector: tuple[float, float, float],
        timeout: float,
    ) -> Move | None:
        """Record a move by the holder; returns the move it replaced (``None`` if none)."""
        now = self.now()
        state = self._load(session, camera_id)
        assert state is not None, "start_move after acquire"
        if state.holder is None or state.holder.user_id != user_id:
            raise Refused("ptz.locked", replace(state))
        previous = state.move
        state.move = Move(*vector, started=now, last_beat=now, timeout=timeout, device_sent=now)
        state.last_active = now
        self._save(session, state)
        return previous

    def end_move(self, session: Session, camera_id: int) -> Move | None:
        """Forget the camera's move (stopped); returns it."""
        state = self._load(session, camera_id)
        if state is None or state.move is None:
            return None
        move, state.move = state.move, None
        state.last_active = self.now()
        self._save(session, state)
        return move

    def heartbeat(
        self, session: Session, camera_id: int, user_id: int, renew_after: float | None = None
    ) -> tuple[Move | None, bool]:
        """Keep the holder's move alive: the move (``None`` when nothing is running), and
        whether to send it to the device again (its own timeout is ``renew_after`` from
        running out; the renewal is then noted as sent)."""
        now = self.now()
        state = self._load(session, camera_id)
        if state is None or state.move is None or state.holder is None:
            return None, False
        if state.holder.user_id != user_id:
            return None, False
        move = replace(state.move, last_beat=now)
        renew = renew_after is not None and now - move.device_sent >= renew_after
        if renew:
            move = replace(move, device_sent=now)
        state.move = move
        state.last_active = now
        self._save(session, state)
        return move, renew

    # --- the watchdog's sweep ------------------------------------------------------

    def hit(
        self,
        session: Session,
        camera_id: int,
        place: tuple[int, str | None],
        user_id: int,
        per_second: int,
    ) -> float | None:
        """Count a command of ``user_id`` on the camera: at most ``per_second`` in any
        one-second window, counted in the camera's row so that commands sent through
        several hubs add up. ``None`` if allowed, else the seconds to wait."""
        state = self._create(session, camera_id, place)
        now = self.now()
        hits = [t for t in state.hits.get(user_id, []) if 0.0 <= now - t < 1.0]
        if len(hits) >= per_second:
            return max(0.0, 1.0 - (now - hits[0]))
        hits.append(now)
        # Forget the users whose last command is a second old (the row stays small).
        state.hits = {u: ts for u, ts in state.hits.items() if ts and now - ts[-1] < 1.0}
        state.hits[user_id] = hits
        self._save(session, state)
        return None

    def sweep(
        self, session: Session
    ) -> tuple[list[tuple[CameraControl, Move]], list[CameraControl]]:
        """Moves past their heartbeat deadline (removed here: the caller stops them) and
        cameras whose holder changed by expiry (to publish). On PostgreSQL rows another
        hub is deciding on are skipped: that hub, or the next sweep, sees to them."""
        now = self.now()
        overdue: list[tuple[CameraControl, Move]] = []
        lapsed: list[CameraControl] = []
        rows = session.scalars(
            select(PtzControlRow)
            .where(PtzControlRow.busy.is_(True))
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        ).all()
        for row in rows:
            state = _decode(row.camera_id, (row.territory_id, row.domain), row.state)
            before = _encode(state)
            move = state.move
            if move is not None and now >= move.deadline:
                state.move = None
                state.last_active = now
                overdue.append((replace(state), move))
            had_reservation = state.reservation is not None
            if self._expire(state, now) or (had_reservation and state.reservation is None):
                lapsed.append(replace(state))
            if _encode(state) != before:
                self._save(session, state)
        return overdue, lapsed
