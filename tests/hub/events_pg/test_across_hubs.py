# SPDX-License-Identifier: GPL-3.0-or-later
"""Events published on one hub process reach the subscribers of every hub process on the
same PostgreSQL database: once, in id order, to their audience only; ``Last-Event-ID`` from
one hub resumes on another; a lost LISTEN connection loses nothing; the backlog is bounded."""

from __future__ import annotations

import dataclasses
import threading

import httpx
import pytest
from sqlalchemy import func, select, text

from hub.db import transaction
from hub.event_services import EventRetention
from hub.events import Audience, publish_after_commit
from hub.events_pg import PushedEventRow
from hub.testing import LiveHub, wait_until
from tests.hub.events_pg.common import Pair, Stream, listener
from tests.hub.incidents.common import ai_event

pytestmark = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)


def _committed(live: LiveHub, topic: str, data: dict[str, object], keep: bool = True) -> None:
    """Publish through a request-like transaction of ``live`` that commits (or not)."""
    try:
        with transaction(live.hub.sessions) as s:
            publish_after_commit(s, live.hub.events, topic, data)
            if not keep:
                raise LookupError("rolled back")
    except LookupError:
        pass


def test_an_incident_raised_through_b_reaches_the_consoles_on_a_it_concerns(pair: Pair) -> None:
    w = pair.world
    _box, box_token = w.enrol_box()
    camera = w.cameras["a1"]
    with (
        Stream(pair.a, w.tokens["op_a"], "incident,note") as op_a,
        Stream(pair.a, w.tokens["op_b"], "incident,note") as op_b,
    ):
        with httpx.Client(base_url=pair.b.url, timeout=30) as http:
            r = http.post(
                "/api/ingest/ai-events",
                json=ai_event(camera, "e1"),
                headers={"Authorization": f"Bearer {box_token}"},
            )
        assert r.status_code == 201, r.text
        ((topic, data, _id),) = op_a.take(1)
        assert topic == "incident.opened"
        assert (data["id"], data["camera_id"]) == (r.json()["incident_id"], camera)
        # District B's operator was not told of commune A1's incident: the next event on
        # that stream is a note to everyone, published after it through hub B.
        note = pair.b.hub.events.publish("note", {"n": 1})
        assert op_b.take(1) == [("note", {"n": 1}, note.id)]
        assert op_a.take(1) == [("note", {"n": 1}, note.id)]


def test_the_audience_holds_across_hubs(pair: Pair) -> None:
    w = pair.world
    p = w.province
    with (
        Stream(pair.a, w.tokens["op_a"]) as op_a,
        Stream(pair.a, w.tokens["op_b"]) as op_b,
        Stream(pair.a, w.tokens["aud_a"]) as aud_a,
    ):
        bus = pair.b.hub.events
        bus.publish("x.user", {"n": 1}, Audience(users=frozenset({p.user_ids["op_b"]})))
        bus.publish("x.place", {"n": 2}, Audience(place=(p.territories["A1"], None)))
        # Only those who may handle incidents, though the auditor's scope covers A1 too.
        bus.publish(
            "x.rights",
            {"n": 3},
            Audience(place=(p.territories["A1"], None), requires=frozenset({"incident.handle"})),
        )
        bus.publish("x.unit", {"n": 4}, Audience(units=frozenset({p.units["districtB"]})))
        last = bus.publish("x.all", {"n": 5})
        assert [t for t, _d, _i in op_a.take(3)] == ["x.place", "x.rights", "x.all"]
        assert [t for t, _d, _i in op_b.take(3)] == ["x.user", "x.unit", "x.all"]
        assert [(t, i) for t, _d, i in aud_a.take(2)] == [
            ("x.place", last.id - 3),
            ("x.all", last.id),
        ]


