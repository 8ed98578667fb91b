# SPDX-License-Identifier: GPL-3.0-or-later
"""The archive timeline under the wall: recordings, gaps, events, depth limit, seeking.

:class:`TimelineView` is the painted bar. It draws what the camera recorded (ranges),
leaves what it did not (gaps — nothing recorded, camera offline) empty with a hatch,
ticks the events, shades everything older than the operator's archive depth, and marks
the playback time with a cursor. The wheel zooms around the mouse from minutes to days;
a click seeks, a drag moves the cursor and seeks on release (one seek, not one per pixel);
a seek into a gap goes to the gap's end, where there is video again. Shift+drag, or
``[`` and ``]`` at the cursor, select a range (a case is opened from it); Esc clears it.

:class:`Timeline` puts the transport controls around it: play/pause, speed 1/4× … 16×,
jump ±10 s, go to a date and time, back to live, and the depth limit in words.

Widgets take plain dataclasses (never hub contracts) and only emit intents: the console's
archive controller turns them into archive grants.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDateTime, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from widgets.tile_overlay import LOCAL_ZONE

RATES = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
MIN_SPAN = 120.0  # seconds shown at the deepest zoom (two minutes)
MAX_SPAN = 31 * 86400.0  # seconds shown fully zoomed out (a month)
ZOOM_STEP = 1.25  # one wheel notch
JUMP_SECONDS = 10
# Tick spacings (seconds) the labels snap to, smallest first.
TICKS = (10, 30, 60, 300, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400)

BACKGROUND = QColor(28, 28, 32)
RECORDED = QColor(46, 139, 87)
GAP_HATCH = QColor(120, 120, 120)
MARKER = QColor(255, 196, 0)
LIMIT_SHADE = QColor(0, 0, 0, 170)
LIMIT_EDGE = QColor(200, 60, 60)
CURSOR = QColor(255, 255, 255)
SELECTION = QColor(80, 160, 255, 90)
TEXT = QColor(220, 220, 220)


@dataclass(frozen=True)
class Span:
    """A time range (UTC, end exclusive)."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class Marker:
    """An event on the timeline."""

    at: datetime
    kind: str
    label: str = ""


@dataclass
class TimelineData:
    """What the timeline shows of one camera (or of the selected tile's camera)."""

    ranges: list[Span] = field(default_factory=list)
    gaps: list[Span] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    earliest_allowed: datetime | None = None  # the archive depth limit (None: no limit)


def _ts(moment: datetime) -> float:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def _dt(unix_seconds: float) -> datetime:
    return datetime.fromtimestamp(unix_seconds, UTC)


def local_text(moment: datetime, fmt: str) -> str:
    """``moment`` in Vietnam time formatted with a Qt date format."""
    return (
        QDateTime.fromMSecsSinceEpoch(round(_ts(moment) * 1000))
        .toTimeZone(LOCAL_ZONE)
        .toString(fmt)
    )


def tick_step(span_seconds: float, width_px: int, min_px: int = 80) -> int:
    """The smallest tick spacing that keeps labels ``min_px`` apart."""
    for step in TICKS:
        if width_px * step / max(span_seconds, 1e-9) >= min_px:
            return step
    return TICKS[-1]


