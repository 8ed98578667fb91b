# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for widget tests: Vietnamese UI, and streams served by the hub's media relay."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from camsim.process import FleetProcess
from i18n.catalog import install_translator
from tests.widgets.relay import TsRelay


@pytest.fixture(scope="session", autouse=True)
def vietnamese_ui(qapp: QApplication) -> Iterator[None]:
    """The UI language of every widget test is the default one, Vietnamese."""
    install_translator(qapp, "vi")
    yield


@pytest.fixture(scope="module")
def ts_relay(camsim_fleet: FleetProcess) -> Iterator[TsRelay]:
    """A relay of camera 1's sub stream shared by a test module."""
    relay = TsRelay(camsim_fleet.rtsp_url(camsim_fleet.cameras[0]["id"], "sub")).start()
    try:
        yield relay
    finally:
        relay.stop()


@pytest.fixture
def own_relay(camsim_fleet: FleetProcess) -> Iterator[TsRelay]:
    """A relay of camera 2's sub stream that a test may kill and restart."""
    relay = TsRelay(camsim_fleet.rtsp_url(camsim_fleet.cameras[1]["id"], "sub")).start()
    try:
        yield relay
    finally:
        relay.stop()


@pytest.fixture
def bare_x() -> Iterator[str]:
    """An Xvfb server (1920×1080) with no window manager; yields its DISPLAY."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as numbers:
        number = numbers.readline().strip()
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)
