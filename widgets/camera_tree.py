# SPDX-License-Identifier: GPL-3.0-or-later
"""The camera tree: cameras by territory, operating unit or domain, with search, live
status icons and favourites; cameras and whole folders drag onto the wall.

The tree takes plain :class:`CameraItem` records (a controller in ``console/`` builds them
from the hub's catalogue) and only emits intents: it never talks to the hub.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum

from PySide6.QtCore import QDateTime, QMimeData, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from widgets.mime import CAMERA_LIST_MIME, CAMERA_MIME, cameras_mime
from widgets.tile_overlay import DATE_FORMAT, LOCAL_ZONE

STATUS_COLOURS = {
    "online": QColor(46, 160, 67),
    "degraded": QColor(230, 150, 0),
    "offline": QColor(200, 40, 40),
    "unknown": QColor(140, 140, 140),
}
STAR_ON = QColor(245, 190, 0)
STAR_OFF = QColor(150, 150, 150)
DRIFT_LIMIT_SECONDS = 5.0
_ROLE_CAMERA = Qt.ItemDataRole.UserRole + 1  # camera id on camera rows
_ROLE_KEY = Qt.ItemDataRole.UserRole + 2  # folder key on folder rows
NAME_COLUMN, STAR_COLUMN = 0, 1
FAVOURITES_KEY = "favourites"


@dataclass(frozen=True)
class CameraItem:
    """One camera as the tree shows it (plain data, no hub contract).

    ``territory_path`` runs from the province down (province, district, commune names);
    ``domain`` is the hub's domain key ("" when none), translated by the tree.
    """

    id: str
    code: str
    name: str
    territory_path: tuple[str, ...] = ()
    operating_unit: str = ""
    domain: str = ""
    status: str = "unknown"
    last_seen: datetime | None = None
    clock_offset_seconds: float | None = None
    has_ptz: bool = False

    @property
    def clock_drifts(self) -> bool:
        """Whether the camera's clock is off from the hub's by more than a few seconds."""
        offset = self.clock_offset_seconds
        return offset is not None and abs(offset) > DRIFT_LIMIT_SECONDS


class Grouping(Enum):
    """How the tree groups cameras."""

    TERRITORY = "territory"
    UNIT = "unit"
    DOMAIN = "domain"


def fold(text: str) -> str:
    """Case- and accent-insensitive form for searching ("Đà Nẵng" matches "da nang")."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _dot_icon(colour: QColor) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour.darker(140), 1))
    painter.setBrush(colour)
    painter.drawEllipse(QRectF(2, 2, 10, 10))
    painter.end()
    return QIcon(pixmap)


def _star_icon(colour: QColor, filled: bool) -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour, 1.2))
    painter.setBrush(colour if filled else Qt.BrushStyle.NoBrush)
    painter.drawText(QRectF(0, 0, 16, 16), Qt.AlignmentFlag.AlignCenter, "★" if filled else "☆")
    painter.end()
    return QIcon(pixmap)


class _Tree(QTreeWidget):
    """A tree whose drags carry the camera ids of the dragged rows (folders: all inside)."""

    def mimeData(self, items: Sequence[QTreeWidgetItem]) -> QMimeData:
        ids: list[str] = []
        for item in items:
            for camera_id in _cameras_under(item):
                if camera_id not in ids:
                    ids.append(camera_id)
        return cameras_mime(ids)

    def mimeTypes(self) -> list[str]:
        return [CAMERA_MIME, CAMERA_LIST_MIME]


def _cameras_under(item: QTreeWidgetItem) -> list[str]:
    """Camera ids of ``item`` (a camera row) or of the visible rows under it (a folder)."""
    camera_id = item.data(NAME_COLUMN, _ROLE_CAMERA)
    if camera_id:
        return [str(camera_id)]
    ids: list[str] = []
    for child in _children(item):
        if not child.isHidden():
            ids.extend(c for c in _cameras_under(child) if c not in ids)
    return ids


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    children = (item.child(i) for i in range(item.childCount()))
    return [c for c in children if c is not None]


