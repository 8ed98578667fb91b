# SPDX-License-Identifier: GPL-3.0-or-later
"""The custom layout dialog builds the layout the operator describes and previews it."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from tests.widgets.still_player import StillPlayer
from widgets.layout_dialog import CustomLayoutDialog
from widgets.main_window import MainWindow

# Offscreen top-level windows always say this; nothing else may warn.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_rows_columns_and_large_tile(qtbot: QtBot) -> None:
    dialog = CustomLayoutDialog()
    qtbot.addWidget(dialog)
    dialog.rows.setValue(4)
    dialog.cols.setValue(5)
    dialog.big.setValue(3)
    layout = dialog.chosen()
    assert (layout.rows, layout.cols, len(layout)) == (4, 5, 1 + 20 - 9)
    assert dialog.preview.layout_shown is not None and len(dialog.preview.layout_shown) == 12
    dialog.rows.setValue(2)  # the large tile shrinks to fit
    assert dialog.big.value() == 2 and len(dialog.chosen()) == 1 + 10 - 4


def test_the_main_window_emits_the_chosen_layout(qtbot: QtBot) -> None:
    window = MainWindow(StillPlayer)
    qtbot.addWidget(window)
    window.choose_custom_layout()
    dialog = window.findChild(CustomLayoutDialog)
    assert dialog is not None
    dialog.rows.setValue(2)
    dialog.cols.setValue(3)
    with qtbot.waitSignal(window.customLayoutRequested) as emitted:
        dialog.accept()
    assert len(emitted.args[0]) == 6
