# SPDX-License-Identifier: GPL-3.0-or-later
"""Where a new case comes from: an incident, the selected tile, or the archive timeline's
selected range — each gives the form its camera and time range, the operator fills in
the rest (:class:`~widgets.case_dialogs.NewCaseDialog`), and the answer goes to the
case controller as a :class:`~hub.cases.contracts.CaseCreate`.

Times are whole seconds (what the form shows) and never later than the moment they come
from: the hub refuses a range in its future. "Now" for a live tile is the hub's now
(:class:`HubTime`: the offset between the hub's clock, read from ``GET /api/health``, and
this workstation's, measured at login and again every few minutes), so a workstation
whose clock runs ahead does not ask for minutes the hub has not lived yet.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from pydantic import ValidationError
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from console.case_texts import CaseTexts
from console.incidents import IncidentsController
from console.panels import OperatorPanels
from console.wall_controller import WallController
from hub.cases import contracts as cc
from hub.client import HubApiError, HubClient
from widgets.case_dialogs import NewCase, NewCaseDialog
from widgets.case_labels import CaseLabels
from widgets.main_window import MainWindow
from widgets.video_tile import VideoTile

TILE_BACK = timedelta(minutes=5)  # a case from a tile: its last five minutes
INCIDENT_BACK = timedelta(minutes=2)  # a case from an incident: from before its first event

Ask = Callable[[QDialog, Callable[[int], None]], None]


class HubTime:
    """The hub's clock as this workstation reckons it: ``offset`` = hub time − local
    time, taken at the middle of a ``GET /api/health`` round trip (the answer's time lies
    within it; the error is at most half the round trip, which is why it is kept)."""

    def __init__(self, local: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.local = local
        self.offset = timedelta(0)
        self.uncertainty = timedelta(0)
        self.measured = False

    def now(self) -> datetime:
        """The hub's current time (the local clock until the first measurement)."""
        return self.local() + self.offset

    async def measure(self, client: HubClient) -> bool:
        """Read the hub's time; False (the old offset kept) when it does not answer or
        does not say its time."""
        sent = self.local()
        began = time.monotonic()
        try:
            health = await client.health()
        except HubApiError:
            return False
        half = timedelta(seconds=(time.monotonic() - began) / 2)
        if health.time is None:
            return False
        self.offset = health.time - (sent + half)
        self.uncertainty = half
        self.measured = True
        return True


def whole_second(moment: datetime) -> datetime:
    """A time to the whole second the forms show (never later than it was)."""
    return moment.replace(microsecond=0)


def camera_ranges(values: NewCase) -> list[cc.CameraRange]:
    """The form's cameras and times as the hub takes them (may raise ValidationError)."""
    return [cc.CameraRange(camera_id=c, start=s, end=e) for c, s, e in values.ranges]


