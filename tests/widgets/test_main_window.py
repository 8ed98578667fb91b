# SPDX-License-Identifier: GPL-3.0-or-later
"""The main window: tree dock, 2×2 wall, toolbar, hub state and user, lock screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from layouts.builtin import PRESET_NAMES
from tests.widgets.still_player import StillPlayer
from widgets.main_window import CONNECTED_COLOUR, LOST_COLOUR, MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_wall_status_and_logout_intent(qtbot: QtBot) -> None:
    window = MainWindow(StillPlayer)
    qtbot.addWidget(window)
    window.show()
    assert [window.wall.tile(i).status_text() for i in range(4)] == ["Kéo camera vào đây"] * 4
    window.set_hub_state("http://127.0.0.1:8470", True)
    window.set_user("alice")
    assert window.hub_state_text() == "Máy chủ (hub) http://127.0.0.1:8470: Đã kết nối"
    assert CONNECTED_COLOUR in window.hub_label.styleSheet()
    window.set_hub_state("http://127.0.0.1:8470", False)
    assert window.hub_state_text().endswith("Mất kết nối")
    assert LOST_COLOUR in window.hub_label.styleSheet()
    assert window.user_label.text() == "Người dùng: alice"
    # The whole status line fits beside the user at the default size, in Vietnamese.
    assert window.hub_label.sizeHint().width() + window.user_label.sizeHint().width() < (
        window.statusBar().width()
    )
    with qtbot.waitSignal(window.logoutRequested):
        window.logout_action.trigger()
    with qtbot.waitSignal(window.closed):
        window.close()


def test_tree_dock_toolbar_hooks_and_presets(qtbot: QtBot) -> None:
    window = MainWindow(StillPlayer)
    qtbot.addWidget(window)
    window.show()
    assert window.tree_dock.widget() is window.camera_tree
    assert window.dockWidgetArea(window.tree_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    panel = QLabel("PTZ")
    dock = window.add_dock(panel, "PTZ", Qt.DockWidgetArea.RightDockWidgetArea)
    assert dock.widget() is panel
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert list(window.layout_actions) == list(PRESET_NAMES)
    with qtbot.waitSignal(window.layoutRequested) as blocker:
        window.layout_actions["1+5"].trigger()
    assert blocker.args == ["1+5"]
    window.set_layout_name("3x3")
    assert window.layout_actions["3x3"].isChecked()
    assert window.layout_button.text().endswith("3×3")
    window.close()


def test_watermark_full_screen_and_screens(qtbot: QtBot) -> None:
    window = MainWindow(StillPlayer)
    qtbot.addWidget(window)
    window.set_user("alice")
    window.show()
    with qtbot.waitSignal(window.watermarkToggled) as blocker:
        window.watermark_action.trigger()
    assert blocker.args == [True]
    assert all(tile.watermark == "alice" for tile in window.wall.tiles)
    window.set_watermark(False)
    assert all(tile.watermark is None for tile in window.wall.tiles)
    window.fullscreen_action.trigger()
    qtbot.waitUntil(window.isFullScreen)
    assert not window.toolbar.isVisible() and not window.tree_dock.isVisible()
    assert window.wall.isVisible()
    window.set_full_screen(False)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert window.toolbar.isVisible() and window.tree_dock.isVisible()
    assert window.statusBar().isVisible()
    window.screen_menu.aboutToShow.emit()
    screens = QGuiApplication.screens()
    assert len(window.screen_menu.actions()) == len(screens)
    window.move_to_screen(len(screens) - 1)
    window.move_to_screen(99)  # no such screen: nothing happens
    window.close()


def test_lock_covers_everything_and_asks_for_both_factors(qtbot: QtBot) -> None:
    window = MainWindow(StillPlayer)
    qtbot.addWidget(window)
    window.set_user("alice")
    window.show()
    with qtbot.waitSignal(window.lockRequested):
        window.lock_action.trigger()
    window.lock()
    assert window.locked and window.lock_overlay.geometry() == window.rect()
    assert not window.wall.updatesEnabled()
    overlay = window.lock_overlay
    assert "alice" in overlay.user_label.text()
    overlay.password_edit.setText("pw")
    with qtbot.assertNotEmitted(overlay.unlockRequested):
        overlay.unlock_button.click()  # no code yet
    assert overlay.error_label.text()
    overlay.code_edit.setText("123456")
    with qtbot.waitSignal(overlay.unlockRequested) as blocker:
        overlay.unlock_button.click()
    assert blocker.args == ["pw", "123456"]
    assert not overlay.unlock_button.isEnabled()  # busy while the hub answers
    overlay.refused("wrong")
    assert overlay.error_label.text() == "wrong" and overlay.code_edit.text() == ""
    window.resize(900, 600)
    qtbot.waitUntil(lambda: overlay.geometry() == window.rect())
    with qtbot.waitSignal(window.logoutRequested):
        overlay.logout_button.click()
    window.unlock()
    assert not window.locked and window.wall.updatesEnabled()
    window.close()
