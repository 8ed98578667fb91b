# SPDX-License-Identifier: GPL-3.0-or-later
"""The window of a wall display PC (``vwall --display``): one wall, full screen, or a
message on black (waiting for a wall, revoked).

It has no operator controls on purpose — no PTZ, no export, no camera tree: a display
is view-only. A controller in ``console/display.py`` decides what it shows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from layouts import Layout
from widgets.player import TilePlayer, VideoPlayer
from widgets.wall import WallView


class DisplayWindow(QWidget):
    """A full-screen wall, or a centred message on black."""

    def __init__(
        self,
        player_factory: Callable[[], TilePlayer] = VideoPlayer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._player_factory = player_factory
        self._wall: WallView | None = None
        self.setWindowTitle(self.tr("vwall display"))
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), Qt.GlobalColor.black)
        palette.setColor(self.foregroundRole(), Qt.GlobalColor.white)
        self.setPalette(palette)
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self.message_label = QLabel(self)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: white; background: black;")
        font = QFont(self.message_label.font())
        font.setPointSize(28)
        self.message_label.setFont(font)
        self._stack.addWidget(self.message_label)
        self.show_message(self.tr("Waiting for a wall…"))

    @property
    def wall(self) -> WallView | None:
        """The wall on screen, if any (None while a message shows)."""
        return self._wall

    @property
    def message(self) -> str | None:
        """The message on screen, if no wall shows."""
        return self.message_label.text() if self._wall is None else None

    def show_wall(self, layout: Layout, names: dict[str, str] | None = None) -> WallView:
        """Replace what shows by a new wall of ``layout`` (the previous one stops at once)."""
        self._drop_wall()
        wall = WallView(layout, self, self._player_factory)
        wall.set_camera_names(names or {})
        self._stack.addWidget(wall)
        self._stack.setCurrentWidget(wall)
        self._wall = wall
        return wall

    def show_message(self, text: str) -> None:
        """Blank the screen at once (every player stops) and show ``text``."""
        self._drop_wall()
        self.message_label.setText(text)
        self._stack.setCurrentWidget(self.message_label)

    def _drop_wall(self) -> None:
        wall, self._wall = self._wall, None
        if wall is not None:
            wall.shutdown()
            self._stack.removeWidget(wall)
            wall.hide()
            wall.deleteLater()
