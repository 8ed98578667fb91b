# SPDX-License-Identifier: GPL-3.0-or-later
"""Look at real decoded video from a URL with ffprobe/ffmpeg child processes (for tests).

Frames come out of ffmpeg as PPM images on a pipe (each carries its own size, so no
second connection is needed to learn it) and are returned as BGR numpy arrays, the
layout :func:`camsim.timecode.read` and OpenCV expect. Every call has a deadline and
every child process is killed when it is no longer needed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import select
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from camsim import timecode

Frame = NDArray[np.uint8]
FFMPEG = "ffmpeg"
FFPROBE = "ffprobe"
_LOW_LATENCY = ["-fflags", "nobuffer", "-flags", "low_delay", "-analyzeduration", "500000"]


class ProbeError(RuntimeError):
    """ffprobe/ffmpeg could not open or decode the stream."""


class StreamEnded(ProbeError):
    """The stream ended (closed, errored or stalled) while frames were awaited."""


def _input_args(url: str, transport: str, timeout: float) -> list[str]:
    args: list[str] = []
    if url.startswith("rtsp://") or url.startswith("rtsps://"):
        args += ["-rtsp_transport", transport, "-timeout", str(int(timeout * 1_000_000))]
    return [*args, "-i", url]


def _is_network(url: str) -> bool:
    return "://" in url and not url.startswith("file:")


def _rate(text: str | None) -> float:
    try:
        value = Fraction(text or "0/1")
    except (ValueError, ZeroDivisionError):
        return 0.0
    return float(value)


def probe_stream(url: str, timeout: float = 15, transport: str = "tcp") -> dict[str, Any]:
    """ffprobe's description of the first video stream of ``url``.

    Args:
        url: stream URL; RTSP credentials go in it (``rtsp://user:pass@host:port/main``).
        timeout: seconds before the probe is abandoned.
        transport: RTSP lower transport, ``tcp`` or ``udp``.

    Returns:
        ffprobe's stream object (``codec_name``, ``width``, ``height``, ``r_frame_rate``,
        ``avg_frame_rate``, …) plus ``fps``: ``r_frame_rate`` as a float.

    Raises:
        ProbeError: the stream could not be opened (e.g. 401) or has no video.
    """
    cmd = [FFPROBE, "-v", "error", *_input_args(url, transport, timeout)]
    cmd += ["-select_streams", "v:0", "-show_streams", "-of", "json"]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ProbeError(f"ffprobe timed out after {timeout} s on {_safe(url)}") from exc
    if done.returncode != 0:
        raise ProbeError(f"ffprobe failed on {_safe(url)}: {done.stderr.decode(errors='replace')}")
    streams = json.loads(done.stdout or b"{}").get("streams") or []
    if not streams:
        raise ProbeError(f"no video stream in {_safe(url)}")
    info: dict[str, Any] = dict(streams[0])
    info["fps"] = _rate(info.get("r_frame_rate"))
    return info


def _safe(url: str) -> str:
    """``url`` without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        cred, host = rest.split("@", 1)
        return f"{scheme}://{cred.split(':', 1)[0]}:***@{host}"
    return url


