# SPDX-License-Identifier: GPL-3.0-or-later
"""A tile switching the same camera to another stream keeps its last picture (dimmed)
until the new stream's first frame; another camera never shows the old picture."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from tests.widgets.still_player import StillPlayer
from widgets.player import FrameBuffers
from widgets.video_tile import TileStatus, VideoTile

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class ResizingPlayer(StillPlayer):
    """Like libVLC's adapter: a new picture size drops the old frame buffers."""

    def play(self, url: str, size: tuple[int, int] = (640, 360)) -> None:
        if self._buffers is not None and (self._buffers.width, self._buffers.height) != size:
            self._buffers = FrameBuffers(*size)
        super().play(url, size)


def centre(tile: VideoTile) -> QColor:
    image = tile.grab().toImage()
    return image.pixelColor(image.width() // 2, image.height() // 3)


def test_stream_switch_holds_the_last_picture(qtbot: QtBot) -> None:
    tile = VideoTile(0, player_factory=ResizingPlayer)
    qtbot.addWidget(tile)
    tile.resize(320, 180)
    tile.show()
    tile.set_camera("7", "cam")
    tile.play("srt://sub", (64, 36))
    player = tile.player
    assert isinstance(player, ResizingPlayer)
    player.emit_frame(QColor(0, 200, 0))
    qtbot.waitUntil(lambda: tile.status is TileStatus.PLAYING)
    tile.play("srt://main", (128, 72))  # maximised: the main stream
    assert tile.status is TileStatus.CONNECTING
    held = centre(tile)
    assert held.green() > 40 and held.green() < 200  # the old picture, dimmed
    player = tile.player  # a fresh player for the new stream
    assert isinstance(player, ResizingPlayer)
    player.emit_frame(QColor(0, 0, 200))
    qtbot.waitUntil(lambda: tile.status is TileStatus.PLAYING)
    assert centre(tile).blue() > 150
    # Another camera: the old picture goes at once.
    tile.set_camera("8", "other")
    tile.play("srt://other", (64, 36))
    colour = centre(tile)
    assert (colour.red(), colour.green(), colour.blue()) == (0, 0, 0)
    tile.close_player()
