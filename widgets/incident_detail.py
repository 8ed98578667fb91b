# SPDX-License-Identifier: GPL-3.0-or-later
"""The selected incident in full: facts and deadlines, the procedure checklist the
operator ticks, the history, the comments, the attached files, and the life-cycle
buttons.

The buttons are enabled only for the steps the hub allows this operator now (the
incident's ``allowed_actions``); every click is an intent (``actionRequested``,
``stepToggled``, ``showRequested``) that the console turns into a hub call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from widgets.incident_labels import IncidentLabels
from widgets.incident_model import ACTIONS, IncidentRow, local_time

_ROLE_KEY = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class ProcedureItem:
    """One step of the incident's checklist."""

    key: str
    text_vi: str
    text_en: str
    done: bool = False
    done_by: str = ""
    done_at: datetime | None = None


@dataclass(frozen=True)
class AttachmentItem:
    """A file attached to the incident (its bytes stay on the hub until saved)."""

    id: int
    name: str
    size: int
    sha256: str
    added_by: str = ""
    added_at: datetime | None = None


@dataclass(frozen=True)
class HistoryItem:
    """One recorded step (the hub's action key, e.g. ``acknowledge``, ``comment``)."""

    at: datetime
    actor: str
    action: str
    from_status: str | None = None
    to_status: str | None = None
    text: str = ""


@dataclass(frozen=True)
class IncidentDetailView:
    """What the detail pane shows of one incident."""

    row: IncidentRow
    description: str = ""
    opened_by: str = ""
    acknowledged_at: datetime | None = None
    due_basis: str = ""
    resolution: str = ""
    procedure: tuple[ProcedureItem, ...] = ()
    history: tuple[HistoryItem, ...] = ()
    attachments: tuple[AttachmentItem, ...] = ()
    allowed_actions: frozenset[str] = field(default_factory=frozenset)


