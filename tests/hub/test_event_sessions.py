# SPDX-License-Identifier: GPL-3.0-or-later
"""An event stream ends with its session, at once, even when another hub process ended it
or the hub is busy; and streaming is no activity: the session still idles out (issue 9
item 4)."""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

import hub.event_routes
from hub.contracts import Role
from hub.testing import PASSWORD, LiveHub, Province, add_user, login, seed_province, wait_until

# The old loop noticed a logout only at its next keep-alive, 15 s later.
PROMPT = 3.0


class Stream:
    """The lines of one open ``GET /api/events``, read in a thread."""

    def __init__(self, live: LiveHub, token: str) -> None:
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.ended = threading.Event()
        self._http = httpx.Client(base_url=live.url, timeout=30)
        opened = threading.Event()

        def run() -> None:
            with (
                contextlib.suppress(httpx.HTTPError),
                self._http.stream(
                    "GET", "/api/events", headers={"Authorization": f"Bearer {token}"}
                ) as r,
            ):
                assert r.status_code == 200
                for line in r.iter_lines():
                    opened.set()
                    self.lines.put(line)
            self.ended.set()
            opened.set()
            self.lines.put(None)

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        assert opened.wait(10)

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            line = self.lines.get(timeout=left)
            if line is None:
                raise AssertionError("the stream ended")
            if predicate(line):
                return line
        raise TimeoutError

    def close(self) -> None:
        self._http.close()
        self._thread.join(10)


@contextmanager
def stream(live: LiveHub, token: str) -> Iterator[Stream]:
    s = Stream(live, token)
    try:
        yield s
    finally:
        live.hub.events.disconnect(lambda sub: True)
        s.close()


def ends_promptly(s: Stream) -> float:
    """Seconds until the stream ended (fails after ``PROMPT``)."""
    started = time.monotonic()
    assert s.ended.wait(PROMPT), "the event stream outlived its session"
    return time.monotonic() - started


def post(live: LiveHub, path: str, token: str, body: Any = None) -> httpx.Response:
    with live.client(token) as http:
        return http.post(path, json=body)


def _logout(live: LiveHub, province: Province, token: str) -> None:
    assert post(live, "/api/auth/logout", token).status_code == 204


def _password_change(live: LiveHub, province: Province, token: str) -> None:
    body = {"current_password": PASSWORD, "new_password": "a brand new passphrase 2026"}
    assert post(live, "/api/auth/password", token, body).status_code == 204


def _admin(path: str, body: Any = None) -> Callable[[LiveHub, Province, str], None]:
    def act(live: LiveHub, province: Province, _token: str) -> None:
        admin = login(live, province, "root")
        uid = province.user_ids["opa"]
        assert post(live, f"/api/users/{uid}{path}", admin, body).status_code == 200

    return act


ENDINGS: dict[str, Callable[[LiveHub, Province, str], None]] = {
    "logout": _logout,
    "password_change": _password_change,
    "disable": _admin("/disable"),
    "password_reset": _admin("/password", {"new_password": "temporary pass 2026"}),
    "mfa_reset": _admin("/mfa/reset"),
}


@pytest.mark.parametrize("how", sorted(ENDINGS))
def test_the_stream_ends_with_the_session(live: LiveHub, province: Province, how: str) -> None:
    add_user(live.hub, province, "root", "ioc", [Role.ADMIN])
    add_user(live.hub, province, "opa", "districtA", [Role.OPERATOR])
    token = login(live, province, "opa")
    with stream(live, token) as s:
        live.hub.events.publish("note", {"n": 1})
        s.wait_for(lambda line: line == "event: note")
        ENDINGS[how](live, province, token)
        ends_promptly(s)
        live.hub.events.publish("note", {"n": 2})
        assert live.hub.events.subscribers() == 0


def test_a_session_ended_by_another_hub_process_ends_the_stream_on_a_busy_hub(
    start_hub: Callable[..., LiveHub],
) -> None:
    live = start_hub()
    other = start_hub()  # a second hub process on the same database
    province = seed_province(live.hub)
    add_user(live.hub, province, "opa", "districtA", [Role.OPERATOR])
    token = login(live, province, "opa")
    stop = threading.Event()

    def busy() -> None:  # events all the time: the stream never waits for a keep-alive
        while not stop.is_set():
            live.hub.events.publish("camera.status", {"busy": True})
            stop.wait(0.02)

    publisher = threading.Thread(target=busy, daemon=True)
    with stream(live, token) as s:
        publisher.start()
        try:
            s.wait_for(lambda line: line == "event: camera.status")
            assert post(other, "/api/auth/logout", token).status_code == 204
            ends_promptly(s)
        finally:
            stop.set()
            publisher.join(10)


def test_the_stream_does_not_keep_the_session_alive(
    live: LiveHub, province: Province, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Frequent keep-alives: each re-checks the session (which used to refresh it).
    monkeypatch.setattr(hub.event_routes, "KEEPALIVE_SECONDS", 0.1)
    add_user(live.hub, province, "opa", "districtA", [Role.OPERATOR])
    token = login(live, province, "opa")
    with stream(live, token) as s:
        live.clock.advance(minutes=20)  # the operator watches, touching nothing
        for _ in range(3):  # keep-alives after the clock moved: re-checks happened
            s.wait_for(lambda line: line == ": keep-alive")
        live.clock.advance(minutes=11)  # 31 minutes without an operator action
        ends_promptly(s)
    with live.client(token) as http:
        r = http.get("/api/auth/me")
    assert r.status_code == 401 and r.json()["code"] == "auth.session_expired"


def test_operator_actions_keep_the_session_and_its_stream(
    live: LiveHub, province: Province
) -> None:
    add_user(live.hub, province, "opa", "districtA", [Role.OPERATOR])
    token = login(live, province, "opa")
    with stream(live, token) as s:
        for n in range(3):
            live.clock.advance(minutes=20)
            with live.client(token) as http:
                assert http.get("/api/auth/me").status_code == 200
            # The watch has looked at the session since the clock moved: still open.
            checks = live.hub.services["event_sessions"].checks
            wait_until(lambda c=checks: live.hub.services["event_sessions"].checks > c + 1)
            live.hub.events.publish("note", {"n": n})
            s.wait_for(lambda line: line == "event: note")
        assert not s.ended.is_set()
