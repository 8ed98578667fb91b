# SPDX-License-Identifier: GPL-3.0-or-later
"""Saved walls in the operator console: save the wall under a name, open one, share it
with my unit, delete it, push a wall to a control-room display; the last wall on the hub.

The hub keeps walls per user (``/api/walls``): a wall is the layout's geometry plus the
camera of each filled cell, so it can be opened on any workstation. Opening a wall only
changes the layout model; the wall controller then asks grants for the cameras as for
any drop, so scope checks and view records stay where they are.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from hub.client import HubApiError, HubClient
from hub.walls.contracts import (
    DisplayShow,
    LastWallIn,
    WallCamera,
    WallContent,
    WallCreate,
    WallOut,
)
from layouts import Cell, Layout, LayoutError
from widgets.wall import WallView
from widgets.walls_dialog import CURRENT_WALL, DisplayEntry, WallEntry, WallsDialog

log = logging.getLogger(__name__)


def content_of(layout: Layout) -> WallContent:
    """What a wall shows, as the hub stores it (cameras by cell; non-hub ids left out)."""
    cameras = [
        WallCamera(cell=index, camera_id=int(cell.camera_id))
        for index, cell in enumerate(layout.cells)
        if cell.camera_id is not None and cell.camera_id.isdigit()
    ]
    bare = Layout(
        layout.name,
        layout.rows,
        layout.cols,
        [Cell(c.row, c.col, c.row_span, c.col_span) for c in layout.cells],
    )
    return WallContent(layout=bare.to_dict(), cameras=cameras)


def layout_of(layout: dict[str, Any], cameras: list[WallCamera]) -> Layout:
    """A layout with its cells' cameras from a saved wall.

    Raises:
        LayoutError: the stored geometry is not a layout.
    """
    out = Layout.from_dict(layout)
    for cam in cameras:
        if 0 <= cam.cell < len(out):
            out.assign(cam.cell, str(cam.camera_id))
    return out


class WallsController(QObject):
    """Turns the saved-walls dialog and menu into hub calls; edits the wall's model.

    Use: ``walls = WallsController(window.wall, window)``; add ``walls.menu`` to the menu
    bar (or ``walls.open_action`` to a toolbar); call ``begin(client, unit_id)`` after
    login and ``end()`` at logout.

    Signals:
        opened(name): a saved wall is on the wall.
        saved(name): the current wall was saved.
        pushed(display_id): a wall was sent to a display.
        failed(message): a translated error (also shown in the dialog).
    """

    opened = Signal(str)
    saved = Signal(str)
    pushed = Signal(int)
    failed = Signal(str)

    def __init__(self, wall: WallView, parent_widget: QWidget | None = None) -> None:
        super().__init__(parent_widget)
        self.wall = wall
        self.client: HubClient | None = None
        self.unit_id: int | None = None
        self.walls: list[WallOut] = []
        self.current_wall_id: int | None = None
        self._tasks: set[asyncio.Future[Any]] = set()
        self.dialog = WallsDialog(parent_widget)
        self.menu = QMenu(self.tr("Walls"), parent_widget)
        self.open_action = QAction(self.tr("Saved walls…"), self)
        self.open_action.triggered.connect(self.show_dialog)
        self.menu.addAction(self.open_action)
        d = self.dialog
        d.saveRequested.connect(lambda name, shared: self._spawn(self.save(name, shared)))
        d.openRequested.connect(lambda wall_id: self._spawn(self.open(wall_id)))
        d.shareRequested.connect(lambda wall_id, on: self._spawn(self.share(wall_id, on)))
        d.deleteRequested.connect(lambda wall_id: self._spawn(self.delete(wall_id)))
        d.pushRequested.connect(lambda display, wall_id: self._spawn(self.push(display, wall_id)))

    # -- session ------------------------------------------------------------------------

    def begin(self, client: HubClient, unit_id: int | None) -> None:
        """A session started (``unit_id``: the user's unit, for sharing)."""
        self.client, self.unit_id = client, unit_id

    def end(self) -> None:
        """The session ended."""
        self.client, self.unit_id, self.walls = None, None, []
        self.current_wall_id = None
        for task in list(self._tasks):
            task.cancel()
        self.dialog.hide()

    @property
    def busy(self) -> bool:
        """Whether a hub call is under way."""
        return bool(self._tasks)

    def show_dialog(self) -> None:
        """Open the dialog and refresh its lists."""
        self.dialog.show_error(None)
        self.dialog.show()
        self.dialog.raise_()
        self._spawn(self.refresh())

    # -- hub calls -------------------------------------------------------------------------

    async def refresh(self) -> None:
        """Re-read my walls, my unit's walls and the displays I may push to."""
        client = self._client()
        try:
            self.walls = await client.walls()
        except HubApiError as exc:
            self._fail(exc)
            return
        try:
            targets = await client.display_targets()
        except HubApiError:
            targets = []  # no image.live: no displays to push to
        self.dialog.set_walls(
            [
                WallEntry(w.id, w.name, w.owner_name, w.shared_unit_id is not None, w.editable)
                for w in self.walls
            ]
        )
        self.dialog.set_displays([DisplayEntry(t.id, t.name) for t in targets])

    async def save(self, name: str, shared: bool) -> WallOut | None:
        """Save what the wall shows under ``name`` (replacing my wall of that name)."""
        client = self._client()
        content = content_of(self.wall.model)
        try:
            req = WallCreate(
                name=name.strip(),
                layout=content.layout,
                cameras=content.cameras,
                shared_unit_id=self.unit_id if shared else None,
            )
        except ValidationError:
            self._fail_text(self.message("invalid_input"))
            return None
        mine = next((w for w in self.walls if w.editable and w.name == name), None)
        try:
            if mine is None:
                out = await client.save_wall(req)
            else:
                out = await client.update_wall(mine.id, req)
        except HubApiError as exc:
            self._fail(exc)
            return None
        self.current_wall_id = out.id
        self.saved.emit(out.name)
        await self.refresh()
        self.dialog.select_wall(out.id)
        return out

    async def open(self, wall_id: int) -> None:
        """Put a saved wall on the wall (geometry and cameras)."""
        wall = next((w for w in self.walls if w.id == wall_id), None)
        if wall is None:
            await self.refresh()
            wall = next((w for w in self.walls if w.id == wall_id), None)
        if wall is None:
            self._fail_text(self.tr("This wall no longer exists."))
            return
        self.apply(wall.layout, wall.cameras)
        self.current_wall_id = wall.id
        self.opened.emit(wall.name)

    def apply(self, layout: dict[str, Any], cameras: list[WallCamera]) -> None:
        """Show a stored layout and its cameras on the wall's model."""
        try:
            saved = layout_of(layout, cameras)
        except LayoutError:
            self._fail_text(self.tr("This wall cannot be shown: its layout is damaged."))
            return
        model = self.wall.model
        model.reshape(saved.copy())
        model.clear()
        for index, cell in enumerate(saved.cells):
            if cell.camera_id is not None:
                model.assign(index, cell.camera_id)

    async def share(self, wall_id: int, on: bool) -> None:
        """Share one of my walls with my unit, or stop sharing it."""
        wall = next((w for w in self.walls if w.id == wall_id and w.editable), None)
        if wall is None:
            return
        req = WallCreate(
            name=wall.name,
            layout=wall.layout,
            cameras=wall.cameras,
            shared_unit_id=self.unit_id if on else None,
        )
        try:
            await self._client().update_wall(wall.id, req)
        except HubApiError as exc:
            self._fail(exc)
            return
        await self.refresh()

    async def delete(self, wall_id: int) -> None:
        """Delete one of my walls."""
        try:
            await self._client().delete_wall(wall_id)
        except HubApiError as exc:
            self._fail(exc)
            return
        if self.current_wall_id == wall_id:
            self.current_wall_id = None
        await self.refresh()

    async def push(self, display_id: int, wall_id: int) -> None:
        """Show a saved wall (or, with ``CURRENT_WALL``, what my wall shows) on a display."""
        if wall_id == CURRENT_WALL:
            name = self.tr("Wall of %1").replace("%1", self.wall.model.name)
            req = DisplayShow(content=content_of(self.wall.model), name=name[:100])
        else:
            req = DisplayShow(wall_id=wall_id)
        try:
            await self._client().show_on_display(display_id, req)
        except HubApiError as exc:
            self._fail(exc)
            return
        self.pushed.emit(display_id)

    async def remember_last(self) -> bool:
        """Keep what the wall shows as my last wall on the hub (restored at login); False
        when it could not be kept."""
        content = content_of(self.wall.model)
        req = LastWallIn(
            layout=content.layout, cameras=content.cameras, wall_id=self.current_wall_id
        )
        try:
            await self._client().set_last_wall(req)
        except HubApiError as exc:
            log.warning("last wall not kept: %s", exc.code)
            return False
        return True

    async def restore_last(self) -> bool:
        """Put my last wall back (after login); False when there is none."""
        try:
            last = await self._client().last_wall()
        except HubApiError as exc:
            log.warning("last wall not read: %s", exc.code)
            return False
        if last is None:
            return False
        self.apply(last.layout, last.cameras)
        self.current_wall_id = last.wall_id
        return True

    # -- helpers -------------------------------------------------------------------------

    def _client(self) -> HubClient:
        if self.client is None:
            raise HubApiError(401, "auth.required", "error.auth.required")
        return self.client

    def _spawn(self, work: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.ensure_future(self._guarded(work))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _guarded(self, work: Coroutine[Any, Any, Any]) -> None:
        try:
            await work
        except HubApiError as exc:
            self._fail(exc)

    def _fail(self, exc: HubApiError) -> None:
        self._fail_text(self.message(exc.code))

    def _fail_text(self, text: str) -> None:
        self.dialog.show_error(text)
        self.failed.emit(text)

    def message(self, code: str) -> str:
        """The translated message of a hub error code."""
        known = {
            "wall.name_taken": self.tr("You already have a wall with this name."),
            "wall.not_found": self.tr("This wall no longer exists."),
            "wall.not_owner": self.tr("Only the owner can change this wall."),
            "wall.share_out_of_unit": self.tr("You can share only with your own unit."),
            "wall.unknown_camera": self.tr("A camera of this wall is no longer in the list."),
            "wall.invalid_layout": self.tr("This wall cannot be shown: its layout is damaged."),
            "display.not_found": self.tr("This display no longer exists."),
            "display.revoked": self.tr("This display has been revoked."),
            "scope.out_of_scope": self.tr("This display is outside your scope."),
            "forbidden": self.tr("You do not have the right to do this."),
            "network": self.tr("Cannot reach the hub. Check the network."),
            "invalid_input": self.tr("Check the name: it is empty, too long or not allowed."),
        }
        if code in known:
            return known[code]
        return self.tr("The hub refused the request (%1).").replace("%1", code)
