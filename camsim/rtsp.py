# SPDX-License-Identifier: GPL-3.0-or-later
"""The simulated camera's RTSP server: live H.264 streams and replay, with digest auth.

One :class:`GLibLoop` (a GLib main loop on a daemon thread) can serve many cameras; each
:class:`CameraRtspServer` listens on its camera's RTSP port with ``/main``, ``/sub``
(encoded only while watched, shared between viewers) and ``/replay`` (one pipeline per
client; start time by ``?start=…&scale=…`` or by ONVIF ``Range: clock=…`` + ``Scale``).
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

from camsim.camera import SimCamera  # noqa: E402
from camsim.rtsp_media import FeedStats, LiveFactory, MediaHooks, ReplayFactory  # noqa: E402
from camsim.rtsp_replay import (  # noqa: E402
    FUTURE_SLACK,
    NTP_UNIX_OFFSET,
    SECOND,
    ReplayRequest,
    ReplayRequestError,
    resolve_replay,
    strip_control,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
ROLE = "viewer"
REPLAY_MOUNT = "/replay"
FAULT_POLL_MS = 250
CLIENT_THREADS = 4  # a request blocking on a pipeline holds up only clients on its thread
# How long a DESCRIBE waits for the media a vanished viewer left to be torn down.
RELEASE_WAIT_S = 2.0

_gst_lock = threading.Lock()
_gst_ready = False
# What is still open at interpreter exit is closed first: a GStreamer thread calling into
# Python while the interpreter finalizes would abort the process.
_open_servers: weakref.WeakSet[CameraRtspServer] = weakref.WeakSet()
_running_loops: weakref.WeakSet[GLibLoop] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for server in list(_open_servers):
        server.close()
    for loop in list(_running_loops):
        loop.stop()


def init_gstreamer() -> None:
    """Initialise GStreamer once per process."""
    global _gst_ready
    with _gst_lock:
        if not _gst_ready:
            Gst.init(None)
            _gst_ready = True


class GLibLoop:
    """A GLib main loop with its own main context, running on a daemon thread."""

    def __init__(self, name: str = "camsim-glib") -> None:
        init_gstreamer()
        self.context: Any = GLib.MainContext.new()
        self._loop: Any = GLib.MainLoop.new(self.context, False)
        self._name = name
        self._thread: threading.Thread | None = None
        self._started = threading.Event()

    def start(self) -> None:
        """Start the loop thread (idempotent)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()
        _running_loops.add(self)
        if not self._started.wait(10.0):
            raise RuntimeError("GLib loop did not start")

    def _run(self) -> None:
        self.context.push_thread_default()
        try:
            self._attach_idle(self._started.set)
            self._loop.run()
        finally:
            self.context.pop_thread_default()

    def stop(self, timeout: float = 10.0) -> None:
        """Quit the loop and join its thread."""
        _running_loops.discard(self)
        thread = self._thread
        if thread is None:
            return
        self._attach_idle(self._loop.quit)
        thread.join(timeout)
        if thread.is_alive():
            log.warning("GLib loop thread did not stop within %.1f s", timeout)
        self._thread = None

    @property
    def running(self) -> bool:
        """Whether the loop thread runs."""
        return self._thread is not None and self._thread.is_alive()

    def in_loop_thread(self) -> bool:
        """Whether the caller is the loop's own thread."""
        return threading.current_thread() is self._thread

    def _attach_idle(self, fn: Callable[[], object]) -> None:
        def once(*_args: object) -> bool:
            fn()
            return False

        source = GLib.idle_source_new()
        source.set_callback(once)
        source.attach(self.context)

    def call(self, fn: Callable[[], T], wait: bool = True, timeout: float = 10.0) -> T | None:
        """Run ``fn`` on the loop thread.

        Args:
            fn: what to run; its exceptions are re-raised to a waiting caller, logged otherwise.
            wait: block until it ran and return its result.
            timeout: how long to wait, in seconds.

        Returns:
            ``fn``'s result when waiting, else ``None``.

        Raises:
            TimeoutError: the loop did not run ``fn`` in time.
        """
        if self.in_loop_thread():
            return fn() if wait else self._run_logged(fn)
        if not self.running:
            raise RuntimeError("GLib loop is not running")
        done = threading.Event()
        box: dict[str, Any] = {}

        def run() -> None:
            try:
                box["result"] = fn()
            except BaseException as exc:  # handed to the waiting caller
                box["error"] = exc
                if not wait:
                    log.exception("call on the GLib loop failed")
            finally:
                done.set()

        self._attach_idle(run)
        if not wait:
            return None
        if not done.wait(timeout):
            raise TimeoutError("GLib loop did not run the call in time")
        if "error" in box:
            raise box["error"]
        result: T = box["result"]
        return result

    @staticmethod
    def _run_logged(fn: Callable[[], object]) -> None:
        try:
            fn()
        except Exception:
            log.exception("call on the GLib loop failed")


