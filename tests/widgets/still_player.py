# SPDX-License-Identifier: GPL-3.0-or-later
"""A test double for the libVLC player: frames appear when the test says so."""

from __future__ import annotations

import time
from contextlib import AbstractContextManager

from PySide6.QtGui import QColor, QImage

from widgets.player import DEFAULT_SIZE, FrameBuffers, PlayerState


class StillPlayer:
    """Implements :class:`widgets.player.TilePlayer` over real :class:`FrameBuffers`."""

    def __init__(self) -> None:
        self.url: str | None = None
        self.frame_count = 0
        self.last_frame_monotonic = 0.0
        self.plays = 0
        self.closed = False
        self._buffers: FrameBuffers | None = None
        self._polled = 0
        self._state = PlayerState.IDLE

    @property
    def state(self) -> PlayerState:
        return self._state

    @property
    def sequence(self) -> int:
        return 0 if self._buffers is None else self._buffers.sequence

    @property
    def has_buffers(self) -> bool:
        return self._buffers is not None

    def play(self, url: str, size: tuple[int, int] = DEFAULT_SIZE) -> None:
        self.url, self.plays = url, self.plays + 1
        self._buffers = self._buffers or FrameBuffers(*size)
        self._state = PlayerState.PLAYING

    def stop(self) -> None:
        self._buffers, self._state = None, PlayerState.STOPPED

    def close(self) -> None:
        self.stop()
        self.closed = True

    def emit_frame(self, color: QColor) -> None:
        """Render a flat picture the way libVLC would (into a free buffer)."""
        assert self._buffers is not None
        index = self._buffers.begin_write()
        self._buffers._images[index].fill(color)
        self._buffers.delivered(index)
        self.frame_count += 1
        self.last_frame_monotonic = time.monotonic()

    def poll(self) -> bool:
        fresh = self.sequence != self._polled
        self._polled = self.sequence
        return fresh

    def reading_frame(self) -> AbstractContextManager[QImage | None]:
        assert self._buffers is not None
        return self._buffers.reading_latest()

    def latest_frame(self) -> QImage | None:
        with self.reading_frame() as image:
            return None if image is None else image.copy()
