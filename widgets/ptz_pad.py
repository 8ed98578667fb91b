# SPDX-License-Identifier: GPL-3.0-or-later
"""The PTZ pad of the selected tile, and the PTZ gestures inside a video tile.

The pad only says what the operator wants (signals); ``console.ptz.PtzController`` turns
that into hub calls and feeds the answers back (holder, presets, errors). A camera must
never keep turning: a move is started on press and stopped on release, and also when the
pad is hidden, loses the keyboard focus during a key-driven move, or the window is
deactivated while a move runs (a release that never arrives must not leave it moving).

Keyboard (on the pad, or anywhere once the window has the pad as an event filter —
``window.installEventFilter(pad)``): Ctrl+arrows pan/tilt (two arrows for diagonals),
Ctrl + ``+``/``-`` zoom, Ctrl+Home home.

Gestures in a video tile (:class:`TileGestures`, installed on the tile as an event
filter): Ctrl+click centres the picture on that point, Ctrl+drag steers by the dragged
distance, the wheel zooms. Plain clicks and drags are left to the tile (selection,
drag and drop).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QFocusEvent, QHideEvent, QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

# (pan, tilt) of each direction button, in the ONVIF velocity sense (+tilt = up).
DIRECTIONS: dict[str, tuple[int, int]] = {
    "up_left": (-1, 1),
    "up": (0, 1),
    "up_right": (1, 1),
    "left": (-1, 0),
    "right": (1, 0),
    "down_left": (-1, -1),
    "down": (0, -1),
    "down_right": (1, -1),
}
_ARROWS: dict[int, tuple[int, int]] = {
    Qt.Key.Key_Left.value: (-1, 0),
    Qt.Key.Key_Right.value: (1, 0),
    Qt.Key.Key_Up.value: (0, 1),
    Qt.Key.Key_Down.value: (0, -1),
}
_ZOOM_KEYS: dict[int, int] = {
    Qt.Key.Key_Plus.value: 1,
    Qt.Key.Key_Equal.value: 1,
    Qt.Key.Key_Minus.value: -1,
}
_HOME = Qt.Key.Key_Home.value
MODIFIER = Qt.KeyboardModifier.ControlModifier
TOKEN_ROLE = Qt.ItemDataRole.UserRole


class PtzPad(QWidget):
    """Direction and zoom buttons, speed, home, presets and who holds control.

    Signals:
        moveRequested(pan, tilt, zoom): start/change a continuous move (velocities in
            [-1, 1], already scaled by the speed slider).
        stopRequested(): end the move.
        homeRequested(): go to the home position.
        presetGotoRequested(token), presetSaveRequested(name),
        presetRenameRequested(token, name), presetDeleteRequested(token).
    """

    moveRequested = Signal(float, float, float)
    stopRequested = Signal()
    homeRequested = Signal()
    presetGotoRequested = Signal(str)
    presetSaveRequested = Signal(str)
    presetRenameRequested = Signal(str, str)
    presetDeleteRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ptzPad")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._moving = False
        self._keys: set[int] = set()  # held arrow / zoom keys
        self._can_ptz = False
        self._can_presets = False
        self._has_camera = False

        self.camera_label = QLabel()
        self.holder_label = QLabel()
        self.holder_label.setWordWrap(True)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setObjectName("ptzMessage")

        self.direction_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        arrows = {
            "up_left": "↖",
            "up": "↑",
            "up_right": "↗",
            "left": "←",
            "right": "→",
            "down_left": "↙",
            "down": "↓",
            "down_right": "↘",
        }
        for name, (pan, tilt) in DIRECTIONS.items():
            button = QPushButton(arrows[name])
            button.setObjectName(f"ptz_{name}")
            button.setAutoRepeat(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.pressed.connect(lambda p=pan, t=tilt: self._press(p, t, 0))
            button.released.connect(self._release)
            self.direction_buttons[name] = button
            grid.addWidget(button, 1 - tilt, pan + 1)
        self.home_button = QPushButton(self.tr("Home"))
        self.home_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.home_button.clicked.connect(self.homeRequested)
        grid.addWidget(self.home_button, 1, 1)

        self.zoom_in_button = QPushButton(self.tr("Zoom +"))
        self.zoom_out_button = QPushButton(self.tr("Zoom −"))
        for button, sign in ((self.zoom_in_button, 1), (self.zoom_out_button, -1)):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.pressed.connect(lambda s=sign: self._press(0, 0, s))
            button.released.connect(self._release)
        zoom_row = QHBoxLayout()
        zoom_row.addWidget(self.zoom_out_button)
        zoom_row.addWidget(self.zoom_in_button)

        self.speed_slider = QSlider(Qt.Orientation.Horizontal)
        self.speed_slider.setRange(10, 100)
        self.speed_slider.setValue(50)
        self.speed_slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.speed_label = QLabel(self.tr("Speed"))
        speed_row = QHBoxLayout()
        speed_row.addWidget(self.speed_label)
        speed_row.addWidget(self.speed_slider)

        self.preset_list = QListWidget()
        self.preset_list.itemDoubleClicked.connect(lambda _item: self._goto())
        self.preset_name_edit = QLineEdit()
        self.preset_name_edit.setMaxLength(64)
        self.preset_name_edit.setPlaceholderText(self.tr("Preset name"))
        self.goto_button = QPushButton(self.tr("Go"))
        self.save_button = QPushButton(self.tr("Save"))
        self.rename_button = QPushButton(self.tr("Rename"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.goto_button.clicked.connect(self._goto)
        self.save_button.clicked.connect(self._save)
        self.rename_button.clicked.connect(self._rename)
        self.delete_button.clicked.connect(self._delete)
        preset_row = QHBoxLayout()
        for button in (self.goto_button, self.save_button, self.rename_button, self.delete_button):
            preset_row.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.camera_label)
        layout.addWidget(self.holder_label)
        layout.addLayout(grid)
        layout.addLayout(zoom_row)
        layout.addLayout(speed_row)
        layout.addWidget(QLabel(self.tr("Presets")))
        layout.addWidget(self.preset_list)
        layout.addWidget(self.preset_name_edit)
        layout.addLayout(preset_row)
        layout.addWidget(self.message_label)
        self.preset_list.currentItemChanged.connect(lambda *_: self._sync_enabled())
        self.preset_name_edit.textChanged.connect(lambda _t: self._sync_enabled())
        self.set_camera(None)

    # --- state from the controller -------------------------------------------------

    @property
    def moving(self) -> bool:
        """Whether a move was requested and not yet stopped."""
        return self._moving

    def speed(self) -> float:
        """The speed slider as a fraction of the dome's top speed."""
        return self.speed_slider.value() / 100.0

    def set_camera(self, name: str | None) -> None:
        """The selected tile's PTZ camera (``None``: no PTZ camera selected)."""
        if self._moving:
            self._stop()
        self._has_camera = name is not None
        self.camera_label.setText(name if name is not None else self.tr("No PTZ camera selected"))
        if name is None:
            self.set_presets([])
            self.holder_label.clear()
            self.message_label.clear()
        self._sync_enabled()

    def set_rights(self, can_ptz: bool, can_presets: bool) -> None:
        """Enable what the operator's rights allow (the hub refuses the rest anyway)."""
        self._can_ptz, self._can_presets = can_ptz, can_presets
        self._sync_enabled()

    def set_presets(self, presets: list[tuple[str, str]]) -> None:
        """The camera's presets as (token, name)."""
        current = self.selected_preset()
        self.preset_list.clear()
        for token, name in presets:
            item = QListWidgetItem(name)
            item.setData(TOKEN_ROLE, token)
            self.preset_list.addItem(item)
            if token == current:
                self.preset_list.setCurrentItem(item)
        self._sync_enabled()

    def preset_names(self) -> list[str]:
        """The names in the presets list, in order."""
        return [self.preset_list.item(i).text() for i in range(self.preset_list.count())]

    def select_preset(self, token: str) -> None:
        """Select the preset with ``token`` in the list."""
        for i in range(self.preset_list.count()):
            item = self.preset_list.item(i)
            if item.data(TOKEN_ROLE) == token:
                self.preset_list.setCurrentItem(item)

    def selected_preset(self) -> str | None:
        """The token of the selected preset."""
        item = self.preset_list.currentItem()
        return str(item.data(TOKEN_ROLE)) if item is not None else None

    def set_holder(self, text: str) -> None:
        """Who holds control (already translated)."""
        self.holder_label.setText(text)

    def show_message(self, text: str) -> None:
        """A refusal or failure (already translated); empty clears it."""
        self.message_label.setText(text)

    def _sync_enabled(self) -> None:
        steer = self._has_camera and self._can_ptz
        for button in (
            *self.direction_buttons.values(),
            self.home_button,
            self.zoom_in_button,
            self.zoom_out_button,
        ):
            button.setEnabled(steer)
        self.speed_slider.setEnabled(steer)
        selected = self.preset_list.currentItem() is not None
        named = bool(self.preset_name_edit.text().strip())
        manage = self._has_camera and self._can_presets
        self.goto_button.setEnabled(steer and selected)
        self.save_button.setEnabled(manage and named)
        self.rename_button.setEnabled(manage and named and selected)
        self.delete_button.setEnabled(manage and selected)
        self.preset_name_edit.setEnabled(manage)

    # --- intents -------------------------------------------------------------------

    def _press(self, pan: int, tilt: int, zoom: int) -> None:
        if not (self._has_camera and self._can_ptz):
            return
        s = self.speed()
        self._moving = True
        self.moveRequested.emit(pan * s, tilt * s, zoom * s)

    def _release(self) -> None:
        if self._moving:
            self._stop()

    def _stop(self) -> None:
        self._moving = False
        self._keys.clear()
        self.stopRequested.emit()

    def _goto(self) -> None:
        token = self.selected_preset()
        if token is not None and self._has_camera and self._can_ptz:
            self.presetGotoRequested.emit(token)

    def _save(self) -> None:
        name = self.preset_name_edit.text().strip()
        if name and self._has_camera:
            self.presetSaveRequested.emit(name)

    def _rename(self) -> None:
        token, name = self.selected_preset(), self.preset_name_edit.text().strip()
        if token is not None and name and self._has_camera:
            self.presetRenameRequested.emit(token, name)

    def _delete(self) -> None:
        token = self.selected_preset()
        if token is not None and self._has_camera:
            self.presetDeleteRequested.emit(token)

    # --- keyboard ------------------------------------------------------------------

    def handle_key(self, event: QKeyEvent) -> bool:
        """Act on a PTZ key press/release; True when the key was a PTZ key."""
        key = int(event.key())
        pressed = event.type() == QEvent.Type.KeyPress
        if key not in _ARROWS and key not in _ZOOM_KEYS and key != _HOME:
            return False
        if pressed and not (event.modifiers() & MODIFIER) and key not in self._keys:
            return False
        if event.isAutoRepeat():
            return True  # a held key repeats; the move already runs
        if key == _HOME:
            if pressed and self._has_camera and self._can_ptz:
                self.homeRequested.emit()
            return True
        if pressed:
            self._keys.add(key)
        else:
            if key not in self._keys:
                return False
            self._keys.discard(key)
        pan = sum(_ARROWS[k][0] for k in self._keys if k in _ARROWS)
        tilt = sum(_ARROWS[k][1] for k in self._keys if k in _ARROWS)
        zoom = sum(_ZOOM_KEYS[k] for k in self._keys if k in _ZOOM_KEYS)
        pan, tilt, zoom = (max(-1, min(1, v)) for v in (pan, tilt, zoom))
        if (pan, tilt, zoom) == (0, 0, 0):
            self._release()
        else:
            self._press(pan, tilt, zoom)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.handle_key(event):
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if not self.handle_key(event):
            super().keyReleaseEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Installed on the application: PTZ keys work wherever the focus is in the
        pad's own window (another console window's keys are not ours)."""
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) and isinstance(
            event, QKeyEvent
        ):
            if not isinstance(watched, QWidget) or watched.window() is not self.window():
                return False
            return self.handle_key(event)
        if event.type() == QEvent.Type.WindowDeactivate and self._moving:
            self._stop()
        return False

    # --- safety: never leave a move running ----------------------------------------

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if self._keys and self._moving:
            self._stop()  # the key release will go elsewhere
        super().focusOutEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        if self._moving:
            self._stop()
        super().hideEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if (
            event.type() == QEvent.Type.ActivationChange
            and not self.isActiveWindow()
            and self._moving
        ):
            self._stop()
        super().changeEvent(event)


class TileGestures(QObject):
    """PTZ gestures on a video tile, as an event filter (``tile.installEventFilter``).

    Positions are normalised: (0, 0) is the centre of the tile, (±1, ±1) its edges,
    +y up. Ctrl+click → ``centreRequested(x, y)``; Ctrl+drag → ``dragRequested(dx, dy)``
    at release (the dragged distance, same scale); wheel → ``zoomRequested(steps)``.

    Signals:
        centreRequested(x, y), dragRequested(dx, dy), zoomRequested(steps).
    """

    centreRequested = Signal(float, float)
    dragRequested = Signal(float, float)
    zoomRequested = Signal(float)

    DRAG_PIXELS = 6  # a press that moved less than this is a click

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._origin: QPointF | None = None

    @staticmethod
    def _normalised(widget: QWidget, pos: QPointF) -> tuple[float, float]:
        w, h = max(1, widget.width()), max(1, widget.height())
        x = (pos.x() - w / 2) / (w / 2)
        y = -(pos.y() - h / 2) / (h / 2)
        return max(-1.0, min(1.0, x)), max(-1.0, min(1.0, y))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QWidget):
            return False
        kind = event.type()
        if kind == QEvent.Type.Wheel and isinstance(event, QWheelEvent):
            steps = event.angleDelta().y() / 120.0
            if steps:
                self.zoomRequested.emit(steps)
            return True
        if not isinstance(event, QMouseEvent):
            return False
        if kind == QEvent.Type.MouseButtonPress:
            if event.button() == Qt.MouseButton.LeftButton and event.modifiers() & MODIFIER:
                self._origin = event.position()
                return True
            return False
        if kind == QEvent.Type.MouseMove and self._origin is not None:
            return True
        if kind == QEvent.Type.MouseButtonRelease and self._origin is not None:
            origin, self._origin = self._origin, None
            end = event.position()
            moved = (end - origin).manhattanLength()
            if moved < self.DRAG_PIXELS:
                self.centreRequested.emit(*self._normalised(watched, end))
            else:
                x0, y0 = self._normalised(watched, origin)
                x1, y1 = self._normalised(watched, end)
                self.dragRequested.emit(x1 - x0, y1 - y0)
            return True
        return False


__all__ = ["DIRECTIONS", "PtzPad", "TileGestures"]
