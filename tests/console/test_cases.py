# SPDX-License-Identifier: GPL-3.0-or-later
"""Case work end to end: two consoles against one hub, one in the IOC and one at the
ward police (DH profile), work the same case at the same time.

The IOC opens a case from an incident, sends it; the ward police find it in their inbox,
accept, mark it complex, identify the violator, make the record, decide and conclude;
the IOC closes it. Every step done on one console shows on the other within a second,
and the deadlines read right across the 2026 New Year swap, weekends and Tết (the hub's
ManualClock moves between steps). A step the user's unit may not take is refused in
words. Against the simulated fleet: a case opened from a tile, a clip cut by the hub
from the tile's archive into it (hash, size, duration on show), and a case opened from
the timeline selection; a user without case work is refused in words.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import qasync
import shiboken6
from pytestqt.qtbot import QtBot

from console.app import ConsoleApp
from console.cases import CasesController
from console.settings import WorkstationSettings
from console.wall_controller import WallMemory
from hub.archive.clips import clip_dir
from hub.auth import totp
from hub.client import HubApiError
from hub.clock import ManualClock
from hub.contracts import Role
from hub.testing import PASSWORD, LiveHub, add_user, settings_for_tests
from tests.console.conftest import MemoryKeyring
from tests.console.live_site import LogIn, Site, wait_playing
from tests.hub.cases.common import QUIET, START, World, audit_actions, make_world
from tests.widgets.still_player import StillPlayer
from widgets.case_board import CaseRow
from widgets.case_dialogs import (
    CaseStepDialog,
    MediaDialog,
    NewCaseDialog,
)
from widgets.case_view import size_text
from widgets.extraction_dialogs import ApprovalDecisionDialog, ExportDialog, ExtractionDialog
from widgets.incident_dialogs import ReportDialog
from widgets.timeline import Span

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

WAIT = 10_000
PUSHED = 1_000  # what one console does shows on the other within a second


@dataclass
class CaseSite:
    """A quiet DH hub on 6 Jan 2026 with police units, and its signed-in world."""

    world: World

    @property
    def live(self) -> LiveHub:
        return self.world.live

    def code(self, username: str) -> str:
        self.live.clock.advance(seconds=totp.STEP_SECONDS)
        return totp.code_at(self.world.province.secrets[username], self.live.clock.now())


@pytest.fixture
def case_site(tmp_path: Path) -> Iterator[CaseSite]:
    settings = settings_for_tests(
        f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path / "data", profile="DH", **QUIET
    )
    live = LiveHub(settings, ManualClock(START)).start()
    try:
        world = make_world(live)
        add_user(live.hub, world.province, "ioc_desk", "ioc", [Role.OPERATOR, Role.CASE_WORKER])
        yield CaseSite(world)
    finally:
        live.stop()


Consoles = Callable[[str], ConsoleApp]


@pytest.fixture
def consoles(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    case_site: CaseSite,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> Iterator[Consoles]:
    """Start a console (still players) signed in as a user, with its cases loaded."""
    started: list[ConsoleApp] = []

    def start(username: str) -> ConsoleApp:
        app = ConsoleApp(
            case_site.live.url,
            WorkstationSettings(),
            player_factory=StillPlayer,
            memory=WallMemory(tmp_path / f"{username}.ini"),
        )
        qtbot.addWidget(app.dialog)
        qtbot.addWidget(app.window)
        app.start()
        started.append(app)
        loaded = [app.session.walls.camerasLoaded, app.session.cases.loaded]
        with qtbot.waitSignals(loaded, timeout=WAIT):
            _ = app.login.log_in(case_site.live.url, username, PASSWORD, case_site.code(username))
        return app

    yield start
    for app in started:
        closing = asyncio.ensure_future(app.aclose())
        qtbot.waitUntil(closing.done, timeout=WAIT)
        if shiboken6.isValid(app.window):
            app.window.wall.shutdown()


def cases(app: ConsoleApp) -> CasesController:
    return app.session.cases


def row_of(app: ConsoleApp, case_id: int) -> CaseRow | None:
    return cases(app).board.model.case(case_id)


def wait_row(
    qtbot: QtBot,
    app: ConsoleApp,
    case_id: int,
    check: Callable[[CaseRow], bool],
    timeout: int = WAIT,
) -> CaseRow:
    def ok() -> bool:
        found = row_of(app, case_id)
        return found is not None and check(found)

    qtbot.waitUntil(ok, timeout=timeout)
    found = row_of(app, case_id)
    assert found is not None
    return found


def select(qtbot: QtBot, app: ConsoleApp, case_id: int) -> None:
    """Select the case on the board and wait for its detail."""
    controller = cases(app)
    controller.show_board()
    assert controller.board.select(case_id)
    qtbot.waitUntil(lambda: controller.board.view.case_id == case_id, timeout=WAIT)


def step(qtbot: QtBot, app: ConsoleApp, case_id: int, action: str, **answers: object) -> None:
    """Click the step's button, answer its dialog, wait for the hub's answer."""
    controller = cases(app)
    select(qtbot, app, case_id)
    button = controller.board.view.buttons[action]
    qtbot.waitUntil(lambda: not button.isHidden() and button.isEnabled(), timeout=WAIT)
    button.click()
    dialog = controller.dialog
    assert isinstance(dialog, CaseStepDialog) and dialog.action == action
    dialog.fill(**answers)
    with qtbot.waitSignal(controller.changed, timeout=WAIT) as blocker:
        dialog.ok_button.click()
    assert blocker.args == [action, case_id]


def due(app: ConsoleApp, kind: str) -> tuple[str, str, str]:
    """(due as shown, state as shown, legal basis) of a deadline on the case view."""
    tree = cases(app).board.view.deadlines
    labels = cases(app).labels
    for n in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(n)
        assert item is not None
        if item.text(0).startswith(labels.deadline_text(kind)):
            return item.text(1), item.text(2), item.text(3)
    raise AssertionError(f"no {kind} deadline on show")


def wait_due(qtbot: QtBot, app: ConsoleApp, case_id: int, kind: str, shown: str) -> None:
    select(qtbot, app, case_id)
    qtbot.waitUntil(lambda: _has_due(app, kind, shown), timeout=WAIT)


def _has_due(app: ConsoleApp, kind: str, shown: str) -> bool:
    try:
        return due(app, kind)[0] == shown
    except AssertionError:
        return False


def test_the_hand_off_between_an_ioc_and_a_ward_police_console(
    qtbot: QtBot, case_site: CaseSite, consoles: Consoles
) -> None:
    w = case_site.world
    ioc = consoles("ioc_desk")
    ward = consoles("ward_cw")
    ioc_cases, ward_cases = cases(ioc), cases(ward)
    camera = str(w.camera_id)
    qtbot.waitUntil(lambda: camera in ioc.session.walls.cameras, timeout=WAIT)

    # The IOC reports what it saw on camera A1, and opens a case from the incident.
    incidents = ioc.session.incidents
    incidents.report_action.trigger()
    report = incidents.report_dialog
    assert isinstance(report, ReportDialog)
    report.fill("fault", "Ô tô vượt đèn đỏ", "Phát hiện khi trực", camera)
    with qtbot.waitSignal(incidents.changed, timeout=WAIT) as reported:
        report.ok_button.click()
    incident_id = reported.args[1]
    qtbot.waitUntil(lambda: incidents.queue.detail.incident_id == incident_id, timeout=WAIT)
    case_button = incidents.queue.detail.case_button
    assert case_button.isEnabled()
    case_button.click()
    form = ioc_cases.dialog
    assert isinstance(form, NewCaseDialog)
    assert form.ranges()[0][0] == w.camera_id
    form.fill("red_light", "Ngã tư Hoàng Văn Thụ", "20A-123.45", "Vượt đèn đỏ")
    with qtbot.waitSignal(ioc_cases.changed, timeout=WAIT) as opened:
        form.ok_button.click()
    case_id = opened.args[1]
    draft = wait_row(qtbot, ioc, case_id, lambda r: r.status == "draft")
    assert draft.side == "ioc" and draft.next_kind == "transfer"
    # DH 11.3a: 5 working days from detection (Tue 6 Jan): 7, 8, 9, Sat 10 (worked in
    # exchange for Fri 2 Jan), 12 — due at the end of Mon 12 Jan.
    wait_due(qtbot, ioc, case_id, "transfer", "13/01/2026 00:00")
    assert due(ioc, "transfer")[2] == "DH 11.3a: 5 ngày làm việc"
    assert ioc_cases.board.view.shown_actions()[:3] == ["add_media", "edit", "send"]

    # A snapshot the IOC took of the event goes into the case (arranged through the hub).
    shown = ioc_cases.shown()
    assert shown is not None and shown.cameras[0].camera_id == w.camera_id
    snapshot = w.snapshot(at=shown.cameras[0].end - timedelta(seconds=30))
    with w.http("ioc_cw") as http:
        added = http.post(f"/api/cases/{case_id}/media/snapshots", json={"snapshot_id": snapshot})
        assert added.status_code == 201, added.text
    wait_row(qtbot, ioc, case_id, lambda r: r.media_count == 1)

    # Sent to the ward police: in their inbox within a second.
    step(qtbot, ioc, case_id, "send", police_unit_id=w.unit("wardA1"), note="Đề nghị xử lý")
    inbox = wait_row(qtbot, ward, case_id, lambda r: r.inbox, timeout=PUSHED)
    assert inbox.status == "sent" and inbox.side == "police"
    assert ward_cases.board.counts.inbox == 1
    ward_cases.show_inbox()
    assert ward_cases.board.proxy.rowCount() == 1

    # A step that belongs to the police, tried from the IOC, is refused in words.
    with qtbot.waitSignal(ioc_cases.refused, timeout=WAIT) as refused:
        ioc_cases.run_step("accept", case_id, {"complex": False})
    assert refused.args == ["accept", "forbidden"]
    refusal = HubApiError(403, "forbidden", "", {"reason": "wrong_unit"})
    assert ioc_cases.last_message == ioc_cases.refusal_text(refusal)
    assert ioc_cases.last_message != ioc_cases.texts.refusal(HubApiError(403, "forbidden", ""))

    # Accepted: the IOC sees it within a second; DH 11.3b: verify within 1 month.
    step(qtbot, ward, case_id, "accept")
    wait_row(qtbot, ioc, case_id, lambda r: r.status == "verifying", timeout=PUSHED)
    assert not row_of(ward, case_id).inbox  # type: ignore[union-attr]
    wait_due(qtbot, ward, case_id, "verify", "07/02/2026 00:00")
    step(qtbot, ward, case_id, "mark_complex", reason="Nhiều phương tiện")
    wait_row(qtbot, ioc, case_id, lambda r: r.next_due_at == _utc("2026-03-07T00:00"), PUSHED)
    wait_due(qtbot, ioc, case_id, "verify", "07/03/2026 00:00")

    # DH 13.1: the record within 3 working days of identifying the violator on Fri 13
    # Feb — then the weekend and Tết (Mon 16 – Fri 20 Feb): Mon 23, Tue 24, Wed 25.
    w.move_to("2026-02-13T10:00")
    step(qtbot, ward, case_id, "identify", violator="Nguyễn Văn A")
    ioc_row = wait_row(qtbot, ioc, case_id, lambda r: r.status == "identified", PUSHED)
    assert ioc_row.next_kind == "record" and ioc_row.next_due_at == _utc("2026-02-26T00:00")
    wait_due(qtbot, ioc, case_id, "record", "26/02/2026 00:00")
    assert due(ioc, "record")[2] == "DH 13.1: 3 ngày làm việc"
    assert due(ioc, "verify")[1].startswith(ioc_cases.labels.deadline_state_text("met"))

    # DH 13.2: the decision within 7 working days of the record (26, 27 Feb, 2–6 Mar).
    w.move_to("2026-02-25T16:00")
    step(qtbot, ward, case_id, "record", record_number="12/BB-VPHC")
    wait_row(qtbot, ioc, case_id, lambda r: r.status == "recorded", PUSHED)
    wait_due(qtbot, ioc, case_id, "decision", "07/03/2026 00:00")

    # DH 11.3b: the IOC is told within 5 working days of the decision (6, 9–12 Mar).
    w.move_to("2026-03-05T09:00")
    step(qtbot, ward, case_id, "decide", decision_number="34/QĐ-XPVPHC")
    wait_row(qtbot, ioc, case_id, lambda r: r.status == "decided", PUSHED)
    wait_due(qtbot, ward, case_id, "notify_back", "13/03/2026 00:00")
    w.move_to("2026-03-06T15:00")
    step(qtbot, ward, case_id, "conclude", outcome="penalised", conclusion="Phạt 4.000.000 đ")
    concluded = wait_row(qtbot, ioc, case_id, lambda r: r.status == "concluded", PUSHED)
    assert concluded.side == "ioc" and not concluded.overdue

    step(qtbot, ioc, case_id, "close")
    wait_row(qtbot, ward, case_id, lambda r: r.status == "closed", PUSHED)
    select(qtbot, ioc, case_id)
    history = ioc_cases.board.view.history
    qtbot.waitUntil(lambda: history.topLevelItemCount() == 10, timeout=WAIT)
    people = [history.topLevelItem(n).text(1) for n in range(10)]  # type: ignore[union-attr]
    assert people[0] == "ioc_desk" and people[3] == "ward_cw" and people[-1] == "ioc_desk"


def _utc(local: str) -> datetime:
    return datetime.fromisoformat(local + "+07:00").astimezone(UTC)


@pytest.fixture
def oper_console(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    site: Site,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> Iterator[ConsoleApp]:
    """A second console on the live site (still players), signed in as an operator
    without case work."""
    app = ConsoleApp(
        site.live.url,
        WorkstationSettings(),
        player_factory=StillPlayer,
        memory=WallMemory(tmp_path / "oper.ini"),
    )
    qtbot.addWidget(app.dialog)
    qtbot.addWidget(app.window)
    app.start()
    with qtbot.waitSignals(
        [app.session.walls.camerasLoaded, app.session.cases.loaded], timeout=WAIT
    ):
        _ = app.login.log_in(site.live.url, "oper", PASSWORD, site.code("oper"))
    yield app
    closing = asyncio.ensure_future(app.aclose())
    qtbot.waitUntil(closing.done, timeout=WAIT)
    if shiboken6.isValid(app.window):
        app.window.wall.shutdown()


def open_case(qtbot: QtBot, app: ConsoleApp, ask: Callable[[], None], place: str) -> int:
    """Ask for a new case (tile, timeline), fill the form, wait for the hub's answer."""
    controller = cases(app)
    ask()
    form = controller.dialog
    assert isinstance(form, NewCaseDialog) and form.isVisible()
    form.fill("illegal_stopping_parking", place, "20B-678.90", "Đỗ xe trên vỉa hè")
    with qtbot.waitSignal(controller.changed, timeout=WAIT) as opened:
        form.ok_button.click()
    assert opened.args[0] == "open"
    return int(opened.args[1])


