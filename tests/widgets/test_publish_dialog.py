# SPDX-License-Identifier: GPL-3.0-or-later
"""The publishing dialog alone (pure Qt, offscreen): the boxes the hub proposes show at
the times their tracks live, interpolated between key frames; the operator selects a box
with the mouse, drags it and resizes it (a key frame at the current time), deletes one,
adds a manual one; "Preview blur" and "Publish" ask with the tracks in the hub's shape."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from widgets.publish_dialog import BoxCanvas, PublishDialog
from widgets.publish_tracks import Keyframe, Track

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

SHOTS = Path("/tmp/vwall-shots")  # pictures for the eye, outside the repository


def _proposal() -> list[Track]:
    face = Track(
        "face-1",
        "face",
        [Keyframe(1.0, 0.10, 0.10, 0.10, 0.20), Keyframe(3.0, 0.30, 0.10, 0.10, 0.20)],
    )
    plate = Track(
        "plate-1",
        "plate",
        [Keyframe(0.0, 0.60, 0.70, 0.15, 0.06), Keyframe(6.0, 0.60, 0.70, 0.15, 0.06)],
    )
    return [face, plate]


def _mouse(canvas: BoxCanvas, kind: QEvent.Type, at: QPointF, held: bool) -> None:
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    buttons = Qt.MouseButton.LeftButton if held else Qt.MouseButton.NoButton
    event = QMouseEvent(
        kind,
        at,
        QPointF(canvas.mapToGlobal(at.toPoint())),
        button,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(canvas, event)


def _drag(canvas: BoxCanvas, start: QPointF, end: QPointF) -> None:
    _mouse(canvas, QEvent.Type.MouseButtonPress, start, True)
    for n in range(1, 5):
        _mouse(canvas, QEvent.Type.MouseMove, start + (end - start) * (n / 4), True)
    _mouse(canvas, QEvent.Type.MouseButtonRelease, end, False)


def _dialog(qtbot: QtBot) -> PublishDialog:
    dialog = PublishDialog("VP-2026-000001 — Camera A1")
    qtbot.addWidget(dialog)
    dialog.set_proposal("clip", 1280, 720, 6.0, _proposal())
    picture = QImage(1280, 720, QImage.Format.Format_RGB32)
    picture.fill(QColor(90, 120, 150))
    dialog.set_picture(picture)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _box(track: Track | None, t: float) -> tuple[float, float, float, float]:
    assert track is not None
    box = track.box_at(t)
    assert box is not None
    return box


def test_boxes_live_between_their_key_frames_and_follow_the_slider(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    canvas = dialog.canvas
    dialog.set_time(0.5)
    assert [t.id for t, _b in canvas.alive()] == ["plate-1"]  # the face is not there yet
    dialog.set_time(2.0)
    boxes = {t.id: b for t, b in canvas.alive()}
    assert boxes["face-1"] == pytest.approx((0.20, 0.10, 0.10, 0.20))  # half way
    dialog.set_time(4.0)
    assert [t.id for t, _b in canvas.alive()] == ["plate-1"]  # the face has gone
    assert dialog.time_label.text().strip().startswith("4.0")


def test_select_drag_resize_delete_and_add_boxes_with_the_mouse(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    canvas = dialog.canvas
    dialog.set_time(2.0)
    face = canvas.track("face-1")
    assert face is not None
    r = canvas.picture_rect()
    rect = canvas.to_widget(_box(face, 2.0))

    # Drag the face box right by a tenth of the picture: a key frame at t = 2.
    _drag(canvas, rect.center(), rect.center() + QPointF(r.width() * 0.1, 0))
    assert canvas.selected == "face-1"
    assert [k.t for k in face.keyframes] == [1.0, 2.0, 3.0]
    assert _box(face, 2.0) == pytest.approx((0.30, 0.10, 0.10, 0.20), abs=0.01)
    assert _box(face, 1.0) == pytest.approx((0.10, 0.10, 0.10, 0.20))  # the others stay

    # Resize it by its corner handle: twice as wide, the corner where it was.
    rect = canvas.to_widget(_box(face, 2.0))
    corner = rect.bottomRight() - QPointF(2, 2)
    _drag(canvas, corner, corner + QPointF(r.width() * 0.1, 0))
    assert _box(face, 2.0) == pytest.approx((0.30, 0.10, 0.20, 0.20), abs=0.01)

    # Dragged past the picture's edge, a box stays inside it.
    rect = canvas.to_widget(_box(face, 2.0))
    _drag(canvas, rect.center(), rect.center() - QPointF(r.width(), 0))
    assert _box(face, 2.0)[0] == pytest.approx(0.0)

    # Delete the plate with the keyboard; add a manual box over the whole clip.
    plate = canvas.to_widget((0.60, 0.70, 0.15, 0.06))
    _drag(canvas, plate.center(), plate.center())
    assert canvas.selected == "plate-1" and dialog.delete_button.isEnabled()
    QTest.keyClick(canvas, Qt.Key.Key_Delete)
    assert canvas.track("plate-1") is None and not dialog.delete_button.isEnabled()
    added = dialog.add_box()
    assert added.kind == "manual" and added.span() == (0.0, 6.0)
    assert canvas.selected == added.id
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "publish_dialog.png"))

    # Preview and Publish ask with the tracks as they stand, in the hub's shape.
    with qtbot.waitSignal(dialog.previewRequested, timeout=1_000) as asked:
        dialog.preview_button.click()
    t, tracks = asked.args
    assert t == pytest.approx(2.0)
    assert {x["id"] for x in tracks} == {"face-1", added.id}
    keyframes = next(x for x in tracks if x["id"] == "face-1")["keyframes"]
    assert [k["t"] for k in keyframes] == [1.0, 2.0, 3.0]
    assert set(keyframes[0]) == {"t", "x", "y", "w", "h"}
    dialog.note_edit.setText("Đăng trên ứng dụng thành phố")
    with qtbot.waitSignal(dialog.publishRequested, timeout=1_000) as published:
        dialog.publish_button.click()
    assert published.args == [tracks, "Đăng trên ứng dụng thành phố"]


def test_a_snapshot_has_no_time_to_move_through(qtbot: QtBot) -> None:
    dialog = PublishDialog("VP-2026-000001 — ảnh")
    qtbot.addWidget(dialog)
    plate = Track("plate-1", "plate", [Keyframe(0.0, 0.5, 0.5, 0.1, 0.05)])
    dialog.set_proposal("snapshot", 1920, 1080, 0.0, [plate])
    assert not dialog.slider.isEnabled()
    assert [t.id for t, _b in dialog.canvas.alive()] == ["plate-1"]
    assert dialog.add_box().span() == (0.0, 0.0)
