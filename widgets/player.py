# SPDX-License-Identifier: GPL-3.0-or-later
"""The libVLC player adapter: the one module that imports ``vlc``.

Frames flow from libVLC's threads to Qt without touching a Qt object off the UI
thread, and without taking the GIL. libVLC renders each picture
(``video_set_format("RV32", …)``) into one of three preallocated buffers
(:class:`FrameBuffers`); its lock and display callbacks are C (:mod:`widgets._frames`)
and only record, under a mutex of their own, "buffer k holds delivery N". The UI thread
polls (:meth:`VideoPlayer.poll`) and paints the newest buffer through a ``QImage`` that
wraps the buffer's memory (no copy); the buffer being painted is never handed to libVLC
until the paint is done, so three buffers are always enough.

libVLC re-delivers the last picture (about every 80 ms) when a stream stalls, so the
display callback cannot tell a new picture from a repeat. :attr:`VideoPlayer.frame_count`
counts *new* pictures from libVLC's own displayed-pictures statistic instead, which
stops when the stream stops: that is what the stall watchdog watches.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

import cv2
import numpy as np
import vlc
from PySide6.QtGui import QImage

from widgets import _frames

log = logging.getLogger(__name__)

INSTANCE_ARGS: tuple[str, ...] = (
    "--no-xlib",
    "--avcodec-threads=1",
    "--quiet",
    "--network-caching=100",
    "--no-audio",
    "--no-osd",
    "--no-spu",
    "--no-video-title-show",
)
DEFAULT_SIZE = (640, 360)
STATS_INTERVAL = 0.2  # seconds between reads of libVLC's counters (stall detection)
_ALIGN = 32  # libVLC wants picture planes aligned on 32 bytes
_BUFFER_COUNT = _frames.BUFFERS

_instance: Any = None
_instance_lock = threading.Lock()
_trust_args: tuple[str, ...] = ()


def set_trust_directory(directory: str | os.PathLike[str]) -> None:
    """Have libVLC's TLS trust the PEM certificates in ``directory`` (pinned hubs, the
    control room's CA) for ``https://`` streams; call before the first player exists."""
    global _trust_args
    args = (f"--gnutls-dir-trust={os.fspath(directory)}",)
    with _instance_lock:
        if _instance is not None and args != _trust_args:
            # Less trust, never more: https streams of hubs it does not know fail to open.
            log.warning("libVLC already runs; its TLS trust stays as it was")
            return
        _trust_args = args


def limit_malloc_arenas() -> None:
    """Cap glibc's malloc arenas at two; call first thing in a process that plays video.

    Every libVLC input, decoder and output runs on threads of its own, created and ended
    with each stream; glibc gives busy threads arenas of their own (up to 8 per core) and
    rarely hands their freed memory back, so a console switching streams all day grew
    by ~190 MB in 1,500 switches (bench/player_soak.py), against +24 MB with two arenas.
    glibc fixes the limit when a second thread first needs an arena, so this must run
    before the process starts threads (Qt, asyncio, libVLC); later it changes nothing.
    """
    m_arena_max = -8  # glibc's mallopt parameter number
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(m_arena_max, 2)
    except (OSError, AttributeError):  # not glibc: nothing to cap
        pass


def shared_instance() -> Any:
    """The process-wide ``vlc.Instance`` every player shares (created on first use)."""
    global _instance
    with _instance_lock:
        if _instance is None:
            limit_malloc_arenas()  # in case nobody did earlier (tests, tools)
            _instance = vlc.Instance([*INSTANCE_ARGS, *_trust_args])
            if _instance is None:
                raise RuntimeError("libVLC could not be initialised")
        return _instance


# libvlc_video_set_format_callbacks with the chroma as a pointer: python-vlc declares it
# a ``c_char_p``, which ctypes hands to Python as a copy that cannot be written back.
_FormatCb = ctypes.CFUNCTYPE(
    ctypes.c_uint,
    ctypes.POINTER(ctypes.c_void_p),
    ctypes.c_void_p,
    ctypes.POINTER(ctypes.c_uint),
    ctypes.POINTER(ctypes.c_uint),
    ctypes.POINTER(ctypes.c_uint),
    ctypes.POINTER(ctypes.c_uint),
)
_CleanupCb = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
# The C picture callbacks of widgets/_frames.c, as libVLC's callback types.
_LOCK = vlc.CallbackDecorators.VideoLockCb(_frames.LOCK)
_DISPLAY = vlc.CallbackDecorators.VideoDisplayCb(_frames.DISPLAY)
_set_format_callbacks = ctypes.CFUNCTYPE(None, ctypes.c_void_p, _FormatCb, _CleanupCb)(
    ("libvlc_video_set_format_callbacks", vlc.dll)
)


