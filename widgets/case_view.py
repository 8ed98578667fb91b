# SPDX-License-Identifier: GPL-3.0-or-later
"""One violation case in full: facts, media (SHA-256, size, duration; "Play" plays the
stored file), the case's history (who did what, when), its legal deadlines (article, due,
overdue), extraction requests (the requester completes a fast extraction's dossier or
withdraws a request), and the buttons of the steps the hub allows now.

Only the steps in the case's ``allowed_actions`` show; every click is an intent
(``actionRequested``, ``playRequested``, ``extractionActionRequested``) that the console
turns into a hub call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from widgets.case_labels import ACTIONS, CaseLabels
from widgets.incident_model import OVERDUE_COLOUR, local_time

if TYPE_CHECKING:
    from widgets.case_board import CaseRow

_ROLE_ID = Qt.ItemDataRole.UserRole + 1
BUTTON_COLUMNS = 3


@dataclass(frozen=True)
class CameraRangeItem:
    """A camera of the case and the time range of the violation on it."""

    camera_id: int
    camera_name: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class MediaItem:
    """A clip or snapshot of the case, stored by its SHA-256."""

    id: int
    kind: str
    camera_id: int
    camera_name: str
    start: datetime
    end: datetime
    duration_seconds: float
    sha256: str
    size: int
    added_by: str = ""
    # A clip's privacy masks (normalized polygons), painted by the player (HCM 6.3).
    masks: tuple[tuple[tuple[float, float], ...], ...] = ()


@dataclass(frozen=True)
class StepItem:
    """One recorded step (who did what, when)."""

    at: datetime
    actor: str
    unit: str
    action: str
    from_status: str | None = None
    to_status: str | None = None
    text: str = ""


@dataclass(frozen=True)
class DeadlineItem:
    """One legal deadline of the case."""

    kind: str
    side: str
    article: str
    basis: str
    due_at: datetime
    state: str
    met_at: datetime | None = None


@dataclass(frozen=True)
class ExtractionItem:
    """An extraction request of the case."""

    id: int
    kind: str
    status: str
    purpose: str
    requester: str
    dossier_due_at: datetime | None = None
    dossier_late: bool = False
    allowed: frozenset[str] = frozenset()  # what I may do to it (withdraw, complete_dossier)


@dataclass(frozen=True)
class CaseDetailView:
    """What the case view shows of one case."""

    row: CaseRow
    origin: str = ""
    incident_id: int | None = None
    detected_at: datetime | None = None
    description: str = ""
    vehicle_type: str = ""
    opened_by: str = ""
    accepted_by: str = ""
    complex: bool = False
    record_number: str = ""
    decision_number: str = ""
    outcome: str = ""
    conclusion: str = ""
    held: bool = False
    cameras: tuple[CameraRangeItem, ...] = ()
    media: tuple[MediaItem, ...] = ()
    steps: tuple[StepItem, ...] = ()
    deadlines: tuple[DeadlineItem, ...] = ()
    extractions: tuple[ExtractionItem, ...] = ()
    allowed_actions: frozenset[str] = field(default_factory=frozenset)


def size_text(size: int) -> str:
    """A byte count the way people read it (1 decimal, binary units)."""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def duration_text(seconds: float) -> str:
    """``m:ss`` (``h:mm:ss`` from an hour)."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class CaseView(QWidget):
    """Facts, step buttons, and the Media / History / Deadlines / Extraction tabs.

    Signals:
        actionRequested(str, int): a step button (action key, case id).
        playRequested(int, int): play a medium's stored file (case id, media id).
        extractionActionRequested(str, int): ``complete_dossier`` or ``withdraw`` of an
            extraction request (action, request id).
    """

    actionRequested = Signal(str, int)
    playRequested = Signal(int, int)
    extractionActionRequested = Signal(str, int)

    def __init__(self, labels: CaseLabels, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseView")
        self.labels = labels
        self.detail: CaseDetailView | None = None
        self.title_label = QLabel(self)
        self.title_label.setObjectName("caseTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.buttons: dict[str, QPushButton] = {}
        self.button_grid = QGridLayout()
        for action in ACTIONS:
            button = QPushButton(labels.action_text(action), self)
            button.setObjectName(f"case_{action}")
            button.clicked.connect(lambda _=False, a=action: self._act(a))
            self.buttons[action] = button
        facts_page = QWidget(self)
        self.facts = QFormLayout(facts_page)
        self.facts.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.facts.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        facts_scroll = QScrollArea(self)
        facts_scroll.setWidgetResizable(True)
        facts_scroll.setFrameShape(QFrame.Shape.NoFrame)
        facts_scroll.setWidget(facts_page)
        self.media = _tree(
            self,
            "caseMedia",
            [
                self.tr("Kind"),
                self.tr("Camera"),
                self.tr("Start"),
                self.tr("Duration"),
                self.tr("Size"),
                self.tr("SHA-256"),
            ],
        )
        self.media.itemActivated.connect(lambda _item, _col: self.play_selected())
        self.play_button = QPushButton(self.tr("&Play the stored file"), self)
        self.play_button.setObjectName("casePlay")
        self.play_button.clicked.connect(self.play_selected)
        media_page = QWidget(self)
        media_box = QVBoxLayout(media_page)
        media_box.setContentsMargins(0, 0, 0, 0)
        media_box.addWidget(self.media, 1)
        media_row = QHBoxLayout()
        media_row.addStretch(1)
        media_row.addWidget(self.play_button)
        media_box.addLayout(media_row)
        self.history = _tree(
            self, "caseHistory", [self.tr("Time"), self.tr("By"), self.tr("Unit"), self.tr("Step")]
        )
        self.deadlines = _tree(
            self,
            "caseDeadlines",
            [self.tr("Deadline"), self.tr("Due"), self.tr("State"), self.tr("Legal basis")],
        )
        self.extractions = _tree(
            self,
            "caseExtractions",
            [self.tr("Request"), self.tr("Status"), self.tr("Requester"), self.tr("Purpose")],
        )
        self.extractions.currentItemChanged.connect(lambda *_: self._extraction_buttons())
        self.dossier_button = QPushButton(self.tr("Complete &dossier…"), self)
        self.dossier_button.setObjectName("caseDossier")
        self.dossier_button.clicked.connect(lambda: self._extraction_act("complete_dossier"))
        self.withdraw_button = QPushButton(self.tr("&Withdraw request…"), self)
        self.withdraw_button.setObjectName("caseWithdraw")
        self.withdraw_button.clicked.connect(lambda: self._extraction_act("withdraw"))
        extraction_page = QWidget(self)
        extraction_box = QVBoxLayout(extraction_page)
        extraction_box.setContentsMargins(0, 0, 0, 0)
        extraction_box.addWidget(self.extractions, 1)
        extraction_row = QHBoxLayout()
        extraction_row.addStretch(1)
        extraction_row.addWidget(self.dossier_button)
        extraction_row.addWidget(self.withdraw_button)
        extraction_box.addLayout(extraction_row)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("caseTabs")
        self.tabs.addTab(facts_scroll, self.tr("Details"))
        self.tabs.addTab(media_page, self.tr("Media"))
        self.tabs.addTab(self.history, self.tr("History"))
        self.tabs.addTab(self.deadlines, self.tr("Deadlines"))
        self.tabs.addTab(extraction_page, self.tr("Extraction"))
        # Alt+1 … Alt+5 switch tabs from the keyboard.
        for number in range(self.tabs.count()):
            shortcut = QShortcut(QKeySequence(f"Alt+{number + 1}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda n=number: self.tabs.setCurrentIndex(n))
        self.empty_label = QLabel(self.tr("Select a case to see it."), self)
        self.empty_label.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.empty_label)
        box.addWidget(self.title_label)
        box.addLayout(self.button_grid)
        box.addWidget(self.tabs, 1)
        self.set_case(None)

    # -- public API ---------------------------------------------------------------------

    @property
    def case_id(self) -> int | None:
        """The case on show."""
        return self.detail.row.id if self.detail is not None else None

    def set_case(self, detail: CaseDetailView | None) -> None:
        """Show a case (None: nothing selected)."""
        self.detail = detail
        shown = detail is not None
        self.empty_label.setVisible(not shown)
        self.title_label.setVisible(shown)
        self.tabs.setVisible(shown)
        while self.facts.rowCount():
            self.facts.removeRow(0)
        for tree in (self.media, self.history, self.deadlines, self.extractions):
            tree.clear()
        self._place_buttons(detail.allowed_actions if detail is not None else frozenset())
        if detail is None:
            return
        row, labels = detail.row, self.labels
        self.title_label.setText(
            f"{row.number} — {labels.violation_text(row.violation_type)}"
            f" — {labels.status_text(row.status)}"
        )
        self._fill_facts(detail)
        self._fill_media(detail)
        self._fill_history(detail)
        self._fill_deadlines(detail)
        self._fill_extractions(detail)

    def set_busy(self, busy: bool) -> None:
        """Grey the step buttons while a step is on its way to the hub."""
        for button in self.buttons.values():
            button.setEnabled(not busy)

    def shown_actions(self) -> list[str]:
        """The step buttons on show, in order."""
        return [a for a, b in self.buttons.items() if not b.isHidden()]

    def play_selected(self) -> None:
        """Play the selected medium (the first if none is selected)."""
        if self.detail is None or self.media.topLevelItemCount() == 0:
            return
        item = self.media.currentItem() or self.media.topLevelItem(0)
        media_id = item.data(0, _ROLE_ID) if item is not None else None
        if isinstance(media_id, int):
            self.playRequested.emit(self.detail.row.id, media_id)

    def step_text(self, item: StepItem) -> str:
        """What one history line says."""
        step = self.labels.step_text(item.action)
        if item.from_status and item.to_status and item.from_status != item.to_status:
            change = (
                f"{self.labels.status_text(item.from_status)} → "
                f"{self.labels.status_text(item.to_status)}"
            )
            step = f"{step} ({change})"
        return f"{step}: {item.text}" if item.text else step

    # -- building -------------------------------------------------------------------------

    def _place_buttons(self, allowed: frozenset[str]) -> None:
        for button in self.buttons.values():
            self.button_grid.removeWidget(button)
            button.hide()
        shown = [a for a in ACTIONS if a in allowed]
        for number, action in enumerate(shown):
            button = self.buttons[action]
            button.setEnabled(True)
            self.button_grid.addWidget(button, number // BUTTON_COLUMNS, number % BUTTON_COLUMNS)
            button.show()
        self.play_button.setEnabled(bool(self.detail and self.detail.media))

    def _fact(self, label: str, value: str) -> None:
        if not value:
            return
        text = QLabel(value)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts.addRow(label, text)

    def _fill_facts(self, detail: CaseDetailView) -> None:
        row = detail.row
        self._fact(self.tr("Place:"), row.place)
        vehicle = " · ".join(v for v in (row.plate, detail.vehicle_type) if v)
        self._fact(self.tr("Vehicle:"), vehicle)
        self._fact(self.tr("Detected:"), local_time(detail.detected_at))
        opened = local_time(row.opened_at)
        if detail.opened_by:
            opened = self.tr("%1 by %2").replace("%1", opened).replace("%2", detail.opened_by)
        self._fact(self.tr("Opened:"), opened)
        self._fact(self.tr("Operating unit:"), row.unit_name)
        police = row.police_unit_name
        if police and detail.accepted_by:
            police = self.tr("%1 (accepted by %2)").replace("%1", police)
            police = police.replace("%2", detail.accepted_by)
        self._fact(self.tr("Police unit:"), police)
        if detail.incident_id is not None:
            self._fact(self.tr("From incident:"), f"#{detail.incident_id}")
        for camera in detail.cameras:
            span = f"{local_time(camera.start)} – {local_time(camera.end)}"
            self._fact(self.tr("Camera:"), f"{camera.camera_name}: {span}")
        if detail.complex:
            self._fact(self.tr("Verification:"), self.tr("Complex (2 months)"))
        self._fact(self.tr("Violation record:"), detail.record_number)
        self._fact(self.tr("Penalty decision:"), detail.decision_number)
        if detail.outcome:
            outcome = self.labels.outcome_text(detail.outcome)
            if detail.conclusion:
                outcome += f": {detail.conclusion}"
            self._fact(self.tr("Conclusion:"), outcome)
        if detail.held:
            self._fact(self.tr("Legal hold:"), self.tr("Media and events are kept (TN 12.2)"))
        self._fact(self.tr("Description:"), detail.description)

    def _fill_media(self, detail: CaseDetailView) -> None:
        for medium in detail.media:
            duration = duration_text(medium.duration_seconds) if medium.kind == "clip" else ""
            item = QTreeWidgetItem(
                [
                    self.labels.media_kind_text(medium.kind),
                    medium.camera_name,
                    local_time(medium.start),
                    duration,
                    size_text(medium.size),
                    medium.sha256,
                ]
            )
            item.setData(0, _ROLE_ID, medium.id)
            item.setToolTip(5, medium.sha256)
            self.media.addTopLevelItem(item)
        first = self.media.topLevelItem(0)
        if first is not None:
            self.media.setCurrentItem(first)
        self.play_button.setEnabled(bool(detail.media))
        for column in range(5):
            self.media.resizeColumnToContents(column)

    def _fill_history(self, detail: CaseDetailView) -> None:
        for step in detail.steps:
            line = QTreeWidgetItem(
                [
                    local_time(step.at),
                    step.actor or self.tr("System"),
                    step.unit,
                    self.step_text(step),
                ]
            )
            self.history.addTopLevelItem(line)
        for column in range(3):
            self.history.resizeColumnToContents(column)

    def _fill_deadlines(self, detail: CaseDetailView) -> None:
        for deadline in detail.deadlines:
            state = self.labels.deadline_state_text(deadline.state)
            if deadline.state == "overdue":
                state = "⚠ " + state
            elif deadline.state == "due_soon":
                state = "◔ " + state
            elif deadline.met_at is not None:
                state = f"{state} ({local_time(deadline.met_at)})"
            kind = self.labels.deadline_text(deadline.kind)
            side = self.labels.side_text(deadline.side)
            item = QTreeWidgetItem(
                [f"{kind} ({side})", local_time(deadline.due_at), state, deadline.basis]
            )
            if deadline.state == "overdue":
                for column in range(4):
                    item.setForeground(column, OVERDUE_COLOUR)
            self.deadlines.addTopLevelItem(item)
        for column in range(3):
            self.deadlines.resizeColumnToContents(column)

    def _fill_extractions(self, detail: CaseDetailView) -> None:
        for request in detail.extractions:
            status = self.labels.extraction_status_text(request.status)
            if request.dossier_late:
                status = "⚠ " + status + " — " + self.tr("dossier late")
            elif request.dossier_due_at is not None:
                status += " — " + self.tr("dossier due %1").replace(
                    "%1", local_time(request.dossier_due_at)
                )
            item = QTreeWidgetItem([f"#{request.id}", status, request.requester, request.purpose])
            item.setData(0, _ROLE_ID, request.id)
            self.extractions.addTopLevelItem(item)
        mine = [n for n, r in enumerate(detail.extractions) if r.allowed]
        first = self.extractions.topLevelItem(mine[0]) if mine else None
        if first is not None:  # what I may act on comes selected
            self.extractions.setCurrentItem(first)
        self._extraction_buttons()

    def selected_extraction(self) -> ExtractionItem | None:
        """The extraction request selected in its tab."""
        item = self.extractions.currentItem()
        request_id = item.data(0, _ROLE_ID) if item is not None else None
        found = [r for r in (self.detail.extractions if self.detail else ()) if r.id == request_id]
        return found[0] if found else None

    def _extraction_buttons(self) -> None:
        request = self.selected_extraction()
        allowed = request.allowed if request is not None else frozenset()
        self.dossier_button.setVisible("complete_dossier" in allowed)
        self.withdraw_button.setVisible("withdraw" in allowed)

    def _extraction_act(self, action: str) -> None:
        request = self.selected_extraction()
        if request is not None and action in request.allowed:
            self.extractionActionRequested.emit(action, request.id)

    # -- intents --------------------------------------------------------------------------

    def _act(self, action: str) -> None:
        if self.detail is not None:
            self.actionRequested.emit(action, self.detail.row.id)


def _tree(parent: QWidget, name: str, headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setObjectName(name)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setWordWrap(True)
    tree.setAlternatingRowColors(True)
    return tree
