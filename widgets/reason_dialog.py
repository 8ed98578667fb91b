# SPDX-License-Identifier: GPL-3.0-or-later
"""The question a central (IOC) operator answers before opening a dedicated system (TN 6.2).

The dialog only collects the answer (one of the hub's reason codes and a free note); the
console asks the hub again with it. It is opened window-modal with :meth:`QDialog.open`,
so the event loop keeps running; its ``finished`` signal carries the answer.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

# The hub's reason codes (hub.contracts.AccessReason), in the order of TN 6.2.
EMERGENCY = "emergency_ordered_by_provincial_leaders"
TECHNICAL_FAULT = "technical_fault_handling"
WRITTEN_REQUEST = "competent_authority_written_request"
REASON_CODES = (EMERGENCY, TECHNICAL_FAULT, WRITTEN_REQUEST)
NOTE_MAX = 500  # what the hub keeps of the note


class _ChoiceText(QLabel):
    """A radio button's text that wraps (Vietnamese reasons are long); a click on it
    chooses the button."""

    def __init__(self, text: str, button: QRadioButton, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.button = button
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setBuddy(button)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.button.setChecked(True)
        self.button.setFocus()
        event.accept()


class AccessReasonDialog(QDialog):
    """TN 6.2: why the operator opens a camera of a dedicated system.

    ``reason()`` is the chosen code (``None`` until one is chosen; OK stays disabled until
    then), ``note()`` the free text (e.g. the written request's number).
    """

    def __init__(
        self, camera: str, reasons: list[str] | None = None, parent: QWidget | None = None
    ) -> None:
        """Args:
        camera: the camera as the operator knows it (code and name).
        reasons: the reason codes the hub accepts (unknown ones are shown as codes);
            ``None`` shows the three of TN 6.2.
        """
        super().__init__(parent)
        self.setObjectName("accessReasonDialog")
        self.setWindowTitle(self.tr("Reason for access"))
        intro = QLabel(
            self.tr(
                "%1 belongs to a dedicated system. Under the regulation the central "
                "operator may open it only for one of these reasons, which is recorded "
                "in the audit trail."
            ).replace("%1", camera),
            self,
        )
        intro.setObjectName("reasonIntro")
        intro.setWordWrap(True)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for code in reasons if reasons else list(REASON_CODES):
            button = QRadioButton(self)
            button.setObjectName(f"reason_{code}")
            button.setProperty("reasonCode", code)
            button.setAccessibleName(self._label(code))
            self.group.addButton(button)
            row = QHBoxLayout()
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(_ChoiceText(self._label(code), button, self), 1)
            layout.addLayout(row)
        note_label = QLabel(self.tr("Details (document number, order, fault ticket):"), self)
        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("reasonNote")
        self.note_edit.setMaxLength(NOTE_MAX)
        self.note_edit.setPlaceholderText(self.tr("e.g. written request no. 12/CV-CAT"))
        note_label.setBuddy(self.note_edit)
        layout.addWidget(note_label)
        layout.addWidget(self.note_edit)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(
            self.tr("Open the camera"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName("reasonOk")
        self.ok_button.setEnabled(False)
        cancel = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("reasonCancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.group.buttonToggled.connect(lambda *_: self.ok_button.setEnabled(self.has_reason()))
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def _label(self, code: str) -> str:
        # TN 6.2 in the regulation's own words.
        if code == EMERGENCY:
            return self.tr("Emergency command and direction by the provincial leaders")
        if code == TECHNICAL_FAULT:
            return self.tr("Mandatory technical work to handle a connection fault")
        if code == WRITTEN_REQUEST:
            return self.tr("Written request of a competent state authority, or as the law requires")
        return code

    def has_reason(self) -> bool:
        """Whether a reason is chosen."""
        return self.group.checkedButton() is not None

    def reason(self) -> str | None:
        """The chosen reason's code."""
        button = self.group.checkedButton()
        code = button.property("reasonCode") if button is not None else None
        return code if isinstance(code, str) else None

    def note(self) -> str:
        """The free text, trimmed."""
        return self.note_edit.text().strip()

    def choose(self, code: str, note: str = "") -> None:
        """Fill the dialog (tests, a remembered answer)."""
        for button in self.group.buttons():
            button.setChecked(button.property("reasonCode") == code)
        self.note_edit.setText(note)

    def accept(self) -> None:
        """OK only with a reason."""
        if self.has_reason():
            super().accept()


def ask_access_reason(
    parent: QWidget | None, camera: str, reasons: list[str] | None = None
) -> AccessReasonDialog:
    """Open (window-modal, not blocking) the TN 6.2 question; its ``finished`` signal says
    the answer (``Accepted``: read :meth:`AccessReasonDialog.reason` and ``note``)."""
    dialog = AccessReasonDialog(camera, reasons, parent)
    dialog.setWindowModality(
        Qt.WindowModality.WindowModal if parent is not None else Qt.WindowModality.ApplicationModal
    )
    dialog.open()
    return dialog
