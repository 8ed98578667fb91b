# SPDX-License-Identifier: GPL-3.0-or-later
"""Dialogs of extraction: a request to extract a case's footage (standard, written request
of another agency, TN 9.2 fast extraction), an approver's decision on one, and an export
to a registered state-owned storage device.

Like :mod:`widgets.case_dialogs` they only collect answers, by the hub's field names; the
requester completes a fast extraction's dossier (TN 9.2b) or withdraws a request here too.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from widgets.case_dialogs import (
    LINE_MAX,
    SHORT_MAX,
    FormDialog,
    date_of,
    line_edit,
    plain,
    text_box,
)
from widgets.case_labels import FAST_OFFENCES, CaseLabels


class ExtractionDialog(FormDialog):
    """Ask to extract a case's footage. ``fast``: TN 9.2 (offence, emergency, reason and
    purpose mandatory); otherwise the profile's approval chain, or a written request of
    another agency (content, purpose, commitment, the document; DH 12.2d)."""

    def __init__(self, labels: CaseLabels, fast: bool, parent: QWidget | None = None) -> None:
        super().__init__("extractionDialog", "", "", parent)
        self.fast = fast
        self.setWindowTitle(
            self.tr("Fast extraction (TN 9.2)") if fast else self.tr("Request extraction")
        )
        self.ok_button.setText(self.tr("Extract now") if fast else self.tr("Send request"))
        self.purpose_edit = text_box(self, "extractionPurpose")
        self.reason_edit = text_box(self, "extractionReason")
        self.content_edit = text_box(self, "extractionContent")
        self.commitment_edit = text_box(self, "extractionCommitment")
        self.written_box = QCheckBox(self.tr("&Written request of another agency"), self)
        self.agency_edit = line_edit(self, "extractionAgency", LINE_MAX)
        self.document_edit = line_edit(self, "extractionDocument", SHORT_MAX)
        self.document_date = QDateEdit(self)
        self.document_date.setDisplayFormat("dd/MM/yyyy")
        self.document_date.setCalendarPopup(True)
        self.document_date.setDate(QDate.currentDate())
        self.offence_box = QComboBox(self)
        for key in FAST_OFFENCES:
            self.offence_box.addItem(labels.offence_text(key), key)
        self.emergency_box = QCheckBox(self.tr("&This is an emergency"), self)
        if fast:
            self.form.addRow(self.tr("&Situation:"), self.offence_box)
            self.form.addRow("", self.emergency_box)
            self.form.addRow(self.tr("&Reason:"), self.reason_edit)
            self.form.addRow(self.tr("&Purpose:"), self.purpose_edit)
            self.note(
                self.tr(
                    "Without prior approval: the internal dossier is due within 24 "
                    "working hours (TN 9.2b)."
                )
            )
            unused_widgets = (
                self.content_edit,
                self.commitment_edit,
                self.written_box,
                self.agency_edit,
                self.document_edit,
                self.document_date,
            )
            for widget in unused_widgets:
                widget.hide()  # standard and written requests only
            self.watch(self.reason_edit, self.purpose_edit, self.emergency_box)
        else:
            self.form.addRow(self.tr("&Purpose:"), self.purpose_edit)
            self.form.addRow(self.tr("&Content:"), self.content_edit)
            self.form.addRow("", self.written_box)
            self.form.addRow(self.tr("&Agency:"), self.agency_edit)
            self.form.addRow(self.tr("&Document number:"), self.document_edit)
            self.form.addRow(self.tr("Document &date:"), self.document_date)
            self.form.addRow(self.tr("Co&mmitment:"), self.commitment_edit)
            for unused in (self.offence_box, self.emergency_box, self.reason_edit):
                unused.hide()  # fast extraction only
            self.written_box.toggled.connect(self._written)
            self._written(False)
            self.watch(
                self.purpose_edit,
                self.content_edit,
                self.written_box,
                self.agency_edit,
                self.document_edit,
                self.commitment_edit,
            )

    def _written(self, on: bool) -> None:
        for widget in (self.agency_edit, self.document_edit, self.document_date):
            widget.setEnabled(on)

    def answers(self) -> dict[str, Any]:
        """The values entered, by the hub's field names."""
        if self.fast:
            return {
                "offence": str(self.offence_box.currentData()),
                "emergency": self.emergency_box.isChecked(),
                "reason": plain(self.reason_edit),
                "purpose": plain(self.purpose_edit),
            }
        out: dict[str, Any] = {
            "kind": "written_request" if self.written_box.isChecked() else "standard",
            "purpose": plain(self.purpose_edit),
            "content": plain(self.content_edit),
        }
        if plain(self.commitment_edit):
            out["commitment"] = plain(self.commitment_edit)
        if self.written_box.isChecked():
            out["requester_agency"] = self.agency_edit.text().strip()
            out["document_number"] = self.document_edit.text().strip()
            out["document_date"] = date_of(self.document_date.date())
        return out

    def ready(self) -> bool:
        if self.fast:
            # The hub refuses a fast extraction without reason and purpose: the form says
            # so first, but the operator may still send it (the refusal is audited).
            return True
        if not (plain(self.purpose_edit) and plain(self.content_edit)):
            return False
        if self.written_box.isChecked():
            return bool(
                self.agency_edit.text().strip()
                and self.document_edit.text().strip()
                and plain(self.commitment_edit)
            )
        return True


