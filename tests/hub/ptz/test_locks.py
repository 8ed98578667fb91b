# SPDX-License-Identifier: GPL-3.0-or-later
"""The PTZ lock rules on a hand-driven clock: idle lapse, priority takeover,
reservations, move deadlines, the watchdog's sweep and the rate limiter."""

from __future__ import annotations

import pytest

from hub.contracts import Role
from hub.ptz.locks import (
    Controller,
    LockTable,
    RateLimiter,
    Refused,
    parse_priorities,
    priority_of,
)

PLACE = (1, None)
OP1 = Controller(1, "op1", "Operator 1", 20)
OP2 = Controller(2, "op2", "Operator 2", 20)
SUP = Controller(3, "sup", "Supervisor", 30)


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def table() -> tuple[LockTable, Clock]:
    clock = Clock()
    return LockTable(10.0, clock), clock


def test_priorities_parse_and_pick_the_highest_role() -> None:
    table_ = parse_priorities("supervisor=30, ptz_operator=20,")
    assert table_ == {"supervisor": 30, "ptz_operator": 20}
    assert priority_of(frozenset({Role.PTZ_OPERATOR, Role.SUPERVISOR}), table_) == 30
    assert priority_of(frozenset({Role.AUDITOR}), table_) == 0
    with pytest.raises(ValueError, match="bad entry"):
        parse_priorities("chief=99")


def test_one_holder_lapses_after_idle_and_higher_priority_takes_over() -> None:
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
    grant = locks.acquire(7, PLACE, SUP)
    assert grant.took_over == OP2 and grant.stopped_move is not None
    assert locks.heartbeat(7, OP2.user_id) is None  # op2's move is gone
    assert locks.release(7, OP2.user_id) is None
    assert locks.release(7, SUP.user_id) is not None
    assert locks.snapshot(7) is not None and locks.snapshot(7).holder is None  # type: ignore[union-attr]


def test_a_running_move_keeps_the_lock_and_the_sweep_stops_a_silent_one() -> None:
    locks, clock = table()
    locks.acquire(7, PLACE, OP1)
    locks.start_move(7, OP1.user_id, (0.0, 0.5, 0.0), 2.0)
    clock.t += 1.5
    assert locks.heartbeat(7, OP1.user_id) is not None
    clock.t += 1.9
    assert locks.sweep() == ([], [])
    clock.t += 0.2  # 2.1 s after the last heartbeat
    overdue, lapsed = locks.sweep()
    assert [state.camera_id for state, _ in overdue] == [7] and lapsed == []
    assert locks.heartbeat(7, OP1.user_id) is None
    clock.t += 10.0
    overdue, lapsed = locks.sweep()
    assert overdue == [] and [s.camera_id for s in lapsed] == [7]
    assert locks.snapshot(7).holder is None  # type: ignore[union-attr]


def test_reservations_hold_until_a_higher_priority_or_their_end() -> None:
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


def test_rate_limit_per_user_and_camera() -> None:
    clock = Clock()
    limiter = RateLimiter(3, clock)
    assert [limiter.hit(1, 7) for _ in range(3)] == [None, None, None]
    wait = limiter.hit(1, 7)
    assert wait is not None and 0 < wait <= 1.0
    assert limiter.hit(2, 7) is None and limiter.hit(1, 8) is None
    clock.t += 1.0
    assert limiter.hit(1, 7) is None
