# SPDX-License-Identifier: GPL-3.0-or-later
"""The libVLC adapter: triple buffering, new-frame counting, stop/play without leaks."""

from __future__ import annotations

import gc
import os
import time
import weakref

from pytestqt.qtbot import QtBot

from tests.widgets.frames import shown_time_offset
from tests.widgets.relay import TsRelay
from widgets.player import FrameBuffers, PlayerState, VideoPlayer, libvlc_version


def _rss_kb() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def test_libvlc_is_version_3() -> None:
    assert libvlc_version().startswith("3.")


def test_the_buffer_being_painted_is_never_handed_to_libvlc(qapp: object) -> None:
    buffers = FrameBuffers(64, 36)
    assert all(address % 32 == 0 for address in buffers.addresses)
    with buffers.reading_latest() as image:
        assert image is None
    first = buffers.begin_write()
    buffers.delivered(first)
    with buffers.reading_latest() as image:
        assert image is not None and image.width() == 64
        # libVLC keeps rendering while the UI paints: never into latest or reading
        for _ in range(10):
            index = buffers.begin_write()
            assert index not in (buffers.latest, buffers.reading)
            buffers.delivered(index)
        assert buffers.reading == first
    assert buffers.reading == -1
    assert buffers.sequence == 11


def test_player_decodes_relayed_ts_and_counts_new_frames(ts_relay: TsRelay, qtbot: QtBot) -> None:
    player = VideoPlayer()
    try:
        player.play(ts_relay.url())
        qtbot.waitUntil(lambda: player.poll() or player.frame_count > 10, timeout=20_000)
        qtbot.waitUntil(lambda: (player.poll(), player.frame_count)[1] > 10, timeout=20_000)
        assert player.state is PlayerState.PLAYING
        assert player.last_frame_monotonic > time.monotonic() - 2
        frame = player.latest_frame()
        assert frame is not None
        offset = shown_time_offset(frame)
        assert offset is not None and abs(offset) <= 2.0
        player.stop()
        assert not player.has_buffers
        assert player.latest_frame() is None
        assert player.state is PlayerState.STOPPED
    finally:
        player.close()


def test_200_stop_play_cycles_release_their_buffers(ts_relay: TsRelay, qtbot: QtBot) -> None:
    player = VideoPlayer()
    released: list[int] = []
    try:
        rss_before = 0
        for cycle in range(200):
            player.play(ts_relay.url())
            buffers = player._buffers
            assert buffers is not None
            weakref.finalize(buffers, released.append, cycle)
            del buffers
            player.stop()
            if cycle == 20:  # libVLC's own caches have warmed up by now
                gc.collect()
                rss_before = _rss_kb()
        gc.collect()
        assert len(released) == 200
        grown_kb = _rss_kb() - rss_before
        assert grown_kb < 30_000, f"RSS grew by {grown_kb} kB over 180 cycles"
        player.play(ts_relay.url())  # still plays afterwards
        qtbot.waitUntil(lambda: (player.poll(), player.frame_count)[1] > 0, timeout=20_000)
    finally:
        player.close()


def test_a_closed_player_is_freed_with_everything_it_held(ts_relay: TsRelay, qtbot: QtBot) -> None:
    # A console takes a fresh player for every stream: one that stays reachable after
    # close (python-vlc memoises each libVLC player's event manager, with our callbacks)
    # is a leak that grows with every switch of a 24-hour shift.
    freed: list[int] = []
    for index in range(20):
        player = VideoPlayer()
        player.play(ts_relay.url())
        player.close()
        weakref.finalize(player, freed.append, index)
        del player
    gc.collect()
    assert sorted(freed) == list(range(20))
