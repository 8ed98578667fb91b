# SPDX-License-Identifier: GPL-3.0-or-later
"""Archive mode on the wall: real hub + relay, simulated cameras, libVLC tiles.

The hub runs in this process (uvicorn thread), its relay in a worker process and the
cameras in the simulator's process: no GStreamer is loaded here next to libVLC.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Coroutine, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import qasync
from pytestqt.qtbot import QtBot

from camsim import timecode
from camsim.process import FleetProcess
from console.archive import ArchiveController, PlaybackClock, TimelineBinding
from hub.client import HubClient
from hub.clock import ManualClock
from hub.testing import LiveHub, add_user, login, seed_province, settings_for_tests
from tests.hub.archive.world import USERS, ArchiveWorld, recorded_instant, register_fleet
from tests.widgets.frames import to_bgra
from widgets.timeline import Timeline
from widgets.video_tile import VideoTile

TOLERANCE = 1.0


@pytest.fixture
def world(tmp_path: Path, camsim_fleet: FleetProcess) -> Iterator[ArchiveWorld]:
    settings = settings_for_tests(
        f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path / "data", media_relay=True
    )
    live = LiveHub(settings, clock=ManualClock(datetime.now(UTC))).start()
    try:
        province = seed_province(live.hub)
        w = ArchiveWorld(live, province, camsim_fleet)
        w.cameras = register_fleet(live, province, camsim_fleet)
        for name in ("operator",):
            unit, roles = USERS[name]
            add_user(live.hub, province, name, unit, roles)
            w.tokens[name] = login(live, province, name)
        yield w
    finally:
        live.stop()


def finish(qtbot: QtBot, work: Coroutine[Any, Any, None]) -> None:
    """Run ``work`` on the (already running) qasync loop and wait for it."""
    task = asyncio.ensure_future(work)
    qtbot.waitUntil(task.done, timeout=15_000)
    task.result()


@pytest.fixture
def client(world: ArchiveWorld, qloop: qasync.QEventLoop, qtbot: QtBot) -> Iterator[HubClient]:
    hub = HubClient(world.live.url)
    hub.token = world.tokens["operator"]
    yield hub
    finish(qtbot, hub.aclose())


class BadgedTile(VideoTile):
    """A tile recording the archive times the controller shows on its badge."""

    def __init__(self, cell: int) -> None:
        super().__init__(cell)
        self.archive_times: list[datetime | None] = []

    def set_archive_time(self, at: datetime | None) -> None:
        self.archive_times.append(at)


def shown(tile: VideoTile) -> float | None:
    player = tile.player
    image = player.latest_frame() if player is not None else None
    if image is None:
        return None
    at = timecode.read(to_bgra(image))
    return at.timestamp() if at is not None else None


def wait_shown(qtbot: QtBot, tile: VideoTile, check: object, timeout: int = 20000) -> float:
    """Wait until the tile's picture has a readable time code passing ``check``."""
    seen: list[float] = []

    def ready() -> bool:
        value = shown(tile)
        if value is not None and callable(check) and check(value):
            seen.append(value)
            return True
        return False

    qtbot.waitUntil(ready, timeout=timeout)
    return seen[-1]


def test_two_tiles_seek_together_and_speed_up_together(
    qtbot: QtBot, qloop: qasync.QEventLoop, world: ArchiveWorld, client: HubClient
) -> None:
    # GStreamer (and the libunwind it loads) stays out of a process that plays video;
    # PyGObject alone (keyring probes its libsecret backend with it) is harmless.
    assert "gi.repository.Gst" not in sys.modules
    tiles = [BadgedTile(0), BadgedTile(1)]
    for tile in tiles:
        qtbot.addWidget(tile)
        tile.resize(640, 360)
        tile.show()
    controller = ArchiveController(client, PlaybackClock())
    entered: list[int] = []
    controller.tileEntered.connect(entered.append)
    (_e1, cam1), (_e2, cam2) = world.camera(0), world.camera(1)
    target = min(
        recorded_instant(world, cam1, time.time() - 2 * 3600),
        recorded_instant(world, cam2, time.time() - 2 * 3600),
    )
    controller.enter(0, tiles[0], cam1)
    controller.enter(1, tiles[1], cam2, at=datetime.fromtimestamp(target, UTC))
    assert entered == [0, 1]
    # Seeking one seeks all: both pictures read T (± 1 s) …
    first = [wait_shown(qtbot, t, lambda v: abs(v - target) < 30) for t in tiles]
    for value in first:
        assert abs(value - target) <= TOLERANCE, (value, target)
    # … and keep showing the same time (± 1 s) while they play.
    later = max(first) + 1.5

    def both_moved_on() -> bool:
        values = [shown(t) for t in tiles]
        return all(v is not None and v >= later for v in values)

    qtbot.waitUntil(both_moved_on, timeout=10000)
    a, b = shown(tiles[0]), shown(tiles[1])
    assert a is not None and b is not None and abs(a - b) <= TOLERANCE
    assert tiles[0].archive_times[-1] is not None
    badge = tiles[0].archive_times[-1].timestamp()
    assert abs(badge - a) <= 2.0
    # 4×: both tiles re-grant at the current position; the code runs four times faster.
    grant_before = controller.grant_id(0)
    controller.clock.set_rate(4.0)
    qtbot.waitUntil(lambda: controller.grant_id(0) not in (None, grant_before), timeout=10000)
    start_code = wait_shown(qtbot, tiles[0], lambda v: v >= a)
    wall0 = time.monotonic()
    later = wait_shown(qtbot, tiles[0], lambda v: v >= start_code + 12)
    speed = (later - start_code) / (time.monotonic() - wall0)
    assert speed == pytest.approx(4.0, rel=0.3)
    b_now, a_now = shown(tiles[1]), shown(tiles[0])
    assert a_now is not None and b_now is not None and abs(a_now - b_now) <= 4 * TOLERANCE
    # Live again: grants released, tiles told to resume live.
    left: list[int] = []
    controller.tileLeft.connect(left.append)
    controller.leave_all()
    assert sorted(left) == [0, 1] and controller.cells() == []
    finish(qtbot, controller.aclose())
    for tile in tiles:
        tile.close_player()


