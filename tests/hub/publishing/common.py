# SPDX-License-Identifier: GPL-3.0-or-later
"""Publishing test helpers: a case with real simulator media taken through the hand-off
to its conclusion, media with things the detectors must find planted into real
simulator video (a Vietnamese one-row plate moving across, a drawn face), and picture
measurements.

The planted face is drawn (skin oval, hair, eyes and brows, nose, mouth), no photograph
of anyone: OpenCV's frontal-face cascade finds it — checked against OpenCV 4.6's own
``CascadeClassifier`` on the same pictures when the detector was written — and does not
find the frame without it (the test asserts both).
"""

from __future__ import annotations

import hashlib
import secrets
import subprocess
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from hub.archive.clips import clip_dir
from hub.archive.models import EvidenceSnapshot
from hub.archive.snapshots import snapshot_dir
from hub.cases.models import CaseMedia
from hub.db import transaction
from tests.hub.evidence.common import EvidenceWorld

PLATE_W, PLATE_H = 208, 44  # 520 x 110 mm at 0.4 px/mm
FACE_SIZE = 150
FACE_AT = (820, 120)  # top-left of the face's square


def plate_image(text: str = "30A-123.45") -> np.ndarray:
    """A Vietnamese one-row plate: white, black border, black characters."""
    plate = np.full((PLATE_H, PLATE_W, 3), 235, np.uint8)
    cv2.rectangle(plate, (1, 1), (PLATE_W - 2, PLATE_H - 2), (20, 20, 20), 2)
    cv2.putText(plate, text, (10, 33), cv2.FONT_HERSHEY_SIMPLEX, 0.85, (20, 20, 20), 2)
    return plate


def face_image(size: int = FACE_SIZE) -> np.ndarray:
    """A drawn frontal face on a plain square (see the module doc)."""
    img = np.full((size, size, 3), (90, 110, 100), np.uint8)
    s = size / 240  # drawn for a 240 px square
    cx, cy = size // 2, size // 2

    def p(v: float) -> int:
        return max(1, int(v * s))

    cv2.ellipse(img, (cx, cy + p(5)), (p(48), p(62)), 0, 0, 360, (140, 170, 215), -1)
    cv2.ellipse(img, (cx, cy - p(40)), (p(52), p(30)), 0, 180, 360, (30, 30, 40), -1)
    for dx in (-20, 20):
        eye = cx + int(dx * s)
        cv2.ellipse(img, (eye, cy - p(8)), (p(10), p(5)), 0, 0, 360, (40, 40, 50), -1)
        brow = (cx + int((dx - 12) * s), cy - p(20)), (cx + int((dx + 12) * s), cy - p(20))
        cv2.line(img, *brow, (40, 50, 60), p(4))
    cv2.line(img, (cx, cy - p(5)), (cx, cy + p(18)), (120, 150, 200), p(6))
    cv2.ellipse(img, (cx, cy + p(20)), (p(10), p(4)), 0, 0, 360, (100, 120, 170), -1)
    cv2.ellipse(img, (cx, cy + p(36)), (p(16), p(5)), 0, 0, 360, (70, 70, 140), -1)
    blurred: np.ndarray = cv2.GaussianBlur(img, (0, 0), 2 * s)
    return blurred


def plate_at(t: float) -> tuple[int, int]:
    """Top-left of the planted plate at ``t`` seconds: it drives right at 60 px/s, and
    back after 800 px (a long clip)."""
    d = (60 * t) % 1600
    return 200 + round(d if d <= 800 else 1600 - d), 520


def plant(frame: np.ndarray, t: float) -> np.ndarray:
    """The frame with the plate at :func:`plate_at` and the face at :data:`FACE_AT`."""
    x, y = plate_at(t)
    frame[y : y + PLATE_H, x : x + PLATE_W] = plate_image()
    fx, fy = FACE_AT
    frame[fy : fy + FACE_SIZE, fx : fx + FACE_SIZE] = face_image()
    return frame


def read_frames(path: Path) -> list[np.ndarray]:
    """Every frame of a clip (BGR)."""
    capture = cv2.VideoCapture(str(path))
    frames = []
    try:
        while True:
            ok, frame = capture.read()
            if not ok:
                return frames
            frames.append(frame)
    finally:
        capture.release()


