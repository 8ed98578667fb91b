# SPDX-License-Identifier: GPL-3.0-or-later
""" "Verify a package…": choose an evidence package file, optionally the fingerprint of
the hub key to trust, and read the outcome — intact (green) or every problem found, one
per line, with the key that signed it and the time-stamp.

The check itself runs in the console (off the GUI thread); this dialog only asks
(``verifyRequested``, ``chooseRequested``) and shows what it is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

INTACT_STYLE = "color: #1b7f3b; font-weight: bold;"
BROKEN_STYLE = "color: #b3261e; font-weight: bold;"


@dataclass(frozen=True)
class VerifyOutcome:
    """What a check found, in the operator's words."""

    ok: bool
    headline: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fingerprint: str = ""
    time: str = ""


class VerifyDialog(QDialog):
    """Choose a package, check it, read the outcome.

    Signals:
        chooseRequested(): pick the package file.
        verifyRequested(str, str): check a package (path, trusted fingerprint or "").
    """

    chooseRequested = Signal()
    verifyRequested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verifyDialog")
        self.setWindowTitle(self.tr("Verify a package…").rstrip("…"))
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("verifyPath")
        self.path_edit.textChanged.connect(lambda _t: self._refresh())
        self.choose_button = QPushButton(self.tr("C&hoose…"), self)
        self.choose_button.setObjectName("verifyChoose")
        self.choose_button.clicked.connect(self.chooseRequested.emit)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.choose_button)
        self.key_edit = QLineEdit(self)
        self.key_edit.setObjectName("verifyTrustedKey")
        self.key_edit.setPlaceholderText("sha256:…")
        self.key_note = QLabel(self)
        self.key_note.setWordWrap(True)
        self.key_note.setObjectName("verifyKeyNote")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        path_label = QLabel(self.tr("&Package:"), self)
        path_label.setBuddy(self.path_edit)
        form.addRow(path_label, path_row)
        form.addRow(self.tr("Trusted key fingerprint"), self.key_edit)
        form.addRow("", self.key_note)
        self.headline = QLabel(self)
        self.headline.setObjectName("verifyHeadline")
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = QListWidget(self)
        self.problems.setObjectName("verifyProblems")
        self.problems.setWordWrap(True)
        self.details = QLabel(self)
        self.details.setObjectName("verifyDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(self)
        self.verify_button = self.buttons.addButton(
            self.tr("&Verify"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.verify_button.setObjectName("verifyRun")
        self.verify_button.setDefault(True)
        self.verify_button.clicked.connect(self._verify)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.headline)
        box.addWidget(self.problems, 1)
        box.addWidget(self.details)
        box.addStretch(1)  # takes the room while no problem list shows
        box.addWidget(self.buttons)
        self._box = box
        self.setMinimumSize(620, 420)
        self.busy = False
        self.outcome: VerifyOutcome | None = None
        self.show_outcome(None)

    # -- public API ---------------------------------------------------------------------

    def set_path(self, path: str) -> None:
        """The package file chosen."""
        self.path_edit.setText(path)

    def set_trusted(self, fingerprint: str, note: str) -> None:
        """Fill the trusted key (the hub's, when connected) and say where it came from."""
        if not self.key_edit.text().strip():
            self.key_edit.setText(fingerprint)
        self.key_note.setText(note)

    def set_busy(self, busy: bool, text: str = "") -> None:
        """A check is running (the button waits), with a line saying so."""
        self.busy = busy
        if busy:
            self.headline.setStyleSheet("")
            self.headline.setText(text)
            self.problems.clear()
            self.details.clear()
        self._refresh()

    def show_outcome(self, outcome: VerifyOutcome | None) -> None:
        """Show what a check found (None: nothing yet)."""
        self.outcome = outcome
        self.problems.clear()
        if outcome is None:
            self.headline.clear()
            self.details.clear()
            self._show_problems(False)
            self._refresh()
            return
        self.headline.setText(outcome.headline)
        self.headline.setStyleSheet(INTACT_STYLE if outcome.ok else BROKEN_STYLE)
        self.problems.addItems(outcome.problems)
        self._show_problems(bool(outcome.problems))
        lines = []
        if outcome.fingerprint:
            lines.append(self.tr("Signed with key %1").replace("%1", outcome.fingerprint))
        if outcome.time:
            lines.append(self.tr("Time-stamp: %1").replace("%1", outcome.time))
        lines.extend(outcome.notes)
        self.details.setText("\n".join(lines))
        # A fingerprint does not break: give each line room to wrap once.
        self.details.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 * len(lines))
        self.busy = False
        self._refresh()

    def _show_problems(self, shown: bool) -> None:
        self.problems.setVisible(shown)
        self._box.setStretch(self._box.count() - 2, 0 if shown else 1)

    # -- intents --------------------------------------------------------------------------

    def _refresh(self) -> None:
        self.verify_button.setEnabled(bool(self.path_edit.text().strip()) and not self.busy)

    def _verify(self) -> None:
        path = self.path_edit.text().strip()
        if path and not self.busy:
            self.verifyRequested.emit(path, self.key_edit.text().strip())