def test_a_refused_seek_is_reported_and_stops_the_tile(
    qtbot: QtBot, qloop: qasync.QEventLoop, world: ArchiveWorld, client: HubClient
) -> None:
    tile = BadgedTile(0)
    qtbot.addWidget(tile)
    controller = ArchiveController(client)
    _entry, camera_id = world.camera(0)
    with qtbot.waitSignal(controller.refused, timeout=10000) as caught:
        controller.enter(0, tile, camera_id, at=datetime.now(UTC) - timedelta(days=9))
    assert caught.args == [0, "archive.too_old"]
    assert controller.grant_id(0) is None
    finish(qtbot, controller.aclose())
    tile.close_player()


def grant_open(world: ArchiveWorld, grant_id: str) -> bool:
    """Whether the hub still holds the grant."""
    service = world.live.hub.services["relay"]
    return service.grants.get(grant_id) is not None


class FakeTile:
    """A tile that only records what it is told (pixels are checked above)."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.archive_times: list[datetime | None] = []

    def play(self, url: str, size: tuple[int, int] = (640, 360), masks: object = ()) -> None:
        self.urls.append(url)

    def stop(self) -> None:
        pass

    def set_archive_time(self, at: datetime | None) -> None:
        self.archive_times.append(at)


def test_the_timeline_drives_the_clock_and_shows_the_recordings(
    qtbot: QtBot, qloop: qasync.QEventLoop, world: ArchiveWorld, client: HubClient
) -> None:
    timeline = Timeline()
    qtbot.addWidget(timeline)
    timeline.resize(800, 90)
    controller = ArchiveController(client)
    binding = TimelineBinding(timeline, controller, client)
    _entry, camera_id = world.camera(0)
    binding.load_limit()
    qtbot.waitUntil(lambda: "7" in timeline.limit_label.text(), timeout=10_000)
    now = datetime.now(UTC)
    timeline.view.set_window(now - timedelta(hours=3), now)
    binding.show_camera(camera_id)
    qtbot.waitUntil(lambda: bool(timeline.view.data.ranges), timeout=10_000)
    assert timeline.view.data.earliest_allowed is not None
    # No tile in archive yet: a seek asks the owner to put one there.
    target = datetime.fromtimestamp(recorded_instant(world, camera_id, time.time() - 3600), UTC)
    with qtbot.waitSignal(binding.archiveWanted) as wanted:
        timeline.seekRequested.emit(target)
    assert wanted.args == [target]
    tile = FakeTile()
    controller.enter(0, tile, camera_id, at=target)
    qtbot.waitUntil(lambda: bool(tile.urls), timeout=10_000)
    assert timeline.playing and timeline.position is not None
    # A snapshot of the archive tile is the recording at the wall's time; without a
    # cell, the live picture.
    shot = asyncio.ensure_future(controller.take_snapshot(client, camera_id, cell=0))
    qtbot.waitUntil(shot.done, timeout=20_000)
    position = controller.clock.position()
    assert shot.result().source == "archive" and position is not None
    assert abs((shot.result().captured_at - position).total_seconds()) < 10
    live_shot = asyncio.ensure_future(controller.take_snapshot(client, camera_id))
    qtbot.waitUntil(live_shot.done, timeout=20_000)
    assert live_shot.result().source == "live" and len(live_shot.result().sha256) == 64
    # The console's hub was lost and answers again (or another hub took over): the
    # archive tile asks for a new grant where the clock is, and the old one is released.
    before = controller.grant_id(0)
    assert before is not None
    controller.hub_switched()
    qtbot.waitUntil(lambda: len(tile.urls) == 2, timeout=10_000)
    assert controller.grant_id(0) not in (None, before)
    qtbot.waitUntil(lambda: not grant_open(world, before), timeout=10_000)
    # Speed from the timeline: the clock re-grants at 8×; pause releases the grant.
    timeline.rateRequested.emit(8.0)
    assert controller.clock.rate == 8.0 and timeline.rate == 8.0
    qtbot.waitUntil(lambda: len(tile.urls) == 3, timeout=10_000)
    timeline.pauseRequested.emit()
    assert not timeline.playing and controller.grant_id(0) is None
    timeline.liveRequested.emit()
    assert controller.cells() == []
    finish(qtbot, controller.aclose())
