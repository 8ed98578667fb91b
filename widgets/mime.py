# SPDX-License-Identifier: GPL-3.0-or-later
"""MIME types dragged onto the wall: cameras from the tree, or another tile."""

from __future__ import annotations

from PySide6.QtCore import QMimeData

CAMERA_MIME = "application/x-vwall-camera"
"""Payload: the camera id, UTF-8."""

CAMERA_LIST_MIME = "application/x-vwall-camera-list"
"""Payload: camera ids (a tree folder or several cameras), UTF-8, one per line, in order."""

TILE_MIME = "application/x-vwall-tile"
"""Payload: the source tile's cell index, ASCII digits (a swap within one wall)."""


def cameras_mime(camera_ids: list[str]) -> QMimeData:
    """What dragging cameras carries: one camera as :data:`CAMERA_MIME`, several (a folder)
    as :data:`CAMERA_LIST_MIME` (also with the first id as :data:`CAMERA_MIME`, so a target
    that only knows single cameras still takes one)."""
    data = QMimeData()
    if camera_ids:
        data.setData(CAMERA_MIME, camera_ids[0].encode("utf-8"))
    if len(camera_ids) > 1:
        data.setData(CAMERA_LIST_MIME, "\n".join(camera_ids).encode("utf-8"))
    return data


def camera_ids_of(data: QMimeData) -> list[str]:
    """The camera ids a drop carries (empty: none)."""
    if data.hasFormat(CAMERA_LIST_MIME):
        text = bytes(data.data(CAMERA_LIST_MIME).data()).decode("utf-8", "replace")
        return [line.strip() for line in text.splitlines() if line.strip()]
    if data.hasFormat(CAMERA_MIME):
        one = bytes(data.data(CAMERA_MIME).data()).decode("utf-8", "replace").strip()
        return [one] if one else []
    return []
