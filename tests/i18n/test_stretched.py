# SPDX-License-Identifier: GPL-3.0-or-later
"""Stretched strings (a Vorta habit): every translation ×1.5 must still fit the tiles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from i18n.catalog import build_qm, install_translator, remove_translator
from layouts import preset
from widgets.video_tile import TileStatus, VideoTile
from widgets.wall import WallView

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class StretchedTranslator(QTranslator):
    """The Vietnamese catalogue with every string made half as long again."""

    def __init__(self, inner: QTranslator) -> None:
        super().__init__()
        self.inner = inner

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        text = self.inner.translate(context, source, disambiguation, n) or source
        return text + text[: (len(text) + 1) // 2]


@pytest.fixture
def stretched(qapp: QApplication) -> Iterator[None]:
    inner = QTranslator()
    assert inner.load(str(build_qm("vi")))
    remove_translator(qapp)
    translator = StretchedTranslator(inner)
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)
    install_translator(qapp, "vi")


STATUSES = {
    TileStatus.EMPTY: lambda t: t.set_camera(None),
    TileStatus.NO_PERMISSION: lambda t: t.set_no_permission(),
    TileStatus.OFFLINE: lambda t: t.set_offline(),
    TileStatus.STOPPED: lambda t: t.stop(),
}


@pytest.mark.parametrize("preset_name", ["5x5", "1+12", "2x2"])
def test_overlay_texts_stay_inside_small_tiles(
    stretched: None, qtbot: QtBot, preset_name: str, tmp_path: Path
) -> None:
    layout = preset(preset_name)
    for index in range(len(layout)):
        layout.assign(index, f"cam{index:02d}")
    wall = WallView(layout)
    qtbot.addWidget(wall)
    wall.set_camera_names({"cam00": "Ngã tư Trần Hưng Đạo - Lý Thường Kiệt - Hoàn Kiếm"})
    wall.resize(1280, 720)
    wall.show()
    qtbot.waitExposed(wall)
    tile = wall.tile(len(layout) - 1)
    first = wall.tile(0)
    tile.set_no_permission()
    assert tile.status_text() == "Không có quyềnKhông c"  # really stretched
    for status, apply in STATUSES.items():
        apply(tile)
        apply(first)
        if status is TileStatus.EMPTY:
            first.set_camera("cam00", "Ngã tư Trần Hưng Đạo - Lý Thường Kiệt - Hoàn Kiếm")
            first.set_offline()
        for widget in (tile, first):
            image = widget.grab()
            overlay = widget.last_overlay
            assert overlay is not None
            for rect in (overlay.name, overlay.clock, overlay.badge, overlay.status):
                assert rect.isNull() or widget.rect().contains(rect), (status, rect)
            text = widget.status_text() or ""
            full = QFontMetrics(widget.font()).horizontalAdvance(text)
            if full > widget.width():
                assert overlay.status.width() <= widget.width()
        image.save(str(tmp_path / f"{preset_name}-{status.value}.png"))
    wall.grab().save(str(tmp_path / f"{preset_name}-wall.png"))
    wall.shutdown()


def test_live_badge_is_stretched_and_fits(stretched: None, qtbot: QtBot) -> None:
    tile = VideoTile()
    qtbot.addWidget(tile)
    tile.resize(160, 90)
    assert tile.tr("Live") == "Trực tiếpTrực "
    tile.set_camera("cam01", "Cầu Sông Hàn")
    tile._set_status(TileStatus.PLAYING)  # as if frames were flowing
    tile.grab()
    overlay = tile.last_overlay
    assert overlay is not None
    assert not overlay.badge.isNull() and tile.rect().contains(overlay.badge)
    assert tile.rect().contains(overlay.name)
