# SPDX-License-Identifier: GPL-3.0-or-later
"""The incident queue of a session: the dock, its hub calls, the forced acknowledgement.

At login the open incidents are loaded (``GET /api/incidents?open=true``, and the
resolved ones a supervisor has still to close); afterwards
the hub's pushes (``incident.opened`` / ``incident.updated``) update rows in place. A
push carries no ``allowed_actions``: the selected incident's detail is fetched again
whenever it changes, and the buttons follow it. Every step goes with the version the
operator saw; when someone else changed the incident meanwhile (409 ``incident.stale``)
the incident is refreshed and the operator told, never silently overwritten.

A new critical incident that this operator may acknowledge opens the forced
acknowledgement (:mod:`console.incident_acks`).

"Show on the wall" opens the incident's camera live (a free tile, else the selected one)
and its recording from a little before the first event in another tile, through the
session's wall and archive controllers.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import shiboken6
from pydantic import ValidationError
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog

from console.events import EventStream
from console.incident_acks import DEFER_SECONDS, ForcedAcknowledgements, needs_forced_ack
from console.incident_files import IncidentFiles
from console.incident_rows import detail_view, incident_row
from console.panels import OperatorPanels
from console.wall_controller import WallController
from hub.catalog.contracts import StreamKind
from hub.client import HubApiError, HubClient
from hub.contracts import Permission
from hub.incidents.contracts import (
    IncidentCategory,
    IncidentDetail,
    IncidentOut,
    IncidentReport,
    IncidentStatus,
)
from i18n.catalog import installed_language
from widgets.incident_dialogs import (
    AssignDialog,
    ForcedAckDialog,
    IncidentTextDialog,
    ReportDialog,
    open_dialog,
)
from widgets.incident_model import Counts
from widgets.incident_queue import IncidentQueue
from widgets.main_window import MainWindow

log = logging.getLogger(__name__)

TOPICS = ("incident.opened", "incident.updated")
PREROLL = timedelta(seconds=10)  # the archive starts this long before the first event
MESSAGE_MS = 10_000


class IncidentsController(QObject):
    """The incident dock of one main window, wired to the signed-in client.

    Signals:
        loaded(int): the open incidents were read at login (how many).
        detailShown(int): the selected incident's detail (with its buttons) is on show.
        changed(str, int): a step the operator asked for was done (action, incident id).
        refused(str, str): a step was refused (action, hub code); the text is on show.
        forcedAckShown(int): the forced acknowledgement of an incident opened.
        shown(int, int, int): an incident was put on the wall (id, live cell, archive
            cell or -1).
    """

    loaded = Signal(int)
    detailShown = Signal(int)
    changed = Signal(str, int)
    refused = Signal(str, str)
    forcedAckShown = Signal(int)
    shown = Signal(int, int, int)

    def __init__(
        self,
        window: MainWindow,
        walls: WallController,
        panels: OperatorPanels,
        events: EventStream,
        parent: QObject | None = None,
        defer_seconds: float = DEFER_SECONDS,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.walls = walls
        self.panels = panels
        self.client: HubClient | None = None
        self.queue = IncidentQueue()
        self.dock = window.add_dock(
            self.queue, self.tr("Incidents"), Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.report_action = QAction(self.tr("Report incident…"), self)
        self.report_action.setToolTip(
            self.tr("Report a fault, a security incident, a data leak or an abuse of the system")
        )
        self.report_action.setShortcut(QKeySequence("Ctrl+I"))
        self.report_action.triggered.connect(self.report)
        window.toolbar.addAction(self.report_action)
        self.last_message = ""
        self.step_dialog: QDialog | None = None  # the question of a step, while open
        self.report_dialog: ReportDialog | None = None
        self.acks = ForcedAcknowledgements(
            window,
            self.queue,
            self._detail,
            self._acknowledge,
            self._comment,
            self._say,
            defer_seconds,
            parent=self,
        )
        self.acks.shown.connect(self.forcedAckShown)
        self._fetching: set[int] = set()
        self._refetch: set[int] = set()
        self._tasks: set[asyncio.Future[Any]] = set()
        self.queue.incidentSelected.connect(self._selected)
        self.queue.actionRequested.connect(self.act)
        self.queue.stepToggled.connect(self._tick)
        self.queue.showRequested.connect(self.show_on_wall)
        self.queue.reportRequested.connect(self.report)
        self.queue.countsChanged.connect(self._counts)
        self.files = IncidentFiles(
            window, lambda: self.client, self._run, self._say, self.refusal_text, parent=self
        )
        self.queue.detail.attachRequested.connect(self.files.attach)
        self.queue.detail.saveAttachmentRequested.connect(self._save_attachment)
        self.queue.detail.language = installed_language(QCoreApplication.instance())
        events.received.connect(self._pushed)
        self._counts(self.queue.counts)

    # -- session ------------------------------------------------------------------------

    def begin(self, client: HubClient) -> None:
        """A session started: load the open incidents."""
        self.client = client
        self.acks.active = True
        self._spawn(self.load())

    def end(self) -> None:
        """The session ends: close the questions, empty the queue, cancel pending calls.

        Nothing here waits (the answers of a session that ended are dropped when they
        come). A window that is closing is left alone: touching its widgets then makes Qt
        delete it under the other parts' feet."""
        self.client = None
        self.acks.reset()
        for task in list(self._tasks):
            if task is not asyncio.current_task():
                task.cancel()
        if shiboken6.isValid(self.window) and self.window.isVisible():
            self.queue.set_incidents([])  # the next user starts with an empty queue

    async def load(self) -> None:
        """Read the open and resolved incidents; ask for the critical ones."""
        client = self.client
        if client is None:
            return
        try:
            # Open ones, and the resolved ones a supervisor has still to close.
            active, resolved = await asyncio.gather(
                client.incidents(open_only=True, limit=1000),
                client.incidents(status=IncidentStatus.RESOLVED, limit=1000),
            )
        except HubApiError as exc:
            self._say(self.refusal_text(exc))
            return
        if client is not self.client:
            return
        found = [*active, *resolved]
        # What was pushed (or reported) while the lists were on their way stays if newer.
        rows = {o.id: incident_row(o) for o in found}
        for row in self.queue.model.incidents():
            if row.id not in rows or row.version >= rows[row.id].version:
                rows[row.id] = row
        self.queue.set_incidents(sorted(rows.values(), key=lambda r: r.id))
        self.loaded.emit(len(found))
        for row in self.queue.model.incidents():
            if needs_forced_ack(row):
                self.acks.consider(row.id)

    # -- pushes ---------------------------------------------------------------------------

    def _pushed(self, topic: str, data: object) -> None:
        if topic not in TOPICS or self.client is None:
            return
        try:
            out = IncidentOut.model_validate(data)
        except ValidationError:
            log.warning("malformed %s push ignored", topic)
            return
        self._apply(out, opened=topic == "incident.opened")

    def _apply(self, out: IncidentOut, opened: bool) -> None:
        known = self.queue.model.incident(out.id)
        if known is not None and known.version > out.version:
            return  # an older state than the one on show
        row = incident_row(out)
        self.queue.upsert(row)
        if self.queue.selected_id() == out.id and not isinstance(out, IncidentDetail):
            self._fetch_detail(out.id)  # the buttons follow what I may do now
        self.acks.seen(row, new=opened or known is None)

    # -- detail ---------------------------------------------------------------------------

    def _selected(self, incident_id: int) -> None:
        if incident_id >= 0:
            self._fetch_detail(incident_id)

    def _fetch_detail(self, incident_id: int) -> None:
        if incident_id in self._fetching:
            self._refetch.add(incident_id)  # once more when the one on its way is back
            return
        self._fetching.add(incident_id)
        self._spawn(self._load_detail(incident_id))

    async def _load_detail(self, incident_id: int) -> None:
        try:
            detail = await self._detail(incident_id)
        finally:
            self._fetching.discard(incident_id)
        if incident_id in self._refetch:
            self._refetch.discard(incident_id)
            self._fetch_detail(incident_id)
            return
        if detail is None:
            return
        self._apply(detail, opened=False)
        if self.queue.selected_id() == incident_id:
            self.queue.set_detail(detail_view(detail))
            self.detailShown.emit(incident_id)

    async def _detail(self, incident_id: int) -> IncidentDetail | None:
        client = self.client
        if client is None:
            return None
        try:
            detail = await client.incident(incident_id)
        except HubApiError as exc:
            if exc.code == "incident.not_found":
                self.queue.remove(incident_id)  # no longer in my scope
            self._say(self.refusal_text(exc))
            return None
        return detail if client is self.client else None

    # -- steps ----------------------------------------------------------------------------

    def act(self, action: str, incident_id: int) -> None:
        """A life-cycle button: ask what the step needs, then send it with the version."""
        row = self.queue.model.incident(incident_id)
        if row is None or self.client is None:
            return
        labels = self.queue.model.labels
        if action in ("acknowledge", "start", "close"):
            self._run(action, incident_id, self._simple(action, incident_id))
        elif action == "assign":
            self._spawn(self._ask_assignee(incident_id))
        elif action in ("comment", "resolve", "reopen", "escalate"):
            prompts = {
                "comment": self.tr("Your comment:"),
                "resolve": self.tr("How was the incident resolved?"),
                "reopen": self.tr("Why is the incident reopened?"),
                "escalate": self.tr("Why does the incident go to a higher unit?"),
            }
            title = f"#{incident_id} — {labels.action_text(action).rstrip('…')}"
            dialog = IncidentTextDialog(
                title,
                prompts[action],
                labels.action_text(action).rstrip("…"),
                self.window,
                units=[] if action == "escalate" else None,
            )
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

            def answered(result: int) -> None:
                if result == QDialog.DialogCode.Accepted.value:
                    self._run(action, incident_id, self._texted(action, incident_id, dialog.text()))

            dialog.finished.connect(answered)
            open_dialog(dialog)
            self.step_dialog = dialog

    def _simple(self, action: str, incident_id: int) -> Callable[[HubClient, int], Awaitable[Any]]:
        calls = {
            "acknowledge": lambda c, v: c.acknowledge_incident(incident_id, v),
            "start": lambda c, v: c.start_incident(incident_id, v),
            "close": lambda c, v: c.close_incident(incident_id, v),
        }
        return calls[action]

    def _texted(
        self, action: str, incident_id: int, text: str
    ) -> Callable[[HubClient, int], Awaitable[Any]]:
        calls = {
            "comment": lambda c, _v: c.comment_incident(incident_id, text),
            "resolve": lambda c, v: c.resolve_incident(incident_id, v, text),
            "reopen": lambda c, v: c.reopen_incident(incident_id, v, text),
            "escalate": lambda c, v: c.escalate_incident(incident_id, v, text),  # parent unit
        }
        return calls[action]

    async def _ask_assignee(self, incident_id: int) -> None:
        client = self.client
        if client is None:
            return
        try:
            people = await client.incident_assignees(incident_id)
        except HubApiError as exc:
            self._refused("assign", exc)
            return
        dialog = AssignDialog([(p.id, p.name) for p in people], self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(result: int) -> None:
            user_id = dialog.user_id()
            if result == QDialog.DialogCode.Accepted.value and user_id is not None:
                self._run(
                    "assign",
                    incident_id,
                    lambda c, v: c.assign_incident(incident_id, v, user_id),
                )

        dialog.finished.connect(answered)
        open_dialog(dialog)
        self.step_dialog = dialog

    def _save_attachment(self, incident_id: int, attachment_id: int) -> None:
        detail = self.queue.detail.detail
        if detail is None or detail.row.id != incident_id:
            return
        file = next((a for a in detail.attachments if a.id == attachment_id), None)
        if file is not None:
            self._spawn(self.files.save_copy(incident_id, file.id, file.name, file.sha256))

    def _tick(self, incident_id: int, key: str, done: bool) -> None:
        self._run("check", incident_id, lambda c, _v: c.tick_procedure(incident_id, key, done))

    def _run(
        self, action: str, incident_id: int, call: Callable[[HubClient, int], Awaitable[Any]]
    ) -> None:
        self._spawn(self._step(action, incident_id, call))

    async def _step(
        self, action: str, incident_id: int, call: Callable[[HubClient, int], Awaitable[Any]]
    ) -> bool:
        client = self.client
        row = self.queue.model.incident(incident_id)
        if client is None or row is None:
            return False
        pane = self.queue.detail
        busy = pane.incident_id == incident_id
        if busy:
            pane.set_busy(True)
        try:
            out = await call(client, row.version)
        except HubApiError as exc:
            if client is self.client:
                self._refused(action, exc)
                self._fetch_detail(incident_id)  # stale or not: show what is true now
            return False
        finally:
            if busy and shiboken6.isValid(pane):
                pane.set_busy(False)
        if client is not self.client:
            return False
        self._apply(out, opened=False)
        self._fetch_detail(incident_id)
        self.changed.emit(action, incident_id)
        return True

    def _refused(self, action: str, exc: HubApiError) -> None:
        log.info("incident step %s refused: %s", action, exc.code)
        self._say(self.refusal_text(exc))
        self.refused.emit(action, exc.code)

    def refusal_text(self, exc: HubApiError) -> str:
        """What the operator reads for a hub refusal."""
        code = exc.code
        texts = {
            "incident.stale": self.tr(
                "Someone else changed this incident meanwhile. It has been refreshed: "
                "check it and try again."
            ),
            "incident.bad_transition": self.tr("This step is not possible in the current status."),
            "incident.ack_required": self.tr("The incident must be acknowledged first."),
            "incident.not_found": self.tr("This incident is not (or no longer) in your scope."),
            "incident.bad_assignee": self.tr("This person cannot take the incident."),
            "incident.bad_escalation": self.tr("There is no higher unit to escalate to."),
            "incident.procedure_step_not_found": self.tr("This procedure step does not exist."),
            "incident.attachment_too_large": self.tr(
                "The file is larger than the hub accepts for an attachment."
            ),
            "body_too_large": self.tr("The file is larger than the hub accepts for an attachment."),
            "incident.bad_attachment": self.tr("The hub did not accept this file."),
            "incident.attachment_not_found": self.tr("This file is no longer on the hub."),
            "incident.attachment_corrupt": self.tr(
                "The hub's copy of this file is damaged; tell the administrator."
            ),
            "forbidden": self.tr("Your role does not allow this step."),
            "scope.out_of_scope": self.tr("This camera is outside your scope."),
            "camera.not_found": self.tr("The camera does not exist."),
            "invalid_input": self.tr("The hub did not accept what was entered."),
            "network": self.tr("The hub does not answer."),
        }
        text = texts.get(code)
        if text is None:
            text = self.tr("The hub refused (%1).").replace("%1", code)
        return text

    # -- report ---------------------------------------------------------------------------

    def report(self) -> None:
        """Ask for a report of a fault, security incident, data leak or abuse."""
        if self.client is None:
            return
        cameras = sorted(
            ((c.id, f"{c.code} {c.name}") for c in self.walls.cameras.values()),
            key=lambda item: item[1],
        )
        chosen = self.panels.selected_camera()
        dialog = ReportDialog(
            self.queue.model.labels,
            cameras,
            str(chosen[1]) if chosen is not None else None,
            self.window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(result: int) -> None:
            if result == QDialog.DialogCode.Accepted.value:
                camera = dialog.camera_id()
                req = IncidentReport(
                    category=IncidentCategory(dialog.category()),
                    title=dialog.title(),
                    description=dialog.description(),
                    camera_id=int(camera) if camera else None,
                )
                self._spawn(self._send_report(req))

        dialog.finished.connect(answered)
        open_dialog(dialog)
        self.report_dialog = dialog

    async def _send_report(self, req: IncidentReport) -> None:
        client = self.client
        if client is None:
            return
        self.acks.reporting()
        out: IncidentOut | None = None
        try:
            out = await client.report_incident(req)
        except HubApiError as exc:
            self._refused("report", exc)
            return
        finally:
            self.acks.reported(out.id if out is not None else None)
        if client is not self.client:
            return
        self._apply(out, opened=True)
        self.queue.select(out.id)
        self._say(self.tr("Incident #%1 reported.").replace("%1", str(out.id)))
        self.changed.emit("report", out.id)

    # -- forced acknowledgement (console.incident_acks) -----------------------------------

    @property
    def ack_dialog(self) -> ForcedAckDialog | None:
        """The forced acknowledgement on show."""
        return self.acks.dialog

    @property
    def waiting(self) -> tuple[int, ...]:
        """Incidents whose forced acknowledgement waits (its turn, or the unlock)."""
        return self.acks.waiting

    @property
    def defer_seconds(self) -> float:
        """How long a deferred forced acknowledgement waits before asking again."""
        return self.acks.defer_seconds

    @defer_seconds.setter
    def defer_seconds(self, seconds: float) -> None:
        self.acks.defer_seconds = seconds

    def ask_waiting(self) -> None:
        """Open a forced acknowledgement that waits (the console was unlocked)."""
        self.acks.ask_waiting()

    async def _acknowledge(self, incident_id: int) -> bool:
        return await self._step(
            "acknowledge", incident_id, lambda c, v: c.acknowledge_incident(incident_id, v)
        )

    def _comment(self, incident_id: int, text: str) -> None:
        self._run("comment", incident_id, lambda c, _v: c.comment_incident(incident_id, text))

    # -- the wall -------------------------------------------------------------------------

    def show_on_wall(self, incident_id: int) -> None:
        """The incident's camera live on a free (else the selected) tile, and its
        recording from just before the first event on another tile."""
        row = self.queue.model.incident(incident_id)
        if row is None:
            return
        camera = row.camera_id
        if camera is None:
            self._say(self.tr("This incident has no camera."))
            return
        if camera not in self.walls.cameras:
            self._say(self.tr("You may not view this incident's camera."))
            return
        wall = self.window.wall
        cells = wall.model.cells
        archive = self.panels.archive
        free = [i for i, c in enumerate(cells) if c.camera_id is None]
        live_cells = [
            i for i, c in enumerate(cells) if c.camera_id == camera and not archive.is_archive(i)
        ]
        if live_cells:
            live = live_cells[0]
        elif free:
            live = free.pop(0)
        else:
            live = wall.selected if 0 <= wall.selected < len(cells) else 0
        free = [i for i in free if i != live]
        replay = -1
        if Permission.IMAGE_ARCHIVE in self.panels.permissions and len(cells) > 1:
            replay = free[0] if free else (live + 1) % len(cells)
        if archive.is_archive(live):
            archive.leave(live)
        self.walls.drop_camera(live, camera)
        if replay >= 0:
            # Archive first: the cell's live stream is never asked for.
            at = row.first_event_at - PREROLL
            archive.enter(replay, wall.tile(replay), int(camera), at=at, stream=StreamKind.SUB)
            self.walls.drop_camera(replay, camera)
            wall.select(replay)
        else:
            wall.select(live)
            self._say(self.tr("The camera is live; its recording needs a second tile."))
        self.shown.emit(incident_id, live, replay)

    # -- plumbing -------------------------------------------------------------------------

    def _counts(self, counts: Counts) -> None:
        if shiboken6.isValid(self.window):
            self.window.set_incident_counts(
                self.queue.counts_text(counts), counts.critical > 0 or counts.overdue > 0
            )

    def _say(self, text: str) -> None:
        self.last_message = text
        if shiboken6.isValid(self.window):
            self.window.statusBar().showMessage(text, MESSAGE_MS)

    def _spawn(self, work: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