class ApprovalDecisionDialog(FormDialog):
    """An approver endorses or decides an extraction request (``summary``: what it is)."""

    def __init__(self, summary: str, endorsement: bool, parent: QWidget | None = None) -> None:
        super().__init__("approvalDialog", "", "", parent)
        self.setWindowTitle(
            self.tr("Endorse extraction request") if endorsement else self.tr("Decide extraction")
        )
        self.ok_button.setText(self.tr("Record decision"))
        text = QLabel(summary, self)
        text.setWordWrap(True)
        self.approve_radio = QRadioButton(
            self.tr("&Forward to the approver") if endorsement else self.tr("&Approve"), self
        )
        self.approve_radio.setObjectName("approvalApprove")
        self.reject_radio = QRadioButton(self.tr("&Reject"), self)
        self.reject_radio.setObjectName("approvalReject")
        self.note_edit = text_box(self, "approvalNote")
        self.form.addRow(text)
        self.form.addRow("", self.approve_radio)
        self.form.addRow("", self.reject_radio)
        self.form.addRow(self.tr("&Note:"), self.note_edit)
        self.watch(self.approve_radio, self.reject_radio)

    def verdict(self) -> str | None:
        """``approve``, ``reject``, or None when not chosen."""
        if self.approve_radio.isChecked():
            return "approve"
        return "reject" if self.reject_radio.isChecked() else None

    def note_text(self) -> str:
        """The note (trimmed)."""
        return plain(self.note_edit)

    def ready(self) -> bool:
        return self.verdict() is not None


