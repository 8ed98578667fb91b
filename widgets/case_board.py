# SPDX-License-Identifier: GPL-3.0-or-later
"""The deadline board and police inbox: every open case the operator sees, live by id.

:class:`CaseRow` is one case as the board shows it (plain data; the console builds it
from the hub's contract). :class:`CaseTableModel` keeps rows by case id and updates a
row in place or inserts one — never a reset after the first load — so a pushed step
never loses the operator's selection or sort. :class:`CaseFilterModel` sorts (the next
deadline first) and filters: status, side that must act (IOC / police), due soon,
overdue, the inbox (sent to my police unit, not yet accepted), open only.

:class:`CaseBoard` puts the filter bar and counts above the table and the selected
case's :class:`~widgets.case_view.CaseView` below it. Overdue and due soon are never
told by colour alone: the deadline cell says it in words beside a sign.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from widgets.camera_tree import fold
from widgets.case_labels import OPEN_STATUSES, STATUSES, CaseLabels, Column
from widgets.case_view import CaseView
from widgets.incident_model import OVERDUE_COLOUR, SHORT_DATE_FORMAT, local_time
from widgets.keyed_table import (
    FilterControls,
    KeptSelection,
    KeyedFilterModel,
    KeyedRowsModel,
    live_table,
)

DUE_SOON_COLOUR = QColor(138, 80, 0)


@dataclass(frozen=True)
class CaseRow:
    """One case as the board shows it (values are the hub's keys).

    ``side`` is who must act next (the side of the next open deadline, else by status),
    ``next_kind`` / ``next_due_at`` that deadline, ``inbox`` whether it waits in my police
    unit's inbox (sent to it, not yet accepted).
    """

    id: int
    number: str
    status: str
    violation_type: str
    place: str
    opened_at: datetime
    side: str = "ioc"
    plate: str = ""
    unit_name: str = ""
    police_unit_name: str = ""
    next_kind: str = ""
    next_due_at: datetime | None = None
    due_soon: bool = False
    overdue: bool = False
    inbox: bool = False
    media_count: int = 0
    version: int = 1

    @property
    def open(self) -> bool:
        """Whether the case is still being worked on."""
        return self.status in OPEN_STATUSES


@dataclass(frozen=True)
class BoardCounts:
    """What the status bar says of the board."""

    open: int = 0
    inbox: int = 0
    due_soon: int = 0
    overdue: int = 0


class CaseTableModel(KeyedRowsModel[CaseRow]):
    """Cases by id, one row each, updated in place."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(Column.COUNT_OF, parent)
        self.labels = CaseLabels(self)
        self._bold = QFont()
        self._bold.setBold(True)

    def set_cases(self, rows: list[CaseRow]) -> None:
        """Replace every row (the board as loaded at login)."""
        self.set_rows(rows)

    def case(self, case_id: int) -> CaseRow | None:
        """The row shown for a case."""
        return self.find(case_id)

    def cases(self) -> list[CaseRow]:
        """Every row, in arrival order."""
        return self.rows()

    def counts(self) -> BoardCounts:
        """Open cases, the inbox, and open cases due soon or overdue."""
        live = [r for r in self._rows if r.open]
        return BoardCounts(
            open=len(live),
            inbox=sum(1 for r in live if r.inbox),
            due_soon=sum(1 for r in live if r.due_soon and not r.overdue),
            overdue=sum(1 for r in live if r.overdue),
        )

    def column_title(self, section: int) -> str:
        return self.labels.column_title(section)

    def cell(self, row: CaseRow, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.display(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == Column.DEADLINE and row.open and row.overdue:
                return QBrush(OVERDUE_COLOUR)
            if column == Column.DEADLINE and row.open and row.due_soon:
                return QBrush(DUE_SOON_COLOUR)
            if not row.open:
                return QBrush(QColor(110, 110, 110))
            return None
        if role == Qt.ItemDataRole.FontRole:
            urgent = column == Column.DEADLINE and row.open and (row.overdue or row.due_soon)
            return self._bold if urgent or (row.inbox and column == Column.NUMBER) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row)
        return None

    def display(self, row: CaseRow, column: int) -> str:
        """The text of one cell."""
        labels = self.labels
        if column == Column.NUMBER:
            return f"✉ {row.number}" if row.inbox else row.number
        if column == Column.STATUS:
            return labels.status_text(row.status)
        if column == Column.VIOLATION:
            return labels.violation_text(row.violation_type)
        if column == Column.PLACE:
            return f"{row.place} · {row.plate}" if row.plate else row.place
        if column == Column.SIDE:
            return labels.side_text(row.side) if row.open else ""
        if column == Column.DEADLINE:
            return self.deadline_cell(row)
        if column == Column.POLICE:
            return row.police_unit_name
        if column == Column.OPENED:
            return local_time(row.opened_at, SHORT_DATE_FORMAT)
        return ""

    def deadline_cell(self, row: CaseRow) -> str:
        """The next deadline: what, when, and overdue / due soon in words."""
        if not row.open or row.next_due_at is None:
            return ""
        due = local_time(row.next_due_at, SHORT_DATE_FORMAT)
        text = f"{self.labels.deadline_text(row.next_kind)} {due}".strip()
        if row.overdue:
            return "⚠ " + self.tr("Overdue: %1").replace("%1", text)
        if row.due_soon:
            return "◔ " + self.tr("Due soon: %1").replace("%1", text)
        return text

    def tooltip(self, row: CaseRow) -> str:
        """Number, violation, place and units of a case."""
        lines = [f"{row.number} — {self.labels.violation_text(row.violation_type)}", row.place]
        if row.unit_name:
            lines.append(self.tr("Operating unit: %1").replace("%1", row.unit_name))
        if row.police_unit_name:
            lines.append(self.tr("Police unit: %1").replace("%1", row.police_unit_name))
        if row.inbox:
            lines.append(self.tr("In your inbox: waiting to be accepted"))
        return "\n".join(lines)


@dataclass
class BoardFilter:
    """What the filter bar asks for (``None``/empty: no restriction)."""

    status: str | None = None
    side: str | None = None
    due_soon_only: bool = False
    overdue_only: bool = False
    inbox_only: bool = False
    open_only: bool = True
    text: str = ""

    def accepts(self, row: CaseRow) -> bool:
        """Whether a row passes."""
        if self.status and row.status != self.status:
            return False
        if self.side and not (row.open and row.side == self.side):
            return False
        if self.due_soon_only and not (row.open and (row.due_soon or row.overdue)):
            return False
        if self.overdue_only and not (row.open and row.overdue):
            return False
        if self.inbox_only and not row.inbox:
            return False
        if self.open_only and not row.open:
            return False
        needle = fold(self.text.strip())
        haystack = f"{row.number} {row.place} {row.plate} {row.police_unit_name}"
        return not needle or needle in fold(haystack)


class CaseFilterModel(KeyedFilterModel[CaseRow, BoardFilter]):
    """Sorts and filters the board; rows follow live updates."""

    def __init__(self, source: CaseTableModel, parent: QObject | None = None) -> None:
        super().__init__(source, BoardFilter(), parent)

    def case_id(self, index: QModelIndex) -> int | None:
        """The case of a view index."""
        return self.row_id(index)

    def sort_key(self, row: CaseRow, column: int) -> tuple[Any, ...]:
        """What a column sorts by; ties: the newest first."""
        newest = -row.opened_at.timestamp()
        if column == Column.DEADLINE:
            due = row.next_due_at if row.open else None
            return (due is None, due.timestamp() if due else 0.0, newest)
        if column == Column.STATUS:
            order = STATUSES.index(row.status) if row.status in STATUSES else len(STATUSES)
            return (order, newest)
        if column == Column.OPENED:
            return (row.opened_at.timestamp(),)
        return (fold(self.source.display(row, column)), newest)


class CaseBoard(QWidget):
    """Filter bar, counts, the case table and the selected case's view.

    Signals:
        caseSelected(int): the operator selected a case (-1: none).
        newCaseRequested(): "New case…".
        countsChanged(BoardCounts): open / inbox / due soon / overdue changed.
    """

    caseSelected = Signal(int)
    newCaseRequested = Signal()
    countsChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseBoard")
        self.model = CaseTableModel(self)
        self.proxy = CaseFilterModel(self.model, self)
        self.labels = self.model.labels
        self._counts = BoardCounts()
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("caseCounts")
        self.new_button = QPushButton(self.tr("New case…"), self)
        self.new_button.setObjectName("caseNew")
        self.new_button.clicked.connect(self.newCaseRequested)
        self._build_filters()
        self.table = live_table(self, self.proxy, Column.DEADLINE, Column.PLACE)
        self.table.setObjectName("caseTable")
        self.table.setAccessibleName(self.tr("Deadline board"))
        self.view = CaseView(self.labels, self)
        self.selection = KeptSelection(
            self.table,
            self.proxy,
            show_all=lambda: self.set_filter(BoardFilter(open_only=False)),
            clear_pane=lambda: self.view.set_case(None),
            announce=self.caseSelected.emit,
        )
        top = QHBoxLayout()
        top.addWidget(self.counts_label, 1)
        top.addWidget(self.new_button)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.view)
        splitter.setSizes([260, 400])
        box = QVBoxLayout(self)
        box.setContentsMargins(2, 2, 2, 2)
        box.addLayout(top)
        box.addLayout(self.filter_bar)
        box.addLayout(self.check_bar)
        box.addWidget(splitter, 1)
        QWidget.setTabOrder(self.search_edit, self.table)
        self.model.on_rows_changed(self._rows_changed)
        self._rows_changed()

    # -- feeding --------------------------------------------------------------------------

    def set_cases(self, rows: list[CaseRow]) -> None:
        """Replace the board (at login); the selected case stays selected if still there."""
        if not self.selection.reload(rows):
            self.table.resizeColumnsToContents()

    def upsert(self, row: CaseRow) -> bool:
        """Add or update a case in place; ``True``: new."""
        return self.selection.upsert(row)

    def remove(self, case_id: int) -> None:
        """Drop a case from the board."""
        self.model.remove(case_id)
        if self.view.case_id == case_id:
            self.view.set_case(None)

    def select(self, case_id: int) -> bool:
        """Select a case's row (clears filters that hide it); ``False``: unknown."""
        return self.selection.select(case_id)

    def selected_id(self) -> int | None:
        """The selected case."""
        return self.selection.selected_id()

    @property
    def counts(self) -> BoardCounts:
        """Open, inbox, due soon and overdue cases."""
        return self._counts

    def counts_text(self, counts: BoardCounts) -> str:
        """The counts in words (the board's header and the status bar)."""
        return (
            self.tr("Cases: %1 · Inbox: %2 · Due soon: %3 · Overdue: %4")
            .replace("%1", str(counts.open))
            .replace("%2", str(counts.inbox))
            .replace("%3", str(counts.due_soon))
            .replace("%4", str(counts.overdue))
        )

    # -- filters --------------------------------------------------------------------------

    def set_filter(self, criteria: BoardFilter) -> None:
        """Set the filter bar (and the table) to these criteria."""
        self.filters.show(criteria)
        self._apply_filter()

    def show_inbox(self) -> None:
        """Only the cases waiting in my police unit's inbox."""
        self.set_filter(BoardFilter(inbox_only=True))
        self.table.setFocus()

    def _build_filters(self) -> None:
        self.status_box = QComboBox(self)
        self.status_box.setObjectName("caseStatusFilter")
        self.status_box.addItem(self.tr("All statuses"), "")
        for status in STATUSES:
            self.status_box.addItem(self.labels.status_text(status), status)
        self.side_box = QComboBox(self)
        self.side_box.setObjectName("caseSideFilter")
        self.side_box.addItem(self.tr("Both sides"), "")
        for side in ("ioc", "police"):
            self.side_box.addItem(self.labels.side_text(side), side)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(self.tr("Search number, place or plate"))
        self.search_edit.setClearButtonEnabled(True)
        self.due_soon_box = QCheckBox(self.tr("&Due soon"), self)
        self.overdue_box = QCheckBox(self.tr("O&verdue"), self)
        self.inbox_box = QCheckBox(self.tr("&Inbox"), self)
        self.inbox_box.setObjectName("caseInboxFilter")
        self.open_box = QCheckBox(self.tr("Open only"), self)
        self.open_box.setChecked(True)
        self.filters = FilterControls(
            BoardFilter,
            combos={"status": self.status_box, "side": self.side_box},
            checks={
                "due_soon_only": self.due_soon_box,
                "overdue_only": self.overdue_box,
                "inbox_only": self.inbox_box,
                "open_only": self.open_box,
            },
            search=self.search_edit,
            changed=self._apply_filter,
        )
        self.filter_bar = QHBoxLayout()
        self.filter_bar.addWidget(self.status_box)
        self.filter_bar.addWidget(self.side_box)
        self.filter_bar.addWidget(self.search_edit, 1)
        self.check_bar = QHBoxLayout()
        for check in (self.inbox_box, self.due_soon_box, self.overdue_box, self.open_box):
            self.check_bar.addWidget(check)
        self.check_bar.addStretch(1)

    def _apply_filter(self) -> None:
        self.selection.filter(self.filters.criteria())

    # -- reactions ------------------------------------------------------------------------

    def _rows_changed(self) -> None:
        counts = self.model.counts()
        self.counts_label.setText(self.counts_text(counts))
        if counts != self._counts:
            self._counts = counts
            self.countsChanged.emit(counts)
