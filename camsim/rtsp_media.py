# SPDX-License-Identifier: GPL-3.0-or-later
"""Media pipelines of the simulated camera's RTSP server: frame feeds and factories.

A :class:`FrameFeed` renders the camera's scene into an ``appsrc`` at the stream's frame
rate (live, or replayed from a time T at a speed); the factories build one
``appsrc ! x264enc|x265enc ! rtph26Xpay`` pipeline per media: shared between viewers for the live
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
import os
import random
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

from camsim import segments  # noqa: E402
from camsim.rtsp_replay import (  # noqa: E402
    NTP_THRESHOLD_NS,
    SECOND,
    ReplayRequest,
    ReplayRequestError,
    ntp_ns_to_unix,
    unix_to_ntp_ns,
)
from camsim.scene import to_i420  # noqa: E402

if TYPE_CHECKING:
    from camsim.camera import SimCamera, StreamSpec

log = logging.getLogger(__name__)

_names = itertools.count(1)
TRICK_BATCHES = 5  # trick play encodes a GOP in this many pieces (each from a key frame)


@dataclass
class FeedStats:
    """Counters shared by all feeds of one camera, read by tests and the benchmark."""

    frames: int = 0
    skipped: int = 0
    active: int = 0
    stored_units: int = 0  # access units a replay sent from the stored recording

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
        self._renderer = camera.renderer(stream.width, stream.height, stream.channel)
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
        # The RTSP media of a replay: a client that asks ``Rate-Control: no`` (ONVIF
        # replay) gets frames as fast as they are made instead of at the stream's rate.
        self.media: Any = None

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
        follow each other and the sinks hold them. A replay whose client asked
        ``Rate-Control: no`` is not paced: frames follow each other as fast as they are
        rendered and encoded (the server's sinks do not sync then either).
        """
        running = _running_time(appsrc)
        media = self.media
        unpaced = media is not None and not media.get_rate_control()
        with self._lock:
            index = self._index + 1
            wait = 0.0
            if running is not None and not unpaced:
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


@dataclass(frozen=True)
class AccessUnitOut:
    """Whether a unit sent is a key frame (a stored or a re-encoded one)."""

    key: bool


