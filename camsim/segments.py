# SPDX-License-Identifier: GPL-3.0-or-later
"""The simulated recorder's stored video: encoded once into segment files, then read back.

A recorder serves its archive from disk; so does the simulator. The video of one stream
(a channel's main or sub) is cut into segments of :data:`SEGMENT_SECONDS` starting at
multiples of it (Unix time); a segment is rendered and encoded the first time a replay
needs it (by one writer, however many replays wait for it) and written to
``<root>/<camera>/<stream>/<start>.es`` (the access units, Annex B) with its index
``<start>.idx`` (one line per access unit: offset, size, time from the segment start in
nanoseconds, key frame). Replays read access units while the segment is written (a cold
replay goes as fast as the encoder) and from the files afterwards (a warm one as fast as
the disk). Each segment is a fresh encoder's output, so it opens with a key frame and
its parameter sets; key frames follow every ``gop_seconds``, as on the live stream.

Frames show the time they were recorded (the time bar) and ``PLAYBACK``, as before.

**Bounded.** The store keeps at most ``max_bytes`` of segments (default 1 GiB): the least
recently used complete ones are removed beyond it. Its root is a temporary directory
removed at exit unless one was given (``vwall-camsim --recordings-dir``).
"""

from __future__ import annotations

import atexit
import logging
import math
import os
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gi

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

from camsim.scene import to_i420  # noqa: E402

if TYPE_CHECKING:
    from camsim.camera import SimCamera, StreamSpec

log = logging.getLogger(__name__)

SECOND = 1_000_000_000
SEGMENT_SECONDS = 4  # a cold replay waits for at most this much to be encoded
DEFAULT_MAX_BYTES = 1 << 30
WRITE_TIMEOUT = 120.0  # a segment not encoded in this long is given up


@dataclass(frozen=True)
class AccessUnit:
    """One encoded frame of a segment: where its bytes are, its time, whether a key frame."""

    offset: int
    size: int
    pts: int  # nanoseconds from the segment's start
    key: bool


class Segment:
    """The access units of one stream from ``start`` for :data:`SEGMENT_SECONDS`.

    Filled by its writer (``append`` … ``finish``) or loaded complete from its files;
    readers wait for units still to come (:meth:`unit`).
    """

    def __init__(self, key: tuple[str, str, int], path: Path, frames: int) -> None:
        self.key = key
        self.start = key[2]
        self.path = path
        self.frames = frames  # how many units a complete segment has
        self.units: list[AccessUnit] = []
        self.headers = b""  # the parameter sets the first key frame carries
        self._data: list[bytes] = []  # while written: the bytes (then read from the file)
        self._size = 0
        self._cond = threading.Condition()
        self.complete = False
        self.failed = False
        self.last_used = time.monotonic()
        self.writer: threading.Thread | None = None  # made, not started: a lazy segment

    def start_writer(self) -> None:
        """Start encoding it, if it is to be encoded and not begun yet."""
        with self._cond:
            writer, self.writer = self.writer, None
        if writer is not None:
            writer.start()

    @property
    def size(self) -> int:
        return self._size

    def append(self, data: bytes, pts: int, key: bool) -> None:
        with self._cond:
            if not self.units:
                self.headers = parameter_sets(data)
            self.units.append(AccessUnit(self._size, len(data), pts, key))
            self._data.append(data)
            self._size += len(data)
            self._cond.notify_all()

    def finish(self, ok: bool) -> None:
        with self._cond:
            self.complete, self.failed = ok, not ok
            self._cond.notify_all()

    def unit(self, index: int, timeout: float = WRITE_TIMEOUT) -> AccessUnit | None:
        """Unit ``index``, waiting while the writer has not made it; ``None`` past the end."""
        self.start_writer()
        deadline = time.monotonic() + timeout
        with self._cond:
            self.last_used = time.monotonic()
            while index >= len(self.units) and not (self.complete or self.failed):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._cond.wait(min(remaining, 1.0))
            return self.units[index] if index < len(self.units) else None

    def wait_whole(self, timeout: float) -> bool:
        """Wait until the writer finished (or failed); ``False`` when ``timeout`` passed."""
        self.start_writer()
        deadline = time.monotonic() + timeout
        with self._cond:
            while not (self.complete or self.failed):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(min(remaining, 1.0))
            return True

    def data(self, index: int, fd: int | None) -> bytes:
        """The bytes of unit ``index`` (from memory while written, else from ``fd``)."""
        unit = self.units[index]
        with self._cond:
            if index < len(self._data):
                return self._data[index]
        assert fd is not None
        return os.pread(fd, unit.size, unit.offset)

    def release_memory(self) -> None:
        """Forget the bytes kept while writing (the files have them)."""
        with self._cond:
            self._data = []

    def key_at_or_before(self, pts: int) -> int:
        """The index of the last key frame at or before ``pts`` (0: the first unit)."""
        found = 0
        for i, unit in enumerate(self.units):
            if unit.pts > pts:
                break
            if unit.key:
                found = i
        return found


