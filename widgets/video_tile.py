# SPDX-License-Identifier: GPL-3.0-or-later
"""One tile of the wall: live video with an overlay, a stall watchdog and intents."""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QDateTime, QMimeData, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDrag,
    QDragEnterEvent,
    QDropEvent,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QApplication, QWidget

from widgets.mime import CAMERA_LIST_MIME, CAMERA_MIME, TILE_MIME, camera_ids_of
from widgets.player import (
    DEFAULT_SIZE,
    PlanarFrame,
    PlayerState,
    TilePlayer,
    VideoPlayer,
    retire,
)
from widgets.render_path import RenderPath, current_render_path
from widgets.tile_overlay import (
    DIM,
    Masks,
    OverlayCache,
    OverlayGeometry,
    OverlayText,
    aspect_fit,
    draw_frame,
    local_time_text,
    paint_masks,
)

if TYPE_CHECKING:
    from widgets.gl_canvas import GlCanvas

STALL_SECONDS = 3.0
BACKOFF_FIRST = 1.0
BACKOFF_MAX = 30.0
OFFLINE_AFTER_ATTEMPTS = 3
POLL_MS = 25
# Of each frame clock tick, at most this long goes to painting video (the rest is the
# operator's: clicks, drags, PTZ keys). A wall that costs more paints its tiles in turn,
# oldest picture first: every tile's frame rate drops alike, none freezes.
PAINT_BUDGET_S = 0.012


class TileStatus(Enum):
    """What the operator is told about a tile."""

    EMPTY = "empty"
    CONNECTING = "connecting"
    PLAYING = "playing"
    RECONNECTING = "reconnecting"
    OFFLINE = "offline"
    NO_PERMISSION = "no_permission"
    STOPPED = "stopped"


