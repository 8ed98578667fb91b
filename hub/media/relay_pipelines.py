# SPDX-License-Identifier: GPL-3.0-or-later
"""GStreamer pipelines of the relay worker: one pull per camera stream, one SRT branch per grant.

A :class:`Pull` runs ``rtspsrc ! depay ! h264parse config-interval=-1 ! appsink`` and hands
every access unit to its :class:`Branch` objects, which each run
``appsrc ! mpegtsmux ! srtsink mode=listener`` on the grant's own port and passphrase. The
pull and the branches are separate pipelines, so a branch opens and closes without touching
the pull, and a pull that fails and restarts leaves every listener (and the consoles
connected to it) in place.

A branch feeds its listener only while a caller is connected, and starts every caller on a
key frame: when the first caller arrives it gets the key frame the pull last saw and the
frames since (restamped to "now", so the player shows them at once and stays live), and a
later caller waits for the next key frame (``h264parse`` puts SPS/PPS in front of each, and
``mpegtsmux`` repeats PAT/PMT). Only this module and the worker import ``gi``.

An archive pull is the same chain with ``rtspsrc onvif-mode=true`` and a flushing clock seek
(ONVIF ``Range: clock=``, ``Scale``) once the camera answers; after a failure it resumes from
the last time it showed.
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.parse
from typing import Any

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402

from hub.media.protocol import OutputSpec, SourceSpec, redact, url_secrets  # noqa: E402

log = logging.getLogger(__name__)

GOP_CACHE_MAX = 600  # access units kept from the last key frame (bounded for long GOPs)
RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0)  # seconds between pull attempts after a failure
STALL_SECONDS = 6.0  # a playing pull with no frame for this long is restarted
CONNECT_SECONDS = 15.0  # a pull that has not delivered a frame by then is restarted
MS = Gst.MSECOND
NTP_UNIX_OFFSET = 2_208_988_800  # seconds from 1900-01-01 (ONVIF replay clock) to 1970


def _split_credentials(url: str) -> tuple[str, str, str]:
    """``url`` without user-info, and the (unquoted) user and password that were in it."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, "", ""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    bare = urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    user = urllib.parse.unquote(parts.username or "")
    return bare, user, urllib.parse.unquote(parts.password or "")


class Branch:
    """One grant's SRT listener fed with the access units of its pull."""

    def __init__(self, spec: OutputSpec) -> None:
        self.spec = spec
        self.callers = 0
        self.frames_sent = 0
        self.bytes_sent = 0
        self._lock = threading.Lock()
        self._need_key = True
        self._burst = False
        self._last_dts = -1
        self._caps: Any = None
        self.pipeline: Any = Gst.parse_launch(
            "appsrc name=src is-live=true format=time max-bytes=8000000 leaky-type=downstream "
            "! mpegtsmux name=mux alignment=7 "
            "! srtsink name=sink mode=listener sync=false async=false wait-for-connection=false"
        )
        self._src: Any = self.pipeline.get_by_name("src")
        sink = self.pipeline.get_by_name("sink")
        sink.set_property("uri", f"srt://{spec.host}:{spec.port}?mode=listener")
        sink.set_property("localaddress", spec.host)
        sink.set_property("localport", spec.port)
        sink.set_property("passphrase", spec.passphrase)
        sink.set_property("pbkeylen", spec.pbkeylen)
        sink.set_property("latency", spec.latency_ms)
        sink.connect("caller-added", self._on_caller_added)
        sink.connect("caller-removed", self._on_caller_removed)
        self._sink: Any = sink

    def start(self) -> None:
        """Bind the listener; raises ``RuntimeError`` when the port cannot be used."""
        if self.pipeline.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE:
            detail = _bus_error(self.pipeline)
            self.pipeline.set_state(Gst.State.NULL)
            raise RuntimeError(f"cannot listen on {self.spec.host}:{self.spec.port}: {detail}")

    def stop(self) -> None:
        """Close the listener and every caller on it."""
        self.pipeline.set_state(Gst.State.NULL)

    def _on_caller_added(self, _sink: Any, _fd: int, _addr: Any) -> None:
        with self._lock:
            self.callers += 1
            if self.callers == 1:
                self._need_key = True
                self._burst = True

    def _on_caller_removed(self, _sink: Any, _fd: int, _addr: Any) -> None:
        with self._lock:
            self.callers = max(0, self.callers - 1)

    def restart_on_key(self) -> None:
        """Drop access units until the next key frame (the pull restarted)."""
        with self._lock:
            self._need_key = True
            self._burst = False

    def feed(self, buffer: Any, caps: Any, key: bool, gop: list[Any]) -> None:
        """Pass one access unit on (pull streaming thread); ``gop`` is the cache before it."""
        with self._lock:
            if self.callers == 0:
                return
            if self._need_key and not key:
                if not (self._burst and gop):
                    return
                for cached in gop:
                    self._push(cached, caps)
            self._need_key = False
            self._burst = False
            self._push(buffer, caps)

    def _push(self, buffer: Any, caps: Any) -> None:
        if caps is not None and caps is not self._caps:
            self._src.set_property("caps", caps)
            self._caps = caps
        clock = self.pipeline.get_clock()
        if clock is None:
            return
        # Restamp on this pipeline's running time: players show a cached GOP at once and a
        # pull that restarted (new timestamps) continues the same timeline.
        now = clock.get_time() - self.pipeline.get_base_time()
        dts = max(now, self._last_dts + MS)
        self._last_dts = dts
        out = buffer.copy()
        offset = 0
        if buffer.pts != Gst.CLOCK_TIME_NONE and buffer.dts != Gst.CLOCK_TIME_NONE:
            offset = max(0, buffer.pts - buffer.dts)
        out.dts = dts
        out.pts = dts + offset
        out.duration = Gst.CLOCK_TIME_NONE
        if self._src.emit("push-buffer", out) == Gst.FlowReturn.OK:
            self.frames_sent += 1
            self.bytes_sent += out.get_size()

    def health(self) -> dict[str, Any]:
        """Counters for the supervisor's health report."""
        with self._lock:
            return {
                "output_id": self.spec.output_id,
                "source_key": self.spec.source.key,
                "port": self.spec.port,
                "callers": self.callers,
                "frames_sent": self.frames_sent,
                "bytes_sent": self.bytes_sent,
            }


