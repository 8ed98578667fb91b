# SPDX-License-Identifier: GPL-3.0-or-later
"""The idle-lock screen: covers the whole main window and asks for password + code.

The wall keeps playing underneath (hidden, not painted): unlocking is instant, with no
new grants and no wait for key frames, and the grants keep being renewed, so an
operator returning to a busy wall sees it live at once. Nothing of the picture shows
through: the overlay is opaque and the wall's painting is switched off while locked.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

BACKGROUND = "#101418"
ERROR_COLOUR = "#ff8a80"


class LockOverlay(QWidget):
    """An opaque cover over its parent window with an unlock form.

    Signals:
        unlockRequested(password, code): the operator asks to unlock.
        logoutRequested(): the operator chose to log out from the lock screen.
    """

    unlockRequested = Signal(str, str)
    logoutRequested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, BACKGROUND)
        palette.setColor(QPalette.ColorRole.WindowText, Qt.GlobalColor.white)
        self.setPalette(palette)
        self.setAccessibleName(self.tr("Console locked"))
        self.title_label = QLabel(self.tr("The console is locked"), self)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title_label.setFont(font)
        self.user_label = QLabel(self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.code_edit = QLineEdit(self)
        self.code_edit.setMaxLength(20)
        self.code_edit.setPlaceholderText("123456")
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.unlock_button = QPushButton(self.tr("Unlock"), self)
        self.unlock_button.setDefault(True)
        self.logout_button = QPushButton(self.tr("Log out"), self)
        self.unlock_button.clicked.connect(self._unlock)
        self.password_edit.returnPressed.connect(self._unlock)
        self.code_edit.returnPressed.connect(self._unlock)
        self.logout_button.clicked.connect(self.logoutRequested)
        form = QFormLayout()
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow(self.tr("One-time code (OTP)"), self.code_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.logout_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        panel = QFrame(self)
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setMaximumWidth(460)
        inner = QVBoxLayout(panel)
        inner.addWidget(self.title_label)
        inner.addWidget(self.user_label)
        inner.addLayout(form)
        inner.addWidget(self.error_label)
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        parent.installEventFilter(self)
        self.hide()

    @property
    def locked(self) -> bool:
        """Whether the cover is on."""
        return self.isVisible()

    def lock(self, username: str) -> None:
        """Cover the window and ask ``username`` for password + code."""
        self.user_label.setText(self.tr("User: %1").replace("%1", username))
        self.password_edit.clear()
        self.code_edit.clear()
        self.error_label.clear()
        self.set_busy(False)
        self._cover()
        self.show()
        self.raise_()
        self.password_edit.setFocus()

    def unlock(self) -> None:
        """Remove the cover (the hub accepted the password and code)."""
        self.password_edit.clear()
        self.code_edit.clear()
        self.hide()

    def refused(self, message: str) -> None:
        """Show why unlocking failed; the code field is cleared for the next code."""
        self.set_busy(False)
        self.error_label.setText(message)
        self.code_edit.clear()
        self.code_edit.setFocus()

    def set_busy(self, busy: bool) -> None:
        """Disable the form while the hub is asked."""
        for widget in (self.password_edit, self.code_edit, self.unlock_button):
            widget.setEnabled(not busy)

    def _unlock(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        password, code = self.password_edit.text(), self.code_edit.text().strip()
        if not password or not code:
            self.error_label.setText(self.tr("Enter your password and the one-time code."))
            return
        self.set_busy(True)
        self.error_label.clear()
        self.unlockRequested.emit(password, code)

    def _cover(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._cover()
        return False
