# SPDX-License-Identifier: GPL-3.0-or-later
"""The push stream: audience, topics, commit-only publishing, backlog and session end."""

from __future__ import annotations

import contextlib
import json
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from hub.contracts import Role
from hub.db import transaction
from hub.events import Audience, publish_after_commit
from hub.testing import LiveHub, Province, add_user, login, wait_until


@contextmanager
def listen(
    live: LiveHub, token: str, starts: bool = False, **params: Any
) -> Iterator[queue.Queue[Any]]:
    """Read the caller's event stream in a thread; yields a queue of (topic, data, id),
    after ``("status", code, None)``; with ``starts``, the stream's starting id (an id
    alone) too, as ``("start", None, id)``."""
    got: queue.Queue[Any] = queue.Queue()
    opened = threading.Event()
    stop = threading.Event()
    headers = {"Authorization": f"Bearer {token}", **params.pop("headers", {})}

    http = httpx.Client(base_url=live.url, timeout=30)

    def run() -> None:
        with (
            contextlib.suppress(httpx.HTTPError),
            http.stream("GET", "/api/events", params=params, headers=headers) as r,
        ):
            got.put(("status", r.status_code, None))
            topic = data = ident = None
            for line in r.iter_lines():
                opened.set()
                if stop.is_set():
                    return
                if line.startswith("event: "):
                    topic = line[7:]
                elif line.startswith("data: "):
                    data = json.loads(line[6:])
                elif line.startswith("id: "):
                    ident = int(line[4:])
                elif line == "" and topic:
                    got.put((topic, data, ident))
                    topic = None
                elif line == "" and ident is not None:  # an id alone: where it starts
                    if starts:
                        got.put(("start", None, ident))
                    ident = None
            got.put(("end", None, None))
            opened.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert opened.wait(10)
    try:
        yield got
    finally:  # also when the test failed: no stream left reading past it
        stop.set()
        live.hub.events.disconnect(lambda sub: True)  # the hub ends the open streams
        thread.join(10)
        http.close()
    assert not thread.is_alive()


def _next(q: queue.Queue[Any]) -> Any:
    """The next event (the status and the starting id skipped)."""
    while (item := q.get(timeout=10))[0] in ("status", "start"):
        pass
    return item


def test_events_reach_their_audience_only(live: LiveHub, province: Province) -> None:
    add_user(live.hub, province, "opa", "districtA", [Role.OPERATOR])
    add_user(live.hub, province, "opb", "districtB", [Role.OPERATOR])
    ta, tb = login(live, province, "opa"), login(live, province, "opb")
    bus = live.hub.events
    with listen(live, ta) as qa, listen(live, tb) as qb:
        wait_until(lambda: bus.subscribers() == 2, what="two subscribers")
        bus.publish("camera.status", {"n": 1}, Audience(place=(province.territories["A1"], None)))
        bus.publish("note", {"n": 2}, Audience(users=frozenset({province.user_ids["opb"]})))
        bus.publish("all", {"n": 3})
        assert _next(qa)[:2] == ("camera.status", {"n": 1})
        assert _next(qa)[:2] == ("all", {"n": 3})
        assert _next(qb)[:2] == ("note", {"n": 2})
        assert _next(qb)[:2] == ("all", {"n": 3})


def test_publish_after_commit_drops_rolled_back_events(live: LiveHub, province: Province) -> None:
    add_user(live.hub, province, "opa", "districtA", [Role.OPERATOR])
    token = login(live, province, "opa")
    bus = live.hub.events
    with listen(live, token, topics="x") as q:
        wait_until(lambda: bus.subscribers() == 1, what="subscriber")
        try:
            with transaction(live.hub.sessions) as s:
                publish_after_commit(s, bus, "x.lost", {"n": 0})
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
        bus.publish("y.other", {"n": 9})  # not a subscribed topic
        with transaction(live.hub.sessions) as s:
            publish_after_commit(s, bus, "x.kept", {"n": 1})
        assert _next(q)[:2] == ("x.kept", {"n": 1})


def test_reconnect_replays_missed_events_and_logout_ends_stream(
    live: LiveHub, province: Province
) -> None:
    add_user(live.hub, province, "opa", "districtA", [Role.OPERATOR])
    token = login(live, province, "opa")
    bus = live.hub.events
    first = bus.publish("m", {"n": 1})
    bus.publish("m", {"n": 2})
    with listen(live, token, headers={"Last-Event-ID": str(first.id)}) as q:
        assert _next(q)[:2] == ("m", {"n": 2})
    with live.client(token) as http:
        assert http.post("/api/auth/logout").status_code == 204
        r = http.get("/api/events", params={"max_seconds": 0})
        assert r.status_code == 401


def test_a_stream_starts_with_the_newest_id_to_resume_from(
    live: LiveHub, province: Province
) -> None:
    """A console that has received no event yet still has a point to resume from: the
    stream's first id. Events published while it is away come on reconnection."""
    add_user(live.hub, province, "opa", "districtA", [Role.OPERATOR])
    token = login(live, province, "opa")
    bus = live.hub.events
    with listen(live, token, starts=True, topics="m") as q:
        assert q.get(timeout=10) == ("status", 200, None)
        assert q.get(timeout=10) == ("start", None, 0)  # nothing published yet
    before = bus.publish("other", {"n": 0})  # not a topic it asked for
    with listen(live, token, starts=True, topics="m") as q:
        assert q.get(timeout=10)[0] == "status"
        start = q.get(timeout=10)
        assert start == ("start", None, before.id)
    missed = bus.publish("m", {"n": 1})  # while the console is away
    with listen(
        live, token, starts=True, topics="m", headers={"Last-Event-ID": str(start[2])}
    ) as q:
        assert _next(q) == ("m", {"n": 1}, missed.id)
        assert q.empty()  # a resumed stream sends no starting id of its own
