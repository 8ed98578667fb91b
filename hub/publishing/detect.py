# SPDX-License-Identifier: GPL-3.0-or-later
"""Proposed blur boxes: faces and licence plates found on a clip or snapshot, linked
over time into tracks with keyframes (no database here).

- **Faces**: OpenCV's trained frontal-face Haar cascade
  (``haarcascade_frontalface_default.xml`` of Debian's ``opencv-data``) run by OpenCV's
  ``CascadeClassifier`` (:mod:`hub.publishing.haar`) on the histogram-equalised grey
  picture, shrunk to at most :data:`DETECT_WIDTH` pixels wide.
- **Plates**: a classical detector. A plate is a light rectangle with dark characters:
  the grey picture is cut at a few brightness levels; each light region whose outline
  fills its (rotated) rectangle, whose sides have a plate's ratio — Vietnamese one-row
  plates are 520 × 110 mm (4.7:1), two-row ones 330 × 165 mm (2:1), with some slack for
  perspective — and which holds at least :data:`MIN_CHARACTERS` dark holes of a
  character's size (one row: 35-95 % of the plate's height; two rows: 18-50 %) is a plate.
- **Tracks**: a clip is read frame by frame and detected every :data:`SAMPLE_SECONDS`;
  a detection continues the track of its kind whose last box it overlaps most (IoU at
  least :data:`LINK_IOU`, or its centre inside the grown last box) if that track was seen
  within :data:`MAX_GAP_SECONDS`, else starts a track. A track is held for half a sample
  interval before its first and after its last detection (the frames between samples),
  keyframes that linear interpolation reproduces within :data:`THIN_TOLERANCE` are
  dropped, and every box is grown by :data:`MARGIN` on each side.

Coordinates are normalised (0..1 of the picture) and times are seconds from the
medium's first frame (frame index / frame rate), as the renderer reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from hub.publishing.haar import Cascade, detect_multiscale, find_cascade, load_cascade

FACE_CASCADE = "haarcascade_frontalface_default.xml"
DETECT_WIDTH = 800  # faces from about 24 / 800 of the picture's width (38 px at 720p) are found
SAMPLE_SECONDS = 0.5
MAX_GAP_SECONDS = 1.2
LINK_IOU = 0.2
THIN_TOLERANCE = 0.004
MARGIN = 0.12
MIN_CHARACTERS = 4
MAX_TRACKS = 200  # the longest are kept (the contract's limit)
# Plate shapes: (least, most) ratio of the long to the short side, and the characters'
# height as a share of the plate's: one row 520x110 mm, two rows 330x165 mm.
ONE_ROW = ((3.2, 6.5), (0.35, 0.95))
TWO_ROWS = ((1.45, 2.8), (0.18, 0.5))
_LEVELS = (110, 150, 190)

Box = tuple[float, float, float, float]  # x, y, w, h in pixels


class DetectionError(Exception):
    """The medium cannot be read."""


@dataclass
class Keyframe:
    """A box at a time (seconds from the medium's start; normalised coordinates)."""

    t: float
    x: float
    y: float
    w: float
    h: float


@dataclass
class Track:
    """A face or plate over time."""

    id: str
    kind: str  # "face", "plate" (or "manual", from the operator)
    keyframes: list[Keyframe] = field(default_factory=list)


@dataclass(frozen=True)
class Proposal:
    """What was found on a medium."""

    width: int
    height: int
    duration_s: float
    frames: int
    tracks: list[Track]


@dataclass
class _Open:
    kind: str
    boxes: list[tuple[float, Box]] = field(default_factory=list)


def face_cascade() -> Cascade:
    """The frontal-face cascade (read once).

    Raises:
        hub.publishing.haar.CascadeUnavailable: not installed.
    """
    return load_cascade(find_cascade(FACE_CASCADE))


def detect_faces(frame: np.ndarray, cascade: Cascade) -> list[Box]:
    """Faces on a BGR frame, in its pixels."""
    height, width = frame.shape[:2]
    scale = min(1.0, DETECT_WIDTH / width)
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    if scale < 1.0:
        size = (round(width * scale), round(height * scale))
        gray = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    gray = cv2.equalizeHist(gray)
    return [
        (x / scale, y / scale, w / scale, h / scale)
        for x, y, w, h in detect_multiscale(cascade, gray, 1.15, 3, 24)
    ]


def _characters(
    hierarchy: np.ndarray, contours: list[np.ndarray], i: int
) -> list[tuple[int, int, int, int]]:
    out: list[tuple[int, int, int, int]] = []
    child = int(hierarchy[i][2])
    while child != -1:
        x, y, w, h = cv2.boundingRect(contours[child])
        out.append((x, y, w, h))
        child = int(hierarchy[child][0])
    return out


def _plate_shape(
    long_side: float, short_side: float, chars: list[tuple[int, int, int, int]]
) -> bool:
    ratio = long_side / max(short_side, 1.0)
    for (low, high), (least, most) in (ONE_ROW, TWO_ROWS):
        if not low <= ratio <= high:
            continue
        glyphs = [
            (w, h)
            for _, _, w, h in chars
            if least * short_side <= h <= most * short_side and w <= 0.3 * long_side and w >= 1
        ]
        if len(glyphs) >= MIN_CHARACTERS:
            return True
    return False


def detect_plates(frame: np.ndarray) -> list[Box]:
    """Licence plates on a BGR frame (light rectangles with dark characters)."""
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    height, width = gray.shape
    found: list[Box] = []
    for level in _LEVELS:
        light = (gray > level).astype(np.uint8)
        contours, hierarchy = cv2.findContours(light, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
        if hierarchy is None:
            continue
        links = hierarchy[0]
        for i, contour in enumerate(contours):
            if links[i][3] != -1:
                continue  # a hole, not a light region
            x, y, w, h = cv2.boundingRect(contour)
            if w < 20 or h < 8 or w * h > 0.25 * width * height:
                continue
            (_, _), (side_a, side_b), _ = cv2.minAreaRect(contour)
            long_side, short_side = max(side_a, side_b), min(side_a, side_b)
            if long_side * short_side <= 0:
                continue
            if cv2.contourArea(contour) < 0.8 * long_side * short_side:
                continue  # not a filled rectangle
            if _plate_shape(long_side, short_side, _characters(links, list(contours), i)):
                found.append((float(x), float(y), float(w), float(h)))
    return _merge(found)


def _iou(a: Box, b: Box) -> float:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    iw = max(0.0, min(ax + aw, bx + bw) - max(ax, bx))
    ih = max(0.0, min(ay + ah, by + bh) - max(ay, by))
    inter = iw * ih
    union = aw * ah + bw * bh - inter
    return inter / union if union > 0 else 0.0


def _merge(boxes: list[Box]) -> list[Box]:
    """Boxes of one object found at several levels: the largest of each overlapping set."""
    out: list[Box] = []
    for box in sorted(boxes, key=lambda b: b[2] * b[3], reverse=True):
        if all(_iou(box, kept) < 0.4 for kept in out):
            out.append(box)
    return out


def _near(last: Box, box: Box) -> float:
    """How well ``box`` continues a track last seen at ``last`` (0: not at all)."""
    overlap = _iou(last, box)
    if overlap >= LINK_IOU:
        return overlap
    x, y, w, h = last
    cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
    if x - w / 2 <= cx <= x + 1.5 * w and y - h / 2 <= cy <= y + 1.5 * h:
        return LINK_IOU / 2
    return 0.0


class Tracker:
    """Links detections at increasing times into tracks."""

    def __init__(self) -> None:
        self.done: list[_Open] = []
        self.open: list[_Open] = []

    def add(self, t: float, kind: str, boxes: list[Box]) -> None:
        """The detections of ``kind`` at time ``t``."""
        live = [o for o in self.open if o.kind == kind]
        for o in live:
            if t - o.boxes[-1][0] > MAX_GAP_SECONDS:
                self.open.remove(o)
                self.done.append(o)
        live = [o for o in self.open if o.kind == kind]
        pairs = sorted(
            (
                (_near(o.boxes[-1][1], box), n, j)
                for n, o in enumerate(live)
                for j, box in enumerate(boxes)
            ),
            reverse=True,
        )
        used_tracks: set[int] = set()
        used_boxes: set[int] = set()
        for score, n, j in pairs:
            if score <= 0 or n in used_tracks or j in used_boxes:
                continue
            live[n].boxes.append((t, boxes[j]))
            used_tracks.add(n)
            used_boxes.add(j)
        for j, box in enumerate(boxes):
            if j not in used_boxes:
                self.open.append(_Open(kind, [(t, box)]))

    def tracks(self, width: int, height: int, duration: float, pad: float) -> list[Track]:
        """The tracks found, normalised, held ``pad`` seconds either side, thinned."""
        everything = self.done + self.open
        everything.sort(key=lambda o: o.boxes[-1][0] - o.boxes[0][0], reverse=True)
        everything = sorted(everything[:MAX_TRACKS], key=lambda o: (o.boxes[0][0], o.kind))
        out: list[Track] = []
        for n, o in enumerate(everything, start=1):
            frames = [_normalised(t, box, width, height) for t, box in o.boxes]
            if duration > 0:
                first, last = frames[0], frames[-1]
                if first.t > 0:
                    frames.insert(0, Keyframe(max(0.0, first.t - pad), *_xywh(first)))
                if last.t < duration:
                    frames.append(Keyframe(min(duration, last.t + pad), *_xywh(last)))
            out.append(Track(f"{o.kind}-{n}", o.kind, thin(frames)))
        return out


def _xywh(k: Keyframe) -> tuple[float, float, float, float]:
    return k.x, k.y, k.w, k.h


def _normalised(t: float, box: Box, width: int, height: int) -> Keyframe:
    """A pixel box grown by :data:`MARGIN` on each side, clipped, normalised, rounded."""
    x, y, w, h = box
    x0 = round(max(0.0, (x - MARGIN * w) / width), 4)
    y0 = round(max(0.0, (y - MARGIN * h) / height), 4)
    x1 = min(1.0, (x + w + MARGIN * w) / width)
    y1 = min(1.0, (y + h + MARGIN * h) / height)
    # Rounded inside the picture: x + w never passes 1.
    return Keyframe(
        round(t, 3), x0, y0, min(round(x1 - x0, 4), 1.0 - x0), min(round(y1 - y0, 4), 1.0 - y0)
    )


def interpolate(a: Keyframe, b: Keyframe, t: float) -> tuple[float, float, float, float]:
    """The box between keyframes ``a`` and ``b`` at ``t`` (linear)."""
    if b.t <= a.t:
        return _xywh(a)
    f = min(1.0, max(0.0, (t - a.t) / (b.t - a.t)))
    return (
        a.x + (b.x - a.x) * f,
        a.y + (b.y - a.y) * f,
        a.w + (b.w - a.w) * f,
        a.h + (b.h - a.h) * f,
    )


def thin(frames: list[Keyframe]) -> list[Keyframe]:
    """Drop keyframes that the line between their kept neighbours reproduces."""
    if len(frames) <= 2:
        return frames
    kept = [frames[0]]
    for n in range(1, len(frames) - 1):
        here, after = frames[n], frames[n + 1]
        guess = interpolate(kept[-1], after, here.t)
        if max(abs(g - v) for g, v in zip(guess, _xywh(here), strict=True)) > THIN_TOLERANCE:
            kept.append(here)
    kept.append(frames[-1])
    return kept


def _detect(frame: np.ndarray, cascade: Cascade | None) -> list[tuple[str, list[Box]]]:
    out = [("plate", detect_plates(frame))]
    if cascade is not None:
        out.append(("face", detect_faces(frame, cascade)))
    return out


def propose_image(src: Path, cascade: Cascade | None) -> Proposal:
    """Faces and plates on a snapshot (one keyframe at t=0 each).

    Raises:
        DetectionError: not a picture OpenCV reads.
    """
    frame = cv2.imread(str(src), cv2.IMREAD_COLOR)
    if frame is None:
        raise DetectionError(f"{src.name}: not a picture")
    height, width = frame.shape[:2]
    tracker = Tracker()
    for kind, boxes in _detect(frame, cascade):
        tracker.add(0.0, kind, boxes)
    return Proposal(width, height, 0.0, 1, tracker.tracks(width, height, 0.0, 0.0))


def frame_rate(capture: cv2.VideoCapture) -> float:
    """The clip's frame rate (25 when the container does not say)."""
    fps = float(capture.get(cv2.CAP_PROP_FPS) or 0.0)
    return fps if 1.0 <= fps <= 240.0 else 25.0


def propose_clip(
    src: Path,
    cascade: Cascade | None,
    sample_seconds: float = SAMPLE_SECONDS,
    progress: Callable[[int], None] | None = None,
) -> Proposal:
    """Faces and plates on a clip, detected every ``sample_seconds`` and linked.

    Raises:
        DetectionError: not a video OpenCV reads.
    """
    capture = cv2.VideoCapture(str(src))
    try:
        if not capture.isOpened():
            raise DetectionError(f"{src.name}: not a video")
        fps = frame_rate(capture)
        every = max(1, round(sample_seconds * fps))
        tracker = Tracker()
        width = height = 0
        index = 0
        while True:
            if index % every == 0:
                ok, frame = capture.read()
                if not ok:
                    break
                height, width = frame.shape[:2]
                for kind, boxes in _detect(frame, cascade):
                    tracker.add(index / fps, kind, boxes)
            elif not capture.grab():
                break
            index += 1
            if progress is not None:
                progress(index)
        if index == 0:
            raise DetectionError(f"{src.name}: no frame")
        duration = round(index / fps, 3)
        pad = every / fps / 2
        tracks = tracker.tracks(width, height, duration, pad)
        return Proposal(width, height, duration, index, tracks)
    finally:
        capture.release()