class _PpmStream:
    """Reads PPM (P6) images from a pipe with a deadline on every read."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._buf = bytearray()

    def _fill(self, deadline: float) -> bool:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        ready, _, _ = select.select([self._fd], [], [], remaining)
        if not ready:
            raise TimeoutError
        chunk = os.read(self._fd, 1 << 20)
        if not chunk:
            return False
        self._buf += chunk
        return True

    def _header(self, deadline: float) -> tuple[int, int, int] | None:
        while True:
            fields: list[bytes] = []
            pos = 0
            data = self._buf
            while len(fields) < 4 and pos < len(data):
                if data[pos : pos + 1].isspace():
                    pos += 1
                elif data[pos : pos + 1] == b"#":
                    end = data.find(b"\n", pos)
                    if end < 0:
                        break
                    pos = end + 1
                else:
                    end = pos
                    while end < len(data) and not data[end : end + 1].isspace():
                        end += 1
                    if end == len(data):
                        break
                    fields.append(bytes(data[pos:end]))
                    pos = end
            if len(fields) == 4 and pos < len(data):
                if fields[0] != b"P6" or fields[3] != b"255":
                    raise ProbeError(f"unexpected image header {fields!r}")
                return int(fields[1]), int(fields[2]), pos + 1
            if not self._fill(deadline):
                return None

    def read(self, deadline: float) -> Frame | None:
        """The next image as BGR, or ``None`` at the end of the stream."""
        header = self._header(deadline)
        if header is None:
            return None
        width, height, offset = header
        size = offset + width * height * 3
        while len(self._buf) < size:
            if not self._fill(deadline):
                return None
        rgb = np.frombuffer(bytes(self._buf[offset:size]), np.uint8).reshape(height, width, 3)
        del self._buf[:size]
        return np.ascontiguousarray(rgb[:, :, ::-1])


def _ffmpeg_cmd(
    url: str,
    transport: str,
    timeout: float,
    size: tuple[int, int] | None,
    count: int = 0,
    low_latency: bool = False,
) -> list[str]:
    cmd = [FFMPEG, "-nostdin", "-hide_banner", "-loglevel", "error"]
    if low_latency and _is_network(url):  # packets read while probing are dropped
        cmd += _LOW_LATENCY
    cmd += _input_args(url, transport, timeout)
    cmd += ["-an", "-sn", "-map", "0:v:0"]
    if size is not None:
        cmd += ["-vf", f"scale={size[0]}:{size[1]}"]
    if count > 0:
        cmd += ["-frames:v", str(count)]
    return [*cmd, "-c:v", "ppm", "-f", "image2pipe", "-"]


def _kill(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


def grab_frames(
    url: str,
    count: int = 1,
    timeout: float = 15,
    transport: str = "tcp",
    size: tuple[int, int] | None = None,
) -> list[Frame]:
    """Decode the first ``count`` frames of ``url`` (a live stream's first frame may be
    up to a second old: ffmpeg queues what arrives while it probes the stream).

    Args:
        url: stream URL with credentials in it.
        count: how many frames to return.
        timeout: seconds for the whole grab.
        transport: RTSP lower transport, ``tcp`` or ``udp``.
        size: scale frames to (width, height); by default they keep the stream's size.

    Returns:
        BGR frames (H×W×3 uint8).

    Raises:
        ProbeError: the stream could not be opened or ended before ``count`` frames.
        TimeoutError: ``count`` frames did not arrive in time.
    """
    deadline = time.monotonic() + timeout
    cmd = _ffmpeg_cmd(url, transport, timeout, size, count)
    proc = subprocess.Popen(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert proc.stdout is not None
        reader = _PpmStream(proc.stdout.fileno())
        frames: list[Frame] = []
        while len(frames) < count:
            try:
                frame = reader.read(deadline)
            except TimeoutError:
                got = f"{len(frames)}/{count} frames"
                raise TimeoutError(f"{got} from {_safe(url)} in {timeout} s") from None
            if frame is None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(max(0.1, deadline - time.monotonic()))
                _kill_quietly(proc)  # so reading its stderr to the end cannot block
                proc.wait(5)
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                raise ProbeError(f"ffmpeg ended after {len(frames)} frames of {_safe(url)}: {err}")
            frames.append(frame)
        return frames
    finally:
        _kill(proc)


class FrameReader:
    """A running ffmpeg decoding a stream continuously; tests look at its frames.

    It runs with low latency: what arrives while ffmpeg probes the stream is dropped, so
    the first frame it yields may be from up to a GOP after the stream starts.

    Use as a context manager (or call :meth:`close`). :attr:`ended` becomes true when the
    stream closes, errors, or delivers no frame for ``stall_timeout`` seconds.
    """

    def __init__(
        self,
        url: str,
        transport: str = "tcp",
        size: tuple[int, int] | None = None,
        stall_timeout: float = 10.0,
        keep: int = 8,
    ) -> None:
        self.url = url
        self.stall_timeout = stall_timeout
        self.frames_received = 0
        self.error = ""
        self._recent: deque[tuple[float, Frame]] = deque(maxlen=keep)
        self._cond = threading.Condition()
        self._ended = False
        cmd = _ffmpeg_cmd(url, transport, stall_timeout, size, low_latency=True)
        self._proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self._stderr: deque[str] = deque(maxlen=20)
        self._threads = [
            threading.Thread(target=self._read_frames, name="frame-reader", daemon=True),
            threading.Thread(target=self._read_stderr, name="frame-reader-err", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def __enter__(self) -> FrameReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def ended(self) -> bool:
        """Whether the stream has ended (closed, errored or stalled)."""
        with self._cond:
            return self._ended

    def _read_frames(self) -> None:
        assert self._proc.stdout is not None
        reader = _PpmStream(self._proc.stdout.fileno())
        reason = "stream closed"
        try:
            while True:
                frame = reader.read(time.monotonic() + self.stall_timeout)
                if frame is None:
                    break
                with self._cond:
                    self._recent.append((time.time(), frame))
                    self.frames_received += 1
                    self._cond.notify_all()
        except TimeoutError:
            reason = f"no frame for {self.stall_timeout} s"
        except (OSError, ValueError, ProbeError) as exc:
            reason = f"read failed: {exc}"
        finally:
            if self._proc.poll() is None:
                self._proc.kill()
            with self._cond:
                self._ended = True
                self.error = reason
                self._cond.notify_all()

    def _read_stderr(self) -> None:
        assert self._proc.stderr is not None
        try:
            for line in iter(self._proc.stderr.readline, b""):
                self._stderr.append(line.decode(errors="replace").rstrip())
        except (OSError, ValueError):
            pass

    @property
    def stderr(self) -> str:
        """The last lines ffmpeg wrote to stderr."""
        return "\n".join(self._stderr)

    def latest(self) -> Frame | None:
        """The most recent decoded frame (or ``None`` before the first)."""
        with self._cond:
            return self._recent[-1][1] if self._recent else None

    def latest_with_time(self) -> tuple[float, Frame] | None:
        """The most recent frame with the wall time (Unix seconds) it was decoded at."""
        with self._cond:
            return self._recent[-1] if self._recent else None

    def wait_frame(
        self,
        predicate: Callable[[Frame], bool] | None = None,
        timeout: float = 15.0,
        fresh: bool = True,
    ) -> Frame:
        """Wait for a frame (decoded after this call when ``fresh``) satisfying ``predicate``.

        Raises:
            StreamEnded: the stream ended first.
            TimeoutError: no such frame in ``timeout`` seconds.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            seen = (
                self.frames_received if fresh else max(0, self.frames_received - len(self._recent))
            )
            while True:
                new = self.frames_received - seen
                candidates = list(self._recent)[-new:] if new > 0 else []
                seen = self.frames_received
                for _t, frame in candidates:
                    if predicate is None or predicate(frame):
                        return frame
                if self._ended:
                    raise StreamEnded(f"{_safe(self.url)} ended: {self.error}; {self.stderr}")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"no matching frame from {_safe(self.url)} in {timeout} s")
                self._cond.wait(remaining)

    def wait_ended(self, timeout: float = 15.0) -> bool:
        """Wait until the stream ends; returns whether it did within ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not self._ended:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
            return True

    def close(self) -> None:
        """Kill ffmpeg and join the reader threads."""
        _kill_quietly(self._proc)
        for thread in self._threads:
            thread.join(5)
        _kill(self._proc)


def _kill_quietly(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.kill()


# ffmpeg's notes about timestamps (a restamped live stream) are no damage to the picture.
_TIMING_NOTES = re.compile(r"non monotonically increasing dts|Past duration|Invalid timestamps")


@dataclass(frozen=True)
class DecodedFrame:
    """One decoded frame: the time its bar shows (ms, None if unreadable) and a digest."""

    shown_ms: int | None
    digest: str


@dataclass
class DecodeReport:
    """What ffmpeg made of a stream: its frames and every error it reported."""

    frames: list[DecodedFrame] = field(default_factory=list)
    log: list[str] = field(default_factory=list)  # ffmpeg's error lines, none folded

    @property
    def errors(self) -> list[str]:
        """Decoding errors (damaged or concealed pictures, broken bitstream), without
        ffmpeg's notes on timestamps."""
        return [line for line in self.log if not _TIMING_NOTES.search(line)]

    @property
    def unreadable(self) -> int:
        """Frames whose time bar could not be read (damaged where the bar is)."""
        return sum(f.shown_ms is None for f in self.frames)

    def by_time(self) -> dict[int, str]:
        """Digest of each frame by the time it shows."""
        return {f.shown_ms: f.digest for f in self.frames if f.shown_ms is not None}

    def compare(self, reference: DecodeReport) -> FrameComparison:
        """This decode against ``reference`` (e.g. the camera's own stream) over the time
        both cover: frames the reference has that this one lacks, and frames of equal
        time whose pixels differ."""
        mine, theirs = self.by_time(), reference.by_time()
        if not mine or not theirs:
            return FrameComparison(0, [], [])
        low, high = max(min(mine), min(theirs)), min(max(mine), max(theirs))
        span = [t for t in theirs if low <= t <= high]
        lost = [t for t in span if t not in mine]
        differ = [t for t in span if t in mine and mine[t] != theirs[t]]
        return FrameComparison(len(span) - len(lost), lost, differ)


