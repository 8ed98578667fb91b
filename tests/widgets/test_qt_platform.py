# SPDX-License-Identifier: GPL-3.0-or-later
"""Guards for the Qt platform the wall runs on (see DESIGN.md, "Media path")."""

from __future__ import annotations

import sys

import PySide6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot


def test_pyside6_is_the_pinned_series() -> None:
    # 6.12 on Python 3.11 drops a reference to None on every drawImage (DESIGN.md).
    assert PySide6.__version__.startswith("6.11.")


def test_painting_many_frames_keeps_none_alive(qtbot: QtBot) -> None:
    frame = QImage(320, 180, QImage.Format.Format_RGB32)
    frame.fill(QColor(40, 80, 120))
    target = QImage(640, 360, QImage.Format.Format_RGB32)
    before = sys.getrefcount(None)
    for _ in range(5000):
        painter = QPainter(target)
        painter.drawImage(target.rect(), frame)
        painter.end()
    assert sys.getrefcount(None) >= before - 50
    assert target.pixelColor(10, 10) == QColor(40, 80, 120)


def test_vietnamese_text_renders_offscreen(qtbot: QtBot) -> None:
    image = QImage(400, 60, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setPen(Qt.GlobalColor.black)
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, "Đăng nhập — Trực tiếp")
    painter.end()
    dark = sum(
        1
        for x in range(0, 400, 2)
        for y in range(0, 60, 2)
        if image.pixelColor(x, y).lightness() < 128
    )
    assert dark > 20
