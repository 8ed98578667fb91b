# SPDX-License-Identifier: GPL-3.0-or-later
"""What an approver must act on: extraction requests to endorse (the requester's unit
leader, YB 12.2b) or decide (the approving leadership), and evidence packages with the
original footage waiting for a second person (approve or reject) — never one's own.

The console feeds :class:`ApprovalItem` and :class:`PackageApprovalItem` rows; the list
only emits intents (``decideRequested``, ``packageDecisionRequested``, ``caseRequested``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from widgets.case_labels import CaseLabels
from widgets.incident_model import local_time

_ROLE_ID = Qt.ItemDataRole.UserRole + 1
_ROLE_KIND = Qt.ItemDataRole.UserRole + 2
REQUEST, PACKAGE = "request", "package"


@dataclass(frozen=True)
class ApprovalItem:
    """A pending extraction request as the approver reads it."""

    id: int
    case_id: int
    case_number: str
    kind: str  # standard, written_request
    status: str  # pending_endorsement, pending_approval
    purpose: str
    content: str
    requester: str  # name and unit, or the other agency
    created_at: datetime
    document: str = ""  # number and date of a written request

    @property
    def endorsement(self) -> bool:
        """Whether the step asked is the unit leader's endorsement."""
        return self.status == "pending_endorsement"


@dataclass(frozen=True)
class PackageApprovalItem:
    """An evidence package with the original footage waiting for a second person."""

    id: int
    case_id: int
    case_number: str
    number: str  # the package's, e.g. VP-2026-000042-G3
    requester: str  # name and unit
    purpose: str  # of the extraction request it is exported under
    requested_at: datetime