class StoredFeed:
    """Serves a replay from the stored recording (:mod:`camsim.segments`), by stream copy.

    At the recorded speed the replay sends the stored access units from the asked time:
    from a stored key frame when the time is one, else the frames up to the next stored
    key frame re-encoded (the first a key frame) and the stored ones from there. Each unit
    is stamped so its stream time is the NTP time it was recorded at (a segment with
    ``time`` = the first unit's NTP time and ``applied_rate`` = the speed). Paced at the
    stream's rate, or as fast as they are read when the client asked ``Rate-Control:
    no``. The first unit sent while playing is a key frame (a client drops the preroll):
    re-encoded for a paced viewer; for a bulk copy the stored key frame at or before the
    asked time, as a recorder starts on the preceding I-frame (nothing between it and the
    time is left out, so a client that asks again from where it was loses no frame, it
    gets a few twice). Units not made
    yet are waited for (a cold range goes as fast as the encoder), and so is the present.

    At another speed (ONVIF ``Scale``, or ``scale=`` in the query) it plays back as a
    recorder's trick play: the frames every ``speed`` × frame period, rendered and
    encoded in short groups of pictures, one frame period apart.
    """

    def __init__(
        self, camera: SimCamera, stream: StreamSpec, stats: FeedStats, replay: ReplayRequest
    ) -> None:
        self.camera = camera
        self.stream = stream
        self.stats = stats
        self.replay = replay
        self.active = False
        self.media: Any = None
        self._store = segments.store()
        self._lock = threading.Lock()
        self._pending_rate = 1.0
        self._caps: Any = None
        self._position(replay.start, 0, 1.0, ntp=False)
        self._key_frame_wanted = True

    def _position(self, shown: float, offset: int, rate: float, ntp: bool) -> None:
        """Start over at ``shown`` (lock held or unshared)."""
        self._rate = rate
        start = segments.segment_start(shown)
        self._segment_obj = self._store.segment(self.camera, self.stream, start, lazy=True)
        wanted = round((shown - start) * SECOND)
        while not self._trick_locked():  # the units up to ``shown`` (a segment being made)
            have = len(self._segment_obj.units)
            done = self._segment_obj.complete or self._segment_obj.failed
            if done or (have and self._segment_obj.units[-1].pts >= wanted):
                break
            if self._segment_obj.unit(have) is None:
                break
        self._index = self._segment_obj.key_at_or_before(wanted)
        self._fd: int | None = None
        self._fd_key: tuple[str, str, int] | None = None
        self._headers_due = self._index > 0  # a key frame inside: give it the headers
        self._bridge: list[tuple[bytes, bool, float]] = []
        self._rate = rate
        units = self._segment_obj.units
        key_time = start + units[self._index].pts / SECOND if units else shown
        self._trick_next = shown  # faster or slower than recorded: frames made from here
        if self._trick_locked():
            self._bridge = self._trick_batch(shown)
        elif abs(key_time - shown) > 0.0005:  # between key frames: start at ``shown`` exactly
            self._start_bridge(shown)
        self._anchor_time = shown if self._bridge else key_time  # the first unit's time
        self._anchor_pts = offset
        speed = rate * self.replay.scale
        segment_time = unix_to_ntp_ns(self._anchor_time) if ntp else offset
        self._segment = _applied_rate_segment(offset, speed, segment_time)
        self._new_segment = True

    def _trick_locked(self) -> bool:
        """Whether the replay runs at another speed than recorded (ONVIF Scale ≠ 1)."""
        return self._speed_locked() != 1.0

    def _trick_batch(self, shown: float) -> list[tuple[bytes, bool, float]]:
        """A group of pictures of a replay at another speed than recorded, from ``shown``:
        the frames a recorder's trick play shows (every ``speed`` × frame period of the
        recording, one a frame period apart), re-encoded, the first a key frame."""
        speed = self._speed_locked()
        step = speed / self.stream.fps
        count = max(1, round(self.stream.fps * self.camera.spec.gop_seconds / TRICK_BATCHES))
        times = [shown + i * step for i in range(count)]
        self._trick_next = times[-1] + step
        data = segments.encode_bridge(self.camera, self.stream, times)
        return [(d, i == 0, t) for i, (d, t) in enumerate(zip(data, times, strict=False))]

    def _plan_bridge(self, shown: float) -> tuple[list[float], segments.Segment, int]:
        """The frames to re-encode from ``shown`` up to the next stored key frame, and
        where the stored units resume (segment, index)."""
        seg, index = self._segment_obj, 0
        wanted = round((shown - seg.start) * SECOND)
        media = self.media
        if media is not None and not media.get_rate_control():  # a bulk copy: no bridge,
            return [], seg, seg.key_at_or_before(wanted)  # from the key frame before
        while (unit := seg.unit(index)) is not None and (unit.pts <= wanted or not unit.key):
            index += 1
        if unit is None:  # no key frame after it in this segment: the next one's first
            seg = self._store.segment(
                self.camera, self.stream, seg.start + segments.SEGMENT_SECONDS
            )
            index = 0
            next_key = float(seg.start)
        else:
            next_key = seg.start + unit.pts / SECOND
        period = 1.0 / self.stream.fps
        count = max(1, math.ceil((next_key - shown) / period - 0.5))
        return [shown + i * period for i in range(count)], seg, index

    def _start_bridge(self, shown: float) -> None:
        """Send the frames from ``shown`` up to the next stored key frame re-encoded (the
        first a key frame), then the stored units from that key frame on."""
        times, seg, index = self._plan_bridge(shown)
        data = segments.encode_bridge(self.camera, self.stream, times) if times else []
        if seg is not self._segment_obj:
            self._close_fd()
        self._bridge = [(d, i == 0, t) for i, (d, t) in enumerate(zip(data, times, strict=False))]
        self._segment_obj, self._index = seg, index
        self._headers_due = True

    def _speed_locked(self) -> float:
        return self._rate * self.replay.scale

    def attach(self, appsrc: Any, _encoder: Any) -> None:
        """Feed ``appsrc`` (``format=time``, encoded caps)."""
        self._caps = appsrc.get_property("caps")
        appsrc.connect("need-data", self._on_need_data)
        appsrc.connect("seek-data", self._on_seek_data)
        pad = appsrc.get_static_pad("src")
        pad.add_probe(Gst.PadProbeType.EVENT_UPSTREAM, self._on_upstream_event)

    def set_active(self, active: bool) -> None:
        """Count this feed in the camera's active pipelines (media prepared) or not."""
        with self.stats.lock:
            if active != self.active:
                self.stats.active += 1 if active else -1
                self.active = active

    def _on_upstream_event(self, _pad: Any, info: Any) -> Any:
        try:
            event = info.get_event()
            if event is not None and event.type == Gst.EventType.SEEK:
                with self._lock:
                    self._pending_rate = float(event.parse_seek()[0])
        except Exception:
            log.exception("camera %s: seek probe failed", self.camera.spec.camera_id)
        return Gst.PadProbeReturn.OK

    def _on_seek_data(self, _appsrc: Any, offset: int) -> bool:
        try:
            offset = int(offset)
            with self._lock:
                rate = self._pending_rate
                if rate <= 0.0:
                    log.warning(
                        "camera %s: reverse replay is not supported", self.camera.spec.camera_id
                    )
                    return False
                ntp = offset >= NTP_THRESHOLD_NS
                if ntp:
                    shown = ntp_ns_to_unix(offset)
                else:
                    shown = self.replay.start + offset / SECOND * self.replay.scale
                shown = min(max(shown, self.camera.recording_start), time.time())
                self._close_fd()
                self._position(shown, offset, rate, ntp)
                self._key_frame_wanted = True
            log.info(
                "camera %s: stored replay seek to %s at rate %.2f",
                self.camera.spec.camera_id,
                datetime.fromtimestamp(shown, UTC).isoformat(),
                rate,
            )
            return True
        except Exception:
            log.exception("camera %s: replay seek failed", self.camera.spec.camera_id)
            return False

    def _close_fd(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
            self._fd_key = None

    def _on_need_data(self, appsrc: Any, _length: int) -> None:
        try:
            self._push_unit(appsrc)
        except Exception:
            log.exception(
                "camera %s: replaying %s failed", self.camera.spec.camera_id, self.stream.name
            )

    def _next_locked(
        self, playing: bool, unpaced: bool
    ) -> tuple[Any, int, bytes, Any, float] | None:
        """The next unit to send: (unit, pts, bytes, segment or None, its recording time)."""
        speed = self._speed_locked()
        if self._trick_locked():
            if self._key_frame_wanted and playing and self._bridge and not self._bridge[0][1]:
                self._bridge = self._trick_batch(self._bridge[0][2])  # a key frame first
            elif not self._bridge:
                self._bridge = self._trick_batch(self._trick_next)
        elif self._key_frame_wanted and playing and not unpaced:
            # A viewer decodes from the first unit sent while playing: a key frame, made
            # here (paced playback shows the asked time at once). A client that asked
            # Rate-Control: no (a bulk copy) gets the stored key frame before instead.
            if self._bridge:
                _data, key, at = self._bridge[0]
                if not key:
                    self._start_bridge(at)
            else:
                seg = self._segment_obj
                unit = seg.unit(self._index)
                if unit is not None and not unit.key:
                    self._start_bridge(seg.start + unit.pts / SECOND)
        if self._key_frame_wanted and playing and unpaced and not self._trick_locked():
            while self._bridge and not self._bridge[0][1]:
                self._bridge.pop(0)  # on to a stored key frame (below)
        if self._bridge:
            data, key, at = self._bridge.pop(0)
            if playing:
                self._key_frame_wanted = False
            pts = self._anchor_pts + round((at - self._anchor_time) / speed * SECOND)
            segment = self._segment if self._new_segment else None
            self._new_segment = False
            return AccessUnitOut(key), pts, data, segment, at
        while True:
            seg = self._segment_obj
            unit = seg.unit(self._index)
            if unit is None:
                if seg.failed:
                    return None
                # The segment is whole: on to the next one.
                self._close_fd()
                self._segment_obj = self._store.segment(
                    self.camera, self.stream, seg.start + segments.SEGMENT_SECONDS
                )
                self._index = 0
                self._headers_due = False
                continue
            if self._key_frame_wanted and playing and not unit.key:
                if unpaced:  # a bulk copy leaves nothing out: its key frame again
                    self._index = seg.key_at_or_before(unit.pts)
                    self._headers_due = True
                    continue
                self._index += 1  # a client decodes from a key frame on
                continue
            break
        if playing:
            self._key_frame_wanted = False
        if self._fd is None and seg.complete:
            self._fd = os.open(seg.path.with_suffix(".es"), os.O_RDONLY)
            self._fd_key = seg.key
        data = seg.data(self._index, self._fd if seg.complete else None)
        if self._headers_due and unit.key:
            data = seg.headers + data
            self._headers_due = False
        at = seg.start + unit.pts / SECOND
        pts = self._anchor_pts + round((at - self._anchor_time) / speed * SECOND)
        segment = self._segment if self._new_segment else None
        self._new_segment = False
        self._index += 1
        return unit, pts, data, segment, at

    def _push_unit(self, appsrc: Any) -> None:
        running = _running_time(appsrc)
        media = self.media
        unpaced = media is not None and not media.get_rate_control()
        with self._lock:
            found = self._next_locked(running is not None, unpaced)
            speed = self._speed_locked()
            anchor_time = self._anchor_time
        if found is None:
            appsrc.emit("end-of-stream")
            return
        unit, pts, data, segment, at = found
        while at > time.time():  # the present is not recorded yet
            if appsrc.get_static_pad("src").flags & Gst.PadFlags.FLUSHING:
                return
            time.sleep(min(at - time.time(), 0.05))
        if running is not None and not unpaced:
            due = (at - anchor_time) / speed
            wait = due - running
            if wait > 0:
                time.sleep(min(wait, 2.0))
        buf = Gst.Buffer.new_wrapped(data)
        buf.pts = pts
        buf.dts = pts
        buf.duration = round(SECOND / self.stream.fps / speed)
        if not unit.key:
            buf.set_flags(Gst.BufferFlags.DELTA_UNIT)
        if segment is None:
            result = appsrc.emit("push-buffer", buf)
        else:
            result = appsrc.emit("push-sample", Gst.Sample.new(buf, self._caps, segment, None))
        with self.stats.lock:
            self.stats.stored_units += 1
        if result not in (Gst.FlowReturn.OK, Gst.FlowReturn.FLUSHING):
            log.debug("camera %s: push-buffer returned %s", self.camera.spec.camera_id, result)


def _applied_rate_segment(start: int, rate: float, time_ns: int | None = None) -> Any:
    """A TIME segment from ``start`` (stream time ``time_ns``, default ``start``) whose
    data already runs ``rate`` times fast."""
    segment = Gst.Segment()
    segment.init(Gst.Format.TIME)
    segment.start = segment.position = start
    segment.time = start if time_ns is None else time_ns
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


Feed = FrameFeed | StoredFeed


class BurstGate:
    """Sends a media's RTP in bursts while its camera has the ``rtp_bursts`` fault.

    A media built while the fault is on has a ``queue`` between encoder and payloader; a
    buffer probe on it (the queue's own streaming thread) holds the stream until a release
    time drawn from the fault's hold range; at the release every frame captured before it
    leaves at once, and the next release is drawn again. Frames keep their timestamps, so
    their RTP timestamps say when they were captured while their packets arrive together —
    as a camera that sends in bursts does. Nothing is dropped: the queue holds what waits.
    Once the fault is cleared the gate lets everything through at once.
    """

    def __init__(self, camera: SimCamera, seed: int | None = None) -> None:
        self.camera = camera
        self.bursts = 0
        self._random = random.Random(seed)
        self._released_at = -1  # running time (ns) of the last release
        self._next_release: int | None = None

    def attach(self, queue: Any) -> None:
        """Gate the output of ``queue`` (a ``queue`` element of the media bin)."""
        queue.get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, self._on_buffer)

    def _on_buffer(self, pad: Any, info: Any) -> Any:
        try:
            self._gate(pad, info.get_buffer())
        except Exception:
            log.exception("camera %s: burst gate failed", self.camera.spec.camera_id)
        return Gst.PadProbeReturn.OK

    def _draw(self, hold: tuple[float, float]) -> int:
        return round(self._random.uniform(*hold) * SECOND)

    def _gate(self, pad: Any, buffer: Any) -> None:
        hold = self.camera.faults.burst_hold()
        if hold is None:
            self._next_release = None
            return
        element = pad.get_parent_element()
        clock = element.get_clock() if element is not None else None
        captured = _running_time_of(pad, buffer.pts)
        if clock is None or captured is None:
            return
        base = element.get_base_time()
        if captured < self._released_at:
            return  # captured before the last release: part of the burst leaving now
        if self._next_release is None:
            self._next_release = clock.get_time() - base + self._draw(hold)
        while (remaining := self._next_release - (clock.get_time() - base)) > 0:
            if pad.flags & Gst.PadFlags.FLUSHING or self.camera.faults.burst_hold() is None:
                break  # torn down or fault cleared: stop holding
            time.sleep(min(remaining / SECOND, 0.02))  # the queue's thread; data waits in it
        self._released_at = clock.get_time() - base
        self._next_release = self._released_at + self._draw(hold)
        self.bursts += 1


