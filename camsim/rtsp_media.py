# SPDX-License-Identifier: GPL-3.0-or-later
"""Media pipelines of the simulated camera's RTSP server: frame feeds and factories.

A :class:`FrameFeed` renders the camera's scene into an ``appsrc`` at the stream's frame
rate (live, or replayed from a time T at a speed); the factories build one
``appsrc ! x264enc ! rtph264pay`` pipeline per media: shared between viewers for the live
streams, one per client for replay.

Replay time mapping: a replay feed shows ``anchor_time + elapsed × speed``. An ONVIF
``Range: clock=`` PLAY arrives as a flushing TIME seek whose position is nanoseconds
since 1900-01-01 (the NTP epoch); any smaller position is an NPT offset from the start
asked for in the URL query. Buffer timestamps advance with running time; after a seek at
rate r (ONVIF ``Scale: r``) the segment says rate 1, applied rate r (the frames already
run fast, so the PLAY answer carries ``Scale: r``) and starts at the seek position, so a
frame's stream time is the NTP time it shows.
"""

from __future__ import annotations

import itertools
import logging
import math
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
gi.require_version("GstVideo", "1.0")
from gi.repository import Gst, GstRtspServer, GstVideo  # noqa: E402

from camsim.rtsp_replay import (  # noqa: E402
    NTP_THRESHOLD_NS,
    SECOND,
    ReplayRequest,
    ReplayRequestError,
    ntp_ns_to_unix,
)
from camsim.scene import to_i420  # noqa: E402

if TYPE_CHECKING:
    from camsim.camera import SimCamera, StreamSpec

log = logging.getLogger(__name__)

_names = itertools.count(1)


@dataclass
class FeedStats:
    """Counters shared by all feeds of one camera, read by tests and the benchmark."""

    frames: int = 0
    skipped: int = 0
    active: int = 0

    def __post_init__(self) -> None:
        self.lock = threading.Lock()


