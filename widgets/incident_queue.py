# SPDX-License-Identifier: GPL-3.0-or-later
"""The incident queue dock: filter bar, live table, counts, alert, and the detail pane.

The controller feeds rows (:meth:`IncidentQueue.set_incidents` at login,
:meth:`IncidentQueue.upsert` for every pushed change) and the selected incident's
detail; the queue only emits intents. Rows are updated in place, so a pushed change
never loses the operator's selection, sort or scroll position.

A new critical incident sounds (unless muted; :class:`~widgets.alert_sound.AlertSound`)
and flashes a banner until no critical incident waits for acknowledgement.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from widgets.alert_sound import AlertSound
from widgets.incident_detail import IncidentDetailPane, IncidentDetailView
from widgets.incident_model import (
    CATEGORIES,
    PRIORITIES,
    STATUSES,
    Column,
    Counts,
    IncidentFilterModel,
    IncidentRow,
    IncidentTableModel,
    QueueFilter,
)
from widgets.keyed_table import FilterControls, KeptSelection, live_table

FLASH_MS = 500
RESIZE_SAMPLE = 100  # rows measured for column widths (a full queue took 0.6 s)
BANNER_ON = "background: #b3261e; color: white; font-weight: bold; padding: 4px;"
BANNER_OFF = "background: #ffdad6; color: #410002; font-weight: bold; padding: 4px;"


class IncidentQueue(QWidget):
    """Filter bar, counts, mute, the incident table and the detail pane.

    Signals:
        incidentSelected(int): the operator selected an incident (-1: none).
        showRequested(int): double-click or "Show on the wall".
        actionRequested(str, int): a life-cycle button (action key, incident id).
        stepToggled(int, str, bool): a procedure step ticked or unticked.
        reportRequested(): "Report incident…".
        countsChanged(Counts): open / critical / overdue changed (for the status bar).
        mutedChanged(bool): the alert sound was muted or unmuted.
    """

    incidentSelected = Signal(int)
    showRequested = Signal(int)
    actionRequested = Signal(str, int)
    stepToggled = Signal(int, str, bool)
    reportRequested = Signal()
    countsChanged = Signal(object)
    mutedChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None, sound: AlertSound | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentQueue")
        self.model = IncidentTableModel(self)
        self.proxy = IncidentFilterModel(self.model, self)
        self.sound = sound or AlertSound(self)
        self._counts = Counts()
        self._flash_on = False
        self._flash = QTimer(self)
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(self._blink)
        self._build_filters()
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("incidentCounts")
        self.mute_button = QToolButton(self)
        self.mute_button.setObjectName("incidentMute")
        self.mute_button.setCheckable(True)
        self.mute_button.setText(self.tr("Mute"))
        self.mute_button.setToolTip(self.tr("Silence the alert of new critical incidents"))
        self.mute_button.toggled.connect(self._mute_toggled)
        self.report_button = QPushButton(self.tr("Report incident…"), self)
        self.report_button.setObjectName("incidentReport")
        self.report_button.clicked.connect(self.reportRequested)
        self.banner = QLabel(self)
        self.banner.setObjectName("incidentBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.table = live_table(self, self.proxy, Column.PRIORITY, Column.TITLE, RESIZE_SAMPLE)
        self.table.setObjectName("incidentTable")
        self.table.setAccessibleName(self.tr("Incident queue"))
        self.table.doubleClicked.connect(self._double_clicked)
        self.detail = IncidentDetailPane(self.model.labels, self)
        self.selection = KeptSelection(
            self.table,
            self.proxy,
            show_all=lambda: self.set_filter(QueueFilter(open_only=False)),
            clear_pane=lambda: self.detail.set_detail(None),
            announce=self.incidentSelected.emit,
        )
        self.detail.actionRequested.connect(self.actionRequested)
        self.detail.stepToggled.connect(self.stepToggled)
        self.detail.showRequested.connect(self.showRequested)
        top = QHBoxLayout()
        top.addWidget(self.counts_label, 1)
        top.addWidget(self.mute_button)
        top.addWidget(self.report_button)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([300, 300])
        box = QVBoxLayout(self)
        box.setContentsMargins(2, 2, 2, 2)
        box.addLayout(top)
        box.addWidget(self.banner)
        box.addLayout(self.filter_grid)
        box.addWidget(splitter, 1)
        self.model.on_rows_changed(self._rows_changed)
        self._rows_changed()

    # -- feeding --------------------------------------------------------------------------

    def set_incidents(self, rows: list[IncidentRow]) -> None:
        """Replace the queue (at login); no alert for what was already there. The selected
        incident stays selected if it is still there."""
        self.selection.reload(rows)
        self.table.resizeColumnsToContents()

    def upsert(self, row: IncidentRow, alert: bool = True) -> bool:
        """Add or update an incident in place; a new critical one alerts. ``True``: new."""
        new = self.selection.upsert(row)
        if new and alert and row.priority == "critical" and row.status == "new":
            self.alert()
        detail = self.detail.detail
        if detail is not None and detail.row.id == row.id:
            self.detail.set_detail(_with_row(detail, row))
        return new

    def remove(self, incident_id: int) -> None:
        """Drop an incident from the queue."""
        self.model.remove(incident_id)
        if self.detail.incident_id == incident_id:
            self.detail.set_detail(None)

    def set_detail(self, detail: IncidentDetailView | None) -> None:
        """Show the selected incident's detail (the controller fetched it)."""
        if detail is not None:
            self.model.upsert(detail.row)
        self.detail.set_detail(detail)

    def select(self, incident_id: int) -> bool:
        """Select an incident's row (clears filters that hide it); ``False``: unknown."""
        return self.selection.select(incident_id)

    def selected_id(self) -> int | None:
        """The selected incident."""
        return self.selection.selected_id()

    # -- alert ----------------------------------------------------------------------------

    @property
    def muted(self) -> bool:
        """Whether new critical incidents are silent (they still flash)."""
        return self.mute_button.isChecked()

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute the alert sound."""
        self.mute_button.setChecked(muted)

    @property
    def flashing(self) -> bool:
        """Whether the banner flashes (a critical incident waits for acknowledgement)."""
        return self._flash.isActive()

    def alert(self) -> None:
        """A new critical incident: sound (unless muted), flash, and the taskbar."""
        if not self.muted:
            self.sound.play()
        self._sync_banner()
        window = self.window()
        if window is not None and window.isVisible():
            QApplication.alert(window, 0)

    # -- counts ---------------------------------------------------------------------------

    @property
    def counts(self) -> Counts:
        """Open, critical and overdue incidents in the queue."""
        return self._counts

    def counts_text(self, counts: Counts) -> str:
        """The counts in words (the queue's header and the status bar)."""
        return (
            self.tr("Open: %1 · Critical: %2 · Overdue: %3")
            .replace("%1", str(counts.open))
            .replace("%2", str(counts.critical))
            .replace("%3", str(counts.overdue))
        )

    # -- filters --------------------------------------------------------------------------

    def set_filter(self, criteria: QueueFilter) -> None:
        """Set the filter bar (and the table) to these criteria."""
        self.filters.show(criteria)
        self._apply_filter()

    def _build_filters(self) -> None:
        labels = self.model.labels
        self.priority_box = _choices(
            self, self.tr("All priorities"), PRIORITIES, labels.priority_text
        )
        self.status_box = _choices(self, self.tr("All statuses"), STATUSES, labels.status_text)
        self.category_box = _choices(
            self, self.tr("All categories"), CATEGORIES, labels.category_text
        )
        self.area_box = _choices(self, self.tr("All areas"), (), str)
        self.camera_box = _choices(self, self.tr("All cameras"), (), str)
        self.overdue_box = QCheckBox(self.tr("Overdue only"), self)
        self.open_box = QCheckBox(self.tr("Open only"), self)
        self.open_box.setChecked(True)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(self.tr("Search title, camera or number"))
        self.search_edit.setClearButtonEnabled(True)
        self.filters = FilterControls(
            QueueFilter,
            combos={
                "priority": self.priority_box,
                "status": self.status_box,
                "category": self.category_box,
                "territory": self.area_box,
                "camera": self.camera_box,
            },
            checks={"overdue_only": self.overdue_box, "open_only": self.open_box},
            search=self.search_edit,
            changed=self._apply_filter,
        )
        grid = QGridLayout()
        grid.addWidget(self.priority_box, 0, 0)
        grid.addWidget(self.status_box, 0, 1)
        grid.addWidget(self.category_box, 0, 2)
        grid.addWidget(self.area_box, 1, 0)
        grid.addWidget(self.camera_box, 1, 1)
        grid.addWidget(self.search_edit, 1, 2)
        checks = QHBoxLayout()
        checks.addWidget(self.open_box)
        checks.addWidget(self.overdue_box)
        checks.addStretch(1)
        grid.addLayout(checks, 2, 0, 1, 3)
        self.filter_grid = grid

    def _apply_filter(self) -> None:
        # Through the kept selection: the cursor the proxy moves to a neighbour when the
        # selected incident is filtered out is not the operator's choice.
        self.selection.filter(self.filters.criteria())

    # -- reactions ------------------------------------------------------------------------

    def _rows_changed(self) -> None:
        rows = self.model.incidents()
        _refill(self.area_box, sorted({r.territory_name for r in rows if r.territory_name}))
        _refill(self.camera_box, sorted({r.camera_name for r in rows if r.camera_name}))
        counts = self.model.counts()
        self.counts_label.setText(self.counts_text(counts))
        if counts != self._counts:
            self._counts = counts
            self.countsChanged.emit(counts)
        self._sync_banner()

    def _sync_banner(self) -> None:
        waiting = [
            r for r in self.model.incidents() if r.priority == "critical" and r.status == "new"
        ]
        if not waiting:
            self._flash.stop()
            self.banner.hide()
            return
        self.banner.setText(
            "⚠ "
            + self.tr("Critical incidents waiting for acknowledgement: %1").replace(
                "%1", str(len(waiting))
            )
        )
        self.banner.show()
        if not self._flash.isActive():
            self._flash_on = True
            self.banner.setStyleSheet(BANNER_ON)
            self._flash.start()

    def _blink(self) -> None:
        self._flash_on = not self._flash_on
        self.banner.setStyleSheet(BANNER_ON if self._flash_on else BANNER_OFF)

    def _mute_toggled(self, muted: bool) -> None:
        self.mute_button.setText(self.tr("Muted") if muted else self.tr("Mute"))
        self.mutedChanged.emit(muted)

    def _double_clicked(self, index: QModelIndex) -> None:
        incident_id = self.proxy.incident_id(index)
        if incident_id is not None:
            self.showRequested.emit(incident_id)


def _choices(parent: QWidget, everything: str, keys: Any, label: Any) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem(everything, "")
    for key in keys:
        combo.addItem(label(key), key)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    return combo


def _refill(combo: QComboBox, values: list[str]) -> None:
    """Replace a combo's choices after "all", keeping the current one."""
    present = [combo.itemData(i) for i in range(1, combo.count())]
    if present == values:
        return
    current = combo.currentData()
    blocker = QSignalBlocker(combo)
    while combo.count() > 1:
        combo.removeItem(1)
    for value in values:
        combo.addItem(value, value)
    if current and current not in values:
        combo.addItem(current, current)  # a choice stays until the operator changes it
    combo.setCurrentIndex(max(combo.findData(current), 0) if current else 0)
    del blocker


def _with_row(detail: IncidentDetailView, row: IncidentRow) -> IncidentDetailView:
    return replace(detail, row=row)
