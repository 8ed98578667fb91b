# SPDX-License-Identifier: GPL-3.0-or-later
"""The incident queue's table model and its sort/filter proxy (plain data, no hub).

:class:`IncidentRow` is one incident as the queue shows it; the console builds it from
the hub's contract. :class:`IncidentTableModel` keeps rows by incident id and updates a
row in place (``dataChanged``) or inserts one (``rowsInserted``) — never a reset after
the first load — so the view keeps its selection, scroll position and sort while the hub
pushes changes. :class:`IncidentFilterModel` sorts (priority first, then the newest) and
filters (priority, status, area, camera, category, overdue only, open only).

Priority and overdue are never told by colour alone: the priority column says the
priority in words beside a shaped badge, and an overdue deadline says "overdue" beside a
warning sign.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDateTime, QModelIndex, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPen, QPixmap, QPolygonF

from widgets.camera_tree import fold
from widgets.incident_labels import Column as Column
from widgets.incident_labels import IncidentLabels
from widgets.keyed_table import KeyedFilterModel, KeyedRowsModel
from widgets.tile_overlay import LOCAL_ZONE

SHORT_DATE_FORMAT = "dd/MM HH:mm"
DATE_FORMAT = "dd/MM/yyyy HH:mm"
PRIORITIES = ("critical", "high", "medium", "low")
STATUSES = ("new", "acknowledged", "assigned", "in_progress", "resolved", "closed")
OPEN_STATUSES = frozenset({"new", "acknowledged", "assigned", "in_progress"})
CATEGORIES = (
    "fault",
    "security_incident",
    "data_leak",
    "abuse",
    "violation",
    "intrusion",
    "motion",
    "tampering",
    "other",
)
REPORTABLE = ("fault", "security_incident", "data_leak", "abuse")
ACTIONS = (
    "acknowledge",
    "assign",
    "start",
    "comment",
    "escalate",
    "resolve",
    "close",
    "reopen",
)

# Background and text colours per priority: dark text on light tints (readable on any
# theme), the critical row in strong red with white text.
PRIORITY_COLOURS: dict[str, tuple[QColor, QColor]] = {
    "critical": (QColor(179, 38, 30), QColor(255, 255, 255)),
    "high": (QColor(255, 204, 188), QColor(60, 20, 0)),
    "medium": (QColor(255, 236, 179), QColor(60, 45, 0)),
    "low": (QColor(227, 232, 240), QColor(30, 40, 55)),
}
OVERDUE_COLOUR = QColor(176, 0, 32)


@dataclass(frozen=True)
class IncidentRow:
    """One incident as the queue shows it (plain data; values are the hub's keys).

    ``camera_id`` is the hub's camera id as text (as on the wall), ``territory_name`` the
    area, ``due_at`` the repair deadline and ``notice_due_at`` the TN 11.5 notice one.
    """

    id: int
    category: str
    priority: str
    status: str
    title: str
    opened_at: datetime
    first_event_at: datetime
    camera_id: str | None = None
    camera_name: str = ""
    territory_name: str = ""
    unit_name: str = ""
    count: int = 1
    due_at: datetime | None = None
    notice_due_at: datetime | None = None
    overdue: bool = False
    requires_ack: bool = False
    acknowledged_by: str = ""
    assignee_name: str = ""
    escalation_level: int = 0
    version: int = 1

    @property
    def open(self) -> bool:
        """Whether someone still has work on it (not resolved or closed)."""
        return self.status in OPEN_STATUSES

    @property
    def deadline(self) -> datetime | None:
        """The nearest deadline on show (repair or written notice)."""
        dues = [d for d in (self.due_at, self.notice_due_at) if d is not None]
        return min(dues) if dues else None


@dataclass(frozen=True)
class Counts:
    """What the status bar says of the queue."""

    open: int = 0
    critical: int = 0  # open and critical
    overdue: int = 0  # open and overdue


def local_time(at: datetime | None, fmt: str = DATE_FORMAT) -> str:
    """A UTC instant as the operator reads it (Asia/Ho_Chi_Minh)."""
    if at is None:
        return ""
    moment = QDateTime.fromMSecsSinceEpoch(int(at.timestamp() * 1000))
    return moment.toTimeZone(LOCAL_ZONE).toString(fmt)


def priority_rank(priority: str) -> int:
    """Critical first."""
    return PRIORITIES.index(priority) if priority in PRIORITIES else len(PRIORITIES)


def _badge(priority: str) -> QIcon:
    """A shape per priority (double triangle, triangle, circle, dot): told apart without
    colour too."""
    background, _text = PRIORITY_COLOURS.get(priority, PRIORITY_COLOURS["low"])
    colour = background if priority != "low" else QColor(90, 110, 140)
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour.darker(150), 1))
    painter.setBrush(colour)
    if priority in ("critical", "high"):
        painter.drawPolygon(QPolygonF([QPointF(8, 1), QPointF(15, 14), QPointF(1, 14)]))
        painter.setPen(QPen(QColor(255, 255, 255), 2))
        mark = "‼" if priority == "critical" else "!"
        painter.drawText(QRectF(0, 3, 16, 12), Qt.AlignmentFlag.AlignCenter, mark)
    elif priority == "medium":
        painter.drawEllipse(QRectF(2, 2, 12, 12))
    else:
        painter.drawEllipse(QRectF(5, 5, 6, 6))
    painter.end()
    return QIcon(pixmap)


def _overdue_icon() -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(OVERDUE_COLOUR, 2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(QRectF(2, 2, 12, 12))
    painter.drawLine(QPointF(8, 8), QPointF(8, 4))
    painter.drawLine(QPointF(8, 8), QPointF(11, 10))
    painter.end()
    return QIcon(pixmap)


class IncidentTableModel(KeyedRowsModel[IncidentRow]):
    """Incidents by id, one row each, updated in place."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(Column.COUNT_OF, parent)
        self.labels = IncidentLabels(self)
        self._badges = {p: _badge(p) for p in PRIORITIES}
        self._overdue_icon = _overdue_icon()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_incidents(self, rows: list[IncidentRow]) -> None:
        """Replace every row (the queue as loaded at login)."""
        self.set_rows(rows)

    def incident(self, incident_id: int) -> IncidentRow | None:
        """The row shown for an incident."""
        return self.find(incident_id)

    def incidents(self) -> list[IncidentRow]:
        """Every row, in arrival order."""
        return self.rows()

    def counts(self) -> Counts:
        """Open, open-critical and open-overdue incidents."""
        live = [r for r in self._rows if r.open]
        return Counts(
            open=len(live),
            critical=sum(1 for r in live if r.priority == "critical"),
            overdue=sum(1 for r in live if r.overdue),
        )

    def column_title(self, section: int) -> str:
        return self.labels.column_title(section)

    def cell(self, row: IncidentRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == Qt.ItemDataRole.DecorationRole:
            if column == Column.PRIORITY:
                return self._badges.get(row.priority)
            if column == Column.DUE and row.overdue and row.open:
                return self._overdue_icon
            return None
        if role == Qt.ItemDataRole.BackgroundRole and column == Column.PRIORITY:
            return QBrush(PRIORITY_COLOURS.get(row.priority, PRIORITY_COLOURS["low"])[0])
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == Column.PRIORITY:
                return QBrush(PRIORITY_COLOURS.get(row.priority, PRIORITY_COLOURS["low"])[1])
            if column == Column.DUE and row.overdue and row.open:
                return QBrush(OVERDUE_COLOUR)
            if not row.open:
                return QBrush(QColor(110, 110, 110))
            return None
        if role == Qt.ItemDataRole.FontRole:
            critical_new = row.priority == "critical" and row.status == "new"
            if critical_new or (column == Column.DUE and row.overdue and row.open):
                return self._bold
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.display(row, column)
        return None

    def display(self, row: IncidentRow, column: int) -> str:
        """The text of one cell."""
        if column == Column.PRIORITY:
            return self.labels.priority_text(row.priority)
        if column == Column.STATUS:
            text = self.labels.status_text(row.status)
            if row.escalation_level > 0:
                text += " ↑" + str(row.escalation_level)
            return text
        if column == Column.CATEGORY:
            return self.labels.category_text(row.category)
        if column == Column.TITLE:
            return row.title if row.count <= 1 else f"{row.title} (×{row.count})"
        if column == Column.CAMERA:
            return row.camera_name
        if column == Column.AREA:
            return row.territory_name
        if column == Column.OPENED:
            return local_time(row.opened_at, SHORT_DATE_FORMAT)
        if column == Column.DUE:
            due = local_time(row.deadline, SHORT_DATE_FORMAT)
            if row.overdue and row.open:
                return self.tr("Overdue %1").replace("%1", due).strip()
            return due
        if column == Column.ASSIGNEE:
            return row.assignee_name
        if column == Column.COUNT:
            return str(row.count)
        return ""

    def tooltip(self, row: IncidentRow) -> str:
        """Title, place and deadlines of an incident."""
        lines = [row.title]
        if row.camera_name:
            lines.append(self.tr("Camera: %1").replace("%1", row.camera_name))
        if row.unit_name:
            lines.append(self.tr("Duty unit: %1").replace("%1", row.unit_name))
        if row.due_at is not None:
            lines.append(self.tr("Due: %1").replace("%1", local_time(row.due_at)))
        if row.notice_due_at is not None:
            lines.append(
                self.tr("Written notice due: %1").replace("%1", local_time(row.notice_due_at))
            )
        if row.overdue and row.open:
            lines.append(self.tr("Overdue"))
        return "\n".join(lines)


@dataclass
class QueueFilter:
    """What the filter bar asks for (``None``/empty: no restriction)."""

    priority: str | None = None
    status: str | None = None
    territory: str | None = None
    camera: str | None = None  # camera name
    category: str | None = None
    overdue_only: bool = False
    open_only: bool = True
    text: str = ""  # part of the title or camera, or the incident number

    def accepts(self, row: IncidentRow) -> bool:
        """Whether a row passes."""
        if self.priority and row.priority != self.priority:
            return False
        if self.status and row.status != self.status:
            return False
        if self.territory and row.territory_name != self.territory:
            return False
        if self.camera and row.camera_name != self.camera:
            return False
        if self.category and row.category != self.category:
            return False
        if self.overdue_only and not (row.overdue and row.open):
            return False
        if self.open_only and not row.open:
            return False
        needle = fold(self.text.strip())
        return not needle or needle in fold(f"{row.title} {row.camera_name} {row.id}")


class IncidentFilterModel(KeyedFilterModel[IncidentRow, QueueFilter]):
    """Sorts and filters the queue; rows follow live updates (dynamic sort and filter)."""

    def __init__(self, source: IncidentTableModel, parent: QObject | None = None) -> None:
        super().__init__(source, QueueFilter(), parent)

    def incident_id(self, index: QModelIndex) -> int | None:
        """The incident of a view index."""
        return self.row_id(index)

    def sort_key(self, row: IncidentRow, column: int) -> tuple[Any, ...]:
        """What a column sorts by; ties: the newest first."""
        newest = -row.opened_at.timestamp()
        if column == Column.PRIORITY:
            return (priority_rank(row.priority), newest)
        if column == Column.STATUS:
            order = STATUSES.index(row.status) if row.status in STATUSES else len(STATUSES)
            return (order, newest)
        if column == Column.OPENED:
            return (row.opened_at.timestamp(),)
        if column == Column.DUE:
            deadline = row.deadline
            return (deadline is None, deadline.timestamp() if deadline else 0.0, newest)
        if column == Column.COUNT:
            return (row.count, newest)
        return (fold(self.source.display(row, column)), newest)