def _running_time_of(pad: Any, pts: int) -> int | None:
    """The running time of a buffer time on ``pad`` (by its sticky segment), or ``None``."""
    if pts == Gst.CLOCK_TIME_NONE:
        return None
    event = pad.get_sticky_event(Gst.EventType.SEGMENT, 0)
    if event is None:
        return None
    running: int = event.parse_segment().to_running_time(Gst.Format.TIME, pts)
    return None if running == Gst.CLOCK_TIME_NONE else running


def codec_encoder(camera: SimCamera, stream: StreamSpec, stored: bool = False) -> str:
    """The encoder of a stream (``enc``), by its codec, with the camera's GOP and bit rate;
    ``stored``: its output as a recorder stores it (Annex B byte stream, access units)."""
    gop = max(1, round(stream.fps * camera.spec.gop_seconds))
    if stream.codec == "jpeg":
        return "jpegenc name=enc quality=70"
    if stream.codec == "h265":
        form = ",stream-format=byte-stream,alignment=au" if stored else ""
        return (
            "x265enc name=enc speed-preset=ultrafast tune=zerolatency "
            f"key-int-max={gop} bitrate={stream.bitrate_kbps} "
            'option-string="pools=1:frame-threads=1:bframes=0" '
            f"! video/x-h265,profile=main{form}"
        )
    form = " ! video/x-h264,stream-format=byte-stream,alignment=au" if stored else ""
    return (
        "x264enc name=enc speed-preset=ultrafast tune=zerolatency threads=1 bframes=0 "
        f"key-int-max={gop} bitrate={stream.bitrate_kbps}{form}"
    )


