# SPDX-License-Identifier: GPL-3.0-or-later
"""A live site for console tests: a real hub with its media relay, the simulated fleet in
its catalogue, and a console with real libVLC players (fixtures ``site``, ``console``,
``log_in``; registered in ``conftest.py``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import qasync
import shiboken6
from pytestqt.qtbot import QtBot

from camsim.process import FleetProcess
from console.app import ConsoleApp
from console.settings import WorkstationSettings
from console.wall_controller import WallMemory
from hub.auth import totp
from hub.catalog.testing import register_fleet
from hub.clock import ManualClock
from hub.contracts import Role
from hub.streams.service import NAME, RelayService
from hub.testing import PASSWORD, LiveHub, Province, add_user, seed_province, settings_for_tests
from tests.widgets.frames import shown_time_offset
from widgets.video_tile import TileStatus

if TYPE_CHECKING:
    from tests.console.conftest import MemoryKeyring

PLAY_TIMEOUT = 15_000


@dataclass
class Site:
    """A hub with the relay on and the fleet catalogued in commune A1."""

    live: LiveHub
    province: Province
    fleet: FleetProcess
    cams: dict[str, int]  # simulator id → hub camera id

    @property
    def relay(self) -> RelayService:
        service = self.live.hub.services[NAME]
        assert isinstance(service, RelayService)
        return service

    def code(self, username: str) -> str:
        self.live.clock.advance(seconds=totp.STEP_SECONDS)
        return totp.code_at(self.province.secrets[username], self.live.clock.now())


@pytest.fixture
def site(
    request: pytest.FixtureRequest, tmp_path: Path, camsim_fleet: FleetProcess
) -> Iterator[Site]:
    """A hub with the relay and the simulated fleet; a test marked ``camera_events`` also
    gets the hub's pull-point readers on the fleet's cameras."""
    settings = settings_for_tests(
        f"sqlite:///{tmp_path / 'hub.sqlite3'}",
        tmp_path / "data",
        media_relay=True,
        grant_check_seconds=0.2,
        relay_keepalive_seconds=0.0,
        health_enabled=False,
        camera_events_enabled=request.node.get_closest_marker("camera_events") is not None,
    )
    # The hub's clock starts at the real time: archive times are checked against it.
    live = LiveHub(settings, clock=ManualClock(datetime.now(UTC))).start()
    try:
        province = seed_province(live.hub)
        cams = register_fleet(live, province, camsim_fleet.cameras, probe=False)
        add_user(live.hub, province, "oper", "districtA", [Role.OPERATOR])
        add_user(live.hub, province, "outsider", "districtB", [Role.OPERATOR])
        yield Site(live, province, camsim_fleet, cams)
    finally:
        live.stop()


@pytest.fixture
def console(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    site: Site,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> Iterator[ConsoleApp]:
    app = ConsoleApp(
        site.live.url, WorkstationSettings(), memory=WallMemory(tmp_path / "console.ini")
    )
    qtbot.addWidget(app.dialog)
    qtbot.addWidget(app.window)
    app.window.resize(1280, 760)
    app.start()
    yield app
    closing = asyncio.ensure_future(app.aclose())
    qtbot.waitUntil(closing.done, timeout=10_000)
    if shiboken6.isValid(app.window):  # else closed (and its players shut) by qtbot
        app.window.wall.shutdown()


LogIn = Callable[[str], None]


@pytest.fixture
def log_in(qtbot: QtBot, console: ConsoleApp, site: Site) -> LogIn:
    def run(username: str) -> None:
        with qtbot.waitSignal(console.session.walls.camerasLoaded, timeout=10_000):
            _ = console.login.log_in(site.live.url, username, PASSWORD, site.code(username))
        qtbot.waitUntil(console.window.isVisible, timeout=5_000)

    return run


def wait_playing(qtbot: QtBot, console: ConsoleApp, cell: int, timeout: int = PLAY_TIMEOUT) -> None:
    """Until the tile plays and the picture it paints (its player's newest decoded frame)
    shows the simulator's current time."""
    tile = console.window.wall.tile(cell)

    def shows_now() -> bool:
        player = tile.player
        if tile.status is not TileStatus.PLAYING or player is None:
            return False
        frame = player.latest_frame()
        offset = None if frame is None else shown_time_offset(frame)
        return offset is not None and abs(offset) < 5

    qtbot.waitUntil(shows_now, timeout=timeout)
