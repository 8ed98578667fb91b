# SPDX-License-Identifier: GPL-3.0-or-later
"""Archive mode of the wall: per-tile live ↔ archive, one shared playback clock.

A tile switched to archive plays an *archive grant* (the hub replays the camera's ONVIF
recording through its relay; the console never meets the device). All archive tiles of
a wall follow one :class:`PlaybackClock`: seeking one seeks all (each gets a new archive
grant at the same start and rate), a speed change re-grants every tile at the current
position with the new rate, pause releases the grants (the hub replays nothing nobody
watches) and play re-grants at the paused position. A grant is replaced make-before-
break: the old one is released once the new one is handed to the tile, and an answer
that arrives after a newer seek is released unused.

Tiles show an "archive" badge with the time the picture shows through the tile hook
``set_archive_time(datetime | None)`` (the overlay's badge); tiles without the hook just
play. The live stream of a cell is the wall controller's: :class:`ArchiveController`
emits ``tileEntered`` / ``tileLeft`` so the owner can suspend and resume it.

TN 6.2: a central operator replaying a dedicated system gives the reason once per camera
(the session's :class:`~console.access_reasons.ReasonBook`, shared with live and PTZ);
a cancel leaves the tile refused (``refused`` with ``scope.reason_required``). The
timeline's recording search asks the same book (a cancel: ``failed``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from console.access_reasons import GivenReason, ReasonBook, reason_kwargs
from hub.archive.contracts import (
    RATES,
    ArchiveGrantOut,
    ArchiveLimitOut,
    RecordingsOut,
    SnapshotOut,
)
from hub.catalog.contracts import StreamGrantOut, StreamKind
from hub.client import HubApiError
from hub.contracts import AccessReason
from widgets.timeline import Marker, Span, Timeline, TimelineData

log = logging.getLogger(__name__)

TICK_MS = 250  # how often the shared position is pushed to tiles and the timeline
RENEW_SECONDS = 40.0  # archive grants are renewed this often (they live 120 s by default)
HOLD_SECONDS = 5.0  # a seek's clock waits at most this long for the first pictures
DEFAULT_BACK = timedelta(minutes=1)  # entering archive without a time: one minute ago
FETCH_DEBOUNCE_MS = 300  # recordings are fetched once the operator stops zooming


class ArchiveApi(Protocol):
    """What the controller needs of :class:`hub.client.HubClient`."""

    async def archive_grant(
        self,
        camera_id: int,
        start: datetime,
        rate: float = 1.0,
        stream: StreamKind = ...,
        reason: AccessReason | None = None,
        reason_note: str | None = None,
    ) -> ArchiveGrantOut: ...

    async def renew_grant(self, grant_id: str) -> StreamGrantOut: ...

    async def release_grant(self, grant_id: str) -> None: ...


class SnapshotApi(Protocol):
    """What :meth:`ArchiveController.take_snapshot` needs of the hub client."""

    async def take_snapshot(
        self, camera_id: int, at: datetime | None = None, stream: StreamKind = ...
    ) -> SnapshotOut: ...


class ArchiveTile(Protocol):
    """What the controller needs of a tile (:class:`widgets.video_tile.VideoTile`)."""

    def play(
        self, url: str, size: tuple[int, int] = ..., masks: list[list[tuple[float, float]]] = ...
    ) -> None: ...

    def stop(self) -> None: ...


class PlaybackClock(QObject):
    """The one archive time of a wall: position, rate, playing or paused.

    The position advances with the monotonic clock times the rate while playing. A seek
    or a rate change emits ``seeked(start, rate)``: every archive tile re-grants there.

    Signals:
        seeked(datetime, float): playback (re)starts at this time and rate.
        paused(datetime): playback stopped at this time.
        ticked(datetime): the position, a few times a second while playing.
    """

    seeked = Signal(object, float)
    paused = Signal(object)
    ticked = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._anchor: datetime | None = None
        self._anchor_mono = 0.0
        self._rate = 1.0
        self._playing = False
        self._held = False  # a seek waits for the first picture before time runs
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    @property
    def rate(self) -> float:
        """Replay speed."""
        return self._rate

    @property
    def playing(self) -> bool:
        """Whether the position advances."""
        return self._playing

    def position(self) -> datetime | None:
        """The archive time now (None: never seeked)."""
        if self._anchor is None:
            return None
        if not self._playing or self._held:
            return self._anchor
        elapsed = (time.monotonic() - self._anchor_mono) * self._rate
        return min(self._anchor + timedelta(seconds=elapsed), datetime.now(UTC))

    @property
    def held(self) -> bool:
        """Whether a seek waits for its first picture (the position does not advance)."""
        return self._held

    def seek(self, moment: datetime) -> None:
        """Play from ``moment`` at the current rate (all archive tiles follow).

        The position stays at ``moment`` until :meth:`run` (the first pictures are on
        show), so the time the tiles display is the time of the picture, not of the
        request: relay and player take a second or so to start.
        """
        self._anchor = moment.astimezone(UTC)
        self._anchor_mono = time.monotonic()
        self._playing = True
        self._held = True
        self._timer.start()
        self.seeked.emit(self._anchor, self._rate)
        self.ticked.emit(self._anchor)

    def set_rate(self, rate: float) -> None:
        """Change the speed (one of :data:`RATES`): playback restarts where it is."""
        if rate not in RATES:
            raise ValueError(f"rate must be one of {RATES}")
        here = self.position()
        self._rate = rate
        if here is not None and self._playing:
            self.seek(here)

    def run(self) -> None:
        """The pictures of the last seek are on show: time runs from now."""
        if self._held:
            self._held = False
            self._anchor_mono = time.monotonic()

    def pause(self) -> None:
        """Stop advancing (tiles release their grants)."""
        here = self.position()
        if here is None or not self._playing:
            return
        self._anchor, self._playing, self._held = here, False, False
        self._timer.stop()
        self.paused.emit(here)
        self.ticked.emit(here)

    def play(self) -> None:
        """Resume from the paused position."""
        if self._anchor is not None and not self._playing:
            self.seek(self._anchor)

    def reset(self) -> None:
        """Forget the position (every tile went back to live)."""
        self._anchor, self._playing, self._held = None, False, False
        self._timer.stop()

    def _tick(self) -> None:
        here = self.position()
        if here is not None:
            self.ticked.emit(here)


@dataclass(eq=False)
class _ArchiveSlot:
    tile: ArchiveTile
    camera_id: int
    stream: StreamKind
    grant_id: str | None = None
    generation: int = 0  # bumped by every seek; older answers are dropped
    renew_at: float = 0.0
    refused: str | None = None
    played: bool = False  # the tile was given this seek's grant


class ArchiveController(QObject):
    """Archive grants of the archive tiles of one wall, driven by one clock.

    Signals:
        tileEntered(int): the cell switched to archive (suspend its live stream).
        tileLeft(int): the cell is back to live (resume its live stream).
        refused(int, str): the hub refused the cell's archive (code, e.g.
            ``archive.too_old``, ``forbidden``); the cell stays in archive, stopped.
    """

    tileEntered = Signal(int)
    tileLeft = Signal(int)
    refused = Signal(int, str)

    def __init__(
        self,
        api: ArchiveApi,
        clock: PlaybackClock | None = None,
        parent: QObject | None = None,
        tile_size: tuple[int, int] = (640, 360),
        reasons: ReasonBook | None = None,
    ) -> None:
        super().__init__(parent)
        self.api = api
        self.reasons = reasons  # TN 6.2: asked once per camera, shared with live and PTZ
        self.clock = clock or PlaybackClock(self)
        self.tile_size = tile_size
        self._slots: dict[int, _ArchiveSlot] = {}
        self._seeked_at = 0.0
        self._tasks: set[asyncio.Future[Any]] = set()
        self.clock.seeked.connect(self._on_seeked)
        self.clock.paused.connect(self._on_paused)
        self.clock.ticked.connect(self._on_ticked)
        self._renewal = QTimer(self)
        self._renewal.setInterval(1000)
        self._renewal.timeout.connect(self._renew_due)
        self._renewal.start()

    # -- public API -----------------------------------------------------------------------

    def cells(self) -> list[int]:
        """Cells in archive mode."""
        return sorted(self._slots)

    def is_archive(self, cell: int) -> bool:
        """Whether ``cell`` shows the archive."""
        return cell in self._slots

    def grant_id(self, cell: int) -> str | None:
        """The archive grant a cell plays (tests, diagnostics)."""
        slot = self._slots.get(cell)
        return slot.grant_id if slot is not None else None

    def enter(
        self,
        cell: int,
        tile: ArchiveTile,
        camera_id: int,
        at: datetime | None = None,
        stream: StreamKind = StreamKind.SUB,
    ) -> None:
        """Switch ``cell`` to archive. With ``at`` every archive tile seeks there;
        without, the tile joins the wall's clock (or starts one minute ago)."""
        self.leave(cell, resume_live=False)
        self._slots[cell] = _ArchiveSlot(tile, camera_id, stream)
        self.tileEntered.emit(cell)
        self._badge(tile, self.clock.position())
        if at is not None:
            self.clock.seek(at)
        elif self.clock.position() is None:
            self.clock.seek(datetime.now(UTC) - DEFAULT_BACK)
        elif self.clock.playing:
            self._grant(cell, self._slots[cell], self.clock.position(), self.clock.rate)

    def leave(self, cell: int, resume_live: bool = True) -> None:
        """Back to live: release the cell's archive grant and stop its picture."""
        slot = self._slots.pop(cell, None)
        if slot is None:
            return
        slot.generation += 1
        self._release(slot.grant_id)
        slot.grant_id = None
        slot.tile.stop()
        if shiboken6.isValid(slot.tile):  # the window may be gone (console closing)
            self._badge(slot.tile, None)
        if not self._slots:
            self.clock.reset()
        if resume_live:
            self.tileLeft.emit(cell)

    def leave_all(self) -> None:
        """Every archive tile back to live (the timeline's Live button)."""
        for cell in list(self._slots):
            self.leave(cell)

    async def take_snapshot(
        self,
        api: SnapshotApi,
        camera_id: int,
        cell: int | None = None,
        stream: StreamKind = StreamKind.MAIN,
    ) -> SnapshotOut:
        """Have the hub keep an evidence snapshot of what ``cell`` shows: the recording at
        the wall's archive time when the cell is in archive, else the live picture. The
        answer's ``captured_at`` is the time of the frame the hub grabbed.

        Raises:
            HubApiError: refused (right, scope, depth) or ``snapshot.failed``.
        """
        at = self.clock.position() if cell is not None and self.is_archive(cell) else None
        return await api.take_snapshot(camera_id, at, stream)

    async def aclose(self) -> None:
        """Release every grant and wait for the requests on their way."""
        self._renewal.stop()
        for cell in list(self._slots):
            self.leave(cell, resume_live=False)
        if self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # -- clock → grants ----------------------------------------------------------------

    def hub_switched(self) -> None:
        """The console's hub came back after a loss, or the console moved to another hub:
        the archive streams may have been the lost hub's (its relay, or outputs it held),
        so every archive tile asks again where the clock is; each old grant is released
        once its tile has the new one."""
        position = self.clock.position()
        if position is None or not self.clock.playing:
            return
        for cell, slot in list(self._slots.items()):
            if slot.grant_id is not None and slot.refused is None:
                self._grant(cell, slot, position, self.clock.rate)

    def _on_seeked(self, start: datetime, rate: float) -> None:
        self._seeked_at = time.monotonic()
        for slot in self._slots.values():
            slot.played = False
        for cell, slot in list(self._slots.items()):
            self._grant(cell, slot, start, rate)

    def _on_paused(self, _at: datetime) -> None:
        for slot in self._slots.values():
            slot.generation += 1
            self._release(slot.grant_id)
            slot.grant_id = None
            slot.tile.stop()

    def _on_ticked(self, at: datetime) -> None:
        if self.clock.held and self._pictures_on_show():
            self.clock.run()
        for slot in self._slots.values():
            self._badge(slot.tile, at)

    def _pictures_on_show(self) -> bool:
        """Whether every tile given a grant since the last seek shows its picture (a
        tile refused, or slower than :data:`HOLD_SECONDS`, does not hold the others)."""
        if time.monotonic() - self._seeked_at > HOLD_SECONDS:
            return True
        waiting = [s for s in self._slots.values() if s.refused is None]
        if not waiting:
            return False
        return all(
            s.played and getattr(getattr(s.tile, "status", None), "value", "") == "playing"
            for s in waiting
        )

    def _grant(self, cell: int, slot: _ArchiveSlot, start: datetime | None, rate: float) -> None:
        if start is None:
            return
        slot.generation += 1
        slot.refused = None
        self._spawn(self._fetch(cell, slot, slot.generation, start, rate))

    async def _fetch(
        self, cell: int, slot: _ArchiveSlot, generation: int, start: datetime, rate: float
    ) -> None:
        def request(given: GivenReason | None) -> Awaitable[ArchiveGrantOut]:
            return self.api.archive_grant(
                slot.camera_id, start, rate, slot.stream, **reason_kwargs(given)
            )

        def wanted() -> bool:
            return self._slots.get(cell) is slot and generation == slot.generation

        try:
            if self.reasons is None:
                answer = await request(None)
            else:
                answer = await self.reasons.call(str(slot.camera_id), request, wanted)
        except HubApiError as exc:
            if generation == slot.generation:
                log.info("archive of camera %s refused: %s", slot.camera_id, exc.code)
                slot.refused = exc.code
                self._release(slot.grant_id)
                slot.grant_id = None
                slot.tile.stop()
                self.refused.emit(cell, exc.code)
            return
        current = self._slots.get(cell) is slot and generation == slot.generation
        if not current:  # a newer seek (or leaving archive) overtook this answer
            self._release(answer.grant.grant_id)
            return
        old, slot.grant_id = slot.grant_id, answer.grant.grant_id
        slot.renew_at = time.monotonic() + RENEW_SECONDS
        slot.tile.play(answer.grant.url, self.tile_size, masks=answer.grant.masks)
        slot.played = True
        self._release(old)

    def _renew_due(self) -> None:
        now = time.monotonic()
        for cell, slot in list(self._slots.items()):
            if slot.grant_id is not None and now >= slot.renew_at:
                slot.renew_at = now + RENEW_SECONDS
                self._spawn(self._renew(cell, slot, slot.grant_id))

    async def _renew(self, cell: int, slot: _ArchiveSlot, grant_id: str) -> None:
        try:
            await self.api.renew_grant(grant_id)
        except HubApiError as exc:
            if exc.code == "grant.not_found" and slot.grant_id == grant_id:
                # Expired or revoked: pick up again where the clock is.
                slot.grant_id = None
                if self.clock.playing:
                    self._grant(cell, slot, self.clock.position(), self.clock.rate)

    def _release(self, grant_id: str | None) -> None:
        if grant_id is not None:
            self._spawn(_quietly(self.api.release_grant(grant_id)))

    @staticmethod
    def _badge(tile: ArchiveTile, at: datetime | None) -> None:
        hook = getattr(tile, "set_archive_time", None)
        if callable(hook):
            hook(at)

    def _spawn(self, work: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


async def _quietly(call: Awaitable[None]) -> None:
    with contextlib.suppress(HubApiError):
        await call


def timeline_data(found: RecordingsOut) -> TimelineData:
    """The timeline's plain data from a recording search answer."""
    return TimelineData(
        ranges=[Span(r.start, r.end) for r in found.ranges],
        gaps=[Span(g.start, g.end) for g in found.gaps],
        markers=[Marker(m.at, m.kind, m.label) for m in found.markers],
        earliest_allowed=found.limit.earliest,
    )


class RecordingsApi(Protocol):
    """What :class:`TimelineBinding` needs of :class:`hub.client.HubClient`."""

    async def recordings(
        self,
        camera_id: int,
        start: datetime,
        end: datetime,
        reason: AccessReason | None = None,
        reason_note: str | None = None,
    ) -> RecordingsOut: ...

    async def archive_limits(self) -> ArchiveLimitOut: ...


class TimelineBinding(QObject):
    """Connects the wall's :class:`~widgets.timeline.Timeline` to its archive controller.

    Timeline intents drive the shared clock (seek, play, pause, speed) and "Live" sends
    every archive tile back to live; the clock moves the cursor. The timeline shows the
    recordings of one camera (:meth:`show_camera`, e.g. the selected tile's), fetched
    again when the operator zooms or pans (debounced), with the caller's depth limit.

    Signals:
        failed(str): a recording search or the limit could not be fetched (error code).
        archiveWanted(datetime): the operator chose a time while no tile shows the
            archive (the owner puts the selected tile in archive there).
    """

    failed = Signal(str)
    archiveWanted = Signal(object)

    def __init__(
        self,
        timeline: Timeline,
        controller: ArchiveController,
        api: RecordingsApi,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.timeline = timeline
        self.controller = controller
        self.api = api
        self.camera_id: int | None = None
        self._tasks: set[asyncio.Future[Any]] = set()
        self._fetches = 0
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(FETCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        clock = controller.clock
        timeline.seekRequested.connect(self._seek)
        timeline.playRequested.connect(clock.play)
        timeline.pauseRequested.connect(clock.pause)
        timeline.rateRequested.connect(self._rate)
        timeline.liveRequested.connect(controller.leave_all)
        timeline.windowChanged.connect(self._window_changed)
        clock.ticked.connect(timeline.set_position)
        clock.seeked.connect(lambda _at, rate: self._state(True, rate))
        clock.paused.connect(lambda _at: self._state(False, clock.rate))

    def load_limit(self) -> None:
        """Fetch the caller's archive depth and show it (call once after login)."""
        self._spawn(self._load_limit())

    def show_camera(self, camera_id: int | None) -> None:
        """Show this camera's recordings (None: none)."""
        self.camera_id = camera_id
        if camera_id is None:
            self.timeline.set_data(TimelineData())
            return
        self.refresh()

    def refresh(self) -> None:
        """Fetch the recordings of the visible range again."""
        if self.camera_id is not None:
            start, end = self.timeline.view.visible_range()
            self._fetches += 1
            self._spawn(self._fetch(self.camera_id, start, end, self._fetches))

    async def _fetch(self, camera_id: int, start: datetime, end: datetime, serial: int) -> None:
        end = min(end, datetime.now(UTC))
        if end <= start:
            return

        def request(given: GivenReason | None) -> Awaitable[RecordingsOut]:
            return self.api.recordings(camera_id, start, end, **reason_kwargs(given))

        def wanted() -> bool:
            return serial == self._fetches and camera_id == self.camera_id

        reasons = self.controller.reasons  # TN 6.2: the session's book, as for the grants
        try:
            if reasons is None:
                found = await request(None)
            else:
                found = await reasons.call(str(camera_id), request, wanted)
        except HubApiError as exc:
            if serial == self._fetches:
                self.failed.emit(exc.code)
            return
        if not shiboken6.isValid(self.timeline):  # the window closed meanwhile
            return
        if serial == self._fetches and camera_id == self.camera_id:
            self.timeline.set_data(timeline_data(found))

    async def _load_limit(self) -> None:
        try:
            limit = await self.api.archive_limits()
        except HubApiError as exc:
            self.failed.emit(exc.code)
            return
        self.timeline.set_limit_days(limit.limit_days)

    def _window_changed(self, _start: datetime, _end: datetime) -> None:
        self._debounce.start()

    def _seek(self, moment: datetime) -> None:
        if self.controller.cells():
            self.controller.clock.seek(moment)
        else:
            self.archiveWanted.emit(moment)

    def _rate(self, rate: float) -> None:
        self.controller.clock.set_rate(rate)
        self._state(self.controller.clock.playing, rate)

    def _state(self, playing: bool, rate: float) -> None:
        self.timeline.set_playing(playing)
        self.timeline.set_rate(rate)

    def _spawn(self, work: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