def _payloader(stream: StreamSpec) -> str:
    if stream.codec == "jpeg":
        return "rtpjpegpay name=pay0 pt=26"
    depth = "h265" if stream.codec == "h265" else "h264"
    return f"rtp{depth}pay name=pay0 pt=96 config-interval=-1"


def _encoder(camera: SimCamera, stream: StreamSpec) -> str:
    """The encoder and payloader of a stream (``enc`` … ``pay0``), by its codec, with a
    ``queue`` for the :class:`BurstGate` between them while the camera sends in bursts."""
    burst = "identity name=burst"  # no queue thread when not needed: it slows teardown
    if camera.faults.burst_hold() is not None:
        burst = f"queue name=burst max-size-buffers=0 max-size-bytes=0 max-size-time={3 * SECOND}"
    return f"{codec_encoder(camera, stream)} ! {burst} ! {_payloader(stream)}"


def build_bin(camera: SimCamera, stream: StreamSpec, seekable: bool) -> tuple[Any, Any, Any]:
    """The ``appsrc ! x264enc|x265enc|jpegenc ! rtph264pay|rtph265pay|rtpjpegpay name=pay0``
    bin of one media, its appsrc and encoder. A media built while the camera has the
    ``rtp_bursts`` fault has a ``queue`` before the payloader, gated by a :class:`BurstGate`
    (a queue's thread would make every media's teardown tens of milliseconds slower)."""
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
        f"! {_encoder(camera, stream)}"
    )
    name = f"{camera.spec.camera_id}-{stream.name}-{next(_names)}"
    pipeline_bin = Gst.parse_bin_from_description(launch, False)
    pipeline_bin.set_name(name)
    gate = pipeline_bin.get_by_name("burst")
    if gate.get_factory().get_name() == "queue":
        BurstGate(camera).attach(gate)
    return pipeline_bin, pipeline_bin.get_by_name("src"), pipeline_bin.get_by_name("enc")


