# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers for widget tests: read the simulator's time bar out of Qt images."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray
from PySide6.QtGui import QImage

from camsim import timecode


def to_bgra(image: QImage) -> NDArray[np.uint8]:
    """A copy of ``image`` as an H×W×4 BGRA array (what Format_RGB32 is in memory)."""
    rgb32 = image.convertToFormat(QImage.Format.Format_RGB32)
    width, height, pitch = rgb32.width(), rgb32.height(), rgb32.bytesPerLine()
    data = np.frombuffer(rgb32.constBits(), dtype=np.uint8, count=pitch * height)
    return data.reshape(height, pitch // 4, 4)[:, :width].copy()


def shown_time_offset(image: QImage) -> float | None:
    """Seconds between the time burned into ``image`` and now (None: no readable bar)."""
    shown = timecode.read(to_bgra(image))
    if shown is None:
        return None
    return (shown - datetime.now(UTC)).total_seconds()
