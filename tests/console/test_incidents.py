# SPDX-License-Identifier: GPL-3.0-or-later
"""The incident queue end to end: a real hub with its relay and the simulated fleet, two
console sessions (an operator and a shift supervisor), pushes between them.

An incident reported in one console appears in the other's queue by push; it is
acknowledged, assigned, started, resolved and closed from the queue, a wrong role is
refused in words; a critical one forces the acknowledgement (deferral with a reason
comes back; someone else's acknowledgement closes the question); "Show on the wall"
opens the camera live and its recording at the event time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import qasync
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from console.app import ConsoleApp
from console.incidents import PREROLL, IncidentsController
from console.settings import WorkstationSettings
from console.wall_controller import WallMemory
from hub.client import HubApiError
from hub.contracts import Role
from hub.incidents.models import IncidentStep
from hub.incidents.subscription_models import EventSubscription
from hub.testing import PASSWORD, add_user
from tests.console.conftest import MemoryKeyring
from tests.console.live_site import LogIn, Site
from tests.widgets.still_player import StillPlayer
from widgets.incident_dialogs import AssignDialog, IncidentTextDialog, ReportDialog
from widgets.incident_model import IncidentRow

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

WAIT = 10_000


@pytest.fixture
def chief_console(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    site: Site,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> Iterator[ConsoleApp]:
    """A second console (still players: grants are real, nothing is decoded), signed in
    as the shift supervisor of district A."""
    add_user(site.live.hub, site.province, "chief", "districtA", [Role.SUPERVISOR])
    app = ConsoleApp(
        site.live.url,
        WorkstationSettings(),
        player_factory=StillPlayer,
        memory=WallMemory(tmp_path / "chief.ini"),
    )
    qtbot.addWidget(app.dialog)
    qtbot.addWidget(app.window)
    app.start()
    loaded = [app.session.walls.camerasLoaded, app.session.incidents.loaded]
    with qtbot.waitSignals(loaded, timeout=WAIT):
        _ = app.login.log_in(site.live.url, "chief", PASSWORD, site.code("chief"))
    yield app
    closing = asyncio.ensure_future(app.aclose())
    qtbot.waitUntil(closing.done, timeout=WAIT)
    if shiboken6.isValid(app.window):
        app.window.wall.shutdown()


def incidents(app: ConsoleApp) -> IncidentsController:
    return app.session.incidents


def row_of(app: ConsoleApp, incident_id: int) -> IncidentRow | None:
    return incidents(app).queue.model.incident(incident_id)


def wait_row(
    qtbot: QtBot, app: ConsoleApp, incident_id: int, check: Callable[[IncidentRow], bool]
) -> IncidentRow:
    def ok() -> bool:
        found = row_of(app, incident_id)
        return found is not None and check(found)

    qtbot.waitUntil(ok, timeout=WAIT)
    found = row_of(app, incident_id)
    assert found is not None
    return found


def report(qtbot: QtBot, app: ConsoleApp, category: str, title: str, camera: str = "") -> int:
    """Report through the toolbar action and the dialog; the new incident's id."""
    controller = incidents(app)
    controller.report_action.trigger()
    dialog = controller.report_dialog
    assert isinstance(dialog, ReportDialog) and dialog.isVisible()
    dialog.fill(category, title, "Phát hiện khi trực ca", camera)
    with qtbot.waitSignal(controller.changed, timeout=WAIT) as blocker:
        dialog.ok_button.click()
    action, incident_id = blocker.args
    assert action == "report"
    return int(incident_id)


def select(qtbot: QtBot, app: ConsoleApp, incident_id: int) -> None:
    """Select the incident's row and wait for its detail (with its buttons)."""
    queue = incidents(app).queue
    assert queue.select(incident_id)
    qtbot.waitUntil(lambda: queue.detail.incident_id == incident_id, timeout=WAIT)


