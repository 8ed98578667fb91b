# SPDX-License-Identifier: GPL-3.0-or-later
"""The render path is chosen once at start-up from what OpenGL is (GPU only where it is
hardware-accelerated) and the diagnostics window says which, and why."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from tests.widgets.still_player import StillPlayer
from widgets import render_path
from widgets.diagnostics_dialog import DiagnosticsDialog
from widgets.main_window import MainWindow
from widgets.render_path import RenderPath, choose_render_path, is_software

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def fresh_choice() -> Iterator[None]:
    render_path.reset_for_tests()
    yield
    render_path.reset_for_tests()


@pytest.mark.parametrize(
    ("renderer", "software"),
    [
        ("llvmpipe (LLVM 15.0.6, 256 bits)", True),
        ("softpipe", True),
        ("Mesa Intel(R) UHD Graphics 630 (CFL GT2)", False),
        ("NVIDIA GeForce GTX 1650/PCIe/SSE2", False),
        ("AMD Radeon RX 580 (polaris10, LLVM 15.0.6, DRM 3.49, 6.1.0-13-amd64)", False),
        ("SwiftShader Device (Subzero)", True),
    ],
)
def test_software_renderers_are_told_from_hardware_ones(renderer: str, software: bool) -> None:
    assert is_software(renderer) is software


def test_without_opengl_the_raster_path_is_chosen_and_said(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(render_path.ENV, raising=False)
    choice = choose_render_path()  # offscreen: no OpenGL context
    assert (choice.path, choice.gl_renderer, choice.forced) == (RenderPath.RASTER, None, False)
    assert choose_render_path() is choice  # once per process
    dialog = DiagnosticsDialog("https://hub.tinh.local:8443")
    qtbot.addWidget(dialog)
    rows = dict(dialog.rows())
    assert rows["Cách vẽ video"].startswith("CPU")
    assert rows["Lý do"] == "Không có OpenGL"
    assert rows["Máy chủ (hub)"] == "https://hub.tinh.local:8443"
    assert rows["Nền tảng Qt"] == "offscreen"
    dialog.copy()
    clipboard = QGuiApplication.clipboard()
    assert clipboard is not None and "Cách vẽ video: CPU" in clipboard.text()


def test_asking_for_opengl_where_there_is_none_falls_back_to_raster(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(render_path.ENV, "opengl")
    choice = choose_render_path()
    assert choice.path is RenderPath.RASTER and not choice.forced


def test_the_main_window_opens_diagnostics_with_its_hub(qtbot: QtBot) -> None:
    choose_render_path()
    window = MainWindow(player_factory=StillPlayer)
    qtbot.addWidget(window)
    window.set_hub_state("https://hub-a.tinh.local:8443", True)
    window.diagnostics_action.trigger()
    dialogs = window.findChildren(DiagnosticsDialog)
    assert len(dialogs) == 1
    assert dict(dialogs[0].rows())["Máy chủ (hub)"] == "https://hub-a.tinh.local:8443"
    dialogs[0].close()
