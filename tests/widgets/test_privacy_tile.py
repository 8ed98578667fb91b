# SPDX-License-Identifier: GPL-3.0-or-later
"""A tile playing a simulator stream through the real relay paints its privacy masks
opaque into every frame, following the picture's letterboxing (pixel checks)."""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray
from pytestqt.qtbot import QtBot

from tests.widgets.frames import to_bgra
from tests.widgets.relay import TsRelay
from widgets.tile_overlay import aspect_fit
from widgets.video_tile import TileStatus, VideoTile

FIRST_FRAME_TIMEOUT_MS = 20_000
# Over the simulator's buildings (lit and dark windows) and part of the road.
FACADE = [(0.25, 0.3), (0.7, 0.25), (0.75, 0.7), (0.3, 0.8)]


@pytest.fixture
def tile(qtbot: QtBot) -> Iterator[VideoTile]:
    widget = VideoTile(cell=0)
    qtbot.addWidget(widget)
    widget.resize(900, 360)  # wider than 16:9: the picture is pillarboxed
    widget.show()
    yield widget
    widget.close_player()


def polygon_pixels(
    polygon: list[tuple[float, float]],
    left: float,
    top: float,
    w: float,
    h: float,
    size: tuple[int, int],
) -> NDArray[np.bool_]:
    """Pixels well inside the polygon placed on the picture at (left, top, w, h)."""
    raster = np.zeros((size[1], size[0]), np.uint8)
    points = np.array([[round(left + x * w), round(top + y * h)] for x, y in polygon], np.int32)
    cv2.fillPoly(raster, [points], 255)
    return cv2.erode(raster, np.ones((7, 7), np.uint8)) > 0


def test_the_tile_paints_the_masks_into_every_frame(
    tile: VideoTile, ts_relay: TsRelay, qtbot: QtBot
) -> None:
    tile.set_camera("cam01", "Khu dân cư")
    tile.play(ts_relay.url(), masks=[FACADE])
    qtbot.waitUntil(lambda: tile.status is TileStatus.PLAYING, timeout=FIRST_FRAME_TIMEOUT_MS)
    qtbot.waitUntil(lambda: tile.painted_frames > 5, timeout=5_000)
    frame = tile.player.latest_frame() if tile.player else None
    assert frame is not None
    raw = to_bgra(frame)[:, :, :3]
    hidden = polygon_pixels(
        FACADE, 0, 0, frame.width(), frame.height(), (frame.width(), frame.height())
    )
    assert raw[hidden].std() > 20, "the decoded picture has texture where the mask lies"
    target = aspect_fit(frame.width(), frame.height(), tile.rect())
    assert target.left() > 50  # pillarboxed: the mask must follow the picture, not the tile
    for _ in range(3):  # several frames of moving video: flat every time
        painted = tile.painted_frames
        qtbot.waitUntil(lambda p=painted: tile.painted_frames > p, timeout=5_000)  # type: ignore[misc]
        shown = to_bgra(tile.grab().toImage())[:, :, :3]
        size = (shown.shape[1], shown.shape[0])
        masked = polygon_pixels(
            FACADE, target.left(), target.top(), target.width(), target.height(), size
        )
        assert masked.sum() > 10_000
        assert int(shown[masked].max()) == 0, "the masked area shows something"
        picture = np.zeros(masked.shape, bool)
        picture[
            int(target.top()) + 30 : int(target.bottom()) - 10,
            int(target.left()) + 10 : int(target.right()) - 10,
        ] = True
        assert (
            shown[
                picture & ~cv2.dilate(masked.astype(np.uint8), np.ones((15, 15))).astype(bool)
            ].std()
            > 20
        )
