# SPDX-License-Identifier: GPL-3.0-or-later
"""A wall display covers the whole screen on a real X server with no window manager.

Kiosk wall PCs often run a bare X session: ``showFullScreen`` alone is a request to a
window manager that is not there, and the window stayed 330×190 in a corner. The display
runs here in a child process on its own Xvfb (no window manager), and X itself (xwininfo)
says where its window is.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hub.testing import wait_until

pytestmark = pytest.mark.skipif(
    shutil.which("Xvfb") is None or shutil.which("xwininfo") is None,
    reason="Xvfb and xwininfo (x11-utils) come with scripts/bootstrap.sh",
)

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import sys
from PySide6.QtWidgets import QApplication
from widgets.display_window import DisplayWindow
app = QApplication([])
window = DisplayWindow()
window.setWindowTitle("vwall-display-under-test")
window.show_message("Màn hình tường đang chờ")
window.show_full_screen()
app.processEvents()
print("shown", flush=True)
from PySide6.QtCore import QSocketNotifier
notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
notifier.activated.connect(app.quit)
app.exec()
"""


def test_the_display_covers_the_screen_without_a_window_manager(bare_x: str) -> None:
    env = {**os.environ, "DISPLAY": bare_x, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "shown", (
            child.stderr.read() if child.stderr else ""
        )

        def geometry() -> tuple[int, int, int, int] | None:
            tree = subprocess.run(
                ["xwininfo", "-display", bare_x, "-root", "-tree"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            for line in tree.splitlines():
                if "vwall-display-under-test" in line:
                    found = re.search(r"(\d+)x(\d+)\+(-?\d+)\+(-?\d+)\s+\+", line)
                    if found:
                        w, h, x, y = (int(v) for v in found.groups())
                        return w, h, x, y
            return None

        wait_until(
            lambda: geometry() == (1920, 1080, 0, 0), timeout=10, what="a full-screen window"
        )
    finally:
        if child.stdin is not None:
            child.stdin.write("quit\n")
            child.stdin.close()
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