def build_stored_bin(camera: SimCamera, stream: StreamSpec) -> tuple[Any, Any]:
    """The ``appsrc ! rtph264pay|rtph265pay name=pay0`` bin of a replay served from the
    stored recording (encoded access units in, no encoder), and its appsrc."""
    depth = "h265" if stream.codec == "h265" else "h264"
    caps = f"video/x-{depth},stream-format=byte-stream,alignment=au"
    burst = "identity name=burst"
    if camera.faults.burst_hold() is not None:
        burst = f"queue name=burst max-size-buffers=0 max-size-bytes=0 max-size-time={3 * SECOND}"
    launch = (
        "appsrc name=src is-live=false format=time block=false handle-segment-change=true "
        f"max-buffers=2 min-latency=0 max-latency={SECOND} stream-type=seekable "
        f'caps="{caps}" ! {burst} ! {_payloader(stream)}'
    )
    pipeline_bin = Gst.parse_bin_from_description(launch, False)
    pipeline_bin.set_name(f"{camera.spec.camera_id}-{stream.name}-stored-{next(_names)}")
    gate = pipeline_bin.get_by_name("burst")
    if gate.get_factory().get_name() == "queue":
        BurstGate(camera).attach(gate)
    return pipeline_bin, pipeline_bin.get_by_name("src")


