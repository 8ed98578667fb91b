# SPDX-License-Identifier: GPL-3.0-or-later
"""The console from login to the wall and back: log in, see the wall and the hub state,
log out, and be at the login window again."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
import qasync
import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from console.app import ConsoleApp
from console.settings import SERVICE, WorkstationSettings
from hub.auth import totp
from hub.contracts import Role
from hub.testing import PASSWORD, LiveHub, add_user, seed_province
from tests.console.conftest import MemoryKeyring
from tests.widgets.still_player import StillPlayer
from widgets.login_dialog import LoginPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def console(
    qtbot: QtBot, qloop: qasync.QEventLoop, live: LiveHub, memory_keyring: MemoryKeyring
) -> Iterator[ConsoleApp]:
    app = ConsoleApp(live.url, WorkstationSettings(), player_factory=StillPlayer, poll_ms=200)
    qtbot.addWidget(app.dialog)
    qtbot.addWidget(app.window)
    app.start()
    yield app
    closing = asyncio.ensure_future(app.aclose())
    qtbot.waitUntil(closing.done)
    if shiboken6.isValid(app.window):  # else closed (and its players shut) by qtbot
        app.window.wall.shutdown()


def test_log_in_see_the_wall_and_log_out(
    qtbot: QtBot, console: ConsoleApp, live: LiveHub, memory_keyring: MemoryKeyring
) -> None:
    province = seed_province(live.hub)
    add_user(live.hub, province, "alice", "districtA", [Role.OPERATOR])
    dialog, window = console.dialog, console.window
    assert dialog.isVisible() and not window.isVisible()
    assert dialog.url_edit.text() == live.url  # the hub URL is preset

    live.clock.advance(seconds=totp.STEP_SECONDS)
    dialog.user_edit.setText("alice")
    dialog.password_edit.setText(PASSWORD)
    dialog.code_edit.setText(totp.code_at(province.secrets["alice"], live.clock.now()))
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.isVisible, timeout=10_000)
    assert not dialog.isVisible()
    assert len(window.wall.tiles) == 4  # the 2×2 wall
    assert window.wall.tile(0).status_text() == "Kéo camera vào đây"
    assert window.hub_state_text() == f"Máy chủ (hub) {live.url}: Đã kết nối"
    assert window.user_label.text() == "Người dùng: alice"
    assert window.logout_action.text() == "Đăng xuất"
    window.grab().save("/tmp/vwall_main.png")
    token = memory_keyring.entries[(SERVICE, "session_token")]
    with live.client(token) as http:
        assert http.get("/api/auth/me").status_code == 200

    window.logout_action.trigger()
    qtbot.waitUntil(dialog.isVisible, timeout=10_000)
    assert not window.isVisible()
    assert dialog.page() is LoginPage.LOGIN
    assert dialog.user_edit.text() == "alice" and dialog.password_edit.text() == ""
    assert (SERVICE, "session_token") not in memory_keyring.entries
    with live.client(token) as http:  # the hub ended the session too
        assert http.get("/api/auth/me").status_code == 401


def test_the_status_bar_says_when_the_hub_is_lost(
    qtbot: QtBot, console: ConsoleApp, live: LiveHub
) -> None:
    province = seed_province(live.hub)
    add_user(live.hub, province, "alice", "districtA", [Role.OPERATOR])
    live.clock.advance(seconds=totp.STEP_SECONDS)
    code = totp.code_at(province.secrets["alice"], live.clock.now())
    with qtbot.waitSignal(console.login.loggedIn, timeout=10_000):
        console.login.log_in(live.url, "alice", PASSWORD, code)
    assert console.window.hub_state_text().endswith("Đã kết nối")
    live.stop()
    qtbot.waitUntil(lambda: console.window.hub_state_text().endswith("Mất kết nối"), timeout=10_000)
