# SPDX-License-Identifier: GPL-3.0-or-later
"""Dialogs of the incident queue: the forced acknowledgement of a critical incident, the
report of a fault / security incident / data leak / abuse, and the texts a life-cycle
step needs (comment, resolution, escalation, reopening) or the person it goes to.

They only collect answers; the console sends them to the hub. Each opens with
:meth:`QDialog.open` (window-modal, the event loop keeps running) and tells its answer
through ``finished``.

The forced acknowledgement is what a control room expects of a critical alarm: it
stays on top of the console until the operator either acknowledges the incident or
defers it *with a reason* (e.g. busy with another emergency). Esc, the window's close
button and Alt+F4 do nothing. A deferral is recorded on the incident as a comment and
the dialog comes back after a few minutes while the incident is still unacknowledged
(the hub's own escalation timer keeps running meanwhile). If someone else acknowledges
it first, the console closes the dialog (:meth:`ForcedAckDialog.settle`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from widgets.incident_labels import IncidentLabels
from widgets.incident_model import REPORTABLE, IncidentRow, local_time

TITLE_MAX = 200
TEXT_MAX = 4000
DEFER_REASON_MAX = 500
_ROLE_ID = Qt.ItemDataRole.UserRole + 1


def _open(dialog: QDialog) -> None:
    parent = dialog.parentWidget()
    dialog.setWindowModality(
        Qt.WindowModality.WindowModal if parent is not None else Qt.WindowModality.ApplicationModal
    )
    dialog.open()


class ForcedAckDialog(QDialog):
    """A critical incident that must be acknowledged (or deferred with a reason).

    ``result()`` after ``finished``: ``Accepted`` (acknowledge), :data:`DEFERRED` (read
    :meth:`defer_reason`) or :data:`SETTLED` (closed by the console: acknowledged
    elsewhere, or the session ended).
    """

    DEFERRED = 2
    SETTLED = 3

    def __init__(
        self, row: IncidentRow, labels: IncidentLabels, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("forcedAckDialog")
        self.row = row
        self._leaving = False
        self.setWindowTitle(self.tr("Critical incident — acknowledgement required"))
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        banner = QLabel("⚠ " + labels.priority_text(row.priority).upper(), self)
        banner.setObjectName("forcedAckBanner")
        banner.setStyleSheet(
            "background: #b3261e; color: white; font-weight: bold; font-size: 16px; padding: 6px;"
        )
        title = QLabel(f"#{row.id} — {row.title}", self)
        title.setObjectName("forcedAckTitle")
        title.setWordWrap(True)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        facts = QFormLayout()
        facts.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for label, value in (
            (self.tr("Category:"), labels.category_text(row.category)),
            (self.tr("Camera:"), row.camera_name),
            (self.tr("Area:"), row.territory_name),
            (self.tr("Duty unit:"), row.unit_name),
            (self.tr("First event:"), local_time(row.first_event_at)),
        ):
            if value:
                text = QLabel(value, self)
                text.setWordWrap(True)
                facts.addRow(label, text)
        note = QLabel(
            self.tr(
                "This incident must be acknowledged. If you cannot take it now, defer it "
                "with a reason: the reason is recorded and the alert comes back."
            ),
            self,
        )
        note.setWordWrap(True)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("forcedAckReason")
        self.reason_edit.setMaxLength(DEFER_REASON_MAX)
        self.reason_edit.setPlaceholderText(self.tr("Reason for deferring (required to defer)"))
        self.ack_button = QPushButton(self.tr("Acknowledge"), self)
        self.ack_button.setObjectName("forcedAckOk")
        self.ack_button.setDefault(True)
        self.ack_button.clicked.connect(self.accept)
        self.defer_button = QPushButton(self.tr("Defer with reason"), self)
        self.defer_button.setObjectName("forcedAckDefer")
        self.defer_button.setEnabled(False)
        self.defer_button.clicked.connect(self.defer)
        self.reason_edit.textChanged.connect(
            lambda text: self.defer_button.setEnabled(bool(text.strip()))
        )
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.ack_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.defer_button, QDialogButtonBox.ButtonRole.ActionRole)
        box = QVBoxLayout(self)
        box.addWidget(banner)
        box.addWidget(title)
        box.addLayout(facts)
        box.addWidget(note)
        box.addWidget(self.reason_edit)
        box.addWidget(buttons)
        self.setMinimumWidth(460)
        self.ack_button.setFocus()

    def defer_reason(self) -> str:
        """Why the operator deferred (trimmed)."""
        return self.reason_edit.text().strip()

    def defer(self) -> None:
        """Leave with the deferral (only with a reason)."""
        if self.defer_reason():
            self._leaving = True
            self.done(self.DEFERRED)

    def settle(self) -> None:
        """The console closes the question (acknowledged elsewhere, session over)."""
        self._leaving = True
        self.done(self.SETTLED)

    def accept(self) -> None:
        self._leaving = True
        super().accept()

    def reject(self) -> None:
        """Esc and the close button: ignored — acknowledge or defer with a reason."""
        self.reason_edit.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._leaving:
            super().closeEvent(event)
        else:
            event.ignore()


def ask_forced_ack(
    parent: QWidget | None, row: IncidentRow, labels: IncidentLabels
) -> ForcedAckDialog:
    """Open the forced acknowledgement of a critical incident."""
    dialog = ForcedAckDialog(row, labels, parent)
    _open(dialog)
    return dialog


class ReportDialog(QDialog):
    """Report a fault, a security incident, a personal-data leak or an abuse.

    ``cameras`` are (camera id, label) the operator may pick from (optional).
    """

    def __init__(
        self,
        labels: IncidentLabels,
        cameras: list[tuple[str, str]],
        camera_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportIncidentDialog")
        self.setWindowTitle(self.tr("Report incident"))
        self.category_box = QComboBox(self)
        self.category_box.setObjectName("reportCategory")
        for key in REPORTABLE:
            self.category_box.addItem(labels.category_text(key), key)
        self.camera_box = QComboBox(self)
        self.camera_box.setObjectName("reportCamera")
        self.camera_box.addItem(self.tr("No camera"), "")
        for key, label in cameras:
            self.camera_box.addItem(label, key)
        if camera_id:
            self.camera_box.setCurrentIndex(max(self.camera_box.findData(camera_id), 0))
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("reportTitle")
        self.title_edit.setMaxLength(TITLE_MAX)
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setObjectName("reportDescription")
        self.description_edit.setPlaceholderText(
            self.tr("What happened, since when, what has been done")
        )
        self.notice_label = QLabel(
            self.tr(
                "A cyber-security incident or a personal data leak must be notified in "
                "writing within 72 hours (TN 11.5)."
            ),
            self,
        )
        self.notice_label.setWordWrap(True)
        self.category_box.currentIndexChanged.connect(self._category_changed)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Category:"), self.category_box)
        form.addRow(self.tr("Camera:"), self.camera_box)
        form.addRow(self.tr("Title:"), self.title_edit)
        form.addRow(self.tr("Description:"), self.description_edit)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(
            self.tr("Report"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName("reportOk")
        self.ok_button.setEnabled(False)
        self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.title_edit.textChanged.connect(lambda t: self.ok_button.setEnabled(bool(t.strip())))
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.notice_label)
        box.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self._category_changed()

    def category(self) -> str:
        """The chosen category key."""
        return str(self.category_box.currentData())

    def camera_id(self) -> str | None:
        """The chosen camera (None: none)."""
        value = self.camera_box.currentData()
        return value if isinstance(value, str) and value else None

    def title(self) -> str:
        """The title, trimmed."""
        return self.title_edit.text().strip()

    def description(self) -> str:
        """The description, trimmed, at most :data:`TEXT_MAX` characters."""
        return self.description_edit.toPlainText().strip()[:TEXT_MAX]

    def fill(self, category: str, title: str, description: str = "", camera_id: str = "") -> None:
        """Fill the form (tests, a prepared report)."""
        self.category_box.setCurrentIndex(max(self.category_box.findData(category), 0))
        self.camera_box.setCurrentIndex(max(self.camera_box.findData(camera_id), 0))
        self.title_edit.setText(title)
        self.description_edit.setPlainText(description)

    def accept(self) -> None:
        if self.title():
            super().accept()

    def _category_changed(self) -> None:
        self.notice_label.setVisible(self.category() in ("security_incident", "data_leak"))


class IncidentTextDialog(QDialog):
    """A text a step needs: a comment, a resolution, why it is escalated or reopened.

    ``units`` (escalation only): (unit id, name) to escalate to; the first choice is the
    parent unit (the hub's default).
    """

    def __init__(
        self,
        title: str,
        prompt: str,
        ok_text: str,
        parent: QWidget | None = None,
        units: list[tuple[int, str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("incidentTextDialog")
        self.setWindowTitle(title)
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setObjectName("incidentText")
        self.unit_box: QComboBox | None = None
        box = QVBoxLayout(self)
        box.addWidget(label)
        box.addWidget(self.text_edit, 1)
        if units is not None:
            self.unit_box = QComboBox(self)
            self.unit_box.setObjectName("escalateUnit")
            self.unit_box.addItem(self.tr("The parent unit"), 0)
            for unit_id, name in units:
                self.unit_box.addItem(name, unit_id)
            form = QFormLayout()
            form.addRow(self.tr("Escalate to:"), self.unit_box)
            box.addLayout(form)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("incidentTextOk")
        self.ok_button.setEnabled(False)
        self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.text_edit.textChanged.connect(lambda: self.ok_button.setEnabled(bool(self.text())))
        box.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def text(self) -> str:
        """The text, trimmed, at most :data:`TEXT_MAX` characters."""
        return self.text_edit.toPlainText().strip()[:TEXT_MAX]

    def unit_id(self) -> int | None:
        """The unit chosen to escalate to (None: the parent unit)."""
        if self.unit_box is None:
            return None
        value = self.unit_box.currentData()
        return value if isinstance(value, int) and value > 0 else None

    def accept(self) -> None:
        if self.text():
            super().accept()


class AssignDialog(QDialog):
    """Whom the incident goes to: ``assignees`` are (user id, name) the hub offers."""

    def __init__(self, assignees: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assignDialog")
        self.setWindowTitle(self.tr("Assign incident"))
        label = QLabel(self.tr("Give the incident to:"), self)
        self.people = QListWidget(self)
        self.people.setObjectName("assignees")
        for user_id, name in assignees:
            item = QListWidgetItem(name)
            item.setData(_ROLE_ID, user_id)
            self.people.addItem(item)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(
            self.tr("Assign"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName("assignOk")
        self.ok_button.setEnabled(False)
        self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.people.currentRowChanged.connect(lambda row: self.ok_button.setEnabled(row >= 0))
        self.people.itemDoubleClicked.connect(lambda _item: self.accept())
        box = QVBoxLayout(self)
        box.addWidget(label)
        box.addWidget(self.people, 1)
        if not assignees:
            box.addWidget(QLabel(self.tr("Nobody can take this incident."), self))
        box.addWidget(self.buttons)
        self.setMinimumWidth(360)

    def choose(self, user_id: int) -> None:
        """Select a person (tests, keyboard)."""
        for row in range(self.people.count()):
            item = self.people.item(row)
            if item is not None and item.data(_ROLE_ID) == user_id:
                self.people.setCurrentRow(row)

    def user_id(self) -> int | None:
        """The chosen person."""
        item = self.people.currentItem()
        value = item.data(_ROLE_ID) if item is not None else None
        return value if isinstance(value, int) else None

    def accept(self) -> None:
        if self.user_id() is not None:
            super().accept()


def open_dialog(dialog: QDialog) -> QDialog:
    """Open any of these dialogs window-modal (non-blocking); returns it."""
    _open(dialog)
    return dialog
