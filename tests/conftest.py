# SPDX-License-Identifier: GPL-3.0-or-later
"""Project-wide fixtures: the simulated camera fleet as a real separate process."""

import os
import sys

pytest_plugins = ["camsim.testing"]


_exit_status: list[int] = []


def pytest_sessionfinish(session: object, exitstatus: int) -> None:
    _exit_status.append(int(exitstatus))


def pytest_unconfigure(config: object) -> None:
    """After the summary: if a libVLC player is stuck closing (libVLC 3's SRT input can
    spin for good), end at once; the interpreter's shutdown would crash on it."""
    player = sys.modules.get("widgets.player")
    if player is not None and not player.settle(5.0):
        sys.stdout.flush()
        sys.stderr.write("a libVLC player never stopped; ending the test process at once\n")
        sys.stderr.flush()
        os._exit(_exit_status[-1] if _exit_status else 1)
