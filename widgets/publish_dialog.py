# SPDX-License-Identifier: GPL-3.0-or-later
"""Publishing a clip or snapshot of a concluded case for citizens (TN 9.2d): the blur
boxes over faces and plates of uninvolved people (proposed by the hub's detection) are
checked and adjusted by the operator over the clip's time, then published.

A time slider runs over the clip; the canvas shows the hub's preview frame at that time
(the blur already applied, :meth:`PublishDialog.set_picture`) with the boxes alive then
drawn on it. Click a box to select it; drag it to move, drag its corner handle to resize:
either sets a key frame of its track at the current time (:mod:`widgets.publish_tracks`).
Delete removes the selected track; "Add box" adds a manual one over the whole clip.
"Preview blur" asks the hub for the blurred frame at the current time with the boxes as
they stand (``previewRequested``); "Publish" asks to publish (``publishRequested``). The
dialog never talks to the hub: the console does.
"""

from __future__ import annotations

from itertools import count

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from widgets.publish_tracks import Box, Track, clamp
from widgets.tile_overlay import aspect_fit

HANDLE = 8  # px: the corner handle that resizes a box
COLOURS = {"face": QColor(255, 170, 0), "plate": QColor(0, 190, 255), "manual": QColor(230, 60, 60)}
CHOSEN = QColor(255, 255, 255)
STEP_MS = 100  # the slider's step


