# SPDX-License-Identifier: GPL-3.0-or-later
"""What a simulated camera shows: its name, the time, and the part of the world PTZ selects."""

import numpy as np

from camsim import timecode
from camsim.ptz import PtzPosition
from camsim.scene import SceneRenderer, ascii_label, to_i420, to_jpeg


def _body(frame: np.ndarray) -> np.ndarray:
    """The picture without the OSD rows and the time bar."""
    h = frame.shape[0]
    return frame[h // 8 : h - h // 8].astype(np.int16)


def test_frame_carries_time_bar_and_size() -> None:
    renderer = SceneRenderer("Cầu Nhật Lệ", 640, 360)
    frame = renderer.render(1_800_000_000.5, PtzPosition())
    assert frame.shape == (360, 640, 3)
    read = timecode.read(frame)
    assert read is not None and abs(read.timestamp() - 1_800_000_000.5) < 0.002


def test_pan_and_zoom_change_the_picture() -> None:
    renderer = SceneRenderer("x", 640, 360)
    t = 1_800_000_000.0
    home = _body(renderer.render(t, PtzPosition()))
    panned = _body(renderer.render(t, PtzPosition(pan=0.3)))
    zoomed = _body(renderer.render(t, PtzPosition(zoom=0.5)))
    assert np.abs(home - panned).mean() > 10
    assert np.abs(home - zoomed).mean() > 10


def test_traffic_moves_with_time_and_replays_identically() -> None:
    renderer = SceneRenderer("x", 1280, 720)
    t = 1_800_000_000.0
    a = renderer.render(t, PtzPosition())
    b = renderer.render(t + 1.0, PtzPosition())
    assert np.abs(_body(a) - _body(b)).sum() > 0
    assert np.array_equal(a, renderer.render(t, PtzPosition()))


def test_vietnamese_names_fold_to_ascii_for_the_osd() -> None:
    assert ascii_label("Đường Hồ Chí Minh - Km 12") == "Duong Ho Chi Minh - Km 12"


def test_encodings() -> None:
    frame = SceneRenderer("x", 640, 360).render(0.0, PtzPosition())
    assert len(to_i420(frame)) == 640 * 360 * 3 // 2
    assert to_jpeg(frame)[:2] == b"\xff\xd8"