def test_events_from_both_hubs_reach_every_subscriber_once_in_order(pair: Pair) -> None:
    w = pair.world
    per_hub = 60
    published: dict[str, list[int]] = {"a": [], "b": []}

    def publish(name: str, live: LiveHub) -> None:
        for n in range(per_hub):
            if n % 3 == 0:  # through a committing transaction, with a rolled-back one
                _committed(live, "x.lost", {"hub": name, "n": n}, keep=False)
                _committed(live, "x.n", {"hub": name, "n": n})
            else:
                published[name].append(live.hub.events.publish("x.n", {"hub": name, "n": n}).id)

    with (
        Stream(pair.a, w.tokens["op_a"], "x") as on_a,
        Stream(pair.b, w.tokens["op_a"], "x") as on_b,
        Stream(pair.b, w.tokens["op_a2"], "x") as on_b2,
    ):
        threads = [
            threading.Thread(target=publish, args=("a", pair.a)),
            threading.Thread(target=publish, args=("b", pair.b)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        end = pair.a.hub.events.publish("x.end", {})
        seen = []
        for stream in (on_a, on_b, on_b2):
            got = stream.take(2 * per_hub + 1, timeout=60)
            ids = [i for _t, _d, i in got]
            assert ids == sorted(set(ids)), "twice or out of order"
            assert got[-1] == ("x.end", {}, end.id)
            assert {(d["hub"], d["n"]) for t, d, _i in got[:-1]} == {
                (h, n) for h in "ab" for n in range(per_hub)
            }
            assert {t for t, _d, _i in got[:-1]} == {"x.n"}  # nothing rolled back
            assert set(published["a"] + published["b"]) <= set(ids)
            assert stream.got.empty()
            seen.append(ids)
        assert seen[0] == seen[1] == seen[2]


def test_last_event_id_from_a_resumes_on_b_with_exactly_the_missed_events(pair: Pair) -> None:
    w = pair.world
    p = w.province
    with Stream(pair.a, w.tokens["op_a"], "x") as on_a:
        for n in range(3):
            pair.a.hub.events.publish("x.seen", {"n": n})
        last = on_a.take(3)[-1][2]
    missed = []
    for n in range(8):
        live = pair.a if n % 2 else pair.b
        missed.append(live.hub.events.publish("x.missed", {"n": n}).id)
        live.hub.events.publish(
            "x.other", {"n": n}, Audience(users=frozenset({p.user_ids["op_b"]}))
        )
    _committed(pair.b, "x.missed", {"n": 8})
    _committed(pair.b, "x.gone", {"n": 9}, keep=False)
    # Hub b has delivered them (to nobody): they come from the table, not from the air.
    wait_until(lambda: (listener(pair.b).bus.cursor or 0) > missed[-1], what="b's listener")
    with Stream(pair.b, w.tokens["op_a"], "x", last_event_id=last) as on_b:
        got = on_b.take(9)
        assert [d["n"] for t, d, _i in got] == list(range(9))
        assert {t for t, _d, _i in got} == {"x.missed"}
        assert [i for _t, _d, i in got][:8] == missed
        live_one = pair.a.hub.events.publish("x.live", {"n": 10})
        assert on_b.take(1) == [("x.live", {"n": 10}, live_one.id)]
        assert on_b.got.empty()


def test_a_console_that_got_no_event_yet_resumes_on_b_from_its_start_on_a(pair: Pair) -> None:
    """Hub a dies before anything reached the console: the id its stream started with
    is enough for b to send what was published meanwhile."""
    w = pair.world
    pair.b.hub.events.publish("x.before", {"n": 0})
    wait_until(lambda: (listener(pair.a).bus.cursor or 0) > 0, what="a's listener")
    with Stream(pair.a, w.tokens["op_a"], "x") as on_a:
        wait_until(lambda: on_a.start is not None, what="the starting id")
        start = on_a.start
    assert start == listener(pair.a).bus.cursor
    missed = pair.b.hub.events.publish("x.missed", {"n": 1})
    with Stream(pair.b, w.tokens["op_a"], "x", last_event_id=start) as on_b:
        assert on_b.take(1) == [("x.missed", {"n": 1}, missed.id)]
        assert on_b.start is None


def test_a_resume_from_a_hub_further_ahead_gets_nothing_twice(pair: Pair) -> None:
    w = pair.world
    # The id a console had from another hub may be past what this hub has delivered yet:
    # events up to it are never sent again, whatever this hub's listener reads later.
    first = pair.b.hub.events.publish("x.one", {"n": 1})
    ahead = first.id + 2
    with Stream(pair.a, w.tokens["op_a"], "x", last_event_id=ahead) as s:
        ids = [pair.b.hub.events.publish("x.one", {"n": n}).id for n in (2, 3, 4)]
        assert ids == [first.id + 1, ahead, ahead + 1]  # one sequence, nothing in between
        assert s.take(1) == [("x.one", {"n": 4}, ahead + 1)]
        end = pair.a.hub.events.publish("x.end", {})
        assert s.take(1) == [("x.end", {}, end.id)]


def test_a_dropped_listen_connection_is_recovered_without_losing_events(pair: Pair) -> None:
    w = pair.world
    on_a = listener(pair.a)
    pid, connects = on_a.backend_pid, on_a.connects
    assert pid is not None
    sent: list[int] = []
    stop = threading.Event()

    def publish() -> None:
        n = 0
        while not stop.is_set() and n < 200:
            sent.append(pair.b.hub.events.publish("x.n", {"n": n}).id)
            n += 1
            stop.wait(0.005)

    with Stream(pair.a, w.tokens["op_a"], "x") as s:
        publisher = threading.Thread(target=publish)
        publisher.start()
        try:
            first = s.take(10)
            with pair.b.hub.engine.connect() as conn:
                assert conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()
            wait_until(lambda: on_a.connects > connects, what="the listener reconnecting")
            assert on_a.backend_pid not in (None, pid)
        finally:
            publisher.join(120)
        rest = s.take(len(sent) - 10, timeout=30)
        assert [i for _t, _d, i in first + rest] == sent
        assert s.got.empty()


def test_the_backlog_is_bounded_by_age_and_count(pair: Pair) -> None:
    w = pair.world
    ids = [pair.a.hub.events.publish("x.n", {"n": n}).id for n in range(30)]

    def rows() -> list[int]:
        with transaction(pair.a.hub.sessions) as s:
            return list(s.scalars(select(PushedEventRow.id).order_by(PushedEventRow.id)))

    small = dataclasses.replace(
        pair.a.hub, settings=pair.a.hub.settings.with_overrides(event_backlog_rows=10)
    )
    EventRetention(small).round()
    assert rows() == ids[-10:]
    pair.a.clock.advance(hours=25)
    young = pair.b.hub.events.publish("x.young", {})
    EventRetention(pair.b.hub).round()
    assert rows() == [young.id]
    with transaction(pair.a.hub.sessions) as s:
        assert s.scalar(select(func.count()).select_from(PushedEventRow)) == 1
    # A console resuming from a purged id gets what the backlog still holds.
    with Stream(pair.b, w.tokens["op_a"], "x", last_event_id=ids[0]) as s:
        assert s.take(1) == [("x.young", {}, young.id)]


def test_an_unreadable_row_is_skipped_not_a_stop(pair: Pair) -> None:
    w = pair.world
    with Stream(pair.a, w.tokens["op_a"], "x") as s:
        with pair.b.hub.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO pushed_events (topic, payload, audience, created_at)"
                    " VALUES ('x.bad', 'not json', '{}', now())"
                )
            )
        good = pair.b.hub.events.publish("x.good", {})
        assert s.take(1) == [("x.good", {}, good.id)]
        assert listener(pair.a).bus.cursor == good.id