def parameter_sets(data: bytes) -> bytes:
    """The NAL units before the first picture of an Annex B access unit (AUD, SPS, PPS,
    VPS, SEI), as a key frame later in the segment needs them when a replay starts there."""
    first_vcl = _first_vcl(data)
    return data[:first_vcl] if first_vcl > 0 else b""


def _first_vcl(data: bytes) -> int:
    h265 = _is_h265(data)
    i = 0
    while True:
        i = data.find(b"\x00\x00\x01", i)
        if i < 0 or i + 3 >= len(data):
            return -1
        header = data[i + 3]
        picture = ((header >> 1) & 0x3F) < 32 if h265 else 1 <= (header & 0x1F) <= 5
        if picture:
            return i - 1 if i > 0 and data[i - 1] == 0 else i
        i += 3


def _is_h265(data: bytes) -> bool:
    """Whether an access unit is H.265 (its first NAL is an H.265 AUD, VPS, SPS or PPS)."""
    i = data.find(b"\x00\x00\x01")
    return i >= 0 and i + 3 < len(data) and ((data[i + 3] >> 1) & 0x3F) in (32, 33, 34, 35)


class SegmentStore:
    """Every stored segment of the process's cameras, bounded by ``max_bytes``."""

    def __init__(self, root: Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self._own_root = root is None
        self.root = Path(tempfile.mkdtemp(prefix="camsim-recordings-")) if root is None else root
        self.root.mkdir(parents=True, exist_ok=True)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._segments: OrderedDict[tuple[str, str, int], Segment] = OrderedDict()
        self.closing = threading.Event()
        self._writers: set[threading.Thread] = set()
        self.encoded = 0  # segments encoded (cold), read by tests and the benchmark
        self.loaded = 0  # segments read back from disk

    def close(self, timeout: float = 10.0) -> None:
        """Stop the writers (what they had not finished is not kept) and remove the
        store's files if it made its own directory."""
        self.closing.set()
        with self._lock:
            writers = list(self._writers)
        for writer in writers:
            writer.join(timeout)
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def used_bytes(self) -> int:
        with self._lock:
            return sum(s.size for s in self._segments.values() if s.complete)

    def segment(
        self, camera: SimCamera, stream: StreamSpec, start: int, lazy: bool = False
    ) -> Segment:
        """The segment of ``stream`` starting at ``start`` (a multiple of the length):
        in memory, loaded from disk, or being encoded now by a writer thread (``lazy``:
        an empty one, encoded when :meth:`Segment.unit` is first asked)."""
        key = (camera.spec.camera_id, stream.key, start)
        frames = round(SEGMENT_SECONDS * stream.fps)
        with self._lock:
            found = self._segments.get(key)
            if found is not None and not found.failed:
                self._segments.move_to_end(key)
                return found
            path = self.root / key[0] / key[1] / str(start)
            segment = Segment(key, path, frames)
            self._segments[key] = segment
            loaded = _load(segment)
            if loaded:
                self.loaded += 1
        if not loaded:
            writer = threading.Thread(
                target=self._write,
                args=(camera, stream, segment),
                name=f"camsim-rec-{key[0]}-{key[1]}-{start}",
                daemon=True,
            )
            segment.writer = writer
            if not lazy:
                segment.start_writer()
        return segment

    def _write(self, camera: SimCamera, stream: StreamSpec, segment: Segment) -> None:
        with self._lock:
            self.encoded += 1
            self._writers.add(threading.current_thread())
        ok = False
        try:
            ok = not self.closing.is_set() and encode_segment(camera, stream, segment, self.closing)
            if ok:
                _save(segment)
                segment.release_memory()
        except Exception:
            log.exception("camera %s: recording segment failed", camera.spec.camera_id)
        finally:
            with self._lock:
                self._writers.discard(threading.current_thread())
        segment.finish(ok)
        self._trim()

    def _trim(self) -> None:
        """Drop the least recently used complete segments beyond ``max_bytes``."""
        with self._lock:
            total = sum(s.size for s in self._segments.values() if s.complete)
            for key, segment in sorted(self._segments.items(), key=lambda kv: kv[1].last_used):
                if total <= self.max_bytes:
                    break
                if not segment.complete:
                    continue
                del self._segments[key]
                total -= segment.size
                for suffix in (".es", ".idx"):
                    segment.path.with_suffix(suffix).unlink(missing_ok=True)


def store_range(
    camera: SimCamera, stream: StreamSpec, start: float, end: float, timeout: float
) -> int:
    """Encode and keep the segments of ``stream`` covering ``[start, end)`` now, as a
    recorder already has them on disk (a cold range is otherwise encoded while it is
    replayed). Waits until they are whole; returns how many segments the range spans.

    Raises:
        TimeoutError: not all were whole within ``timeout`` seconds.
        RuntimeError: a segment could not be encoded.
    """
    store_ = store()
    first = segment_start(start)
    wanted = [
        store_.segment(camera, stream, s) for s in range(first, math.ceil(end), SEGMENT_SECONDS)
    ]
    deadline = time.monotonic() + timeout
    for segment in wanted:
        if not segment.wait_whole(deadline - time.monotonic()):
            raise TimeoutError(f"segment {segment.start} not stored in {timeout} s")
        if segment.failed:
            raise RuntimeError(f"segment {segment.start} could not be encoded")
    return len(wanted)


def segment_start(unix_seconds: float) -> int:
    """The start of the segment holding an instant."""
    return math.floor(unix_seconds / SEGMENT_SECONDS) * SEGMENT_SECONDS


def _load(segment: Segment) -> bool:
    index = segment.path.with_suffix(".idx")
    try:
        lines = index.read_text().split()
    except OSError:
        return False
    units = []
    for line in lines:
        offset, size, pts, key = line.split(",")
        units.append(AccessUnit(int(offset), int(size), int(pts), key == "1"))
    if not units:
        return False
    try:
        with segment.path.with_suffix(".es").open("rb") as f:
            headers = parameter_sets(f.read(units[0].size))
    except OSError:
        return False
    segment.units = units
    segment.headers = headers
    segment._size = units[-1].offset + units[-1].size
    segment.complete = True
    return True


def _save(segment: Segment) -> None:
    segment.path.parent.mkdir(parents=True, exist_ok=True)
    data, index = segment.path.with_suffix(".es"), segment.path.with_suffix(".idx")
    tmp = data.with_suffix(".es.part")
    with tmp.open("wb") as f:
        for chunk in segment._data:
            f.write(chunk)
    os.replace(tmp, data)
    tmp = index.with_suffix(".idx.part")
    tmp.write_text("".join(f"{u.offset},{u.size},{u.pts},{int(u.key)}\n" for u in segment.units))
    os.replace(tmp, index)  # the index last: a segment with an index is whole


def encode_segment(
    camera: SimCamera, stream: StreamSpec, segment: Segment, stop: threading.Event
) -> bool:
    """Render and encode one segment into ``segment`` (the access units as they come);
    ``False`` when it failed or ``stop`` was set meanwhile."""
    times = [segment.start + i / stream.fps for i in range(segment.frames)]
    return encode_frames(camera, stream, times, segment.append, stop)


def encode_bridge(camera: SimCamera, stream: StreamSpec, times: list[float]) -> list[bytes]:
    """Frames shown at ``times`` encoded by a fresh encoder (the first a key frame): how a
    replay starts between two stored key frames, as a recorder that re-encodes the part
    of a group of pictures before the first key frame it can copy."""
    out: list[bytes] = []
    if not encode_frames(camera, stream, times, lambda data, _pts, _key: out.append(data)):
        raise RuntimeError("the bridge was not encoded")
    return out


def encode_frames(
    camera: SimCamera,
    stream: StreamSpec,
    times: list[float],
    on_unit: Callable[[bytes, int, bool], None],
    stop: threading.Event | None = None,
) -> bool:
    """Render the frames shown at ``times`` and encode them as the camera does, handing
    each access unit (bytes, nanoseconds from the first frame, key frame) to ``on_unit``."""
    from camsim.rtsp_media import codec_encoder  # the live stream's encoder settings

    caps = (
        f"video/x-raw,format=I420,width={stream.width},height={stream.height},"
        f"framerate={stream.fps}/1"
    )
    pipeline = Gst.parse_launch(
        f'appsrc name=src format=time is-live=false block=true max-buffers=4 caps="{caps}" '
        f"! {codec_encoder(camera, stream, stored=True)} "
        "! appsink name=sink sync=false emit-signals=true max-buffers=0 drop=false"
    )
    appsrc, sink = pipeline.get_by_name("src"), pipeline.get_by_name("sink")
    first_pts: list[int] = []  # encoders shift their output times (GstVideoEncoder min_pts)

    def on_sample(appsink: Any) -> Any:
        sample = appsink.emit("pull-sample")
        if sample is not None:
            buf = sample.get_buffer()
            ok, info = buf.map(Gst.MapFlags.READ)
            if ok:
                try:
                    if not first_pts:
                        first_pts.append(int(buf.pts))
                    key = not buf.has_flags(Gst.BufferFlags.DELTA_UNIT)
                    on_unit(bytes(info.data), int(buf.pts) - first_pts[0], key)
                finally:
                    buf.unmap(info)
        return Gst.FlowReturn.OK

    sink.connect("new-sample", on_sample)
    pipeline.set_state(Gst.State.PLAYING)
    renderer = camera.renderer(stream.width, stream.height, stream.channel)
    try:
        for shown in times:
            if stop is not None and stop.is_set():
                return False
            frame = renderer.render(shown, camera.position(), replay=True)
            buf = Gst.Buffer.new_wrapped(to_i420(frame))
            buf.pts = round((shown - times[0]) * SECOND)
            buf.duration = round(SECOND / stream.fps)
            if appsrc.emit("push-buffer", buf) != Gst.FlowReturn.OK:
                return False
        appsrc.emit("end-of-stream")
        message = pipeline.get_bus().timed_pop_filtered(
            round(WRITE_TIMEOUT * SECOND), Gst.MessageType.EOS | Gst.MessageType.ERROR
        )
        return message is not None and message.type == Gst.MessageType.EOS
    finally:
        pipeline.set_state(Gst.State.NULL)


_store_lock = threading.Lock()
_store: SegmentStore | None = None


def configure(root: Path | None, max_bytes: int = DEFAULT_MAX_BYTES) -> SegmentStore:
    """Set the process's store (before any replay): where and how much it keeps."""
    global _store
    with _store_lock:
        if _store is not None:
            _store.close()
        _store = SegmentStore(root, max_bytes)
        return _store


def store() -> SegmentStore:
    """The process's store (a temporary one unless :func:`configure` set it)."""
    global _store
    with _store_lock:
        if _store is None:
            _store = SegmentStore()
        return _store


@atexit.register
def _close() -> None:
    if _store is not None:
        _store.close()
