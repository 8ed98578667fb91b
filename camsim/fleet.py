# SPDX-License-Identifier: GPL-3.0-or-later
"""A fleet of simulated cameras in one process: ONVIF, RTSP, discovery and control."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import math
import os
import secrets
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn

from camsim.camera import DEFAULT_BURST_HOLD, CameraSpec, Codec, SimCamera, default_streams

log = logging.getLogger(__name__)

# Places a demo province's cameras look at (Thái Nguyên city, Thái Nguyên province: the
# demo runs the TN profile); the OSD folds them to ASCII. These are public places, not
# personal data.
PLACES = (
    "Ngã tư Đồng Quang",
    "Cầu Gia Bẩy",
    "Quảng trường Võ Nguyên Giáp",
    "Chợ Thái",
    "Bến xe khách Thái Nguyên",
    "Ga Thái Nguyên",
    "Công viên Hồ Xương Rồng",
    "Bệnh viện Trung ương Thái Nguyên",
    "Cổng KCN Yên Bình",
    "Hồ Núi Cốc",
    "Ngã ba Lương Ngọc Quyến - Hoàng Văn Thụ",
    "Trường THPT Chuyên Thái Nguyên",
    "Đường Phan Đình Phùng",
    "Cầu Bến Tượng",
    "Quốc lộ 3 - Km 75",
    "Bảo tàng Văn hóa các dân tộc Việt Nam",
)


@dataclass
class FleetConfig:
    """How many cameras of which kind, where, and how they behave."""

    cameras: int = 8
    host: str = "127.0.0.1"
    base_port: int = 0  # 0: any free ports, reported in the inventory
    discovery_port: int | None = None  # default: base port (UDP), or any free port
    username: str = "admin"
    password: str | None = None  # None: a random password per fleet run
    fixed_every: int = 4  # every 4th camera is a fixed bullet, the rest PTZ domes
    gop_seconds: float = 1.0
    event_period: float = 10.0
    recording_days: int = 30
    faults: list[tuple[str, str, str | None]] = field(default_factory=list)
    codec: Codec = "h264"  # what every camera encodes, except those in h265_cameras
    h265_cameras: frozenset[str] = frozenset()  # camera ids that encode H.265
    media1_only: frozenset[str] = frozenset()  # camera ids without ONVIF Media 2
    # Camera ids that are NVRs or encoders: that many channels (video sources) at one address.
    channels: dict[str, int] = field(default_factory=dict)
    onvif_root: str = "/onvif"  # where every device serves ONVIF (``<root>/device_service``)


class _QuietServer(uvicorn.Server):
    """A uvicorn server that leaves signal handling to the fleet."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _bind_tcp(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class Fleet:
    """Starts and stops every simulated camera and the fleet's own endpoints."""

    def __init__(self, config: FleetConfig) -> None:
        self.config = config
        self.password = config.password or secrets.token_urlsafe(9)
        self.cameras: list[SimCamera] = []
        self.control_port = 0
        self.discovery_port = 0
        self._onvif: dict[str, tuple[_QuietServer, asyncio.Task[None]]] = {}
        self._control: tuple[_QuietServer, asyncio.Task[None]] | None = None
        self._rtsp: dict[str, Any] = {}
        self._glib: Any = None
        self._discovery: asyncio.DatagramTransport | None = None
        self._timers: set[asyncio.Task[None]] = set()
        self._locks: dict[str, asyncio.Lock] = {}
        self._cleared: dict[str, asyncio.Event] = {}

    def _specs(self, onvif_sockets: list[socket.socket]) -> list[CameraSpec]:
        cfg = self.config
        specs = []
        for i, sock in enumerate(onvif_sockets):
            number = i + 1
            place = PLACES[i % len(PLACES)]
            name = place if i < len(PLACES) else f"{place} {number // len(PLACES) + 1}"
            fixed = cfg.fixed_every > 0 and number % cfg.fixed_every == 0
            rtsp_port = cfg.base_port + 2 + 2 * i if cfg.base_port else _free_port(cfg.host)
            digest = hashlib.sha1(f"camsim-{number}".encode()).hexdigest()
            camera_id = f"cam{number:02d}"
            codec: Codec = "h265" if camera_id in cfg.h265_cameras else cfg.codec
            specs.append(
                CameraSpec(
                    index=i,
                    camera_id=camera_id,
                    name=name,
                    kind="fixed" if fixed else "dome",
                    host=cfg.host,
                    onvif_port=int(sock.getsockname()[1]),
                    rtsp_port=rtsp_port,
                    username=cfg.username,
                    password=self.password,
                    model="SIM-BULLET-4MM" if fixed else "SIM-DOME-20X",
                    serial=f"CS{digest[:10].upper()}",
                    mac=":".join(["02", *[digest[k : k + 2] for k in range(0, 10, 2)]]),
                    latitude=21.5942 + 0.004 * (i % 7),
                    longitude=105.8482 + 0.004 * (i // 7),
                    pan_offset=(i * 0.37) % 2.0,
                    gop_seconds=cfg.gop_seconds,
                    recording_days=cfg.recording_days,
                    streams=default_streams(codec, cfg.channels.get(camera_id, 1)),
                    media2=camera_id not in cfg.media1_only,
                    onvif_root=cfg.onvif_root,
                )
            )
        return specs

    async def start(self) -> None:
        """Bind every port and start serving; raises OSError if a port is taken."""
        from camsim.control import create_control_app
        from camsim.discovery import start_discovery
        from camsim.rtsp import CameraRtspServer, GLibLoop

        cfg = self.config
        control_sock = _bind_tcp(cfg.host, cfg.base_port)
        self.control_port = int(control_sock.getsockname()[1])
        onvif_socks = [
            _bind_tcp(cfg.host, cfg.base_port + 1 + 2 * i if cfg.base_port else 0)
            for i in range(cfg.cameras)
        ]
        started_at = time.time()
        self.cameras = [SimCamera(spec, started_at) for spec in self._specs(onvif_socks)]

        self._glib = GLibLoop()
        self._glib.start()
        for camera in self.cameras:
            self._rtsp[camera.spec.camera_id] = CameraRtspServer(camera, self._glib)

        for camera, sock in zip(self.cameras, onvif_socks, strict=True):
            self._onvif[camera.spec.camera_id] = self._serve_onvif(camera, sock)
        self._control = self._serve(create_control_app(self), control_sock)

        port = cfg.discovery_port if cfg.discovery_port is not None else cfg.base_port
        self._discovery = await start_discovery(self.cameras, cfg.host, port)
        self.discovery_port = int(self._discovery.get_extra_info("sockname")[1])

        await self._wait_started()
        for camera_id, kind, value in cfg.faults:
            self.apply_faults(camera_id, {kind: _fault_value(value)})

    def _serve(self, app: Any, sock: socket.socket) -> tuple[_QuietServer, asyncio.Task[None]]:
        config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
        server = _QuietServer(config)
        task = asyncio.get_running_loop().create_task(server.serve(sockets=[sock]))
        return server, task

    def _serve_onvif(
        self, camera: SimCamera, sock: socket.socket
    ) -> tuple[_QuietServer, asyncio.Task[None]]:
        from camsim.onvif.app import create_onvif_app

        return self._serve(create_onvif_app(camera, event_period=self.config.event_period), sock)

    async def _wait_started(self, limit: float = 20.0) -> None:
        servers = [s for s, _ in self._onvif.values()]
        if self._control:
            servers.append(self._control[0])
        deadline = time.monotonic() + limit
        while not all(s.started for s in servers):
            for _, task in [*self._onvif.values(), *([self._control] if self._control else [])]:
                if task.done() and task.exception():
                    raise RuntimeError("a simulator endpoint failed to start") from task.exception()
            if time.monotonic() > deadline:
                raise TimeoutError("simulator endpoints did not start")
            await asyncio.sleep(0.02)

    def camera(self, camera_id: str) -> SimCamera:
        for camera in self.cameras:
            if camera.spec.camera_id == camera_id:
                return camera
        raise KeyError(camera_id)

    def apply_faults(self, camera_id: str, faults: dict[str, Any]) -> dict[str, Any]:
        """Inject faults into one camera; see README "Faults on demand" for the keys."""
        camera = self.camera(camera_id)
        now = time.monotonic()
        f = camera.faults
        for key, value in faults.items():
            if key == "stream_drop":
                f.stream_down_until = now + float(value)
                self._rtsp[camera_id].drop_clients()
            elif key == "onvif_delay":
                f.onvif_delay = float(value)
            elif key == "soap_fault":
                f.soap_fault = bool(value)
            elif key == "malformed_xml":
                f.malformed_xml = bool(value)
            elif key == "offline":
                seconds = float(value)
                f.offline_until = now + seconds
                self._rtsp[camera_id].drop_clients()
                self._schedule(self._offline(camera, seconds))
            elif key == "rtp_bursts":
                f.set_rtp_bursts(*_burst_spec(value))
                # Streams are built bursty while the fault is on: restart running ones.
                self._rtsp[camera_id].drop_clients()
            else:
                raise ValueError(f"unknown fault: {key}")
        return f.snapshot()

    def clear_faults(self, camera_id: str) -> dict[str, Any]:
        """Clear every fault; an offline camera comes back within a moment."""
        camera = self.camera(camera_id)
        camera.faults.clear()
        if camera_id in self._cleared:
            self._cleared[camera_id].set()
        return camera.faults.snapshot()

    def _schedule(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._timers.add(task)
        task.add_done_callback(self._timers.discard)

    def _onvif_lock(self, camera_id: str) -> asyncio.Lock:
        return self._locks.setdefault(camera_id, asyncio.Lock())

    async def _offline(self, camera: SimCamera, seconds: float) -> None:
        """A camera that drops off the network: its ONVIF port stops answering."""
        camera_id = camera.spec.camera_id
        async with self._onvif_lock(camera_id):
            server, task = self._onvif[camera_id]
            if not task.done():
                server.should_exit = True
                await task
        # Until the fault ends or is cleared, whichever comes first.
        cleared = self._cleared.setdefault(camera_id, asyncio.Event())
        cleared.clear()
        remaining = camera.faults.offline_until - time.monotonic()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(cleared.wait(), max(0.0, remaining))
        if not camera.faults.offline():
            await self._bring_online(camera)

    async def _bring_online(self, camera: SimCamera) -> None:
        camera_id = camera.spec.camera_id
        async with self._onvif_lock(camera_id):
            _, task = self._onvif[camera_id]
            if task.done():
                sock = _bind_tcp(camera.spec.host, camera.spec.onvif_port)
                self._onvif[camera_id] = self._serve_onvif(camera, sock)

    def stream_stats(self, camera_id: str) -> dict[str, int]:
        """RTSP connections and running encoders of one camera (how many pulls it serves)."""
        rtsp = self._rtsp[self.camera(camera_id).spec.camera_id]
        return {
            "rtsp_clients": rtsp.client_count(),
            "encoders": rtsp.active_pipelines(),
            "frames_rendered": rtsp.frames_rendered(),
        }

    def store_recording(
        self, camera_id: str, stream: str, start: float, end: float, timeout: float = 120.0
    ) -> int:
        """Have ``[start, end)`` of a stream's recording stored now (see
        :func:`camsim.segments.store_range`); returns the segments it spans."""
        from camsim import segments  # GStreamer: imported where the media runs

        camera = self.camera(camera_id)
        start = max(start, camera.recording_start)
        end = min(end, time.time())
        if end <= start:
            raise ValueError("the range holds no recording")
        return segments.store_range(camera, camera.spec.stream(stream), start, end, timeout)

    def inventory(self) -> dict[str, Any]:
        """What the fleet offers, as written to the inventory file."""
        cfg = self.config
        return {
            "simulator": "vwall-camsim",
            "pid": os.getpid(),
            "host": cfg.host,
            "control_url": f"http://{cfg.host}:{self.control_port}",
            "discovery": {"host": cfg.host, "port": self.discovery_port},
            "cameras": [_camera_entry(c) for c in self.cameras],
        }

    async def stop(self) -> None:
        """Stop everything; safe to call more than once."""
        for task in list(self._timers):
            task.cancel()
        servers = [*self._onvif.values(), *([self._control] if self._control else [])]
        for server, _ in servers:
            server.should_exit = True
        for _, task in servers:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(task, 10)
        self._onvif.clear()
        self._control = None
        if self._discovery is not None:
            self._discovery.close()
            self._discovery = None
        for rtsp in self._rtsp.values():
            rtsp.close()
        self._rtsp.clear()
        if self._glib is not None:
            self._glib.stop()
            self._glib = None


def _fault_value(value: str | None) -> Any:
    if value is None or value.lower() in ("true", "yes", "on"):
        return True
    if value.lower() in ("false", "no", "off"):
        return False
    if value.endswith("ms") and "-" in value:  # rtp_bursts=200-600ms: the hold range
        low, _, high = value[:-2].partition("-")
        return {"hold_ms": [float(low), float(high)]}
    return float(value)


def _burst_spec(value: Any) -> tuple[float, tuple[float, float]]:
    """``rtp_bursts``: ``true`` (until cleared), seconds, or
    ``{"hold_ms": [low, high], "seconds": S}``; returns (seconds, hold range in s)."""
    hold = DEFAULT_BURST_HOLD
    if isinstance(value, bool):
        if not value:
            raise ValueError("rtp_bursts: clear faults with DELETE")
        return math.inf, hold
    if isinstance(value, int | float):
        return float(value), hold
    if not isinstance(value, dict) or set(value) - {"hold_ms", "seconds"}:
        raise ValueError('rtp_bursts: true, seconds or {"hold_ms": [low, high], "seconds": S}')
    seconds = float(value.get("seconds", math.inf))
    if "hold_ms" in value:
        hold_ms = value["hold_ms"]
        if isinstance(hold_ms, int | float) and not isinstance(hold_ms, bool):
            hold_ms = [hold_ms, hold_ms]
        if not isinstance(hold_ms, list) or len(hold_ms) != 2:
            raise ValueError("rtp_bursts: hold_ms is [low, high] in milliseconds")
        hold = (float(hold_ms[0]) / 1000.0, float(hold_ms[1]) / 1000.0)
    return seconds, hold


def _camera_entry(camera: SimCamera) -> dict[str, Any]:
    spec = camera.spec
    return {
        "id": spec.camera_id,
        "index": spec.index,
        "name": spec.name,
        "kind": spec.kind,
        "ptz": spec.has_ptz,
        "manufacturer": spec.manufacturer,
        "model": spec.model,
        "serial": spec.serial,
        "mac": spec.mac,
        "location": {"latitude": spec.latitude, "longitude": spec.longitude},
        "onvif": {"host": spec.host, "port": spec.onvif_port, "url": spec.onvif_url},
        "username": spec.username,
        "password": spec.password,
        "rtsp": {
            **{s.key: spec.rtsp_url(s) for s in spec.streams},
            "replay": spec.replay_url,
        },
        "streams": [
            {"name": s.name, "width": s.width, "height": s.height, "fps": s.fps, "codec": s.codec}
            for s in spec.streams
            if s.channel == 1
        ],
        # Every video source (one on a camera; an NVR's channels), with its profiles.
        "channels": [
            {
                "channel": channel,
                "source": f"vs_{channel}",
                "profiles": [s.profile_token for s in spec.streams if s.channel == channel],
                "rtsp": {s.name: spec.rtsp_url(s) for s in spec.streams if s.channel == channel},
            }
            for channel in spec.channels
        ],
        "codec": spec.streams[0].codec,
        "media2": spec.media2,
        "gop_seconds": spec.gop_seconds,
        "recording_start": camera.recording_start,
    }
