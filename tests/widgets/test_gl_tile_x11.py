# SPDX-License-Identifier: GPL-3.0-or-later
"""The GPU render path on a real X server: a relayed camera stream decoded by libVLC
into I420 planes, converted and scaled by the tile's shader, with its privacy mask and
overlay painted over it, as X shows it.

This machine has no GPU: Mesa's llvmpipe runs the same OpenGL in software, and
``VWALL_RENDER=opengl`` takes the path the probe keeps for hardware. The child runs on
its own Xvfb; what X shows is read back from the screen (the simulator's time bar, the
mask, the overlay band), not from the tile's own buffers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.widgets.relay import TsRelay

pytestmark = pytest.mark.skipif(
    shutil.which("Xvfb") is None, reason="Xvfb comes with scripts/bootstrap.sh"
)

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import json, sys, time
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication([])
from camsim import timecode
from tests.widgets.frames import to_bgra
from widgets.render_path import choose_render_path
from widgets.player import settle
from widgets.video_tile import TileStatus, VideoTile

choice = choose_render_path()
tile = VideoTile(0)
tile.resize(640, 360)
tile.move(0, 0)
tile.show()
tile.set_camera("1", "Cổng chính")
# A mask over the right quarter of the picture.
tile.play(sys.argv[1], (640, 360), masks=[[(0.75, 0.2), (1.0, 0.2), (1.0, 0.6), (0.75, 0.6)]])
deadline = time.monotonic() + 20
while time.monotonic() < deadline and tile.painted_frames < 30:
    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
shown = app.primaryScreen().grabWindow(0, 0, 0, 640, 360).toImage()
at = timecode.read(to_bgra(shown))
masked = shown.pixelColor(600, 140)
badge = shown.pixelColor(6, 6)  # the corner of the "live" badge
result = {
    "path": choice.path.value,
    "renderer": choice.gl_renderer,
    "gpu": tile.gpu,
    "status": tile.status.value,
    "painted": tile.painted_frames,
    "offset": None if at is None else time.time() - at.timestamp(),
    "masked": [masked.red(), masked.green(), masked.blue()],
    "badge": [badge.red(), badge.green(), badge.blue()],
    "frame": list(tile.player.frame_size or ()),
}
tile.stop()
result["settled"] = settle(10)
print(json.dumps(result), flush=True)
"""


def test_a_gpu_tile_shows_the_live_picture_with_its_mask_and_overlay(
    bare_x: str, ts_relay: TsRelay
) -> None:
    env = {
        **os.environ,
        "DISPLAY": bare_x,
        "QT_QPA_PLATFORM": "xcb",
        "VWALL_RENDER": "opengl",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD, ts_relay.url()],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["path"] == "opengl" and result["gpu"], result
    assert result["status"] == "playing" and result["painted"] >= 30, result
    # The stream's own size: the GPU scales, libVLC only copies the decoded planes.
    assert result["frame"] == [640, 360]
    # X shows the picture the camera sent a moment ago (its time bar reads back).
    assert result["offset"] is not None and 0 <= result["offset"] < 3, result
    assert result["masked"] == [0, 0, 0], result  # the privacy mask, opaque
    red, green, blue = result["badge"]  # the overlay over the picture: its red live badge
    assert red > 150 and green < 90 and blue < 90, result
    assert result["settled"], "the player did not close"