def planted_clip(src: Path, dst: Path, fps: float = 25.0) -> int:
    """``src`` (a real simulator clip) with the plate and face planted, re-encoded to
    H.264 MP4 at ``dst``; returns the number of frames."""
    frames = read_frames(src)
    assert frames, src
    h, w = frames[0].shape[:2]
    proc = subprocess.Popen(
        [
            "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", f"{w}x{h}", "-r", str(fps),
            "-i", "pipe:0", "-c:v", "libx264", "-preset", "veryfast", "-crf", "18",
            "-pix_fmt", "yuv420p", "-f", "mp4", str(dst),
        ],
        stdin=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdin is not None
    for n, frame in enumerate(frames):
        proc.stdin.write(plant(frame, n / fps).tobytes())
    proc.stdin.close()
    assert proc.wait(timeout=300) == 0
    return len(frames)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class PublishWorld:
    """The evidence world, its people and a concluded (or draft) case with media."""

    ev: EvidenceWorld

    @property
    def w(self) -> Any:
        return self.ev.w

    def http(self, user: str) -> Any:
        return self.ev.w.http(user)

    def case(self, conclude: bool = True, seconds: float = 6.0) -> dict[str, Any]:
        """A case of the IOC with a real clip of ``seconds`` and a snapshot; concluded by
        the police through every step of the hand-off unless ``conclude`` is false."""
        w = self.ev.w
        case = self.ev.case_with_media(seconds=seconds)
        if not conclude:
            return case
        cid = case["id"]
        w.act("ioc_cw", cid, "send", {"police_unit_id": w.unit("wardA1")})
        w.act("ward_cw", cid, "accept", {"complex": False})
        w.act("ward_cw", cid, "identify", {"violator": "Nguyễn Văn A"})
        w.act("ward_cw", cid, "record", {"record_number": "12/BB-VPHC", "outside_authority": False})
        w.act("ward_cw", cid, "decide", {"decision_number": "34/QĐ-XPVPHC"})
        done = w.act(
            "ward_cw", cid, "conclude", {"outcome": "penalised", "conclusion": "Phạt 4.000.000 đ"}
        )
        assert done["status"] == "concluded", done
        return dict(w.get(cid))

    def medium(self, case: dict[str, Any], kind: str) -> dict[str, Any]:
        (m,) = [m for m in case["media"] if m["kind"] == kind][:1]
        return dict(m)

    def clip_path(self, sha256: str) -> Path:
        return clip_dir(self.ev.w.live.hub) / f"{sha256}.mp4"

    def add_planted_clip(self, case: dict[str, Any]) -> tuple[int, Path]:
        """The case's real clip with the plate and face planted, stored as the archive
        stores clips (content-addressed) and added to the case."""
        real = self.medium(case, "clip")
        work = self.ev.tmp / f"planted-{secrets.token_hex(4)}.mp4"
        frames = planted_clip(self.clip_path(real["sha256"]), work)
        sha = sha256_of(work)
        dst = self.clip_path(sha)
        work.replace(dst)
        return self._media_row(case, "clip", dst, sha, frames / 25.0, None), dst

    def add_planted_snapshot(self, case: dict[str, Any]) -> tuple[int, Path]:
        """A snapshot (the clip's first frame with the plate and face planted)."""
        real = self.medium(case, "clip")
        (frame, *_) = read_frames(self.clip_path(real["sha256"]))
        ok, data = cv2.imencode(".jpg", plant(frame, 0.0), [cv2.IMWRITE_JPEG_QUALITY, 95])
        assert ok
        blob = bytes(data.tobytes())
        sha = hashlib.sha256(blob).hexdigest()
        directory = snapshot_dir(self.ev.w.live.hub)
        directory.mkdir(parents=True, exist_ok=True)
        dst = directory / f"{sha}.jpg"
        dst.write_bytes(blob)
        w = self.ev.w
        with transaction(w.live.hub.sessions) as s:
            snap = EvidenceSnapshot(
                camera_id=w.camera_id,
                source="archive",
                file_name=dst.name,
                sha256=sha,
                size=len(blob),
                captured_at=w.now() - timedelta(minutes=30),
                taken_by=w.user_id("ioc_op"),
                created_at=w.now(),
            )
            s.add(snap)
            s.flush()
            snap_id = snap.id
        return self._media_row(case, "snapshot", dst, sha, 0.0, snap_id), dst

    def _media_row(
        self,
        case: dict[str, Any],
        kind: str,
        path: Path,
        sha: str,
        seconds: float,
        snapshot_id: int | None,
    ) -> int:
        w = self.ev.w
        with transaction(w.live.hub.sessions) as s:
            now = w.now()
            row = CaseMedia(
                case_id=case["id"],
                kind=kind,
                camera_id=w.camera_id,
                start=now - timedelta(minutes=30),
                end=now - timedelta(minutes=30) + timedelta(seconds=seconds),
                duration_seconds=seconds,
                sha256=sha,
                size=path.stat().st_size,
                snapshot_id=snapshot_id,
                file_name=path.name if kind == "clip" else None,
                added_by=w.user_id("ioc_cw"),
                added_at=now,
            )
            s.add(row)
            s.flush()
            return row.id


def region(frame: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """``frame[y0:y1, x0:x1]`` in grey, as float."""
    x0, y0, x1, y1 = box
    grey = cv2.cvtColor(frame[y0:y1, x0:x1], cv2.COLOR_BGR2GRAY)
    out: np.ndarray = grey.astype(np.float64)
    return out


def detail(grey: np.ndarray) -> float:
    """Fine detail: the variance of the Laplacian."""
    return float(cv2.Laplacian(grey, cv2.CV_64F).var())


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson correlation of the high-pass parts of two grey regions (the detail a
    reader would need), 0 when either is flat."""
    ha = cv2.Laplacian(a, cv2.CV_64F).ravel()
    hb = cv2.Laplacian(b, cv2.CV_64F).ravel()
    if ha.std() == 0 or hb.std() == 0:
        return 0.0
    return float(np.corrcoef(ha, hb)[0, 1])


def box_px(k: dict[str, float], width: int, height: int) -> tuple[int, int, int, int]:
    return (
        int(k["x"] * width),
        int(k["y"] * height),
        int((k["x"] + k["w"]) * width + 0.999),
        int((k["y"] + k["h"]) * height + 0.999),
    )


def overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    """Share of ``b`` covered by ``a`` (x0, y0, x1, y1 boxes)."""
    iw = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    return iw * ih / ((b[2] - b[0]) * (b[3] - b[1]))