def click(qtbot: QtBot, app: ConsoleApp, action: str) -> None:
    controller = incidents(app)
    button = controller.queue.detail.buttons[action]
    qtbot.waitUntil(button.isEnabled, timeout=WAIT)
    button.click()


def answer_text(qtbot: QtBot, app: ConsoleApp, text: str, action: str, incident_id: int) -> None:
    controller = incidents(app)
    qtbot.waitUntil(lambda: isinstance(controller.step_dialog, IncidentTextDialog), timeout=WAIT)
    dialog = controller.step_dialog
    assert isinstance(dialog, IncidentTextDialog)
    dialog.text_edit.setPlainText(text)
    with qtbot.waitSignal(controller.changed, timeout=WAIT) as blocker:
        dialog.ok_button.click()
    assert blocker.args == [action, incident_id]


def test_reported_incident_is_pushed_and_worked_from_the_queue(
    qtbot: QtBot, console: ConsoleApp, chief_console: ConsoleApp, site: Site, log_in: LogIn
) -> None:
    log_in("oper")
    qtbot.waitUntil(lambda: incidents(console).client is not None, timeout=WAIT)
    camera = str(next(iter(site.cams.values())))
    incident_id = report(qtbot, console, "fault", "Camera mất hình ban đêm", camera)
    mine = row_of(console, incident_id)
    assert mine is not None and mine.status == "new" and mine.camera_id == camera
    # The supervisor's queue gets it by push, with the counts in the status bar.
    chief = incidents(chief_console)
    wait_row(qtbot, chief_console, incident_id, lambda r: r.status == "new")
    assert chief.queue.counts.open >= 1
    assert chief_console.window.incident_label.text() == chief.queue.counts_text(chief.queue.counts)

    # Acknowledge and assign (to the operator) from the supervisor's queue.
    select(qtbot, chief_console, incident_id)
    with qtbot.waitSignal(chief.changed, timeout=WAIT):
        click(qtbot, chief_console, "acknowledge")
    wait_row(qtbot, console, incident_id, lambda r: r.status == "acknowledged")
    click(qtbot, chief_console, "assign")
    qtbot.waitUntil(lambda: isinstance(chief.step_dialog, AssignDialog), timeout=WAIT)
    dialog = chief.step_dialog
    assert isinstance(dialog, AssignDialog)
    names = [dialog.people.item(i).text() for i in range(dialog.people.count())]
    assert "oper" in names
    dialog.people.setCurrentRow(names.index("oper"))
    with qtbot.waitSignal(chief.changed, timeout=WAIT):
        dialog.ok_button.click()
    assigned = wait_row(qtbot, console, incident_id, lambda r: r.status == "assigned")
    assert assigned.assignee_name == "oper"

    # The operator starts, ticks the procedure, comments and resolves it.
    mine_ctl = incidents(console)
    select(qtbot, console, incident_id)
    with qtbot.waitSignal(mine_ctl.changed, timeout=WAIT):
        click(qtbot, console, "start")
    qtbot.waitUntil(lambda: mine_ctl.queue.detail.procedure.count() > 0, timeout=WAIT)
    step = mine_ctl.queue.detail.procedure.item(0)
    assert step is not None
    with qtbot.waitSignal(mine_ctl.changed, timeout=WAIT) as blocker:
        step.setCheckState(Qt.CheckState.Checked)
    assert blocker.args == ["check", incident_id]
    click(qtbot, console, "comment")
    answer_text(qtbot, console, "Đã báo đơn vị bảo trì", "comment", incident_id)
    click(qtbot, console, "resolve")
    answer_text(qtbot, console, "Thay nguồn camera", "resolve", incident_id)
    wait_row(qtbot, chief_console, incident_id, lambda r: r.status == "resolved")
    # Resolved: gone from "open only", there with it off (and the comment with it).
    assert not mine_ctl.queue.proxy.index_of(incident_id).isValid()
    assert mine_ctl.queue.selected_id() is None
    mine_ctl.queue.open_box.setChecked(False)
    select(qtbot, console, incident_id)
    pane = mine_ctl.queue.detail
    assert pane.comments.count() == 1
    assert pane.buttons["reopen"].isEnabled() is False  # supervisors reopen
    assert not pane.buttons["close"].isEnabled()  # and close

    # A wrong role is refused in words (a button left from an older state, say).
    with qtbot.waitSignal(mine_ctl.refused, timeout=WAIT) as blocker:
        mine_ctl.act("close", incident_id)
    assert blocker.args == ["close", "forbidden"]
    refusal = HubApiError(403, "forbidden", "error.forbidden")
    assert mine_ctl.last_message == mine_ctl.refusal_text(refusal)
    assert console.window.statusBar().currentMessage() == mine_ctl.last_message

    # The supervisor closes it.
    chief.queue.open_box.setChecked(False)
    select(qtbot, chief_console, incident_id)
    with qtbot.waitSignal(chief.changed, timeout=WAIT):
        click(qtbot, chief_console, "close")
    wait_row(qtbot, console, incident_id, lambda r: r.status == "closed")


