# SPDX-License-Identifier: GPL-3.0-or-later
"""GStreamer pipelines of the relay worker: one pull per camera stream, one muxer per player.

A :class:`Pull` runs ``rtspsrc ! depay ! parse config-interval=-1 ! appsink`` (H.264 or
H.265, as the camera's RTP announces: :data:`DEPAYLOADERS`) and hands every access unit to
its :class:`Branch` objects (one per grant). A branch has one
:class:`Viewer` per player connected over HTTP (:mod:`hub.media.http_out`), each running
``appsrc ! mpegtsmux ! appsink`` into the player's response. The pull and the viewers are
separate pipelines, so a player comes and goes without touching the pull, and a pull that
fails and restarts leaves every connection in place. Only this module and the worker
import ``gi``.

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

from hub.media.http_out import Connection  # noqa: E402
from hub.media.pacing import Pacer  # noqa: E402
from hub.media.protocol import OutputSpec, SourceSpec, redact, url_secrets  # noqa: E402

log = logging.getLogger(__name__)

GOP_CACHE_MAX = 600  # access units kept from the last key frame (bounded for long GOPs)
RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0)  # seconds between pull attempts after a failure
STALL_SECONDS = 6.0  # a playing pull with no frame for this long is restarted
CONNECT_SECONDS = 15.0  # a pull that has not delivered a frame by then is restarted
NTP_UNIX_OFFSET = 2_208_988_800  # seconds from 1900-01-01 (ONVIF replay clock) to 1970
# What follows rtspsrc for each video codec the relay carries (RTP encoding-name): one
# access unit per buffer in byte-stream form, parameter sets before every key frame.
DEPAYLOADERS = {
    "H264": "rtph264depay ! h264parse config-interval=-1 "
    '! capsfilter caps="video/x-h264,stream-format=byte-stream,alignment=au"',
    "H265": "rtph265depay ! h265parse config-interval=-1 "
    '! capsfilter caps="video/x-h265,stream-format=byte-stream,alignment=au"',
}


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


class Viewer:
    """One player's connection: ``appsrc ! mpegtsmux ! appsink`` into its HTTP response.

    Every viewer starts on a key frame: it gets the key frame the pull last saw and the
    frames since (restamped to "now", so the player shows them at once and stays live);
    before the pull has a key frame it waits for the next one (the parser puts parameter sets
    in front of each, ``mpegtsmux`` repeats PAT/PMT). Live frames after that keep the
    camera's spacing (:class:`~hub.media.pacing.Pacer`: a bursty camera plays smoothly);
    a replay's keep their arrival (the device paces a replay at its rate).
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.frames_sent = 0
        self._need_key = True
        self._pacer = Pacer()
        self._caps: Any = None
        self.pipeline: Any = Gst.parse_launch(
            "appsrc name=src is-live=true format=time max-bytes=8000000 leaky-type=downstream "
            "! mpegtsmux alignment=0 "
            "! appsink name=sink emit-signals=true sync=false max-buffers=200 drop=true "
            "buffer-list=true"
        )
        self._src: Any = self.pipeline.get_by_name("src")
        self.pipeline.get_by_name("sink").connect("new-sample", self._on_sample)

    def start(self) -> None:
        """Run the muxer; raises ``RuntimeError`` when it cannot start."""
        if self.pipeline.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE:
            self.pipeline.set_state(Gst.State.NULL)
            raise RuntimeError("the stream muxer did not start")

    def stop(self) -> None:
        """End the muxer and the player's connection."""
        self.connection.close()
        self.pipeline.set_state(Gst.State.NULL)

    def restart_on_key(self) -> None:
        """Drop access units until the next key frame (the pull restarted)."""
        self._need_key = True
        self._pacer.restart()

    def feed(self, buffer: Any, caps: Any, key: bool, gop: list[Any], live: bool) -> bool:
        """Pass one access unit on (pull streaming thread, branch lock held); returns
        False once the connection has ended. ``live``: paced on the camera's times."""
        if self.connection.closed.is_set():
            return False
        if self._need_key and not key:
            if not gop:
                return True
            for cached in gop:
                self._push(cached, caps, False)
        self._need_key = False
        self._push(buffer, caps, live)
        return True

    def _push(self, buffer: Any, caps: Any, paced: bool) -> None:
        if caps is not None and caps is not self._caps:
            self._src.set_property("caps", caps)
            self._caps = caps
        clock = self.pipeline.get_clock()
        if clock is None:
            return
        # Restamp on this pipeline's running time: players show a cached GOP at once and a
        # pull that restarted (new timestamps) continues the same timeline.
        now = clock.get_time() - self.pipeline.get_base_time()
        source = buffer.dts if buffer.dts != Gst.CLOCK_TIME_NONE else buffer.pts
        if paced and source != Gst.CLOCK_TIME_NONE:
            dts = self._pacer.paced(now, source)
        else:
            dts = self._pacer.at_once(now)
        out = buffer.copy()
        offset = 0
        if buffer.pts != Gst.CLOCK_TIME_NONE and buffer.dts != Gst.CLOCK_TIME_NONE:
            offset = max(0, buffer.pts - buffer.dts)
        out.dts = dts
        out.pts = dts + offset
        out.duration = Gst.CLOCK_TIME_NONE
        if self._src.emit("push-buffer", out) == Gst.FlowReturn.OK:
            self.frames_sent += 1

    def _on_sample(self, sink: Any) -> Any:
        """Transport-stream packets from the muxer (its streaming thread): with
        ``alignment=0`` and ``buffer-list=true`` one sample holds all the packets of one
        access unit, sent on at once (7-packet groups held a picture's last packets back
        until the next picture, a frame interval of delay, and cost a call per group)."""
        sample = sink.emit("pull-sample")
        if sample is None:
            return Gst.FlowReturn.OK
        packets = sample.get_buffer_list()
        buffers = (
            [packets.get(i) for i in range(packets.length())]
            if packets is not None
            else [sample.get_buffer()]
        )
        parts = []
        for buffer in buffers:
            ok, info = buffer.map(Gst.MapFlags.READ)
            if not ok:
                continue
            try:
                parts.append(bytes(info.data))
            finally:
                buffer.unmap(info)
        data = b"".join(parts)
        if not data:
            return Gst.FlowReturn.OK
        if not self.connection.send(data):
            return Gst.FlowReturn.EOS
        return Gst.FlowReturn.OK


