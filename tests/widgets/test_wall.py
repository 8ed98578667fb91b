# SPDX-License-Identifier: GPL-3.0-or-later
"""The wall follows its layout model, moves the selection, maximises and emits intents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt
from pytestqt.qtbot import QtBot

from layouts import PRESET_NAMES, Layout, preset
from tests.widgets.dnd import drop_on
from tests.widgets.frames import shown_time_offset
from tests.widgets.relay import TsRelay
from widgets.mime import CAMERA_MIME
from widgets.video_tile import TileStatus
from widgets.wall import WallView

# The offscreen platform cannot pass a top-level layout's size hints on; that is the
# platform plugin talking, not our code, so only this message is tolerated here.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def make_wall(qtbot: QtBot, layout: Layout, size: tuple[int, int] = (960, 540)) -> WallView:
    wall = WallView(layout)
    qtbot.addWidget(wall)
    wall.resize(*size)
    wall.show()
    qtbot.waitExposed(wall)
    return wall


@pytest.fixture
def wall(qtbot: QtBot) -> Iterator[WallView]:
    layout = preset("1+5")
    for index, cam in enumerate(["cam01", "cam02", "cam03"]):
        layout.assign(index, cam)
    view = make_wall(qtbot, layout)
    yield view
    view.shutdown()


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_every_preset_renders_its_tiles_with_spans(qtbot: QtBot, name: str) -> None:
    layout = preset(name)
    view = make_wall(qtbot, layout)
    assert len(view.tiles) == len(layout.cells)
    unit_w = view.width() / layout.cols
    for cell, tile in zip(layout.cells, view.tiles, strict=True):
        assert tile.isVisible()
        assert abs(tile.width() - unit_w * cell.col_span) < 4 * cell.col_span + 4
    view.shutdown()


def test_wall_follows_the_model(wall: WallView, qtbot: QtBot) -> None:
    assert [t.camera_id for t in wall.tiles] == ["cam01", "cam02", "cam03", None, None, None]
    wall.set_camera_names({"cam02": "Chợ Bến Thành"})
    assert wall.tile(1).camera_name == "Chợ Bến Thành"
    wall.model.assign(5, "cam09")
    assert wall.tile(5).camera_id == "cam09"
    wall.model.swap(0, 5)
    assert wall.tile(0).camera_id == "cam09" and wall.tile(5).camera_id == "cam01"
    first_tile = wall.tile(0)
    wall.model.reshape(preset("2x2"))
    assert len(wall.tiles) == 4
    assert wall.tile(0) is first_tile  # tiles are reused, not rebuilt
    wall.model.reshape(preset("3x3"))
    assert len(wall.tiles) == 9


def test_arrow_keys_move_the_selection(wall: WallView, qtbot: QtBot) -> None:
    wall.setFocus()
    assert wall.selected == 0 and wall.tile(0).selected
    with qtbot.waitSignal(wall.selectionChanged, timeout=1_000) as blocker:
        qtbot.keyClick(wall, Qt.Key.Key_Right)
    assert wall.model.cells[blocker.args[0]].col == 2
    qtbot.keyClick(wall, Qt.Key.Key_Down)
    qtbot.keyClick(wall, Qt.Key.Key_Down)
    assert wall.selected == wall.model.cell_at(2, 2)
    qtbot.keyClick(wall, Qt.Key.Key_Left)
    assert wall.selected == wall.model.cell_at(2, 1)
    assert wall.tile(wall.selected).selected and not wall.tile(0).selected


def test_enter_maximises_and_escape_goes_back(wall: WallView, qtbot: QtBot) -> None:
    wall.setFocus()
    qtbot.keyClick(wall, Qt.Key.Key_Right)
    cell = wall.selected
    profiles: list[tuple[int, str]] = []
    wall.streamProfileWanted.connect(lambda c, p: profiles.append((c, p)))
    with qtbot.waitSignal(wall.maximisedChanged, timeout=1_000):
        qtbot.keyClick(wall, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wall.tile(cell).width() > wall.width() - 10, timeout=2_000)
    assert wall.maximised == cell
    assert [t.isVisible() for t in wall.tiles].count(True) == 1
    assert profiles == [(cell, "main")]
    qtbot.keyClick(wall, Qt.Key.Key_Escape)
    assert wall.maximised == -1
    assert all(t.isVisible() for t in wall.tiles)
    assert profiles[-1] == (cell, "sub")
    qtbot.waitUntil(lambda: wall.tile(cell).width() < wall.width() / 2, timeout=2_000)


def test_double_click_toggles_maximise(wall: WallView, qtbot: QtBot) -> None:
    qtbot.mouseDClick(wall.tile(2), Qt.MouseButton.LeftButton)
    assert wall.maximised == 2 and wall.selected == 2
    qtbot.mouseDClick(wall.tile(2), Qt.MouseButton.LeftButton)
    assert wall.maximised == -1


def test_one_cell_wall_wants_the_main_stream(qtbot: QtBot) -> None:
    view = make_wall(qtbot, preset("2x2"))
    wanted: list[tuple[int, str]] = []
    view.streamProfileWanted.connect(lambda c, p: wanted.append((c, p)))
    view.model.reshape(preset("1"))
    assert wanted == [(0, "main")]
    assert view.profile_for(0) == "main"
    view.shutdown()


def test_drops_are_re_emitted_as_intents(wall: WallView, qtbot: QtBot) -> None:
    mime = QMimeData()
    mime.setData(CAMERA_MIME, b"cam07")
    with qtbot.waitSignal(wall.cameraDropped, timeout=1_000) as blocker:
        assert drop_on(wall.tile(4), mime)
    assert blocker.args == [4, "cam07"]
    assert wall.model.cameras()[4] is None  # the wall never edits its model
    with qtbot.waitSignal(wall.swapRequested, timeout=1_000) as swap:
        assert drop_on(wall.tile(2), wall.tile(1).mime_data())
    assert swap.args == [1, 2]


def test_live_wall_screenshot(qtbot: QtBot, ts_relay: TsRelay, tmp_path: Path) -> None:
    layout = preset("2x2")
    for index in range(4):
        layout.assign(index, f"cam0{index + 1}")
    view = make_wall(qtbot, layout, (1280, 720))
    view.set_camera_names({"cam01": "Ngã tư Trần Hưng Đạo - Lý Thường Kiệt"})
    try:
        for index in range(3):
            view.tile(index).play(ts_relay.url())
        view.tile(3).set_no_permission()
        qtbot.waitUntil(
            lambda: all(view.tile(i).status is TileStatus.PLAYING for i in range(3)),
            timeout=20_000,
        )
        qtbot.waitUntil(lambda: view.tile(0).painted_frames > 3, timeout=5_000)
        image = view.grab().toImage()
        image.save(str(tmp_path / "wall.png"))
        top_left = image.copy(view.tile(0).geometry())
        offset = shown_time_offset(top_left)
        assert offset is not None and abs(offset) <= 2.0
        playing = view.tile(0).player
        view.model.swap(0, 3)  # what a controller does on swapRequested(0, 3)
        assert view.tile(3).player is playing  # the stream moves with it: no reconnect
        assert view.tile(3).status is TileStatus.PLAYING
        assert view.tile(0).status is TileStatus.NO_PERMISSION
        assert view.tile(3).camera_id == "cam01"
        qtbot.waitUntil(lambda: view.tile(3).painted_frames > 3, timeout=5_000)
    finally:
        view.shutdown()