def test_stale_version_is_refreshed_and_told(
    qtbot: QtBot, console: ConsoleApp, chief_console: ConsoleApp, site: Site, log_in: LogIn
) -> None:
    log_in("oper")
    qtbot.waitUntil(lambda: incidents(console).client is not None, timeout=WAIT)
    incident_id = report(qtbot, console, "fault", "Mất tín hiệu", "")
    mine = incidents(console)
    seen = row_of(console, incident_id)
    assert seen is not None
    # The supervisor acknowledges; the operator's click still carries the old version
    # (the push is held back here by sending before it can be applied).
    chief = incidents(chief_console)
    wait_row(qtbot, chief_console, incident_id, lambda r: True)
    select(qtbot, chief_console, incident_id)
    with qtbot.waitSignal(chief.changed, timeout=WAIT):
        click(qtbot, chief_console, "acknowledge")
    with qtbot.waitSignal(mine.refused, timeout=WAIT) as blocker:
        mine._run("acknowledge", incident_id, lambda c, _v: c.acknowledge_incident(incident_id, 1))
    assert blocker.args[1] in ("incident.stale", "incident.bad_transition")
    assert mine.last_message == mine.refusal_text(HubApiError(409, blocker.args[1], ""))
    wait_row(qtbot, console, incident_id, lambda r: r.status == "acknowledged")


def forced_dialog(qtbot: QtBot, app: ConsoleApp, incident_id: int) -> QDialog:
    controller = incidents(app)
    qtbot.waitUntil(
        lambda: controller.ack_dialog is not None and controller.ack_dialog.row.id == incident_id,
        timeout=WAIT,
    )
    dialog = controller.ack_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT)
    return dialog


