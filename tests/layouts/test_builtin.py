# SPDX-License-Identifier: GPL-3.0-or-later
"""The built-in presets load from package data and tile their grid exactly."""

from __future__ import annotations

import pytest

from layouts import PRESET_NAMES, preset, presets

EXPECTED_CELLS = {
    "1": 1,
    "2x2": 4,
    "3x3": 9,
    "4x4": 16,
    "5x5": 25,
    "1+5": 6,
    "1+7": 8,
    "2+8": 10,
    "1+12": 13,
}


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_preset_covers_its_grid_without_holes(name: str) -> None:
    layout = preset(name)
    assert layout.name == name
    assert len(layout) == EXPECTED_CELLS[name]
    area = sum(c.row_span * c.col_span for c in layout.cells)
    assert area == layout.rows * layout.cols
    assert all(cam is None for cam in layout.cameras())


def test_presets_are_fresh_copies() -> None:
    first = preset("2x2")
    first.assign(0, "cam01")
    assert preset("2x2").cameras()[0] is None
    assert [p.name for p in presets()] == list(PRESET_NAMES)


def test_unknown_preset() -> None:
    with pytest.raises(KeyError):
        preset("7x7")