def libvlc_version() -> str:
    """The libVLC version string, e.g. ``3.0.24 Vetinari``."""
    return bytes(vlc.libvlc_get_version()).decode("ascii", "replace")


def _forget_event_manager(player: Any) -> None:
    """Drop python-vlc's cached event manager of a released player.

    ``MediaPlayer.event_manager`` is memoised in a class-wide dict keyed by the player,
    which keeps every player ever made alive — with its event manager, its callbacks and
    through them our :class:`VideoPlayer` — for the life of the process: a slow leak in a
    console that takes a fresh player for every stream.
    """
    memo = vars(vlc.MediaPlayer).get("event_manager")
    cache = getattr(memo, "_cache", None)
    if isinstance(cache, dict):
        cache.pop(player, None)


class PlayerState(Enum):
    """What a player is doing, from libVLC's events."""

    IDLE = "idle"
    OPENING = "opening"
    BUFFERING = "buffering"
    PLAYING = "playing"
    ENDED = "ended"
    ERROR = "error"
    STOPPED = "stopped"


_EVENTS = (
    (vlc.EventType.MediaPlayerOpening, PlayerState.OPENING),
    (vlc.EventType.MediaPlayerBuffering, PlayerState.BUFFERING),
    (vlc.EventType.MediaPlayerPlaying, PlayerState.PLAYING),
    (vlc.EventType.MediaPlayerEncounteredError, PlayerState.ERROR),
    (vlc.EventType.MediaPlayerEndReached, PlayerState.ENDED),
    (vlc.EventType.MediaPlayerStopped, PlayerState.STOPPED),
)


class TilePlayer(Protocol):
    """What a video tile needs from a player (:class:`VideoPlayer`, or a test double)."""

    url: str | None
    frame_count: int
    last_frame_monotonic: float

    @property
    def state(self) -> PlayerState: ...

    @property
    def sequence(self) -> int: ...

    @property
    def has_buffers(self) -> bool: ...

    def play(self, url: str, size: tuple[int, int] = DEFAULT_SIZE) -> None: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...

    def poll(self) -> bool: ...

    def reading_frame(self) -> AbstractContextManager[QImage | PlanarFrame | None]: ...

    def latest_frame(self) -> QImage | None: ...


@dataclass(frozen=True)
class Plane:
    """One plane of a picture in memory: its address, bytes per line and lines."""

    address: int
    pitch: int
    lines: int

    def view(self) -> ctypes.Array[ctypes.c_ubyte]:
        """The plane's bytes, without a copy (valid while its picture is lent)."""
        return (ctypes.c_ubyte * (self.pitch * self.lines)).from_address(self.address)