def test_an_event_whose_notification_never_came_arrives_with_the_catch_up_read(
    pair: Pair,
) -> None:
    w = pair.world
    with Stream(pair.a, w.tokens["op_a"], "x") as s:
        reads = listener(pair.a).reads
        with pair.b.hub.engine.begin() as conn:  # a row and no NOTIFY
            ident = conn.execute(
                text(
                    "INSERT INTO pushed_events (topic, payload, audience, created_at)"
                    " VALUES ('x.quiet', :payload, '{}', now()) RETURNING id"
                ),
                {"payload": '{"n": 1}'},
            ).scalar_one()
        assert s.take(1, timeout=30) == [("x.quiet", {"n": 1}, ident)]
        assert listener(pair.a).reads > reads  # found by a read of its own


def test_publishing_on_an_event_loop_never_waits_on_the_database(pair: Pair) -> None:
    """The PTZ watchdog and other loop code publish on the hub's event loop: the write goes
    to the bus's writer thread (the loop runs no statement), in order, and reaches every
    hub's subscribers."""
    import asyncio

    from sqlalchemy import event as sa_event

    bus = pair.b.hub.events
    on_loop: list[str] = []

    def statement(_conn: object, _cursor: object, sql: str, *_rest: object) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return
        on_loop.append(sql)

    async def publish_all() -> list[int]:
        return [bus.publish("x.loop", {"n": n}).id for n in range(20)]

    engine = pair.b.hub.engine
    sa_event.listen(engine, "before_cursor_execute", statement)
    try:
        with Stream(pair.a, pair.world.tokens["op_a"], "x.loop") as op_a:
            ids = asyncio.run(publish_all())
            got = op_a.take(20)
    finally:
        sa_event.remove(engine, "before_cursor_execute", statement)
    assert ids == [0] * 20  # not known on the loop: written by the thread
    assert [d["n"] for _t, d, _i in got] == list(range(20))  # all, in order
    assert [i for _t, _d, i in got] == sorted(i for _t, _d, i in got)
    assert on_loop == []