class TimelineView(QWidget):
    """The painted time bar (see the module doc).

    Signals:
        seekRequested(datetime): the operator clicked, or dragged and released, here.
        windowChanged(datetime, datetime): the visible range changed (zoom, pan, data).
        selectionChanged(Span | None): the selected range changed (None: cleared).
    """

    seekRequested = Signal(object)
    windowChanged = Signal(object, object)
    selectionChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None, now: datetime | None = None) -> None:
        super().__init__(parent)
        self._now_override = now
        centre = _ts(self.now())
        self._span = 3600.0
        self._end = centre + self._span * 0.1
        self._data = TimelineData()
        self._cursor: float | None = None
        self._drag: float | None = None  # the cursor preview while dragging
        self._selection: tuple[float, float] | None = None
        self._select_from: float | None = None  # a Shift+drag selection's anchor
        self.setMinimumHeight(48)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)  # tooltips name the event under the mouse
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Archive timeline"))

    # -- model --------------------------------------------------------------------------

    def now(self) -> datetime:
        """The present (tests may pin it)."""
        return self._now_override or datetime.now(UTC)

    def sizeHint(self) -> QSize:
        return QSize(600, 56)

    @property
    def data(self) -> TimelineData:
        """What is drawn."""
        return self._data

    def set_data(self, data: TimelineData) -> None:
        """Replace the recordings, gaps, markers and depth limit."""
        self._data = data
        self.update()

    @property
    def cursor_time(self) -> datetime | None:
        """The playback time the cursor marks (None: no cursor, live)."""
        return _dt(self._cursor) if self._cursor is not None else None

    def set_cursor(self, moment: datetime | None) -> None:
        """Move the playback cursor; the view follows it when it leaves the window."""
        self._cursor = _ts(moment) if moment is not None else None
        if self._cursor is not None and self._drag is None:
            start = self._end - self._span
            if not start <= self._cursor <= self._end:
                self._end = self._cursor + self._span / 2
                self._emit_window()
        self.update()

    @property
    def selection(self) -> Span | None:
        """The selected range (None: nothing selected)."""
        if self._selection is None:
            return None
        return Span(_dt(self._selection[0]), _dt(self._selection[1]))

    def set_selection(self, span: Span | None) -> None:
        """Select a range (None clears it)."""
        chosen = None if span is None else (_ts(span.start), _ts(span.end))
        if chosen is not None and chosen[0] >= chosen[1]:
            chosen = None
        if chosen != self._selection:
            self._selection = chosen
            self.update()
            self.selectionChanged.emit(self.selection)

    def visible_range(self) -> tuple[datetime, datetime]:
        """The visible range."""
        return _dt(self._end - self._span), _dt(self._end)

    @property
    def span_seconds(self) -> float:
        """Seconds from the left edge to the right edge."""
        return self._span

    def set_window(self, start: datetime, end: datetime) -> None:
        """Show [start, end] (clamped to the zoom limits)."""
        span = min(max(_ts(end) - _ts(start), MIN_SPAN), MAX_SPAN)
        self._span = span
        self._end = _ts(start) + span
        self._emit_window()
        self.update()

    def zoom(self, factor: float, anchor: datetime | None = None) -> None:
        """Zoom by ``factor`` (> 1 shows more time) keeping ``anchor`` where it is."""
        old = self._span
        new = min(max(old * factor, MIN_SPAN), MAX_SPAN)
        if new == old:
            return
        pivot = _ts(anchor) if anchor is not None else self._end - old / 2
        fraction = (pivot - (self._end - old)) / old
        start = pivot - fraction * new
        self._span = new
        self._end = start + new
        self._emit_window()
        self.update()

    # -- geometry -----------------------------------------------------------------------

    def _bar(self) -> QRect:
        metrics = QFontMetrics(self.font())
        return self.rect().adjusted(0, 6, 0, -(metrics.height() + 4))

    def x_for(self, moment: datetime) -> float:
        """The x position of ``moment`` in widget coordinates."""
        width = max(1, self.width())
        return (_ts(moment) - (self._end - self._span)) / self._span * width

    def time_at(self, x: float) -> datetime:
        """The time under x."""
        width = max(1, self.width())
        return _dt(self._end - self._span + x / width * self._span)

    def clamp(self, moment: datetime) -> datetime:
        """``moment`` moved into [earliest allowed, now] (where a seek can go)."""
        return _dt(self._seekable(_ts(moment)))

    def _seekable(self, unix_seconds: float) -> float:
        """Clamp a seek into [earliest allowed, now]; a time in a gap moves to the gap's
        end, where the recording resumes (nothing to show inside it)."""
        high = _ts(self.now())
        low = _ts(self._data.earliest_allowed) if self._data.earliest_allowed else -math.inf
        target = min(max(unix_seconds, low), high)
        for gap in self._data.gaps:
            if _ts(gap.start) <= target < _ts(gap.end):
                return min(_ts(gap.end), high)
        return target

    # -- painting -----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _span_rect(self, bar: QRect, start: float, end: float) -> QRectF:
        width = max(1, self.width())
        left = self._end - self._span
        x0 = (start - left) / self._span * width
        x1 = (end - left) / self._span * width
        x0, x1 = max(x0, -1.0), min(x1, width + 1.0)
        return QRectF(x0, bar.top(), max(0.0, x1 - x0), bar.height())

    def _paint(self, painter: QPainter) -> None:
        bar = self._bar()
        painter.fillRect(self.rect(), BACKGROUND)
        left, right = self._end - self._span, self._end
        for gap in self._data.gaps:
            a, b = _ts(gap.start), _ts(gap.end)
            if b > left and a < right:
                painter.fillRect(
                    self._span_rect(bar, a, b), QBrush(GAP_HATCH, Qt.BrushStyle.BDiagPattern)
                )
        for piece in self._data.ranges:
            a, b = _ts(piece.start), _ts(piece.end)
            if b > left and a < right:
                painter.fillRect(self._span_rect(bar, a, b), RECORDED)
        painter.setPen(QPen(MARKER, 1))
        for marker in self._data.markers:
            at = _ts(marker.at)
            if left <= at <= right:
                x = self.x_for(marker.at)
                painter.drawLine(QPointF(x, bar.top()), QPointF(x, bar.top() + bar.height() / 3))
        earliest = self._data.earliest_allowed
        if earliest is not None and _ts(earliest) > left:
            shade = self._span_rect(bar, left, min(_ts(earliest), right))
            painter.fillRect(shade, LIMIT_SHADE)
            painter.setPen(QPen(LIMIT_EDGE, 2))
            painter.drawLine(shade.topRight(), shade.bottomRight())
        now = _ts(self.now())
        if now < right:  # the future: nothing can be there
            painter.fillRect(self._span_rect(bar, now, right), LIMIT_SHADE)
        if self._selection is not None:
            a, b = self._selection
            if b > left and a < right:
                painter.fillRect(self._span_rect(bar, a, b), SELECTION)
        self._paint_ticks(painter, bar)
        shown = self._drag if self._drag is not None else self._cursor
        if shown is not None and left <= shown <= right:
            x = (shown - left) / self._span * max(1, self.width())
            painter.setPen(QPen(CURSOR, 2))
            painter.drawLine(QPointF(x, 0), QPointF(x, bar.bottom() + 2))

    def _paint_ticks(self, painter: QPainter, bar: QRect) -> None:
        metrics = QFontMetrics(self.font())
        step = tick_step(self._span, max(1, self.width()))
        fmt = "dd/MM" if step >= 86400 else ("dd/MM HH:mm" if step >= 3 * 3600 else "HH:mm")
        if step < 60:
            fmt = "HH:mm:ss"
        left = self._end - self._span
        # Ticks fall on local (UTC+7) boundaries: midnight means midnight in Vietnam.
        offset = 7 * 3600
        first = math.ceil((left + offset) / step) * step - offset
        painter.setPen(QPen(TEXT, 1))
        y = bar.bottom() + 2 + metrics.ascent()
        t = first
        while t <= self._end:
            x = (t - left) / self._span * max(1, self.width())
            painter.drawLine(QPointF(x, bar.bottom() - 4), QPointF(x, bar.bottom() + 2))
            label = local_text(_dt(t), fmt)
            painter.drawText(QPointF(x + 2, y), label)
            t += step

    # -- input --------------------------------------------------------------------------

    def wheelEvent(self, event: QWheelEvent) -> None:
        notches = event.angleDelta().y() / 120
        if notches == 0:
            return
        anchor = self.time_at(event.position().x())
        self.zoom(ZOOM_STEP ** (-notches), anchor)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if event.button() == Qt.MouseButton.LeftButton and shift:
            self._select_from = self._seekable(_ts(self.time_at(event.position().x())))
            return
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag = self._seekable(_ts(self.time_at(event.position().x())))
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        x = event.position().x()
        if self._select_from is not None:
            here = self._seekable(_ts(self.time_at(x)))
            self._selection = (min(self._select_from, here), max(self._select_from, here))
            self.update()
            return
        if self._drag is not None:
            self._drag = self._seekable(_ts(self.time_at(x)))
            self.update()
            return
        self.setToolTip(self.hover_text(x))

    def hover_text(self, x: float) -> str:
        """What the tooltip at ``x`` says: the time, and the nearest event within 4 px."""
        when = self.time_at(x)
        text = local_text(when, "dd/MM/yyyy HH:mm:ss")
        near = [m for m in self._data.markers if abs(self.x_for(m.at) - x) <= 4]
        if near:
            marker = min(near, key=lambda m: abs(self.x_for(m.at) - x))
            label = f" {marker.label}" if marker.label else ""
            text += f"\n{local_text(marker.at, 'HH:mm:ss')} {marker.kind}{label}"
        return text

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Left/Right seek ±10 s from the cursor, +/− zoom in and out, [ and ] select
        from / to the cursor, Esc clears the selection."""
        key = event.key()
        if key in (Qt.Key.Key_BracketLeft, Qt.Key.Key_BracketRight) and self._cursor is not None:
            now = self._cursor
            start, end = self._selection or (now, now)
            start, end = (now, max(end, now)) if key == Qt.Key.Key_BracketLeft else (start, now)
            self.set_selection(Span(_dt(min(start, end)), _dt(max(start, end))))
        elif key == Qt.Key.Key_Escape and self._selection is not None:
            self.set_selection(None)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self._cursor is not None:
            step = JUMP_SECONDS if key == Qt.Key.Key_Right else -JUMP_SECONDS
            target = self._seekable(self._cursor + step)
            self._cursor = target
            self.update()
            self.seekRequested.emit(_dt(target))
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1 / ZOOM_STEP, self.cursor_time)
        elif key == Qt.Key.Key_Minus:
            self.zoom(ZOOM_STEP, self.cursor_time)
        else:
            super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._select_from is not None:
            here = self._seekable(_ts(self.time_at(event.position().x())))
            anchor, self._select_from = self._select_from, None
            start, end = min(anchor, here), max(anchor, here)
            self._selection = None  # set_selection tells the change
            self.set_selection(Span(_dt(start), _dt(end)) if end > start else None)
            return
        if event.button() != Qt.MouseButton.LeftButton or self._drag is None:
            return
        target = self._seekable(_ts(self.time_at(event.position().x())))
        self._drag = None
        self._cursor = target
        self.update()
        self.seekRequested.emit(_dt(target))

    def _emit_window(self) -> None:
        start, end = self.visible_range()
        self.windowChanged.emit(start, end)


class Timeline(QWidget):
    """The timeline with its transport controls (see the module doc).

    Signals:
        seekRequested(datetime): go to this time (click, drag, ±10 s, go to).
        playRequested(): resume playback.
        pauseRequested(): pause playback.
        rateRequested(float): play at this speed (one of :data:`RATES`).
        liveRequested(): back to live video.
        windowChanged(datetime, datetime): the visible range changed (fetch recordings).
    """

    seekRequested = Signal(object)
    playRequested = Signal()
    pauseRequested = Signal()
    rateRequested = Signal(float)
    liveRequested = Signal()
    windowChanged = Signal(object, object)

    def __init__(self, parent: QWidget | None = None, now: datetime | None = None) -> None:
        super().__init__(parent)
        self.view = TimelineView(self, now=now)
        self._playing = False
        self._position: datetime | None = None
        self.play_button = QToolButton(self)
        self.play_button.clicked.connect(self._toggle_play)
        self.back_button = QToolButton(self)
        self.back_button.setText(self.tr("−10 s"))
        self.back_button.setToolTip(self.tr("Jump back 10 seconds"))
        self.back_button.clicked.connect(lambda: self._jump(-JUMP_SECONDS))
        self.forward_button = QToolButton(self)
        self.forward_button.setText(self.tr("+10 s"))
        self.forward_button.setToolTip(self.tr("Jump forward 10 seconds"))
        self.forward_button.clicked.connect(lambda: self._jump(JUMP_SECONDS))
        self.speed = QComboBox(self)
        self.speed.setToolTip(self.tr("Playback speed"))
        for rate in RATES:
            self.speed.addItem(self._rate_text(rate), rate)
        self.speed.setCurrentIndex(RATES.index(1.0))
        self.speed.activated.connect(self._speed_chosen)
        self.date_edit = QDateTimeEdit(self)
        self.date_edit.setTimeZone(LOCAL_ZONE)
        self.date_edit.setDisplayFormat("dd/MM/yyyy HH:mm:ss")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setToolTip(self.tr("Date and time to go to"))
        self.go_button = QPushButton(self.tr("Go"), self)
        self.go_button.clicked.connect(self._go)
        self.live_button = QPushButton(self.tr("Live"), self)
        self.live_button.setToolTip(self.tr("Back to live video"))
        self.live_button.clicked.connect(self.liveRequested)
        self.limit_label = QLabel(self)
        self.view.seekRequested.connect(self.seekRequested)
        self.view.windowChanged.connect(self.windowChanged)
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        for w in (
            self.play_button,
            self.back_button,
            self.forward_button,
            self.speed,
            self.date_edit,
            self.go_button,
            self.live_button,
        ):
            controls.addWidget(w)
        controls.addStretch(1)
        controls.addWidget(self.limit_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addLayout(controls)
        layout.addWidget(self.view)
        self.date_edit.setDateTime(self._qt(self.view.now()))
        self._update_play_button()
        self.set_limit_days(None)

    # -- state from the controller ------------------------------------------------------

    @property
    def playing(self) -> bool:
        """Whether the play button shows "pause" (playback running)."""
        return self._playing

    @property
    def position(self) -> datetime | None:
        """The playback time shown (None: live)."""
        return self._position

    def set_data(self, data: TimelineData) -> None:
        """Recordings, gaps, markers and the depth limit of the shown camera."""
        self.view.set_data(data)

    def set_position(self, moment: datetime | None) -> None:
        """The time the archive picture shows (None: live)."""
        self._position = moment
        self.view.set_cursor(moment)
        if moment is not None and not self.date_edit.hasFocus():
            self.date_edit.setDateTime(self._qt(moment))

    def set_playing(self, playing: bool) -> None:
        """Show the play or pause state."""
        self._playing = playing
        self._update_play_button()

    def set_rate(self, rate: float) -> None:
        """Show the current speed."""
        if rate in RATES:
            self.speed.setCurrentIndex(RATES.index(rate))

    @property
    def rate(self) -> float:
        """The speed selected."""
        return float(self.speed.currentData())

    def set_limit_days(self, days: int | None) -> None:
        """Tell the operator how far back the archive reaches for them."""
        if days is None:
            self.limit_label.setText(self.tr("Archive: no limit"))
        else:
            self.limit_label.setText(self.tr("Archive: last %n day(s)", "", days))

    # -- intents ------------------------------------------------------------------------

    def _toggle_play(self) -> None:
        if self._playing:
            self.pauseRequested.emit()
        else:
            self.playRequested.emit()

    def _jump(self, seconds: int) -> None:
        base = self._position or self.view.now()
        self.seekRequested.emit(self.view.clamp(base + timedelta(seconds=seconds)))

    def _go(self) -> None:
        chosen = _dt(self.date_edit.dateTime().toMSecsSinceEpoch() / 1000)
        self.seekRequested.emit(self.view.clamp(chosen))

    def _speed_chosen(self, index: int) -> None:
        self.rateRequested.emit(float(self.speed.itemData(index)))

    def _update_play_button(self) -> None:
        if self._playing:
            self.play_button.setText(self.tr("Pause"))
            self.play_button.setToolTip(self.tr("Pause playback"))
        else:
            self.play_button.setText(self.tr("Play"))
            self.play_button.setToolTip(self.tr("Resume playback"))

    def _rate_text(self, rate: float) -> str:
        if rate < 1:
            return f"1/{round(1 / rate)}×"
        return f"{rate:g}×"

    @staticmethod
    def _qt(moment: datetime) -> QDateTime:
        return QDateTime.fromMSecsSinceEpoch(round(_ts(moment) * 1000)).toTimeZone(LOCAL_ZONE)
