# SPDX-License-Identifier: GPL-3.0-or-later
"""Live tables of rows kept by id: the model, its sort/filter proxy, the kept selection.

:class:`KeyedRowsModel` keeps plain rows (frozen dataclasses with an ``id``) by id and
updates a row in place (``dataChanged``) or inserts one (``rowsInserted``) — never a reset
after the first load — so a view keeps its selection, scroll position and sort while the
hub pushes changes. :class:`KeyedFilterModel` sorts it by a key per column and filters it
by criteria (``accepts(row)``), following live updates. :class:`KeptSelection` keeps a
table's selected row by id across pushed updates and filter changes, and
:class:`FilterControls` ties a filter bar's widgets to the fields of its criteria.

The incident queue and the case board are built on these; each says what its rows show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSignalBlocker,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QTableView,
    QWidget,
)

ROLE_ID = Qt.ItemDataRole.UserRole + 1  # the id of a row
_NO_PARENT = QModelIndex()


class KeyedRow(Protocol):
    """A row of a keyed table: plain data with the id it is kept by."""

    @property
    def id(self) -> int: ...


class RowCriteria(Protocol):
    """What a filter bar asks for: whether a row passes (``text``: the search text)."""

    text: str

    def accepts(self, row: Any) -> bool: ...


RowT = TypeVar("RowT", bound=KeyedRow)
CriteriaT = TypeVar("CriteriaT", bound=RowCriteria)


class KeyedRowsModel(QAbstractTableModel, Generic[RowT]):
    """Rows by id, one table row each, updated in place.

    A subclass says what a row shows: :meth:`column_title`, :meth:`display` and
    :meth:`cell` (every role but :data:`ROLE_ID`, which answers the row's id).
    """

    def __init__(self, column_count: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._column_count = column_count
        self._rows: list[RowT] = []
        self._index: dict[int, int] = {}  # id → row number

    # -- data in ----------------------------------------------------------------------

    def set_rows(self, rows: list[RowT]) -> None:
        """Replace every row (as loaded at login)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._index = {r.id: n for n, r in enumerate(self._rows)}
        self.endResetModel()

    def upsert(self, row: RowT) -> bool:
        """Update the row with this id in place, or add it; ``True`` when it is new."""
        number = self._index.get(row.id)
        if number is not None:
            self._rows[number] = row
            last = self.index(number, self._column_count - 1)
            self.dataChanged.emit(self.index(number, 0), last)
            return False
        number = len(self._rows)
        self.beginInsertRows(QModelIndex(), number, number)
        self._rows.append(row)
        self._index[row.id] = number
        self.endInsertRows()
        return True

    def remove(self, row_id: int) -> None:
        """Drop the row with this id (nothing when there is none)."""
        number = self._index.get(row_id)
        if number is None:
            return
        self.beginRemoveRows(QModelIndex(), number, number)
        del self._rows[number]
        self._index = {r.id: n for n, r in enumerate(self._rows)}
        self.endRemoveRows()

    def on_rows_changed(self, slot: Callable[[], None]) -> None:
        """Call ``slot`` after rows are inserted, changed, removed or all replaced."""
        for signal in (self.rowsInserted, self.dataChanged, self.rowsRemoved):
            signal.connect(lambda *_: slot())
        self.modelReset.connect(slot)

    # -- data out ---------------------------------------------------------------------

    def find(self, row_id: int) -> RowT | None:
        """The row shown for an id."""
        number = self._index.get(row_id)
        return self._rows[number] if number is not None else None

    def number_of(self, row_id: int) -> int | None:
        """The source row number of an id."""
        return self._index.get(row_id)

    def rows(self) -> list[RowT]:
        """Every row, in arrival order."""
        return list(self._rows)

    def row_at(self, number: int) -> RowT:
        """The row of a source row number."""
        return self._rows[number]

    def column_title(self, section: int) -> str:
        """The header of a column."""
        raise NotImplementedError

    def display(self, row: RowT, column: int) -> str:
        """The text of one cell."""
        raise NotImplementedError

    def cell(self, row: RowT, column: int, role: int) -> Any:
        """What a cell answers for a role (``None``: nothing)."""
        raise NotImplementedError

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else self._column_count

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.column_title(section)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ROLE_ID:
            return row.id
        return self.cell(row, index.column(), role)


class KeyedFilterModel(QSortFilterProxyModel, Generic[RowT, CriteriaT]):
    """Sorts (by :meth:`sort_key`) and filters (by the criteria) a keyed model; rows
    follow live updates (dynamic sort and filter)."""

    def __init__(
        self, source: KeyedRowsModel[RowT], criteria: CriteriaT, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.criteria = criteria
        self.setSourceModel(source)
        self.setDynamicSortFilter(True)

    def set_filter(self, criteria: CriteriaT) -> None:
        """Apply new criteria."""
        self.beginFilterChange()
        self.criteria = criteria
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def row_id(self, index: QModelIndex) -> int | None:
        """The id of a view index's row."""
        value = index.siblingAtColumn(0).data(ROLE_ID) if index.isValid() else None
        return value if isinstance(value, int) else None

    def index_of(self, row_id: int) -> QModelIndex:
        """The view index (first column) of an id; invalid when filtered out."""
        number = self.source.number_of(row_id)
        if number is None:
            return QModelIndex()
        return self.mapFromSource(self.source.index(number, 0))

    def sort_key(self, row: RowT, column: int) -> tuple[Any, ...]:
        """What a column sorts by."""
        raise NotImplementedError

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        return self.criteria.accepts(self.source.row_at(source_row))

    def lessThan(
        self,
        left: QModelIndex | QPersistentModelIndex,
        right: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        a, b = self.source.row_at(left.row()), self.source.row_at(right.row())
        column = left.column()
        return self.sort_key(a, column) < self.sort_key(b, column)


def live_table(
    parent: QWidget,
    proxy: QSortFilterProxyModel,
    sort_column: int,
    stretch_column: int,
    sample: int = 100,
) -> QTableView:
    """A read-only, sortable table of one selectable row at a time over ``proxy``, sorted
    by ``sort_column`` ascending; ``stretch_column`` takes the spare width, and column
    widths come from ``sample`` rows."""
    table = QTableView(parent)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    header.setResizeContentsPrecision(sample)
    return table


class KeptSelection(Generic[RowT]):
    """The selected row of a live table, kept by id across pushed updates and filters.

    ``clear_pane`` empties the detail shown for the selection and ``announce`` tells the
    selected id (-1: none) — the operator's choice, or a selection lost to a filter or a
    reload. ``show_all`` clears the filters (to reveal a row being selected).
    """

    def __init__(
        self,
        table: QTableView,
        proxy: KeyedFilterModel[RowT, Any],
        show_all: Callable[[], None],
        clear_pane: Callable[[], None],
        announce: Callable[[int], None],
    ) -> None:
        self._table = table
        self._proxy = proxy
        self._show_all = show_all
        self._clear_pane = clear_pane
        self._announce = announce
        self._selected = -1
        self._updating = False  # a pushed change is being applied
        table.selectionModel().currentRowChanged.connect(self._current_changed)

    def selected_id(self) -> int | None:
        """The selected row's id."""
        return self._selected if self._selected >= 0 else None

    def select(self, row_id: int) -> bool:
        """Select a row (clears filters that hide it); ``False``: unknown."""
        if self._proxy.source.find(row_id) is None:
            return False
        index = self._proxy.index_of(row_id)
        if not index.isValid():
            self._show_all()
            index = self._proxy.index_of(row_id)
        self._table.selectRow(index.row())
        self._table.scrollTo(index)
        return True

    def reload(self, rows: list[RowT]) -> bool:
        """Replace every row; the selected row stays selected if it is still there.
        ``False``: it is not (or nothing was selected) and the pane is cleared."""
        selected = self._selected
        with self._updating_rows():
            self._proxy.source.set_rows(rows)
        self._selected = -1
        if selected >= 0 and self.select(selected):
            return True
        self._clear_pane()
        if selected >= 0:
            self._announce(-1)
        return False

    def upsert(self, row: RowT) -> bool:
        """Add or update a row in place, keeping the selection; ``True``: new."""
        with self._updating_rows():
            new = self._proxy.source.upsert(row)
        self.keep()
        return new

    def filter(self, criteria: Any) -> None:
        """Apply new criteria; the selection stays or, when now hidden, goes (the cursor
        the proxy moves to a neighbour is not the operator's choice)."""
        with self._updating_rows():
            self._proxy.set_filter(criteria)
        self.keep()

    def keep(self) -> None:
        """After a pushed change: the selected row stays selected; if the filter now hides
        it, nothing is selected (the cursor does not jump to a neighbour)."""
        if self._selected < 0:
            return
        index = self._proxy.index_of(self._selected)
        selection = self._table.selectionModel()
        if index.isValid():
            if self._proxy.row_id(selection.currentIndex()) != self._selected:
                self._table.selectRow(index.row())
            return
        blocker = QSignalBlocker(selection)
        selection.clear()
        del blocker
        self._table.viewport().update()
        self._selected = -1
        self._clear_pane()
        self._announce(-1)

    @contextmanager
    def _updating_rows(self) -> Iterator[None]:
        self._updating = True
        try:
            yield
        finally:
            self._updating = False

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._updating:
            return  # settled by keep()
        row_id = self._proxy.row_id(current)
        chosen = row_id if row_id is not None else -1
        if chosen != self._selected:
            self._selected = chosen
            if chosen < 0:
                self._clear_pane()
            self._announce(chosen)


def chosen_key(combo: QComboBox) -> str | None:
    """The key a filter combo has chosen (``None``: all)."""
    value = combo.currentData()
    return value if isinstance(value, str) and value else None


class FilterControls(Generic[CriteriaT]):
    """A filter bar's widgets tied to the fields of its criteria (a dataclass): a combo
    per choice (item data: the key, ``""`` for all), a check box per flag, and the
    search text (field ``text``). ``changed`` runs when the operator changes any."""

    def __init__(
        self,
        make: Callable[..., CriteriaT],
        combos: dict[str, QComboBox],
        checks: dict[str, QCheckBox],
        search: QLineEdit,
        changed: Callable[[], None],
    ) -> None:
        self._make = make
        self._combos = combos
        self._checks = checks
        self._search = search
        for combo in combos.values():
            combo.currentIndexChanged.connect(changed)
        for check in checks.values():
            check.toggled.connect(changed)
        search.textChanged.connect(changed)

    def criteria(self) -> CriteriaT:
        """What the widgets ask for."""
        choices = {name: chosen_key(combo) for name, combo in self._combos.items()}
        flags = {name: check.isChecked() for name, check in self._checks.items()}
        return self._make(**choices, **flags, text=self._search.text())

    def show(self, criteria: CriteriaT) -> None:
        """Set the widgets to these criteria without telling of each change."""
        widgets: list[QWidget] = [*self._combos.values(), *self._checks.values(), self._search]
        blockers = [QSignalBlocker(w) for w in widgets]
        for name, combo in self._combos.items():
            value = getattr(criteria, name)
            combo.setCurrentIndex(max(combo.findData(value), 0) if value else 0)
        for name, check in self._checks.items():
            check.setChecked(getattr(criteria, name))
        self._search.setText(criteria.text)
        del blockers
