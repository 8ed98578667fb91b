# SPDX-License-Identifier: GPL-3.0-or-later
"""The administrator's privacy mask editor (HCM 6.3): draw polygons on a current picture
of a camera, select and delete them, and ask to save the whole set.

Click to add a vertex, double-click or Enter to close the polygon (three vertices at
least), Escape to drop the one being drawn; click inside a closed polygon to select it,
Delete to remove it. Vertices are kept in normalized picture coordinates (0..1), so they
fit any stream and any display size. The dialog only emits ``saveRequested``: the
console saves through the hub and closes it (:meth:`PrivacyMaskEditor.saved`) or shows
the hub's refusal (:meth:`PrivacyMaskEditor.show_error`).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from widgets.tile_overlay import aspect_fit

Vertex = tuple[float, float]
MaskShape = tuple[int | None, list[Vertex]]  # (stored id or None if new, vertices)
SHADE = QColor(0, 0, 0, 170)
EDGE = QColor(230, 60, 60)
CHOSEN = QColor(250, 210, 40)


def _inside(point: Vertex, polygon: list[Vertex]) -> bool:
    """Whether ``point`` lies inside ``polygon`` (even-odd rule)."""
    x, y = point
    inside = False
    j = len(polygon) - 1
    for i, (xi, yi) in enumerate(polygon):
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


class MaskCanvas(QWidget):
    """The picture with the masks over it; mouse and keys edit them (see module doc)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = QImage()
        self.masks: list[MaskShape] = []
        self.drawing: list[Vertex] = []
        self.selected: int | None = None
        self.setMinimumSize(480, 270)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)

    def picture_rect(self) -> QRectF:
        """Where the picture is shown (aspect kept, centred)."""
        if self.picture.isNull():
            return QRectF(self.rect())
        return aspect_fit(self.picture.width(), self.picture.height(), self.rect())

    def to_picture(self, pos: QPointF) -> Vertex | None:
        """A widget position in normalized picture coordinates (None: off the picture)."""
        r = self.picture_rect()
        if r.width() <= 0 or r.height() <= 0:
            return None
        x, y = (pos.x() - r.x()) / r.width(), (pos.y() - r.y()) / r.height()
        if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
            return None
        return (round(x, 5), round(y, 5))

    def to_widget(self, vertex: Vertex) -> QPointF:
        """A normalized vertex in widget coordinates."""
        r = self.picture_rect()
        return QPointF(r.x() + vertex[0] * r.width(), r.y() + vertex[1] * r.height())

    # -- editing ------------------------------------------------------------------------

    def close_polygon(self) -> bool:
        """Close the polygon being drawn (at least three distinct vertices)."""
        vertices = [v for i, v in enumerate(self.drawing) if i == 0 or v != self.drawing[i - 1]]
        if len(vertices) > 1 and vertices[0] == vertices[-1]:
            vertices.pop()
        if len(vertices) < 3:
            return False
        self.masks.append((None, vertices))
        self.drawing = []
        self.selected = len(self.masks) - 1
        self.changed.emit()
        self.update()
        return True

    def delete_selected(self) -> None:
        """Remove the selected polygon."""
        if self.selected is None:
            return
        del self.masks[self.selected]
        self.selected = None
        self.changed.emit()
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        vertex = self.to_picture(event.position())
        if vertex is None:
            return
        if not self.drawing:
            hit = next(
                (i for i in reversed(range(len(self.masks))) if _inside(vertex, self.masks[i][1])),
                None,
            )
            if hit is not None:
                self.selected = hit
                self.changed.emit()
                self.update()
                return
            self.selected = None
        self.drawing.append(vertex)
        self.changed.emit()
        self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.drawing:
            self.close_polygon()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.drawing:
            self.close_polygon()
        elif key == Qt.Key.Key_Escape and self.drawing:
            self.drawing = []
            self.changed.emit()
            self.update()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selected()
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        if not self.picture.isNull():
            painter.drawImage(self.picture_rect(), self.picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for index, (_id, vertices) in enumerate(self.masks):
            chosen = index == self.selected
            painter.setPen(QPen(CHOSEN if chosen else EDGE, 2))
            painter.setBrush(SHADE)
            painter.drawPolygon(QPolygonF([self.to_widget(v) for v in vertices]))
        if self.drawing:
            painter.setPen(QPen(CHOSEN, 2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            points = [self.to_widget(v) for v in self.drawing]
            painter.drawPolyline(QPolygonF(points))
            for point in points:
                painter.drawEllipse(point, 3, 3)
        painter.end()


class PrivacyMaskEditor(QDialog):
    """A dialog to edit one camera's privacy masks (see module doc).

    Signals:
        saveRequested(masks): save this set; a list of ``(id or None, vertices)``.
    """

    saveRequested = Signal(list)

    def __init__(self, camera_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Privacy masks — %1").replace("%1", camera_name))
        self.canvas = MaskCanvas(self)
        self.hint = QLabel(
            self.tr(
                "Click to add a corner, double-click or Enter to close the area; "
                "click an area and press Delete to remove it."
            ),
            self,
        )
        self.hint.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #c62828")
        self.error.hide()
        self.delete_button = QPushButton(self.tr("Delete area"), self)
        self.delete_button.clicked.connect(self.canvas.delete_selected)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("Save"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel"))
        save.clicked.connect(self._save)
        cancel.clicked.connect(self.reject)
        self.save_button = save
        row = QHBoxLayout()
        row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        box = QVBoxLayout(self)
        box.addWidget(self.canvas, 1)
        box.addWidget(self.hint)
        box.addWidget(self.error)
        box.addLayout(row)
        self.canvas.changed.connect(self._changed)
        self._changed()
        self.resize(800, 540)

    def set_picture(self, picture: QImage) -> None:
        """The camera's current picture to draw on."""
        self.canvas.picture = picture
        self.canvas.update()

    def set_masks(self, masks: list[MaskShape]) -> None:
        """The camera's stored masks."""
        self.canvas.masks = [(i, list(v)) for i, v in masks]
        self.canvas.selected = None
        self._changed()
        self.canvas.update()

    def masks(self) -> list[MaskShape]:
        """The masks as they stand (a polygon still being drawn is not one)."""
        return [(i, list(v)) for i, v in self.canvas.masks]

    def show_error(self, text: str) -> None:
        """Say why saving failed; the dialog stays open."""
        self.error.setText(text)
        self.error.show()
        self.save_button.setEnabled(True)

    def saved(self) -> None:
        """The hub kept the masks: close."""
        self.accept()

    def _changed(self) -> None:
        self.delete_button.setEnabled(self.canvas.selected is not None)

    def _save(self) -> None:
        if self.canvas.drawing:
            self.canvas.close_polygon()
        self.error.hide()
        self.save_button.setEnabled(False)  # until the hub answers
        self.saveRequested.emit(self.masks())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter closes a polygon on the canvas, never "presses" Save by accident.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.canvas.keyPressEvent(event)
            return
        super().keyPressEvent(event)
