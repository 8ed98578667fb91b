# SPDX-License-Identifier: GPL-3.0-or-later
"""OpenCV's trained Haar cascades, found and loaded.

OpenCV 5 moved ``cv2.CascadeClassifier`` to its contrib modules (the project depends on
``opencv-contrib-python-headless`` for it) and no longer ships the trained cascades:
Debian's ``opencv-data`` installs them under ``/usr/share/opencv4/haarcascades``
(``scripts/bootstrap.sh`` installs it).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import cv2
import numpy as np

# Debian's opencv-data; OpenCV 4 wheels shipped them in cv2.data.haarcascades.
CASCADE_DIRS = (
    Path("/usr/share/opencv4/haarcascades"),
    Path(getattr(getattr(cv2, "data", None), "haarcascades", "/nonexistent")),
)

Cascade = cv2.CascadeClassifier


class CascadeUnavailable(Exception):
    """The cascade file is missing or unreadable."""


def find_cascade(name: str) -> Path:
    """The path of the cascade file ``name``.

    Raises:
        CascadeUnavailable: it is in none of :data:`CASCADE_DIRS`.
    """
    for directory in CASCADE_DIRS:
        path = directory / name
        if path.is_file():
            return path
    raise CascadeUnavailable(f"{name} not found (Debian package opencv-data)")


@cache
def load_cascade(path: Path) -> Cascade:
    """Read a cascade in OpenCV's XML format.

    Raises:
        CascadeUnavailable: OpenCV cannot read it.
    """
    cascade = cv2.CascadeClassifier(str(path))
    if cascade.empty():
        raise CascadeUnavailable(f"{path.name}: not a cascade OpenCV reads")
    return cascade


def detect_multiscale(
    cascade: Cascade,
    gray: np.ndarray,
    scale_factor: float = 1.1,
    min_neighbors: int = 3,
    min_size: int = 0,
) -> list[tuple[int, int, int, int]]:
    """Boxes ``(x, y, w, h)`` in ``gray``'s pixels where the cascade finds its object."""
    found = cascade.detectMultiScale(
        gray,
        scaleFactor=scale_factor,
        minNeighbors=min_neighbors,
        minSize=(min_size, min_size),
    )
    return [(int(x), int(y), int(w), int(h)) for x, y, w, h in found]
