# SPDX-License-Identifier: GPL-3.0-or-later
"""The console's end of ``GET /api/events`` against a real hub: signals per topic, resume
with Last-Event-ID after a break, reconnect when the hub ends a stream, stop when the
session is over."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
import qasync
from pytestqt.qtbot import QtBot

from console.events import EventStream
from hub.catalog.contracts import CameraStatus, CameraStatusEvent
from hub.client import HubClient
from hub.contracts import Role
from hub.testing import LiveHub, add_user, login, seed_province


@pytest.fixture
def client(qloop: qasync.QEventLoop, live: LiveHub, qtbot: QtBot) -> Iterator[HubClient]:
    province = seed_province(live.hub)
    add_user(live.hub, province, "alice", "districtA", [Role.OPERATOR])
    hub_client = HubClient(live.url)
    hub_client.token = login(live, province, "alice")
    yield hub_client
    closing = asyncio.ensure_future(hub_client.aclose())
    qtbot.waitUntil(closing.done)


def status(camera_id: int, state: CameraStatus = CameraStatus.ONLINE) -> dict[str, object]:
    return {
        "camera_id": camera_id,
        "status": state.value,
        "status_detail": None,
        "last_seen_at": "2026-03-02T01:00:00+00:00",
        "clock_offset_seconds": 7.5,
    }


def stop(qtbot: QtBot, stream: EventStream) -> None:
    closing = asyncio.ensure_future(stream.aclose())
    qtbot.waitUntil(closing.done)


def test_events_become_signals_and_a_break_misses_nothing(
    qtbot: QtBot, live: LiveHub, client: HubClient
) -> None:
    stream = EventStream()
    with qtbot.waitSignal(stream.connectionChanged, timeout=5_000) as opened:
        stream.start(client)
    assert opened.args == [True]
    with qtbot.waitSignal(stream.cameraStatus, timeout=5_000) as got:
        live.hub.events.publish("camera.status", status(7))
    event = got.args[0]
    assert isinstance(event, CameraStatusEvent)
    assert event.camera_id == 7 and event.clock_offset_seconds == 7.5
    with qtbot.waitSignal(stream.streamRevoked, timeout=5_000) as revoked:
        live.hub.events.publish("stream.revoked", {"grant_id": "g1"})
    assert revoked.args == ["g1"]
    # Other topics are not asked for; malformed data is dropped without harm.
    live.hub.events.publish("camera.status", {"camera_id": "x"})
    stop(qtbot, stream)
    assert not stream.connected
    # Published while the console was away: the resumed stream replays it (Last-Event-ID).
    live.hub.events.publish("camera.status", status(8, CameraStatus.OFFLINE))
    seen: list[int] = []
    stream.cameraStatus.connect(lambda e: seen.append(e.camera_id))
    stream.start(client)
    qtbot.waitUntil(lambda: seen == [8], timeout=5_000)
    stop(qtbot, stream)


def test_the_stream_reconnects_when_the_hub_ends_it_and_stops_after_logout(
    qtbot: QtBot, live: LiveHub, client: HubClient
) -> None:
    stream = EventStream(stream_seconds=0.5, backoff_first=0.1)
    seen: list[int] = []
    stream.cameraStatus.connect(lambda e: seen.append(e.camera_id))
    stream.start(client)
    qtbot.waitUntil(lambda: stream.connected, timeout=5_000)
    live.hub.events.publish("camera.status", status(1))
    qtbot.waitUntil(lambda: seen == [1], timeout=5_000)
    qtbot.waitUntil(lambda: stream.reconnects >= 2, timeout=10_000)  # the hub ended it twice
    # Whether it lands in a stream or between two, an event arrives exactly once.
    live.hub.events.publish("camera.status", status(9))
    qtbot.waitUntil(lambda: seen == [1, 9], timeout=5_000)
    # The hub closes a user's streams at logout: the stream learns the session is over at
    # once (watched from before the logout, since it may come before the logout returns).
    with qtbot.waitSignal(stream.sessionEnded, timeout=10_000) as ended:
        logout = asyncio.ensure_future(client.logout())
        qtbot.waitUntil(logout.done)
        client.token = "gone"  # what a console holds after its session was ended elsewhere
    assert ended.args[0].startswith("auth.")
    assert not stream.running and not stream.connected
