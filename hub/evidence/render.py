# SPDX-License-Identifier: GPL-3.0-or-later
"""The package copy of a clip or snapshot: a visible watermark (case number, unit, time)
and the camera's privacy masks painted opaque, rendered by ffmpeg into a new file.

The stored original is only read (its SHA-256 stays what the case recorded); the copy is
re-encoded (H.264 for video, JPEG for snapshots). The text is drawn with DejaVu Sans
(Debian's ``fonts-dejavu-core``), which has every Vietnamese letter; ffmpeg reads it
from a file (``textfile``), so no character of a unit's name needs filter escaping.
Masks are polygons in normalised coordinates (0..1 of the width and height), filled
into a transparent image of the picture's size and overlaid on every frame.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FONT_MONO = FONT_DIR / "DejaVuSansMono.ttf"
# A clip of a few minutes re-encodes in well under this on a shared two-core machine.
RENDER_TIMEOUT_SECONDS = 900.0

Polygon = Sequence[tuple[float, float]]


class RenderError(Exception):
    """ffmpeg could not read the source or write the copy."""


def _filter_path(path: Path) -> str:
    """A path as a filter option value (``:``, ``\\`` and ``'`` escaped)."""
    text = str(path).replace("\\", "\\\\").replace(":", "\\:").replace("'", "\\'")
    return f"'{text}'"


def picture_size(src: Path) -> tuple[int, int]:
    """Width and height of the first video stream (or image).

    Raises:
        RenderError: ffprobe cannot read it.
    """
    proc = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream=width,height",
            "-of",
            "json",
            str(src),
        ],
        capture_output=True,
        timeout=60,
        check=False,
    )
    try:
        stream = json.loads(proc.stdout)["streams"][0]
        return int(stream["width"]), int(stream["height"])
    except (ValueError, KeyError, IndexError) as exc:
        raise RenderError(f"{src.name}: no picture ({proc.stderr[-300:]!r})") from exc


def mask_image(width: int, height: int, masks: Sequence[Polygon], dst: Path) -> None:
    """A transparent PNG of ``width`` × ``height`` with ``masks`` filled opaque black."""
    canvas = np.zeros((height, width, 4), dtype=np.uint8)
    for polygon in masks:
        points = np.array(
            [
                [round(min(max(x, 0.0), 1.0) * width), round(min(max(y, 0.0), 1.0) * height)]
                for x, y in polygon
            ],
            dtype=np.int32,
        )
        if len(points) >= 3:
            cv2.fillPoly(canvas, [points], (0, 0, 0, 255))
    if not cv2.imwrite(str(dst), canvas):
        raise RenderError("could not write the mask image")


def _render(src: Path, dst: Path, text: str, masks: Sequence[Polygon], output: list[str]) -> None:
    if not FONT.is_file():
        raise RenderError(f"font {FONT} missing (Debian package fonts-dejavu-core)")
    width, height = picture_size(src)
    with tempfile.TemporaryDirectory(prefix="vwall-render-") as tmp:
        text_file = Path(tmp) / "watermark.txt"
        text_file.write_text(text, "utf-8")
        size = max(12, height // 24)
        draw = (
            f"drawtext=fontfile={_filter_path(FONT)}:textfile={_filter_path(text_file)}"
            f":fontsize={size}:fontcolor=white:box=1:boxcolor=black@0.6"
            f":boxborderw={max(4, size // 3)}:x={size}:y=h-th-{size}"
        )
        inputs = ["-i", str(src)]
        if masks:
            mask = Path(tmp) / "mask.png"
            mask_image(width, height, masks, mask)
            inputs += ["-i", str(mask)]
            graph = f"[0:v][1:v]overlay=0:0:format=auto,{draw},format=yuv420p[v]"
        else:
            graph = f"[0:v]{draw},format=yuv420p[v]"
        cmd = [
            "ffmpeg",
            "-hide_banner",
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            *inputs,
            "-filter_complex",
            graph,
            "-map",
            "[v]",
            *output,
            str(dst),
        ]
        try:
            proc = subprocess.run(
                cmd, capture_output=True, timeout=RENDER_TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired as exc:
            dst.unlink(missing_ok=True)
            raise RenderError(f"{src.name}: rendering took too long") from exc
    if proc.returncode != 0 or not dst.is_file():
        dst.unlink(missing_ok=True)
        raise RenderError(f"{src.name}: ffmpeg failed ({proc.stderr[-300:]!r})")


def watermark_copy(
    src: Path, dst: Path, text: str, masks: Sequence[Sequence[tuple[float, float]]] = ()
) -> None:
    """Write an H.264 MP4 copy of the clip ``src`` to ``dst`` with ``text`` drawn at the
    bottom left of every frame and ``masks`` (normalised polygons) painted opaque;
    ``src`` is only read. Audio, if any, is copied.

    Raises:
        RenderError: ffmpeg failed, took too long, or the font is missing.
    """
    _render(
        src,
        dst,
        text,
        masks,
        [
            "-map",
            "0:a?",
            "-c:a",
            "copy",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "20",
            "-movflags",
            "+faststart",
            "-f",
            "mp4",
        ],
    )


def watermark_image(
    src: Path, dst: Path, text: str, masks: Sequence[Sequence[tuple[float, float]]] = ()
) -> None:
    """The same for a snapshot: a JPEG copy with the watermark and the masks.

    Raises:
        RenderError: as :func:`watermark_copy`.
    """
    _render(src, dst, text, masks, ["-frames:v", "1", "-q:v", "2", "-f", "image2"])