class CameraTree(QWidget):
    """Search box, grouping choice and the tree of cameras.

    Signals:
        cameraActivated(camera_id): a camera was double-clicked (open it on the
            selected tile).
        favouritesChanged(camera_ids): the favourites changed (persist them).
        privacyMasksRequested(camera_id): edit the camera's privacy masks (offered only
            while ``privacy_editable``: the user holds ``privacy.manage``).
    """

    cameraActivated = Signal(str)
    favouritesChanged = Signal(list)
    privacyMasksRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cameras: dict[str, CameraItem] = {}
        self._favourites: list[str] = []
        self._rows: dict[str, list[QTreeWidgetItem]] = {}
        self._grouping = Grouping.TERRITORY
        self._seen_folders: set[str] = set()  # new folders open expanded, known ones as left
        self.privacy_editable = False
        self._status_icons = {k: _dot_icon(c) for k, c in STATUS_COLOURS.items()}
        self._star_on = _star_icon(STAR_ON, True)
        self._star_off = _star_icon(STAR_OFF, False)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(self.tr("Search code or name"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._apply_filter)
        self.grouping_box = QComboBox(self)
        self.grouping_box.addItem(self.tr("By territory"), Grouping.TERRITORY.value)
        self.grouping_box.addItem(self.tr("By operating unit"), Grouping.UNIT.value)
        self.grouping_box.addItem(self.tr("By domain"), Grouping.DOMAIN.value)
        self.grouping_box.currentIndexChanged.connect(self._grouping_chosen)
        self.tree = _Tree(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(STAR_COLUMN, QHeaderView.ResizeMode.Fixed)
        self.tree.header().resizeSection(STAR_COLUMN, 24)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.setAccessibleName(self.tr("Cameras"))
        box = QVBoxLayout(self)
        box.setContentsMargins(2, 2, 2, 2)
        box.addWidget(self.search_edit)
        box.addWidget(self.grouping_box)
        box.addWidget(self.tree, 1)

    # -- public API -------------------------------------------------------------

    @property
    def grouping(self) -> Grouping:
        """How cameras are grouped now."""
        return self._grouping

    @property
    def favourites(self) -> list[str]:
        """Favourite camera ids, in the order they were starred."""
        return list(self._favourites)

    def camera(self, camera_id: str) -> CameraItem | None:
        """The record shown for ``camera_id``."""
        return self._cameras.get(camera_id)

    def set_cameras(self, cameras: Iterable[CameraItem]) -> None:
        """Show these cameras (replaces the previous list)."""
        self._cameras = {c.id: c for c in cameras}
        self._rebuild()

    def set_favourites(self, camera_ids: Iterable[str]) -> None:
        """Mark these cameras as favourites (e.g. restored from the settings)."""
        self._favourites = list(dict.fromkeys(camera_ids))
        self._rebuild()

    def toggle_favourite(self, camera_id: str) -> None:
        """Star or unstar a camera; emits ``favouritesChanged``."""
        if camera_id in self._favourites:
            self._favourites.remove(camera_id)
        else:
            self._favourites.append(camera_id)
        self._rebuild()
        self.favouritesChanged.emit(list(self._favourites))

    def set_grouping(self, grouping: Grouping) -> None:
        """Group by territory, operating unit or domain."""
        index = self.grouping_box.findData(grouping.value)
        self.grouping_box.setCurrentIndex(index)  # → _grouping_chosen

    def update_status(
        self,
        camera_id: str,
        status: str,
        last_seen: datetime | None,
        clock_offset_seconds: float | None,
    ) -> None:
        """A camera's health changed (pushed by the hub): refresh its icon and tooltip."""
        camera = self._cameras.get(camera_id)
        if camera is None:
            return
        camera = replace(
            camera,
            status=status,
            last_seen=last_seen,
            clock_offset_seconds=clock_offset_seconds,
        )
        self._cameras[camera_id] = camera
        for row in self._rows.get(camera_id, []):
            self._decorate(row, camera)

    def camera_rows(self) -> list[QTreeWidgetItem]:
        """Every visible camera row (tests and keyboard users)."""
        return [r for rows in self._rows.values() for r in rows if not _hidden(r)]

    def folder(self, *path: str) -> QTreeWidgetItem | None:
        """The folder row at ``path`` of labels from the top (None: no such folder)."""
        parent: QTreeWidgetItem | None = None
        for label in path:
            items = self._top_folders() if parent is None else _children(parent)
            found = None
            for item in items:
                if item.text(NAME_COLUMN) == label and not item.data(NAME_COLUMN, _ROLE_CAMERA):
                    found = item
                    break
            if found is None:
                return None
            parent = found
        return parent

    def mime_for(self, items: Sequence[QTreeWidgetItem]) -> QMimeData:
        """What dragging ``items`` carries."""
        return self.tree.mimeData(items)

    def status_text(self, status: str) -> str:
        """The translated name of a health status."""
        return {
            "online": self.tr("Online"),
            "degraded": self.tr("Degraded"),
            "offline": self.tr("Offline"),
        }.get(status, self.tr("Unknown"))

    def domain_text(self, domain: str) -> str:
        """The translated name of a domain key."""
        return {
            "traffic": self.tr("Traffic"),
            "health": self.tr("Health"),
            "education": self.tr("Education"),
            "environment": self.tr("Environment"),
            "industrial_zone": self.tr("Industrial zones"),
            "urban_management": self.tr("Urban management"),
            "security": self.tr("Security and order"),
            "tourism": self.tr("Tourism"),
        }.get(domain, domain or self.tr("No domain"))

    def tooltip_for(self, camera: CameraItem) -> str:
        """Status, last-seen time and clock offset of a camera, translated."""
        lines = [f"{camera.code} — {camera.name}", self.status_text(camera.status)]
        if camera.last_seen is not None:
            seen = QDateTime.fromSecsSinceEpoch(int(camera.last_seen.timestamp()))
            when = seen.toTimeZone(LOCAL_ZONE).toString(DATE_FORMAT)
            lines.append(self.tr("Last seen: %1").replace("%1", when))
        else:
            lines.append(self.tr("Never seen"))
        if camera.clock_offset_seconds is not None:
            offset = f"{camera.clock_offset_seconds:+.1f}"
            line = self.tr("Clock offset: %1 s").replace("%1", offset)
            if camera.clock_drifts:
                line += " — " + self.tr("the camera's clock is wrong")
            lines.append(line)
        return "\n".join(lines)

    # -- building -----------------------------------------------------------------

    def _grouping_chosen(self, index: int) -> None:
        self._grouping = Grouping(self.grouping_box.itemData(index))
        self._rebuild()

    def _path_of(self, camera: CameraItem) -> tuple[str, ...]:
        if self._grouping is Grouping.TERRITORY:
            return camera.territory_path or (self.tr("No territory"),)
        if self._grouping is Grouping.UNIT:
            return (camera.operating_unit or self.tr("No unit"),)
        return (self.domain_text(camera.domain),)

    def _rebuild(self) -> None:
        expanded = self._expanded_keys()
        self.tree.clear()
        self._rows = {}
        folders: dict[tuple[str, ...], QTreeWidgetItem] = {}
        favourites = [c for c in self._favourites if c in self._cameras]
        if favourites:
            group = QTreeWidgetItem([self.tr("Favourites"), ""])
            group.setData(NAME_COLUMN, _ROLE_KEY, FAVOURITES_KEY)
            group.setIcon(NAME_COLUMN, self._star_on)
            self.tree.addTopLevelItem(group)
            for camera_id in favourites:
                self._add_camera(group, self._cameras[camera_id])
        ordered = sorted(
            self._cameras.values(),
            key=lambda c: (tuple(fold(part) for part in self._path_of(c)), fold(c.code)),
        )
        for camera in ordered:
            path = self._path_of(camera)
            parent: QTreeWidgetItem | None = None
            for depth in range(len(path)):
                key = path[: depth + 1]
                folder = folders.get(key)
                if folder is None:
                    folder = QTreeWidgetItem([path[depth], ""])
                    folder.setData(NAME_COLUMN, _ROLE_KEY, "/".join(key))
                    if parent is None:
                        self.tree.addTopLevelItem(folder)
                    else:
                        parent.addChild(folder)
                    folders[key] = folder
                parent = folder
            assert parent is not None
            self._add_camera(parent, camera)
        groups = [f for f in self._top_folders() if f not in folders.values()]
        for folder in [*folders.values(), *groups]:
            folder_key = str(folder.data(NAME_COLUMN, _ROLE_KEY))
            folder.setExpanded(folder_key in expanded or folder_key not in self._seen_folders)
            self._seen_folders.add(folder_key)
        self._apply_filter(self.search_edit.text())

    def _top_folders(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _expanded_keys(self) -> set[str]:
        keys: set[str] = set()
        stack = self._top_folders()
        while stack:
            item = stack.pop()
            if item.isExpanded():
                keys.add(str(item.data(NAME_COLUMN, _ROLE_KEY)))
            stack.extend(_children(item))
        return keys

    def _add_camera(self, parent: QTreeWidgetItem, camera: CameraItem) -> None:
        row = QTreeWidgetItem([f"{camera.code}  {camera.name}", ""])
        row.setData(NAME_COLUMN, _ROLE_CAMERA, camera.id)
        parent.addChild(row)
        self._rows.setdefault(camera.id, []).append(row)
        self._decorate(row, camera)

    def _decorate(self, row: QTreeWidgetItem, camera: CameraItem) -> None:
        icon = self._status_icons.get(camera.status, self._status_icons["unknown"])
        row.setIcon(NAME_COLUMN, icon)
        row.setToolTip(NAME_COLUMN, self.tooltip_for(camera))
        starred = camera.id in self._favourites
        row.setIcon(STAR_COLUMN, self._star_on if starred else self._star_off)
        row.setToolTip(
            STAR_COLUMN,
            self.tr("Remove from favourites") if starred else self.tr("Add to favourites"),
        )

    # -- filtering ------------------------------------------------------------------

    def _apply_filter(self, text: str) -> None:
        needle = fold(text.strip())
        for folder in self._top_folders():
            self._filter(folder, needle)
        if needle:
            for folder in self._top_folders():
                _expand_all(folder)

    def _filter(self, item: QTreeWidgetItem, needle: str) -> bool:
        camera_id = item.data(NAME_COLUMN, _ROLE_CAMERA)
        if camera_id:
            camera = self._cameras[str(camera_id)]
            visible = not needle or needle in fold(camera.code) or needle in fold(camera.name)
        else:
            results = [self._filter(child, needle) for child in _children(item)]
            visible = any(results)
        item.setHidden(not visible)
        return visible

    # -- intents --------------------------------------------------------------------

    def _double_clicked(self, item: QTreeWidgetItem, column: int) -> None:
        camera_id = item.data(NAME_COLUMN, _ROLE_CAMERA)
        if camera_id and column == NAME_COLUMN:
            self.cameraActivated.emit(str(camera_id))

    def _clicked(self, item: QTreeWidgetItem, column: int) -> None:
        camera_id = item.data(NAME_COLUMN, _ROLE_CAMERA)
        if camera_id and column == STAR_COLUMN:
            self.toggle_favourite(str(camera_id))

    def _context_menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        camera_id = item.data(NAME_COLUMN, _ROLE_CAMERA) if item is not None else None
        if not camera_id:
            return
        menu = QMenu(self)
        open_action = QAction(self.tr("Open on the selected tile"), menu)
        open_action.triggered.connect(lambda: self.cameraActivated.emit(str(camera_id)))
        starred = camera_id in self._favourites
        star = QAction(
            self.tr("Remove from favourites") if starred else self.tr("Add to favourites"), menu
        )
        star.triggered.connect(lambda: self.toggle_favourite(str(camera_id)))
        menu.addAction(open_action)
        menu.addAction(star)
        if self.privacy_editable:
            masks = QAction(self.tr("Privacy masks…"), menu)
            masks.triggered.connect(lambda: self.privacyMasksRequested.emit(str(camera_id)))
            menu.addAction(masks)
        menu.popup(self.tree.viewport().mapToGlobal(pos))


def _hidden(item: QTreeWidgetItem) -> bool:
    node: QTreeWidgetItem | None = item
    while node is not None:
        if node.isHidden():
            return True
        node = node.parent()
    return False


def _expand_all(item: QTreeWidgetItem) -> None:
    item.setExpanded(True)
    for child in _children(item):
        _expand_all(child)
