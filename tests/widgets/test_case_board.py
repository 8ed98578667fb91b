# SPDX-License-Identifier: GPL-3.0-or-later
"""The deadline board and police inbox, the case view and the case dialogs (no hub):
live rows that keep the selection, filters by status, side, due soon, overdue and the
inbox, the next deadline in words, the buttons the hub allows, media with their hash,
size and duration, the history, deadlines with their article, and dialogs whose OK waits
for what the hub requires."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from widgets.case_approvals import ApprovalItem, ApprovalRequests
from widgets.case_board import BoardCounts, BoardFilter, CaseBoard, CaseRow
from widgets.case_dialogs import (
    CaseStepDialog,
    MediaDialog,
    NewCaseDialog,
)
from widgets.case_labels import CaseLabels, Column
from widgets.case_player import MediaPlayerDialog
from widgets.case_view import (
    CameraRangeItem,
    CaseDetailView,
    DeadlineItem,
    ExtractionItem,
    MediaItem,
    StepItem,
    duration_text,
    size_text,
)
from widgets.extraction_dialogs import (
    ApprovalDecisionDialog,
    DossierDialog,
    ExportDialog,
    ExtractionDialog,
    WithdrawDialog,
)
from widgets.storage_devices_dialog import DeviceItem, StorageDevicesDialog
from widgets.video_tile import VideoTile

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NOW = datetime(2026, 2, 13, 3, 0, tzinfo=UTC)


def row(case_id: int, status: str = "sent", **kw: object) -> CaseRow:
    fields: dict[str, object] = {
        "number": f"VP-2026-{case_id:06d}",
        "violation_type": "red_light",
        "place": "Ngã tư Hoàng Văn Thụ",
        "opened_at": NOW - timedelta(hours=case_id),
        "side": "police",
        "next_kind": "verify",
        "next_due_at": NOW + timedelta(days=case_id),
    }
    fields.update(kw)
    return CaseRow(case_id, status=status, **fields)  # type: ignore[arg-type]


ROWS = [
    row(1, "draft", side="ioc", next_kind="transfer", police_unit_name=""),
    row(2, "sent", inbox=True, police_unit_name="wardA1"),
    row(3, "identified", next_kind="record", due_soon=True, next_due_at=NOW + timedelta(hours=5)),
    row(4, "recorded", next_kind="decision", overdue=True, next_due_at=NOW - timedelta(days=1)),
    row(5, "closed", next_due_at=None),
]


@pytest.fixture
def board(qtbot: QtBot) -> CaseBoard:
    widget = CaseBoard()
    qtbot.addWidget(widget)
    widget.set_cases(ROWS)
    widget.resize(900, 700)
    return widget


def shown_ids(board: CaseBoard) -> list[int]:
    proxy = board.proxy
    return [proxy.case_id(proxy.index(r, 0)) or -1 for r in range(proxy.rowCount())]


def test_the_board_sorts_by_the_next_deadline_and_says_overdue_and_due_soon_in_words(
    board: CaseBoard,
) -> None:
    assert shown_ids(board) == [4, 3, 1, 2]  # soonest first; closed cases hidden
    model = board.model
    overdue = model.display(ROWS[3], Column.DEADLINE)
    assert overdue.startswith("⚠ ") and overdue.endswith(" 12/02 10:00")
    soon = model.display(ROWS[2], Column.DEADLINE)
    assert soon.startswith("◔ ")
    assert model.display(ROWS[1], Column.NUMBER).startswith("✉ ")  # in my inbox
    assert board.counts == BoardCounts(open=4, inbox=1, due_soon=1, overdue=1)
    assert board.counts_label.text() == board.counts_text(board.counts)


def test_filters_by_status_side_due_soon_overdue_and_the_inbox(board: CaseBoard) -> None:
    board.set_filter(BoardFilter(side="ioc"))
    assert shown_ids(board) == [1]
    board.set_filter(BoardFilter(due_soon_only=True))
    assert shown_ids(board) == [4, 3]  # overdue counts as due soon too
    board.set_filter(BoardFilter(overdue_only=True))
    assert shown_ids(board) == [4]
    board.show_inbox()
    assert shown_ids(board) == [2] and board.inbox_box.isChecked()
    board.set_filter(BoardFilter(status="closed", open_only=False))
    assert shown_ids(board) == [5]
    board.set_filter(BoardFilter(text="000003"))
    assert shown_ids(board) == [3]


def test_a_pushed_change_keeps_the_selection_and_updates_in_place(
    qtbot: QtBot, board: CaseBoard
) -> None:
    with qtbot.waitSignal(board.caseSelected) as blocker:
        assert board.select(2)
    assert blocker.args == [2]
    reset: list[bool] = []
    board.model.modelReset.connect(lambda: reset.append(True))
    with qtbot.assertNotEmitted(board.caseSelected):
        board.upsert(replace(ROWS[1], status="verifying", inbox=False, version=2))
        board.upsert(row(6, "sent", inbox=True))
    assert not reset and board.selected_id() == 2
    assert board.model.case(2) is not None and board.model.case(2).status == "verifying"  # type: ignore[union-attr]
    assert board.counts.inbox == 1 and board.counts.open == 5
    # A filter that hides the selected case leaves nothing selected (no jump).
    with qtbot.waitSignal(board.caseSelected) as gone:
        board.set_filter(BoardFilter(side="ioc"))
    assert gone.args == [-1] and board.selected_id() is None


def detail(actions: frozenset[str]) -> CaseDetailView:
    return CaseDetailView(
        row=ROWS[2],
        origin="tile",
        detected_at=NOW - timedelta(days=30),
        description="Vượt đèn đỏ lúc cao điểm",
        vehicle_type="Ô tô",
        opened_by="ioc_cw",
        cameras=(CameraRangeItem(7, "Camera A1", NOW - timedelta(hours=1), NOW),),
        media=(
            MediaItem(
                11,
                "clip",
                7,
                "Camera A1",
                NOW - timedelta(minutes=3),
                NOW,
                65.4,
                "ab" * 32,
                3_400_000,
            ),
            MediaItem(12, "snapshot", 7, "Camera A1", NOW, NOW, 0.0, "cd" * 32, 120_000),
        ),
        steps=(
            StepItem(NOW - timedelta(days=2), "ioc_cw", "ioc", "send", "draft", "sent", ""),
            StepItem(NOW, "ward_cw", "wardA1", "identify", "verifying", "identified"),
        ),
        deadlines=(
            DeadlineItem("verify", "police", "DH 11.3b", "DH 11.3b: 1 tháng", NOW, "met", NOW),
            DeadlineItem(
                "record", "police", "DH 13.1", "DH 13.1: 3 ngày làm việc", NOW, "due_soon"
            ),
        ),
        allowed_actions=actions,
    )


def test_the_case_view_shows_the_allowed_steps_media_history_and_deadlines(
    qtbot: QtBot, board: CaseBoard
) -> None:
    view = board.view
    view.set_case(detail(frozenset({"record", "transfer", "comment"})))
    assert view.shown_actions() == ["record", "transfer", "comment"]
    assert view.buttons["accept"].isHidden()
    media = view.media
    assert media.topLevelItemCount() == 2
    clip = media.topLevelItem(0)
    assert clip is not None
    assert clip.text(3) == "1:05" and clip.text(4) == "3.2 MiB" and clip.text(5) == "ab" * 32
    assert media.topLevelItem(1).text(3) == ""  # type: ignore[union-attr]
    with qtbot.waitSignal(view.playRequested) as played:
        view.play_button.click()
    assert played.args == [3, 11]
    history = view.history
    assert history.topLevelItemCount() == 2
    assert history.topLevelItem(1).text(1) == "ward_cw"  # type: ignore[union-attr]
    deadlines = view.deadlines
    assert deadlines.topLevelItem(1).text(2).startswith("◔ ")  # type: ignore[union-attr]
    assert deadlines.topLevelItem(1).text(3) == "DH 13.1: 3 ngày làm việc"  # type: ignore[union-attr]
    with qtbot.waitSignal(view.actionRequested) as acted:
        view.buttons["record"].click()
    assert acted.args == ["record", 3]
    view.set_case(None)
    assert view.shown_actions() == [] and view.media.topLevelItemCount() == 0


def test_sizes_and_durations_read_the_way_people_say_them() -> None:
    assert size_text(512) == "512 B" and size_text(2048) == "2.0 KiB"
    assert duration_text(59.6) == "1:00" and duration_text(3725) == "1:02:05"


def test_a_step_dialog_asks_what_the_hub_requires(qtbot: QtBot) -> None:
    labels = CaseLabels()
    send = CaseStepDialog("send", labels, "VP-2026-000001", [(5, "wardA1"), (6, "cityA")])
    qtbot.addWidget(send)
    assert not send.ok_button.isEnabled()
    send.fill(police_unit_id=5, note="Chuyển xử lý")
    assert send.ok_button.isEnabled()
    assert send.answers() == {"police_unit_id": 5, "note": "Chuyển xử lý"}
    record = CaseStepDialog("record", labels, "VP-2026-000001")
    qtbot.addWidget(record)
    record.fill(record_number="12/BB-VPHC", outside_authority=True)
    assert record.answers() == {
        "record_number": "12/BB-VPHC",
        "outside_authority": True,
        "note": "",
    }
    conclude = CaseStepDialog("conclude", labels, "VP-2026-000001")
    qtbot.addWidget(conclude)
    assert not conclude.ok_button.isEnabled()
    conclude.fill(outcome="no_violation", conclusion="Không vi phạm")
    assert conclude.answers() == {"outcome": "no_violation", "conclusion": "Không vi phạm"}
    close = CaseStepDialog("close", labels, "VP-2026-000001")
    qtbot.addWidget(close)
    assert close.ok_button.isEnabled() and close.answers() == {}


def test_the_new_case_form_and_the_media_export_and_approval_dialogs(qtbot: QtBot) -> None:
    labels = CaseLabels()
    start, end = NOW - timedelta(minutes=5), NOW
    form = NewCaseDialog(
        labels, [(7, "a1 Camera A1"), (8, "a2 Camera A2")], [(7, start, end)], "Ô hình"
    )
    qtbot.addWidget(form)
    assert not form.ok_button.isEnabled()  # no place yet
    form.fill("speeding", "Đường Hoàng Văn Thụ", "20A-123.45", "Quá tốc độ")
    assert form.ok_button.isEnabled()
    values = form.values()
    assert values.violation_type == "speeding" and values.ranges == ((7, start, end),)
    assert values.plate == "20A-123.45" and values.place == "Đường Hoàng Văn Thụ"
    form.range_rows[0][2].setDateTime(form.range_rows[0][1].dateTime())  # end = start
    assert not form.ok_button.isEnabled()

    media = MediaDialog([(7, "Camera A1")], 7, start, end)
    qtbot.addWidget(media)
    assert media.ok_button.isEnabled() and media.kind() == "clip" and media.span() == (start, end)
    media.snapshot_radio.setChecked(True)
    assert media.kind() == "snapshot" and not media.end_edit.isEnabled()

    export = ExportDialog([(3, "#3 — approved")], [("USB-STATE-0001", "USB của IOC")])
    qtbot.addWidget(export)
    # The device is the chosen volume's, its identifier read from it, never typed.
    assert not export.ok_button.isEnabled() and export.device_identifier() == ""
    with qtbot.waitSignal(export.volumeRequested, timeout=1000):
        export.volume_button.click()
    export.set_volume("/media/op/STATE", "USB-STATE-0001")
    assert export.answers() == {"request_id": 3, "device_identifier": "USB-STATE-0001"}
    assert export.ok_button.isEnabled() and "USB của IOC" in export.device_label.text()
    export.set_volume("/media/op/MINE", "USB-PRIVATE-9")  # the hub decides; it is said
    assert export.answers()["device_identifier"] == "USB-PRIVATE-9"
    assert "USB của IOC" not in export.device_label.text()
    export.set_volume("/media/op/ODD", None)
    assert not export.ok_button.isEnabled()

    request = ExtractionDialog(labels, fast=False)
    qtbot.addWidget(request)
    assert not request.ok_button.isEnabled()
    request.purpose_edit.setPlainText("Xử lý vi phạm")
    request.content_edit.setPlainText("Video 5 phút")
    assert request.ok_button.isEnabled()
    request.written_box.setChecked(True)
    assert not request.ok_button.isEnabled()  # a written request names agency and document

    approval = ApprovalDecisionDialog("Vụ việc VP-2026-000001", endorsement=False)
    qtbot.addWidget(approval)
    assert not approval.ok_button.isEnabled()
    approval.reject_radio.setChecked(True)
    assert approval.ok_button.isEnabled() and approval.verdict() == "reject"
    approval.accept()
    assert approval.result() == QDialog.DialogCode.Accepted.value


def test_the_approval_list_counts_and_asks_to_decide(qtbot: QtBot) -> None:
    widget = ApprovalRequests(CaseLabels())
    qtbot.addWidget(widget)
    item = ApprovalItem(
        9,
        3,
        "VP-2026-000003",
        "standard",
        "pending_approval",
        "Xử lý",
        "Video",
        "ioc_req (ioc)",
        NOW,
    )
    widget.set_requests([item])
    assert widget.header.text() == widget.count_text(1)
    assert widget.selected_id() == 9 and widget.decide_button.isEnabled()
    with qtbot.waitSignal(widget.decideRequested) as asked:
        QTest.keyClick(widget.list, Qt.Key.Key_Return)
    assert asked.args == [9]
    widget.set_requests([])
    assert not widget.decide_button.isEnabled()


def test_the_requesters_own_extraction_steps_show_for_the_selected_request(
    qtbot: QtBot, board: CaseBoard
) -> None:
    view = board.view
    requests = (
        ExtractionItem(5, "standard", "approved", "Xử lý vi phạm", "ioc_req"),
        ExtractionItem(6, "standard", "pending_approval", "Chuyển", "me", allowed=_W),
        ExtractionItem(7, "fast", "fast", "Khẩn cấp", "me", NOW, allowed=_D),
    )
    view.set_case(replace(detail(frozenset()), extractions=requests))
    assert view.selected_extraction() == requests[1]  # what I may act on comes selected
    assert not view.withdraw_button.isHidden() and view.dossier_button.isHidden()
    with qtbot.waitSignal(view.extractionActionRequested) as asked:
        view.withdraw_button.click()
    assert asked.args == ["withdraw", 6]
    view.extractions.setCurrentItem(view.extractions.topLevelItem(2))  # type: ignore[arg-type]
    assert view.withdraw_button.isHidden() and not view.dossier_button.isHidden()
    with qtbot.waitSignal(view.extractionActionRequested) as asked:
        view.dossier_button.click()
    assert asked.args == ["complete_dossier", 7]
    view.extractions.setCurrentItem(view.extractions.topLevelItem(0))  # type: ignore[arg-type]
    assert view.withdraw_button.isHidden() and view.dossier_button.isHidden()


_W = frozenset({"withdraw"})
_D = frozenset({"complete_dossier"})


def test_the_dossier_withdraw_and_device_register_forms(qtbot: QtBot) -> None:
    dossier = DossierDialog("#7 — Khẩn cấp")
    qtbot.addWidget(dossier)
    assert not dossier.ok_button.isEnabled()
    dossier.reference_edit.setText("HS-1")
    assert dossier.ok_button.isEnabled() and dossier.answers() == {"reference": "HS-1", "note": ""}
    withdraw = WithdrawDialog("#6")
    qtbot.addWidget(withdraw)
    assert not withdraw.ok_button.isEnabled()
    withdraw.reason_edit.setPlainText("Không cần nữa")
    assert withdraw.answers() == {"reason": "Không cần nữa"}

    register = StorageDevicesDialog([(1, "IOC"), (2, "Phường A1")])
    qtbot.addWidget(register)
    register.set_devices(
        [
            DeviceItem(3, "SN-1", "Ổ cứng", "IOC", "TS-1", "admin", NOW),
            DeviceItem(4, "SN-2", "USB", "IOC", "TS-2", "admin", NOW, revoked_at=NOW),
        ]
    )
    assert register.list.topLevelItemCount() == 2
    register.list.setCurrentItem(register.list.topLevelItem(1))  # type: ignore[arg-type]
    assert not register.revoke_button.isEnabled()  # already revoked
    register.list.setCurrentItem(register.list.topLevelItem(0))  # type: ignore[arg-type]
    with qtbot.waitSignal(register.revokeRequested) as revoked:
        register.revoke_button.click()
    assert revoked.args == [3]
    register.set_identifier(None)
    assert register.identifier_edit.text() == "" and register.message.text()
    register.set_identifier("SN-NEW-1")
    register.label_edit.setText("Ổ mới")
    register.asset_edit.setText("TS-9")
    register.unit_box.setCurrentIndex(1)
    assert not register.register_button.isEnabled()  # state ownership must be stated
    register.state_box.setChecked(True)
    with qtbot.waitSignal(register.registerRequested) as asked:
        register.register_button.click()
    assert asked.args == [
        {
            "identifier": "SN-NEW-1",
            "label": "Ổ mới",
            "owner_unit_id": 2,
            "asset_number": "TS-9",
            "state_owned": True,
        }
    ]


def test_a_snapshot_shows_in_the_player_window_and_a_tile_selects_on_right_click(
    qtbot: QtBot, tmp_path: Path
) -> None:
    picture = QImage(64, 36, QImage.Format.Format_RGB32)
    picture.fill(0x336699)
    path = tmp_path / "snap.jpg"
    assert picture.save(str(path))
    window = MediaPlayerDialog(path, "snapshot", "VP-2026-000001 — Camera A1", "ab" * 32)
    qtbot.addWidget(window)
    assert window.picture is not None and not window.picture.pixmap().isNull()
    with qtbot.waitSignal(window.closed):
        window.close()

    tile = VideoTile(3)
    qtbot.addWidget(tile)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, QPoint(5, 5), tile.mapToGlobal(QPoint(5, 5))
    )
    with qtbot.waitSignal(tile.clicked) as clicked:
        QApplication.sendEvent(tile, event)
    assert clicked.args == [3] and not event.isAccepted()  # the wall's window shows the menu