class FrameFeed:
    """Renders one media's frames into its ``appsrc``, paced at the stream's rate.

    Frames are produced on demand (``need-data``, on the appsrc's streaming thread), so
    a consumer that stalls stops rendering instead of piling frames up; if the machine
    falls behind, frames are skipped so the picture never drifts from wall time.
    """

    def __init__(
        self,
        camera: SimCamera,
        stream: StreamSpec,
        stats: FeedStats,
        replay: ReplayRequest | None = None,
    ) -> None:
        self.camera = camera
        self.stream = stream
        self.stats = stats
        self.replay = replay
        self.period = 1.0 / stream.fps
        self._renderer = camera.renderer(stream.width, stream.height)
        self._lock = threading.Lock()
        self._anchor_pts = 0  # ns: PTS of frame index 0
        self._anchor_time = replay.start if replay else 0.0  # Unix time shown at index 0
        self._rate = 1.0  # speed asked by a seek (ONVIF Scale)
        self._segment: Any = None  # the segment that says so, pushed with the frames
        self._caps: Any = None
        self._index = -1
        self._pending_rate = 1.0
        # A replay client drops what is sent before its PLAY answer (the preroll), so
        # the first frame sent while playing (and after each seek) must be a key frame.
        self._key_frame_wanted = replay is not None
        self._encoder: Any = None
        self.active = False

    def _speed_locked(self) -> float:
        return self._rate * (self.replay.scale if self.replay else 1.0)

    def attach(self, appsrc: Any, encoder: Any) -> None:
        """Feed ``appsrc`` (``format=time``); ``encoder`` is asked for a key frame after a seek."""
        self._encoder = encoder
        self._caps = appsrc.get_property("caps")
        appsrc.connect("need-data", self._on_need_data)
        if self.replay is not None:
            appsrc.connect("seek-data", self._on_seek_data)
            pad = appsrc.get_static_pad("src")
            pad.add_probe(Gst.PadProbeType.EVENT_UPSTREAM, self._on_upstream_event)

    def set_active(self, active: bool) -> None:
        """Count this feed in the camera's active pipelines (media prepared) or not."""
        with self.stats.lock:
            if active != self.active:
                self.stats.active += 1 if active else -1
                self.active = active

    def _shown_time_locked(self, index: int) -> float:
        now = time.time()
        if self.replay is None:
            return now
        shown = self._anchor_time + index * self.period * self._speed_locked()
        return min(shown, now)  # a replay that reaches the present stays at the live edge

    def _on_upstream_event(self, _pad: Any, info: Any) -> Any:
        try:
            event = info.get_event()
            if event is not None and event.type == Gst.EventType.SEEK:
                rate = event.parse_seek()[0]
                with self._lock:
                    self._pending_rate = float(rate)
        except Exception:
            log.exception("camera %s: seek probe failed", self.camera.spec.camera_id)
        return Gst.PadProbeReturn.OK

    def _on_seek_data(self, _appsrc: Any, offset: int) -> bool:
        try:
            return self._seek(int(offset))
        except Exception:
            log.exception("camera %s: replay seek failed", self.camera.spec.camera_id)
            return False

    def _seek(self, offset: int) -> bool:
        assert self.replay is not None
        with self._lock:
            rate = self._pending_rate
            if rate <= 0.0:
                log.warning(
                    "camera %s: reverse replay is not supported", self.camera.spec.camera_id
                )
                return False
            if offset >= NTP_THRESHOLD_NS:
                shown = ntp_ns_to_unix(offset)
            else:
                shown = self.replay.start + offset / SECOND * self.replay.scale
            self._anchor_time = min(max(shown, self.camera.recording_start), time.time())
            self._anchor_pts = offset
            self._rate = rate
            self._segment = _applied_rate_segment(offset, rate) if rate != 1.0 else None
            self._index = -1
            self._key_frame_wanted = True
        log.info(
            "camera %s: replay seek to %s at rate %.2f",
            self.camera.spec.camera_id,
            datetime.fromtimestamp(self._anchor_time, UTC).isoformat(),
            rate,
        )
        return True

    def _on_need_data(self, appsrc: Any, _length: int) -> None:
        try:
            self._push_frame(appsrc)
        except Exception:
            log.exception(
                "camera %s: feeding %s failed", self.camera.spec.camera_id, self.stream.name
            )

    def _next_index(self, appsrc: Any) -> tuple[int, float, bool]:
        """The next frame's index, how long to wait for its slot (s), whether playing.

        Frame ``i`` is due at running time ``i × period`` (running time restarts at a
        flushing seek, as the index does). While the pipeline plays, a frame that is due
        is produced at once, earlier ones are skipped; before that (preroll) frames just
        follow each other and the sinks hold them.
        """
        running = _running_time(appsrc)
        with self._lock:
            index = self._index + 1
            wait = 0.0
            if running is not None:
                due = math.floor(running / self.period)
                if due > index:  # fell behind (or was blocked): skip to the present
                    with self.stats.lock:
                        self.stats.skipped += due - index
                    index = due
                wait = min(index * self.period - running, 2 * self.period)
            self._index = index
            return index, wait, running is not None

    def _push_frame(self, appsrc: Any) -> None:
        index, wait, playing = self._next_index(appsrc)
        if wait > 0:
            time.sleep(wait)
        with self._lock:
            shown = self._shown_time_locked(index)
            # Time runs at wall speed in the buffers; a seek's rate (ONVIF Scale) is
            # applied by the source: the segment says rate 1, applied rate = Scale.
            pts = self._anchor_pts + round(index * self.period * SECOND)
            duration = round(self.period * SECOND)
            segment = self._segment
            key_frame = self._key_frame_wanted and playing
            if key_frame:
                self._key_frame_wanted = False
        if key_frame and self._encoder is not None:  # a client decodes from the seek on
            event = GstVideo.video_event_new_upstream_force_key_unit(Gst.CLOCK_TIME_NONE, True, 0)
            self._encoder.get_static_pad("src").send_event(event)
        frame = self._renderer.render(shown, self.camera.position(), replay=self.replay is not None)
        buf = Gst.Buffer.new_wrapped(to_i420(frame))
        buf.pts = pts
        buf.dts = pts
        buf.duration = duration
        if segment is None:
            result = appsrc.emit("push-buffer", buf)
        else:
            result = appsrc.emit("push-sample", Gst.Sample.new(buf, self._caps, segment, None))
        with self.stats.lock:
            self.stats.frames += 1
        if result not in (Gst.FlowReturn.OK, Gst.FlowReturn.FLUSHING):
            log.debug("camera %s: push-buffer returned %s", self.camera.spec.camera_id, result)


def _applied_rate_segment(start: int, rate: float) -> Any:
    """A TIME segment from ``start`` whose data already runs ``rate`` times fast."""
    segment = Gst.Segment()
    segment.init(Gst.Format.TIME)
    segment.start = segment.time = segment.position = start
    segment.applied_rate = rate
    return segment


def _running_time(element: Any) -> float | None:
    """The pipeline's running time in seconds while ``element`` plays, else ``None``."""
    clock = element.get_clock()
    if clock is None:
        return None
    _res, state, pending = element.get_state(0)
    if state != Gst.State.PLAYING or pending not in (Gst.State.VOID_PENDING, Gst.State.PLAYING):
        return None
    running: int = clock.get_time() - element.get_base_time()
    return max(0, running) / SECOND


