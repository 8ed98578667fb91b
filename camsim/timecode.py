# SPDX-License-Identifier: GPL-3.0-or-later
"""A machine-readable bar of the frame's time, burned into every simulated frame.

Tests (and later the console's own tests) read the time a decoded frame shows without
OCR: the bar is a row of large black/white cells that survive H.264 and scaling.

Layout, all proportional to the frame size so main and sub streams share one decoder:
four sync cells (1 0 1 0), 42 bits of milliseconds since the Unix epoch, then a 6-bit
check value, most significant bit first, in cells ``width/64`` wide and ``height/24``
high, on a black band at the bottom-left corner.

A device with several channels (an NVR, an encoder) also marks which channel a frame
comes from, in a second bar of the same cells just above: sync (1 1 0 0), the channel in
8 bits, its complement in 8 bits (:func:`draw_channel`, :func:`read_channel`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

SYNC = (1, 0, 1, 0)
TIME_BITS = 42
CHECK_BITS = 6
CELLS = len(SYNC) + TIME_BITS + CHECK_BITS


@dataclass(frozen=True)
class BarGeometry:
    """Where the bar lies in a frame of a given size, in pixels."""

    x0: int
    y0: int
    cell_w: float
    cell_h: int

    @classmethod
    def for_frame(cls, width: int, height: int) -> BarGeometry:
        cell_w = width / 64.0
        cell_h = max(6, height // 24)
        x0 = int(width / 64)
        y0 = height - cell_h - max(2, height // 72)
        return cls(x0=x0, y0=y0, cell_w=cell_w, cell_h=cell_h)

    def cell_x(self, index: int) -> tuple[int, int]:
        left = self.x0 + round(index * self.cell_w)
        right = self.x0 + round((index + 1) * self.cell_w)
        return left, right


CHANNEL_SYNC = (1, 1, 0, 0)
CHANNEL_BITS = 8


def _channel_bits(channel: int) -> list[int]:
    if not 0 < channel < (1 << CHANNEL_BITS):
        raise ValueError(f"channel out of range for the mark: {channel}")
    value = channel << CHANNEL_BITS | (~channel & 0xFF)
    return list(CHANNEL_SYNC) + [(value >> (2 * CHANNEL_BITS - 1 - i)) & 1 for i in range(16)]


def _channel_geometry(width: int, height: int) -> BarGeometry:
    geo = BarGeometry.for_frame(width, height)
    margin = max(2, geo.cell_h // 4)
    return BarGeometry(geo.x0, geo.y0 - geo.cell_h - 3 * margin, geo.cell_w, geo.cell_h)


def draw_channel(frame: NDArray[np.uint8], channel: int) -> None:
    """Burn the mark of ``channel`` (1-255) into ``frame`` in place, above the time bar."""
    height, width = frame.shape[:2]
    geo = _channel_geometry(width, height)
    bits = _channel_bits(channel)
    margin = max(2, geo.cell_h // 4)
    left, _ = geo.cell_x(0)
    _, right = geo.cell_x(len(bits) - 1)
    frame[
        geo.y0 - margin : geo.y0 + geo.cell_h + margin, max(0, left - margin) : right + margin
    ] = 0
    for index, bit in enumerate(bits):
        if bit:
            cl, cr = geo.cell_x(index)
            frame[geo.y0 : geo.y0 + geo.cell_h, cl:cr] = 255


def read_channel(frame: NDArray[np.uint8]) -> int | None:
    """The channel a decoded frame is marked with, or None (no mark: a one-channel device).

    Args:
        frame: a decoded frame, BGR (H×W×3), BGRA (H×W×4) or grey (H×W).
    """
    grey = frame if frame.ndim == 2 else frame[:, :, :3].mean(axis=2)
    height, width = grey.shape[:2]
    geo = _channel_geometry(width, height)
    bits = _read_cells(grey, geo, len(CHANNEL_SYNC) + 2 * CHANNEL_BITS)
    if bits is None or tuple(bits[: len(CHANNEL_SYNC)]) != CHANNEL_SYNC:
        return None
    value = 0
    for bit in bits[len(CHANNEL_SYNC) :]:
        value = (value << 1) | bit
    channel, complement = value >> CHANNEL_BITS, value & 0xFF
    return channel if channel and complement == (~channel & 0xFF) else None


def _read_cells(grey: NDArray[Any], geo: BarGeometry, count: int) -> list[int] | None:
    bits = []
    qh = max(1, geo.cell_h // 4)
    for index in range(count):
        cl, cr = geo.cell_x(index)
        qw = max(1, (cr - cl) // 4)
        patch = grey[geo.y0 + qh : geo.y0 + geo.cell_h - qh, cl + qw : cr - qw]
        if patch.size == 0:
            return None
        bits.append(1 if float(patch.mean()) >= 128.0 else 0)
    return bits


def _check(value: int) -> int:
    total = 0
    for shift in range(0, TIME_BITS, CHECK_BITS):
        total += (value >> shift) & 0x3F
    return total & 0x3F


def encode_bits(unix_ms: int) -> list[int]:
    """The cell values (0/1) that encode ``unix_ms``."""
    if not 0 <= unix_ms < (1 << TIME_BITS):
        raise ValueError(f"time out of range for the bar: {unix_ms}")
    bits = list(SYNC)
    bits += [(unix_ms >> (TIME_BITS - 1 - i)) & 1 for i in range(TIME_BITS)]
    check = _check(unix_ms)
    bits += [(check >> (CHECK_BITS - 1 - i)) & 1 for i in range(CHECK_BITS)]
    return bits


def draw(frame: NDArray[np.uint8], unix_seconds: float) -> None:
    """Burn the bar for ``unix_seconds`` into a BGR or grey ``frame`` in place."""
    height, width = frame.shape[:2]
    geo = BarGeometry.for_frame(width, height)
    margin = max(2, geo.cell_h // 4)
    left, _ = geo.cell_x(0)
    _, right = geo.cell_x(CELLS - 1)
    frame[
        geo.y0 - margin : geo.y0 + geo.cell_h + margin, max(0, left - margin) : right + margin
    ] = 0
    for index, bit in enumerate(encode_bits(round(unix_seconds * 1000))):
        if bit:
            cl, cr = geo.cell_x(index)
            frame[geo.y0 : geo.y0 + geo.cell_h, cl:cr] = 255


def read(frame: NDArray[np.uint8]) -> datetime | None:
    """The time a decoded frame shows, or None when no valid bar is found.

    Args:
        frame: a decoded frame, BGR (H×W×3), BGRA (H×W×4) or grey (H×W).
    """
    grey = frame if frame.ndim == 2 else frame[:, :, :3].mean(axis=2)
    height, width = grey.shape[:2]
    geo = BarGeometry.for_frame(width, height)
    bits = []
    qh = max(1, geo.cell_h // 4)
    for index in range(CELLS):
        cl, cr = geo.cell_x(index)
        qw = max(1, (cr - cl) // 4)
        patch = grey[geo.y0 + qh : geo.y0 + geo.cell_h - qh, cl + qw : cr - qw]
        if patch.size == 0:
            return None
        bits.append(1 if float(patch.mean()) >= 128.0 else 0)
    if tuple(bits[: len(SYNC)]) != SYNC:
        return None
    value = 0
    for bit in bits[len(SYNC) : len(SYNC) + TIME_BITS]:
        value = (value << 1) | bit
    check = 0
    for bit in bits[len(SYNC) + TIME_BITS :]:
        check = (check << 1) | bit
    if check != _check(value):
        return None
    return datetime.fromtimestamp(value / 1000.0, tz=UTC)
