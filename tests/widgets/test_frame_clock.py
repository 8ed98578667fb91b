# SPDX-License-Identifier: GPL-3.0-or-later
"""The frame clock's paint budget: a wall the machine cannot paint in full slows every
tile alike (oldest picture first) and never freezes one; a wall it can paints in full."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.widgets.still_player import StillPlayer
from widgets import video_tile
from widgets.video_tile import FrameClock, TileStatus, VideoTile

TILES = 9


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[FrameClock]:
    """A frame clock of the test's own, ticked by hand (its timer stopped)."""
    own = FrameClock()
    monkeypatch.setattr(video_tile, "_frame_clock", own)
    yield own
    own._timer.stop()


@pytest.fixture
def wall(qtbot: QtBot, clock: FrameClock) -> Iterator[list[tuple[VideoTile, StillPlayer]]]:
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(960, 540)
    tiles = []
    for cell in range(TILES):
        tile = VideoTile(cell=cell, player_factory=StillPlayer, parent=host)
        tile.setGeometry((cell % 3) * 320, (cell // 3) * 180, 320, 180)
        tile.set_camera(f"cam{cell:02d}", f"Camera {cell}")
        tile.play(f"https://relay.invalid/media/out{cell}")
        player = tile.player
        assert isinstance(player, StillPlayer)
        tiles.append((tile, player))
    host.show()
    qtbot.waitExposed(host)
    clock._timer.stop()
    assert clock.ticking == TILES
    yield tiles
    for tile, _player in tiles:
        tile.close_player()


def warm_up(clock: FrameClock, wall: list[tuple[VideoTile, StillPlayer]]) -> None:
    """Tiles playing (their status painted), fonts and caches warm (a first paint costs
    several times a later one), the counts from zero."""
    for _ in range(3):
        new_pictures(wall)
        tick(clock)
    assert all(tile.status is TileStatus.PLAYING for tile, _ in wall)
    clock.deferred = 0


def tick(clock: FrameClock) -> None:
    """One tick, and the pass that paints what it asked for."""
    clock._tick()
    QApplication.processEvents()


def new_pictures(wall: list[tuple[VideoTile, StillPlayer]]) -> None:
    for _tile, player in wall:
        player.emit_frame(QColor("darkgreen"))


def test_a_wall_within_the_budget_paints_every_new_picture_each_tick(
    clock: FrameClock,
    wall: list[tuple[VideoTile, StillPlayer]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A budget the wall fits in whatever else this machine does meanwhile.
    monkeypatch.setattr(video_tile, "PAINT_BUDGET_S", 10.0)
    warm_up(clock, wall)
    for _ in range(3):
        before = [tile.painted_frames for tile, _ in wall]
        new_pictures(wall)
        tick(clock)
        assert [tile.painted_frames for tile, _ in wall] == [n + 1 for n in before]
    assert clock.paint_cost > 0.0
    assert clock.deferred == 0


def test_over_the_budget_tiles_take_turns_oldest_first_and_none_freezes(
    clock: FrameClock,
    wall: list[tuple[VideoTile, StillPlayer]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    warm_up(clock, wall)
    # A machine so busy that one tile's paint takes the whole budget: one tile a tick.
    monkeypatch.setattr(video_tile, "PAINT_BUDGET_S", 1e-9)
    order: list[int] = []
    for _round in range(3):
        new_pictures(wall)  # every tile has a new picture all the time
        for _ in range(TILES):
            before = [tile.painted_frames for tile, _ in wall]
            tick(clock)
            grew = [i for i, (tile, _) in enumerate(wall) if tile.painted_frames > before[i]]
            assert len(grew) == 1, grew
            order.extend(grew)
            new_pictures(wall)
    # Every tile painted once per round, in the same turn order each round: even.
    rounds = [order[i : i + TILES] for i in range(0, len(order), TILES)]
    assert all(sorted(r) == list(range(TILES)) for r in rounds)
    assert rounds[0] == rounds[1] == rounds[2]
    assert clock.deferred == 3 * TILES * (TILES - 1)
