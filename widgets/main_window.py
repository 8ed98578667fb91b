# SPDX-License-Identifier: GPL-3.0-or-later
"""The console's main window: the video wall, hub connection state, the signed-in user.

It only shows states and emits intents; a controller in ``console/`` talks to the hub.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from layouts.builtin import preset
from widgets.player import TilePlayer, VideoPlayer
from widgets.wall import WallView

CONNECTED_COLOUR = "#1b5e20"
LOST_COLOUR = "#b3261e"


class MainWindow(QMainWindow):
    """Operator window with the wall (2×2 to start) and a status bar.

    Signals:
        logoutRequested(): the operator chose "Log out".
        closed(): the window was closed (the console ends).
    """

    logoutRequested = Signal()
    closed = Signal()

    def __init__(
        self,
        player_factory: Callable[[], TilePlayer] = VideoPlayer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("vwall — Video wall"))
        self.wall = WallView(preset("2x2"), self, player_factory=player_factory)
        self.setCentralWidget(self.wall)
        self.logout_action = QAction(self.tr("Log out"), self)
        self.logout_action.triggered.connect(self.logoutRequested)
        toolbar = self.addToolBar(self.tr("Session"))
        toolbar.setObjectName("sessionToolbar")
        toolbar.setMovable(False)
        toolbar.addAction(self.logout_action)
        self.hub_label = QLabel(self)
        self.user_label = QLabel(self)
        self.statusBar().addWidget(self.hub_label, 1)
        self.statusBar().addPermanentWidget(self.user_label)
        self.resize(1024, 680)

    def set_hub_state(self, url: str, connected: bool) -> None:
        """Show the hub address and whether it answers."""
        state = self.tr("Connected") if connected else self.tr("Connection lost")
        colour = CONNECTED_COLOUR if connected else LOST_COLOUR
        self.hub_label.setText(self.tr("Hub %1: %2").replace("%1", url).replace("%2", state))
        self.hub_label.setStyleSheet(f"color: {colour};")

    def hub_state_text(self) -> str:
        """The hub line on show."""
        return self.hub_label.text()

    def set_user(self, name: str) -> None:
        """Show the signed-in user."""
        self.user_label.setText(self.tr("User: %1").replace("%1", name))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.wall.shutdown()
        self.closed.emit()
        super().closeEvent(event)
