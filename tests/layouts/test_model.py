# SPDX-License-Identifier: GPL-3.0-or-later
"""The wall-layout model: validation, operations, observers and JSON round-trip."""

from __future__ import annotations

import pytest

from layouts import Cell, ChangeKind, Direction, Layout, LayoutChange, LayoutError, preset


def test_overlapping_cells_are_refused() -> None:
    with pytest.raises(LayoutError, match="overlap"):
        Layout("bad", 2, 2, [Cell(0, 0, 2, 2), Cell(1, 1)])


@pytest.mark.parametrize(
    "cell",
    [Cell(0, 2), Cell(-1, 0), Cell(1, 1, 2, 1), Cell(0, 0, 0, 1), Cell(0, 0, 1, 0)],
)
def test_cells_outside_the_grid_or_without_span_are_refused(cell: Cell) -> None:
    with pytest.raises(LayoutError):
        Layout("bad", 2, 2, [cell])


def test_empty_or_degenerate_grids_are_refused() -> None:
    with pytest.raises(LayoutError):
        Layout("bad", 0, 2, [Cell(0, 0)])
    with pytest.raises(LayoutError):
        Layout("bad", 1, 1, [])


def test_user_made_layout_round_trips_through_json() -> None:
    wall = Layout("Phòng trực ban", 2, 3, [Cell(0, 0, 2, 2, "cam01"), Cell(0, 2), Cell(1, 2)])
    wall.assign(2, "cam07")
    again = Layout.from_json(wall.to_json())
    assert again.to_dict() == wall.to_dict()
    assert again.cameras() == ["cam01", None, "cam07"]
    assert again.name == "Phòng trực ban"


@pytest.mark.parametrize("text", ["not json", "[]", '{"name": "x"}', '{"name":"x","rows":1}'])
def test_bad_json_is_a_layout_error(text: str) -> None:
    with pytest.raises(LayoutError):
        Layout.from_json(text)


def test_assign_swap_clear_notify_observers() -> None:
    wall = preset("2x2")
    changes: list[LayoutChange] = []
    unsubscribe = wall.subscribe(changes.append)
    wall.assign(0, "cam01")
    wall.assign(3, "cam04")
    wall.assign(3, "cam04")  # no change, no notification
    wall.swap(0, 3)
    assert wall.cameras() == ["cam04", None, None, "cam01"]
    wall.clear(0)
    wall.clear()
    assert wall.cameras() == [None] * 4
    assert [c.kind for c in changes] == [
        ChangeKind.ASSIGNED,
        ChangeKind.ASSIGNED,
        ChangeKind.SWAPPED,
        ChangeKind.CLEARED,
        ChangeKind.CLEARED,
    ]
    assert changes[2].cells == (0, 3)
    unsubscribe()
    wall.assign(1, "cam02")
    assert len(changes) == 5


def test_out_of_range_cells_raise() -> None:
    wall = preset("1")
    with pytest.raises(IndexError):
        wall.assign(1, "cam01")
    with pytest.raises(IndexError):
        wall.swap(0, 5)


def test_changing_preset_keeps_cameras_in_order() -> None:
    wall = preset("2x2")
    for i, cam in enumerate(["cam01", None, "cam03", "cam04"]):
        wall.assign(i, cam)
    seen: list[LayoutChange] = []
    wall.subscribe(seen.append)
    assert wall.reshape(preset("1+5")) == []
    assert wall.name == "1+5"
    assert wall.cameras() == ["cam01", "cam03", "cam04", None, None, None]
    assert seen[-1].kind is ChangeKind.RESHAPED
    dropped = wall.reshape(preset("1"))
    assert wall.cameras() == ["cam01"]
    assert dropped == ["cam03", "cam04"]


def test_arrow_key_neighbours_follow_spans() -> None:
    wall = preset("1+5")  # big 2×2 at top-left, 5 small cells around it
    big = 0
    assert wall.cells[big].row_span == 2
    right = wall.neighbour(big, Direction.RIGHT)
    assert wall.cells[right].col == 2
    below = wall.neighbour(big, Direction.DOWN)
    assert wall.cells[below].row == 2
    assert wall.neighbour(big, Direction.LEFT) == big
    assert wall.neighbour(big, Direction.UP) == big
    assert wall.neighbour(right, Direction.LEFT) == big
    bottom_right = wall.cell_at(2, 2)
    assert bottom_right is not None
    assert wall.neighbour(bottom_right, Direction.RIGHT) == bottom_right


def test_grid_and_queries() -> None:
    wall = Layout.grid(2, 3)
    assert len(wall) == 6
    assert wall.cell_at(1, 2) == 5
    wall.assign(4, "cam09")
    assert wall.index_of("cam09") == 4
    assert wall.index_of("nope") is None
    copy = wall.copy("khác")
    copy.assign(4, None)
    assert wall.cameras()[4] == "cam09"


def test_featured_layouts_made_by_the_operator() -> None:
    seven = Layout.featured(4, 4, 3)
    assert len(seven) == 8 and seven.cells[0].row_span == 3 and seven.cells[0].col_span == 3
    assert Layout.featured(4, 4, 3).to_dict()["cells"] == preset("1+7").to_dict()["cells"]
    assert len(Layout.featured(2, 5)) == 10  # no large tile: a plain grid
    restored = Layout.from_json(Layout.featured(6, 6, 4).to_json())
    assert len(restored) == 1 + 36 - 16
    with pytest.raises(LayoutError):
        Layout.featured(3, 3, 4)
    with pytest.raises(LayoutError):
        Layout.featured(9, 1)
