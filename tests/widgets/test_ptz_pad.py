# SPDX-License-Identifier: GPL-3.0-or-later
"""The PTZ pad: press-and-hold moves, stop on release / hide / focus loss, keyboard,
speed, presets and rights; tile gestures."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from widgets.ptz_pad import PtzPad, TileGestures

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


def record(pad: PtzPad) -> list[tuple[Any, ...]]:
    got: list[tuple[Any, ...]] = []
    pad.moveRequested.connect(lambda p, t, z: got.append(("move", p, t, z)))
    pad.stopRequested.connect(lambda: got.append(("stop",)))
    pad.homeRequested.connect(lambda: got.append(("home",)))
    pad.presetGotoRequested.connect(lambda tok: got.append(("goto", tok)))
    pad.presetSaveRequested.connect(lambda name: got.append(("save", name)))
    pad.presetRenameRequested.connect(lambda tok, name: got.append(("rename", tok, name)))
    pad.presetDeleteRequested.connect(lambda tok: got.append(("delete", tok)))
    return got


def ready(qtbot: QtBot, presets: bool = True) -> PtzPad:
    pad = PtzPad()
    qtbot.addWidget(pad)
    pad.set_camera("Cầu Nhật Lệ")
    pad.set_rights(True, presets)
    pad.show()
    qtbot.waitExposed(pad)
    return pad


def test_press_and_hold_moves_and_release_stops(qtbot: QtBot) -> None:
    pad = ready(qtbot)
    got = record(pad)
    pad.speed_slider.setValue(40)
    qtbot.mousePress(pad.direction_buttons["up_right"], LEFT)
    assert got == [("move", 0.4, 0.4, 0.0)] and pad.moving
    qtbot.mouseRelease(pad.direction_buttons["up_right"], LEFT)
    assert got[-1] == ("stop",) and not pad.moving
    qtbot.mousePress(pad.zoom_in_button, LEFT)
    qtbot.mouseRelease(pad.zoom_in_button, LEFT)
    assert got[-2:] == [("move", 0.0, 0.0, 0.4), ("stop",)]
    qtbot.mouseClick(pad.home_button, LEFT)
    assert got[-1] == ("home",)
    assert pad.camera_label.text() == "Cầu Nhật Lệ"


def test_hiding_or_losing_the_window_stops_a_move(qtbot: QtBot) -> None:
    pad = ready(qtbot)
    got = record(pad)
    qtbot.mousePress(pad.direction_buttons["left"], LEFT)
    pad.hide()
    assert got == [("move", -0.5, 0.0, 0.0), ("stop",)]
    pad.show()
    qtbot.mousePress(pad.direction_buttons["down"], LEFT)
    QApplication.sendEvent(pad, QEvent(QEvent.Type.ActivationChange))  # pad not active
    assert got[-1] == ("stop",) and not pad.moving
    window = QWidget()
    qtbot.addWidget(window)
    window.installEventFilter(pad)
    qtbot.mousePress(pad.direction_buttons["down"], LEFT)
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowDeactivate))
    assert got[-1] == ("stop",) and not pad.moving


def key(kind: QEvent.Type, k: Qt.Key, mods: Qt.KeyboardModifier, repeat: bool = False) -> QKeyEvent:
    return QKeyEvent(kind, k, mods, "", repeat)


def test_keyboard_moves_diagonally_zooms_and_stops(qtbot: QtBot) -> None:
    pad = ready(qtbot)
    got = record(pad)
    press, release = QEvent.Type.KeyPress, QEvent.Type.KeyRelease
    QApplication.sendEvent(pad, key(press, Qt.Key.Key_Left, Qt.KeyboardModifier.NoModifier))
    assert got == []  # arrows need Ctrl
    QApplication.sendEvent(pad, key(press, Qt.Key.Key_Left, CTRL))
    QApplication.sendEvent(pad, key(press, Qt.Key.Key_Left, CTRL, repeat=True))
    QApplication.sendEvent(pad, key(press, Qt.Key.Key_Up, CTRL))
    assert got == [("move", -0.5, 0.0, 0.0), ("move", -0.5, 0.5, 0.0)]
    QApplication.sendEvent(pad, key(release, Qt.Key.Key_Up, CTRL))
    assert got[-1] == ("move", -0.5, 0.0, 0.0)
    QApplication.sendEvent(pad, key(release, Qt.Key.Key_Left, Qt.KeyboardModifier.NoModifier))
    assert got[-1] == ("stop",)
    QApplication.sendEvent(pad, key(press, Qt.Key.Key_Plus, CTRL))
    QApplication.sendEvent(pad, key(release, Qt.Key.Key_Plus, CTRL))
    assert got[-2:] == [("move", 0.0, 0.0, 0.5), ("stop",)]
    QApplication.sendEvent(pad, key(press, Qt.Key.Key_Home, CTRL))
    assert got[-1] == ("home",)
    # A held key whose release goes elsewhere: focus loss stops the move.
    QApplication.sendEvent(pad, key(press, Qt.Key.Key_Right, CTRL))
    QApplication.sendEvent(pad, QFocusEvent(QEvent.Type.FocusOut))
    assert got[-1] == ("stop",) and not pad.moving


def test_presets_and_rights(qtbot: QtBot) -> None:
    pad = ready(qtbot, presets=False)
    got = record(pad)
    pad.set_presets([("preset1", "Cổng chợ"), ("preset2", "Ngã tư")])
    assert pad.preset_names() == ["Cổng chợ", "Ngã tư"]
    assert not pad.save_button.isEnabled() and not pad.delete_button.isEnabled()
    assert not pad.goto_button.isEnabled()  # nothing selected
    pad.select_preset("preset2")
    assert pad.goto_button.isEnabled() and not pad.delete_button.isEnabled()
    qtbot.mouseClick(pad.goto_button, LEFT)
    assert got == [("goto", "preset2")]
    pad.set_rights(True, True)
    pad.preset_name_edit.setText("  Bến xe ")
    assert pad.save_button.isEnabled() and pad.rename_button.isEnabled()
    qtbot.mouseClick(pad.save_button, LEFT)
    qtbot.mouseClick(pad.rename_button, LEFT)
    qtbot.mouseClick(pad.delete_button, LEFT)
    assert got[1:] == [
        ("save", "Bến xe"),
        ("rename", "preset2", "Bến xe"),
        ("delete", "preset2"),
    ]
    pad.set_presets([("preset2", "Bến xe")])
    assert pad.selected_preset() == "preset2"  # the selection survives a refresh
    pad.set_camera(None)
    assert pad.preset_names() == [] and not pad.home_button.isEnabled()
    assert pad.camera_label.text() == pad.tr("No PTZ camera selected")
    pad.set_rights(False, False)
    pad.set_camera("X")
    qtbot.mousePress(pad.direction_buttons["up"], LEFT)
    assert got[-1] == ("delete", "preset2")  # disabled: nothing sent


def test_tile_gestures(qtbot: QtBot) -> None:
    tile = QWidget()
    qtbot.addWidget(tile)
    tile.resize(400, 200)
    tile.show()
    qtbot.waitExposed(tile)
    gestures = TileGestures(tile)
    tile.installEventFilter(gestures)
    got: list[tuple[Any, ...]] = []
    gestures.centreRequested.connect(lambda x, y: got.append(("centre", x, y)))
    gestures.dragRequested.connect(lambda dx, dy: got.append(("drag", dx, dy)))
    gestures.zoomRequested.connect(lambda s: got.append(("zoom", s)))
    qtbot.mouseClick(tile, LEFT, pos=QPoint(300, 50))
    assert got == []  # a plain click belongs to the tile
    qtbot.mouseClick(tile, LEFT, CTRL, QPoint(300, 50))
    assert got == [("centre", 0.5, 0.5)]
    qtbot.mousePress(tile, LEFT, CTRL, QPoint(200, 100))
    qtbot.mouseMove(tile, QPoint(250, 100))
    qtbot.mouseRelease(tile, LEFT, CTRL, QPoint(300, 150))
    assert got[-1] == ("drag", 0.5, -0.5)
    wheel = QWheelEvent(
        QPointF(200, 100),
        QPointF(tile.mapToGlobal(QPoint(200, 100))),
        QPoint(),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(tile, wheel)
    assert got[-1] == ("zoom", 2.0)
