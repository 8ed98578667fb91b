# SPDX-License-Identifier: GPL-3.0-or-later
"""The camera tree: grouping, search, status icons and tooltips, favourites, drags."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from tests.widgets.dnd import drop_on
from tests.widgets.still_player import StillPlayer
from widgets.camera_tree import NAME_COLUMN, STAR_COLUMN, CameraItem, CameraTree, Grouping, fold
from widgets.mime import camera_ids_of
from widgets.video_tile import VideoTile

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PROVINCE, CITY, DAITU = "Thái Nguyên", "TP Thái Nguyên", "Huyện Đại Từ"
CAMERAS = [
    CameraItem(
        "1", "TN-001", "Ngã tư Đồng Quang", (PROVINCE, CITY, "Phường Hoàng Văn Thụ"),
        "Công an tỉnh", "traffic", "online",
        datetime(2026, 3, 2, 1, 0, tzinfo=UTC), 0.4,
    ),
    CameraItem(
        "2", "TN-002", "Cổng bệnh viện", (PROVINCE, CITY, "Phường Hoàng Văn Thụ"),
        "Sở Y tế", "health", "degraded", None, -12.0,
    ),
    CameraItem("3", "TN-003", "Chợ Đại Từ", (PROVINCE, DAITU), "Công an tỉnh", "", "offline"),
]  # fmt: skip


@pytest.fixture
def tree(qtbot: QtBot) -> CameraTree:
    widget = CameraTree()
    qtbot.addWidget(widget)
    widget.set_cameras(CAMERAS)
    widget.resize(320, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def names(tree: CameraTree) -> list[str]:
    return sorted(row.text(NAME_COLUMN).split()[0] for row in tree.camera_rows())


def test_grouped_by_territory_unit_and_domain(tree: CameraTree) -> None:
    commune = tree.folder(PROVINCE, CITY, "Phường Hoàng Văn Thụ")
    assert commune is not None and commune.childCount() == 2
    assert tree.folder(PROVINCE, DAITU) is not None
    tree.set_grouping(Grouping.UNIT)
    assert tree.grouping is Grouping.UNIT
    police = tree.folder("Công an tỉnh")
    assert police is not None and police.childCount() == 2
    tree.set_grouping(Grouping.DOMAIN)
    assert tree.folder(tree.domain_text("traffic")) is not None
    assert tree.folder(tree.domain_text("health")) is not None
    assert tree.folder(tree.tr("No domain")) is not None
    assert names(tree) == ["TN-001", "TN-002", "TN-003"]


def test_search_by_code_or_name_ignores_accents_and_case(tree: CameraTree) -> None:
    assert fold("Đại Từ") == "dai tu"
    tree.search_edit.setText("dai tu")
    assert names(tree) == ["TN-003"]
    tree.search_edit.setText("tn-00")
    assert names(tree) == ["TN-001", "TN-002", "TN-003"]
    tree.search_edit.setText("BỆNH VIỆN")
    assert names(tree) == ["TN-002"]
    daitu = tree.folder(PROVINCE, DAITU)
    assert daitu is not None and daitu.isHidden()
    tree.search_edit.setText("nothing like it")
    assert names(tree) == []
    tree.search_edit.clear()
    assert len(names(tree)) == 3


def test_status_icons_and_tooltips_follow_pushes(tree: CameraTree) -> None:
    row = next(r for r in tree.camera_rows() if r.text(NAME_COLUMN).startswith("TN-002"))
    tip = row.toolTip(NAME_COLUMN)
    assert tree.status_text("degraded") in tip and tree.tr("Never seen") in tip
    assert "-12.0" in tip and tree.tr("the camera's clock is wrong") in tip
    before = row.icon(NAME_COLUMN).pixmap(14, 14).toImage()
    seen = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    tree.update_status("2", "online", seen, 0.2)
    after = row.icon(NAME_COLUMN).pixmap(14, 14).toImage()
    assert before.pixelColor(7, 7) != after.pixelColor(7, 7)
    assert after.pixelColor(7, 7).green() > after.pixelColor(7, 7).red()
    tip = row.toolTip(NAME_COLUMN)
    assert tree.status_text("online") in tip
    assert "02/03/2026 09:00:00" in tip  # shown in local time (UTC+7)
    assert tree.tr("the camera's clock is wrong") not in tip
    camera = tree.camera("2")
    assert camera is not None and not camera.clock_drifts


def test_favourites_group_and_persistence_signal(qtbot: QtBot, tree: CameraTree) -> None:
    favourites_label = tree.tr("Favourites")
    assert tree.folder(favourites_label) is None
    row = next(r for r in tree.camera_rows() if r.text(NAME_COLUMN).startswith("TN-003"))
    rect = tree.tree.visualItemRect(row)
    star = tree.tree.header().sectionPosition(STAR_COLUMN) + 8
    with qtbot.waitSignal(tree.favouritesChanged) as blocker:
        click = QPoint(star, rect.center().y())
        qtbot.mouseClick(  # type: ignore[no-untyped-call]
            tree.tree.viewport(), Qt.MouseButton.LeftButton, pos=click
        )
    assert blocker.args == [["3"]]
    favourites = tree.folder(favourites_label)
    assert favourites is not None and favourites.childCount() == 1
    assert favourites.isExpanded()  # a new group opens; a folder the user closed stays closed
    city = tree.folder(PROVINCE, CITY)
    assert city is not None
    city.setExpanded(False)
    tree.toggle_favourite("1")
    city = tree.folder(PROVINCE, CITY)
    assert city is not None and not city.isExpanded()
    # Restored from the settings on the next login: no signal, same group.
    other = CameraTree()
    other.set_cameras(CAMERAS)
    other.set_favourites(["3", "unknown"])
    assert other.favourites == ["3", "unknown"]
    group = other.folder(favourites_label)
    assert group is not None and group.childCount() == 1
    other.toggle_favourite("3")
    assert other.folder(favourites_label) is None


def test_dragging_a_folder_carries_its_visible_cameras(qtbot: QtBot, tree: CameraTree) -> None:
    city = tree.folder(PROVINCE, CITY)
    assert city is not None
    assert camera_ids_of(tree.mime_for([city])) == ["1", "2"]
    province = tree.folder(PROVINCE)
    assert province is not None
    tree.search_edit.setText("chợ")
    assert camera_ids_of(tree.mime_for([province])) == ["3"]
    tree.search_edit.clear()
    single = next(r for r in tree.camera_rows() if r.text(NAME_COLUMN).startswith("TN-001"))
    assert camera_ids_of(tree.mime_for([single])) == ["1"]
    # Dropped on a tile: a folder asks to fill the wall from there, one camera just the tile.
    tile = VideoTile(3, player_factory=StillPlayer)
    qtbot.addWidget(tile)
    with qtbot.waitSignal(tile.camerasDropped) as many:
        assert drop_on(tile, tree.mime_for([province]))
    assert many.args == [3, ["3", "1", "2"]]  # tree order: Đại Từ before TP Thái Nguyên
    with qtbot.waitSignal(tile.cameraDropped) as one:
        assert drop_on(tile, tree.mime_for([single]))
    assert one.args == [3, "1"]


def test_double_click_opens_a_camera(qtbot: QtBot, tree: CameraTree) -> None:
    row = next(r for r in tree.camera_rows() if r.text(NAME_COLUMN).startswith("TN-001"))
    with qtbot.waitSignal(tree.cameraActivated) as blocker:
        tree.tree.itemDoubleClicked.emit(row, NAME_COLUMN)
    assert blocker.args == ["1"]


def test_a_thousand_cameras_build_and_filter_quickly(qtbot: QtBot) -> None:
    tree = CameraTree()
    qtbot.addWidget(tree)
    many = [
        CameraItem(str(i), f"C{i:04}", f"Camera {i}", ("P", f"D{i % 10}", f"X{i % 50}"))
        for i in range(1000)
    ]
    tree.set_cameras(many)
    assert len(tree.camera_rows()) == 1000
    tree.search_edit.setText("C09")
    assert len(tree.camera_rows()) == 100
