# SPDX-License-Identifier: GPL-3.0-or-later
"""Start-up: the login window shows before the embedded hub answers, then points at it."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import qasync
from pytestqt.qtbot import QtBot

from console.app import ConsoleApp
from console.embedded import EmbeddedStack, StackRunner
from console.settings import WorkstationSettings
from tests.console.conftest import MemoryKeyring

# Offscreen top-level windows always say this; nothing else may warn.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_login_window_waits_for_the_embedded_hub_then_uses_it(
    qtbot: QtBot, qloop: qasync.QEventLoop, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    console = ConsoleApp("", WorkstationSettings())
    qtbot.addWidget(console.dialog)
    runner = StackRunner(EmbeddedStack(data_dir=tmp_path)).start()
    try:
        console.start()
        console.await_embedded_stack(runner, qloop)
        # On show at once, busy, saying what it waits for.
        assert console.dialog.isVisible()
        assert not console.dialog.pages.isEnabled()
        assert console.dialog.status.text() == "Đang khởi động máy chủ điều hành cục bộ…"
        qtbot.waitUntil(lambda: console.dialog.url_edit.text() != "", timeout=60_000)
        assert console.dialog.pages.isEnabled()
        url = console.dialog.url_edit.text()
        assert url == runner.stack.hub_url
        assert httpx.get(f"{url}/api/health", timeout=10).status_code == 200
        children = runner.stack.children()
        assert children
    finally:
        runner.stop()
    assert runner.stack.children() == []