class _FeedRegistry:
    """The feeds of one camera keyed by their bin's name, so media signals find them.

    Weak: a feed lives as long as its appsrc (whose signal handlers hold it).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._feeds: weakref.WeakValueDictionary[str, Feed] = weakref.WeakValueDictionary()

    def add(self, name: str, feed: Feed) -> None:
        with self._lock:
            self._feeds[name] = feed

    def pop(self, name: str) -> Feed | None:
        with self._lock:
            return self._feeds.pop(name, None)

    def get(self, name: str) -> Feed | None:
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
            feed = self.feeds.get(name)
            if feed is not None and feed.replay is not None:
                feed.media = media  # dropped when the media is unprepared
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
            feed.media = None

    def make_bin(self, stream: StreamSpec, replay: ReplayRequest | None) -> Any:
        """A new media bin: a replay of H.264/H.265 fed by a :class:`StoredFeed` (the stored
        recording), anything else by a new :class:`FrameFeed` (rendered and encoded)."""
        if replay is not None and stream.codec in ("h264", "h265"):
            stored_bin, src = build_stored_bin(self.camera, stream)
            stored = StoredFeed(self.camera, stream, self.stats, replay)
            stored.attach(src, None)
            self.feeds.add(stored_bin.get_name(), stored)
            return stored_bin
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
        self.connect("media-configure", self._track)
        # The shared media in gst-rtsp-server's cache, once a viewer has prepared it.
        self._cached: Any = None
        self._released = threading.Condition()

    def _track(self, _factory: Any, media: Any) -> None:
        with self._released:
            self._cached = None
        media.connect("prepared", self._on_prepared)
        # After the factory's own handler, which takes the media out of its cache.
        media.connect_after("unprepared", self._on_unprepared)

    def _on_prepared(self, media: Any) -> None:
        with self._released:
            self._cached = media

    def _on_unprepared(self, media: Any) -> None:
        with self._released:
            if self._cached is media:
                self._cached = None
            self._released.notify_all()

    def wait_released(self, timeout: float) -> None:
        """Wait (at most ``timeout`` s) while the last viewer's media is being torn down.

        A viewer that goes without TEARDOWN (a player killed, a link cut) leaves the shared
        media unpreparing for a moment, and gst-rtsp-server hands that media to a DESCRIBE
        arriving meanwhile, which then fails with 503. A camera serves the next viewer:
        its DESCRIBE waits for the old media to be gone and gets a new one."""
        deadline = time.monotonic() + timeout
        with self._released:
            while self._cached is not None and (
                self._cached.get_status() != GstRtspServer.RTSPMediaStatus.PREPARED
            ):
                left = deadline - time.monotonic()
                if left <= 0:
                    return
                self._released.wait(left)

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
    """Recorded video of one channel (``/replay``, ``/ch2/replay``…): one pipeline per
    client, positioned by query or seek."""

    def __init__(
        self,
        hooks: MediaHooks,
        validate: Callable[[str | None], ReplayRequest],
        channel: int = 1,
    ) -> None:
        super().__init__()
        self._hooks = hooks
        self._validate = validate
        self._channel = channel
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
            key = request.stream if self._channel == 1 else f"ch{self._channel}_{request.stream}"
            stream = self._hooks.camera.spec.stream(key)
            return self._hooks.make_bin(stream, request)
        except Exception:
            log.exception("camera %s: building replay failed", self._hooks.camera.spec.camera_id)
            return None
