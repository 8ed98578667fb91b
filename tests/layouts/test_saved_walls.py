# SPDX-License-Identifier: GPL-3.0-or-later
"""Saving and restoring walls: every preset and user-made layouts survive JSON whole —
geometry, spans, names and the camera of every cell — and a restored wall is a fresh,
independent model."""

from __future__ import annotations

import json

import pytest

from layouts import PRESET_NAMES, Cell, Layout, LayoutError, preset


def _filled(layout: Layout) -> Layout:
    for index in range(len(layout)):
        layout.assign(index, f"{100 + index}")
    return layout


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_every_preset_saves_and_restores_with_its_cameras(name: str) -> None:
    wall = _filled(preset(name))
    text = wall.to_json()
    again = Layout.from_json(text)
    assert again.to_dict() == wall.to_dict()
    assert again.cameras() == [f"{100 + i}" for i in range(len(wall))]
    assert [(c.row, c.col, c.row_span, c.col_span) for c in again.cells] == [
        (c.row, c.col, c.row_span, c.col_span) for c in preset(name).cells
    ]
    # Stable: saving the restored wall gives the same document.
    assert again.to_json() == text


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_a_partly_filled_preset_keeps_its_empty_cells_empty(name: str) -> None:
    wall = preset(name)
    wall.assign(len(wall) - 1, "cam-last")
    again = Layout.from_dict(json.loads(json.dumps(wall.to_dict())))
    assert again.cameras() == [None] * (len(wall) - 1) + ["cam-last"]


def test_user_made_layouts_with_spans_and_holes_round_trip() -> None:
    # A 3×4 wall: a 2×2 hero, a 1×2 banner, single cells, and one uncovered position.
    wall = Layout(
        "Giao ban sáng",
        3,
        4,
        [
            Cell(0, 0, 2, 2, "7"),
            Cell(0, 2, 1, 2),
            Cell(1, 2, camera_id="9"),
            Cell(2, 0, 1, 3, "11"),
        ],
    )
    again = Layout.from_json(wall.to_json())
    assert again.to_dict() == wall.to_dict()
    assert again.cell_at(1, 3) is None  # the hole stays a hole
    assert again.cameras() == ["7", None, "9", "11"]


def test_restored_wall_is_independent_of_the_saved_one() -> None:
    wall = _filled(preset("2x2"))
    seen: list[object] = []
    wall.subscribe(seen.append)
    again = Layout.from_json(wall.to_json())
    again.assign(0, "other")
    again.swap(1, 2)
    assert wall.cameras() == ["100", "101", "102", "103"]
    assert seen == []


def test_a_restored_wall_reshaped_to_a_preset_keeps_cameras_in_order() -> None:
    saved = Layout.from_json(_filled(preset("2x2")).to_json())
    overflow = saved.reshape(preset("1+5"))
    assert overflow == []
    assert saved.cameras()[:4] == ["100", "101", "102", "103"]
    assert saved.name == "1+5"


@pytest.mark.parametrize(
    "data",
    [
        {"name": "x", "rows": 2, "cols": 2, "cells": [{"row": 0, "col": 0, "col_span": 3}]},
        {"name": "x", "rows": 1, "cols": 2, "cells": [{"row": 0, "col": 0}, {"row": 0, "col": 0}]},
        {"name": "x", "rows": 1, "cols": 1, "cells": [{"row": "a", "col": 0}]},
        {"name": "x", "rows": 1, "cols": 1},
    ],
)
def test_damaged_saved_walls_are_refused(data: dict[str, object]) -> None:
    with pytest.raises(LayoutError):
        Layout.from_dict(data)
