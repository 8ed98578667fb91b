# SPDX-License-Identifier: GPL-3.0-or-later
"""The built-in wall layouts (1, 2×2 … 5×5, 1+5, 1+7, 2+8, 1+12), shipped as JSON."""

from __future__ import annotations

from functools import cache
from importlib import resources

from layouts.model import Layout

PRESET_NAMES: tuple[str, ...] = ("1", "2x2", "3x3", "4x4", "5x5", "1+5", "1+7", "2+8", "1+12")


@cache
def _preset_text(name: str) -> str:
    return resources.files("layouts").joinpath("presets", f"{name}.json").read_text("utf-8")


def preset(name: str) -> Layout:
    """A fresh (empty, unobserved) copy of a built-in layout.

    Args:
        name: one of :data:`PRESET_NAMES`.

    Raises:
        KeyError: no preset of that name.
    """
    if name not in PRESET_NAMES:
        raise KeyError(name)
    return Layout.from_json(_preset_text(name))


def presets() -> list[Layout]:
    """Every built-in layout, in menu order."""
    return [preset(name) for name in PRESET_NAMES]
