# SPDX-License-Identifier: GPL-3.0-or-later
"""The PTZ lock rules on a hand-driven clock: idle lapse, priority takeover,
reservations, move deadlines, the watchdog's sweep and the rate limiter. The lock table
keeps its state in the database (SQLite and PostgreSQL); two tables on one database are
two hub processes."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from hub.context import Hub, open_hub
from hub.contracts import Role
from hub.db import transaction
from hub.ptz.locks import (
    Controller,
    LockTable,
    Refused,
    parse_priorities,
    priority_of,
)
from hub.testing import T0, ManualClock, seed_province, settings_for_tests
from tests.hub.walls.helpers import add_camera

PLACE = (1, None)
OP1 = Controller(1, "op1", "Operator 1", 20)
OP2 = Controller(2, "op2", "Operator 2", 20)
SUP = Controller(3, "sup", "Supervisor", 30)


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


class Table:
    """A :class:`LockTable` whose every call runs in a transaction of its own (as the
    hub's requests do), on cameras 7 and 8 of the test database."""

    def __init__(self, hub: Hub, cameras: dict[int, int], clock: Clock) -> None:
        self.hub = hub
        self.cameras = cameras
        self.table = LockTable(10.0, clock)

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self.table, name)

        def call(*args: Any) -> Any:
            with transaction(self.hub.sessions) as session:
                if name == "sweep":
                    overdue, lapsed = method(session)
                    return (
                        [(self._back(s), m) for s, m in overdue],
                        [self._back(s) for s in lapsed],
                    )
                camera, *rest = args
                out = method(session, self.cameras[camera], *rest)
                if hasattr(out, "camera_id"):
                    return self._back(out)
                if hasattr(out, "control"):
                    out.control.camera_id = self._name(out.control.camera_id)
                return out

        return call

    def _name(self, camera_id: int) -> int:
        return next(k for k, v in self.cameras.items() if v == camera_id)

    def _back(self, state: Any) -> Any:
        state.camera_id = self._name(state.camera_id)
        return state


@pytest.fixture
def db(db_url: str, tmp_path: Path) -> Iterator[tuple[Hub, dict[int, int]]]:
    """A hub's database with cameras 7 and 8, and no hub serving it: a running hub's own
    watchdog would sweep the rows on the real clock, not the test's."""
    hub = open_hub(settings_for_tests(db_url, tmp_path / "data"), ManualClock(T0))
    try:
        province = seed_province(hub)
        yield hub, {7: add_camera(hub, province), 8: add_camera(hub, province)}
    finally:
        hub.close()


@pytest.fixture
def table(db: tuple[Hub, dict[int, int]]) -> Callable[[], tuple[Table, Clock]]:
    def make() -> tuple[Table, Clock]:
        clock = Clock()
        return Table(db[0], db[1], clock), clock

    return make


def test_priorities_parse_and_pick_the_highest_role() -> None:
    table_ = parse_priorities("supervisor=30, ptz_operator=20,")
    assert table_ == {"supervisor": 30, "ptz_operator": 20}
    assert priority_of(frozenset({Role.PTZ_OPERATOR, Role.SUPERVISOR}), table_) == 30
    assert priority_of(frozenset({Role.AUDITOR}), table_) == 0
    with pytest.raises(ValueError, match="bad entry"):
        parse_priorities("chief=99")


def test_one_holder_lapses_after_idle_and_higher_priority_takes_over(
    table: Callable[[], tuple[Table, Clock]],
) -> None:
    locks, clock = table()
    grant = locks.acquire(7, PLACE, OP1)
    assert grant.changed and grant.control.holder == OP1
    assert not locks.acquire(7, PLACE, OP1).changed  # renewal
    with pytest.raises(Refused) as refused:
        locks.acquire(7, PLACE, OP2)
    assert refused.value.code == "ptz.locked" and refused.value.control.holder == OP1
    clock.t += 10.0
    grant = locks.acquire(7, PLACE, OP2)  # op1 idle for 10 s: the lock lapsed
    assert grant.changed and grant.took_over is None
    locks.start_move(7, OP2.user_id, (0.5, 0.0, 0.0), 2.0)
    moving = locks.snapshot(7)
    grant = locks.acquire(7, PLACE, SUP)
    assert grant.took_over == OP2 and grant.stopped_move is not None
    # Every stored change is newer: a console keeps the takeover, not op2's older state.
    assert grant.control.version > moving.version > 0
    assert locks.heartbeat(7, OP2.user_id) == (None, False)  # op2's move is gone
    assert locks.release(7, OP2.user_id) is None
    assert locks.release(7, SUP.user_id) is not None
    assert locks.snapshot(7) is not None and locks.snapshot(7).holder is None  # type: ignore[union-attr]


