# SPDX-License-Identifier: GPL-3.0-or-later
"""The main window shows the 2×2 wall, the hub state and the user, and asks to log out."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

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