class ExportDialog(FormDialog):
    """Copy the case's raw media to a registered state-owned storage device under an
    approved (or fast) request; to another agency only with its written consent.
    ``requests`` are (request id, label), ``devices`` (identifier, label) of the register.

    The device is the volume the operator chooses ("Choose…" asks, ``volumeRequested``);
    its identifier is read from the device by the console (:meth:`set_volume`), never
    typed, and the hub checks it against the register.

    Signals:
        volumeRequested(): choose the volume to copy to.
    """

    volumeRequested = Signal()

    def __init__(
        self,
        requests: list[tuple[int, str]],
        devices: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("exportDialog", "", "", parent)
        self.setWindowTitle(self.tr("Export to a registered storage device"))
        self.ok_button.setText(self.tr("Export"))
        self.registered = dict(devices)
        self.volume: str | None = None
        self.identifier: str | None = None
        self.request_box = QComboBox(self)
        self.request_box.setObjectName("exportRequest")
        for request_id, label in requests:
            self.request_box.addItem(label, request_id)
        self.volume_edit = QLineEdit(self)
        self.volume_edit.setObjectName("exportVolume")
        self.volume_edit.setReadOnly(True)
        self.volume_button = QPushButton(self.tr("C&hoose…"), self)
        self.volume_button.setObjectName("exportChooseVolume")
        self.volume_button.clicked.connect(self.volumeRequested.emit)
        volume_row = QHBoxLayout()
        volume_row.addWidget(self.volume_edit, 1)
        volume_row.addWidget(self.volume_button)
        self.device_label = QLabel(self.tr("Choose the volume of the device."), self)
        self.device_label.setObjectName("exportDevice")
        self.device_label.setWordWrap(True)
        self.agency_edit = line_edit(self, "exportAgency", LINE_MAX)
        self.consent_edit = line_edit(self, "exportConsent", SHORT_MAX)
        self.consent_date = QDateEdit(self)
        self.consent_date.setDisplayFormat("dd/MM/yyyy")
        self.consent_date.setDate(QDate.currentDate())
        self.form.addRow(self.tr("&Request:"), self.request_box)
        self.form.addRow(self.tr("&Volume:"), volume_row)
        self.form.addRow(self.tr("Device:"), self.device_label)
        self.form.addRow(self.tr("Recipient &agency:"), self.agency_edit)
        self.form.addRow(self.tr("&Consent document:"), self.consent_edit)
        self.form.addRow(self.tr("Consent da&te:"), self.consent_date)
        self.note(
            self.tr(
                "Only to registered state-owned devices (TN 9.2c); the device's "
                "identifier is checked by the hub and every export is logged."
            )
        )
        self.watch(self.request_box)

    def set_volume(self, path: str, identifier: str | None) -> None:
        """The volume chosen and the identifier read from its device (None: unreadable)."""
        self.volume = path
        self.identifier = identifier
        self.volume_edit.setText(path)
        if identifier is None:
            self.device_label.setText(
                self.tr("No identifier could be read from this volume's device.")
            )
        elif identifier in self.registered:
            self.device_label.setText(f"{identifier} — {self.registered[identifier]}")
        else:
            self.device_label.setText(
                self.tr("%1 — not in your unit's register").replace("%1", identifier)
            )
        self.refresh()

    def device_identifier(self) -> str:
        """The identifier read from the chosen volume's device ("" before one)."""
        return self.identifier or ""

    def answers(self) -> dict[str, Any]:
        """The values entered, by the hub's field names."""
        out: dict[str, Any] = {
            "request_id": int(self.request_box.currentData() or 0),
            "device_identifier": self.device_identifier(),
        }
        if self.agency_edit.text().strip():
            out["recipient_agency"] = self.agency_edit.text().strip()
        if self.consent_edit.text().strip():
            out["consent_document_number"] = self.consent_edit.text().strip()
            out["consent_document_date"] = date_of(self.consent_date.date())
        return out

    def ready(self) -> bool:
        return bool(self.request_box.currentData()) and len(self.device_identifier()) >= 4


class DossierDialog(FormDialog):
    """TN 9.2b: the internal dossier of a fast extraction is complete (its reference)."""

    def __init__(self, summary: str, parent: QWidget | None = None) -> None:
        super().__init__("dossierDialog", "", "", parent)
        self.setWindowTitle(self.tr("Complete the dossier"))
        self.ok_button.setText(self.tr("Record"))
        text = QLabel(summary, self)
        text.setWordWrap(True)
        self.reference_edit = line_edit(self, "dossierReference", SHORT_MAX)
        self.note_edit = text_box(self, "dossierNote")
        self.form.addRow(text)
        self.form.addRow(self.tr("&Reference:"), self.reference_edit)
        self.form.addRow(self.tr("&Note:"), self.note_edit)
        self.watch(self.reference_edit)

    def answers(self) -> dict[str, Any]:
        """The values entered, by the hub's field names."""
        return {"reference": self.reference_edit.text().strip(), "note": plain(self.note_edit)}

    def ready(self) -> bool:
        return bool(self.reference_edit.text().strip())


class WithdrawDialog(FormDialog):
    """The requester withdraws a pending extraction request (a reason is required)."""

    def __init__(self, summary: str, parent: QWidget | None = None) -> None:
        super().__init__("withdrawDialog", "", "", parent)
        self.setWindowTitle(self.tr("Withdraw the request"))
        self.ok_button.setText(self.tr("Withdraw"))
        text = QLabel(summary, self)
        text.setWordWrap(True)
        self.reason_edit = text_box(self, "withdrawReason")
        self.form.addRow(text)
        self.form.addRow(self.tr("&Reason:"), self.reason_edit)
        self.watch(self.reason_edit)

    def answers(self) -> dict[str, Any]:
        """The values entered, by the hub's field names."""
        return {"reason": plain(self.reason_edit)}

    def ready(self) -> bool:
        return bool(plain(self.reason_edit))
