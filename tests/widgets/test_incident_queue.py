# SPDX-License-Identifier: GPL-3.0-or-later
"""The incident queue dock: sorting, filters, live updates that keep the selection,
priority and overdue shown in words and shapes, counts, the alert and its mute, the
detail pane's buttons, and the forced acknowledgement that cannot be escaped."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from widgets.incident_detail import HistoryItem, IncidentDetailView, ProcedureItem
from widgets.incident_dialogs import (
    AssignDialog,
    ForcedAckDialog,
    IncidentTextDialog,
    ReportDialog,
    ask_forced_ack,
)
from widgets.incident_model import PRIORITY_COLOURS, Column, Counts, IncidentRow, QueueFilter
from widgets.incident_queue import IncidentQueue

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


def row(incident_id: int, priority: str, status: str = "new", **kw: object) -> IncidentRow:
    fields: dict[str, object] = {
        "category": "fault",
        "title": f"Sự vụ {incident_id}",
        "opened_at": NOW - timedelta(minutes=incident_id),
        "first_event_at": NOW - timedelta(minutes=incident_id + 1),
        "camera_id": str(incident_id),
        "camera_name": f"TN-00{incident_id}",
        "territory_name": "Phường Hoàng Văn Thụ",
    }
    fields.update(kw)
    return IncidentRow(incident_id, priority=priority, status=status, **fields)  # type: ignore[arg-type]


ROWS = [
    row(1, "low", "acknowledged", territory_name="Huyện Đại Từ"),
    row(2, "high", "assigned", overdue=True, due_at=NOW - timedelta(hours=1)),
    row(3, "medium", "in_progress", category="data_leak", notice_due_at=NOW + timedelta(hours=70)),
    row(4, "high", "closed"),
    row(5, "critical", "acknowledged", category="intrusion"),
]


@pytest.fixture
def queue(qtbot: QtBot) -> IncidentQueue:
    widget = IncidentQueue()
    qtbot.addWidget(widget)
    widget.set_incidents(ROWS)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown_ids(queue: IncidentQueue) -> list[int]:
    proxy = queue.proxy
    return [proxy.incident_id(proxy.index(r, 0)) or -1 for r in range(proxy.rowCount())]


def test_sorted_by_priority_then_newest_and_by_any_column(queue: IncidentQueue) -> None:
    assert shown_ids(queue) == [5, 2, 3, 1]  # closed #4 hidden by "open only"
    queue.table.sortByColumn(Column.OPENED, Qt.SortOrder.DescendingOrder)
    assert shown_ids(queue) == [1, 2, 3, 5]  # opened 1, 2, 3, 5 minutes ago
    queue.table.sortByColumn(Column.DUE, Qt.SortOrder.AscendingOrder)
    assert shown_ids(queue)[:2] == [2, 3]  # the nearest deadline first, none last


def test_filters(queue: IncidentQueue) -> None:
    def choose(combo: object, value: str) -> None:
        combo.setCurrentIndex(combo.findData(value))  # type: ignore[attr-defined]

    choose(queue.priority_box, "high")
    assert shown_ids(queue) == [2]
    queue.open_box.setChecked(False)
    assert sorted(shown_ids(queue)) == [2, 4]
    choose(queue.priority_box, "")
    choose(queue.status_box, "closed")
    assert shown_ids(queue) == [4]
    choose(queue.status_box, "")
    queue.open_box.setChecked(True)
    choose(queue.area_box, "Huyện Đại Từ")
    assert shown_ids(queue) == [1]
    choose(queue.area_box, "")
    choose(queue.camera_box, "TN-003")
    assert shown_ids(queue) == [3]
    choose(queue.camera_box, "")
    choose(queue.category_box, "intrusion")
    assert shown_ids(queue) == [5]
    choose(queue.category_box, "")
    queue.overdue_box.setChecked(True)
    assert shown_ids(queue) == [2]
    queue.set_filter(QueueFilter(text="tn-005"))
    assert shown_ids(queue) == [5] and not queue.overdue_box.isChecked()
    queue.set_filter(QueueFilter())
    assert len(shown_ids(queue)) == 4


def test_live_updates_keep_the_selection(qtbot: QtBot, queue: IncidentQueue) -> None:
    selected: list[int] = []
    queue.incidentSelected.connect(selected.append)
    assert queue.select(3)
    assert selected == [3] and queue.selected_id() == 3
    # A new critical incident sorts above, the selected one changes: still selected.
    queue.upsert(row(9, "critical", "new", opened_at=NOW), alert=False)
    queue.upsert(replace(ROWS[2], status="assigned", assignee_name="Trần Thị B", version=2))
    queue.upsert(replace(ROWS[1], priority="low", version=2))  # moves below the selection
    assert shown_ids(queue)[0] == 9
    current = queue.table.selectionModel().selectedRows()
    assert [queue.proxy.incident_id(i) for i in current] == [3]
    assert selected == [3]  # no spurious selection change
    assert queue.model.incident(3) is not None
    assert queue.model.incident(3).assignee_name == "Trần Thị B"  # type: ignore[union-attr]
    # The update left the model in place: no reset, only a changed row.
    assert queue.model.rowCount() == 6
    # Filtered out: the selection ends and the pane empties.
    queue.upsert(replace(ROWS[2], status="closed", version=3))
    assert queue.selected_id() is None and selected == [3, -1]


def test_a_filter_that_hides_the_selection_selects_nothing_else(
    qtbot: QtBot, queue: IncidentQueue
) -> None:
    """The operator's choice is theirs: when a filter hides the selected incident, the
    cursor does not move to a neighbour (whose detail would open unasked)."""
    selected: list[int] = []
    queue.incidentSelected.connect(selected.append)
    assert queue.select(3)
    queue.priority_box.setCurrentIndex(queue.priority_box.findData("high"))
    assert 3 not in shown_ids(queue) and shown_ids(queue)
    assert queue.selected_id() is None and selected == [3, -1]
    assert queue.detail.detail is None


def test_reloading_keeps_the_selected_incident(qtbot: QtBot, queue: IncidentQueue) -> None:
    selected: list[int] = []
    queue.incidentSelected.connect(selected.append)
    queue.select(2)
    queue.set_incidents([*ROWS, row(6, "medium")])
    assert queue.selected_id() == 2 and selected == [2, 2]  # the detail is fetched again
    queue.set_incidents([r for r in ROWS if r.id != 2])
    assert queue.selected_id() is None and selected[-1] == -1
    assert queue.detail.detail is None


def test_priority_and_overdue_are_told_in_words_and_shapes(queue: IncidentQueue) -> None:
    model = queue.model
    labels = model.labels

    def cell(incident_id: int, column: int, role: int) -> object:
        number = [r.id for r in model.incidents()].index(incident_id)
        return model.index(number, column).data(role)

    texts = {labels.priority_text(p) for p in ("critical", "high", "medium", "low")}
    assert len(texts) == 4 and all(texts)
    assert cell(5, Column.PRIORITY, Qt.ItemDataRole.DisplayRole) == labels.priority_text("critical")
    background = cell(5, Column.PRIORITY, Qt.ItemDataRole.BackgroundRole)
    assert background.color() == PRIORITY_COLOURS["critical"][0]  # type: ignore[attr-defined]
    badges = [
        cell(i, Column.PRIORITY, Qt.ItemDataRole.DecorationRole).pixmap(16, 16).toImage()  # type: ignore[attr-defined]
        for i in (5, 2, 3, 1)
    ]
    assert all(a != b for n, a in enumerate(badges) for b in badges[n + 1 :])
    # Overdue: a sign and the word, not only red.
    due = str(cell(2, Column.DUE, Qt.ItemDataRole.DisplayRole))
    overdue_word = model.tr("Overdue %1").replace("%1", "").strip()
    assert due.startswith(overdue_word)
    assert cell(2, Column.DUE, Qt.ItemDataRole.DecorationRole) is not None
    assert cell(3, Column.DUE, Qt.ItemDataRole.DecorationRole) is None
    assert "11.5" not in due and cell(3, Column.DUE, Qt.ItemDataRole.DisplayRole)  # notice due


def test_counts_for_the_status_bar(qtbot: QtBot, queue: IncidentQueue) -> None:
    assert queue.counts == Counts(open=4, critical=1, overdue=1)
    assert queue.counts_label.text() == queue.counts_text(queue.counts)
    with qtbot.waitSignal(queue.countsChanged) as blocker:
        queue.upsert(row(7, "critical", "new", overdue=True), alert=False)
    assert blocker.args == [Counts(open=5, critical=2, overdue=2)]
    with qtbot.waitSignal(queue.countsChanged) as blocker:
        queue.upsert(replace(ROWS[4], status="resolved"))
    assert blocker.args == [Counts(open=4, critical=1, overdue=2)]


def test_new_critical_sounds_and_flashes_until_acknowledged_mute_silences(
    qtbot: QtBot, queue: IncidentQueue
) -> None:
    sound = queue.sound
    assert not queue.flashing and queue.banner.isHidden()
    queue.upsert(row(8, "critical", "new"))
    assert sound.played == 1 and sound.beeped == 1  # no audio device here: the beep
    assert queue.flashing and queue.banner.isVisible()
    style = queue.banner.styleSheet()
    qtbot.waitUntil(lambda: queue.banner.styleSheet() != style, timeout=3_000)  # it blinks
    queue.upsert(row(8, "critical", "new", count=2))  # an update: no new alert
    assert sound.played == 1
    queue.upsert(row(10, "high", "new"))  # not critical: no alert
    assert sound.played == 1
    with qtbot.waitSignal(queue.mutedChanged) as blocker:
        queue.mute_button.click()
    assert blocker.args == [True] and queue.muted
    queue.upsert(row(11, "critical", "new"))
    assert sound.played == 1 and queue.flashing  # silent, still flashing
    queue.upsert(row(8, "critical", "acknowledged"))
    queue.upsert(row(11, "critical", "acknowledged"))
    assert not queue.flashing and queue.banner.isHidden()
    queue.set_muted(False)
    queue.upsert(row(12, "critical", "new"))
    assert sound.played == 2


def detail(incident: IncidentRow, allowed: set[str]) -> IncidentDetailView:
    return IncidentDetailView(
        incident,
        description="Mất tín hiệu từ 08:00",
        due_basis="TN 15.1: 3 ngày làm việc",
        procedure=(
            ProcedureItem("power", "Kiểm tra nguồn", "Check power", True, "Trần Thị B", NOW),
            ProcedureItem("notify", "Báo đơn vị bảo trì", "Notify maintenance"),
        ),
        history=(
            HistoryItem(NOW, "", "open", None, "new"),
            HistoryItem(NOW, "Trần Thị B", "comment", None, None, "Đã gọi nhà thầu"),
        ),
        allowed_actions=frozenset(allowed),
    )


def test_detail_buttons_follow_allowed_actions(qtbot: QtBot, queue: IncidentQueue) -> None:
    queue.select(2)
    queue.set_detail(detail(ROWS[1], {"comment", "resolve", "check"}))
    pane = queue.detail
    enabled = {a for a, b in pane.buttons.items() if b.isEnabled()}
    assert enabled == {"comment", "resolve"}
    assert pane.show_button.isEnabled()
    with qtbot.waitSignal(queue.actionRequested) as blocker:
        pane.buttons["resolve"].click()
    assert blocker.args == ["resolve", 2]
    with qtbot.waitSignal(queue.showRequested) as blocker:
        pane.show_button.click()
    assert blocker.args == [2]
    item = pane.procedure.item(1)
    assert item is not None and item.flags() & Qt.ItemFlag.ItemIsUserCheckable
    with qtbot.waitSignal(queue.stepToggled) as blocker:
        item.setCheckState(Qt.CheckState.Checked)
    assert blocker.args == [2, "notify", True]
    assert pane.history.topLevelItemCount() == 2 and pane.comments.count() == 1
    comment = pane.comments.item(0)
    assert comment is not None and "Đã gọi nhà thầu" in comment.text()
    # A push for the incident on show updates its facts but keeps the buttons.
    queue.upsert(replace(ROWS[1], assignee_name="Lê Văn C", version=5))
    assert pane.detail is not None and pane.detail.row.version == 5
    assert pane.buttons["resolve"].isEnabled()
    # Without "check" the procedure is read-only.
    queue.set_detail(detail(ROWS[1], {"comment"}))
    item = pane.procedure.item(1)
    assert item is not None and not item.flags() & Qt.ItemFlag.ItemIsUserCheckable


def test_double_click_asks_to_show_the_incident(qtbot: QtBot, queue: IncidentQueue) -> None:
    index = queue.proxy.index_of(3)
    rect = queue.table.visualRect(index)
    viewport = queue.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # type: ignore[no-untyped-call]
    with qtbot.waitSignal(queue.showRequested) as blocker:
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # type: ignore[no-untyped-call]
    assert blocker.args == [3]
    assert not queue.proxy.index_of(4).isValid()  # closed, filtered out
    assert isinstance(queue.proxy.index_of(4), QModelIndex)


def test_forced_acknowledgement_cannot_be_escaped(qtbot: QtBot, queue: IncidentQueue) -> None:
    critical = row(20, "critical", "new", category="intrusion")
    dialog = ask_forced_ack(queue, critical, queue.model.labels)
    qtbot.waitExposed(dialog)
    assert dialog.isModal() or dialog.windowModality() != Qt.WindowModality.NonModal
    assert not dialog.windowFlags() & Qt.WindowType.WindowCloseButtonHint
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # type: ignore[no-untyped-call]
    dialog.reject()
    assert not dialog.close()
    assert dialog.isVisible() and dialog.result() == 0
    # Deferring needs a reason.
    assert not dialog.defer_button.isEnabled()
    dialog.defer()
    assert dialog.isVisible()
    dialog.reason_edit.setText("Đang xử lý sự vụ khẩn cấp khác")  # keyClicks: ASCII only
    assert dialog.defer_button.isEnabled()
    with qtbot.waitSignal(dialog.finished) as blocker:
        dialog.defer_button.click()
    assert blocker.args == [ForcedAckDialog.DEFERRED]
    assert dialog.defer_reason() == "Đang xử lý sự vụ khẩn cấp khác"

    again = ask_forced_ack(queue, critical, queue.model.labels)
    with qtbot.waitSignal(again.finished) as blocker:
        again.ack_button.click()
    assert blocker.args == [QDialog.DialogCode.Accepted.value]
    third = ask_forced_ack(queue, critical, queue.model.labels)
    with qtbot.waitSignal(third.finished) as blocker:
        third.settle()
    assert blocker.args == [ForcedAckDialog.SETTLED] and not third.isVisible()


def test_report_and_step_dialogs(qtbot: QtBot, queue: IncidentQueue) -> None:
    report = ReportDialog(queue.model.labels, [("3", "TN-003 Chợ")], camera_id="3")
    qtbot.addWidget(report)
    assert report.camera_id() == "3" and not report.ok_button.isEnabled()
    assert [report.category_box.itemData(i) for i in range(report.category_box.count())] == [
        "fault",
        "security_incident",
        "data_leak",
        "abuse",
    ]
    report.show()
    assert report.notice_label.isHidden()  # fault: no 72 h notice
    report.fill("data_leak", "  Lộ dữ liệu  ", "Ảnh bị đăng lên mạng")
    assert report.notice_label.isVisible() and report.ok_button.isEnabled()
    assert (report.category(), report.title(), report.camera_id()) == (
        "data_leak",
        "Lộ dữ liệu",
        None,
    )

    text = IncidentTextDialog("Chuyển cấp trên", "Lý do", "Chuyển", units=[(7, "Công an tỉnh")])
    qtbot.addWidget(text)
    assert not text.ok_button.isEnabled() and text.unit_id() is None
    text.text_edit.setPlainText("  cần lực lượng tỉnh ")
    assert text.ok_button.isEnabled() and text.text() == "cần lực lượng tỉnh"
    assert text.unit_box is not None
    text.unit_box.setCurrentIndex(1)
    assert text.unit_id() == 7

    assign = AssignDialog([(4, "Nguyễn Văn A"), (5, "Trần Thị B")])
    qtbot.addWidget(assign)
    assert not assign.ok_button.isEnabled()
    assign.choose(5)
    assert assign.user_id() == 5 and assign.ok_button.isEnabled()