class Branch:
    """One grant: its token and the players connected with it, fed from its pull."""

    def __init__(self, spec: OutputSpec) -> None:
        self.spec = spec
        self.frames_sent = 0
        self.bytes_sent = 0
        self._lock = threading.Lock()
        self._viewers: list[Viewer] = []
        self._closed = False

    @property
    def callers(self) -> int:
        """Players connected now."""
        with self._lock:
            return len(self._viewers)

    def attach(self, connection: Connection) -> bool:
        """(HTTP thread) Start feeding a player; False when the grant is closed."""
        viewer = Viewer(connection)
        viewer.start()
        with self._lock:
            if not self._closed:
                self._viewers.append(viewer)
                return True
        viewer.stop()
        return False

    def detach(self, connection: Connection) -> None:
        """(HTTP thread) A player's connection ended: stop its muxer."""
        with self._lock:
            gone = [v for v in self._viewers if v.connection is connection]
            self._viewers = [v for v in self._viewers if v.connection is not connection]
        for viewer in gone:
            self._count(viewer)
            viewer.stop()

    def stop(self) -> None:
        """Close the grant: every player connected with it loses the stream now."""
        with self._lock:
            self._closed = True
            viewers, self._viewers = self._viewers, []
        for viewer in viewers:
            self._count(viewer)
            viewer.stop()

    def _count(self, viewer: Viewer) -> None:
        self.frames_sent += viewer.frames_sent
        self.bytes_sent += viewer.connection.bytes_sent

    def restart_on_key(self) -> None:
        """Drop access units until the next key frame (the pull restarted)."""
        with self._lock:
            for viewer in self._viewers:
                viewer.restart_on_key()

    def feed(self, buffer: Any, caps: Any, key: bool, gop: list[Any], live: bool) -> None:
        """Pass one access unit on (pull streaming thread); ``gop`` is the cache before it."""
        with self._lock:
            if not self._viewers:
                return
            ended = [v for v in self._viewers if not v.feed(buffer, caps, key, gop, live)]
        for viewer in ended:  # the connection's own thread detaches and stops it
            viewer.connection.close()

    def health(self) -> dict[str, Any]:
        """Counters for the supervisor's health report."""
        with self._lock:
            viewers = list(self._viewers)
        return {
            "output_id": self.spec.output_id,
            "source_key": self.spec.source.key,
            "callers": len(viewers),
            "frames_sent": self.frames_sent + sum(v.frames_sent for v in viewers),
            "bytes_sent": self.bytes_sent + sum(v.connection.bytes_sent for v in viewers),
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
        self.codec = ""  # RTP encoding-name of the camera's video, once it announced it
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
        # A replay (ONVIF onvif-mode) asks its start in the first PLAY (Range: clock=), and
        # resumes after a failure from the last time it showed (buffer times are NTP clock
        # times then).
        self._position = spec.start
        # The latest replay unit passed on (NTP ns): a device asked again (a resumed pull,
        # or rtspsrc pausing and playing) starts on the key frame before; repeats are not
        # shown twice.
        self._newest_pts = 0
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
            self._gop = []
        try:
            self._pipeline = self._build()
        except GLib.Error as exc:
            self._fail(f"cannot build the pull: {exc.message}")
            return
        bus = self._pipeline.get_bus()
        bus.add_signal_watch()
        self._bus_watch = bus.connect("message", self._on_message)
        seek = self._replay_seek()
        if seek is not None and not self._pipeline.get_by_name("src").send_event(seek):
            self._fail("the camera refused the replay seek")
            return
        if self._pipeline.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE:
            self._fail(_bus_error(self._pipeline) or "the pull did not start")

    def _build(self) -> Any:
        bare, user, password = _split_credentials(self.spec.url)
        # Nothing received over TCP is ever dropped: drop-on-latency=true made the
        # jitterbuffer throw away the oldest packets whenever more than `latency` of a
        # bursty camera's RTP waited in it (frames lost or damaged in the relay while the
        # camera's own stream decoded clean), and the appsink blocks instead of dropping
        # (its samples are taken at once by _on_sample, so it never fills). The depayloader
        # and parser follow the codec the camera announces (_on_pad_added).
        pipeline = Gst.parse_launch(
            "rtspsrc name=src protocols=tcp latency=100 drop-on-latency=false "
            "appsink name=sink emit-signals=true sync=false max-buffers=100 drop=false"
        )
        src = pipeline.get_by_name("src")
        src.set_property("location", bare)
        if self._position is not None:
            src.set_property("onvif-mode", True)
        else:
            # Times from the camera's RTP alone: the default ("slave") bends them toward
            # the arrival of a bursty camera's packets, and viewers pace live frames on
            # them (Viewer).
            src.set_property("buffer-mode", 0)
        if user:
            src.set_property("user-id", user)
            src.set_property("user-pw", password)
        self._generation += 1
        src.connect("pad-added", self._on_pad_added, pipeline, self._generation)
        pipeline.get_by_name("sink").connect("new-sample", self._on_sample, self._generation)
        return pipeline

    def _on_pad_added(self, _src: Any, pad: Any, pipeline: Any, generation: int) -> None:
        """(rtspsrc's thread) A stream of the camera: depayload and parse its video."""
        try:
            self._link_video(pad, pipeline, generation)
        except Exception as exc:  # a GLib.Error from a chain, or a broken pad
            log.exception("pull %s: linking the camera's stream failed", self.spec.key)
            GLib.idle_add(self._fail_generation, f"cannot relay the stream: {exc}", generation)

    def _link_video(self, pad: Any, pipeline: Any, generation: int) -> None:
        caps = pad.get_current_caps() or pad.query_caps(None)
        structure = caps.get_structure(0) if caps is not None and caps.get_size() else None
        if structure is None or structure.get_string("media") != "video":
            return  # audio or metadata: not relayed (rtspsrc leaves the pad unlinked)
        encoding = (structure.get_string("encoding-name") or "").upper()
        chain = DEPAYLOADERS.get(encoding)
        sink = pipeline.get_by_name("sink")
        if chain is None or sink.get_static_pad("sink").is_linked():
            if chain is None:
                error = f"the camera sends {encoding or 'unnamed'} video, which is not relayed"
                GLib.idle_add(self._fail_generation, error, generation)
            return
        depay = Gst.parse_bin_from_description(chain, True)
        pipeline.add(depay)
        if pad.link(depay.get_static_pad("sink")) != Gst.PadLinkReturn.OK or not depay.link(sink):
            GLib.idle_add(self._fail_generation, f"cannot relay {encoding} video", generation)
            return
        depay.sync_state_with_parent()
        with self._lock:
            self.codec = encoding

    def _fail_generation(self, error: str, generation: int) -> bool:
        if generation == self._generation and self._pipeline is not None:
            self._fail(error)
        return False

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

    def _replay_seek(self) -> Any:
        """The replay's start (and rate) as an ONVIF clock seek, sent to ``rtspsrc`` before
        it plays: it keeps it for the first PLAY (``Range: clock=``, ``Scale``), so nothing
        of another time is ever received. ``None`` for a live pull."""
        if self._position is None:
            return None
        flags = Gst.SeekFlags.FLUSH
        if self.spec.rate != 1.0:
            flags |= Gst.SeekFlags.TRICKMODE  # ONVIF "Scale: r" (every frame, faster)
        clock_ns = round((self._position + NTP_UNIX_OFFSET) * Gst.SECOND)
        none = Gst.SeekType.NONE
        return Gst.Event.new_seek(
            self.spec.rate, Gst.Format.TIME, flags, Gst.SeekType.SET, clock_ns, none, -1
        )

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
            clock_pts = NTP_UNIX_OFFSET * Gst.SECOND < buffer.pts < Gst.CLOCK_TIME_NONE
            if self._position is not None and clock_pts:
                if buffer.pts <= self._newest_pts:
                    return Gst.FlowReturn.OK
                self._newest_pts = buffer.pts
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
                branch.feed(buffer, self._caps, key, self._gop, self._position is None)
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
                "codec": self.codec,
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