class CameraRtspServer:
    """One camera's RTSP server on ``camera.spec.host:camera.spec.rtsp_port``."""

    def __init__(self, camera: SimCamera, loop: GLibLoop) -> None:
        self.camera = camera
        self.loop = loop
        self.stats = FeedStats()
        self._hooks = MediaHooks(camera, self.stats)
        self._live: dict[str, LiveFactory] = {}  # mount → factory
        self._source_id = 0
        self._fault_source: Any = None
        self._server: Any = None
        self._port = 0
        loop.start()
        loop.call(self._setup)
        _open_servers.add(self)

    # -- public API ------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        return self._port

    def url(self, mount: str, with_credentials: bool = False) -> str:
        """``rtsp://[user:pass@]host:port<mount>`` of this camera."""
        spec = self.camera.spec
        cred = f"{spec.username}:{spec.password}@" if with_credentials else ""
        return f"rtsp://{cred}{spec.host}:{self._port}{mount}"

    def active_pipelines(self) -> int:
        """How many media pipelines (encoders) run now."""
        with self.stats.lock:
            return self.stats.active

    def frames_rendered(self) -> int:
        """Frames rendered and pushed to encoders since the server started."""
        with self.stats.lock:
            return self.stats.frames

    def client_count(self) -> int:
        """How many RTSP connections are open."""
        result = self.loop.call(
            lambda: len(self._server.client_filter(None)) if self._server else 0
        )
        return int(result or 0)

    def drop_clients(self) -> int:
        """Close every client connection of this camera now (their sessions end).

        Returns:
            how many connections were closed.
        """
        result = self.loop.call(self._drop_clients)
        return int(result or 0)

    def close(self, timeout: float = 5.0) -> None:
        """Stop listening, drop all clients, free the port and wait for encoders to stop.

        Args:
            timeout: how long to wait for the running pipelines to be torn down.
        """
        _open_servers.discard(self)
        if self.loop.running:
            self.loop.call(self._teardown)
        deadline = time.monotonic() + timeout
        while self.active_pipelines() > 0:  # torn down on the media threads
            if time.monotonic() > deadline:
                log.warning("camera %s: pipelines still running", self.camera.spec.camera_id)
                break
            time.sleep(0.01)

    # -- loop-thread side ------------------------------------------------------------

    def _setup(self) -> None:
        spec = self.camera.spec
        server = GstRtspServer.RTSPOnvifServer.new()
        server.set_address(spec.host)
        server.set_service(str(spec.rtsp_port))
        server.set_auth(self._make_auth())
        server.get_thread_pool().set_max_threads(CLIENT_THREADS)
        mounts = server.get_mount_points()
        for stream in spec.streams:
            factory = LiveFactory(self._hooks, stream)
            self._permit(factory)
            mounts.add_factory(stream.mount, factory)
            self._live[stream.mount] = factory
        for channel in spec.channels:  # one recording per channel
            replay = ReplayFactory(self._hooks, self._replay_request, channel)
            self._permit(replay)
            mounts.add_factory(spec.replay_mount(channel), replay)
        server.connect("client-connected", self._on_client_connected)
        self._source_id = server.attach(self.loop.context)
        if self._source_id == 0:
            raise OSError(f"cannot listen on {spec.host}:{spec.rtsp_port}")
        self._server = server
        self._port = int(server.get_bound_port())
        self._fault_source = GLib.timeout_source_new(FAULT_POLL_MS)
        self._fault_source.set_callback(self._poll_faults)
        self._fault_source.attach(self.loop.context)
        log.info("camera %s: RTSP on %s:%d", spec.camera_id, spec.host, self._port)

    def _make_auth(self) -> Any:
        auth = GstRtspServer.RTSPAuth.new()
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, ROLE)
        spec = self.camera.spec
        auth.add_digest(spec.username, spec.password, token)
        return auth

    @staticmethod
    def _permit(factory: Any) -> None:
        perms = Gst.Structure.new_from_string(
            f"{ROLE}, media.factory.access=(boolean)true, media.factory.construct=(boolean)true"
        )
        factory.add_role_from_structure(perms)

    def _teardown(self) -> None:
        if self._fault_source is not None:
            self._fault_source.destroy()
            self._fault_source = None
        if self._server is not None:
            source = self.loop.context.find_source_by_id(self._source_id)
            if source is not None:
                source.destroy()
            self._drop_clients()
            self._server = None
        log.info("camera %s: RTSP closed", self.camera.spec.camera_id)

    def _drop_clients(self) -> int:
        if self._server is None:
            return 0

        def remove(_server: Any, _client: Any, *_data: Any) -> Any:
            return GstRtspServer.RTSPFilterResult.REMOVE

        dropped = len(self._server.client_filter(None))  # REMOVE results are not listed
        self._server.client_filter(remove)
        if dropped:
            log.info("camera %s: dropped %d RTSP client(s)", self.camera.spec.camera_id, dropped)
        return dropped

    def _poll_faults(self, *_args: Any) -> bool:
        try:
            if self._server is not None and self.camera.faults.stream_down():
                self._drop_clients()
        except Exception:
            log.exception("camera %s: fault poll failed", self.camera.spec.camera_id)
        return True

    def _on_client_connected(self, _server: Any, client: Any) -> None:
        try:
            client.connect("pre-describe-request", self._pre_describe)
            for signal in ("pre-setup-request", "pre-play-request"):
                client.connect(signal, self._pre_request)
        except Exception:
            log.exception("camera %s: client-connected failed", self.camera.spec.camera_id)

    def _pre_describe(self, client: Any, ctx: Any) -> Any:
        try:
            uri = ctx.uri
            live = self._live.get(str(uri.abspath or "")) if uri is not None else None
            if live is not None:
                live.wait_released(RELEASE_WAIT_S)
        except Exception:
            log.exception("camera %s: describe check failed", self.camera.spec.camera_id)
        return self._pre_request(client, ctx)

    def _pre_request(self, client: Any, ctx: Any) -> Any:
        try:
            uri = ctx.uri
            if uri is not None and self._is_replay(str(uri.abspath or "")):
                # A recorder sends its archive under TCP flow control and never drops
                # any of it: gst-rtsp-server drops what a slow client has not taken
                # (its backlog) unless told not to, which cut frames out of an
                # as-fast-as-read replay on a busy machine.
                client.set_property("drop-backlog", False)
            return self._check_request(ctx)
        except Exception:
            log.exception("camera %s: request check failed", self.camera.spec.camera_id)
            return GstRtsp.RTSPStatusCode.INTERNAL_SERVER_ERROR

    def _check_request(self, ctx: Any) -> Any:
        if self.camera.faults.stream_down():
            return GstRtsp.RTSPStatusCode.SERVICE_UNAVAILABLE
        uri = ctx.uri
        if uri is None or not self._is_replay(str(uri.abspath or "")):
            return GstRtsp.RTSPStatusCode.OK
        try:
            self._replay_request(strip_control(uri.query))
            if ctx.request is not None:
                self._check_clock_range(ctx.request)
        except ReplayRequestError as exc:
            log.info("camera %s: replay refused: %s", self.camera.spec.camera_id, exc)
            return GstRtsp.RTSPStatusCode.INVALID_RANGE
        return GstRtsp.RTSPStatusCode.OK

    def _is_replay(self, path: str) -> bool:
        spec = self.camera.spec
        return any(path.startswith(spec.replay_mount(c)) for c in spec.channels)

    def _replay_request(self, query: str | None) -> ReplayRequest:
        return resolve_replay(query, self.camera.recording_start)

    def _check_clock_range(self, request: Any) -> None:
        res, value = request.get_header(GstRtsp.RTSPHeaderField.RANGE, 0)
        if res != GstRtsp.RTSPResult.OK or not value or not value.strip().startswith("clock="):
            return
        res, rng = GstRtsp.rtsp_range_parse(value)
        if res != GstRtsp.RTSPResult.OK:
            raise ReplayRequestError(f"bad Range: {value}")
        ok, start_ns, _stop_ns = GstRtsp.rtsp_range_get_times(rng)
        future = start_ns / SECOND - NTP_UNIX_OFFSET > time.time() + FUTURE_SLACK
        if ok and start_ns != Gst.CLOCK_TIME_NONE and future:
            raise ReplayRequestError("replay start is in the future")