def test_a_case_from_a_tile_gets_a_clip_cut_from_the_tiles_archive(
    qtbot: QtBot,
    console: ConsoleApp,
    oper_console: ConsoleApp,
    site: Site,
    log_in: LogIn,
) -> None:
    add_user(site.live.hub, site.province, "desk", "ioc", [Role.OPERATOR, Role.CASE_WORKER])
    log_in("desk")
    controller = cases(console)
    qtbot.waitUntil(lambda: controller.unit_id is not None, timeout=WAIT)
    camera = site.cams[site.fleet.first("fixed")["id"]]
    session = console.session
    session.walls.drop_camera(0, str(camera))
    console.window.wall.select(0)
    wait_playing(qtbot, console, 0)
    # The tile goes to its recordings (Ctrl+R: one minute ago) and a case is opened from
    # it: the camera and the five minutes before the archive position.
    session.panels.toggle_archive()
    archive = session.panels.archive
    qtbot.waitUntil(lambda: archive.is_archive(0) and archive.clock.position() is not None)
    position = archive.clock.position()
    assert position is not None
    case_id = open_case(qtbot, console, controller.open_from_tile, "Phố Hoàng Văn Thụ")
    qtbot.waitUntil(lambda: controller.board.view.case_id == case_id, timeout=WAIT)
    shown = controller.shown()
    assert shown is not None and shown.origin == "tile"
    (span,) = shown.cameras
    assert span.camera_id == camera
    assert abs((span.end - position).total_seconds()) < 5
    assert span.end - span.start == timedelta(minutes=5)

    # "Add clip or snapshot…": the half minute before the tile's archive position, cut by
    # the hub from the camera's archive (stream copy) and hashed.
    view = controller.board.view
    assert "add_media" in view.shown_actions()
    view.buttons["add_media"].click()
    dialog = controller.dialog
    assert isinstance(dialog, MediaDialog) and dialog.camera_id() == camera
    first, last = dialog.span()
    assert span.start <= first < last <= span.end and last - first <= timedelta(seconds=30)
    # Either the case changes or the cut is refused (then say why, not just "timed out").
    outcomes: list[tuple[str, object]] = []
    controller.changed.connect(lambda action, cid: outcomes.append((action, cid)))
    controller.refused.connect(lambda action, code: outcomes.append(("refused", code)))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: any(o[0] in ("add_media", "refused") for o in outcomes), timeout=60_000)
    refusals = [o for o in outcomes if o[0] == "refused"]
    assert not refusals and ("add_media", case_id) in outcomes, outcomes
    qtbot.waitUntil(lambda: view.media.topLevelItemCount() == 1, timeout=WAIT)
    shown = controller.shown()
    assert shown is not None
    (clip,) = shown.media
    assert clip.kind == "clip" and clip.camera_id == camera and clip.duration_seconds > 5
    stored = (clip_dir(site.live.hub) / f"{clip.sha256}.mp4").read_bytes()
    assert hashlib.sha256(stored).hexdigest() == clip.sha256 and len(stored) == clip.size
    line = view.media.topLevelItem(0)
    assert line is not None and line.text(5) == clip.sha256 and line.text(4) == size_text(clip.size)
    assert row_of(console, case_id).media_count == 1  # type: ignore[union-attr]

    # A case from the timeline selection: the selected range on the tile's camera.
    whole = position.replace(microsecond=0)
    selection = Span(whole - timedelta(minutes=2, seconds=0.4), whole - timedelta(minutes=1))
    session.panels.timeline.view.set_selection(selection)
    second = open_case(qtbot, console, controller.open_from_timeline, "Chợ Thái")
    qtbot.waitUntil(lambda: controller.board.view.case_id == second, timeout=WAIT)
    shown = controller.shown()
    assert shown is not None and shown.origin == "timeline"
    assert [(c.camera_id, c.start, c.end) for c in shown.cameras] == [
        (camera, whole - timedelta(minutes=2, seconds=1), whole - timedelta(minutes=1))
    ]  # to the whole second the form shows

    # An operator without case work is refused in words.
    other = cases(oper_console)
    oper_console.session.walls.drop_camera(0, str(camera))
    oper_console.window.wall.select(0)
    qtbot.waitUntil(lambda: oper_console.session.panels.selected_camera() is not None)
    other.open_from_tile()
    form = other.dialog
    assert isinstance(form, NewCaseDialog)
    form.fill("other", "Phố Hoàng Văn Thụ")
    with qtbot.waitSignal(other.refused, timeout=WAIT) as refused:
        form.ok_button.click()
    assert refused.args == ["open", "forbidden"]
    no_right = HubApiError(403, "forbidden", "", {"reason": "no_case_right"})
    assert other.last_message == other.refusal_text(no_right)
    assert other.board.model.cases() == []  # nothing it may not see
    # Logging out releases the tiles' grants before the windows go.
    for app in (console, oper_console):
        with qtbot.waitSignal(app.session.loggedOut, timeout=WAIT):
            app.window.logout_action.trigger()
    assert archive.cells() == []


