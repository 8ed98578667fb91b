# SPDX-License-Identifier: GPL-3.0-or-later
"""The operator's panels next to the wall: PTZ pad, archive timeline, snapshots.

They follow the selected tile: the PTZ pad steers its camera (when it has PTZ), the
timeline shows its recordings, and a seek on the timeline puts that tile into archive
playback (the other archive tiles of the wall follow the same clock). A tile in archive
gives up its live grant (:meth:`WallController.suspend`) and gets it back on "Live".
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable
from datetime import datetime
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from console.archive import ArchiveController, TimelineBinding
from console.events import EventStream
from console.login import async_slot
from console.ptz import PtzController, create_ptz_dock
from console.wall_controller import WallController
from hub.archive.contracts import ArchiveGrantOut, ArchiveLimitOut, RecordingsOut, SnapshotOut
from hub.catalog.contracts import StreamGrantOut, StreamKind
from hub.client import HubApiError, HubClient
from hub.contracts import ROLE_PERMISSIONS, AccessReason, Permission
from layouts import ChangeKind, LayoutChange
from widgets.main_window import MainWindow
from widgets.timeline import Timeline

log = logging.getLogger(__name__)


class SessionApi:
    """The archive and snapshot calls of whichever client is signed in now."""

    def __init__(self) -> None:
        self.client: HubClient | None = None

    def _client(self) -> HubClient:
        if self.client is None:
            raise HubApiError(401, "auth.required", "error.auth.required")
        return self.client

    async def archive_grant(
        self,
        camera_id: int,
        start: datetime,
        rate: float = 1.0,
        stream: StreamKind = StreamKind.SUB,
        reason: AccessReason | None = None,
        reason_note: str | None = None,
    ) -> ArchiveGrantOut:
        return await self._client().archive_grant(
            camera_id, start, rate, stream, reason, reason_note
        )

    async def renew_grant(self, grant_id: str) -> StreamGrantOut:
        return await self._client().renew_grant(grant_id)

    async def release_grant(self, grant_id: str) -> None:
        await self._client().release_grant(grant_id)

    async def take_snapshot(
        self, camera_id: int, at: datetime | None = None, stream: StreamKind = StreamKind.MAIN
    ) -> SnapshotOut:
        return await self._client().take_snapshot(camera_id, at, stream)

    async def recordings(
        self,
        camera_id: int,
        start: datetime,
        end: datetime,
        reason: AccessReason | None = None,
        reason_note: str | None = None,
    ) -> RecordingsOut:
        return await self._client().recordings(camera_id, start, end, reason, reason_note)

    async def archive_limits(self) -> ArchiveLimitOut:
        return await self._client().archive_limits()


class OperatorPanels(QObject):
    """PTZ dock, archive timeline dock and the snapshot action of one main window."""

    def __init__(
        self,
        window: MainWindow,
        walls: WallController,
        events: EventStream,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.walls = walls
        self.api = SessionApi()
        self.permissions: frozenset[Permission] = frozenset()
        self.ptz: PtzController = create_ptz_dock(window)
        self.ptz.reasons = walls.reasons  # TN 6.2 reasons: one book per session
        self.timeline = Timeline()
        self.timeline.setObjectName("archiveTimeline")
        self.timeline_dock = window.add_dock(
            self.timeline, self.tr("Archive"), Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.archive = ArchiveController(self.api, parent=self, reasons=walls.reasons)
        self.binding = TimelineBinding(self.timeline, self.archive, self.api, parent=self)
        self.snapshot_action = QAction(self.tr("Snapshot"), self)
        self.snapshot_action.setToolTip(
            self.tr("Keep the selected tile's picture on the hub as evidence")
        )
        self.snapshot_action.setShortcut(QKeySequence("Ctrl+P"))
        self.snapshot_action.triggered.connect(self.take_snapshot)
        window.toolbar.addAction(self.snapshot_action)
        self.archive_action = QAction(self.tr("Playback"), self)
        self.archive_action.setCheckable(True)
        self.archive_action.setToolTip(
            self.tr("Switch the selected tile between live video and its recordings")
        )
        self.archive_action.setShortcut(QKeySequence("Ctrl+R"))
        self.archive_action.triggered.connect(self.toggle_archive)
        window.toolbar.addAction(self.archive_action)
        self.last_snapshot: SnapshotOut | None = None
        self._tasks: set[asyncio.Future[Any]] = set()
        wall = window.wall
        wall.selectionChanged.connect(self._selected)
        # What the selected tile shows can change without the selection changing (a camera
        # dropped onto it, a swap, a new layout): the panels follow the camera too.
        follow = weakref.WeakMethod(self._layout_changed)

        def on_change(change: LayoutChange) -> None:
            method = follow()
            if method is not None:
                method(change)

        self._unsubscribe = wall.model.subscribe(on_change)
        # Archive cells are cell numbers: anything that moves or replaces what a cell
        # shows sends it back to live first (the shared clock stays with the others).
        window.layoutRequested.connect(lambda _name: self.archive.leave_all())
        window.customLayoutRequested.connect(lambda _layout: self.archive.leave_all())
        wall.swapRequested.connect(self._swapped)
        wall.cameraDropped.connect(lambda cell, _camera: self.archive.leave(cell))
        window.clearRequested.connect(self._cleared)
        walls.camerasLoaded.connect(lambda _n: self._selected(wall.selected))
        self.archive.tileEntered.connect(walls.suspend)
        self.archive.tileLeft.connect(walls.resume)
        self.archive.tileEntered.connect(lambda _cell: self._sync_archive_action())
        self.archive.tileLeft.connect(lambda _cell: self._sync_archive_action())
        self.archive.refused.connect(self._archive_refused)
        self.binding.archiveWanted.connect(self._archive_at)
        self.binding.failed.connect(self._failed)
        events.received.connect(self._event)

    # -- session ---------------------------------------------------------------------

    def begin(self, client: HubClient, username: str) -> None:
        """A session started: rights from the user's roles, limits, the selected camera."""
        self.api.client = client
        self.ptz.set_session(client, username, frozenset())
        self._spawn(self._load_rights(client, username))

    async def end(self) -> None:
        """Release archive grants and stop any PTZ move (log out, close)."""
        self.ptz.set_session(None, "", frozenset())
        await self.ptz.aclose()
        await self.archive.aclose()
        self.api.client = None
        pending = [t for t in self._tasks if t is not asyncio.current_task()]
        for task in pending:  # answers for a session that ended are not wanted
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=5)

    async def _load_rights(self, client: HubClient, username: str) -> None:
        try:
            me = await client.me()
        except HubApiError:
            return
        if self.api.client is not client:
            return
        perms: set[Permission] = set()
        for role in me.roles:
            perms |= ROLE_PERMISSIONS[role]
        self.permissions = frozenset(perms)
        self.ptz.set_session(client, username, self.permissions)
        self.snapshot_action.setEnabled(Permission.IMAGE_SNAPSHOT in self.permissions)
        self.timeline_dock.setVisible(Permission.IMAGE_ARCHIVE in self.permissions)
        self.archive_action.setEnabled(Permission.IMAGE_ARCHIVE in self.permissions)
        if Permission.IMAGE_ARCHIVE in self.permissions:
            self.binding.load_limit()
        self._selected(self.window.wall.selected)

    # -- selection -------------------------------------------------------------------

    def selected_camera(self) -> tuple[int, int] | None:
        """(cell, camera id) of the selected tile, if it shows a camera."""
        cell = self.window.wall.selected
        cells = self.window.wall.model.cells
        if not 0 <= cell < len(cells):
            return None
        camera = cells[cell].camera_id
        if camera is None or not camera.isdigit():
            return None
        return cell, int(camera)

    def _layout_changed(self, change: LayoutChange) -> None:
        if not shiboken6.isValid(self.window):
            return
        selected = self.window.wall.selected
        if change.kind is ChangeKind.RESHAPED or selected in change.cells:
            self._selected(selected)

    def _selected(self, cell: int) -> None:
        if not shiboken6.isValid(self.window):
            return
        self._sync_archive_action()
        chosen = self.selected_camera()
        if chosen is None:
            self.ptz.set_camera(None)
            self.ptz.attach_tile(None)
            self.binding.show_camera(None)
            return
        cell, camera_id = chosen
        item = self.walls.cameras.get(str(camera_id))
        name = item.name if item is not None else str(camera_id)
        has_ptz = item.has_ptz if item is not None else False
        self.ptz.set_camera(camera_id, name, has_ptz)
        self.ptz.attach_tile(self.window.wall.tile(cell) if has_ptz else None)
        if Permission.IMAGE_ARCHIVE in self.permissions:
            self.binding.show_camera(camera_id)

    # -- archive ---------------------------------------------------------------------

    def toggle_archive(self) -> None:
        """The selected tile: live → its recordings (where the wall's archive clock is, or
        one minute ago), or back to live."""
        chosen = self.selected_camera()
        if chosen is None:
            self._sync_archive_action()
            return
        cell, camera_id = chosen
        if self.archive.is_archive(cell):
            self.archive.leave(cell)
            return
        self.archive.enter(cell, self.window.wall.tile(cell), camera_id, stream=self._stream(cell))

    def _sync_archive_action(self) -> None:
        chosen = self.selected_camera()
        self.archive_action.setChecked(chosen is not None and self.archive.is_archive(chosen[0]))

    def _stream(self, cell: int) -> StreamKind:
        return StreamKind.MAIN if self.window.wall.maximised == cell else StreamKind.SUB

    def _archive_at(self, at: datetime) -> None:
        chosen = self.selected_camera()
        if chosen is None:
            self.window.statusBar().showMessage(
                self.tr("Select a tile with a camera to play its recordings."), 5000
            )
            return
        cell, camera_id = chosen
        tile = self.window.wall.tile(cell)
        self.archive.enter(cell, tile, camera_id, at=at, stream=self._stream(cell))

    def _swapped(self, a: int, b: int) -> None:
        self.archive.leave(a)
        self.archive.leave(b)

    def _cleared(self, cell: int) -> None:
        if cell < 0:  # the whole wall
            self.archive.leave_all()
        else:
            self.archive.leave(cell)

    def _archive_refused(self, _cell: int, code: str) -> None:
        if not shiboken6.isValid(self.window):  # closed while the hub answered
            return
        if code == "archive.too_old":
            text = self.tr("That time is older than your archive limit.")
        elif code in ("forbidden", "scope.out_of_scope"):
            text = self.tr("You may not view this camera's recordings.")
        elif code == "scope.reason_required":
            text = self.tr("The recordings of a dedicated system open only with a reason.")
        else:
            text = self.tr("The hub refused the recording (%1).").replace("%1", code)
        self.window.statusBar().showMessage(text, 8000)

    def _failed(self, code: str) -> None:
        if not shiboken6.isValid(self.window):  # closed while the hub answered
            return
        self.window.statusBar().showMessage(
            self.tr("The recordings could not be loaded (%1).").replace("%1", code), 8000
        )

    # -- snapshots -------------------------------------------------------------------

    @async_slot()
    async def take_snapshot(self) -> None:
        """Have the hub keep the selected tile's picture (live or archive) as evidence."""
        chosen = self.selected_camera()
        if chosen is None or self.api.client is None:
            self.window.statusBar().showMessage(self.tr("Select a tile with a camera."), 5000)
            return
        cell, camera_id = chosen
        bar = self.window.statusBar()
        bar.showMessage(self.tr("Taking a snapshot…"))
        try:
            shot = await self.archive.take_snapshot(self.api, camera_id, cell)
        except HubApiError as exc:
            if exc.code in ("forbidden", "scope.out_of_scope", "archive.too_old"):
                text = self.tr("You may not take a snapshot of this camera.")
            else:
                text = self.tr("The snapshot failed (%1).").replace("%1", exc.code)
            bar.showMessage(text, 8000)
            return
        self.last_snapshot = shot
        bar.showMessage(
            self.tr("Snapshot kept as evidence: SHA-256 %1…").replace("%1", shot.sha256[:16]),
            10000,
        )

    # -- plumbing --------------------------------------------------------------------

    def _event(self, topic: str, data: object) -> None:
        if isinstance(data, dict):
            self.ptz.handle_event(topic, data)

    def _spawn(self, work: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
