# SPDX-License-Identifier: GPL-3.0-or-later
"""TN 6.2 in the console: a central (IOC) operator opening a camera of a dedicated system
is asked the reason, once per camera per session, and the request goes again with it.

Here the archive controller, the timeline's recording search and the PTZ controller,
with a stand-in hub that wants a reason the way the real one does for live grants; live
video end to end is in ``test_wall.py``.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest
from pytestqt.qtbot import QtBot

from console.access_reasons import ReasonBook
from console.archive import ArchiveController, TimelineBinding
from console.ptz import PtzController
from hub.archive.contracts import ArchiveGrantOut, ArchiveLimitOut, RecordingsOut, TimeRange
from hub.catalog.contracts import StreamGrantOut, StreamKind
from hub.client import HubApiError, HubClient
from hub.contracts import ROLE_PERMISSIONS, AccessReason, Role
from hub.ptz.contracts import PtzControl, PtzStatus
from widgets.ptz_pad import PtzPad
from widgets.reason_dialog import TECHNICAL_FAULT, WRITTEN_REQUEST, AccessReasonDialog
from widgets.timeline import Timeline

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

WANTED = HubApiError(
    403,
    "scope.reason_required",
    "error.scope.reason_required",
    {"reasons": [r.value for r in AccessReason]},
)


# --- archive and PTZ: the same question through their controllers ----------------------


class ReasonWantingHub:
    """Stands in for the hub: archive and PTZ requests on camera 7 need a TN 6.2 reason."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, AccessReason | None, str | None]] = []

    def _check(self, what: str, reason: AccessReason | None, note: str | None) -> None:
        self.calls.append((what, reason, note))
        if reason is None:
            raise WANTED

    async def archive_grant(
        self,
        camera_id: int,
        start: datetime,
        rate: float = 1.0,
        stream: StreamKind = StreamKind.SUB,
        reason: AccessReason | None = None,
        reason_note: str | None = None,
    ) -> ArchiveGrantOut:
        self._check("archive", reason, reason_note)
        grant = StreamGrantOut(
            grant_id=f"g{len(self.calls)}",
            camera_id=camera_id,
            stream=stream,
            url="http://127.0.0.1:1/none",
            expires_at=datetime.now(UTC) + timedelta(minutes=2),
        )
        return ArchiveGrantOut(grant=grant, start=start, rate=rate)

    async def recordings(
        self,
        camera_id: int,
        start: datetime,
        end: datetime,
        reason: AccessReason | None = None,
        reason_note: str | None = None,
    ) -> RecordingsOut:
        self._check("recordings", reason, reason_note)
        return RecordingsOut(
            camera_id=camera_id,
            start=start,
            end=end,
            ranges=[TimeRange(start=start, end=end)],
            gaps=[],
            markers=[],
            markers_truncated=False,
            data_from=start,
            data_until=end,
            limit=ArchiveLimitOut(limit_days=None, earliest=None),
        )

    async def archive_limits(self) -> ArchiveLimitOut:
        return ArchiveLimitOut(limit_days=None, earliest=None)

    async def renew_grant(self, grant_id: str) -> StreamGrantOut:
        raise HubApiError(404, "grant.not_found", "error.grant.not_found")

    async def release_grant(self, grant_id: str) -> None:
        self.calls.append(("release", None, None))

    async def ptz_status(self, camera_id: int, **reason: Any) -> PtzStatus:
        self._check("status", reason.get("reason"), reason.get("reason_note"))
        return PtzStatus(control=PtzControl(camera_id=camera_id))

    async def ptz_presets(self, camera_id: int, **reason: Any) -> list[Any]:
        self._check("presets", reason.get("reason"), reason.get("reason_note"))
        return []

    async def ptz_home(self, camera_id: int, **reason: Any) -> PtzControl:
        self._check("home", reason.get("reason"), reason.get("reason_note"))
        return PtzControl(camera_id=camera_id, holder_username="iocop")


class StillTile:
    def __init__(self) -> None:
        self.played: list[str] = []
        self.stopped = 0

    def play(self, url: str, size: tuple[int, int] = (640, 360), masks: object = ()) -> None:
        self.played.append(url)

    def stop(self) -> None:
        self.stopped += 1