@dataclass(frozen=True)
class FrameComparison:
    """Two decodes of one stream over the time both cover (frame times in ms)."""

    common: int  # frames both decoded
    lost: list[int]  # frames only the reference decoded
    differ: list[int]  # frames both decoded with different pixels


def decode_report(
    url: str,
    count: int,
    timeout: float = 30,
    transport: str = "tcp",
    size: tuple[int, int] | None = (320, 180),
) -> DecodeReport:
    """Decode ``count`` frames of ``url`` and collect every error ffmpeg reports on them.

    Each frame is summarised by the time its bar shows and a digest of its pixels (scaled
    to ``size``; scaling is deterministic, so one bitstream gives equal digests), so two
    decodes of one camera — e.g. straight and through the relay — can be compared frame by
    frame. ffmpeg logs at ``repeat+level+error``: repeated messages are not folded.

    Raises:
        ProbeError: the stream could not be opened or ended before ``count`` frames.
        TimeoutError: ``count`` frames did not arrive in time.
    """
    deadline = time.monotonic() + timeout
    cmd = _ffmpeg_cmd(url, transport, timeout, size, count)
    cmd[cmd.index("-loglevel") + 1] = "repeat+level+error"
    # Every decoded frame, whatever its timestamp (the default for a pipe of images is a
    # constant rate, which drops and repeats frames of a bursty or restamped stream).
    at = cmd.index("-c:v")
    cmd[at:at] = ["-fps_mode", "passthrough"]
    proc = subprocess.Popen(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    report = DecodeReport()
    lines: list[str] = []

    def read_log() -> None:
        assert proc.stderr is not None
        with contextlib.suppress(OSError, ValueError):
            for raw in iter(proc.stderr.readline, b""):
                lines.append(raw.decode(errors="replace").rstrip())

    log_thread = threading.Thread(target=read_log, name="decode-report-err", daemon=True)
    log_thread.start()
    try:
        assert proc.stdout is not None
        reader = _PpmStream(proc.stdout.fileno())
        while len(report.frames) < count:
            try:
                frame = reader.read(deadline)
            except TimeoutError:
                got = f"{len(report.frames)}/{count} frames"
                raise TimeoutError(f"{got} from {_safe(url)} in {timeout} s") from None
            if frame is None:
                raise ProbeError(f"ffmpeg ended after {len(report.frames)} frames of {_safe(url)}")
            shown = timecode.read(frame)
            report.frames.append(
                DecodedFrame(
                    shown_ms=round(shown.timestamp() * 1000) if shown else None,
                    digest=hashlib.sha1(frame.tobytes()).hexdigest(),
                )
            )
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(max(0.1, deadline - time.monotonic()))  # let it flush its log
    finally:
        _kill_quietly(proc)  # its stderr ends, so the log thread does
        log_thread.join(5)
        _kill(proc)
        report.log = [line for line in lines if line]
    return report