def test_an_extraction_request_reaches_its_approvers_and_an_export_is_checked(
    qtbot: QtBot, case_site: CaseSite, consoles: Consoles, tmp_path: Path
) -> None:
    """DH 12.2c: the ward police ask through their unit leader to the higher police unit;
    each approver finds the request in their approvals dock within a second; an export to
    a device that is not registered is refused in words and audited."""
    w = case_site.world
    add_user(w.live.hub, w.province, "ward_req", "wardA1", [Role.EXPORT_REQUESTER])
    case_id = w.sent_case()["id"]
    asker, leader, city, ioc = (
        consoles(name) for name in ("ward_req", "ward_appr", "city_appr", "ioc_desk")
    )
    # The requester asks from the case view.
    controller = cases(asker)
    wait_row(qtbot, asker, case_id, lambda r: r.status == "sent")
    select(qtbot, asker, case_id)
    button = controller.board.view.buttons["request_extraction"]
    qtbot.waitUntil(lambda: not button.isHidden(), timeout=WAIT)
    button.click()
    dialog = controller.dialog
    assert isinstance(dialog, ExtractionDialog) and not dialog.fast
    dialog.purpose_edit.setPlainText("Xử lý vi phạm hành chính")
    dialog.content_edit.setPlainText("Video 5 phút tại ngã tư")
    with qtbot.waitSignal(controller.changed, timeout=WAIT) as asked:
        dialog.ok_button.click()
    assert asked.args == ["request_extraction", case_id]

    # The unit leader endorses it from the approvals dock, then the city police approve.
    for approver in (leader, city):
        approvals = cases(approver)
        qtbot.waitUntil(lambda a=approvals: len(a.approvals.items) == 1, timeout=PUSHED)  # type: ignore[misc]
        status = approvals.status_label.text()
        assert approvals.approvals.count_text(1) in status
        approvals.approvals_action.trigger()  # Ctrl+Shift+A
        assert approvals.approvals_dock.isVisible()
        approvals.approvals.decide_button.click()
        decision = approvals.dialog
        assert isinstance(decision, ApprovalDecisionDialog)
        decision.approve_radio.setChecked(True)
        with qtbot.waitSignal(approvals.changed, timeout=WAIT) as decided:
            decision.ok_button.click()
        assert decided.args == ["decide_extraction", case_id]
        qtbot.waitUntil(lambda a=approvals: a.approvals.items == {}, timeout=WAIT)  # type: ignore[misc]
    labels = controller.labels
    extractions = controller.board.view.extractions
    approved = labels.extraction_status_text("approved")

    def shows_approved() -> bool:
        item = extractions.topLevelItem(0)
        return item is not None and item.text(1) == approved

    qtbot.waitUntil(shows_approved, timeout=WAIT)

    # The IOC exports to a device nobody registered: refused in words, and audited.
    ioc_cases = cases(ioc)
    select(qtbot, ioc, case_id)
    export = ioc_cases.board.view.buttons["export"]
    qtbot.waitUntil(lambda: not export.isHidden(), timeout=WAIT)
    export.click()
    qtbot.waitUntil(lambda: isinstance(ioc_cases.dialog, ExportDialog), timeout=WAIT)
    form = ioc_cases.dialog
    assert isinstance(form, ExportDialog)
    volume = tmp_path / "usb"  # stands in for the mounted volume (tests mount nothing)
    volume.mkdir()
    ioc_cases.media.choose_directory = lambda _parent, _start: volume
    ioc_cases.media.read_identifier = lambda _path: "USB-PRIVATE-0001"
    form.volume_button.click()
    with qtbot.waitSignal(ioc_cases.refused, timeout=WAIT) as refused:
        form.ok_button.click()
    assert refused.args == ["export", "case.device_not_registered"]
    assert list(volume.iterdir()) == []  # nothing written
    code = HubApiError(403, "case.device_not_registered", "")
    assert ioc_cases.last_message == ioc_cases.refusal_text(code)
    denied = [r for a, o, r in audit_actions(w, "case.export") if o == "denied"]
    assert denied == ["case.device_not_registered"]