class BoxCanvas(QWidget):
    """The frame with the boxes alive at ``t``; mouse and keys edit them.

    Signals:
        changed(): a box was selected, moved, resized, added or deleted.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("publishCanvas")
        self.picture = QImage()
        self.frame_size = (16, 9)  # the medium's width and height (for the aspect)
        self.tracks: list[Track] = []
        self.t = 0.0
        self.selected: str | None = None
        self._drag: tuple[str, QPointF, Box] | None = None  # mode, start, box at start
        self.setMinimumSize(480, 270)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def picture_rect(self) -> QRectF:
        """Where the picture is shown (aspect kept, centred)."""
        w, h = self.frame_size
        if not self.picture.isNull():
            w, h = self.picture.width(), self.picture.height()
        return aspect_fit(w, h, self.rect())

    def to_widget(self, box: Box) -> QRectF:
        """A box in widget coordinates."""
        r = self.picture_rect()
        x, y, w, h = box
        return QRectF(r.x() + x * r.width(), r.y() + y * r.height(), w * r.width(), h * r.height())

    def track(self, track_id: str | None) -> Track | None:
        """A track by id."""
        return next((t for t in self.tracks if t.id == track_id), None)

    def alive(self) -> list[tuple[Track, Box]]:
        """The tracks with a box at the current time, and their boxes."""
        found = [(t, t.box_at(self.t)) for t in self.tracks]
        return [(t, b) for t, b in found if b is not None]

    def select(self, track_id: str | None) -> None:
        """Select a track (None: none)."""
        self.selected = track_id
        self.changed.emit()
        self.update()

    def delete_selected(self) -> None:
        """Remove the selected track (all its key frames)."""
        if self.selected is None:
            return
        self.tracks = [t for t in self.tracks if t.id != self.selected]
        self.selected = None
        self.changed.emit()
        self.update()

    def kind_text(self, kind: str) -> str:
        """What a box is, as its label reads."""
        return {
            "face": self.tr("Face"),
            "plate": self.tr("Plate"),
            "manual": self.tr("Manual"),
        }.get(kind, kind)

    # -- mouse and keys -------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position()
        for track, box in reversed(self.alive()):
            rect = self.to_widget(box)
            corner = QRectF(rect.bottomRight() - QPointF(HANDLE, HANDLE), rect.bottomRight())
            if corner.adjusted(-2, -2, 2, 2).contains(pos):
                self._drag = ("resize", pos, box)
            elif rect.contains(pos):
                self._drag = ("move", pos, box)
            else:
                continue
            self.select(track.id)
            return
        self._drag = None
        self.select(None)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        track = self.track(self.selected)
        if self._drag is None or track is None:
            return
        mode, start, (x, y, w, h) = self._drag
        r = self.picture_rect()
        if r.width() <= 0 or r.height() <= 0:
            return
        dx = (event.position().x() - start.x()) / r.width()
        dy = (event.position().y() - start.y()) / r.height()
        box = (x + dx, y + dy, w, h) if mode == "move" else (x, y, w + dx, h + dy)
        track.set_box(self.t, clamp(box))
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None and event.button() == Qt.MouseButton.LeftButton:
            self._drag = None
            self.changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selected()
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        if not self.picture.isNull():
            painter.drawImage(self.picture_rect(), self.picture)
        for track, box in self.alive():
            chosen = track.id == self.selected
            colour = CHOSEN if chosen else COLOURS.get(track.kind, COLOURS["manual"])
            rect = self.to_widget(box)
            painter.setPen(QPen(colour, 3 if chosen else 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect)
            painter.drawText(rect.topLeft() + QPointF(3, -4), self.kind_text(track.kind))
            if chosen:
                painter.fillRect(
                    QRectF(rect.bottomRight() - QPointF(HANDLE, HANDLE), rect.bottomRight()),
                    colour,
                )
        painter.end()


class PublishDialog(QDialog):
    """Adjust the blur boxes of one medium and publish it (see the module doc).

    Signals:
        previewRequested(float, list): the blurred frame at ``t`` with these tracks.
        publishRequested(list, str): publish with these tracks (hub shape) and a note.
    """

    previewRequested = Signal(float, list)
    publishRequested = Signal(list, str)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("publishDialog")
        self.setWindowTitle(self.tr("Publish for citizens — %1").replace("%1", title))
        self.kind = "clip"
        self.duration = 0.0
        self._new = count(1)
        self.canvas = BoxCanvas(self)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("publishTime")
        self.slider.setSingleStep(STEP_MS)
        self.slider.setPageStep(1000)
        self.slider.valueChanged.connect(self._moved)
        self.slider.sliderReleased.connect(self.request_preview)
        self.time_label = QLabel(self)
        self.time_label.setObjectName("publishTimeLabel")
        self.add_button = QPushButton(self.tr("&Add box"), self)
        self.add_button.setObjectName("publishAdd")
        self.add_button.clicked.connect(self.add_box)
        self.delete_button = QPushButton(self.tr("&Delete box"), self)
        self.delete_button.setObjectName("publishDelete")
        self.delete_button.clicked.connect(self.canvas.delete_selected)
        self.preview_button = QPushButton(self.tr("Preview &blur"), self)
        self.preview_button.setObjectName("publishPreview")
        self.preview_button.clicked.connect(self.request_preview)
        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("publishNote")
        self.note_edit.setMaxLength(2000)
        self.note_edit.setPlaceholderText(self.tr("Note (what is published and why)"))
        self.hint = QLabel(
            self.tr(
                "Faces and plates of uninvolved people must be blurred: click a box to "
                "select it, drag to move, drag its corner to resize (at the current time), "
                "Delete to remove."
            ),
            self,
        )
        self.hint.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("publishStatus")
        self.status.setWordWrap(True)
        self.publish_button = QPushButton(self.tr("&Publish"), self)
        self.publish_button.setObjectName("publishRun")
        self.publish_button.clicked.connect(self._publish)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.reject)
        time_row = QHBoxLayout()
        time_row.addWidget(self.slider, 1)
        time_row.addWidget(self.time_label)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.add_button)
        edit_row.addWidget(self.delete_button)
        edit_row.addStretch(1)
        edit_row.addWidget(self.preview_button)
        end_row = QHBoxLayout()
        end_row.addWidget(self.note_edit, 1)
        end_row.addWidget(self.publish_button)
        end_row.addWidget(close)
        box = QVBoxLayout(self)
        box.addWidget(self.canvas, 1)
        box.addLayout(time_row)
        box.addLayout(edit_row)
        box.addWidget(self.hint)
        box.addWidget(self.status)
        box.addLayout(end_row)
        self.canvas.changed.connect(self._changed)
        self.set_busy(False)
        self._moved(0)
        self.resize(900, 640)

    # -- public API ---------------------------------------------------------------------

    def set_proposal(
        self, kind: str, width: int, height: int, duration: float, tracks: list[Track]
    ) -> None:
        """The medium and the boxes the hub proposes."""
        self.kind = kind
        self.duration = max(0.0, duration) if kind == "clip" else 0.0
        self.canvas.frame_size = (max(1, width), max(1, height))
        self.canvas.tracks = list(tracks)
        self.canvas.selected = None
        self.slider.setRange(0, round(self.duration * 1000))
        self.slider.setEnabled(self.duration > 0)
        self._moved(self.slider.value())
        self._changed()

    def set_picture(self, picture: QImage) -> None:
        """The hub's preview frame (blurred) at the current time."""
        self.canvas.picture = picture
        self.canvas.update()

    def set_time(self, t: float) -> None:
        """Move to ``t`` seconds."""
        self.slider.setValue(round(max(0.0, min(t, self.duration)) * 1000))

    def tracks(self) -> list[Track]:
        """The tracks as they stand."""
        return list(self.canvas.tracks)

    def tracks_json(self) -> list[dict[str, object]]:
        """The tracks as the hub takes them."""
        return [t.to_json() for t in self.canvas.tracks if t.keyframes]

    def add_box(self) -> Track:
        """A manual box in the middle, over the whole clip (adjust it where needed)."""
        track = Track(f"manual-{next(self._new)}", "manual")
        box = (0.4, 0.4, 0.2, 0.2)
        track.set_box(0.0, box)
        if self.duration > 0:
            track.set_box(self.duration, box)
        self.canvas.tracks.append(track)
        self.canvas.select(track.id)
        return track

    def set_busy(self, busy: bool, text: str = "") -> None:
        """The hub is working (preview or publish): its buttons wait."""
        self.preview_button.setEnabled(not busy)
        self.publish_button.setEnabled(not busy)
        if text or not busy:
            self.say(text)

    def say(self, text: str, error: bool = False) -> None:
        """A line of what happened (or why not)."""
        self.status.setText(text)
        self.status.setStyleSheet("color: #b3261e;" if error else "")

    def request_preview(self) -> None:
        """Ask for the blurred frame at the current time with the boxes as they stand."""
        self.previewRequested.emit(self.canvas.t, self.tracks_json())

    # -- intents --------------------------------------------------------------------------

    def _moved(self, value: int) -> None:
        self.canvas.t = value / 1000
        total = self.duration
        self.time_label.setText(f"{self.canvas.t:5.1f} / {total:.1f} s")
        self.canvas.update()

    def _changed(self) -> None:
        self.delete_button.setEnabled(self.canvas.selected is not None)

    def _publish(self) -> None:
        self.publishRequested.emit(self.tracks_json(), self.note_edit.text().strip())