def wait_for_question(qtbot: QtBot, book: ReasonBook, camera_id: str) -> AccessReasonDialog:
    qtbot.waitUntil(lambda: book.dialog(camera_id) is not None, timeout=5_000)
    dialog = book.dialog(camera_id)
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_archive_asks_the_reason_and_replays_with_it(qtbot: QtBot, qloop: Any) -> None:
    hub = ReasonWantingHub()
    book = ReasonBook(None)
    archive = ArchiveController(hub, reasons=book)
    refused: list[tuple[int, str]] = []
    archive.refused.connect(lambda cell, code: refused.append((cell, code)))
    tile = StillTile()
    at = datetime.now(UTC) - timedelta(minutes=10)

    archive.enter(0, tile, 7, at)
    dialog = wait_for_question(qtbot, book, "7")
    dialog.choose(TECHNICAL_FAULT, "ticket 4411")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: bool(tile.played), timeout=5_000)
    assert hub.calls[:2] == [
        ("archive", None, None),
        ("archive", AccessReason.TECHNICAL_FAULT_HANDLING, "ticket 4411"),
    ]
    # A seek is a new archive grant: the remembered reason goes with it, no question.
    archive.clock.seek(at + timedelta(minutes=1))
    qtbot.waitUntil(lambda: len(tile.played) == 2, timeout=5_000)
    archive_calls = [c for c in hub.calls if c[0] == "archive"]
    assert archive_calls[-1] == ("archive", AccessReason.TECHNICAL_FAULT_HANDLING, "ticket 4411")
    assert len(archive_calls) == 3
    assert book.dialog("7") is None and refused == []

    # After logout the reason is forgotten; a cancel refuses the cell.
    book.forget()
    archive.clock.seek(at)
    wait_for_question(qtbot, book, "7").reject()
    qtbot.waitUntil(lambda: refused == [(0, "scope.reason_required")], timeout=5_000)
    assert len(tile.played) == 2
    finish = asyncio.ensure_future(archive.aclose())
    qtbot.waitUntil(finish.done, timeout=5_000)


def test_recording_search_asks_the_reason_and_searches_with_it(qtbot: QtBot, qloop: Any) -> None:
    hub = ReasonWantingHub()
    book = ReasonBook(None)
    timeline = Timeline()
    qtbot.addWidget(timeline)
    archive = ArchiveController(hub, reasons=book)
    binding = TimelineBinding(timeline, archive, hub)
    failed: list[str] = []
    binding.failed.connect(failed.append)

    binding.show_camera(7)
    dialog = wait_for_question(qtbot, book, "7")
    dialog.choose(WRITTEN_REQUEST, "CV 12")
    dialog.ok_button.click()
    reason = (AccessReason.COMPETENT_AUTHORITY_WRITTEN_REQUEST, "CV 12")
    qtbot.waitUntil(lambda: ("recordings", *reason) in hub.calls, timeout=5_000)
    qtbot.waitUntil(lambda: bool(timeline.view.data.ranges), timeout=5_000)
    # The next search (zoom, pan, reselect) goes with the remembered reason: no question.
    binding.refresh()
    qtbot.waitUntil(lambda: hub.calls.count(("recordings", *reason)) == 2, timeout=5_000)
    assert book.dialog("7") is None and failed == []
    # The same reason opens the archive of that camera without asking again.
    tile = StillTile()
    archive.enter(0, tile, 7, datetime.now(UTC) - timedelta(minutes=5))
    qtbot.waitUntil(lambda: bool(tile.played), timeout=5_000)
    assert ("archive", *reason) in hub.calls

    # Cancelled (after logout): the search fails with the hub's code, nothing is shown.
    book.forget()
    binding.show_camera(None)
    binding.show_camera(7)
    wait_for_question(qtbot, book, "7").reject()
    qtbot.waitUntil(lambda: failed == ["scope.reason_required"], timeout=5_000)
    finish = asyncio.ensure_future(archive.aclose())
    qtbot.waitUntil(finish.done, timeout=5_000)


def test_ptz_asks_the_reason_on_a_command_and_steers_with_it(qtbot: QtBot, qloop: Any) -> None:
    hub = ReasonWantingHub()
    pad = PtzPad()
    qtbot.addWidget(pad)
    book = ReasonBook(pad)
    controller = PtzController(pad, heartbeat_ms=400)
    controller.reasons = book
    controller.set_session(cast(HubClient, hub), "iocop", ROLE_PERMISSIONS[Role.PTZ_OPERATOR])
    controller.set_camera(7, "CAM-007", has_ptz=True)
    # Reading the status never asks: the pad says a reason is needed.
    qtbot.waitUntil(lambda: ("status", None, None) in hub.calls, timeout=5_000)
    wanted_text = controller.refusal_text(WANTED)
    qtbot.waitUntil(lambda: pad.message_label.text() == wanted_text, timeout=5_000)
    assert book.dialog("7") is None

    # A command asks, then goes again with the reason; the next one is not asked.
    pad.homeRequested.emit()
    dialog = wait_for_question(qtbot, book, "7")
    dialog.choose(WRITTEN_REQUEST, "CV 99")
    dialog.ok_button.click()
    reason = (AccessReason.COMPETENT_AUTHORITY_WRITTEN_REQUEST, "CV 99")
    qtbot.waitUntil(lambda: ("home", *reason) in hub.calls, timeout=5_000)
    qtbot.waitUntil(lambda: controller.control is not None, timeout=5_000)
    pad.homeRequested.emit()
    qtbot.waitUntil(lambda: len([c for c in hub.calls if c[0] == "home"]) == 3, timeout=5_000)
    assert [c for c in hub.calls if c[0] == "home"] == [
        ("home", None, None),
        ("home", *reason),
        ("home", *reason),
    ]
    controller.set_camera(7, "CAM-007", has_ptz=True)  # reselected: status with the reason
    qtbot.waitUntil(lambda: ("status", *reason) in hub.calls, timeout=5_000)
    assert book.dialog("7") is None
