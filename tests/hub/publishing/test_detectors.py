# SPDX-License-Identifier: GPL-3.0-or-later
"""The detectors and the blur on their own (no hub): the drawn face is found and a frame
without it gives none; Vietnamese one- and two-row plates are found, a light rectangle
without characters is not; a box at the picture's edge stays inside it; the blur leaves
no detail and does not depend on what was under it beyond block means."""

from __future__ import annotations

import cv2
import numpy as np

from hub.publishing.detect import (
    Tracker,
    detect_faces,
    detect_plates,
    face_cascade,
)
from hub.publishing.render import blur_box
from tests.hub.publishing.common import correlation, detail, face_image, plate_image


def _street() -> np.ndarray:
    """A drawn 720p street (sky, buildings with windows, road and lane marks, a car),
    no face, no plate."""
    frame = np.zeros((720, 1280, 3), np.uint8)
    frame[:, :] = np.linspace(200, 120, 720, dtype=np.uint8)[:, None, None]
    for n, x in enumerate(range(0, 1280, 160)):
        top = 120 + (n * 53) % 140
        cv2.rectangle(frame, (x + 8, top), (x + 150, 430), (90 + n * 9, 100, 110), -1)
        for wy in range(top + 20, 410, 40):
            for wx in range(x + 20, x + 140, 36):
                cv2.rectangle(frame, (wx, wy), (wx + 18, wy + 22), (60, 70, 80), -1)
    cv2.rectangle(frame, (0, 430), (1279, 719), (70, 70, 70), -1)
    for x in range(0, 1280, 120):
        cv2.rectangle(frame, (x, 600), (x + 60, 610), (220, 220, 220), -1)
    cv2.rectangle(frame, (380, 380), (640, 520), (40, 40, 150), -1)
    noise = np.random.default_rng(3).normal(0, 4, frame.shape)
    return np.clip(frame + noise, 0, 255).astype(np.uint8)


def _two_row_plate() -> np.ndarray:
    """A Vietnamese two-row plate (330 x 165 mm at 0.4 px/mm)."""
    plate = np.full((66, 132, 3), 235, np.uint8)
    cv2.rectangle(plate, (1, 1), (130, 64), (20, 20, 20), 2)
    cv2.putText(plate, "29-B1", (22, 28), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (20, 20, 20), 2)
    cv2.putText(plate, "123.45", (14, 58), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (20, 20, 20), 2)
    return plate


def test_the_drawn_face_is_found_and_the_street_alone_gives_none() -> None:
    cascade = face_cascade()
    street = _street()
    assert detect_faces(street, cascade) == []
    for size in (150, 240, 320):
        frame = street.copy()
        frame[100 : 100 + size, 600 : 600 + size] = face_image(size)
        (face,) = detect_faces(frame, cascade)
        x, y, w, h = face
        assert x >= 600 and x + w <= 600 + size and y >= 100 and y + h <= 100 + size, face
        assert w >= size / 3


def test_one_and_two_row_plates_are_found_a_blank_sign_is_not() -> None:
    frame = _street()
    assert detect_plates(frame) == []
    frame[450:494, 400:608] = plate_image()
    frame[200:266, 900:1032] = _two_row_plate()
    blank = np.full((44, 208, 3), 235, np.uint8)
    cv2.rectangle(blank, (1, 1), (206, 42), (20, 20, 20), 2)
    frame[100:144, 100:308] = blank
    found = sorted(detect_plates(frame))
    assert len(found) == 2, found
    (x1, y1, w1, h1), (x2, y2, w2, h2) = found
    assert x1 >= 400 and x1 + w1 <= 608 and y1 >= 450 and y1 + h1 <= 494
    assert x2 >= 900 and x2 + w2 <= 1032 and y2 >= 200 and y2 + h2 <= 266


def test_a_box_at_the_edge_stays_inside_the_picture() -> None:
    tracker = Tracker()
    tracker.add(0.0, "plate", [(1100.3, 690.7, 179.7, 29.3)])
    (track,) = tracker.tracks(1280, 720, 0.0, 0.0)
    (k,) = track.keyframes
    assert k.x + k.w <= 1.0 + 1e-9 and k.y + k.h <= 1.0 + 1e-9


def test_the_blur_leaves_block_means_only() -> None:
    frame = _street()
    frame[450:494, 400:608] = plate_image()
    before = cv2.cvtColor(frame[440:504, 390:618], cv2.COLOR_BGR2GRAY).astype(np.float64)
    blurred = frame.copy()
    blur_box(blurred, 390, 440, 618, 504)
    after = cv2.cvtColor(blurred[440:504, 390:618], cv2.COLOR_BGR2GRAY).astype(np.float64)
    assert detail(before) > 200 and detail(after) < 5
    assert abs(correlation(before, after)) < 0.1
    # Another plate under the box, same block means: the published pixels hardly differ.
    other = _street()
    other[450:494, 400:608] = plate_image("51G-888.88")
    blur_box(other, 390, 440, 618, 504)
    assert np.abs(other[440:504, 390:618].astype(int) - blurred[440:504, 390:618]).mean() < 12
