# SPDX-License-Identifier: GPL-3.0-or-later
"""The wall-layout model: grid presets and custom spans, pure Python, no Qt."""

from layouts.builtin import PRESET_NAMES, preset, presets
from layouts.model import (
    Cell,
    ChangeKind,
    Direction,
    Layout,
    LayoutChange,
    LayoutError,
    Observer,
)

__all__ = [
    "PRESET_NAMES",
    "Cell",
    "ChangeKind",
    "Direction",
    "Layout",
    "LayoutChange",
    "LayoutError",
    "Observer",
    "preset",
    "presets",
]
