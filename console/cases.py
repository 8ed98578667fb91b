# SPDX-License-Identifier: GPL-3.0-or-later
"""The case work of a session: the deadline board and police inbox, one case's view,
the hand-off steps, media, extraction requests and the approvals an approver must act on.

At login the open cases the user sees are loaded (``GET /api/cases?open=true``; both
sides, the board filters them) with the user's unit (the inbox: cases sent to it, not
yet accepted) and, for an approver, the extraction requests and evidence packages waiting
for them. The hub's pushes (``case.opened`` / ``case.updated``, ``extraction.*``,
``evidence.package``) update rows in place; a push carries no ``allowed_actions``, so the
selected case's detail is fetched again whenever it changes and its buttons follow it.
Every step goes with the version the operator saw; a stale one (409 ``case.stale``)
refreshes the case and says so.

A case is opened from an incident (the incident pane's "Open case…"), from the selected
tile (its camera and the last minutes, or the minutes before its archive position) or
from the archive timeline's selected range; media are added through the hub (it cuts
clips from the archive and takes snapshots); "Play" plays the stored file and "Export"
copies the media to a registered device (:mod:`console.case_media`). "The last minutes"
of a live tile are the hub's (:class:`~console.case_opening.HubTime`, measured at login
and every few minutes), so a workstation clock running ahead is no trouble.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import shiboken6
from pydantic import BaseModel, ValidationError
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMenu, QToolButton

from console.case_media import CaseMediaActions
from console.case_opening import CaseOpener, HubTime, TileMenu, camera_ranges
from console.case_rows import approval_item, case_row, detail_view
from console.case_texts import CaseTexts
from console.events import EventStream
from console.evidence import EvidencePackageActions
from console.incidents import IncidentsController
from console.panels import OperatorPanels
from console.publishing import PublishingActions
from console.wall_controller import WallController
from hub.cases import contracts as cc
from hub.client import CaseStep, HubApiError, HubClient
from hub.contracts import ROLE_PERMISSIONS, Permission, UnitKind
from hub.evidence.contracts import TOPIC_PACKAGE, PackageOut
from widgets.case_approvals import ApprovalRequests
from widgets.case_board import BoardCounts, CaseBoard
from widgets.case_dialogs import (
    CaseStepDialog,
    MediaDialog,
    NewCaseDialog,
)
from widgets.case_view import CaseDetailView
from widgets.extraction_dialogs import (
    ApprovalDecisionDialog,
    DossierDialog,
    ExtractionDialog,
    WithdrawDialog,
)
from widgets.incident_dialogs import open_dialog
from widgets.main_window import MainWindow

log = logging.getLogger(__name__)

CASE_TOPICS = ("case.opened", "case.updated")
EXTRACTION_TOPICS = ("extraction.opened", "extraction.updated")
PUSH_PREFIXES = ("case", "extraction", "evidence")  # what the session's stream asks for
POLICE_KINDS = frozenset(
    {
        UnitKind.PROVINCIAL_POLICE,
        UnitKind.CITY_POLICE,
        UnitKind.WARD_POLICE,
        UnitKind.TRAFFIC_POLICE_TEAM,
    }
)
CLIP_BACK = timedelta(seconds=30)  # a clip from an archive tile: the half minute before
HUB_TIME_MS = 5 * 60_000  # the hub's clock is read again this often
MESSAGE_MS = 10_000
# Hand-off steps: the route and the request each takes (see hub.cases.contracts).
STEPS: dict[str, tuple[CaseStep, type[BaseModel]]] = {
    "send": ("send", cc.SendIn),
    "cancel": ("cancel", cc.ReasonIn),
    "close": ("close", cc.VersionIn),
    "accept": ("accept", cc.AcceptIn),
    "mark_complex": ("mark-complex", cc.ReasonIn),
    "identify": ("identify", cc.IdentifyIn),
    "record": ("record", cc.RecordIn),
    "transfer": ("transfer", cc.TransferIn),
    "extend": ("extend", cc.ExtendIn),
    "decide": ("decide", cc.DecideIn),
    "conclude": ("conclude", cc.ConcludeIn),
    "comment": ("comments", cc.CaseCommentIn),
}


class CasesController(QObject):
    """The case dock, the approvals dock and the case actions of one main window.

    Signals:
        loaded(int): the open cases were read at login (how many).
        detailShown(int): the selected case's detail (with its buttons) is on show.
        changed(str, int): a step the operator asked for was done (action, case id).
        refused(str, str): a step was refused (action, hub code); the text is on show.
        approvalsChanged(int): the approval requests waiting for me (how many).
    """

    loaded = Signal(int)
    detailShown = Signal(int)
    changed = Signal(str, int)
    refused = Signal(str, str)
    approvalsChanged = Signal(int)

    def __init__(
        self,
        window: MainWindow,
        walls: WallController,
        panels: OperatorPanels,
        incidents: IncidentsController,
        events: EventStream,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.walls = walls
        self.panels = panels
        self.incidents = incidents
        self.events = events
        self.texts = CaseTexts(self)
        self.client: HubClient | None = None
        self.unit_id: int | None = None
        self.permissions: frozenset[Permission] = frozenset()
        self.police_units: list[tuple[int, str]] = []
        self.units: list[tuple[int, str]] = []
        self.hub_time = HubTime()
        self._hub_timer = QTimer(self)
        self._hub_timer.setInterval(HUB_TIME_MS)
        self._hub_timer.timeout.connect(self._measure_hub_time)
        self.board = CaseBoard()
        self.labels = self.board.labels
        self.dock = window.add_dock(
            self.board, self.tr("Cases"), Qt.DockWidgetArea.RightDockWidgetArea
        )
        window.tabifyDockWidget(incidents.dock, self.dock)
        self.approvals = ApprovalRequests(self.labels)
        self.approvals_dock = window.add_dock(
            self.approvals, self.tr("Approval requests"), Qt.DockWidgetArea.RightDockWidgetArea
        )
        window.tabifyDockWidget(self.dock, self.approvals_dock)
        incidents.dock.raise_()
        self.status_label = QLabel(window)
        self.status_label.setObjectName("caseCountsStatus")
        window.statusBar().addPermanentWidget(self.status_label)
        self.opener = CaseOpener(
            window,
            walls,
            panels,
            incidents,
            self.labels,
            self.texts,
            self._ask,
            self._say,
            self._submit,
            hub_time=self.hub_time,
            parent=self,
        )
        self.media = CaseMediaActions(self)
        self._build_actions()
        self.evidence = EvidencePackageActions(self)
        self.publishing = PublishingActions(self)
        self.last_message = ""
        self.dialog: QDialog | None = None  # the question on show, while open
        self._approval_count = 0
        self._fetching: set[int] = set()
        self._refetch: set[int] = set()
        self._approvals_asked = 0  # the newest question's number: only its answer shows
        self._tasks: set[asyncio.Future[Any]] = set()
        self.board.caseSelected.connect(self._selected)
        self.board.newCaseRequested.connect(self.open_from_tile)
        self.board.countsChanged.connect(lambda _c: self._show_counts())
        self.board.view.actionRequested.connect(self.act)
        self.board.view.playRequested.connect(self.play)
        self.board.view.extractionActionRequested.connect(self.act_extraction)
        self.approvals.decideRequested.connect(self.decide_request)
        self.approvals.caseRequested.connect(self.show_case)
        incidents.queue.detail.caseRequested.connect(self.open_from_incident)
        events.received.connect(self._pushed)
        self._show_counts()

    def _build_actions(self) -> None:
        window = self.window

        def action(text: str, keys: str, slot: Callable[[], None]) -> QAction:
            made = QAction(text, self)
            made.setShortcut(QKeySequence(keys))
            made.triggered.connect(lambda _=False: slot())
            window.addAction(made)  # the shortcut works with the toolbar hidden too
            return made

        self.board_action = action(self.tr("Deadline board"), "Ctrl+K", self.show_board)
        self.inbox_action = action(self.tr("Police inbox"), "Ctrl+Shift+K", self.show_inbox)
        self.tile_action = action(
            self.tr("New case from the selected tile…"), "Ctrl+N", self.open_from_tile
        )
        self.timeline_action = action(
            self.tr("New case from the timeline selection…"),
            "Ctrl+Shift+N",
            self.open_from_timeline,
        )
        self.approvals_action = action(
            self.tr("Approval requests"), "Ctrl+Shift+A", self.show_approvals
        )
        self.devices_action = QAction(self.tr("Storage devices…"), self)
        self.devices_action.triggered.connect(lambda _=False: self.media.show_devices())
        self.open_case_action = QAction(self.tr("Open case…"), self)
        self.open_case_action.triggered.connect(lambda _=False: self.open_from_tile())
        self.tile_menu = TileMenu(
            window.wall,
            [
                self.open_case_action,
                self.incidents.report_action,
                None,
                self.panels.snapshot_action,
                self.panels.archive_action,
                None,
                window.clear_action,
            ],
        )
        self.menu = QMenu(self.tr("Cases"), window)
        for item in (
            self.board_action,
            self.inbox_action,
            self.tile_action,
            self.timeline_action,
            self.approvals_action,
            self.devices_action,
        ):
            self.menu.addAction(item)
        button = QToolButton(window)
        button.setObjectName("casesMenuButton")
        button.setText(self.tr("Cases"))
        button.setMenu(self.menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        window.toolbar.addWidget(button)

    # -- session ------------------------------------------------------------------------

    def begin(self, client: HubClient) -> None:
        """A session started: who I am, the police units, the open cases, my approvals."""
        self.client = client
        self._spawn(self.load())
        self._measure_hub_time()
        self._hub_timer.start()

    def _measure_hub_time(self) -> None:
        if self.client is not None:
            self._spawn(self.hub_time.measure(self.client))

    def end(self) -> None:
        """The session ends: close the question, empty the board, cancel pending calls."""
        self.client = None
        self.unit_id = None
        self.permissions = frozenset()
        self._hub_timer.stop()
        self.media.end()
        self.evidence.end()
        self.publishing.end()
        for task in list(self._tasks):
            if task is not asyncio.current_task():
                task.cancel()
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.reject()
        if shiboken6.isValid(self.window) and self.window.isVisible():
            self.board.set_cases([])
            self.approvals.set_requests([], [])
            self._approval_count = 0
            self._show_counts()

    async def load(self) -> None:
        """Read my unit and rights, the police units, the open cases and my approvals."""
        client = self.client
        if client is None:
            return
        try:
            me, units = await asyncio.gather(client.me(), client.units())
            found = await client.cases(open_only=True, limit=1000)
        except HubApiError as exc:
            self._say(self.texts.refusal(exc))
            return
        if client is not self.client:
            return
        self.unit_id = me.unit_id
        perms: set[Permission] = set()
        for role in me.roles:
            perms |= ROLE_PERMISSIONS[role]
        self.permissions = frozenset(perms)
        self.police_units = [(u.id, u.name) for u in units if u.kind in POLICE_KINDS]
        self.units = [(u.id, u.name) for u in units]
        rows = {o.id: case_row(o, self.unit_id) for o in found}
        for row in self.board.model.cases():  # pushed meanwhile, and newer
            if row.id not in rows or row.version >= rows[row.id].version:
                rows[row.id] = row
        self.board.set_cases(sorted(rows.values(), key=lambda r: r.id))
        self.approvals_action.setEnabled(Permission.APPROVAL_GRANT in self.permissions)
        self.devices_action.setEnabled(Permission.STORAGE_DEVICE_MANAGE in self.permissions)
        self.loaded.emit(len(found))
        await self.load_approvals()

    async def load_approvals(self) -> None:
        """The extraction requests and evidence packages waiting for me (an approver)."""
        client = self.client
        if client is None or Permission.APPROVAL_GRANT not in self.permissions:
            return
        self._approvals_asked += 1
        asked = self._approvals_asked
        try:
            waiting, packages = await asyncio.gather(
                client.extraction_requests(pending_for_me=True), self.evidence.waiting()
            )
        except HubApiError as exc:
            self._say(self.texts.refusal(exc))
            return
        if client is not self.client or asked != self._approvals_asked:
            return  # a newer answer is on its way
        self.approvals.set_requests([approval_item(r) for r in waiting], packages)
        self._approval_count = self.approvals.count()
        self._show_counts()
        self.approvalsChanged.emit(self._approval_count)

    # -- pushes ---------------------------------------------------------------------------

    def _pushed(self, topic: str, data: object) -> None:
        if self.client is None:
            return
        try:
            if topic in CASE_TOPICS:
                self._apply(cc.CaseOut.model_validate(data))
            elif topic in EXTRACTION_TOPICS:
                request = cc.ExtractionRequestOut.model_validate(data)
                self._spawn(self.load_approvals())
                if self.board.view.case_id == request.case_id:
                    self._fetch_detail(request.case_id)
            elif topic == TOPIC_PACKAGE:
                package = PackageOut.model_validate(data)
                self._spawn(self.load_approvals())
                self.evidence.pushed(package)
        except ValidationError:
            log.warning("malformed %s push ignored", topic)

    def _apply(self, out: cc.CaseOut) -> None:
        known = self.board.model.case(out.id)
        if known is not None and known.version > out.version:
            return  # older than what is on show
        self.board.upsert(case_row(out, self.unit_id))
        if self.board.selected_id() == out.id and not isinstance(out, cc.CaseDetail):
            self._fetch_detail(out.id)  # the buttons follow what I may do now

    # -- detail ---------------------------------------------------------------------------

    def _selected(self, case_id: int) -> None:
        if case_id >= 0:
            self._fetch_detail(case_id)

    def _fetch_detail(self, case_id: int) -> None:
        if case_id in self._fetching:
            self._refetch.add(case_id)
            return
        self._fetching.add(case_id)
        self._spawn(self._load_detail(case_id))

    async def _load_detail(self, case_id: int) -> None:
        try:
            detail = await self._detail(case_id)
        finally:
            self._fetching.discard(case_id)
        if case_id in self._refetch:
            self._refetch.discard(case_id)
            self._fetch_detail(case_id)
            return
        if detail is None:
            return
        self._apply(detail)
        if self.board.selected_id() == case_id:
            self.board.view.set_case(detail_view(detail, self.unit_id))
            self.detailShown.emit(case_id)

    async def _detail(self, case_id: int) -> cc.CaseDetail | None:
        client = self.client
        if client is None:
            return None
        try:
            detail = await client.case(case_id)
        except HubApiError as exc:
            if exc.code == "case.not_found":
                self.board.remove(case_id)
            self._say(self.texts.refusal(exc))
            return None
        return detail if client is self.client else None

    def shown(self) -> CaseDetailView | None:
        """The case on show in the case view."""
        return self.board.view.detail

    # -- showing --------------------------------------------------------------------------

    def show_board(self) -> None:
        """The deadline board: show the dock and put the keyboard in its table."""
        self.dock.show()
        self.dock.raise_()
        self.board.table.setFocus()

    def show_inbox(self) -> None:
        """The police inbox: the board filtered to cases waiting in my unit's inbox."""
        self.show_board()
        self.board.show_inbox()

    def show_approvals(self) -> None:
        """The approval requests waiting for me."""
        self.approvals_dock.show()
        self.approvals_dock.raise_()
        self.approvals.list.setFocus()
        self._spawn(self.load_approvals())

    def show_case(self, case_id: int) -> None:
        """Show one case on the board (fetched when not there yet)."""
        self.show_board()
        if not self.board.select(case_id):
            self._spawn(self._show_unknown(case_id))

    async def _show_unknown(self, case_id: int) -> None:
        detail = await self._detail(case_id)
        if detail is not None:
            self._apply(detail)
            self.board.select(case_id)

    # -- steps ----------------------------------------------------------------------------

    def act(self, action: str, case_id: int) -> None:
        """A step button: ask what the step needs, then send it with the version."""
        row = self.board.model.case(case_id)
        if row is None or self.client is None:
            return
        if action == "add_media":
            self.ask_media(case_id)
        elif action == "edit":
            self.ask_edit(case_id)
        elif action in ("request_extraction", "fast_extraction"):
            self.ask_extraction(case_id, fast=action == "fast_extraction")
        elif action == "export":
            self._spawn(self.ask_export(case_id))
        elif action in STEPS:
            units = [u for u in self.police_units if u[0] != self.unit_id]
            dialog = CaseStepDialog(action, self.labels, row.number, units, self.window)

            def answered(result: int) -> None:
                if result == QDialog.DialogCode.Accepted.value:
                    self.run_step(action, case_id, dialog.answers())

            self._ask(dialog, answered)

    def run_step(self, action: str, case_id: int, answers: dict[str, Any]) -> None:
        """Send a hand-off step (``answers`` by the hub's field names) with the version."""
        step, model = STEPS[action]

        def call(client: HubClient, version: int) -> Awaitable[cc.CaseOut]:
            values = dict(answers) if action == "comment" else {"version": version, **answers}
            return client.case_step(case_id, step, model(**values))

        self._spawn(self._step(action, case_id, call))

    async def _step(
        self,
        action: str,
        case_id: int,
        call: Callable[[HubClient, int], Awaitable[Any]],
    ) -> bool:
        client = self.client
        row = self.board.model.case(case_id)
        if client is None or row is None:
            return False
        view = self.board.view
        busy = view.case_id == case_id
        if busy:
            view.set_busy(True)
        try:
            out = await call(client, row.version)
        except ValidationError:
            self._refused(action, HubApiError(422, "invalid_input", "error.invalid_input"))
            return False
        except HubApiError as exc:
            if client is self.client:
                self._refused(action, exc)
                self._fetch_detail(case_id)  # show what is true now
            return False
        finally:
            if busy and shiboken6.isValid(view):
                view.set_busy(False)
        if client is not self.client:
            return False
        if isinstance(out, cc.CaseOut):
            self._apply(out)
        self._fetch_detail(case_id)
        self.changed.emit(action, case_id)
        return True

    def _refused(self, action: str, exc: HubApiError) -> None:
        log.info("case step %s refused: %s", action, exc.code)
        self._say(self.texts.refusal(exc))
        self.refused.emit(action, exc.code)

    def refusal_text(self, exc: HubApiError) -> str:
        """What the operator reads for a hub refusal."""
        return self.texts.refusal(exc)

    # -- opening a case (console.case_opening asks; this sends) ------------------------

    def open_from_tile(self) -> None:
        """A case from the selected tile (see :class:`CaseOpener`)."""
        self.opener.open_from_tile()

    def open_from_timeline(self) -> None:
        """A case from the archive timeline's selection (see :class:`CaseOpener`)."""
        self.opener.open_from_timeline()

    def open_from_incident(self, incident_id: int) -> None:
        """A case from an incident (see :class:`CaseOpener`)."""
        self.opener.open_from_incident(incident_id)

    def _submit(self, req: cc.CaseCreate | None) -> None:
        if req is None:  # the form's values did not make a valid case
            self._refused("open", HubApiError(422, "invalid_input", "error.invalid_input"))
        elif self.client is not None:
            self._spawn(self._open(req))

    async def _open(self, req: cc.CaseCreate) -> None:
        client = self.client
        if client is None:
            return
        try:
            out = await client.open_case(req)
        except HubApiError as exc:
            self._refused("open", exc)
            return
        if client is not self.client:
            return
        self._apply(out)
        self.show_case(out.id)
        self._say(self.tr("Case %1 opened.").replace("%1", out.number))
        self.changed.emit("open", out.id)

    def ask_edit(self, case_id: int) -> None:
        """Change a draft: the new case form, filled with what the case says."""
        detail = self.shown()
        if detail is None or detail.row.id != case_id:
            return
        ranges = [(c.camera_id, c.start, c.end) for c in detail.cameras]
        dialog = NewCaseDialog(
            self.labels,
            self.opener.camera_choices(),
            ranges,
            self.texts.origin(detail.origin, detail.incident_id),
            detail.row.place,
            self.window,
        )
        dialog.setWindowTitle(detail.row.number)
        dialog.ok_button.setText(self.tr("Save"))
        dialog.fill(detail.row.violation_type, detail.row.place, detail.row.plate)
        dialog.set_vehicle(detail.vehicle_type)
        dialog.description_edit.setPlainText(detail.description)

        def answered(result: int) -> None:
            if result != QDialog.DialogCode.Accepted.value:
                return
            values = dialog.values()

            def call(client: HubClient, version: int) -> Awaitable[cc.CaseOut]:
                req = cc.CaseUpdate(
                    version=version,
                    violation_type=cc.ViolationType(values.violation_type),
                    cameras=camera_ranges(values),
                    place=values.place,
                    plate=values.plate or None,
                    vehicle_type=values.vehicle_type or None,
                    description=values.description,
                )
                return client.edit_case(case_id, req)

            self._spawn(self._step("edit", case_id, call))

        self._ask(dialog, answered)

    # -- media ----------------------------------------------------------------------------

    def ask_media(self, case_id: int) -> None:
        """Add a clip or snapshot: a case camera (the selected tile's if it is one) and a
        range (the half minute before the tile's archive position, else the case's)."""
        detail = self.shown()
        if detail is None or detail.row.id != case_id or not detail.cameras:
            return
        chosen = self.panels.selected_camera()
        ranges = {c.camera_id: c for c in detail.cameras}
        camera_id = chosen[1] if chosen is not None and chosen[1] in ranges else None
        span = ranges[camera_id] if camera_id is not None else detail.cameras[0]
        start, end = span.start, min(span.end, span.start + timedelta(hours=1))
        at = (
            self.opener.tile_time(chosen[0])
            if chosen is not None and camera_id is not None
            else None
        )
        if at is not None:
            start = max(span.start, at - CLIP_BACK)
            end = min(span.end, max(at, start + timedelta(seconds=1)))
        cameras = [(c.camera_id, c.camera_name) for c in detail.cameras]
        dialog = MediaDialog(cameras, span.camera_id, start, end, self.window)

        def answered(result: int) -> None:
            camera = dialog.camera_id()
            if result != QDialog.DialogCode.Accepted.value or camera is None:
                return
            first, last = dialog.span()
            self.add_media(case_id, dialog.kind(), camera, first, last)

        self._ask(dialog, answered)

    def add_media(
        self, case_id: int, kind: str, camera_id: int, start: datetime, end: datetime
    ) -> None:
        """Have the hub cut a clip (or take a snapshot at ``start``) into the case."""

        def call(client: HubClient, _version: int) -> Awaitable[cc.CaseMediaOut]:
            if kind == "snapshot":
                return client.add_case_snapshot(
                    case_id, cc.SnapshotIn(camera_id=camera_id, at=start)
                )
            return client.add_case_clip(
                case_id, cc.ClipIn(camera_id=camera_id, start=start, end=end)
            )

        self._say(
            self.tr("The hub is cutting the clip…")
            if kind == "clip"
            else self.tr("The hub is taking the snapshot…")
        )
        self._spawn(self._step("add_media", case_id, call))

    def play(self, case_id: int, media_id: int) -> None:
        """Play a medium's stored file (downloaded through the hub, hash checked)."""
        self._spawn(self.media.play(case_id, media_id))

    # -- extraction, approvals, export -----------------------------------------------------

    def ask_extraction(self, case_id: int, fast: bool) -> None:
        """Ask for an extraction (standard / written request) or a TN 9.2 fast one."""
        dialog = ExtractionDialog(self.labels, fast, self.window)

        def answered(result: int) -> None:
            if result != QDialog.DialogCode.Accepted.value:
                return
            answers = dialog.answers()

            def call(client: HubClient, _version: int) -> Awaitable[cc.ExtractionRequestOut]:
                if fast:
                    return client.fast_extraction(case_id, cc.FastExtractionIn(**answers))
                return client.request_extraction(case_id, cc.ExtractionRequestCreate(**answers))

            action = "fast_extraction" if fast else "request_extraction"
            self._spawn(self._step(action, case_id, call))

        self._ask(dialog, answered)

    def decide_request(self, request_id: int) -> None:
        """An approver's decision (or endorsement) of a waiting extraction request."""
        item = self.approvals.items.get(request_id)
        if item is None:
            return
        summary = self.texts.request_summary(item)
        dialog = ApprovalDecisionDialog(summary, item.endorsement, self.window)

        def answered(result: int) -> None:
            verdict = dialog.verdict()
            if result != QDialog.DialogCode.Accepted.value or verdict is None:
                return
            req = cc.ApprovalDecisionIn(verdict=cc.Verdict(verdict), note=dialog.note_text())

            def call(client: HubClient, _version: int) -> Awaitable[cc.ExtractionRequestOut]:
                return client.decide_extraction(request_id, req)

            self._spawn(self._decided(item.case_id, call))

        self._ask(dialog, answered)

    async def _decided(
        self,
        case_id: int,
        call: Callable[[HubClient, int], Awaitable[Any]],
        action: str = "decide_extraction",
    ) -> None:
        client = self.client
        if client is None:
            return
        try:
            await call(client, 0)
        except HubApiError as exc:
            self._refused(action, exc)
            return
        finally:
            await self.load_approvals()
            if self.board.view.case_id == case_id:
                self._fetch_detail(case_id)
        self.changed.emit(action, case_id)

    async def ask_export(self, case_id: int) -> None:
        """Export under an approved (or fast) request to a registered device (the volume
        chosen, its identifier read from it, the copy verified: :mod:`console.case_media`)."""
        await self.media.ask_export(case_id)

    def act_extraction(self, action: str, request_id: int) -> None:
        """The requester's own steps on an extraction request: complete a fast
        extraction's dossier (TN 9.2b) or withdraw a pending request."""
        detail = self.shown()
        found = [r for r in detail.extractions if r.id == request_id] if detail else []
        if detail is None or not found:
            return
        summary = f"#{request_id} — {found[0].purpose}"
        case_id = detail.row.id
        if action == "complete_dossier":
            dossier = DossierDialog(summary, self.window)

            def dossier_done(result: int) -> None:
                if result == QDialog.DialogCode.Accepted.value:
                    req = cc.DossierIn(**dossier.answers())
                    self._spawn(
                        self._decided(
                            case_id, lambda c, _v: c.complete_dossier(request_id, req), action
                        )
                    )

            self._ask(dossier, dossier_done)
        elif action == "withdraw":
            withdraw = WithdrawDialog(summary, self.window)

            def withdraw_done(result: int) -> None:
                if result == QDialog.DialogCode.Accepted.value:
                    req = cc.WithdrawIn(**withdraw.answers())
                    self._spawn(
                        self._decided(
                            case_id, lambda c, _v: c.withdraw_extraction(request_id, req), action
                        )
                    )

            self._ask(withdraw, withdraw_done)

    # -- plumbing -------------------------------------------------------------------------

    def _ask(self, dialog: QDialog, answered: Callable[[int], None]) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(answered)
        open_dialog(dialog)
        self.dialog = dialog

    def _show_counts(self) -> None:
        if not shiboken6.isValid(self.window):
            return
        counts: BoardCounts = self.board.counts
        text = self.board.counts_text(counts)
        if Permission.APPROVAL_GRANT in self.permissions:
            text += " · " + self.approvals.count_text(self._approval_count)
        self.status_label.setText(text)
        urgent = counts.overdue > 0 or counts.inbox > 0 or self._approval_count > 0
        self.status_label.setStyleSheet("color: #b3261e; font-weight: bold;" if urgent else "")

    def _say(self, text: str) -> None:
        self.last_message = text
        if shiboken6.isValid(self.window):
            self.window.statusBar().showMessage(text, MESSAGE_MS)

    def _spawn(self, work: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # What console.case_media uses of the controller.
    say = _say
    refuse = _refused
    ask = _ask
    spawn = _spawn
    fetch_detail = _fetch_detail
