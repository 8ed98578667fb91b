# SPDX-License-Identifier: GPL-3.0-or-later
"""Paint a tile many times in a process of its own and print how ``None``'s reference count
moved (``python -m tests.widgets.paint_refcount FRAMES``).

A test process has other threads (players closing, fixtures' readers) whose work moves
``None``'s count by hundreds while the tile paints; here nothing else runs, so the count
shows what painting alone does (PySide6 6.12 lost one reference per drawImage)."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from tests.widgets.still_player import StillPlayer
from widgets.video_tile import VideoTile


def main(frames: int) -> None:
    app = QApplication([])
    tile = VideoTile(cell=1, player_factory=StillPlayer)
    tile.resize(320, 180)
    tile.show()
    tile.set_camera("cam05", "Bến xe Đông Hà")
    tile.play("http://relay.invalid/stream")
    player = tile.player
    assert isinstance(player, StillPlayer)
    app.processEvents()  # shown and playing before painting counts
    for warm in range(50):  # first paints create caches
        player.emit_frame(QColor(warm, 80, 120))
        tile.repaint()
    before = sys.getrefcount(None)
    for index in range(frames):
        player.emit_frame(QColor(index % 256, 80, 120))
        tile.repaint()
    drop = before - sys.getrefcount(None)
    print(f"painted {tile.painted_frames - 50} skipped {tile.skipped_frames} none_drop {drop}")
    tile.close_player()
    tile.close()
    tile.deleteLater()
    app.processEvents()
    del tile, player


if __name__ == "__main__":
    main(int(sys.argv[1]))
