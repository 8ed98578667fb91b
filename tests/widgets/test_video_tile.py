# SPDX-License-Identifier: GPL-3.0-or-later
"""A video tile playing real SRT streams decoded by libVLC: pixels, stalls, intents."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from tests.widgets.dnd import drop_on
from tests.widgets.frames import shown_time_offset
from tests.widgets.relay import TsRelay
from tests.widgets.still_player import StillPlayer
from widgets import video_tile
from widgets.mime import CAMERA_MIME, TILE_MIME
from widgets.video_tile import TileStatus, VideoTile

FIRST_FRAME_TIMEOUT_MS = 20_000


@pytest.fixture
def tile(qtbot: QtBot) -> Iterator[VideoTile]:
    widget = VideoTile(cell=3)
    qtbot.addWidget(widget)
    widget.resize(640, 360)
    widget.show()
    yield widget
    widget.close_player()


def test_live_stream_shows_the_current_time(
    tile: VideoTile, ts_relay: TsRelay, qtbot: QtBot
) -> None:
    tile.set_camera("cam01", "Ngã tư Trần Hưng Đạo")
    tile.play(ts_relay.url())
    assert tile.accessibleDescription() == "Đang kết nối"
    qtbot.waitUntil(lambda: tile.status is TileStatus.PLAYING, timeout=FIRST_FRAME_TIMEOUT_MS)
    assert tile.accessibleDescription() == "Đang phát"
    frame = tile.player.latest_frame() if tile.player else None
    assert frame is not None and frame.size().width() == 640
    offset = shown_time_offset(frame)
    assert offset is not None and abs(offset) <= 2.0
    qtbot.waitUntil(lambda: tile.painted_frames > 5, timeout=5_000)
    painted = tile.grab().toImage()
    offset = shown_time_offset(painted)
    assert offset is not None and abs(offset) <= 2.0


def test_stall_says_reconnecting_and_frames_resume(
    tile: VideoTile, own_relay: TsRelay, qtbot: QtBot
) -> None:
    tile.set_camera("cam02", "Cổng UBND phường")
    tile.play(own_relay.url())
    qtbot.waitUntil(lambda: tile.status is TileStatus.PLAYING, timeout=FIRST_FRAME_TIMEOUT_MS)
    own_relay.stop()
    with qtbot.waitSignal(tile.reconnectRequested, timeout=10_000) as blocker:
        pass
    assert blocker.args == [3, 1]
    assert tile.status is TileStatus.RECONNECTING
    assert tile.accessibleDescription() == "Không có tín hiệu — Đang kết nối lại"
    own_relay.start()
    qtbot.waitUntil(lambda: tile.status is TileStatus.PLAYING, timeout=30_000)
    frame = tile.player.latest_frame() if tile.player else None
    assert frame is not None
    qtbot.waitUntil(lambda: _fresh(tile), timeout=5_000)


def _fresh(tile: VideoTile) -> bool:
    frame = tile.player.latest_frame() if tile.player else None
    offset = None if frame is None else shown_time_offset(frame)
    return offset is not None and abs(offset) <= 2.0


def test_wrong_token_gets_no_frames_and_says_so(
    tile: VideoTile, ts_relay: TsRelay, qtbot: QtBot
) -> None:
    tile.set_camera("cam01", "Ngã tư Trần Hưng Đạo")
    tile.play(ts_relay.url(token="wrong-token-0123456789"))
    with qtbot.waitSignal(tile.reconnectRequested, timeout=10_000):
        pass
    assert tile.player is not None
    assert tile.player.frame_count == 0
    assert tile.player.latest_frame() is None
    assert tile.status is TileStatus.RECONNECTING
    assert tile.status_text() == "Không có tín hiệu — Đang kết nối lại"


def test_dropping_a_camera_emits_an_intent(tile: VideoTile, qtbot: QtBot) -> None:
    mime = QMimeData()
    mime.setData(CAMERA_MIME, b"cam04")
    with qtbot.waitSignal(tile.cameraDropped, timeout=1_000) as blocker:
        assert drop_on(tile, mime)
    assert blocker.args == [3, "cam04"]
    assert tile.camera_id is None  # an intent only: the controller decides


def test_dragging_a_tile_onto_another_asks_for_a_swap(qtbot: QtBot, tile: VideoTile) -> None:
    source = VideoTile(cell=0)
    qtbot.addWidget(source)
    with qtbot.waitSignal(tile.swapRequested, timeout=1_000) as blocker:
        assert drop_on(tile, source.mime_data())
    assert blocker.args == [0, 3]
    with qtbot.assertNotEmitted(tile.swapRequested):
        own = QMimeData()
        own.setData(TILE_MIME, b"3")
        drop_on(tile, own)


def test_double_click_and_click_are_intents(tile: VideoTile, qtbot: QtBot) -> None:
    with qtbot.waitSignal(tile.clicked, timeout=1_000):
        qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(tile.doubleClicked, timeout=1_000) as blocker:
        qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    assert blocker.args == [3]


def test_empty_tile_invites_a_drop_and_statuses_are_vietnamese(tile: VideoTile) -> None:
    assert tile.status_text() == "Kéo camera vào đây"
    tile.set_camera("cam01", "Cầu Rồng")
    tile.set_no_permission()
    assert tile.status_text() == "Không có quyền"
    tile.set_offline()
    assert tile.status_text() == "Mất kết nối"
    tile.set_selected(True)
    plain = tile.grab().toImage()
    tile.set_watermark("nguyenvana")
    image = tile.grab().toImage()
    assert image.pixelColor(1, 180).red() > 200  # selection border
    changed = sum(
        image.pixelColor(x, y) != plain.pixelColor(x, y)
        for x in range(0, 640, 4)
        for y in range(60, 300, 4)
    )
    assert changed > 200  # the watermark is tiled over the whole picture
    assert tile.last_overlay is not None
    assert tile.rect().contains(tile.last_overlay.status)


@pytest.fixture
def still(qtbot: QtBot) -> Iterator[tuple[VideoTile, StillPlayer]]:
    widget = VideoTile(cell=1, player_factory=StillPlayer)
    qtbot.addWidget(widget)
    widget.resize(320, 180)
    widget.show()
    widget.set_camera("cam05", "Bến xe Đông Hà")
    widget.play("srt://relay.invalid:9000")
    player = widget.player
    assert isinstance(player, StillPlayer)
    yield widget, player
    widget.close_player()


def test_stopping_a_tile_whose_window_is_gone_still_lets_its_player_go(qtbot: QtBot) -> None:
    """A console closing after its window (the archive panel stops its tiles last)."""
    widget = VideoTile(cell=2, player_factory=StillPlayer)
    widget.play("https://relay.invalid:8471/media/x?token=t")
    player = widget.player
    assert isinstance(player, StillPlayer)
    shiboken6.delete(widget)  # the window took its tiles (and their timers) with it
    widget.stop()  # nothing raises
    qtbot.waitUntil(lambda: player.closed, timeout=5_000)
    assert widget.player is None


def test_a_stalled_picture_is_dimmed_and_comes_back(
    still: tuple[VideoTile, StillPlayer], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    tile, player = still
    monkeypatch.setattr(video_tile, "STALL_SECONDS", 0.4)
    player.emit_frame(QColor("white"))
    qtbot.waitUntil(lambda: tile.status is TileStatus.PLAYING, timeout=2_000)
    assert tile.grab().toImage().pixelColor(160, 150).lightness() > 240
    with qtbot.waitSignal(tile.reconnectRequested, timeout=3_000):
        pass  # no new frame: the watchdog fires
    dimmed = tile.grab().toImage().pixelColor(160, 150)
    assert dimmed.lightness() < 160  # never a silently frozen picture
    assert tile.reconnect_delay is not None and 0 < tile.reconnect_delay <= 1.1  # coarse timer
    # Re-played its URL on a fresh player (the stalled one may be stuck in libVLC).
    qtbot.waitUntil(lambda: tile.player is not player, timeout=3_000)
    fresh = tile.player
    assert isinstance(fresh, StillPlayer) and fresh.url == "srt://relay.invalid:9000"
    qtbot.waitUntil(lambda: player.closed)  # the stalled one is closed off the UI thread
    fresh.emit_frame(QColor("white"))
    qtbot.waitUntil(lambda: tile.status is TileStatus.PLAYING, timeout=2_000)
    assert tile.reconnect_delay is None


def test_reconnect_back_off_doubles_up_to_thirty_seconds(
    still: tuple[VideoTile, StillPlayer], qtbot: QtBot
) -> None:
    tile, _ = still
    delays = []
    attempts: list[int] = []
    tile.reconnectRequested.connect(lambda _cell, attempt: attempts.append(attempt))
    for _ in range(7):
        tile._retry.stop()
        tile._stalled()
        delays.append(round(tile._retry.interval() / 1000))
    assert delays == [1, 2, 4, 8, 16, 30, 30]
    assert attempts == [1, 2, 3, 4, 5, 6, 7]
    assert tile.status is TileStatus.OFFLINE  # after 3 failed attempts: "Mất kết nối"
    assert tile.status_text() == "Mất kết nối"


def test_painting_many_frames_keeps_none_alive() -> None:
    # PySide6 6.12 lost a reference to None per drawImage (DESIGN.md, "Media path"): 2000
    # paints would drop None's count by 2000. Counted in a process of its own, where no
    # other thread moves the count (tests/widgets/paint_refcount.py).
    done = subprocess.run(
        [sys.executable, "-m", "tests.widgets.paint_refcount", "2000"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    words = done.stdout.split()
    figures = dict(zip(words[::2], (int(w) for w in words[1::2]), strict=True))
    assert figures["painted"] == 2000 and figures["skipped"] == 0, done.stdout
    assert figures["none_drop"] <= 50, done.stdout