class Pull:
    """One camera stream pulled once; retries with back-off until it is stopped."""

    def __init__(self, spec: SourceSpec) -> None:
        self.spec = spec
        self.state = "connecting"
        self.last_error = ""
        self.frames = 0
        self.bytes = 0
        self.restarts = 0
        self.branches: dict[str, Branch] = {}
        self._secrets = url_secrets(spec.url)
        self._lock = threading.Lock()
        self._gop: list[Any] = []
        self._caps: Any = None
        self._pipeline: Any = None
        self._bus_watch = 0
        self._failures = 0
        self._last_frame = 0.0
        self._started_at = 0.0
        self._retry_source = 0
        self._stopped = False
        self._generation = 0
        # A replay (ONVIF onvif-mode, Range: clock=) seeks once playing, and resumes after a
        # failure from the last time it showed (buffer times are NTP clock times then).
        self._position = spec.start
        self._needs_seek = False
        self._seek_scheduled = False
        self._watchdog = GLib.timeout_add(1000, self._check_stall)

    # Everything below except _on_sample runs on the worker's GLib main loop.

    def add(self, branch: Branch) -> None:
        """Serve one more grant from this pull (starting it if it was idle)."""
        with self._lock:
            self.branches[branch.spec.output_id] = branch
        if self._pipeline is None and not self._retry_source:
            self._start()

    def remove(self, output_id: str) -> Branch | None:
        """Stop serving a grant; returns it (or None)."""
        with self._lock:
            return self.branches.pop(output_id, None)

    def stop(self, wait: bool = True) -> None:
        """Stop pulling (the camera sees its RTSP session end)."""
        self._stopped = True
        GLib.source_remove(self._watchdog)
        if self._retry_source:
            GLib.source_remove(self._retry_source)
            self._retry_source = 0
        self._teardown(wait)

    def _start(self) -> None:
        self._retry_source = 0
        if self._stopped:
            return
        with self._lock:
            self.state = "connecting"
            self._started_at = time.monotonic()
            self._needs_seek = self._position is not None
            self._seek_scheduled = False
        try:
            self._pipeline = self._build()
        except GLib.Error as exc:
            self._fail(f"cannot build the pull: {exc.message}")
            return
        bus = self._pipeline.get_bus()
        bus.add_signal_watch()
        self._bus_watch = bus.connect("message", self._on_message)
        if self._pipeline.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE:
            self._fail(_bus_error(self._pipeline) or "the pull did not start")

    def _build(self) -> Any:
        bare, user, password = _split_credentials(self.spec.url)
        pipeline = Gst.parse_launch(
            "rtspsrc name=src protocols=tcp latency=100 drop-on-latency=true "
            "! application/x-rtp,media=video,encoding-name=H264 ! rtph264depay "
            "! h264parse config-interval=-1 "
            "! video/x-h264,stream-format=byte-stream,alignment=au "
            "! appsink name=sink emit-signals=true sync=false max-buffers=100 drop=true"
        )
        src = pipeline.get_by_name("src")
        src.set_property("location", bare)
        if self._position is not None:
            src.set_property("onvif-mode", True)
        if user:
            src.set_property("user-id", user)
            src.set_property("user-pw", password)
        self._generation += 1
        pipeline.get_by_name("sink").connect("new-sample", self._on_sample, self._generation)
        return pipeline

    def _teardown(self, wait: bool) -> None:
        pipeline, self._pipeline = self._pipeline, None
        with self._lock:
            self._gop = []
        if pipeline is None:
            return
        bus = pipeline.get_bus()
        bus.disconnect(self._bus_watch)
        bus.remove_signal_watch()

        def to_null() -> None:  # rtspsrc may wait for a TEARDOWN answer
            pipeline.set_state(Gst.State.NULL)

        if wait:
            to_null()
        else:
            threading.Thread(target=to_null, name="pull-teardown", daemon=True).start()

    def _fail(self, error: str) -> None:
        with self._lock:
            self.last_error = redact(" ".join(error.split()), self._secrets)
            self.state = "error"
            self._generation += 1  # samples still queued in the old pipeline are ignored
        self._teardown(wait=False)
        if self._stopped:
            return
        delay = RETRY_DELAYS[min(self._failures, len(RETRY_DELAYS) - 1)]
        self._failures += 1
        self.restarts += 1
        log.info("pull %s failed (%s); retry in %.1f s", self.spec.key, self.last_error, delay)
        self._retry_source = GLib.timeout_add(int(delay * 1000), self._retry)

    def _retry(self) -> bool:
        self._start()
        return False

    def _on_message(self, _bus: Any, message: Any) -> None:
        if message.type == Gst.MessageType.ERROR:
            err, debug = message.parse_error()
            self._fail(f"{err.message} ({debug or ''})")
        elif message.type == Gst.MessageType.EOS:
            self._fail("the camera ended the stream")

    def _seek(self, generation: int) -> bool:
        """Ask the camera for the replay's start (and rate) with an ONVIF clock seek."""
        if generation != self._generation or self._pipeline is None or self._position is None:
            return False
        flags = Gst.SeekFlags.FLUSH
        if self.spec.rate != 1.0:
            flags |= Gst.SeekFlags.TRICKMODE  # ONVIF "Scale: r" (every frame, faster)
        clock_ns = round((self._position + NTP_UNIX_OFFSET) * Gst.SECOND)
        none = Gst.SeekType.NONE
        seek = (self.spec.rate, Gst.Format.TIME, flags, Gst.SeekType.SET, clock_ns, none, -1)
        if not self._pipeline.seek(*seek):
            self._fail("the camera refused the replay seek")
            return False
        with self._lock:
            self._needs_seek = False
            self._gop = []
        return False

    def _check_stall(self) -> bool:
        if self._pipeline is None:
            return True
        now = time.monotonic()
        if self.state == "playing" and now - self._last_frame > STALL_SECONDS:
            self._fail(f"no video for {STALL_SECONDS:.0f} s")
        elif self.state == "connecting" and now - self._started_at > CONNECT_SECONDS:
            self._fail(f"no video within {CONNECT_SECONDS:.0f} s of connecting")
        return True

    def _on_sample(self, sink: Any, generation: int) -> Any:
        """An access unit from the camera (pull streaming thread)."""
        sample = sink.emit("pull-sample")
        if sample is None or generation != self._generation:
            return Gst.FlowReturn.OK
        buffer = sample.get_buffer()
        key = not buffer.has_flags(Gst.BufferFlags.DELTA_UNIT)
        with self._lock:
            if self._needs_seek:  # what plays before the replay's seek is not wanted
                if not self._seek_scheduled:
                    self._seek_scheduled = True
                    GLib.idle_add(self._seek, generation)
                return Gst.FlowReturn.OK
            clock_pts = NTP_UNIX_OFFSET * Gst.SECOND < buffer.pts < Gst.CLOCK_TIME_NONE
            if self._position is not None and clock_pts:
                self._position = buffer.pts / Gst.SECOND - NTP_UNIX_OFFSET
            if self.state != "playing":
                self.state = "playing"
                self._failures = 0
                self.last_error = ""
                for branch in self.branches.values():
                    branch.restart_on_key()
            self._last_frame = time.monotonic()
            self.frames += 1
            self.bytes += buffer.get_size()
            caps = sample.get_caps()
            if self._caps is None or not caps.is_equal(self._caps):
                self._caps = caps
            for branch in self.branches.values():
                branch.feed(buffer, self._caps, key, self._gop)
            if key:
                self._gop = [buffer]
            elif self._gop and len(self._gop) < GOP_CACHE_MAX:
                self._gop.append(buffer)
        return Gst.FlowReturn.OK

    def health(self) -> dict[str, Any]:
        """State and counters for the supervisor's health report."""
        with self._lock:
            return {
                "source_key": self.spec.key,
                "state": self.state,
                "last_error": self.last_error,
                "frames": self.frames,
                "bytes": self.bytes,
                "idle_seconds": round(time.monotonic() - self._last_frame, 1)
                if self._last_frame
                else None,
                "restarts": self.restarts,
                "outputs": sorted(self.branches),
                "replay_position": self._position,
            }


def _bus_error(pipeline: Any) -> str:
    """The text of the first error message waiting on ``pipeline``'s bus, if any."""
    message = pipeline.get_bus().pop_filtered(Gst.MessageType.ERROR)
    if message is None:
        return ""
    err, debug = message.parse_error()
    return f"{err.message} ({debug or ''})"
