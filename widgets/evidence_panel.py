# SPDX-License-Identifier: GPL-3.0-or-later
"""A case's evidence packages: the "Packages" tab of the case view and the form that asks
for one.

The tab lists every package of the case (number, status, requester, decider, times) with
the steps the console allows now: export a new package, approve or reject one waiting for
a second person (never offered on one's own request: the hub refuses it too), download
one's own ready package, with a progress bar and Cancel while the file streams to disk.
Every click is an intent (a signal) the console turns into hub calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from widgets.case_dialogs import FormDialog, plain, text_box
from widgets.extraction_dialogs import ExportDialog
from widgets.incident_model import OVERDUE_COLOUR, local_time

_ROLE_ID = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class PackageItem:
    """One evidence package as the tab shows it."""

    id: int
    number: str
    raw: bool
    status: str  # building, pending_approval, ready, rejected, failed (hub.evidence)
    requester: str
    requested_at: datetime
    decider: str | None = None
    decided_at: datetime | None = None
    built_at: datetime | None = None
    downloaded_at: datetime | None = None
    size: int | None = None
    sha256: str | None = None
    failure: str | None = None
    mine: bool = False  # I asked for it: only I may download it, never decide it
    may_decide: bool = False  # waiting for a second person, and I am one


class EvidencePanel(QWidget):
    """The packages of the case on show and their steps.

    Signals:
        exportRequested(): ask for a new package of the case.
        decideRequested(int, str): approve / reject a package (package id, verdict).
        downloadRequested(int): save my ready package to a file (package id).
        cancelRequested(): stop the download under way.
    """

    exportRequested = Signal()
    decideRequested = Signal(int, str)
    downloadRequested = Signal(int)
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidencePanel")
        self.items: dict[int, PackageItem] = {}
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("evidencePackages")
        self.tree.setHeaderLabels(
            [
                self.tr("Package"),
                self.tr("Status"),
                self.tr("Requested by"),
                self.tr("Requested"),
                self.tr("Decided by"),
                self.tr("Ready / downloaded"),
            ]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.currentItemChanged.connect(lambda *_: self._buttons())
        self.export_button = QPushButton(self.tr("Export evidence package…"), self)
        self.export_button.setObjectName("evidenceExport")
        self.export_button.clicked.connect(self.exportRequested.emit)
        self.approve_button = QPushButton(self.tr("Approve package"), self)
        self.approve_button.setObjectName("evidenceApprove")
        self.approve_button.clicked.connect(lambda: self._decide("approve"))
        self.reject_button = QPushButton(self.tr("Reject package"), self)
        self.reject_button.setObjectName("evidenceReject")
        self.reject_button.clicked.connect(lambda: self._decide("reject"))
        self.download_button = QPushButton(self.tr("&Download…"), self)
        self.download_button.setObjectName("evidenceDownload")
        self.download_button.clicked.connect(self._download)
        self.cancel_button = QPushButton(self.tr("Cancel download"), self)
        self.cancel_button.setObjectName("evidenceCancel")
        self.cancel_button.clicked.connect(self.cancelRequested.emit)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("evidenceProgress")
        self.message_label = QLabel(self)
        self.message_label.setObjectName("evidenceMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Room for three lines: a narrow dock wraps the longer Vietnamese texts.
        self.message_label.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 4)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addStretch(1)
        row.addWidget(self.approve_button)
        row.addWidget(self.reject_button)
        row.addWidget(self.download_button)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.tree, 1)
        box.addWidget(self.message_label)
        box.addLayout(progress_row)
        box.addLayout(row)
        self.downloading: int | None = None
        self.set_downloading(None)
        self._buttons()

    # -- public API ---------------------------------------------------------------------

    def set_packages(self, items: list[PackageItem]) -> None:
        """Show the case's packages (the selection is kept by package id)."""
        selected = self.selected()
        keep = selected.id if selected is not None else None
        self.items = {i.id: i for i in items}
        self.tree.clear()
        current: QTreeWidgetItem | None = None
        for item in items:
            line = QTreeWidgetItem(
                [
                    item.number + (" · " + self.tr("with originals") if item.raw else ""),
                    self.status_text(item),
                    item.requester,
                    local_time(item.requested_at),
                    self._decided_text(item),
                    self._done_text(item),
                ]
            )
            line.setData(0, _ROLE_ID, item.id)
            if item.status in ("failed", "rejected"):
                line.setForeground(1, OVERDUE_COLOUR)
            elif item.status == "ready" and item.downloaded_at is None:
                line.setForeground(1, Qt.GlobalColor.darkGreen)
            if item.sha256:
                line.setToolTip(0, f"SHA-256 {item.sha256}")
            if item.failure:
                line.setToolTip(1, item.failure)
            self.tree.addTopLevelItem(line)
            if item.id == keep or (keep is None and (item.may_decide or current is None)):
                current = line
        if current is not None:
            self.tree.setCurrentItem(current)
        # Not for an empty list: at a session's end, resizing the cleared tree let a window's
        # pending deferred delete run early (seen in tests/console/test_session.py).
        for column in range(6 if items else 0):
            self.tree.resizeColumnToContents(column)
        self._buttons()

    def set_export_allowed(self, allowed: bool) -> None:
        """Whether "Export evidence package…" is offered (the case has media and I may
        export)."""
        self.export_button.setVisible(allowed)

    def select(self, package_id: int) -> bool:
        """Select a package's line; False when it is not listed."""
        for n in range(self.tree.topLevelItemCount()):
            line = self.tree.topLevelItem(n)
            if line is not None and line.data(0, _ROLE_ID) == package_id:
                self.tree.setCurrentItem(line)
                return True
        return False

    def selected(self) -> PackageItem | None:
        """The package selected in the list."""
        line = self.tree.currentItem()
        package_id = line.data(0, _ROLE_ID) if line is not None else None
        return self.items.get(package_id) if isinstance(package_id, int) else None

    def say(self, text: str, error: bool = False) -> None:
        """A line under the list (what happened, or what went wrong)."""
        self.message_label.setText(text)
        self.message_label.setStyleSheet("color: #b3261e;" if error else "")

    def set_downloading(self, package_id: int | None) -> None:
        """A download under way (its progress and Cancel show), or none."""
        self.downloading = package_id
        self.progress.setVisible(package_id is not None)
        self.cancel_button.setVisible(package_id is not None)
        self.progress.setRange(0, 0)
        self._buttons()

    def set_progress(self, done: int, total: int) -> None:
        """Bytes written so far of ``total`` (0: unknown)."""
        if total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(min(1000, done * 1000 // total))
        else:
            self.progress.setRange(0, 0)

    def status_text(self, item: PackageItem) -> str:
        """What a package's status reads."""
        if item.status == "ready" and item.downloaded_at is not None:
            return self.tr("Downloaded")
        return {
            "building": self.tr("Building…"),
            "pending_approval": self.tr("Waiting for a second approval"),
            "ready": self.tr("Ready"),
            "rejected": self.tr("Rejected"),
            "failed": self.tr("Failed"),
        }.get(item.status, item.status)

    # -- building -------------------------------------------------------------------------

    def _decided_text(self, item: PackageItem) -> str:
        if item.decider is None:
            return ""
        return f"{item.decider} ({local_time(item.decided_at)})" if item.decided_at else ""

    def _done_text(self, item: PackageItem) -> str:
        if item.downloaded_at is not None:
            return self.tr("downloaded %1").replace("%1", local_time(item.downloaded_at))
        if item.built_at is not None:
            return self.tr("ready %1").replace("%1", local_time(item.built_at))
        return ""

    def _buttons(self) -> None:
        item = self.selected()
        idle = self.downloading is None
        self.approve_button.setVisible(item is not None and item.may_decide)
        self.reject_button.setVisible(item is not None and item.may_decide)
        self.download_button.setVisible(
            item is not None and item.mine and item.status == "ready" and item.downloaded_at is None
        )
        self.download_button.setEnabled(idle)

    def _decide(self, verdict: str) -> None:
        item = self.selected()
        if item is not None and item.may_decide:
            self.decideRequested.emit(item.id, verdict)

    def _download(self) -> None:
        item = self.selected()
        if item is not None and item.mine and self.downloading is None:
            self.downloadRequested.emit(item.id)


class PackageExportDialog(ExportDialog):
    """The export form (approved request, registered device) for an evidence package,
    with the choice of adding the stored originals (``raw``)."""

    def __init__(
        self,
        requests: list[tuple[int, str]],
        devices: list[tuple[str, str]],
        second_approval: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(requests, devices, parent)
        self.setObjectName("packageExportDialog")
        self.setWindowTitle(self.tr("Evidence package"))
        self.raw_check = QCheckBox(
            self.tr("Include the original footage (needs a second approval)")
            if second_approval
            else self.tr("Include the original footage"),
            self,
        )
        self.raw_check.setObjectName("packageRaw")
        self.form.addRow("", self.raw_check)
        self.note(
            self.tr(
                "The package holds watermarked copies, events, the chain of custody and a "
                "summary, signed and time-stamped by the hub; it can be downloaded once."
            )
        )

    def answers(self) -> dict[str, Any]:
        """The values entered, by the hub's field names."""
        return {**super().answers(), "raw": self.raw_check.isChecked()}


class PackageDecisionDialog(FormDialog):
    """A second person's approval or rejection of a package with the original footage."""

    def __init__(self, summary: str, verdict: str, parent: QWidget | None = None) -> None:
        super().__init__("packageDecisionDialog", "", "", parent)
        approve = verdict == "approve"
        self.setWindowTitle(self.tr("Approve package") if approve else self.tr("Reject package"))
        self.ok_button.setText(self.tr("Approve") if approve else self.tr("Reject"))
        text = QLabel(summary, self)
        text.setWordWrap(True)
        self.note_edit: QPlainTextEdit = text_box(self, "packageDecisionNote")
        self.form.addRow(text)
        self.form.addRow(self.tr("&Note:"), self.note_edit)

    def note_text(self) -> str:
        """The note entered."""
        return plain(self.note_edit)