class CaseOpener(QObject):
    """Asks for a new case from an incident, a tile or a timeline selection.

    ``ask`` opens a dialog and calls back with its result, ``say`` shows a line in the
    status bar, ``submit`` takes the request (None: the form's values are not a valid
    case).
    """

    def __init__(
        self,
        window: MainWindow,
        walls: WallController,
        panels: OperatorPanels,
        incidents: IncidentsController,
        labels: CaseLabels,
        texts: CaseTexts,
        ask: Ask,
        say: Callable[[str], None],
        submit: Callable[[cc.CaseCreate | None], None],
        hub_time: HubTime | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.walls = walls
        self.panels = panels
        self.incidents = incidents
        self.labels = labels
        self.texts = texts
        self.ask = ask
        self.say = say
        self.submit = submit
        self.hub_time = hub_time or HubTime()

    def open_from_tile(self) -> None:
        """The selected tile: its camera, the last minutes (or the minutes before its
        archive position)."""
        chosen = self.panels.selected_camera()
        if chosen is None:
            self.say(self.tr("Select a tile with a camera."))
            return
        cell, camera_id = chosen
        end = whole_second(self.tile_time(cell) or self.hub_time.now())
        self.ask_new(cc.CaseOrigin.TILE, [(camera_id, end - TILE_BACK, end)])

    def open_from_timeline(self) -> None:
        """The archive timeline's selected range on the selected tile's camera."""
        chosen = self.panels.selected_camera()
        selection = self.panels.timeline.view.selection
        if chosen is None or selection is None:
            self.say(
                self.tr(
                    "Select a tile with a camera and a range on its timeline "
                    "(Shift+drag, or [ and ] at the cursor)."
                )
            )
            return
        start, end = whole_second(selection.start), whole_second(selection.end)
        if end <= start:
            end = start + timedelta(seconds=1)
        self.ask_new(cc.CaseOrigin.TIMELINE, [(chosen[1], start, end)])

    def open_from_incident(self, incident_id: int) -> None:
        """An incident: its camera, from before its first event to its opening."""
        row = self.incidents.queue.model.incident(incident_id)
        if row is None or row.camera_id is None or not row.camera_id.isdigit():
            self.say(self.tr("This incident has no camera."))
            return
        start = row.first_event_at - INCIDENT_BACK
        end = max(row.opened_at, row.first_event_at)
        place = row.territory_name or row.camera_name
        self.ask_new(cc.CaseOrigin.INCIDENT, [(int(row.camera_id), start, end)], incident_id, place)

    def tile_time(self, cell: int) -> datetime | None:
        """The archive position a tile shows (None: it is live)."""
        archive = self.panels.archive
        return archive.clock.position() if archive.is_archive(cell) else None

    def camera_choices(self) -> list[tuple[int, str]]:
        """(camera id, "code name") of the cameras the user may see, by name."""
        items = [
            (int(c.id), f"{c.code} {c.name}".strip())
            for c in self.walls.cameras.values()
            if str(c.id).isdigit()
        ]
        return sorted(items, key=lambda item: item[1])

    def ask_new(
        self,
        origin: cc.CaseOrigin,
        ranges: list[tuple[int, datetime, datetime]],
        incident_id: int | None = None,
        place: str = "",
    ) -> None:
        """Ask for the new case's facts, then hand the request over."""
        origin_text = self.texts.origin(origin.value, incident_id)
        dialog = NewCaseDialog(
            self.labels, self.camera_choices(), ranges, origin_text, place, self.window
        )

        def answered(result: int) -> None:
            if result != QDialog.DialogCode.Accepted.value:
                return
            values = dialog.values()
            try:
                req = cc.CaseCreate(
                    origin=origin,
                    violation_type=cc.ViolationType(values.violation_type),
                    incident_id=incident_id,
                    cameras=camera_ranges(values),
                    place=values.place,
                    plate=values.plate or None,
                    vehicle_type=values.vehicle_type or None,
                    description=values.description,
                )
            except ValidationError:
                self.submit(None)
                return
            self.submit(req)

        self.ask(dialog, answered)


class TileMenu(QObject):
    """The right-click menu of a wall tile: "Open case…" and the tile's other actions.

    A tile selects itself on a right click and passes the event on (it knows no
    actions); this filter on the wall shows the menu for the tile under the pointer, so
    every action works on the selected tile as its shortcut does.
    """

    def __init__(self, wall: QWidget, actions: list[QAction | None]) -> None:
        super().__init__(wall)
        self.wall = wall
        self.actions = actions  # None: a separator
        self.menu: QMenu | None = None  # the menu on show (tests trigger its actions)
        wall.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.wall and isinstance(event, QContextMenuEvent):
            child = self.wall.childAt(event.pos())
            while child is not None and not isinstance(child, VideoTile):
                child = child.parentWidget()
            if child is None:
                return False
            self.show_at(event.globalPos())
            return True
        return False

    def show_at(self, where: object) -> QMenu:
        """Show the menu at a global position (non-blocking)."""
        if self.menu is not None:
            self.menu.close()
            self.menu.deleteLater()
        menu = QMenu(self.wall)
        menu.setObjectName("tileMenu")
        for action in self.actions:
            if action is None:
                menu.addSeparator()
            elif action.isEnabled():
                menu.addAction(action)
        self.menu = menu
        menu.popup(where)  # type: ignore[arg-type]
        return menu
