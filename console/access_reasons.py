# SPDX-License-Identifier: GPL-3.0-or-later
"""TN 6.2 reasons of one session: asked when the hub wants one, remembered per camera.

A central (IOC) operator opening a camera of a dedicated system must state why; the hub
answers 403 ``scope.reason_required`` until a reason is given. :class:`ReasonBook` asks the
operator once per camera (a non-blocking dialog), remembers the answer for the following
grants of that camera (live, archive, PTZ) and forgets everything at logout. Several
requests for the same camera while the question is open share the one answer.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from hub.client import HubApiError
from hub.contracts import AccessReason
from widgets.reason_dialog import AccessReasonDialog, ask_access_reason

log = logging.getLogger(__name__)

REASON_REQUIRED = "scope.reason_required"
KEEP_SECONDS = 4 * 3600.0  # a reason covers new grants of its camera this long after its last use

T = TypeVar("T")


@dataclass(frozen=True)
class GivenReason:
    """What the operator answered."""

    reason: AccessReason
    note: str | None = None


def reason_required(exc: HubApiError) -> bool:
    """Whether the hub refused for want of a TN 6.2 reason."""
    return exc.status == 403 and exc.code == REASON_REQUIRED


def offered_reasons(exc: HubApiError) -> list[str] | None:
    """The reason codes the refusal offers (``None``: the dialog's own list)."""
    detail = exc.detail if isinstance(exc.detail, dict) else {}
    reasons = detail.get("reasons")
    if isinstance(reasons, list) and reasons:
        return [str(r) for r in reasons if str(r) in AccessReason.__members__.values()] or None
    return None


class ReasonBook(QObject):
    """The TN 6.2 reasons given in this session, per camera (see the module doc).

    Signals:
        asked(str): the question is open for a camera (tests find the dialog then).
        answered(str, bool): the operator answered for a camera (``False``: cancelled).
    """

    asked = Signal(str)
    answered = Signal(str, bool)

    def __init__(
        self,
        window: QWidget | None,
        namer: Callable[[str], str] | None = None,
        keep_seconds: float = KEEP_SECONDS,
        parent: QObject | None = None,
    ) -> None:
        """Args:
        window: the dialog's parent (window-modal on it).
        namer: the camera as the operator knows it (code and name), by camera id.
        keep_seconds: how long after its last use a reason still covers new grants.
        """
        super().__init__(parent)
        self.window = window
        self.namer = namer
        self.keep_seconds = keep_seconds
        self._given: dict[str, tuple[GivenReason, float]] = {}
        self._asking: dict[str, asyncio.Future[GivenReason | None]] = {}
        self._dialogs: dict[str, AccessReasonDialog] = {}

    def remembered(self, camera_id: str) -> GivenReason | None:
        """The reason given for ``camera_id`` lately (its use keeps it)."""
        entry = self._given.get(camera_id)
        if entry is None:
            return None
        given, used = entry
        now = time.monotonic()
        if now - used > self.keep_seconds:
            del self._given[camera_id]
            return None
        self._given[camera_id] = (given, now)
        return given

    def dialog(self, camera_id: str) -> AccessReasonDialog | None:
        """The open question for a camera, if any."""
        return self._dialogs.get(camera_id)

    async def obtain(self, camera_id: str, reasons: list[str] | None = None) -> GivenReason | None:
        """The reason for ``camera_id``: remembered, or asked (once, however many callers
        wait). ``None`` when the operator cancels (or the session ends meanwhile)."""
        given = self.remembered(camera_id)
        if given is not None:
            return given
        pending = self._asking.get(camera_id)
        if pending is None:
            pending = asyncio.get_running_loop().create_future()
            self._asking[camera_id] = pending
            name = self.namer(camera_id) if self.namer is not None else camera_id
            self._open(camera_id, name, reasons, pending)
        return await asyncio.shield(pending)

    async def call(
        self,
        camera_id: str,
        request: Callable[[GivenReason | None], Awaitable[T]],
        wanted: Callable[[], bool] | None = None,
    ) -> T:
        """Run ``request`` with the camera's remembered reason (or none); when the hub
        wants a reason, ask for it and run it once more with the answer (unless ``wanted``
        says, once answered, that the request is no longer needed).

        Raises:
            HubApiError: the hub's refusal (``scope.reason_required`` when cancelled or
                no longer wanted).
        """
        given = self.remembered(camera_id)
        try:
            return await request(given)
        except HubApiError as exc:
            if not reason_required(exc) or given is not None:
                raise
            given = await self.obtain(camera_id, offered_reasons(exc))
            if given is None or (wanted is not None and not wanted()):
                raise
        return await request(given)

    def forget(self) -> None:
        """The session ended: forget every reason and close an open question."""
        self._given.clear()
        for camera_id in list(self._dialogs):
            dialog = self._dialogs.pop(camera_id)
            if shiboken6.isValid(dialog):
                dialog.reject()
        for pending in self._asking.values():
            if not pending.done():
                pending.set_result(None)
        self._asking.clear()

    def _open(
        self,
        camera_id: str,
        camera_name: str,
        reasons: list[str] | None,
        pending: asyncio.Future[GivenReason | None],
    ) -> None:
        window = self.window if self.window is not None and shiboken6.isValid(self.window) else None
        dialog = ask_access_reason(window, camera_name or camera_id, reasons)
        self._dialogs[camera_id] = dialog

        def finished(result: int) -> None:
            code = dialog.reason()
            given = None
            if result == QDialog.DialogCode.Accepted.value and code is not None:
                given = GivenReason(AccessReason(code), dialog.note() or None)
                self._given[camera_id] = (given, time.monotonic())
            if self._dialogs.get(camera_id) is dialog:
                del self._dialogs[camera_id]
            if self._asking.get(camera_id) is pending:
                del self._asking[camera_id]
            if not pending.done():
                pending.set_result(given)
            log.info("TN 6.2 reason for camera %s: %s", camera_id, code if given else "cancelled")
            self.answered.emit(camera_id, given is not None)
            dialog.deleteLater()

        dialog.finished.connect(finished)
        self.asked.emit(camera_id)


def reason_kwargs(given: GivenReason | None) -> dict[str, Any]:
    """``reason=…, reason_note=…`` for a hub client call (empty without a reason)."""
    if given is None:
        return {}
    return {"reason": given.reason, "reason_note": given.note}
