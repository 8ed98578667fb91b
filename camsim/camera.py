# SPDX-License-Identifier: GPL-3.0-or-later
"""One simulated camera: its identity, streams, mechanics, recordings and faults.

This is the device's state, shared by its ONVIF service (asyncio thread) and its RTSP
streams (GStreamer threads). Everything here is plain Python, thread-safe where both
sides touch it.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from camsim.events import EventLog
from camsim.ptz import PtzMechanics, PtzPosition
from camsim.scene import SceneRenderer, to_jpeg

CameraKind = Literal["dome", "fixed"]
Codec = Literal["h264", "h265", "jpeg"]  # jpeg: an old camera the product cannot carry
CODECS: tuple[Codec, ...] = ("h264", "h265", "jpeg")
DEFAULT_BURST_HOLD = (0.2, 0.6)  # seconds a bursty camera holds its stream (range)
MAX_BURST_HOLD = 5.0


@dataclass(frozen=True)
class StreamSpec:
    """One encoded stream of a camera, as a media profile announces it."""

    name: Literal["main", "sub"]
    width: int
    height: int
    fps: int
    bitrate_kbps: int
    codec: Codec = "h264"
    # The video source (channel) it encodes: 1 on a camera; an NVR or encoder has several.
    channel: int = 1

    @property
    def encoding(self) -> str:
        """The codec as ONVIF Media2 and RTP name it: ``H264``, ``H265`` or ``JPEG``."""
        return self.codec.upper()

    @property
    def key(self) -> str:
        """Unique among the device's streams: ``main``, ``sub``; ``ch2_main``… on channel 2+."""
        return self.name if self.channel == 1 else f"ch{self.channel}_{self.name}"

    @property
    def profile_token(self) -> str:
        return f"profile_{self.key}"

    @property
    def source_token(self) -> str:
        """The ONVIF video source (channel) token: ``vs_1``, ``vs_2``…"""
        return f"vs_{self.channel}"

    @property
    def mount(self) -> str:
        return f"/{self.name}" if self.channel == 1 else f"/ch{self.channel}/{self.name}"


MAIN_STREAM = StreamSpec("main", 1280, 720, 25, 2048)
SUB_STREAM = StreamSpec("sub", 640, 360, 15, 512)


