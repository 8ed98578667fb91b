# SPDX-License-Identifier: GPL-3.0-or-later
"""The window of a wall display PC (``vwall --display``): one wall, full screen, or a
message on black (waiting for a wall, revoked).

It has no operator controls on purpose — no PTZ, no export, no camera tree: a display
is view-only. A controller in ``console/display.py`` decides what it shows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QGuiApplication
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

    def show_full_screen(self) -> None:
        """Cover the whole screen the window is on, with or without a window manager.

        ``showFullScreen`` asks the window manager (``_NET_WM_STATE_FULLSCREEN``); a wall PC
        often runs no window manager at all (a kiosk X session), and then the request is
        ignored and the window keeps its small default size in a corner. So the window also
        takes the screen's geometry itself, without a frame, and follows the screen when
        its resolution changes.
        """
        screen = self.screen() or QGuiApplication.primaryScreen()
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        if screen is not None:
            self.setGeometry(screen.geometry())
            screen.geometryChanged.connect(self._screen_resized)
        self.showFullScreen()

    def _screen_resized(self, geometry: QRect) -> None:
        if self.isFullScreen() or self.windowFlags() & Qt.WindowType.FramelessWindowHint:
            self.setGeometry(geometry)

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