def test_critical_incident_forces_acknowledgement(
    qtbot: QtBot, console: ConsoleApp, chief_console: ConsoleApp, site: Site, log_in: LogIn
) -> None:
    log_in("oper")
    mine, chief = incidents(console), incidents(chief_console)
    qtbot.waitUntil(lambda: mine.client is not None, timeout=WAIT)
    chief.defer_seconds = 0.5
    camera = str(next(iter(site.cams.values())))
    # Abuse of the system is critical: the supervisor must acknowledge it.
    abuse = report(qtbot, console, "abuse", "Xem camera ngoài nhiệm vụ", camera)
    assert mine.ack_dialog is None  # not asked of the one who reported it
    dialog = forced_dialog(qtbot, chief_console, abuse)
    assert chief.queue.flashing
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # type: ignore[no-untyped-call]
    assert not dialog.close() and dialog.isVisible()
    # Deferred with a reason: recorded as a comment, asked again later.
    dialog.reason_edit.setText("Đang xử lý sự vụ khác")  # type: ignore[attr-defined]
    with qtbot.waitSignal(chief.changed, timeout=WAIT) as blocker:
        dialog.defer_button.click()  # type: ignore[attr-defined]
    assert blocker.args == ["comment", abuse]
    # Locked meanwhile: the question waits behind the lock screen for the unlock.
    lock = chief_console.session.lock
    lock.lock()
    assert chief_console.window.locked
    qtbot.waitUntil(lambda: chief.waiting == (abuse,), timeout=WAIT)  # deferral ran out
    assert chief.ack_dialog is None
    with qtbot.waitSignal(lock.unlocked, timeout=WAIT):
        lock.unlock(PASSWORD, site.code("chief"))
    again = forced_dialog(qtbot, chief_console, abuse)
    assert again is not dialog
    with qtbot.waitSignal(chief.changed, timeout=WAIT) as blocker:
        again.ack_button.click()  # type: ignore[attr-defined]
    assert blocker.args == ["acknowledge", abuse]
    wait_row(qtbot, console, abuse, lambda r: r.status == "acknowledged")
    qtbot.waitUntil(lambda: not chief.queue.flashing, timeout=WAIT)
    with site.live.hub.sessions() as s:
        texts = [t for (t,) in s.query(IncidentStep.text).filter_by(incident_id=abuse)]
    assert any(t and "Đang xử lý sự vụ khác" in t for t in texts)

    # Someone else acknowledges first: the question closes by itself.
    other = report(qtbot, chief_console, "abuse", "Chia sẻ hình ảnh trái phép", camera)
    question = forced_dialog(qtbot, console, other)
    select(qtbot, chief_console, other)
    with qtbot.waitSignal(chief.changed, timeout=WAIT):
        click(qtbot, chief_console, "acknowledge")
    qtbot.waitUntil(lambda: mine.ack_dialog is None, timeout=WAIT)
    assert not shiboken6.isValid(question) or not question.isVisible()
    assert "chief" in mine.last_message


def test_show_opens_live_and_archive_at_the_event(
    qtbot: QtBot, chief_console: ConsoleApp, site: Site
) -> None:
    """Grants are real; the players are stills (the live wall's pictures: test_wall.py)."""
    app = chief_console
    controller = incidents(app)
    panels = app.session.panels
    qtbot.waitUntil(lambda: bool(panels.permissions), timeout=WAIT)
    camera = str(next(iter(site.cams.values())))
    incident_id = report(qtbot, app, "fault", "Camera rung lắc", camera)
    row = row_of(app, incident_id)
    assert row is not None
    select(qtbot, app, incident_id)
    with qtbot.waitSignal(controller.shown, timeout=WAIT) as blocker:
        controller.queue.detail.show_button.click()
    _id, live, replay = blocker.args
    wall = app.window.wall
    assert live != replay and replay >= 0
    assert wall.model.cells[live].camera_id == camera
    assert wall.model.cells[replay].camera_id == camera
    assert panels.archive.is_archive(replay) and not panels.archive.is_archive(live)
    assert wall.selected == replay
    assert panels.archive.clock.position() == row.first_event_at - PREROLL
    qtbot.waitUntil(lambda: panels.archive.grant_id(replay) is not None, timeout=WAIT)

    def live_granted() -> bool:
        slot = app.session.walls.slot(live)
        return slot is not None and slot.grant_id is not None

    qtbot.waitUntil(live_granted, timeout=WAIT)
    assert app.session.walls.slot(replay) is None  # the archive cell asked no live stream
    # Shown again: the same live tile is reused, the archive seeks there again.
    with qtbot.waitSignal(controller.shown, timeout=WAIT) as blocker:
        controller.show_on_wall(incident_id)
    assert blocker.args[1] == live
    # Logging out releases both tiles' grants (and keeps the wall on the hub first).
    with qtbot.waitSignal(app.session.loggedOut, timeout=WAIT):
        app.window.logout_action.trigger()
    assert panels.archive.cells() == [] and app.session.walls.slot(live) is None


