# SPDX-License-Identifier: GPL-3.0-or-later
"""The published copy of a clip or snapshot: every track's box blurred beyond recovery,
the camera's privacy masks painted, written to a new file (no database here).

- **Blur.** The box is pixelated to at most :data:`BLOCKS` blocks along its longer side
  (each block the mean of its pixels: what was inside a block is gone, not hidden), then
  smoothed with a Gaussian so the blocks do not draw attention. A plate's characters or
  a face's features are several times smaller than a block, so no de-blurring brings
  them back. Boxes between keyframes are interpolated linearly; a track covers the
  frames from its first keyframe to its last.
- **Masks.** Painted opaque after the blur by :func:`hub.privacy.service.apply_masks_bgr`
  (the same painting as live view and snapshots).
- **Files.** A clip is decoded with OpenCV, each frame processed, and the frames piped
  to ffmpeg as raw BGR: H.264 (libx264, ``veryfast``, CRF 20, yuv420p, ``faststart``)
  in MP4, audio copied from the original. A snapshot is written as JPEG (quality 92).
  The original is only read; the copy is written beside its destination and renamed
  into place when complete.
"""

from __future__ import annotations

import itertools
import os
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import cv2
import numpy as np

from hub.privacy.service import Masks, apply_masks_bgr
from hub.publishing.detect import Keyframe, Track, frame_rate, interpolate

BLOCKS = 6  # blocks along the longer side of a blurred box
MIN_BLOCK_PX = 6  # … but never blocks smaller than this
RENDER_TIMEOUT_SECONDS = 900.0


class RenderError(Exception):
    """The original cannot be read or the copy cannot be written."""


def box_at(
    track: Track, t: float, tolerance: float = 0.0
) -> tuple[float, float, float, float] | None:
    """The track's normalised box at ``t`` (``None`` outside its keyframes; ``tolerance``
    seconds of slack at either end, half a frame for a clip)."""
    frames = track.keyframes
    if not frames or t < frames[0].t - tolerance or t > frames[-1].t + tolerance:
        return None
    if t <= frames[0].t:
        return frames[0].x, frames[0].y, frames[0].w, frames[0].h
    for a, b in itertools.pairwise(frames):
        if a.t <= t <= b.t:
            return interpolate(a, b, t)
    last = frames[-1]
    return last.x, last.y, last.w, last.h