def build_bin(camera: SimCamera, stream: StreamSpec, seekable: bool) -> tuple[Any, Any, Any]:
    """The ``appsrc ! x264enc ! rtph264pay name=pay0`` bin of one media, its appsrc and encoder."""
    gop = max(1, round(stream.fps * camera.spec.gop_seconds))
    caps = (
        f"video/x-raw,format=I420,width={stream.width},height={stream.height},"
        f"framerate={stream.fps}/1"
    )
    # Replay is not live: it prerolls, so a PAUSE and a seek (ONVIF Range: clock=) work.
    launch = (
        f"appsrc name=src is-live={'false' if seekable else 'true'} format=time block=false "
        f"handle-segment-change={'true' if seekable else 'false'} "
        f"max-buffers=2 leaky-type=downstream min-latency=0 max-latency={SECOND} "
        f"stream-type={'seekable' if seekable else 'stream'} "
        f'caps="{caps}" '
        f"! x264enc name=enc speed-preset=ultrafast tune=zerolatency threads=1 bframes=0 "
        f"key-int-max={gop} bitrate={stream.bitrate_kbps} "
        f"! rtph264pay name=pay0 pt=96 config-interval=-1"
    )
    name = f"{camera.spec.camera_id}-{stream.name}-{next(_names)}"
    pipeline_bin = Gst.parse_bin_from_description(launch, False)
    pipeline_bin.set_name(name)
    return pipeline_bin, pipeline_bin.get_by_name("src"), pipeline_bin.get_by_name("enc")


class _FeedRegistry:
    """The feeds of one camera keyed by their bin's name, so media signals find them.

    Weak: a feed lives as long as its appsrc (whose signal handlers hold it).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._feeds: weakref.WeakValueDictionary[str, FrameFeed] = weakref.WeakValueDictionary()

    def add(self, name: str, feed: FrameFeed) -> None:
        with self._lock:
            self._feeds[name] = feed

    def pop(self, name: str) -> FrameFeed | None:
        with self._lock:
            return self._feeds.pop(name, None)

    def get(self, name: str) -> FrameFeed | None:
        with self._lock:
            return self._feeds.get(name)


class MediaHooks:
    """What the factories share with their server: camera, counters, feed registry."""

    def __init__(self, camera: SimCamera, stats: FeedStats) -> None:
        self.camera = camera
        self.stats = stats
        self.feeds = _FeedRegistry()

    def media_configure(self, _factory: Any, media: Any) -> None:
        """Track the media's life so the feed counts as active only while prepared."""
        try:
            name = media.get_element().get_name()
            media.connect("prepared", self._on_prepared, name)
            media.connect("unprepared", self._on_unprepared, name)
        except Exception:
            log.exception("camera %s: media-configure failed", self.camera.spec.camera_id)

    def _on_prepared(self, _media: Any, name: str) -> None:
        feed = self.feeds.get(name)
        if feed is not None:
            feed.set_active(True)

    def _on_unprepared(self, _media: Any, name: str) -> None:
        feed = self.feeds.pop(name)  # its pipeline is in NULL now: nothing feeds it
        if feed is not None:
            feed.set_active(False)

    def make_bin(self, stream: StreamSpec, replay: ReplayRequest | None) -> Any:
        """A new media bin fed by a new :class:`FrameFeed`."""
        pipeline_bin, appsrc, encoder = build_bin(self.camera, stream, seekable=replay is not None)
        feed = FrameFeed(self.camera, stream, self.stats, replay)
        feed.attach(appsrc, encoder)
        self.feeds.add(pipeline_bin.get_name(), feed)
        return pipeline_bin


class LiveFactory(GstRtspServer.RTSPMediaFactory):  # type: ignore[misc]
    """A live stream (``/main``, ``/sub``): one encoder shared by all its viewers."""

    def __init__(self, hooks: MediaHooks, stream: StreamSpec) -> None:
        super().__init__()
        self._hooks = hooks
        self._stream = stream
        self.set_shared(True)
        self.connect("media-configure", hooks.media_configure)

    def do_create_element(self, _url: Any) -> Any:
        try:
            return self._hooks.make_bin(self._stream, None)
        except Exception:
            log.exception(
                "camera %s: building %s failed",
                self._hooks.camera.spec.camera_id,
                self._stream.name,
            )
            return None


class ReplayFactory(GstRtspServer.RTSPOnvifMediaFactory):  # type: ignore[misc]
    """Recorded video (``/replay``): one pipeline per client, positioned by query or seek."""

    def __init__(self, hooks: MediaHooks, validate: Callable[[str | None], ReplayRequest]) -> None:
        super().__init__()
        self._hooks = hooks
        self._validate = validate
        self.set_shared(False)
        self.set_replay_support(True)
        self.set_media_gtype(GstRtspServer.RTSPOnvifMedia.__gtype__)
        self.connect("media-configure", hooks.media_configure)

    def do_gen_key(self, _url: Any) -> None:
        return None  # never cache: each client gets its own media

    def do_create_element(self, url: Any) -> Any:
        try:
            request = self._validate(url.query)
        except ReplayRequestError as exc:
            log.info("camera %s: replay refused: %s", self._hooks.camera.spec.camera_id, exc)
            return None
        try:
            stream = self._hooks.camera.spec.stream(request.stream)
            return self._hooks.make_bin(stream, request)
        except Exception:
            log.exception("camera %s: building replay failed", self._hooks.camera.spec.camera_id)
            return None
