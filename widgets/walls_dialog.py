# SPDX-License-Identifier: GPL-3.0-or-later
"""The saved-walls dialog: save the wall under a name, open, share, delete, push.

Plain data in (:class:`WallEntry`, :class:`DisplayEntry`), intents out as signals: the
dialog never talks to the hub (``console/walls.py`` does).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

CURRENT_WALL = -1  # pushRequested's wall id for "what my wall shows now"


@dataclass(frozen=True)
class WallEntry:
    """A saved wall as the list shows it."""

    id: int
    name: str
    owner: str
    shared: bool
    editable: bool


@dataclass(frozen=True)
class DisplayEntry:
    """A display the operator may push to."""

    id: int
    name: str


class WallsDialog(QDialog):
    """Saved walls of the operator and of their unit.

    Signals:
        saveRequested(name, shared): save the current wall under ``name``.
        openRequested(wall_id): put a saved wall on the wall.
        shareRequested(wall_id, shared): share with my unit, or stop sharing.
        deleteRequested(wall_id): delete one of my walls.
        pushRequested(display_id, wall_id): show a saved wall (or, with
            :data:`CURRENT_WALL`, the current wall) on a display.
    """

    saveRequested = Signal(str, bool)
    openRequested = Signal(int)
    shareRequested = Signal(int, bool)
    deleteRequested = Signal(int)
    pushRequested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Saved walls"))
        self._walls: list[WallEntry] = []
        layout = QVBoxLayout(self)

        save_row = QHBoxLayout()
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(self.tr("Name of the current wall"))
        self.name_edit.setMaxLength(100)
        self.share_check = QCheckBox(self.tr("Share with my unit"), self)
        self.save_button = QPushButton(self.tr("Save"), self)
        save_row.addWidget(self.name_edit, 1)
        save_row.addWidget(self.share_check)
        save_row.addWidget(self.save_button)
        layout.addLayout(save_row)

        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Saved walls"))
        layout.addWidget(self.list, 1)

        buttons = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open"), self)
        self.share_button = QPushButton(self.tr("Share with my unit"), self)
        self.unshare_button = QPushButton(self.tr("Stop sharing"), self)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        for button in (self.open_button, self.share_button, self.unshare_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout.addLayout(buttons)

        push_row = QHBoxLayout()
        push_row.addWidget(QLabel(self.tr("Display:"), self))
        self.display_combo = QComboBox(self)
        self.push_button = QPushButton(self.tr("Show selected wall"), self)
        self.push_current_button = QPushButton(self.tr("Show current wall"), self)
        push_row.addWidget(self.display_combo, 1)
        push_row.addWidget(self.push_button)
        push_row.addWidget(self.push_current_button)
        layout.addLayout(push_row)

        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)

        self.save_button.clicked.connect(self._save)
        self.name_edit.returnPressed.connect(self._save)
        self.open_button.clicked.connect(lambda: self._with_selected(self.openRequested.emit))
        self.list.itemDoubleClicked.connect(lambda _item: self.open_button.click())
        self.share_button.clicked.connect(
            lambda: self._with_selected(lambda wid: self.shareRequested.emit(wid, True))
        )
        self.unshare_button.clicked.connect(
            lambda: self._with_selected(lambda wid: self.shareRequested.emit(wid, False))
        )
        self.delete_button.clicked.connect(lambda: self._with_selected(self.deleteRequested.emit))
        self.push_button.clicked.connect(lambda: self._with_selected(lambda wid: self._push(wid)))
        self.push_current_button.clicked.connect(lambda: self._push(CURRENT_WALL))
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.name_edit.textChanged.connect(lambda _text: self._update_buttons())
        self._update_buttons()

    # -- data in -----------------------------------------------------------------------

    def set_walls(self, walls: list[WallEntry]) -> None:
        """Show these walls (mine first, then shared ones), keeping the selection."""
        keep = self.selected_wall_id()
        self._walls = sorted(walls, key=lambda w: (not w.editable, w.name.casefold(), w.id))
        self.list.clear()
        for wall in self._walls:
            text = wall.name
            if wall.shared:
                text += "  " + self.tr("(shared)")
            if not wall.editable:
                text += "  — " + wall.owner
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, wall.id)
            if wall.id == keep:
                self.list.setCurrentItem(item)
        self._update_buttons()

    def set_displays(self, displays: list[DisplayEntry]) -> None:
        """The displays the operator may push to."""
        self.display_combo.clear()
        for display in displays:
            self.display_combo.addItem(display.name, display.id)
        self._update_buttons()

    def show_error(self, text: str | None) -> None:
        """Show (or, with None, hide) a translated error under the list."""
        self.error_label.setText(text or "")
        self.error_label.setVisible(bool(text))

    def selected_wall_id(self) -> int | None:
        """The selected wall's id, if any."""
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def select_wall(self, wall_id: int) -> None:
        """Select a wall by id."""
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == wall_id:
                self.list.setCurrentRow(row)
                return

    # -- intents ----------------------------------------------------------------------

    def _entry(self, wall_id: int | None) -> WallEntry | None:
        return next((w for w in self._walls if w.id == wall_id), None)

    def _save(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            self.show_error(self.tr("Give the wall a name."))
            return
        self.show_error(None)
        self.saveRequested.emit(name, self.share_check.isChecked())

    def _with_selected(self, action: object) -> None:
        wall_id = self.selected_wall_id()
        if wall_id is None:
            self.show_error(self.tr("Select a wall first."))
            return
        self.show_error(None)
        assert callable(action)
        action(wall_id)

    def _push(self, wall_id: int) -> None:
        display_id = self.display_combo.currentData()
        if display_id is None:
            self.show_error(self.tr("No display to show it on."))
            return
        self.pushRequested.emit(int(display_id), wall_id)

    def _update_buttons(self) -> None:
        entry = self._entry(self.selected_wall_id())
        self.save_button.setEnabled(bool(self.name_edit.text().strip()))
        self.open_button.setEnabled(entry is not None)
        mine = entry is not None and entry.editable
        self.share_button.setEnabled(mine and entry is not None and not entry.shared)
        self.unshare_button.setEnabled(mine and entry is not None and entry.shared)
        self.delete_button.setEnabled(mine)
        has_display = self.display_combo.count() > 0
        self.push_button.setEnabled(entry is not None and has_display)
        self.push_current_button.setEnabled(has_display)
