# SPDX-License-Identifier: GPL-3.0-or-later
"""One simulated camera: its identity, streams, mechanics, recordings and faults.

This is the device's state, shared by its ONVIF service (asyncio thread) and its RTSP
streams (GStreamer threads). Everything here is plain Python, thread-safe where both
sides touch it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Literal

from camsim.events import EventLog
from camsim.ptz import PtzMechanics, PtzPosition
from camsim.scene import SceneRenderer, to_jpeg

CameraKind = Literal["dome", "fixed"]


@dataclass(frozen=True)
class StreamSpec:
    """One encoded stream of a camera, as a media profile announces it."""

    name: Literal["main", "sub"]
    width: int
    height: int
    fps: int
    bitrate_kbps: int

    @property
    def profile_token(self) -> str:
        return f"profile_{self.name}"

    @property
    def mount(self) -> str:
        return f"/{self.name}"


MAIN_STREAM = StreamSpec("main", 1280, 720, 25, 2048)
SUB_STREAM = StreamSpec("sub", 640, 360, 15, 512)


@dataclass(frozen=True)
class CameraSpec:
    """What a camera is: fixed at start, written into the inventory."""

    index: int
    camera_id: str
    name: str
    kind: CameraKind
    host: str
    onvif_port: int
    rtsp_port: int
    username: str
    password: str
    manufacturer: str = "vwall camsim"
    model: str = "SIM-DOME-20X"
    firmware: str = "1.0.0"
    serial: str = ""
    mac: str = ""
    latitude: float = 17.4689  # Đồng Hới
    longitude: float = 106.6223
    pan_offset: float = 0.0
    gop_seconds: float = 1.0
    recording_days: int = 30
    streams: tuple[StreamSpec, ...] = (MAIN_STREAM, SUB_STREAM)

    @property
    def has_ptz(self) -> bool:
        return self.kind == "dome"

    @property
    def onvif_url(self) -> str:
        return f"http://{self.host}:{self.onvif_port}/onvif/device_service"

    def rtsp_url(self, stream: StreamSpec) -> str:
        return f"rtsp://{self.host}:{self.rtsp_port}{stream.mount}"

    @property
    def replay_url(self) -> str:
        return f"rtsp://{self.host}:{self.rtsp_port}/replay"

    def stream(self, name_or_token: str) -> StreamSpec:
        for stream in self.streams:
            if name_or_token in (stream.name, stream.profile_token):
                return stream
        raise KeyError(name_or_token)


@dataclass
class Faults:
    """Faults injected on demand (control API or CLI); all times are monotonic."""

    stream_down_until: float = 0.0
    onvif_delay: float = 0.0
    soap_fault: bool = False
    malformed_xml: bool = False
    offline_until: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def stream_down(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        return now < self.stream_down_until or self.offline(now)

    def offline(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        return now < self.offline_until

    def clear(self) -> None:
        with self._lock:
            self.stream_down_until = 0.0
            self.onvif_delay = 0.0
            self.soap_fault = False
            self.malformed_xml = False
            self.offline_until = 0.0

    def snapshot(self) -> dict[str, float | bool]:
        now = time.monotonic()
        return {
            "stream_down_for": max(0.0, self.stream_down_until - now),
            "onvif_delay": self.onvif_delay,
            "soap_fault": self.soap_fault,
            "malformed_xml": self.malformed_xml,
            "offline_for": max(0.0, self.offline_until - now),
        }


class SimCamera:
    """A running simulated camera."""

    def __init__(self, spec: CameraSpec, started_at: float | None = None) -> None:
        self.spec = spec
        self.ptz = PtzMechanics() if spec.has_ptz else None
        self.faults = Faults()
        self.events = EventLog(spec.camera_id)
        # Wall-clock time the device was "installed": recordings start this far back.
        now = time.time() if started_at is None else started_at
        self.recording_start = now - spec.recording_days * 86400.0
        self._renderers: dict[tuple[int, int], SceneRenderer] = {}
        self._lock = threading.Lock()

    def position(self, now: float | None = None) -> PtzPosition:
        """Where the camera looks now (a fixed camera never moves)."""
        if self.ptz is None:
            return PtzPosition()
        return self.ptz.position_at(time.monotonic() if now is None else now)

    def renderer(self, width: int, height: int) -> SceneRenderer:
        with self._lock:
            key = (width, height)
            if key not in self._renderers:
                self._renderers[key] = SceneRenderer(
                    self.spec.name, width, height, pan_offset=self.spec.pan_offset
                )
            return self._renderers[key]

    def snapshot_jpeg(self) -> bytes:
        main = self.spec.streams[0]
        frame = self.renderer(main.width, main.height).render(time.time(), self.position())
        return to_jpeg(frame)