def default_streams(codec: Codec = "h264", channels: int = 1) -> tuple[StreamSpec, ...]:
    """The main and sub streams of a camera encoding ``codec``; of each channel of an NVR
    or encoder with ``channels`` video sources (channel by channel)."""
    return tuple(
        replace(s, codec=codec, channel=channel)
        for channel in range(1, channels + 1)
        for s in (MAIN_STREAM, SUB_STREAM)
    )


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
    latitude: float = 21.5942  # Thái Nguyên city
    longitude: float = 105.8482
    pan_offset: float = 0.0
    gop_seconds: float = 1.0
    recording_days: int = 30
    streams: tuple[StreamSpec, ...] = (MAIN_STREAM, SUB_STREAM)
    media2: bool = True  # serves ONVIF Media 2 (Profile T); False: an older, Media 1 device
    # Where its ONVIF services live (``<root>/device_service``…): "/onvif" on most devices,
    # elsewhere on some (an NVR's "/cgi-bin/onvif"); tls: served over HTTPS.
    onvif_root: str = "/onvif"
    tls: bool = False

    @property
    def has_ptz(self) -> bool:
        return self.kind == "dome"

    @property
    def channels(self) -> tuple[int, ...]:
        """The device's video sources (channels), in order: (1,) on a camera."""
        return tuple(sorted({s.channel for s in self.streams}))

    def service_url(self, path: str) -> str:
        """The URL of one of its ONVIF services (``device_service``, ``pullpoint/7``…)."""
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{self.host}:{self.onvif_port}{self.onvif_root}/{path}"

    @property
    def onvif_url(self) -> str:
        return self.service_url("device_service")

    def rtsp_url(self, stream: StreamSpec) -> str:
        return f"rtsp://{self.host}:{self.rtsp_port}{stream.mount}"

    @property
    def replay_url(self) -> str:
        return self.channel_replay_url(1)

    @staticmethod
    def replay_mount(channel: int = 1) -> str:
        """The RTSP path replaying one channel's recording: ``/replay``, ``/ch2/replay``…"""
        return "/replay" if channel == 1 else f"/ch{channel}/replay"

    def channel_replay_url(self, channel: int) -> str:
        """The replay URI of one channel's recording (what GetReplayUri answers)."""
        return f"rtsp://{self.host}:{self.rtsp_port}{self.replay_mount(channel)}"

    def stream(self, name_or_token: str) -> StreamSpec:
        """A stream by key (``main``, ``ch2_sub``) or profile token."""
        for stream in self.streams:
            if name_or_token in (stream.key, stream.profile_token):
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
    # RTP leaves in bursts: the stream is held for a jittered time (seconds, drawn from
    # this range) and everything held then leaves at once, with its own RTP timestamps.
    rtp_bursts_until: float = 0.0
    rtp_burst_hold: tuple[float, float] = DEFAULT_BURST_HOLD
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def stream_down(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        return now < self.stream_down_until or self.offline(now)

    def offline(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        return now < self.offline_until

    def burst_hold(self, now: float | None = None) -> tuple[float, float] | None:
        """The hold range (seconds) while RTP is sent in bursts, else ``None``."""
        now = time.monotonic() if now is None else now
        with self._lock:
            return self.rtp_burst_hold if now < self.rtp_bursts_until else None

    def set_rtp_bursts(self, seconds: float, hold: tuple[float, float]) -> None:
        """Send RTP in bursts for ``seconds`` (``math.inf``: until cleared)."""
        low, high = hold
        if not 0.0 < low <= high <= MAX_BURST_HOLD or not seconds > 0.0:
            raise ValueError(
                f"rtp_bursts: hold must be 0 < low <= high <= {MAX_BURST_HOLD * 1000:.0f} ms "
                "and the duration positive"
            )
        with self._lock:
            self.rtp_bursts_until = time.monotonic() + seconds
            self.rtp_burst_hold = (low, high)

    def clear(self) -> None:
        with self._lock:
            self.stream_down_until = 0.0
            self.onvif_delay = 0.0
            self.soap_fault = False
            self.malformed_xml = False
            self.offline_until = 0.0
            self.rtp_bursts_until = 0.0
            self.rtp_burst_hold = DEFAULT_BURST_HOLD

    def snapshot(self) -> dict[str, Any]:
        now = time.monotonic()
        bursts_for = max(0.0, self.rtp_bursts_until - now)
        hold = self.burst_hold(now)
        return {
            "stream_down_for": max(0.0, self.stream_down_until - now),
            "onvif_delay": self.onvif_delay,
            "soap_fault": self.soap_fault,
            "malformed_xml": self.malformed_xml,
            "offline_for": max(0.0, self.offline_until - now),
            # JSON has no infinity: a burst fault without an end reports -1.
            "rtp_bursts_for": -1.0 if math.isinf(bursts_for) else bursts_for,
            "rtp_burst_hold_ms": [round(v * 1000) for v in hold] if hold else None,
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
        self._renderers: dict[tuple[int, int, int], SceneRenderer] = {}
        self._lock = threading.Lock()

    def position(self, now: float | None = None) -> PtzPosition:
        """Where the camera looks now (a fixed camera never moves)."""
        if self.ptz is None:
            return PtzPosition()
        return self.ptz.position_at(time.monotonic() if now is None else now)

    def renderer(self, width: int, height: int, channel: int = 1) -> SceneRenderer:
        """The renderer of one output size; on a device with several channels (an NVR),
        of one channel, whose frames say which (OSD ``CH2`` and a machine-readable mark)."""
        with self._lock:
            key = (width, height, channel)
            if key not in self._renderers:
                several = len(self.spec.channels) > 1
                self._renderers[key] = SceneRenderer(
                    f"{self.spec.name} CH{channel}" if several else self.spec.name,
                    width,
                    height,
                    pan_offset=self.spec.pan_offset,
                    channel=channel if several else None,
                )
            return self._renderers[key]

    def snapshot_jpeg(self) -> bytes:
        main = self.spec.streams[0]
        frame = self.renderer(main.width, main.height).render(time.time(), self.position())
        return to_jpeg(frame)
