# SPDX-License-Identifier: GPL-3.0-or-later
"""The privacy mask editor: an administrator draws a polygon with the mouse, deletes
another, saves, and the hub keeps exactly what was drawn."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from camsim.process import FleetProcess
from hub.clock import ManualClock
from hub.contracts import Role
from hub.testing import LiveHub, add_user, login, seed_province, settings_for_tests
from tests.hub.archive.world import register_fleet
from widgets.privacy_mask_editor import PrivacyMaskEditor

# A top-level dialog shown offscreen: Qt's offscreen plugin warns about size hints.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def hub_camera(tmp_path: Path, camsim_fleet: FleetProcess) -> Iterator[tuple[LiveHub, str, int]]:
    """A real hub on SQLite with the fleet's cameras and an administrator of their district."""
    settings = settings_for_tests(f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path / "data")
    live = LiveHub(settings, clock=ManualClock(datetime.now(UTC))).start()
    try:
        province = seed_province(live.hub)
        cameras = register_fleet(live, province, camsim_fleet)
        add_user(live.hub, province, "admin", "districtA", [Role.ADMIN])
        yield live, login(live, province, "admin"), next(iter(cameras.values()))
    finally:
        live.stop()


def test_draw_a_polygon_delete_another_and_save_it_on_the_hub(
    qtbot: QtBot, hub_camera: tuple[LiveHub, str, int]
) -> None:
    live, token, camera_id = hub_camera
    editor = PrivacyMaskEditor("C01 Khu dân cư")
    qtbot.addWidget(editor)
    picture = QImage(1280, 720, QImage.Format.Format_RGB32)
    picture.fill(QColor(120, 160, 200))
    editor.set_picture(picture)
    old = [(0.8, 0.1), (0.9, 0.1), (0.9, 0.2)]
    editor.set_masks([(None, old)])
    editor.show()
    qtbot.waitExposed(editor)
    canvas = editor.canvas
    rect = canvas.picture_rect()

    def at(x: float, y: float) -> QPoint:
        return QPoint(round(rect.x() + x * rect.width()), round(rect.y() + y * rect.height()))

    # Select the stored triangle by clicking inside it and delete it.
    QTest.mouseClick(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(0.87, 0.15)
    )
    assert canvas.selected == 0 and editor.delete_button.isEnabled()
    QTest.keyClick(canvas, Qt.Key.Key_Delete)
    assert canvas.masks == []
    # Draw a quadrilateral: three clicks, a double-click on the fourth corner.
    corners = [(0.2, 0.2), (0.5, 0.2), (0.5, 0.6)]
    for x, y in corners:
        QTest.mouseClick(
            canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(x, y)
        )
    QTest.mouseClick(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(0.2, 0.6)
    )
    QTest.mouseDClick(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(0.2, 0.6)
    )
    assert len(canvas.masks) == 1 and not canvas.drawing
    drawn = canvas.masks[0][1]
    assert len(drawn) == 4
    for (x, y), (dx, dy) in zip([*corners, (0.2, 0.6)], drawn, strict=True):
        assert abs(x - dx) < 0.005 and abs(y - dy) < 0.005
    # Enter closes a polygon too (and does not press Save).
    for x, y in [(0.6, 0.6), (0.7, 0.6), (0.65, 0.7)]:
        QTest.mouseClick(
            canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(x, y)
        )
    QTest.keyClick(canvas, Qt.Key.Key_Return)
    assert len(canvas.masks) == 2 and editor.isVisible()
    with qtbot.waitSignal(editor.saveRequested, timeout=2_000) as blocker:
        editor.save_button.click()
    (masks,) = blocker.args
    body = {"masks": [{"id": i, "vertices": [list(v) for v in vs]} for i, vs in masks]}
    with live.client(token) as http:
        r = http.put(f"/api/cameras/{camera_id}/privacy-masks", json=body)
        assert r.status_code == 200, r.text
        stored = http.get(f"/api/cameras/{camera_id}/privacy-masks").json()
    assert [[tuple(v) for v in m["vertices"]] for m in stored] == [vs for _i, vs in masks]
    editor.saved()
    assert not editor.isVisible()
