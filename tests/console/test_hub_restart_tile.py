# SPDX-License-Identifier: GPL-3.0-or-later
"""A tile while the hub is away and when it answers again (issue 14): it keeps saying
"reconnecting" on a growing back-off (no busy loop), and re-plays at once when told the
hub answers. libVLC is not the point here: the tile plays through the StillPlayer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.widgets.still_player import StillPlayer
from widgets.video_tile import OFFLINE_AFTER_ATTEMPTS, TileStatus, VideoTile


@pytest.fixture
def tile(qtbot: QtBot) -> Iterator[VideoTile]:
    widget = VideoTile(cell=2, player_factory=StillPlayer)
    qtbot.addWidget(widget)
    widget.resize(320, 180)
    widget.show()
    widget.set_camera("cam05", "Bến xe Đông Hà")
    widget.play("http://relay.invalid:9000/g/old")
    yield widget
    widget.close_player()


def stall(tile: VideoTile) -> float:
    """One failed re-play (as the watchdog sees it); returns the wait before the next."""
    tile._retry.stop()
    tile._stalled()
    return tile._retry.interval() / 1000


def test_a_lost_hub_keeps_tiles_reconnecting_on_a_growing_back_off(tile: VideoTile) -> None:
    for _ in range(OFFLINE_AFTER_ATTEMPTS + 1):
        stall(tile)
    assert tile.status.value == "offline"  # the tile's own guess: the camera is gone
    tile.set_hub_lost(True)  # nobody can tell now: the hub does not answer
    assert tile.status is TileStatus.RECONNECTING
    assert tile.status_text() == tile.tr("No signal — reconnecting")
    delays = [stall(tile) for _ in range(3)]
    assert tile.status is TileStatus.RECONNECTING
    assert delays == [16, 30, 30]  # still backing off while the hub is away


def test_retry_now_replays_at_once_and_starts_the_back_off_again(tile: VideoTile) -> None:
    delays = [stall(tile) for _ in range(5)]
    assert delays == [1, 2, 4, 8, 16]
    first = tile.player
    assert isinstance(first, StillPlayer) and tile.reconnect_delay is not None
    tile.set_hub_lost(False)
    tile.retry_now()  # the hub answers again
    player = tile.player
    assert isinstance(player, StillPlayer) and player is not first  # a fresh player, now
    assert player.url == "http://relay.invalid:9000/g/old" and player.plays == 1
    assert tile.reconnect_delay is None
    assert stall(tile) == 1  # the next failure waits from the first step again
    tile._retry.stop()
    tile.retry_now()  # nothing waiting: nothing re-played
    assert tile.player is player