class ApprovalRequests(QWidget):
    """Pending extraction requests and packages, oldest first: "Decide…" on a request,
    "Approve…" / "Reject…" on a package, "Open case" on either.

    Signals:
        decideRequested(int): decide (or endorse) a request (request id).
        packageDecisionRequested(int, str): approve or reject a package (package id,
            ``approve`` / ``reject``).
        caseRequested(int): show the request's or package's case (case id).
    """

    decideRequested = Signal(int)
    packageDecisionRequested = Signal(int, str)
    caseRequested = Signal(int)

    def __init__(self, labels: CaseLabels, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("approvalRequests")
        self.labels = labels
        self.items: dict[int, ApprovalItem] = {}
        self.packages: dict[int, PackageApprovalItem] = {}
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("approvalList")
        self.list.setWordWrap(True)
        self.list.setAccessibleName(self.tr("Approval requests"))
        self.list.itemActivated.connect(lambda _item: self._decide())
        self.decide_button = QPushButton(self.tr("&Decide…"), self)
        self.decide_button.setObjectName("approvalDecide")
        self.decide_button.clicked.connect(self._decide)
        self.approve_button = QPushButton(self.tr("A&pprove…"), self)
        self.approve_button.setObjectName("approvalPackageApprove")
        self.approve_button.clicked.connect(lambda: self._package("approve"))
        self.reject_button = QPushButton(self.tr("&Reject…"), self)
        self.reject_button.setObjectName("approvalPackageReject")
        self.reject_button.clicked.connect(lambda: self._package("reject"))
        self.case_button = QPushButton(self.tr("Open &case"), self)
        self.case_button.clicked.connect(self._case)
        self.list.currentRowChanged.connect(lambda _row: self._sync())
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.case_button)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.decide_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(2, 2, 2, 2)
        box.addWidget(self.header)
        box.addWidget(self.list, 1)
        box.addLayout(buttons)
        self.set_requests([])

    def set_requests(
        self, items: list[ApprovalItem], packages: list[PackageApprovalItem] | None = None
    ) -> None:
        """Show these requests and packages (oldest first; ``None``: the packages on
        show stay); the selected one stays selected."""
        current = self._selected()
        self.items = {i.id: i for i in items}
        if packages is not None:
            self.packages = {p.id: p for p in packages}
        rows: list[tuple[datetime, str, int, str]] = [
            (i.created_at, REQUEST, i.id, self.item_text(i)) for i in items
        ]
        rows += [
            (p.requested_at, PACKAGE, p.id, self.package_text(p)) for p in self.packages.values()
        ]
        self.list.clear()
        for _at, kind, ident, text in sorted(rows, key=lambda r: r[0]):
            entry = QListWidgetItem(text)
            entry.setData(_ROLE_ID, ident)
            entry.setData(_ROLE_KIND, kind)
            self.list.addItem(entry)
            if (kind, ident) == current:
                self.list.setCurrentItem(entry)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.header.setText(self.count_text(len(rows)))
        self._sync()

    def set_packages(self, packages: list[PackageApprovalItem]) -> None:
        """Show these packages with the requests on show."""
        self.set_requests(list(self.items.values()), packages)

    def count(self) -> int:
        """How many requests and packages wait."""
        return len(self.items) + len(self.packages)

    def count_text(self, count: int) -> str:
        """How many wait (the dock's header and the status bar)."""
        return self.tr("Approval requests waiting: %1").replace("%1", str(count))

    def item_text(self, item: ApprovalItem) -> str:
        """Two lines: the case, the step asked and when; who asks and why."""
        step = (
            self.tr("Endorse (unit leader)") if item.endorsement else self.tr("Approve or reject")
        )
        first = f"{item.case_number} — {step} — {local_time(item.created_at)}"
        who = item.requester + (f" ({item.document})" if item.document else "")
        return f"{first}\n{who}: {item.purpose}"

    def package_text(self, item: PackageApprovalItem) -> str:
        """Two lines: the package with the original footage and when; who asks and why."""
        step = self.tr("Package with the original footage %1: approve or reject").replace(
            "%1", item.number
        )
        first = f"{item.case_number} — {step} — {local_time(item.requested_at)}"
        return f"{first}\n{item.requester}: {item.purpose}"

    def _selected(self) -> tuple[str, int] | None:
        entry = self.list.currentItem()
        if entry is None:
            return None
        kind, value = entry.data(_ROLE_KIND), entry.data(_ROLE_ID)
        return (kind, value) if isinstance(kind, str) and isinstance(value, int) else None

    def selected_id(self) -> int | None:
        """The selected request (None when a package or nothing is selected)."""
        chosen = self._selected()
        return chosen[1] if chosen is not None and chosen[0] == REQUEST else None

    def selected_package(self) -> int | None:
        """The selected package (None when a request or nothing is selected)."""
        chosen = self._selected()
        return chosen[1] if chosen is not None and chosen[0] == PACKAGE else None

    def select(self, request_id: int, kind: str = REQUEST) -> bool:
        """Select a request (or a package: ``kind``); ``False`` when it is not listed."""
        for row in range(self.list.count()):
            entry = self.list.item(row)
            if (
                entry is not None
                and entry.data(_ROLE_ID) == request_id
                and entry.data(_ROLE_KIND) == kind
            ):
                self.list.setCurrentRow(row)
                return True
        return False

    def _sync(self) -> None:
        package = self.selected_package() is not None
        request = self.selected_id() is not None
        self.decide_button.setEnabled(request)
        self.decide_button.setVisible(not package)
        self.approve_button.setVisible(package)
        self.reject_button.setVisible(package)
        self.case_button.setEnabled(request or package)

    def _decide(self) -> None:
        request_id = self.selected_id()
        if request_id is not None:
            self.decideRequested.emit(request_id)
        elif (package_id := self.selected_package()) is not None:
            self.packageDecisionRequested.emit(package_id, "approve")

    def _package(self, verdict: str) -> None:
        package_id = self.selected_package()
        if package_id is not None:
            self.packageDecisionRequested.emit(package_id, verdict)

    def _case(self) -> None:
        request_id, package_id = self.selected_id(), self.selected_package()
        if request_id is not None and request_id in self.items:
            self.caseRequested.emit(self.items[request_id].case_id)
        elif package_id is not None and package_id in self.packages:
            self.caseRequested.emit(self.packages[package_id].case_id)