@dataclass(frozen=True)
class PlanarFrame:
    """A decoded ``I420`` picture (Y, U, V planes) in a player's buffer, for the GPU path
    (:mod:`widgets.gl_canvas`); valid only while the player lends it."""

    width: int
    height: int
    planes: tuple[Plane, Plane, Plane]
    delivery: int  # changes with every picture libVLC delivers

    def to_image(self) -> QImage:
        """A copy in RGB32 (held pictures, tests), converted on the CPU."""
        rows = []
        for plane, width, height in zip(
            self.planes,
            (self.width, self.width // 2, self.width // 2),
            (self.height, self.height // 2, self.height // 2),
            strict=True,
        ):
            data = np.ctypeslib.as_array(plane.view()).reshape(plane.lines, plane.pitch)
            rows.append(data[:height, :width].reshape(-1))
        i420 = np.concatenate(rows).reshape(self.height * 3 // 2, self.width)
        bgra = cv2.cvtColor(i420, cv2.COLOR_YUV2BGRA_I420)
        image = QImage(
            bgra.data, self.width, self.height, self.width * 4, QImage.Format.Format_RGB32
        )
        return image.copy()


def _aligned(value: int) -> int:
    return (value + _ALIGN - 1) // _ALIGN * _ALIGN


class FrameBuffers:
    """Three aligned picture buffers and who holds which: RV32
    (``QImage.Format_RGB32``), or with ``planar`` the three planes of ``I420``.

    Who holds which lives in C (:class:`widgets._frames.Exchange`): libVLC's lock and
    display callbacks run there without the GIL. libVLC is always given a buffer that
    is neither the newest complete picture nor the one the UI paints.
    """

    def __init__(self, width: int, height: int, planar: bool = False) -> None:
        self.width, self.height = width, height
        self.planar = planar
        if planar:
            chroma = (_aligned(width // 2), height // 2)
            self.layout: tuple[tuple[int, int], ...] = ((_aligned(width), height), chroma, chroma)
        else:
            self.layout = ((width * 4, height),)
        self.pitch = self.layout[0][0]
        size = sum(pitch * lines for pitch, lines in self.layout)
        self._raw = [(ctypes.c_ubyte * (size + _ALIGN))() for _ in range(_BUFFER_COUNT)]
        self._views = []
        for raw in self._raw:
            offset = (-ctypes.addressof(raw)) % _ALIGN
            self._views.append((ctypes.c_ubyte * size).from_buffer(raw, offset))
        self.addresses = [ctypes.addressof(view) for view in self._views]
        self.plane_addresses: list[tuple[int, ...]] = []
        for base in self.addresses:
            starts, at = [], base
            for pitch, lines in self.layout:
                starts.append(at)
                at += pitch * lines
            self.plane_addresses.append(tuple(starts))
        self._images = (
            []
            if planar
            else [
                QImage(
                    memoryview(view).cast("B"),
                    width,
                    height,
                    self.pitch,
                    QImage.Format.Format_RGB32,
                )
                for view in self._views
            ]
        )
        self.exchange = _frames.Exchange(self.plane_addresses)

    @property
    def opaque(self) -> int:
        """The address libVLC hands back to the C callbacks (valid while ``self`` lives)."""
        return int(self.exchange.opaque)

    @property
    def latest(self) -> int:
        """The buffer holding the newest picture (-1 before the first)."""
        return int(self.exchange.latest)

    @property
    def reading(self) -> int:
        """The buffer lent to the UI (-1 when none)."""
        return int(self.exchange.reading)

    def begin_write(self) -> int:
        """What libVLC's lock callback does (stand-ins of libVLC): the buffer to fill."""
        return int(self.exchange.lock())

    def delivered(self, index: int) -> None:
        """What libVLC's display callback does: buffer ``index`` is the newest picture."""
        self.exchange.display(index)

    @property
    def sequence(self) -> int:
        """Pictures delivered, repeats of a stalled picture included."""
        return int(self.exchange.sequence)

    @property
    def last_delivery(self) -> float:
        """``time.monotonic()`` of the last delivery (0.0 before the first)."""
        return float(self.exchange.last_delivery)

    @contextmanager
    def reading_latest(self) -> Iterator[QImage | PlanarFrame | None]:
        """(UI thread) the newest picture, over the buffer (a QImage, or a
        :class:`PlanarFrame`), valid inside only."""
        index, sequence = self.exchange.begin_read()
        try:
            if index < 0:
                yield None
            elif self.planar:
                planes = tuple(
                    Plane(address, pitch, lines)
                    for address, (pitch, lines) in zip(
                        self.plane_addresses[index], self.layout, strict=True
                    )
                )
                yield PlanarFrame(self.width, self.height, planes, sequence)  # type: ignore[arg-type]
            else:
                yield self._images[index]
        finally:
            self.exchange.end_read()


class VideoPlayer:
    """One libVLC media player rendering into :class:`FrameBuffers` for one tile.

    It knows nothing of the hub: give it a URL (a grant's MPEG-TS over HTTP(S) from the
    relay, a file, …). Every method must be called from the UI thread.

    ``planar`` (default: the process's render path, :mod:`widgets.render_path`) has
    libVLC hand over ``I420`` planes for the GPU to convert instead of RV32 pictures.
    """

    def __init__(self, planar: bool | None = None) -> None:
        if planar is None:
            from widgets.render_path import RenderPath, current_render_path

            planar = current_render_path().path is RenderPath.OPENGL
        self.planar = planar
        self._player: Any = shared_instance().media_player_new()
        self._media: Any = None
        self._buffers: FrameBuffers | None = None
        self._format: tuple[int, int] | None = None
        self._state = PlayerState.IDLE
        self.url: str | None = None
        self.frame_count = 0
        self.lost_count = 0
        self.last_frame_monotonic = 0.0
        self._stats_seen = (0, 0)
        self._polled_sequence = 0
        self._stats_read = 0.0
        # The picture callbacks are C (widgets/_frames.c), given each time new buffers
        # are (play); the format callbacks, called once per stream, stay Python and must
        # outlive the player: keep them referenced here.
        if planar:
            self._format_callbacks = (_FormatCb(self._on_format), _CleanupCb(self._on_cleanup))
            _set_format_callbacks(self._player._as_parameter_, *self._format_callbacks)
        events = self._player.event_manager()
        for kind, state in _EVENTS:
            events.event_attach(kind, self._on_event, state)

    # -- libVLC threads: record only, never touch Qt --------------------------------

    def _on_format(
        self, _opaque: Any, chroma: int, width: Any, height: Any, pitches: Any, lines: Any
    ) -> int:
        """(libVLC's video output) The pictures it is to deliver: I420 at our size."""
        buffers = self._buffers
        if buffers is None or not buffers.planar:
            return 0  # no buffers (stopping): libVLC gives up this output
        ctypes.memmove(chroma, b"I420", 4)
        width[0], height[0] = buffers.width, buffers.height
        for plane, (pitch, count) in enumerate(buffers.layout):
            pitches[plane], lines[plane] = pitch, count
        return _BUFFER_COUNT

    def _on_cleanup(self, _opaque: Any) -> None:
        return None

    def _on_event(self, _event: Any, state: PlayerState) -> None:
        if state is PlayerState.BUFFERING and self._state is PlayerState.PLAYING:
            return  # libVLC reports its cache level all through playback
        self._state = state

    # -- UI thread ----------------------------------------------------------------

    @property
    def state(self) -> PlayerState:
        """The last state libVLC reported."""
        return self._state

    @property
    def frame_size(self) -> tuple[int, int] | None:
        """The size of the pictures libVLC renders (None when stopped)."""
        return None if self._buffers is None else (self._buffers.width, self._buffers.height)

    @property
    def sequence(self) -> int:
        """Pictures delivered by libVLC since play, repeats of a stalled picture included."""
        return 0 if self._buffers is None else self._buffers.sequence

    @property
    def has_buffers(self) -> bool:
        """Whether frame buffers are allocated (they are released on :meth:`stop`)."""
        return self._buffers is not None

    def play(self, url: str, size: tuple[int, int] = DEFAULT_SIZE) -> None:
        """Play ``url``, rendering ``size`` pictures; switches streams without a new player.

        Args:
            url: what libVLC opens, e.g. ``https://relay:8471/media/out7?token=…`` (never
                logged).
            size: width and height of the rendered pictures (Qt scales them to the tile).
        """
        if self._format is not None and self._format != size:
            self.stop()  # a running video output keeps its format
        if self._buffers is None:  # stopped: no libVLC thread can call back now
            self._buffers = FrameBuffers(*size, planar=self.planar)
            # C callbacks: no Python, so no GIL, for any picture. No unlock (NULL).
            self._player.video_set_callbacks(
                _LOCK, vlc.CallbackDecorators.VideoUnlockCb(), _DISPLAY, self._buffers.opaque
            )
        if self._format != size:
            if not self.planar:  # planar: the format callback answers
                self._player.video_set_format("RV32", size[0], size[1], size[0] * 4)
            self._format = size
        old = self._media
        self._media = shared_instance().media_new(url)
        self._stats_seen = (0, 0)
        self._stats_read = 0.0
        self.url = url
        self._state = PlayerState.OPENING
        self._player.set_media(self._media)
        self._player.play()
        if old is not None:
            old.release()

    def replay(self) -> None:
        """Open the current URL again (after a stall); no-op when nothing was played."""
        if self.url is not None:
            self.play(self.url, self._format or DEFAULT_SIZE)

    def stop(self) -> None:
        """Stop playing and release the frame buffers (libVLC's threads are gone after)."""
        self._player.stop()
        self._state = PlayerState.STOPPED
        self._buffers = None
        self._format = None
        self._polled_sequence = 0
        if self._media is not None:
            self._media.release()
            self._media = None

    def close(self) -> None:
        """Stop and release the libVLC player; the object is unusable afterwards."""
        self.stop()
        self.url = None
        events = self._player.event_manager()
        for kind, _state in _EVENTS:
            events.event_detach(kind)
        _forget_event_manager(self._player)
        self._player.release()
        self._player = None

    def poll(self) -> bool:
        """Refresh the frame counters; True when a picture arrived since the last poll."""
        buffers = self._buffers
        if buffers is None:
            return False
        sequence = buffers.sequence
        fresh = sequence != self._polled_sequence
        self._polled_sequence = sequence
        now = time.monotonic()
        if self._media is not None and now - self._stats_read >= STATS_INTERVAL:
            self._stats_read = now
            stats = vlc.MediaStats()
            if self._media.get_stats(stats):
                seen = (int(stats.displayed_pictures), int(stats.lost_pictures))
                new_frames = max(0, seen[0] - self._stats_seen[0])
                self.lost_count += max(0, seen[1] - self._stats_seen[1])
                self._stats_seen = seen
                if new_frames:
                    self.frame_count += new_frames
                    self.last_frame_monotonic = now
        return fresh

    def reading_frame(self) -> AbstractContextManager[QImage | PlanarFrame | None]:
        """Context manager giving the newest picture (a QImage over the buffer, or a
        :class:`PlanarFrame` for a planar player) or None.

        Paint it inside the ``with`` block only; libVLC will not write that buffer
        until the block ends.
        """
        if self._buffers is None:
            return _no_frame()
        return self._buffers.reading_latest()

    def latest_frame(self) -> QImage | None:
        """A copy of the newest picture (RGB32), or None before the first one."""
        with self.reading_frame() as image:
            return copy_of(image)


def copy_of(frame: QImage | PlanarFrame | None) -> QImage | None:
    """An RGB32 copy of a lent picture (None stays None)."""
    if frame is None:
        return None
    return frame.to_image() if isinstance(frame, PlanarFrame) else frame.copy()


@contextmanager
def _no_frame() -> Iterator[QImage | PlanarFrame | None]:
    yield None


# -- retiring players off the UI thread -----------------------------------------------

_reaper_lock = threading.Condition()
_pending = 0  # players handed over and not yet closed


TRIM_SECONDS = 30.0  # at most this often, freed heap goes back to the system
_last_trim = 0.0


def _close(player: TilePlayer) -> None:
    global _pending
    try:
        player.close()
    finally:
        with _reaper_lock:
            _pending -= 1
            _reaper_lock.notify_all()
        _trim_heap()


def _trim_heap() -> None:
    """Give freed heap back to the system now and then (glibc keeps what a closed
    player's threads freed, and a console closes players all day)."""
    global _last_trim
    now = time.monotonic()
    with _reaper_lock:
        if now - _last_trim < TRIM_SECONDS:
            return
        _last_trim = now
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL(None).malloc_trim(0)


def retire(player: TilePlayer) -> None:
    """Close ``player`` on a thread of its own; the caller must not touch it again.

    ``libvlc_media_player_stop`` joins libVLC's input thread, which can take as long as
    the input needs to notice (a network read in progress, a slow DNS answer), and a
    blocked UI thread is a frozen console. Tiles therefore never stop a player
    themselves: they retire it and take a fresh one for the next stream. One thread per
    player, so one slow close never holds up the others; the thread keeps the player
    (its buffers and ctypes callbacks) alive until libVLC has let go of it. (libVLC 3's
    SRT input could block ``stop`` for good; the relay serves HTTP since, see
    DESIGN.md.)
    """
    global _pending
    with _reaper_lock:
        _pending += 1
    threading.Thread(target=_close, args=(player,), name="vlc-close", daemon=True).start()


def pending_closes() -> int:
    """Retired players not closed yet (a number that stays up means a stuck libVLC)."""
    with _reaper_lock:
        return _pending


def settle(timeout: float = 10.0) -> bool:
    """Wait until every retired player is closed; False on timeout (a stuck libVLC)."""
    with _reaper_lock:
        return _reaper_lock.wait_for(lambda: _pending == 0, timeout)
