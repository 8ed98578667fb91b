# SPDX-License-Identifier: GPL-3.0-or-later
"""The video wall: renders a :class:`layouts.Layout` as a grid of video tiles.

The wall observes its layout and never changes it: drops, swaps and reconnects are
re-emitted as intents for a controller (in ``console/``) to act on, which then edits
the layout; the wall follows. While one tile is maximised the others are hidden but
their players keep playing, so going back is instant (no wait for a key frame); a
controller that prefers to save the decoding can stop them on ``maximisedChanged``.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QWidget

from layouts import ChangeKind, Direction, Layout, LayoutChange
from widgets.player import TilePlayer, VideoPlayer
from widgets.video_tile import VideoTile

_ARROWS = {
    Qt.Key.Key_Left: Direction.LEFT,
    Qt.Key.Key_Right: Direction.RIGHT,
    Qt.Key.Key_Up: Direction.UP,
    Qt.Key.Key_Down: Direction.DOWN,
}
SUB, MAIN = "sub", "main"
SMOOTH_MAX_TILES = 9


class WallView(QWidget):
    """A grid of :class:`VideoTile` following a layout model.

    Keys: arrows move the selection, Enter maximises the selected tile, Esc goes back;
    a double-click toggles maximise.

    Signals:
        cameraDropped(cell, camera_id): a camera was dropped on a cell.
        swapRequested(a, b): the operator dragged tile ``a`` onto tile ``b``.
        selectionChanged(cell): the selected cell changed.
        maximisedChanged(cell): a cell was maximised (-1: back to the grid).
        streamProfileWanted(cell, profile): ``"main"`` when a cell became large
            (maximised or a 1×1 wall), ``"sub"`` when it became small again.
        reconnectRequested(cell, attempt): a tile's stream stalled (fetch a new grant).
    """

    cameraDropped = Signal(int, str)
    swapRequested = Signal(int, int)
    selectionChanged = Signal(int)
    maximisedChanged = Signal(int)
    streamProfileWanted = Signal(int, str)
    reconnectRequested = Signal(int, int)

    def __init__(
        self,
        layout: Layout,
        parent: QWidget | None = None,
        player_factory: Callable[[], TilePlayer] = VideoPlayer,
    ) -> None:
        super().__init__(parent)
        self._model = layout
        self._player_factory = player_factory
        self._tiles: list[VideoTile] = []
        self._names: dict[str, str] = {}
        self._profiles: dict[int, str] = {}
        self._selected = 0
        self._maximised = -1
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(2)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Video wall"))
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), Qt.GlobalColor.black)
        self.setPalette(palette)
        # A weak subscription: the model must not keep a discarded wall alive in a
        # reference cycle that Python's collector would break at a random moment.
        on_change = weakref.WeakMethod(self._on_change)

        def observe(change: LayoutChange) -> None:
            method = on_change()
            if method is not None:
                method(change)

        self._unsubscribe = layout.subscribe(observe)
        self._rebuild()

    # -- public API -------------------------------------------------------------

    @property
    def model(self) -> Layout:
        """The layout this wall renders."""
        return self._model

    @property
    def tiles(self) -> list[VideoTile]:
        """The tiles, in cell order."""
        return list(self._tiles)

    def tile(self, cell: int) -> VideoTile:
        """The tile showing cell ``cell``."""
        return self._tiles[cell]

    @property
    def selected(self) -> int:
        """The selected cell."""
        return self._selected

    @property
    def maximised(self) -> int:
        """The maximised cell, or -1 when the whole grid shows."""
        return self._maximised

    def profile_for(self, cell: int) -> str:
        """The stream profile the cell wants now, ``"main"`` or ``"sub"``."""
        return self._profiles.get(cell, SUB)

    def set_camera_names(self, names: dict[str, str]) -> None:
        """Display names of cameras by id (the overlay shows them)."""
        self._names = dict(names)
        for tile in self._tiles:
            if tile.camera_id is not None:
                tile.set_camera(tile.camera_id, self._names.get(tile.camera_id, ""))

    def set_watermark(self, text: str | None) -> None:
        """Watermark every tile (operator name and time)."""
        for tile in self._tiles:
            tile.set_watermark(text)

    def select(self, cell: int) -> None:
        """Move the selection to ``cell``."""
        if not 0 <= cell < len(self._tiles) or cell == self._selected:
            return
        self._tiles[self._selected].set_selected(False)
        self._selected = cell
        self._tiles[cell].set_selected(True)
        self.selectionChanged.emit(cell)

    def maximise(self, cell: int) -> None:
        """Show only ``cell``, filling the wall."""
        if not 0 <= cell < len(self._tiles) or cell == self._maximised:
            return
        if self._maximised >= 0:
            self.restore()
        self.select(cell)
        self._maximised = cell
        for index, tile in enumerate(self._tiles):
            tile.setVisible(index == cell)
        tile = self._tiles[cell]
        self._grid.removeWidget(tile)
        self._grid.addWidget(tile, 0, 0, self._model.rows, self._model.cols)
        self.maximisedChanged.emit(cell)
        self._update_profiles()

    def restore(self) -> None:
        """Back from a maximised tile to the whole grid."""
        if self._maximised < 0:
            return
        self._maximised = -1
        self._place_tiles()
        self.maximisedChanged.emit(-1)
        self._update_profiles()

    def toggle_maximise(self, cell: int) -> None:
        """Maximise ``cell``, or go back when it is the maximised one."""
        if self._maximised == cell:
            self.restore()
        else:
            self.maximise(cell)

    def shutdown(self) -> None:
        """Stop every player and stop observing the layout (before discarding the wall)."""
        self._unsubscribe()
        for tile in self._tiles:
            tile.close_player()

    # -- model observation --------------------------------------------------------

    def _on_change(self, change: LayoutChange) -> None:
        if change.kind is ChangeKind.SWAPPED:
            a, b = change.cells
            self._tiles[a].exchange_stream(self._tiles[b])
        self._rebuild(place=change.kind is ChangeKind.RESHAPED)

    def _rebuild(self, place: bool = True) -> None:
        count = len(self._model.cells)
        while len(self._tiles) > count:
            tile = self._tiles.pop()
            self._grid.removeWidget(tile)
            tile.close_player()
            tile.deleteLater()
        while len(self._tiles) < count:
            tile = VideoTile(len(self._tiles), self, self._player_factory)
            tile.cameraDropped.connect(self.cameraDropped)
            tile.swapRequested.connect(self.swapRequested)
            tile.reconnectRequested.connect(self.reconnectRequested)
            tile.clicked.connect(self._on_tile_clicked)
            tile.doubleClicked.connect(self.toggle_maximise)
            self._tiles.append(tile)
        for cell, tile in zip(self._model.cells, self._tiles, strict=True):
            if tile.camera_id != cell.camera_id:
                tile.set_camera(cell.camera_id, self._names.get(cell.camera_id or "", ""))
        if self._maximised >= count:
            self._maximised = -1
        if self._selected >= count:
            self._selected = 0
        for index, tile in enumerate(self._tiles):
            tile.set_selected(index == self._selected)
        if place:  # only a new geometry moves tiles; assignments just relabel them
            self._place_tiles()
        self._update_profiles()

    def _place_tiles(self) -> None:
        for tile in self._tiles:
            self._grid.removeWidget(tile)
        for r in range(self._grid.rowCount()):
            self._grid.setRowStretch(r, 0)
        for c in range(self._grid.columnCount()):
            self._grid.setColumnStretch(c, 0)
        for r in range(self._model.rows):
            self._grid.setRowStretch(r, 1)
        for c in range(self._model.cols):
            self._grid.setColumnStretch(c, 1)
        if self._maximised >= 0:
            tile = self._tiles[self._maximised]
            self._grid.addWidget(tile, 0, 0, self._model.rows, self._model.cols)
            for index, other in enumerate(self._tiles):
                other.setVisible(index == self._maximised)
            return
        for cell, tile in zip(self._model.cells, self._tiles, strict=True):
            self._grid.addWidget(tile, cell.row, cell.col, cell.row_span, cell.col_span)
            tile.setVisible(True)

    def _update_profiles(self) -> None:
        # Bilinear scaling costs ~1 % of a core per tile: keep it for large tiles only.
        dense = len(self._model.cells) > SMOOTH_MAX_TILES
        for cell, tile in enumerate(self._tiles):
            tile.smooth_scaling = not dense or cell == self._maximised
        whole = len(self._model.cells) == 1
        for cell in range(len(self._tiles)):
            large = whole or cell == self._maximised
            wanted = MAIN if large else SUB
            if self._profiles.get(cell, SUB) != wanted:
                self._profiles[cell] = wanted
                self.streamProfileWanted.emit(cell, wanted)
        for cell in [c for c in self._profiles if c >= len(self._tiles)]:
            del self._profiles[cell]

    # -- keyboard -------------------------------------------------------------------

    def _on_tile_clicked(self, cell: int) -> None:
        self.select(cell)
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in _ARROWS and self._maximised < 0:
            self.select(self._model.neighbour(self._selected, _ARROWS[Qt.Key(key)]))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.maximise(self._selected)
        elif key == Qt.Key.Key_Escape:
            self.restore()
        else:
            super().keyPressEvent(event)
            return
        event.accept()
