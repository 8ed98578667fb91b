# SPDX-License-Identifier: GPL-3.0-or-later
"""The saved-walls dialog: lists, buttons by ownership, intents out as signals."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from widgets.walls_dialog import CURRENT_WALL, DisplayEntry, WallEntry, WallsDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

MINE = WallEntry(1, "Cổng chính", "Tôi", shared=False, editable=True)
MINE_SHARED = WallEntry(2, "Ca đêm", "Tôi", shared=True, editable=True)
THEIRS = WallEntry(3, "Chung của đơn vị", "Nguyễn Văn A", shared=True, editable=False)


@pytest.fixture
def dialog(qtbot: QtBot) -> WallsDialog:
    d = WallsDialog()
    qtbot.addWidget(d)
    d.set_walls([THEIRS, MINE, MINE_SHARED])
    d.set_displays([DisplayEntry(7, "Màn hình phòng họp")])
    d.show()
    return d


def test_mine_first_then_shared_with_owner(dialog: WallsDialog) -> None:
    rows = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert rows[0].startswith("Ca đêm") and rows[1].startswith("Cổng chính")
    assert rows[2].startswith("Chung của đơn vị") and rows[2].endswith("Nguyễn Văn A")


def test_buttons_follow_ownership_and_share_state(dialog: WallsDialog) -> None:
    dialog.select_wall(THEIRS.id)
    assert dialog.open_button.isEnabled() and dialog.push_button.isEnabled()
    assert not dialog.delete_button.isEnabled() and not dialog.share_button.isEnabled()
    dialog.select_wall(MINE.id)
    assert dialog.share_button.isEnabled() and not dialog.unshare_button.isEnabled()
    dialog.select_wall(MINE_SHARED.id)
    assert dialog.unshare_button.isEnabled() and not dialog.share_button.isEnabled()
    assert dialog.delete_button.isEnabled()


def test_intents(qtbot: QtBot, dialog: WallsDialog) -> None:
    dialog.select_wall(MINE.id)
    with qtbot.waitSignal(dialog.openRequested) as opened:
        dialog.open_button.click()
    assert opened.args == [MINE.id]
    with qtbot.waitSignal(dialog.shareRequested) as shared:
        dialog.share_button.click()
    assert shared.args == [MINE.id, True]
    with qtbot.waitSignal(dialog.deleteRequested) as deleted:
        dialog.delete_button.click()
    assert deleted.args == [MINE.id]
    with qtbot.waitSignal(dialog.pushRequested) as pushed:
        dialog.push_button.click()
    assert pushed.args == [7, MINE.id]
    with qtbot.waitSignal(dialog.pushRequested) as pushed:
        dialog.push_current_button.click()
    assert pushed.args == [7, CURRENT_WALL]
    qtbot.keyClicks(dialog.name_edit, "Giao ban")
    dialog.share_check.setChecked(True)
    with qtbot.waitSignal(dialog.saveRequested) as saved:
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert saved.args == ["Giao ban", True]


def test_no_name_or_no_display_is_said(dialog: WallsDialog) -> None:
    dialog.name_edit.setText("   ")
    dialog._save()
    assert dialog.error_label.isVisible() and dialog.error_label.text()
    dialog.set_displays([])
    assert not dialog.push_button.isEnabled() and not dialog.push_current_button.isEnabled()
    dialog.show_error(None)
    assert not dialog.error_label.isVisible()
