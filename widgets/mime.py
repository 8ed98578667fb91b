# SPDX-License-Identifier: GPL-3.0-or-later
"""MIME types dragged onto the wall: a camera from the tree, or another tile."""

CAMERA_MIME = "application/x-vwall-camera"
"""Payload: the camera id, UTF-8."""

TILE_MIME = "application/x-vwall-tile"
"""Payload: the source tile's cell index, ASCII digits (a swap within one wall)."""
