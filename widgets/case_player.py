# SPDX-License-Identifier: GPL-3.0-or-later
"""A small window showing one stored medium of a case: a clip plays in a
:class:`~widgets.video_tile.VideoTile` (the libVLC adapter, :mod:`widgets.player`), a
snapshot shows as a picture. The file is a local copy the console downloaded through the
hub with its hash checked; the window only shows it (it never talks to the hub).

Signals:
    closed(): the window was closed (the console removes its copy then).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from widgets.player import TilePlayer, VideoPlayer
from widgets.video_tile import VideoTile


class MediaPlayerDialog(QDialog):
    """One stored clip or snapshot, with its title and SHA-256 under it."""

    closed = Signal()

    def __init__(
        self,
        path: Path,
        kind: str,
        title: str,
        sha256: str,
        parent: QWidget | None = None,
        player_factory: Callable[[], TilePlayer] = VideoPlayer,
        masks: Sequence[Sequence[tuple[float, float]]] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("casePlayer")
        self.setWindowTitle(title)
        self.path = path
        self.tile: VideoTile | None = None
        self.picture: QLabel | None = None
        box = QVBoxLayout(self)
        if kind == "clip":
            self.tile = VideoTile(0, self, player_factory)
            self.tile.setMinimumSize(480, 270)
            self.tile.set_camera("case", title)
            box.addWidget(self.tile, 1)
            # The clip is stored as the camera sent it: its privacy masks are painted
            # into every frame, as in live view and archive (HCM 6.3).
            self.tile.play(path.as_uri(), masks=masks)
        else:
            self.picture = QLabel(self)
            self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            pixmap = QPixmap(str(path))
            self.picture.setPixmap(
                pixmap.scaled(
                    960,
                    540,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            box.addWidget(self.picture, 1)
        hash_label = QLabel(self.tr("SHA-256: %1").replace("%1", sha256), self)
        hash_label.setObjectName("casePlayerHash")
        hash_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(hash_label)

    def done(self, result: int) -> None:
        self._stop()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop()
        super().closeEvent(event)

    def _stop(self) -> None:
        if self.tile is not None:
            self.tile.close_player()
            self.tile = None
            self.closed.emit()
        elif self.picture is not None:
            self.picture = None
            self.closed.emit()