def test_a_running_move_keeps_the_lock_and_the_sweep_stops_a_silent_one(
    table: Callable[[], tuple[Table, Clock]],
) -> None:
    locks, clock = table()
    locks.acquire(7, PLACE, OP1)
    locks.start_move(7, OP1.user_id, (0.0, 0.5, 0.0), 2.0)
    clock.t += 1.5
    move, renew = locks.heartbeat(7, OP1.user_id, 1.0)
    assert move is not None and move.last_beat == clock.t and renew  # sent 1.5 s ago
    assert locks.heartbeat(7, OP1.user_id, 1.0) == (move, False)  # sent just now
    clock.t += 1.9
    assert locks.sweep() == ([], [])
    clock.t += 0.2  # 2.1 s after the last heartbeat
    overdue, lapsed = locks.sweep()
    assert [state.camera_id for state, _ in overdue] == [7] and lapsed == []
    assert locks.sweep() == ([], [])  # stopped once, by one sweep
    assert locks.heartbeat(7, OP1.user_id) == (None, False)
    clock.t += 10.0
    overdue, lapsed = locks.sweep()
    assert overdue == [] and [s.camera_id for s in lapsed] == [7]
    assert locks.snapshot(7).holder is None  # type: ignore[union-attr]


def test_reservations_hold_until_a_higher_priority_or_their_end(
    table: Callable[[], tuple[Table, Clock]],
) -> None:
    locks, clock = table()
    locks.acquire(7, PLACE, OP1)
    locks.reserve(7, OP1, 600.0, "incident")
    clock.t += 60.0  # far past the idle period: a reservation does not lapse
    with pytest.raises(Refused) as refused:
        locks.acquire(7, PLACE, OP2)
    assert refused.value.code == "ptz.reserved"
    with pytest.raises(Refused):
        locks.end_reservation(7, OP2)
    grant = locks.acquire(7, PLACE, SUP)
    assert grant.broke_reservation is not None and grant.broke_reservation.reason == "incident"
    assert grant.took_over == OP1
    locks.reserve(7, SUP, 30.0, "fire")
    clock.t += 30.0
    _, lapsed = locks.sweep()
    assert [s.reservation for s in lapsed] == [None]
    assert locks.snapshot(7).holder == SUP  # type: ignore[union-attr]  # keeps a plain lock
    assert locks.end_reservation(7, SUP) is None


def test_rate_limit_per_user_and_camera_adds_up_across_hubs(
    db: tuple[Hub, dict[int, int]],
) -> None:
    """At most 3 commands a second per user and camera, counted in the camera's row: the
    commands a user sends through two hubs (two lock tables) add up."""
    hub, cameras = db
    clock = Clock()
    one, two = Table(hub, cameras, clock), Table(hub, cameras, clock)
    one.table = LockTable(10.0, clock)
    two.table = LockTable(10.0, clock)
    assert [one.hit(7, PLACE, 1, 3), two.hit(7, PLACE, 1, 3)] == [None, None]
    clock.t += 0.25
    assert one.hit(7, PLACE, 1, 3) is None
    wait = two.hit(7, PLACE, 1, 3)
    assert wait is not None and wait == pytest.approx(0.75)
    assert two.hit(7, PLACE, 2, 3) is None and two.hit(8, PLACE, 1, 3) is None  # others
    assert one.acquire(7, PLACE, OP1).changed  # the lock's state keeps the count
    clock.t += 0.75
    assert two.hit(7, PLACE, 1, 3) is None  # the first two left the window
    assert one.snapshot(7).holder == OP1  # type: ignore[union-attr]


def test_two_hubs_deciding_at_once_hand_the_lock_to_one(
    db: tuple[Hub, dict[int, int]],
) -> None:
    """Two lock tables on one database (two hub processes), each taking camera 8's lock
    for a different operator of equal rank, many times at once: exactly one wins each
    round, and the loser is told who holds it."""
    hub, cameras = db
    clock = Clock()
    tables = [LockTable(10.0, clock), LockTable(10.0, clock)]
    camera = cameras[8]

    def take(start: threading.Barrier, table: LockTable, who: Controller, out: list[str]) -> None:
        start.wait()
        try:
            with transaction(hub.sessions) as session:
                table.acquire(session, camera, PLACE, who)
            out.append(who.username)
        except Refused as exc:
            assert exc.control.holder is not None and exc.control.holder != who
            out.append("refused")

    for round_ in range(20):
        start = threading.Barrier(2)
        outcome: list[str] = []
        threads = [
            threading.Thread(target=take, args=(start, table, who, outcome))
            for table, who in zip(tables, (OP1, OP2), strict=True)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert outcome.count("refused") == 1, (round_, outcome)
        with transaction(hub.sessions) as session:
            state = tables[0].snapshot(session, camera)
            assert state is not None and state.holder is not None
            assert state.holder.username in outcome
            holder = state.holder
        with transaction(hub.sessions) as session:
            assert tables[1].release(session, camera, holder.user_id) is not None


def test_the_state_outlives_the_table(db: tuple[Hub, dict[int, int]]) -> None:
    """A lock and a reservation taken through one process are there for a process
    started after it (a hub restarted, or another hub behind the load balancer)."""
    hub, cameras = db
    clock = Clock()
    with transaction(hub.sessions) as session:
        LockTable(10.0, clock).acquire(session, cameras[7], PLACE, OP1)
        LockTable(10.0, clock).reserve(session, cameras[7], OP1, 60.0, "incident")
    later = LockTable(10.0, clock)
    session: Session
    with pytest.raises(Refused) as refused, transaction(hub.sessions) as session:
        later.acquire(session, cameras[7], PLACE, OP2)
    assert refused.value.code == "ptz.reserved"
    assert refused.value.control.reservation is not None
    assert refused.value.control.reservation.reason == "incident"
