# SPDX-License-Identifier: GPL-3.0-or-later
"""Tiles render pictures at their own size and copy them unscaled; a resized tile
renders again at its new size (issue 10 §6: a wall's CPU goes by the pixel)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from tests.widgets.still_player import StillPlayer
from widgets.video_tile import REFIT_MS, TileStatus, VideoTile, render_size

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

SUB = (640, 360)


@pytest.mark.parametrize(
    ("tile", "expected"),
    [
        ((478, 268), (472, 264)),  # a 4×4 wall at 1920×1080
        ((318, 178), (312, 174)),  # 6×6
        ((238, 133), (232, 130)),  # 8×8
        ((958, 538), SUB),  # 2×2: never larger than the stream
        ((1920, 200), (352, 198)),  # a wide, low tile: its height decides
        ((30, 20), SUB),  # not laid out yet
    ],
)
def test_render_size_fits_the_tile_keeps_the_aspect_and_never_upscales(
    tile: tuple[int, int], expected: tuple[int, int]
) -> None:
    width, height = render_size(SUB, *tile)
    assert (width, height) == expected
    assert width % 8 == 0 and height % 2 == 0
    assert abs(width / height - 16 / 9) < 0.02
    if tile[0] >= 64:  # laid out: never wider than the tile
        assert width <= tile[0] and height <= tile[1]


def playing_tile(qtbot: QtBot, size: tuple[int, int], colour: QColor) -> VideoTile:
    tile = VideoTile(0, player_factory=StillPlayer)
    qtbot.addWidget(tile)
    tile.resize(*size)
    tile.show()
    qtbot.waitExposed(tile)
    tile.set_camera("7", "cam")
    tile.play("https://relay/out1", SUB)
    player = tile.player
    assert isinstance(player, StillPlayer)
    player.emit_frame(colour)
    qtbot.waitUntil(lambda: tile.status is TileStatus.PLAYING)
    return tile


def test_a_picture_rendered_at_the_tiles_size_is_painted_unscaled_and_centred(
    qtbot: QtBot,
) -> None:
    tile = playing_tile(qtbot, (478, 268), QColor(0, 0, 220))
    player = tile.player
    assert isinstance(player, StillPlayer) and player.size == (472, 264)
    image = tile.grab().toImage()
    row = 150  # below the overlay band
    # 472 wide in 478: 3 black columns left, the picture from x=3 to x=474.
    assert image.pixelColor(2, row).blue() < 30
    assert image.pixelColor(3, row).blue() > 200
    assert image.pixelColor(474, row).blue() > 200
    assert image.pixelColor(475, row).blue() < 30
    tile.close_player()


def test_a_tile_made_much_larger_renders_again_at_its_new_size(qtbot: QtBot) -> None:
    tile = playing_tile(qtbot, (478, 268), QColor(0, 200, 0))
    first = tile.player
    assert isinstance(first, StillPlayer) and first.size == (472, 264)
    tile.resize(500, 280)  # a little: not worth a new connection
    qtbot.waitUntil(lambda: tile.refit_pending)
    qtbot.waitUntil(lambda: not tile.refit_pending, timeout=REFIT_MS * 10)
    assert tile.player is first
    tile.resize(960, 540)
    qtbot.waitUntil(lambda: tile.player is not first, timeout=REFIT_MS * 10)
    again = tile.player
    assert isinstance(again, StillPlayer)
    assert (again.url, again.size) == ("https://relay/out1", SUB)
    # Until the new stream's first picture, the old one stays on show (dimmed).
    centre = tile.grab().toImage().pixelColor(480, 300)
    assert 40 < centre.green() < 200
    tile.close_player()
