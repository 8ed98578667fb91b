# SPDX-License-Identifier: GPL-3.0-or-later
"""The synthetic world a simulated camera looks at, rendered frame by frame.

One panorama (a street with buildings, numbered posts every 10° and a road with
traffic) is shared by the fleet; each camera sees the part its PTZ position selects,
with its name, the local time and the machine-readable time bar burned in. Frames are
a pure function of (time, position), so a replay of time T shows exactly what live
video showed at T.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import cv2
import numpy as np
from numpy.typing import NDArray

from camsim import timecode
from camsim.ptz import PtzPosition

PANORAMA_W = 3840  # 360° of pan
PANORAMA_H = 1440
VIEW_W = 1280  # the field of view at 1× zoom: 120° wide, 16:9
VIEW_H = 720
ROAD_TOP = 930
ROAD_BOTTOM = 1090
VN_TZ = timezone(timedelta(hours=7), "ICT")  # Asia/Ho_Chi_Minh, no DST

Frame = NDArray[np.uint8]


@functools.cache
def panorama() -> Frame:
    """The shared 360° world, with its first view width appended so crops never wrap."""
    rng = np.random.default_rng(20261127)
    img = np.zeros((PANORAMA_H, PANORAMA_W, 3), np.uint8)
    sky = np.linspace(235, 150, ROAD_TOP, dtype=np.float32)
    img[:ROAD_TOP, :, 0] = sky[:, None]
    img[:ROAD_TOP, :, 1] = (sky * 0.85)[:, None]
    img[:ROAD_TOP, :, 2] = (sky * 0.6)[:, None]
    x = 0
    while x < PANORAMA_W:
        width = int(rng.integers(90, 260))
        top = int(rng.integers(180, 760))
        colour = tuple(int(c) for c in rng.integers(60, 200, 3))
        cv2.rectangle(img, (x, top), (min(x + width, PANORAMA_W - 1), ROAD_TOP), colour, -1)
        for wy in range(top + 20, ROAD_TOP - 40, 44):
            for wx in range(x + 12, x + width - 24, 34):
                lit = rng.random() < 0.45
                cv2.rectangle(
                    img, (wx, wy), (wx + 18, wy + 24), (90, 220, 250) if lit else (60, 50, 40), -1
                )
        x += width + int(rng.integers(4, 40))
    img[ROAD_TOP:ROAD_BOTTOM] = (70, 70, 70)
    img[ROAD_BOTTOM:] = (60, 120, 70)
    for dash in range(0, PANORAMA_W, 120):
        cv2.rectangle(img, (dash, 1006), (dash + 60, 1014), (230, 230, 230), -1)
    # Posts every 10° of pan with their bearing, so an operator (and a test) sees the pan.
    for deg in range(0, 360, 10):
        px = int(deg / 360 * PANORAMA_W)
        cv2.rectangle(img, (px - 4, 820), (px + 4, ROAD_TOP), (30, 30, 160), -1)
        cv2.putText(
            img, f"{deg:03d}", (px - 38, 810), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (20, 20, 120), 3
        )
    for row, label in ((300, "A"), (600, "B"), (1250, "C")):
        for deg in range(5, 360, 30):
            px = int(deg / 360 * PANORAMA_W)
            cv2.putText(
                img,
                f"{label}{deg:03d}",
                (px, row),
                cv2.FONT_HERSHEY_DUPLEX,
                1.4,
                (250, 250, 250),
                2,
            )
    return np.ascontiguousarray(np.hstack([img, img[:, :VIEW_W]]))


def ascii_label(text: str) -> str:
    """The OSD text a camera can draw: Vietnamese folded to ASCII (Hershey has no diacritics)."""
    folded = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in folded if ord(c) < 128)


@dataclass(frozen=True)
class Vehicle:
    lane_y: int
    speed: float  # panorama pixels per second, sign is direction
    phase: float
    colour: tuple[int, int, int]
    length: int


@functools.cache
def _traffic() -> tuple[Vehicle, ...]:
    rng = np.random.default_rng(7)
    cars = []
    for i in range(24):
        direction = 1 if i % 2 == 0 else -1
        lane_y = 955 if direction > 0 else 1035
        cars.append(
            Vehicle(
                lane_y=lane_y,
                speed=direction * float(rng.uniform(60, 160)),
                phase=float(rng.uniform(0, PANORAMA_W)),
                colour=tuple(int(c) for c in rng.integers(30, 255, 3)),  # type: ignore[arg-type]
                length=int(rng.integers(50, 110)),
            )
        )
    return tuple(cars)


@dataclass(frozen=True)
class Viewport:
    """The rectangle of the panorama a PTZ position shows."""

    x0: float
    y0: float
    width: float
    height: float

    @classmethod
    def for_position(cls, pos: PtzPosition, pan_offset: float = 0.0) -> Viewport:
        width = VIEW_W / pos.magnification
        height = VIEW_H / pos.magnification
        centre_x = (((pos.pan + pan_offset + 1.0) / 2.0) % 1.0) * PANORAMA_W
        centre_y = height / 2 + (1.0 - (pos.tilt + 1.0) / 2.0) * (PANORAMA_H - height)
        return cls(centre_x - width / 2, centre_y - height / 2, width, height)


class SceneRenderer:
    """Renders one camera's frames at one output size."""

    def __init__(
        self,
        name: str,
        width: int,
        height: int,
        pan_offset: float = 0.0,
        channel: int | None = None,
    ) -> None:
        self.label = ascii_label(name)
        self.channel = channel  # an NVR's channel: marked in every frame (timecode)
        self.width = width
        self.height = height
        self.pan_offset = pan_offset
        self._pano = panorama()
        self._font_scale = height / 720.0

    def render(self, unix_seconds: float, pos: PtzPosition, replay: bool = False) -> Frame:
        """A BGR frame of what the camera sees at ``unix_seconds`` from ``pos``."""
        view = Viewport.for_position(pos, self.pan_offset)
        x0 = int(view.x0) % PANORAMA_W
        y0 = max(0, int(view.y0))
        crop = self._pano[y0 : y0 + max(1, int(view.height)), x0 : x0 + max(1, int(view.width))]
        frame: Frame = np.asarray(
            cv2.resize(crop, (self.width, self.height), interpolation=cv2.INTER_LINEAR), np.uint8
        )
        self._draw_traffic(frame, view, x0, y0, unix_seconds)
        self._draw_osd(frame, unix_seconds, replay)
        timecode.draw(frame, unix_seconds)
        if self.channel is not None:
            timecode.draw_channel(frame, self.channel)
        return frame

    def _draw_traffic(self, frame: Frame, view: Viewport, x0: int, y0: int, t: float) -> None:
        sx = self.width / view.width
        sy = self.height / view.height
        for car in _traffic():
            cx = (car.phase + car.speed * (t % 86400.0)) % PANORAMA_W
            # The car may be visible on either side of the wrap.
            for px in (cx, cx + PANORAMA_W, cx - PANORAMA_W):
                left = (px - x0) * sx
                right = (px + car.length - x0) * sx
                if right < 0 or left > self.width:
                    continue
                top = (car.lane_y - 20 - y0) * sy
                bottom = (car.lane_y + 20 - y0) * sy
                if bottom < 0 or top > self.height:
                    continue
                cv2.rectangle(
                    frame, (int(left), int(top)), (int(right), int(bottom)), car.colour, -1
                )

    def _draw_osd(self, frame: Frame, unix_seconds: float, replay: bool) -> None:
        scale = self._font_scale
        thick = max(1, round(2 * scale))
        local = datetime.fromtimestamp(unix_seconds, tz=UTC).astimezone(VN_TZ)
        stamp = local.strftime("%d/%m/%Y %H:%M:%S")
        if replay:
            stamp = "PLAYBACK " + stamp
        for text, origin_x in ((self.label, int(16 * scale)), (stamp, None)):
            (tw, th), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, 0.9 * scale, thick)
            x = origin_x if origin_x is not None else self.width - tw - int(16 * scale)
            y = int(64 * scale)  # below a console tile's own title bar
            cv2.rectangle(frame, (x - 6, y - th - 8), (x + tw + 6, y + base + 4), (0, 0, 0), -1)
            cv2.putText(
                frame, text, (x, y), cv2.FONT_HERSHEY_SIMPLEX, 0.9 * scale, (255, 255, 255), thick
            )


def to_i420(frame: Frame) -> bytes:
    """Raw I420 bytes of a BGR frame, as the encoder wants them."""
    return cv2.cvtColor(frame, cv2.COLOR_BGR2YUV_I420).tobytes()


def to_jpeg(frame: Frame, quality: int = 90) -> bytes:
    ok, data = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return bytes(data.tobytes())
