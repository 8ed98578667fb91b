# SPDX-License-Identifier: GPL-3.0-or-later
"""The forced acknowledgement of critical incidents, one question at a time.

A critical incident nobody has acknowledged (the hub's ``requires_ack``) that this
operator may acknowledge (its ``allowed_actions``) opens
:class:`~widgets.incident_dialogs.ForcedAckDialog`; others wait their turn. The operator
acknowledges it, or defers it with a reason: the reason is recorded on the incident as a
comment and the question comes back after :data:`DEFER_SECONDS` while nobody has
acknowledged it. When someone else acknowledges it first, the question closes by itself.
Nothing opens over the lock screen (the sound and the banner still tell); the question
waits for the unlock. The person who reported an incident is not asked about it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog

from hub.incidents.contracts import IncidentDetail, IncidentStatus
from widgets.incident_dialogs import ForcedAckDialog, ask_forced_ack
from widgets.incident_model import IncidentRow
from widgets.incident_queue import IncidentQueue
from widgets.main_window import MainWindow

DEFER_SECONDS = 120.0  # a deferred critical incident asks again after this


def needs_forced_ack(row: IncidentRow) -> bool:
    """A critical incident nobody has acknowledged yet (the hub's ``requires_ack``)."""
    return row.requires_ack and row.status == IncidentStatus.NEW.value


class ForcedAcknowledgements(QObject):
    """The questions of one session (see the module doc).

    The owner gives the hub calls: ``detail`` (the incident with what I may do, or
    ``None``), ``acknowledge`` (``True`` when done), ``comment`` and ``say`` (a line in the
    status bar).

    Signals:
        shown(int): the question about an incident opened.
    """

    shown = Signal(int)

    def __init__(
        self,
        window: MainWindow,
        queue: IncidentQueue,
        detail: Callable[[int], Awaitable[IncidentDetail | None]],
        acknowledge: Callable[[int], Awaitable[bool]],
        comment: Callable[[int, str], None],
        say: Callable[[str], None],
        defer_seconds: float = DEFER_SECONDS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.queue = queue
        self._detail = detail
        self._acknowledge = acknowledge
        self._comment = comment
        self._say = say
        self.defer_seconds = defer_seconds
        self.active = False  # a session runs
        self.dialog: ForcedAckDialog | None = None
        self._waiting: list[int] = []
        self._deferred: dict[int, QTimer] = {}
        self._reported: set[int] = set()
        self._reports_sent = asyncio.Event()  # clear while a report waits for its answer
        self._reports_sent.set()
        self._reporting = 0
        self._tasks: set[asyncio.Future[Any]] = set()

    @property
    def waiting(self) -> tuple[int, ...]:
        """Incidents whose question waits for its turn (or the unlock)."""
        return tuple(self._waiting)

    # -- what happened ------------------------------------------------------------------

    def seen(self, row: IncidentRow, new: bool) -> None:
        """An incident arrived or changed (``new``: not in the queue before, or opened)."""
        if needs_forced_ack(row):
            if new:
                self.consider(row.id)
        else:
            self._settled(row)

    def consider(self, incident_id: int) -> None:
        """Ask about this incident if it needs it and I may acknowledge it."""
        self._spawn(self._consider(incident_id))

    def reporting(self) -> None:
        """A report of mine is on its way (its push may overtake the answer)."""
        self._reporting += 1
        self._reports_sent.clear()

    def reported(self, incident_id: int | None) -> None:
        """The answer to my report came (``None``: refused)."""
        if incident_id is not None:
            self._reported.add(incident_id)
        self._reporting = max(0, self._reporting - 1)
        if not self._reporting:
            self._reports_sent.set()

    def ask_waiting(self) -> None:
        """Open the next question that waits (e.g. the console was unlocked)."""
        if self.dialog is not None or not self._waiting or not self.active:
            return
        if self.window.locked:
            return  # never over the lock screen: asked once the operator unlocks
        incident_id = self._waiting.pop(0)
        row = self.queue.model.incident(incident_id)
        if row is None or not needs_forced_ack(row):
            self.ask_waiting()
            return
        dialog = ask_forced_ack(self.window, row, self.queue.model.labels)
        self.dialog = dialog
        dialog.finished.connect(lambda result: self._answered(dialog, result))
        self.shown.emit(incident_id)

    def reset(self) -> None:
        """The session ended: close the question, forget what waits."""
        self.active = False
        for timer in self._deferred.values():
            timer.stop()
        self._deferred.clear()
        self._waiting.clear()
        self._reported.clear()
        for task in list(self._tasks):
            if task is not asyncio.current_task():
                task.cancel()
        dialog, self.dialog = self.dialog, None
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.settle()

    # -- inside ----------------------------------------------------------------------------

    async def _consider(self, incident_id: int) -> None:
        # Its own push can overtake the answer to my report: wait for that answer first.
        await self._reports_sent.wait()
        if incident_id in self._waiting or incident_id in self._reported:
            return
        if self.dialog is not None and self.dialog.row.id == incident_id:
            return
        detail = await self._detail(incident_id)
        if detail is None or "acknowledge" not in {a.value for a in detail.allowed_actions}:
            return
        fresh = detail.requires_ack and detail.status is IncidentStatus.NEW
        if not fresh or incident_id in self._waiting or not self.active:
            return
        self._waiting.append(incident_id)
        self.ask_waiting()

    def _answered(self, dialog: ForcedAckDialog, result: int) -> None:
        if self.dialog is dialog:
            self.dialog = None
        incident_id = dialog.row.id
        if result == QDialog.DialogCode.Accepted.value:
            self._spawn(self._acknowledge_now(incident_id))
        elif result == ForcedAckDialog.DEFERRED:
            text = self.tr("Acknowledgement deferred: %1").replace("%1", dialog.defer_reason())
            self._comment(incident_id, text)
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(int(self.defer_seconds * 1000))
            timer.timeout.connect(lambda: self._ask_again(incident_id))
            self._deferred[incident_id] = timer
            timer.start()
        dialog.deleteLater()
        self.ask_waiting()

    async def _acknowledge_now(self, incident_id: int) -> None:
        if not await self._acknowledge(incident_id):
            row = self.queue.model.incident(incident_id)
            if row is not None and needs_forced_ack(row):
                await self._consider(incident_id)  # refreshed, still to acknowledge

    def _ask_again(self, incident_id: int) -> None:
        self._deferred.pop(incident_id, None)
        row = self.queue.model.incident(incident_id)
        if row is not None and needs_forced_ack(row) and self.active:
            self.consider(incident_id)

    def _settled(self, row: IncidentRow) -> None:
        if row.id in self._waiting:
            self._waiting.remove(row.id)
        timer = self._deferred.pop(row.id, None)
        if timer is not None:
            timer.stop()
        dialog = self.dialog
        if dialog is not None and dialog.row.id == row.id:
            dialog.settle()
            who = row.acknowledged_by or self.tr("someone else")
            self._say(
                self.tr("Incident #%1 was acknowledged by %2.")
                .replace("%1", str(row.id))
                .replace("%2", who)
            )

    def _spawn(self, work: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