def blur_box(frame: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> None:
    """Pixelate and smooth ``frame[y0:y1, x0:x1]`` in place (see the module doc)."""
    x0, y0 = max(0, x0), max(0, y0)
    x1, y1 = min(frame.shape[1], x1), min(frame.shape[0], y1)
    w, h = x1 - x0, y1 - y0
    if w <= 0 or h <= 0:
        return
    block = max(MIN_BLOCK_PX, -(-max(w, h) // BLOCKS))
    small = cv2.resize(
        frame[y0:y1, x0:x1],
        (max(1, -(-w // block)), max(1, -(-h // block))),
        interpolation=cv2.INTER_AREA,
    )
    coarse = cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST)
    sigma = block / 2
    frame[y0:y1, x0:x1] = cv2.GaussianBlur(coarse, (0, 0), sigma, borderType=cv2.BORDER_REPLICATE)


def pixel_box(
    box: tuple[float, float, float, float], width: int, height: int
) -> tuple[int, int, int, int]:
    """A normalised box as pixel corners, rounded outwards."""
    x, y, w, h = box
    return (
        int(np.floor(x * width)),
        int(np.floor(y * height)),
        int(np.ceil((x + w) * width)),
        int(np.ceil((y + h) * height)),
    )


def process_frame(
    frame: np.ndarray,
    tracks: Sequence[Track],
    t: float,
    masks: Masks,
    tolerance: float = 0.0,
) -> np.ndarray:
    """Blur every track present at ``t`` and paint the masks, in place; returns it."""
    height, width = frame.shape[:2]
    for track in tracks:
        box = box_at(track, t, tolerance)
        if box is not None:
            blur_box(frame, *pixel_box(box, width, height))
    return apply_masks_bgr(frame, masks)


def _partial(dst: Path) -> Path:
    return dst.with_name(f".{dst.name}.part")


def render_image(src: Path, dst: Path, tracks: Sequence[Track], masks: Masks) -> None:
    """The published JPEG of a snapshot.

    Raises:
        RenderError: not a picture, or the copy cannot be written.
    """
    frame = cv2.imread(str(src), cv2.IMREAD_COLOR)
    if frame is None:
        raise RenderError(f"{src.name}: not a picture")
    process_frame(frame, tracks, 0.0, masks)
    ok, data = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 92])
    if not ok:
        raise RenderError("cannot encode the picture")
    _write(dst, bytes(data.tobytes()))


def _write(dst: Path, data: bytes) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    part = _partial(dst)
    with part.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(part, dst)


def frame_at(src: Path, t: float, kind: str) -> tuple[np.ndarray, float]:
    """The frame of ``src`` shown at ``t`` (a snapshot's only picture) and its time.

    Raises:
        RenderError: unreadable.
    """
    if kind == "snapshot":
        frame = cv2.imread(str(src), cv2.IMREAD_COLOR)
        if frame is None:
            raise RenderError(f"{src.name}: not a picture")
        return frame, 0.0
    capture = cv2.VideoCapture(str(src))
    try:
        if not capture.isOpened():
            raise RenderError(f"{src.name}: not a video")
        fps = frame_rate(capture)
        wanted = max(0, round(t * fps))
        index = 0
        last: np.ndarray | None = None
        while index <= wanted:  # decode from the start: exact, and clips are short
            ok, frame = capture.read()
            if not ok:
                break
            last, index = frame, index + 1
        if last is None:
            raise RenderError(f"{src.name}: no frame")
        return last, (index - 1) / fps
    finally:
        capture.release()


def render_clip(
    src: Path,
    dst: Path,
    tracks: Sequence[Track],
    masks: Masks,
    progress: Callable[[int], None] | None = None,
) -> int:
    """The published MP4 of a clip; returns the number of frames written.

    Raises:
        RenderError: unreadable, ffmpeg failed or took too long.
    """
    capture = cv2.VideoCapture(str(src))
    if not capture.isOpened():
        raise RenderError(f"{src.name}: not a video")
    dst.parent.mkdir(parents=True, exist_ok=True)
    part = _partial(dst)
    proc: subprocess.Popen[bytes] | None = None
    frames = 0
    try:
        fps = frame_rate(capture)
        ok, frame = capture.read()
        if not ok:
            raise RenderError(f"{src.name}: no frame")
        height, width = frame.shape[:2]
        cmd = [
            "ffmpeg",
            "-hide_banner",
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "bgr24",
            "-s",
            f"{width}x{height}",
            "-r",
            f"{fps:.6f}",
            "-i",
            "pipe:0",
            "-i",
            str(src),
            "-map",
            "0:v",
            "-map",
            "1:a?",
            "-c:a",
            "copy",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "20",
            "-pix_fmt",
            "yuv420p",
            "-movflags",
            "+faststart",
            "-f",
            "mp4",
            str(part),
        ]
        proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        assert proc.stdin is not None
        half = 0.5 / fps
        while ok:
            if frame.shape[:2] != (height, width):
                raise RenderError(f"{src.name}: the picture size changes")
            process_frame(frame, tracks, frames / fps, masks, half)
            try:
                proc.stdin.write(frame.tobytes())
            except BrokenPipeError as exc:
                raise RenderError(f"{src.name}: ffmpeg stopped") from exc
            frames += 1
            if progress is not None:
                progress(frames)
            ok, frame = capture.read()
        try:  # closes ffmpeg's input: it finishes the file
            _, err = proc.communicate(timeout=RENDER_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired as exc:
            raise RenderError(f"{src.name}: encoding took too long") from exc
        if proc.returncode != 0 or not part.is_file():
            raise RenderError(f"{src.name}: ffmpeg failed ({err[-300:]!r})")
        with part.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(part, dst)
        return frames
    finally:
        capture.release()
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        part.unlink(missing_ok=True)


def keyframes_of(items: Sequence[tuple[float, float, float, float, float]]) -> list[Keyframe]:
    """Keyframes from ``(t, x, y, w, h)`` tuples."""
    return [Keyframe(*item) for item in items]
