# SPDX-License-Identifier: GPL-3.0-or-later
"""The console's main window: camera tree, the video wall, the toolbar and the status bar.

It only shows states and emits intents; controllers in ``console/`` talk to the hub.
Later panels (PTZ, archive, saved walls) plug in with :meth:`MainWindow.add_dock` and
add their buttons to :attr:`MainWindow.toolbar`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QToolBar,
    QToolButton,
    QWidget,
)

from layouts.builtin import PRESET_NAMES, preset
from widgets.camera_tree import CameraTree
from widgets.diagnostics_dialog import DiagnosticsDialog
from widgets.layout_dialog import CustomLayoutDialog
from widgets.lock_overlay import LockOverlay
from widgets.player import TilePlayer, VideoPlayer
from widgets.wall import WallView

CONNECTED_COLOUR = "#1b5e20"
LOST_COLOUR = "#b3261e"


def preset_label(name: str) -> str:
    """How a preset name reads in the menu: ``2x2`` → ``2×2``."""
    return name.replace("x", "×")


class MainWindow(QMainWindow):
    """Operator window: camera tree (left dock), wall (centre), toolbar, status bar.

    Signals:
        logoutRequested(): the operator chose "Log out" (toolbar or lock screen).
        layoutRequested(name): the operator chose a layout preset.
        customLayoutRequested(Layout): the operator made a layout of their own.
        lockRequested(): the operator chose "Lock now".
        clearRequested(cell): empty the selected tile (``cell``) or, with -1, the wall.
        watermarkToggled(on): the watermark was switched on or off.
        closed(): the window was closed (the console ends).
    """

    logoutRequested = Signal()
    layoutRequested = Signal(str)
    customLayoutRequested = Signal(object)
    lockRequested = Signal()
    clearRequested = Signal(int)
    watermarkToggled = Signal(bool)
    closed = Signal()

    def __init__(
        self,
        player_factory: Callable[[], TilePlayer] = VideoPlayer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("vwall — Video wall"))
        self.setDockNestingEnabled(True)
        self._user = ""
        self._shown_bars: list[QWidget] = []
        self.wall = WallView(preset("2x2"), self, player_factory=player_factory)
        self.setCentralWidget(self.wall)
        self.camera_tree = CameraTree(self)
        self.tree_dock = self.add_dock(
            self.camera_tree, self.tr("Cameras"), Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.toolbar: QToolBar = self.addToolBar(self.tr("Wall"))
        self.toolbar.setObjectName("wallToolbar")
        self.toolbar.setMovable(False)
        self._build_layout_menu()
        self.fullscreen_action = QAction(self.tr("Full screen"), self)
        self.fullscreen_action.setCheckable(True)
        self.fullscreen_action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.fullscreen_action.toggled.connect(self.set_full_screen)
        self.addAction(self.fullscreen_action)  # F11 works even with the toolbar hidden
        self.toolbar.addAction(self.fullscreen_action)
        self.screen_menu = QMenu(self.tr("Move to screen"), self)
        self.screen_menu.aboutToShow.connect(self._fill_screen_menu)
        screen_button = QToolButton(self)
        screen_button.setText(self.tr("Screen"))
        screen_button.setMenu(self.screen_menu)
        screen_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.toolbar.addWidget(screen_button)
        self.watermark_action = QAction(self.tr("Watermark"), self)
        self.watermark_action.setCheckable(True)
        self.watermark_action.setToolTip(self.tr("Show your user name and the time over the video"))
        self.watermark_action.toggled.connect(self._watermark_toggled)
        self.toolbar.addAction(self.watermark_action)
        self.clear_action = QAction(self.tr("Clear tile"), self)
        self.clear_action.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        self.clear_action.triggered.connect(lambda: self.clearRequested.emit(self.wall.selected))
        self.addAction(self.clear_action)
        self.toolbar.addAction(self.clear_action)
        self.clear_wall_action = QAction(self.tr("Clear wall"), self)
        self.clear_wall_action.triggered.connect(lambda: self.clearRequested.emit(-1))
        self.toolbar.addAction(self.clear_wall_action)
        self.toolbar.addSeparator()
        self.lock_action = QAction(self.tr("Lock now"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lockRequested)
        self.addAction(self.lock_action)
        self.toolbar.addAction(self.lock_action)
        self.logout_action = QAction(self.tr("Log out"), self)
        self.logout_action.triggered.connect(self.logoutRequested)
        self.toolbar.addAction(self.logout_action)
        self.toolbar.addSeparator()
        self.diagnostics_action = QAction(self.tr("Diagnostics"), self)
        self.diagnostics_action.setToolTip(
            self.tr("Versions, how video is drawn (GPU or CPU), the hub: for support")
        )
        self.diagnostics_action.triggered.connect(self.show_diagnostics)
        self.toolbar.addAction(self.diagnostics_action)
        self._hub_url = ""
        self.hub_label = QLabel(self)
        self.user_label = QLabel(self)
        self.incident_label = QLabel(self)
        self.incident_label.setObjectName("incidentCountsStatus")
        self.statusBar().addWidget(self.hub_label, 1)
        # A warning about the hubs that must stay in sight (a hub refused for its
        # certificate on failover) until the console is connected again: permanent, so
        # neither a passing message nor a refresh failing meanwhile covers it.
        self.hub_warning_label = QLabel(self)
        self.hub_warning_label.setObjectName("hubWarningStatus")
        self.hub_warning_label.setWordWrap(True)
        self.hub_warning_label.setStyleSheet(f"color: {LOST_COLOUR}; font-weight: bold;")
        self.hub_warning_label.hide()
        self.statusBar().addPermanentWidget(self.hub_warning_label, 1)
        self.statusBar().addPermanentWidget(self.incident_label)
        self.statusBar().addPermanentWidget(self.user_label)
        self.lock_overlay = LockOverlay(self)
        self.lock_overlay.logoutRequested.connect(self.logoutRequested)
        self.resize(1280, 760)

    # -- extension hooks ----------------------------------------------------------

    def add_dock(
        self,
        widget: QWidget,
        title: str,
        area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
    ) -> QDockWidget:
        """Add a panel (PTZ, archive, saved walls…) as a dock; returns the dock."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{widget.objectName() or type(widget).__name__}")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        return dock

    # -- states ------------------------------------------------------------------------

    def set_hub_state(self, url: str, connected: bool) -> None:
        """Show the hub address and whether it answers."""
        self._hub_url = url
        state = self.tr("Connected") if connected else self.tr("Connection lost")
        colour = CONNECTED_COLOUR if connected else LOST_COLOUR
        self.hub_label.setText(self.tr("Hub %1: %2").replace("%1", url).replace("%2", state))
        self.hub_label.setStyleSheet(f"color: {colour};")
        if connected:
            self.set_hub_warning(None)

    def show_diagnostics(self) -> DiagnosticsDialog:
        """Open the diagnostics window (non-modal; it is returned for tests)."""
        dialog = DiagnosticsDialog(self._hub_url, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def set_hub_warning(self, text: str | None) -> None:
        """Keep ``text`` in sight in the status bar (``None``: clear it)."""
        self.hub_warning_label.setText(text or "")
        self.hub_warning_label.setToolTip(text or "")
        self.hub_warning_label.setVisible(bool(text))

    def hub_warning_text(self) -> str:
        """The hub warning on show ("" when none)."""
        return self.hub_warning_label.text() if self.hub_warning_label.isVisible() else ""

    def set_incident_counts(self, text: str, urgent: bool) -> None:
        """Show the incident queue's counts; ``urgent`` (critical or overdue ones) in red."""
        self.incident_label.setText(text)
        self.incident_label.setStyleSheet(
            f"color: {LOST_COLOUR}; font-weight: bold;" if urgent else ""
        )

    def hub_state_text(self) -> str:
        """The hub line on show."""
        return self.hub_label.text()

    def set_user(self, name: str) -> None:
        """Show the signed-in user (also the watermark's text)."""
        self._user = name
        self.user_label.setText(self.tr("User: %1").replace("%1", name))
        if self.watermark_action.isChecked():
            self.wall.set_watermark(name)

    def set_watermark(self, on: bool) -> None:
        """Switch the watermark (user name + time over every tile) on or off."""
        self.watermark_action.setChecked(on)  # → _watermark_toggled

    def apply_watermark(self) -> None:
        """Put the watermark (if on) on every tile again, e.g. on tiles a new layout added."""
        on = self.watermark_action.isChecked()
        self.wall.set_watermark(self._user if on and self._user else None)

    def choose_custom_layout(self) -> None:
        """Ask for rows, columns and a large tile; emit the layout if accepted."""
        dialog = CustomLayoutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.customLayoutRequested.emit(dialog.chosen()))
        dialog.open()

    def set_layout_name(self, name: str) -> None:
        """Tick the preset on show (the controller calls this after a reshape)."""
        action = self.layout_actions.get(name)
        if action is not None:
            action.setChecked(True)
        self.layout_button.setText(self.tr("Layout: %1").replace("%1", preset_label(name)))

    def lock(self) -> None:
        """Cover the window with the lock screen; the wall stops painting meanwhile."""
        self.wall.setUpdatesEnabled(False)
        self.lock_overlay.lock(self._user)

    def unlock(self) -> None:
        """Remove the lock screen."""
        self.lock_overlay.unlock()
        self.wall.setUpdatesEnabled(True)
        self.wall.update()

    @property
    def locked(self) -> bool:
        """Whether the lock screen is on."""
        return self.lock_overlay.locked

    def set_full_screen(self, on: bool) -> None:
        """Full screen on or off (F11): only the wall shows; panels, toolbar and status bar
        come back as they were."""
        if self.fullscreen_action.isChecked() != on:
            self.fullscreen_action.setChecked(on)  # re-enters with the same value
            return
        bars: list[QWidget] = [self.toolbar, self.statusBar(), *self.findChildren(QDockWidget)]
        if on:
            self._shown_bars = [bar for bar in bars if bar.isVisible()]
            for bar in self._shown_bars:
                bar.hide()
            self.showFullScreen()
        else:
            for bar in self._shown_bars:
                bar.show()
            self._shown_bars = []
            self.showNormal()

    def move_to_screen(self, index: int) -> None:
        """Move the window (and its wall) to screen ``index`` of ``QGuiApplication.screens()``,
        keeping full screen if it was on."""
        screens = QGuiApplication.screens()
        if not 0 <= index < len(screens):
            return
        screen = screens[index]
        full = self.isFullScreen()
        if full:
            self.showNormal()
        handle = self.windowHandle()
        if handle is not None:
            handle.setScreen(screen)
        area = screen.availableGeometry()
        self.move(area.topLeft())
        if self.width() > area.width() or self.height() > area.height():
            self.resize(min(self.width(), area.width()), min(self.height(), area.height()))
        if full:
            self.showFullScreen()

    # -- building -----------------------------------------------------------------------

    def _build_layout_menu(self) -> None:
        self.layout_menu = QMenu(self.tr("Layout"), self)
        group = QActionGroup(self)
        group.setExclusive(True)
        self.layout_actions: dict[str, QAction] = {}
        for name in PRESET_NAMES:
            action = QAction(preset_label(name), self)
            action.setCheckable(True)
            action.setData(name)
            action.triggered.connect(lambda _=False, n=name: self.layoutRequested.emit(n))
            group.addAction(action)
            self.layout_menu.addAction(action)
            self.layout_actions[name] = action
        self.layout_menu.addSeparator()
        self.custom_layout_action = QAction(self.tr("Custom layout…"), self)
        self.custom_layout_action.triggered.connect(self.choose_custom_layout)
        self.layout_menu.addAction(self.custom_layout_action)
        self.layout_button = QToolButton(self)
        self.layout_button.setMenu(self.layout_menu)
        self.layout_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.toolbar.addWidget(self.layout_button)
        self.set_layout_name(self.wall.model.name)

    def _fill_screen_menu(self) -> None:
        self.screen_menu.clear()
        current = self.screen()
        for index, screen in enumerate(QGuiApplication.screens()):
            size = screen.size()
            text = f"{index + 1}: {screen.name()} ({size.width()}×{size.height()})"
            action = self.screen_menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(screen is current or screen == current)
            action.triggered.connect(lambda _=False, i=index: self.move_to_screen(i))

    def _watermark_toggled(self, on: bool) -> None:
        self.apply_watermark()
        self.watermarkToggled.emit(on)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.wall.shutdown()
        self.closed.emit()
        super().closeEvent(event)
