# SPDX-License-Identifier: GPL-3.0-or-later
"""The archive timeline: what it paints, zoom, and the seek intents it emits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from widgets.timeline import (
    MAX_SPAN,
    MIN_SPAN,
    RECORDED,
    Marker,
    Span,
    Timeline,
    TimelineData,
    TimelineView,
    tick_step,
)

NOW = datetime(2026, 11, 27, 5, 0, 0, tzinfo=UTC)


def data() -> TimelineData:
    """An hour ending now: recorded, a 10-minute gap, recorded; older than 50 min barred."""
    gap = Span(NOW - timedelta(minutes=30), NOW - timedelta(minutes=20))
    return TimelineData(
        ranges=[
            Span(NOW - timedelta(hours=1), gap.start),
            Span(gap.end, NOW),
        ],
        gaps=[gap],
        markers=[Marker(NOW - timedelta(minutes=10), "LineDetector/Crossed", "73A-123.45")],
        earliest_allowed=NOW - timedelta(minutes=50),
    )


@pytest.fixture
def view(qtbot: QtBot) -> TimelineView:
    widget = TimelineView(now=NOW)
    qtbot.addWidget(widget)
    widget.resize(600, 60)
    widget.set_window(NOW - timedelta(hours=1), NOW)
    widget.set_data(data())
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def pixel(image: QImage, x: float, y: int = 20) -> QColor:
    return image.pixelColor(int(x), y)


def close(a: QColor, b: QColor, tolerance: int = 12) -> bool:
    return all(abs(p - q) <= tolerance for p, q in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def test_ranges_are_painted_and_gaps_left_empty(view: TimelineView) -> None:
    image = view.grab().toImage()
    recorded = view.x_for(NOW - timedelta(minutes=10, seconds=30))  # clear of the marker
    in_gap = view.x_for(NOW - timedelta(minutes=25))
    too_old = view.x_for(NOW - timedelta(minutes=55))
    assert close(pixel(image, recorded), RECORDED)
    gap_column = [pixel(image, in_gap + dx) for dx in range(-3, 4)]
    assert not any(close(c, RECORDED) for c in gap_column)
    # Beyond the depth limit, recorded video is shaded (darker than the recorded colour).
    shaded = pixel(image, too_old)
    assert shaded.lightness() < RECORDED.lightness() - 20
    # The marker is drawn at the top of the bar.
    marker_x = view.x_for(NOW - timedelta(minutes=10))
    assert any(pixel(image, marker_x + dx, 8).red() > 200 for dx in (-1, 0, 1))


def test_cursor_marks_the_playback_time(view: TimelineView) -> None:
    at = NOW - timedelta(minutes=40)
    view.set_cursor(at)
    image = view.grab().toImage()
    x = view.x_for(at)
    assert any(pixel(image, x + dx).lightness() > 240 for dx in (-1, 0, 1))
    assert view.cursor_time == at


def test_wheel_zooms_from_minutes_to_days_around_the_mouse(
    view: TimelineView, qtbot: QtBot
) -> None:
    anchor_x = 450.0
    anchor = view.time_at(anchor_x)

    def wheel(notches: int) -> None:
        event = QWheelEvent(
            QPointF(anchor_x, 20),
            view.mapToGlobal(QPointF(anchor_x, 20)),
            QPoint(0, 0),
            QPoint(0, 120 * notches),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(view, event)

    with qtbot.waitSignal(view.windowChanged, timeout=1000):
        wheel(3)  # zoom in
    assert view.span_seconds == pytest.approx(3600 / 1.25**3)
    assert abs((view.time_at(anchor_x) - anchor).total_seconds()) < 1.0
    for _ in range(40):
        wheel(1)
    assert view.span_seconds == MIN_SPAN
    for _ in range(80):
        wheel(-1)
    assert view.span_seconds == MAX_SPAN
    assert tick_step(MAX_SPAN, 600) >= 86400
    assert tick_step(MIN_SPAN, 600) <= 30


def test_click_and_drag_seek_once_clamped_to_the_limit(view: TimelineView, qtbot: QtBot) -> None:
    x = int(view.x_for(NOW - timedelta(minutes=15)))
    with qtbot.waitSignal(view.seekRequested, timeout=1000) as caught:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(x, 20))
    [target] = caught.args
    assert abs((target - (NOW - timedelta(minutes=15))).total_seconds()) <= 3600 / 600 + 1
    # A drag moves the cursor and seeks once, on release; past the limit it stops there.
    seeks: list[datetime] = []
    view.seekRequested.connect(seeks.append)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=QPoint(x, 20))
    qtbot.mouseMove(view, QPoint(x - 200, 20))
    qtbot.mouseMove(view, QPoint(2, 20))
    assert seeks == []
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(2, 20))
    assert seeks == [NOW - timedelta(minutes=50)]


def test_controls_emit_intents(qtbot: QtBot) -> None:
    timeline = Timeline(now=NOW)
    qtbot.addWidget(timeline)
    timeline.set_data(data())
    at = NOW - timedelta(minutes=15)
    timeline.set_position(at)
    timeline.set_playing(True)
    with qtbot.waitSignal(timeline.seekRequested) as back:
        timeline.back_button.click()
    assert back.args == [at - timedelta(seconds=10)]
    with qtbot.waitSignal(timeline.seekRequested) as forward:
        timeline.forward_button.click()
    assert forward.args == [at + timedelta(seconds=10)]
    with qtbot.waitSignal(timeline.pauseRequested):
        timeline.play_button.click()
    timeline.set_playing(False)
    with qtbot.waitSignal(timeline.playRequested):
        timeline.play_button.click()
    with qtbot.waitSignal(timeline.rateRequested) as rate:
        timeline.speed.activated.emit(timeline.speed.findData(4.0))
    assert rate.args == [4.0]
    with qtbot.waitSignal(timeline.liveRequested):
        timeline.live_button.click()
    target = NOW - timedelta(minutes=40, seconds=5)
    timeline.date_edit.setDateTime(Timeline._qt(target))
    with qtbot.waitSignal(timeline.seekRequested) as go:
        timeline.go_button.click()
    assert go.args == [target]
    # The present is as far as a seek goes.
    timeline.set_position(NOW - timedelta(seconds=3))
    with qtbot.waitSignal(timeline.seekRequested) as late:
        timeline.forward_button.click()
    assert late.args == [NOW]
    timeline.set_limit_days(7)
    assert "7" in timeline.limit_label.text()


def test_tooltip_names_the_event_and_keys_seek_and_zoom(view: TimelineView, qtbot: QtBot) -> None:
    marker_x = view.x_for(NOW - timedelta(minutes=10))
    text = view.hover_text(marker_x)
    assert "73A-123.45" in text and "LineDetector/Crossed" in text
    assert "\n" not in view.hover_text(view.x_for(NOW - timedelta(minutes=40)))
    view.set_cursor(NOW - timedelta(minutes=15))
    with qtbot.waitSignal(view.seekRequested) as caught:
        qtbot.keyClick(view, Qt.Key.Key_Left)
    assert caught.args == [NOW - timedelta(minutes=15, seconds=10)]
    span = view.span_seconds
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.span_seconds == pytest.approx(span / 1.25)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.span_seconds == pytest.approx(span)


def test_a_seek_into_a_gap_goes_to_where_the_recording_resumes(
    view: TimelineView, qtbot: QtBot
) -> None:
    x = int(view.x_for(NOW - timedelta(minutes=25)))
    with qtbot.waitSignal(view.seekRequested) as caught:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(x, 20))
    assert caught.args == [NOW - timedelta(minutes=20)]