class VideoTile(QWidget):
    """A video tile: paints its player's newest frame and tells the operator the truth.

    A stall watchdog turns "no new frame for 3 s" into a visible reconnecting state,
    asks for a new stream with ``reconnectRequested`` and re-plays its URL with
    back-off (1, 2, 4 … 30 s) until frames come back; :meth:`retry_now` cuts a wait
    short (the hub answers again). It only emits intents; it never talks to the hub.

    Signals:
        cameraDropped(cell, camera_id): a camera was dropped on this tile.
        camerasDropped(cell, camera_ids): several cameras (a tree folder) were dropped on
            this tile; they fill the wall from this cell on.
        swapRequested(from_cell, to_cell): another tile was dropped on this one.
        clicked(cell): the operator clicked the tile (select it).
        doubleClicked(cell): the operator double-clicked the tile (maximise/restore).
        reconnectRequested(cell, attempt): the stream stalled; attempt counts from 1.
        statusChanged(cell, status): the :class:`TileStatus` value changed.
    """

    cameraDropped = Signal(int, str)
    camerasDropped = Signal(int, list)
    swapRequested = Signal(int, int)
    clicked = Signal(int)
    doubleClicked = Signal(int)
    reconnectRequested = Signal(int, int)
    statusChanged = Signal(int, str)

    def __init__(
        self,
        cell: int = 0,
        parent: QWidget | None = None,
        player_factory: Callable[[], TilePlayer] = VideoPlayer,
        render: RenderPath | None = None,
    ) -> None:
        super().__init__(parent)
        self.cell = cell
        self.camera_id: str | None = None
        self.camera_name = ""
        self.watermark: str | None = None
        self.clock_drift: float | None = None
        self._selected = False
        self._status = TileStatus.EMPTY
        self._player_factory = player_factory
        self._player: TilePlayer | None = None
        self._size = DEFAULT_SIZE
        self._started = 0.0
        self._attempt = 0
        self._backoff = BACKOFF_FIRST
        self._hub_lost = False  # the hub does not answer: "reconnecting", never "offline"
        self._clock = ""
        self._due = False  # a new picture or clock text waits for the frame clock's turn
        self._painted_at = 0.0  # perf_counter() when the last paint ended (the clock's order)
        self._press: QPoint | None = None
        self.painted_frames = 0
        self.skipped_frames = 0
        self._painted_sequence = 0
        self._held: QImage | None = None  # last picture, dimmed while the same camera reconnects
        self._masks: Masks = ()  # HCM 6.3: the grant's privacy masks, painted into each frame
        self.last_overlay: OverlayGeometry | None = None
        self._overlay = OverlayCache()
        self.archive_time: datetime | None = None
        self.smooth_scaling = True
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(80, 45)
        self._polling = False  # whether the frame clock ticks this tile
        self._canvas: GlCanvas | None = None
        if render is None:
            render = current_render_path().path
        if render is RenderPath.OPENGL:
            from widgets.gl_canvas import GlCanvas

            self._canvas = GlCanvas(self)
            self._canvas.setGeometry(self.rect())
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._replay)

    # -- public API -------------------------------------------------------------

    @property
    def player(self) -> TilePlayer | None:
        """The tile's player (created on the first :meth:`play`)."""
        return self._player

    @property
    def status(self) -> TileStatus:
        """What the overlay tells the operator."""
        return self._status

    @property
    def reconnect_delay(self) -> float | None:
        """Seconds until the next re-play while reconnecting (None: none scheduled)."""
        return self._retry.remainingTime() / 1000 if self._retry.isActive() else None

    @property
    def selected(self) -> bool:
        """Whether the tile carries the selection highlight."""
        return self._selected

    def set_selected(self, selected: bool) -> None:
        """Show or hide the selection highlight."""
        if selected != self._selected:
            self._selected = selected
            self._repaint()

    def set_camera(self, camera_id: str | None, name: str = "") -> None:
        """Label the tile with a camera (None: empty tile); playing is a separate step."""
        changed = camera_id != self.camera_id
        self.camera_id = camera_id
        self.camera_name = name or (camera_id or "")
        if changed and (self._player is not None or camera_id is None):
            self.stop()  # the old stream belongs to the old camera
        if camera_id is not None and self._status in (TileStatus.EMPTY, TileStatus.STOPPED):
            self._set_status(TileStatus.CONNECTING)  # the controller fetches its stream
        self._repaint()

    def exchange_stream(self, other: VideoTile) -> None:
        """Swap camera, player and watchdog state with ``other`` (a swap, no reconnect)."""
        names = ("camera_id", "camera_name", "_player", "_size", "_started", "_attempt",
                 "_backoff", "_painted_sequence", "clock_drift", "_held", "_masks")  # fmt: skip
        for attr in names:
            mine, theirs = getattr(self, attr), getattr(other, attr)
            setattr(self, attr, theirs)
            setattr(other, attr, mine)
        mine_status, their_status = self._status, other._status
        self._set_status(their_status)
        other._set_status(mine_status)
        for tile in (self, other):
            tile._sync_timers()
            tile.update()

    @property
    def hub_lost(self) -> bool:
        """Whether the controller told the tile that the hub does not answer."""
        return self._hub_lost

    def set_hub_lost(self, lost: bool) -> None:
        """The hub stopped (True) or started (False) answering.

        While it is lost the tile keeps saying "reconnecting" however many re-plays fail:
        nobody can tell whether the camera is offline. When it answers again, see
        :meth:`retry_now`.
        """
        self._hub_lost = lost
        if lost and self._status is TileStatus.OFFLINE and self._player is not None:
            self._set_status(TileStatus.RECONNECTING)  # the tile's own guess, not the hub's

    def retry_now(self) -> None:
        """Re-play at once if a re-play is waiting on the back-off, and start the back-off
        again from its first step (the hub answers again: waiting longer helps nobody)."""
        self._backoff = BACKOFF_FIRST
        if self._retry.isActive():
            self._retry.stop()
            self._replay()

    def _sync_timers(self) -> None:
        self._retry.stop()
        if self._player is not None and self._player.url is not None and self._player.has_buffers:
            self._start_polling()
        else:
            self._stop_polling()

    def set_archive_time(self, at: datetime | None) -> None:
        """Archive playback: the badge says "Archive" and the clock shows ``at``, the time
        of the recording on show; ``None`` is live video again."""
        if at != self.archive_time:
            self.archive_time = at
            self._repaint()

    def set_watermark(self, text: str | None) -> None:
        """Tile a semi-transparent watermark over the picture: ``text`` (the operator's
        user name) followed by the current local time; None removes it."""
        self.watermark = text
        self._repaint()

    def set_clock_drift(self, seconds: float | None) -> None:
        """Flag the camera's clock as off from the hub's by ``seconds`` (None: not flagged).

        Times burned into the picture are evidence: an operator must see when they are wrong.
        """
        self.clock_drift = seconds
        self._repaint()

    def clock_drift_text(self) -> str | None:
        """The translated clock-drift warning, None when the clock is not flagged."""
        if self.clock_drift is None:
            return None
        seconds = str(round(abs(self.clock_drift)))
        if self.clock_drift > 0:
            return self.tr("Camera clock %1 s ahead").replace("%1", seconds)
        return self.tr("Camera clock %1 s behind").replace("%1", seconds)

    def play(self, url: str, size: tuple[int, int] = DEFAULT_SIZE, masks: Masks = ()) -> None:
        """Play a stream URL (a grant's); the watchdog starts watching it.

        ``size`` is the size libVLC renders pictures at (the stream's own: converting
        without scaling is libVLC's cheapest step; Qt scales to the tile, see
        ``bench/wall_render.py``).

        ``masks`` are the grant's privacy masks (normalized polygons): painted opaque into
        every frame shown, as part of the picture; the operator cannot turn them off.
        Switching the same camera to another stream (sub ↔ main) keeps its last picture on
        show, dimmed, until the new stream's first frame: no black flash.
        """
        self._masks = tuple(tuple((float(x), float(y)) for x, y in p) for p in masks)
        if self._player is not None:
            if self._status is TileStatus.PLAYING:
                self._held = self._player.latest_frame()  # RGB32, either path
            retire(self._player)  # never stop libVLC on the UI thread (it can block)
        self._player = self._player_factory()
        self._size = size
        self._attempt = 0
        self._backoff = BACKOFF_FIRST
        self._retry.stop()
        self._player.play(url, self._size)
        self._started = time.monotonic()
        self._painted_sequence = 0
        self._set_status(TileStatus.CONNECTING)
        self._start_polling()

    def stop(self) -> None:
        """Stop the stream; its player is closed on the reaper thread.

        Safe on a tile whose window is already gone (a console closing after its window):
        the player is still let go, nothing else is touched."""
        if not shiboken6.isValid(self):
            if self._player is not None:
                retire(self._player)
                self._player = None
            return
        self._stop_polling()
        self._retry.stop()
        self._held = None
        if self._player is not None:
            retire(self._player)
            self._player = None
        self._set_status(TileStatus.EMPTY if self.camera_id is None else TileStatus.STOPPED)

    def set_no_permission(self) -> None:
        """The hub refused the stream: say so instead of trying."""
        self.stop()
        self._set_status(TileStatus.NO_PERMISSION)

    def set_offline(self) -> None:
        """The hub reports the camera offline."""
        self.stop()
        self._set_status(TileStatus.OFFLINE)

    def close_player(self) -> None:
        """Stop and release the libVLC player for good (tile being discarded)."""
        self.stop()

    def status_text(self) -> str | None:
        """The translated status line, None while playing."""
        status = self._status
        if status is TileStatus.PLAYING:
            return None
        if status is TileStatus.CONNECTING:
            return self.tr("Connecting")
        if status is TileStatus.RECONNECTING:
            return self.tr("No signal — reconnecting")
        if status is TileStatus.OFFLINE:
            return self.tr("Offline")
        if status is TileStatus.NO_PERMISSION:
            return self.tr("No permission")
        if status is TileStatus.STOPPED:
            return self.tr("Stopped")
        return self.tr("Drop a camera here")

    def mime_data(self) -> QMimeData:
        """What dragging this tile carries (its cell, for a swap)."""
        data = QMimeData()
        data.setData(TILE_MIME, str(self.cell).encode("ascii"))
        return data

    # -- watchdog -----------------------------------------------------------------

    def _start_polling(self) -> None:
        if not self._polling:
            self._polling = True
            frame_clock().add(self)

    def _stop_polling(self) -> None:
        if self._polling:
            self._polling = False
            frame_clock().remove(self)

    def _tick(self, clock: str | None = None) -> bool:
        """(frame clock) Watch for stalls; True when there is something new to paint
        (the clock repaints it when the tile's turn comes: :class:`FrameClock`)."""
        player = self._player
        if player is None:
            return False
        if player.poll():
            self._due = True
        now = time.monotonic()
        clock = local_time_text() if clock is None else clock
        if clock != self._clock:
            self._clock = clock
            self._due = True
        self._watch(player, now)
        return self._due

    def _watch(self, player: TilePlayer, now: float) -> None:
        last = max(player.last_frame_monotonic, self._started)
        # The stream ended (the relay closed it, its host died): re-play now, not after
        # the stall watchdog. libVLC 3's HTTP input reports such an end as ``Stopped``;
        # this tile never stops a player it keeps (it retires it), so that is the end too.
        ended = player.state in (PlayerState.ERROR, PlayerState.ENDED, PlayerState.STOPPED)
        fresh_enough = player.last_frame_monotonic > self._started and now - last < STALL_SECONDS
        if fresh_enough and not ended:
            if self._status is not TileStatus.PLAYING:
                self._attempt = 0
                self._backoff = BACKOFF_FIRST
                self._set_status(TileStatus.PLAYING)
            return
        if self._retry.isActive():
            return
        if ended or now - last >= STALL_SECONDS:
            self._stalled()

    def _stalled(self) -> None:
        self._attempt += 1
        self._set_status(
            TileStatus.OFFLINE
            if self._attempt > OFFLINE_AFTER_ATTEMPTS and not self._hub_lost
            else TileStatus.RECONNECTING
        )
        self.reconnectRequested.emit(self.cell, self._attempt)
        self._retry.start(int(self._backoff * 1000))
        self._backoff = min(BACKOFF_MAX, self._backoff * 2)

    def _replay(self) -> None:
        url = self._player.url if self._player is not None else None
        if self._player is not None and url is not None:
            # A fresh player: the stalled one may be stuck inside libVLC.
            retire(self._player)
            self._player = self._player_factory()
            self._player.play(url, self._size)
            self._started = time.monotonic()

    def _set_status(self, status: TileStatus) -> None:
        if status is not self._status:
            self._status = status
            if status is TileStatus.PLAYING:
                self._held = None
            self.setAccessibleDescription(self.status_text() or self.tr("Playing"))
            self.statusChanged.emit(self.cell, status.value)
            self._repaint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._canvas is not None:
            self._canvas.setGeometry(self.rect())

    # -- painting -------------------------------------------------------------------

    @property
    def gpu(self) -> bool:
        """Whether the tile paints through the GPU (:mod:`widgets.gl_canvas`)."""
        return self._canvas is not None and not self._canvas.gl_failed

    def _repaint(self) -> None:
        if self._canvas is not None and not self._canvas.gl_failed:
            self._canvas.update()
        else:
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        canvas = self._canvas
        if canvas is not None and not canvas.gl_failed:
            return  # the GPU canvas over the tile paints it (paint_gl)
        if canvas is not None and canvas.isVisible():
            canvas.hide()  # its shaders did not build: paint with QPainter instead
        self._paint(None)

    def paint_gl(self, canvas: GlCanvas) -> None:
        """(the tile's GPU canvas) Paint the tile on ``canvas`` inside its ``paintGL``."""
        self._paint(canvas)

    def _paint(self, canvas: GlCanvas | None) -> None:
        started = time.perf_counter()
        self._due = False
        area = self.rect()
        playing = self._status is TileStatus.PLAYING
        painter: QPainter | None = None
        if self._player is not None:
            with self._player.reading_frame() as frame:
                if canvas is not None and isinstance(frame, PlanarFrame):
                    fitted = aspect_fit(frame.width, frame.height, area)
                    if canvas.draw_planes(frame, fitted.toRect() & area):
                        painter = QPainter(canvas)  # over the picture the GPU drew
                        paint_masks(painter, fitted, self._masks)
                        if not playing:
                            painter.fillRect(fitted.toRect() & area, DIM)
                if painter is None:
                    image = frame.to_image() if isinstance(frame, PlanarFrame) else frame
                    painter = QPainter(canvas if canvas is not None else self)
                    draw_frame(
                        painter,
                        image if image is not None else self._held,
                        area,
                        dim=not playing,
                        smooth=self.smooth_scaling,
                        masks=self._masks,
                    )
            sequence = self._player.sequence
            if sequence != self._painted_sequence:
                self.painted_frames += 1
                self.skipped_frames += max(0, sequence - self._painted_sequence - 1)
                self._painted_sequence = sequence
        else:
            painter = QPainter(canvas if canvas is not None else self)
            draw_frame(painter, None, area, dim=False, smooth=False)
        archive = self.archive_time
        shown_at = None
        if archive is not None:
            shown_at = QDateTime.fromMSecsSinceEpoch(int(archive.timestamp() * 1000))
        text_clock = local_time_text(shown_at)
        badge = self.tr("Archive") if archive is not None else self.tr("Live")
        text = OverlayText(
            name=self.camera_name,
            clock=text_clock,
            live_badge=badge if playing else None,
            status=self.status_text(),
            watermark=f"{self.watermark} {text_clock}" if self.watermark else None,
            selected=self._selected,
            warning=self.clock_drift_text(),
            archive=archive is not None,
        )
        self.last_overlay = self._overlay.draw(painter, area, text, self.font())
        painter.end()
        self._painted_at = time.perf_counter()
        frame_clock().painted(self._painted_at - started)

    # -- mouse, drag and drop -------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
            self.clicked.emit(self.cell)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        start = self._press
        if start is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        distance = (event.position().toPoint() - start).manhattanLength()
        if distance < QApplication.startDragDistance():
            return
        self._press = None
        drag = QDrag(self)
        drag.setMimeData(self.mime_data())
        drag.exec(Qt.DropAction.MoveAction)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._press = None
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.doubleClicked.emit(self.cell)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Right click: select the tile, then let the event go on to the wall, whose
        window shows the tile menu for the selected tile (the tile knows no actions)."""
        self.clicked.emit(self.cell)
        event.ignore()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasFormat(CAMERA_MIME) or mime.hasFormat(TILE_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        if mime.hasFormat(CAMERA_LIST_MIME):
            ids = camera_ids_of(mime)
            if ids:
                event.acceptProposedAction()
                self.camerasDropped.emit(self.cell, ids)
        elif mime.hasFormat(CAMERA_MIME):
            camera_id = bytes(mime.data(CAMERA_MIME).data()).decode("utf-8").strip()
            if camera_id:
                event.acceptProposedAction()
                self.cameraDropped.emit(self.cell, camera_id)
        elif mime.hasFormat(TILE_MIME):
            source = bytes(mime.data(TILE_MIME).data()).decode("ascii").strip()
            if source.isdigit() and int(source) != self.cell:
                event.acceptProposedAction()
                self.swapRequested.emit(int(source), self.cell)


class FrameClock(QObject):
    """The one timer that ticks every playing tile of the process, in turn.

    A timer per tile woke the UI thread 40 times a second per tile, each tile at its
    own moment, so a wall repainted (and sent to the X server) tile by tile. One tick
    polls every tile together: the tiles with a new picture repaint in one pass and one
    flush, and the clock text is made once.

    A pass is kept within :data:`PAINT_BUDGET_S` of painting, measured as it goes (a
    tile's paint costs more on a busy machine, and the budget follows). Tiles waiting
    to be painted go in the order of their last paint, oldest first, so when a wall is
    more than the machine can paint every tile's frame rate drops alike, none freezes,
    and the operator's input never waits behind a whole wall's painting.
    """

    def __init__(self) -> None:
        super().__init__()
        self._tiles: dict[int, weakref.ref[VideoTile]] = {}  # in the order they started
        self._cost = 0.0  # seconds per tile paint, a moving average
        self.deferred = 0  # tile paints put off to a later tick (the budget was spent)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)

    @property
    def ticking(self) -> int:
        """How many tiles the clock ticks."""
        return len(self._tiles)

    def add(self, tile: VideoTile) -> None:
        self._tiles[id(tile)] = weakref.ref(tile)
        if not self._timer.isActive():
            self._timer.start()

    def remove(self, tile: VideoTile) -> None:
        self._tiles.pop(id(tile), None)
        if not self._tiles:
            self._timer.stop()

    @property
    def paint_cost(self) -> float:
        """Seconds one tile's paint takes lately (a moving average)."""
        return self._cost

    def painted(self, seconds: float) -> None:
        """(a tile) One paint took ``seconds``."""
        self._cost = seconds if self._cost == 0.0 else 0.8 * self._cost + 0.2 * seconds

    def _tick(self) -> None:
        clock = local_time_text()
        due: list[VideoTile] = []
        for key, ref in list(self._tiles.items()):
            tile = ref()
            if tile is None or not shiboken6.isValid(tile):
                self._tiles.pop(key, None)  # a tile deleted without stopping
                continue
            if tile._tick(clock):
                due.append(tile)
        if not self._tiles:
            self._timer.stop()
        due.sort(key=lambda t: t._painted_at)
        # At least one tile a tick, whatever the cost: the wall always moves on.
        turns = len(due) if self._cost <= 0.0 else max(1, int(PAINT_BUDGET_S / self._cost))
        for tile in due[:turns]:
            tile._repaint()
        self.deferred += max(0, len(due) - turns)


_frame_clock: FrameClock | None = None


def frame_clock() -> FrameClock:
    """The process's :class:`FrameClock` (made on first use, on the UI thread)."""
    global _frame_clock
    if _frame_clock is None or not shiboken6.isValid(_frame_clock):
        _frame_clock = FrameClock()
    return _frame_clock