class IncidentDetailPane(QWidget):
    """Facts, buttons, and the Procedure / History / Comments tabs of one incident.

    Signals:
        actionRequested(str, int): a life-cycle button (action key, incident id).
        stepToggled(int, str, bool): a procedure step ticked or unticked.
        showRequested(int): "Show on the wall" (camera live + archive at the event).
        caseRequested(int): "Open case…" (a violation case from this incident).
        attachRequested(int): "Attach file…" (incident id).
        saveAttachmentRequested(int, int): "Save a copy…" (incident id, attachment id).
    """

    actionRequested = Signal(str, int)
    stepToggled = Signal(int, str, bool)
    showRequested = Signal(int)
    caseRequested = Signal(int)
    attachRequested = Signal(int)
    saveAttachmentRequested = Signal(int, int)

    def __init__(self, labels: IncidentLabels, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels = labels
        self.language = "vi"  # which text of a procedure step to show
        self.detail: IncidentDetailView | None = None
        self.title_label = QLabel(self)
        self.title_label.setObjectName("incidentTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        facts_page = QWidget(self)
        self.facts = QFormLayout(facts_page)
        self.facts.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.facts.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.show_button = QPushButton(self.tr("Show on the wall"), self)
        self.show_button.setObjectName("incidentShow")
        self.show_button.setToolTip(
            self.tr("Open the camera live and its recording at the event time")
        )
        self.show_button.clicked.connect(self._show)
        self.case_button = QPushButton(self.tr("Open case…"), self)
        self.case_button.setObjectName("incidentCase")
        self.case_button.setToolTip(self.tr("Open a violation case from this incident"))
        self.case_button.clicked.connect(self._case)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.addWidget(self.show_button, 0, 0)
        for number, action in enumerate(ACTIONS, start=1):
            button = QPushButton(labels.action_text(action), self)
            button.setObjectName(f"incident_{action}")
            button.clicked.connect(lambda _=False, a=action: self._act(a))
            self.buttons[action] = button
            grid.addWidget(button, number // 3, number % 3)
        grid.addWidget(self.case_button, (len(ACTIONS) + 1) // 3, (len(ACTIONS) + 1) % 3)
        self.procedure = QListWidget(self)
        self.procedure.setObjectName("incidentProcedure")
        self.procedure.setWordWrap(True)
        self.procedure.itemChanged.connect(self._ticked)
        self.history = QTreeWidget(self)
        self.history.setObjectName("incidentHistory")
        self.history.setHeaderLabels([self.tr("Time"), self.tr("By"), self.tr("Step")])
        self.history.setRootIsDecorated(False)
        self.history.setWordWrap(True)
        self.comments = QListWidget(self)
        self.comments.setObjectName("incidentComments")
        self.comments.setWordWrap(True)
        files_page = QWidget(self)
        self.attachments = QListWidget(files_page)
        self.attachments.setObjectName("incidentAttachments")
        self.attachments.setWordWrap(True)
        self.attachments.itemDoubleClicked.connect(lambda _item: self._save_attachment())
        self.attachments.currentRowChanged.connect(lambda _row: self._follow_files())
        self.attach_button = QPushButton(self.tr("Attach file…"), files_page)
        self.attach_button.setObjectName("incidentAttach")
        self.attach_button.setToolTip(
            self.tr("Attach a document or picture to the incident (kept on the hub)")
        )
        self.attach_button.clicked.connect(self._attach)
        self.save_button = QPushButton(self.tr("Save a copy…"), files_page)
        self.save_button.setObjectName("incidentSaveAttachment")
        self.save_button.clicked.connect(self._save_attachment)
        files_buttons = QHBoxLayout()
        files_buttons.addWidget(self.attach_button)
        files_buttons.addWidget(self.save_button)
        files_buttons.addStretch(1)
        files_box = QVBoxLayout(files_page)
        files_box.setContentsMargins(0, 0, 0, 0)
        files_box.addWidget(self.attachments, 1)
        files_box.addLayout(files_buttons)
        facts_scroll = QScrollArea(self)
        facts_scroll.setWidgetResizable(True)
        facts_scroll.setFrameShape(QFrame.Shape.NoFrame)
        facts_scroll.setWidget(facts_page)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("incidentTabs")
        self.tabs.addTab(facts_scroll, self.tr("Details"))
        self.tabs.addTab(self.procedure, self.tr("Procedure"))
        self.tabs.addTab(self.history, self.tr("History"))
        self.tabs.addTab(self.comments, self.tr("Comments"))
        self.tabs.addTab(files_page, self.tr("Files"))
        self.empty_label = QLabel(self.tr("Select an incident to see its details."), self)
        self.empty_label.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.empty_label)
        box.addWidget(self.title_label)
        box.addLayout(grid)
        box.addWidget(self.tabs, 1)
        self.set_detail(None)

    # -- public API ---------------------------------------------------------------------

    @property
    def incident_id(self) -> int | None:
        """The incident on show."""
        return self.detail.row.id if self.detail is not None else None

    def set_detail(self, detail: IncidentDetailView | None) -> None:
        """Show an incident (None: nothing selected)."""
        self.detail = detail
        shown = detail is not None
        self.empty_label.setVisible(not shown)
        parts = (self.title_label, self.tabs, self.show_button, self.case_button)
        for widget in (*parts, *self.buttons.values()):
            widget.setVisible(shown)
        while self.facts.rowCount():
            self.facts.removeRow(0)
        if detail is None:
            self.procedure.clear()
            self.history.clear()
            self.comments.clear()
            self.attachments.clear()
            return
        row = detail.row
        self.title_label.setText(f"#{row.id} — {row.title}")
        self._fill_facts(detail)
        for action, button in self.buttons.items():
            button.setEnabled(action in detail.allowed_actions)
        self.show_button.setEnabled(row.camera_id is not None)
        self.case_button.setEnabled(row.camera_id is not None)
        self._fill_procedure(detail)
        self._fill_history(detail)
        self._fill_attachments(detail)

    def set_busy(self, busy: bool) -> None:
        """Grey the buttons while a step is on its way to the hub."""
        allowed = self.detail.allowed_actions if self.detail is not None else frozenset()
        for action, button in self.buttons.items():
            button.setEnabled(not busy and action in allowed)
        self.procedure.setEnabled(not busy and "check" in allowed)
        self.attach_button.setEnabled(not busy and "comment" in allowed)

    def history_text(self, item: HistoryItem) -> str:
        """What one history line says."""
        labels = self.labels
        step = {
            "open": self.tr("Opened"),
            "opened": self.tr("Opened"),
            "report": self.tr("Reported"),
            "reported": self.tr("Reported"),
            "fold": self.tr("Repeated event"),
            "folded": self.tr("Repeated event"),
            "acknowledge": self.tr("Acknowledged"),
            "assign": self.tr("Assigned"),
            "start": self.tr("Handling started"),
            "comment": self.tr("Comment"),
            "escalate": self.tr("Escalated"),
            "auto_escalate": self.tr("Escalated automatically (not acknowledged in time)"),
            "resolve": self.tr("Resolved"),
            "close": self.tr("Closed"),
            "reopen": self.tr("Reopened"),
            "check": self.tr("Procedure step ticked"),
            "uncheck": self.tr("Procedure step unticked"),
            "attach": self.tr("File attached"),
        }.get(item.action, item.action)
        if item.from_status and item.to_status and item.from_status != item.to_status:
            change = (
                f"{labels.status_text(item.from_status)} → {labels.status_text(item.to_status)}"
            )
            step = f"{step} ({change})"
        return f"{step}: {item.text}" if item.text else step

    # -- building -------------------------------------------------------------------------

    def _fact(self, label: str, value: str) -> None:
        if not value:
            return
        text = QLabel(value)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts.addRow(label, text)

    def _fill_facts(self, detail: IncidentDetailView) -> None:
        row, labels = detail.row, self.labels
        state = " · ".join(
            (
                labels.priority_text(row.priority),
                labels.status_text(row.status),
                labels.category_text(row.category),
            )
        )
        self._fact(self.tr("State:"), state)
        self._fact(self.tr("Camera:"), row.camera_name)
        self._fact(self.tr("Area:"), row.territory_name)
        self._fact(self.tr("Duty unit:"), row.unit_name)
        opened = local_time(row.opened_at)
        if detail.opened_by:
            opened = self.tr("%1 by %2").replace("%1", opened).replace("%2", detail.opened_by)
        self._fact(self.tr("Opened:"), opened)
        if row.count > 1:
            self._fact(
                self.tr("Events:"),
                self.tr("%1, first at %2")
                .replace("%1", str(row.count))
                .replace("%2", local_time(row.first_event_at)),
            )
        if row.acknowledged_by:
            acknowledged = (
                self.tr("%1 by %2")
                .replace("%1", local_time(detail.acknowledged_at))
                .replace("%2", row.acknowledged_by)
            )
            self._fact(self.tr("Acknowledged:"), acknowledged)
        self._fact(self.tr("Assignee:"), row.assignee_name)
        if row.due_at is not None:
            due = local_time(row.due_at)
            if detail.due_basis:
                due += f" ({detail.due_basis})"
            if row.overdue and row.open:
                due = "⚠ " + self.tr("Overdue") + " — " + due
            self._fact(self.tr("Deadline:"), due)
        if row.notice_due_at is not None:
            self._fact(
                self.tr("Written notice by:"),
                local_time(row.notice_due_at) + " " + self.tr("(TN 11.5: within 72 hours)"),
            )
        if row.escalation_level > 0:
            self._fact(
                self.tr("Escalated:"), self.tr("level %1").replace("%1", str(row.escalation_level))
            )
        self._fact(self.tr("Description:"), detail.description)
        self._fact(self.tr("Resolution:"), detail.resolution)

    def _fill_procedure(self, detail: IncidentDetailView) -> None:
        blocker = QSignalBlocker(self.procedure)
        self.procedure.clear()
        can_tick = "check" in detail.allowed_actions
        for step in detail.procedure:
            text = step.text_vi if self.language == "vi" else step.text_en
            if step.done and step.done_by:
                when = local_time(step.done_at)
                text += "\n" + self.tr("Done by %1 at %2").replace("%1", step.done_by).replace(
                    "%2", when
                )
            item = QListWidgetItem(text)
            item.setData(_ROLE_KEY, step.key)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags if can_tick else Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Checked if step.done else Qt.CheckState.Unchecked)
            self.procedure.addItem(item)
        self.procedure.setEnabled(can_tick or bool(detail.procedure))
        del blocker

    def _fill_history(self, detail: IncidentDetailView) -> None:
        self.history.clear()
        self.comments.clear()
        for item in detail.history:
            line = QTreeWidgetItem(
                [local_time(item.at), item.actor or self.tr("System"), self.history_text(item)]
            )
            self.history.addTopLevelItem(line)
            if item.action == "comment" and item.text:
                who = item.actor or self.tr("System")
                self.comments.addItem(f"{local_time(item.at)} — {who}:\n{item.text}")
        self.history.resizeColumnToContents(0)

    def attachment_text(self, item: AttachmentItem) -> str:
        """What one line of the Files tab says."""
        size = (
            self.tr("%1 KB").replace("%1", f"{item.size / 1024:.0f}")
            if item.size >= 1024
            else self.tr("%1 bytes").replace("%1", str(item.size))
        )
        line = f"{item.name} ({size})"
        if item.added_by:
            when = local_time(item.added_at) if item.added_at else ""
            line += "\n" + self.tr("Added by %1 at %2").replace("%1", item.added_by).replace(
                "%2", when
            )
        return line

    def _fill_attachments(self, detail: IncidentDetailView) -> None:
        self.attachments.clear()
        for file in detail.attachments:
            item = QListWidgetItem(self.attachment_text(file))
            item.setData(_ROLE_KEY, file.id)
            item.setToolTip(f"SHA-256 {file.sha256}")
            self.attachments.addItem(item)
        self.attach_button.setEnabled("comment" in detail.allowed_actions)
        self._follow_files()

    def _follow_files(self) -> None:
        self.save_button.setEnabled(self.attachments.currentItem() is not None)

    # -- intents --------------------------------------------------------------------------

    def _attach(self) -> None:
        if self.detail is not None:
            self.attachRequested.emit(self.detail.row.id)

    def _save_attachment(self) -> None:
        item = self.attachments.currentItem()
        if self.detail is not None and item is not None:
            self.saveAttachmentRequested.emit(self.detail.row.id, int(item.data(_ROLE_KEY)))

    def _act(self, action: str) -> None:
        if self.detail is not None:
            self.actionRequested.emit(action, self.detail.row.id)

    def _show(self) -> None:
        if self.detail is not None:
            self.showRequested.emit(self.detail.row.id)

    def _case(self) -> None:
        if self.detail is not None:
            self.caseRequested.emit(self.detail.row.id)

    def _ticked(self, item: QListWidgetItem) -> None:
        if self.detail is None:
            return
        done = item.checkState() == Qt.CheckState.Checked
        self.stepToggled.emit(self.detail.row.id, str(item.data(_ROLE_KEY)), done)
