# SPDX-License-Identifier: GPL-3.0-or-later
"""The wall-layout model: a grid of cells with spans and a camera per cell, no Qt."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

MAX_GRID = 8  # rows or columns of a user-made layout


class LayoutError(ValueError):
    """A layout that cannot exist: overlapping cells, cells outside the grid, bad spans."""


class Direction(Enum):
    """Arrow-key directions for moving the selection across the wall."""

    LEFT = (0, -1)
    RIGHT = (0, 1)
    UP = (-1, 0)
    DOWN = (1, 0)


class ChangeKind(Enum):
    """What changed in a layout, so an observer can redraw only what it must."""

    ASSIGNED = "assigned"
    SWAPPED = "swapped"
    CLEARED = "cleared"
    RESHAPED = "reshaped"


@dataclass(frozen=True)
class LayoutChange:
    """One change notification: its kind and the indices of the cells it touched."""

    kind: ChangeKind
    cells: tuple[int, ...]


Observer = Callable[[LayoutChange], None]


@dataclass(frozen=True)
class Cell:
    """A rectangle of the grid and the camera it shows (None: empty)."""

    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    camera_id: str | None = None

    def covers(self, row: int, col: int) -> bool:
        """Whether the grid position (row, col) lies inside this cell."""
        return (
            self.row <= row < self.row + self.row_span
            and self.col <= col < self.col + self.col_span
        )

    def to_dict(self) -> dict[str, Any]:
        """The cell as JSON-ready data (spans and camera only when set)."""
        data: dict[str, Any] = {"row": self.row, "col": self.col}
        if self.row_span != 1:
            data["row_span"] = self.row_span
        if self.col_span != 1:
            data["col_span"] = self.col_span
        if self.camera_id is not None:
            data["camera_id"] = self.camera_id
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cell:
        """A cell from :meth:`to_dict` data.

        Raises:
            LayoutError: a field is missing or of the wrong type.
        """
        try:
            camera = data.get("camera_id")
            cell = cls(
                row=int(data["row"]),
                col=int(data["col"]),
                row_span=int(data.get("row_span", 1)),
                col_span=int(data.get("col_span", 1)),
                camera_id=None if camera is None else str(camera),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise LayoutError(f"bad cell {data!r}: {exc}") from exc
        return cell


@dataclass(eq=False)
class Layout:
    """A wall layout: a ``rows``×``cols`` grid and its cells, in reading order.

    Cells are addressed by index (reading order: by row, then column). Mutating
    operations notify observers registered with :meth:`subscribe`; the Qt wall is one.
    """

    name: str
    rows: int
    cols: int
    cells: list[Cell]
    _observers: list[Observer] = field(default_factory=list, repr=False, init=False)

    def __post_init__(self) -> None:
        self.cells = sorted(self.cells, key=lambda c: (c.row, c.col))
        self.validate()

    # -- validation --------------------------------------------------------------

    def validate(self) -> None:
        """Check the geometry.

        Raises:
            LayoutError: grid smaller than 1×1, a span below 1, a cell outside the
                grid, or two cells covering the same position.
        """
        if self.rows < 1 or self.cols < 1:
            raise LayoutError(f"grid must be at least 1×1, got {self.rows}×{self.cols}")
        if not self.cells:
            raise LayoutError("a layout needs at least one cell")
        taken: dict[tuple[int, int], int] = {}
        for index, cell in enumerate(self.cells):
            if cell.row_span < 1 or cell.col_span < 1:
                raise LayoutError(f"cell {index}: spans must be ≥ 1")
            if (
                cell.row < 0
                or cell.col < 0
                or cell.row + cell.row_span > self.rows
                or cell.col + cell.col_span > self.cols
            ):
                raise LayoutError(f"cell {index} lies outside the {self.rows}×{self.cols} grid")
            for r in range(cell.row, cell.row + cell.row_span):
                for c in range(cell.col, cell.col + cell.col_span):
                    if (r, c) in taken:
                        raise LayoutError(f"cells {taken[(r, c)]} and {index} overlap at {r},{c}")
                    taken[(r, c)] = index

    # -- observers ---------------------------------------------------------------

    def subscribe(self, observer: Observer) -> Callable[[], None]:
        """Call ``observer`` after every change; returns a function that unsubscribes."""
        self._observers.append(observer)

        def unsubscribe() -> None:
            if observer in self._observers:
                self._observers.remove(observer)

        return unsubscribe

    def _notify(self, kind: ChangeKind, cells: Iterable[int]) -> None:
        change = LayoutChange(kind, tuple(cells))
        for observer in list(self._observers):
            observer(change)

    # -- queries -----------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.cells)

    def cameras(self) -> list[str | None]:
        """The camera of every cell, in cell order."""
        return [cell.camera_id for cell in self.cells]

    def cell_at(self, row: int, col: int) -> int | None:
        """The index of the cell covering grid position (row, col), if any."""
        for index, cell in enumerate(self.cells):
            if cell.covers(row, col):
                return index
        return None

    def index_of(self, camera_id: str) -> int | None:
        """The first cell showing ``camera_id``, if any."""
        for index, cell in enumerate(self.cells):
            if cell.camera_id == camera_id:
                return index
        return None

    def neighbour(self, index: int, direction: Direction) -> int:
        """The cell the selection moves to from ``index`` with an arrow key.

        It steps from the cell's edge in ``direction``, scanning along the edge for the
        first covered position; at the wall's edge (or facing a hole) it stays put.
        """
        cell = self.cells[index]
        d_row, d_col = direction.value
        if d_col:
            col = cell.col + cell.col_span if d_col > 0 else cell.col - 1
            candidates = [(r, col) for r in range(cell.row, cell.row + cell.row_span)]
        else:
            row = cell.row + cell.row_span if d_row > 0 else cell.row - 1
            candidates = [(row, c) for c in range(cell.col, cell.col + cell.col_span)]
        for r, c in candidates:
            if 0 <= r < self.rows and 0 <= c < self.cols:
                found = self.cell_at(r, c)
                if found is not None:
                    return found
        return index

    # -- operations --------------------------------------------------------------

    def _check_index(self, index: int) -> None:
        if not 0 <= index < len(self.cells):
            raise IndexError(f"no cell {index} in layout {self.name!r}")

    def assign(self, index: int, camera_id: str | None) -> None:
        """Show ``camera_id`` in cell ``index`` (None empties it)."""
        self._check_index(index)
        if self.cells[index].camera_id == camera_id:
            return
        self.cells[index] = replace(self.cells[index], camera_id=camera_id)
        self._notify(ChangeKind.ASSIGNED, [index])

    def swap(self, a: int, b: int) -> None:
        """Exchange the cameras of cells ``a`` and ``b`` (the geometry stays)."""
        self._check_index(a)
        self._check_index(b)
        if a == b:
            return
        cam_a, cam_b = self.cells[a].camera_id, self.cells[b].camera_id
        self.cells[a] = replace(self.cells[a], camera_id=cam_b)
        self.cells[b] = replace(self.cells[b], camera_id=cam_a)
        self._notify(ChangeKind.SWAPPED, [a, b])

    def clear(self, index: int | None = None) -> None:
        """Empty one cell, or every cell when ``index`` is None."""
        targets = range(len(self.cells)) if index is None else [index]
        changed = []
        for i in targets:
            self._check_index(i)
            if self.cells[i].camera_id is not None:
                self.cells[i] = replace(self.cells[i], camera_id=None)
                changed.append(i)
        if changed:
            self._notify(ChangeKind.CLEARED, changed)

    def reshape(self, other: Layout) -> list[str]:
        """Take the geometry of ``other`` (a preset), keeping the cameras in order.

        Cameras fill the new cells in reading order, empty cells are skipped; cameras
        that no longer fit are returned (most recent geometry wins).

        Returns:
            The camera ids that did not fit in the new geometry.
        """
        cameras = [cam for cam in self.cameras() if cam is not None]
        cameras += [cam for cam in other.cameras() if cam is not None and cam not in cameras]
        new_cells = [replace(cell, camera_id=None) for cell in other.cells]
        for i, cam in enumerate(cameras[: len(new_cells)]):
            new_cells[i] = replace(new_cells[i], camera_id=cam)
        candidate = Layout(other.name, other.rows, other.cols, new_cells)
        self.name, self.rows, self.cols, self.cells = (
            candidate.name,
            candidate.rows,
            candidate.cols,
            candidate.cells,
        )
        self._notify(ChangeKind.RESHAPED, range(len(self.cells)))
        return cameras[len(new_cells) :]

    # -- JSON --------------------------------------------------------------------

    def copy(self, name: str | None = None) -> Layout:
        """An independent copy (no observers), optionally renamed."""
        return Layout(name or self.name, self.rows, self.cols, list(self.cells))

    def to_dict(self) -> dict[str, Any]:
        """The layout as JSON-ready data."""
        return {
            "name": self.name,
            "rows": self.rows,
            "cols": self.cols,
            "cells": [cell.to_dict() for cell in self.cells],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Layout:
        """A layout from :meth:`to_dict` data.

        Raises:
            LayoutError: missing fields or an invalid geometry.
        """
        try:
            cells = [Cell.from_dict(item) for item in data["cells"]]
            return cls(str(data["name"]), int(data["rows"]), int(data["cols"]), cells)
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, LayoutError):
                raise
            raise LayoutError(f"bad layout data: {exc}") from exc

    def to_json(self) -> str:
        """The layout as a JSON document."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Layout:
        """A layout from a JSON document (see :meth:`to_json`).

        Raises:
            LayoutError: not JSON, or not a valid layout.
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise LayoutError(f"layout is not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise LayoutError("layout JSON must be an object")
        return cls.from_dict(data)

    @classmethod
    def grid(cls, rows: int, cols: int, name: str | None = None) -> Layout:
        """A plain ``rows``×``cols`` grid of single cells (a user-made layout start)."""
        cells = [Cell(r, c) for r in range(rows) for c in range(cols)]
        return cls(name or f"{rows}x{cols}", rows, cols, cells)

    @classmethod
    def featured(cls, rows: int, cols: int, big: int = 0, name: str | None = None) -> Layout:
        """A user-made layout: a ``rows``×``cols`` grid whose top-left ``big``×``big``
        cells are one large tile (``big`` 0 or 1: a plain grid), e.g. 4×4 with a 3×3
        tile is 1+7.

        Raises:
            LayoutError: a grid outside 1×1…8×8, or a large tile that does not fit.
        """
        if not (1 <= rows <= MAX_GRID and 1 <= cols <= MAX_GRID):
            raise LayoutError(f"a grid has 1 to {MAX_GRID} rows and columns")
        if big > min(rows, cols) or big < 0:
            raise LayoutError("the large tile must fit in the grid")
        if big <= 1:
            return cls.grid(rows, cols, name)
        cells = [Cell(0, 0, big, big)]
        cells += [Cell(r, c) for r in range(rows) for c in range(cols) if r >= big or c >= big]
        return cls(name or f"{rows}x{cols}+{big}", rows, cols, cells)