@pytest.mark.camera_events
def test_camera_tampering_reaches_the_queue_and_forces_acknowledgement(
    qtbot: QtBot, chief_console: ConsoleApp, site: Site
) -> None:
    """Simulator event → the hub's pull point → rule (tampering: critical) → push → queue."""
    controller = incidents(chief_console)
    cam = site.cams["cam02"]

    def subscribed() -> bool:
        with site.live.hub.sessions() as s:
            row = s.get(EventSubscription, cam)
            return row is not None and row.state == "active"

    qtbot.waitUntil(subscribed, timeout=30_000)
    site.fleet.emit_event("cam02", "tampering", {"State": "true"})

    def opened() -> IncidentRow | None:
        found = [
            r
            for r in controller.queue.model.incidents()
            if r.camera_id == str(cam) and r.category == "tampering"
        ]
        return found[0] if found else None

    qtbot.waitUntil(lambda: opened() is not None, timeout=30_000)
    row = opened()
    assert row is not None and row.priority == "critical" and row.status == "new"
    assert controller.queue.flashing and controller.queue.sound.played >= 1
    dialog = forced_dialog(qtbot, chief_console, row.id)
    with qtbot.waitSignal(controller.changed, timeout=WAIT) as blocker:
        dialog.ack_button.click()  # type: ignore[attr-defined]
    assert blocker.args == ["acknowledge", row.id]
    wait_row(qtbot, chief_console, row.id, lambda r: r.status == "acknowledged")


def test_files_are_attached_and_saved_checked_against_their_hash(
    qtbot: QtBot, chief_console: ConsoleApp, tmp_path: Path
) -> None:
    """A file attached from the workstation is kept on the hub; a saved copy is the same
    bytes; a file larger than the hub takes is refused in words and nothing is attached."""
    controller = incidents(chief_console)
    incident_id = report(qtbot, chief_console, "fault", "Tủ điện nút giao mất nguồn")
    select(qtbot, chief_console, incident_id)
    pane = controller.queue.detail
    photo = tmp_path / "bien-ban-hien-truong.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40 + b"\xff\xd9")
    controller.files.choose_open = lambda: str(photo)
    qtbot.waitUntil(pane.attach_button.isEnabled, timeout=WAIT)
    with qtbot.waitSignal(controller.changed, timeout=WAIT) as blocker:
        pane.attach_button.click()
    assert blocker.args == ["attach", incident_id]
    qtbot.waitUntil(lambda: pane.attachments.count() == 1, timeout=WAIT)
    assert pane.attachments.item(0).text().startswith("bien-ban-hien-truong.jpg (10 KB)")

    copies = tmp_path / "copies"
    copies.mkdir()
    controller.files.choose_save = lambda name: str(copies / name)
    pane.attachments.setCurrentRow(0)
    assert pane.save_button.isEnabled()
    pane.save_button.click()
    qtbot.waitUntil(lambda: bool(controller.files.saved), timeout=WAIT)
    assert (copies / photo.name).read_bytes() == photo.read_bytes()

    # Larger than the hub accepts (its limit is below 1 MB): refused in words.
    big = tmp_path / "video.mp4"
    big.write_bytes(b"\0" * (750 * 1024))
    controller.files.choose_open = lambda: str(big)
    with qtbot.waitSignal(controller.refused, timeout=WAIT) as refused:
        pane.attach_button.click()
    assert refused.args == ["attach", "incident.attachment_too_large"]
    assert controller.last_message == controller.tr(
        "The file is larger than the hub accepts for an attachment."
    )
    qtbot.waitUntil(
        lambda: pane.detail is not None and pane.attach_button.isEnabled(), timeout=WAIT
    )
    assert pane.attachments.count() == 1
