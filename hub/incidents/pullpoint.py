# SPDX-License-Identifier: GPL-3.0-or-later
"""The hub's ONVIF pull-point subscription of every camera, read into :class:`CameraEvent`.

One task per catalogued camera with an event service: it subscribes
(``CreatePullPointSubscription`` with an ``InitialTerminationTime``), long-polls
``PullMessages`` (bounded ``Timeout`` and ``MessageLimit``) and ``Renew``\\ s at half the
granted lifetime. Every call has a deadline; set-ups run a bounded number at a time,
long-polls (idle connections) do not count against that bound.

The pull point's address and termination are stored in ``event_subscriptions``: a
restarted hub renews the SAME pull point and reads the events the device queued while
it was down. A device that no longer knows the subscription (restarted, expired) is
subscribed anew; other failures are retried with exponential back-off. The state and a
stable reason (``unreachable``, ``timeout``, ``auth``, ``invalid_reply``, ``fault``,
``subscription_lost``, ``unsupported``) are recorded — never an address or credentials.
A device without an event service is recorded ``unsupported`` and asked again only
after an hour or when its catalogue entry changes.

The tasks follow the catalogue: the service re-reads it every
``camera_events_refresh_seconds`` and at once when a catalogue change commits
(:meth:`CameraEventService.wake`); a camera added, changed (address, credentials) or
removed starts, restarts or ends its task.

Events go to a sink — by default :func:`hub.incidents.ingest.ingest_camera_events` in its
own transaction — from one writer task that batches what the readers pulled, in a
worker thread (never on the event loop). A malformed message is logged, counted and
skipped; it never ends the subscription.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import partial
from typing import TypeVar, cast

from sqlalchemy import select

from hub.catalog.access import DeviceAccess, device_access
from hub.catalog.models import Camera
from hub.context import Hub
from hub.incidents.camera_events import CameraEvent
from hub.incidents.ingest import ingest_camera_events
from hub.incidents.onvif_events import EventDevice, EventsError, MalformedMessage, camera_event
from hub.incidents.subscription_models import EventSubscription

log = logging.getLogger(__name__)

T = TypeVar("T")

# Receives a batch in a worker thread; returns how many it stored (duplicates dropped).
EventSink = Callable[[list[CameraEvent]], int]

_MAX_BACKOFF = 300.0
_UNSUPPORTED_RETRY = 3600.0
_MAX_BATCH = 500
_SINK_ATTEMPTS = 3


class SubscriptionState(StrEnum):
    """``event_subscriptions.state``."""

    ACTIVE = "active"
    FAILING = "failing"
    UNSUPPORTED = "unsupported"


def _fingerprint(dev: DeviceAccess) -> str:
    raw = f"{dev.onvif_url}\0{dev.username}\0{dev.password}".encode()
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class _Target:
    """A camera to follow, with its stored pull point."""

    access: DeviceAccess
    address: str | None
    terminates_at: datetime | None


@dataclass
class _Progress:
    """How one reader fares: failures in a row, renewals since it (re)started."""

    failures: int = 0
    renewed: int = 0


@dataclass
class _Reader:
    """The running reader of one camera and the device access it was started with."""

    access: DeviceAccess
    fingerprint: str
    task: asyncio.Task[None]
    stop: asyncio.Event  # set: finish the call in flight, then end


def ingest_sink(hub: Hub) -> EventSink:
    """The default sink: :func:`hub.incidents.ingest.ingest_camera_events` in a
    transaction of its own."""

    def sink(events: list[CameraEvent]) -> int:
        with hub.sessions() as session, session.begin():
            return ingest_camera_events(hub, session, events)

    return sink


class CameraEventService:
    """Keeps a pull-point subscription on every camera with events (background service).

    ``sink`` receives every batch in a worker thread (default: :func:`ingest_sink`).
    Counters for tests and figures: ``refreshes`` (catalogue reads), ``subscriptions``
    (pull points created), ``delivered`` (events handed to the sink), ``stored`` (what
    the sink returned), ``malformed`` (messages skipped), ``dropped`` (batches given up).
    """

    name = "camera_events"

    def __init__(self, hub: Hub, sink: EventSink | None = None) -> None:
        self.hub = hub
        self.sink = sink or ingest_sink(hub)
        self.refreshes = 0
        self.subscriptions = 0  # pull points created (not those gone on with)
        self.delivered = 0
        self.stored = 0
        self.malformed = 0
        self.dropped = 0  # batches the sink refused three times
        self._readers: dict[int, _Reader] = {}
        self._task: asyncio.Task[None] | None = None
        self._writer: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None
        self._retiring: set[asyncio.Task[None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queue: asyncio.Queue[CameraEvent] | None = None
        self._bound: asyncio.Semaphore | None = None
        # Database steps run in worker threads that cancelling cannot stop: stop() lets
        # them finish, so the hub never closes its database under a running write.
        self._db_steps: set[asyncio.Future[object]] = set()

    async def start(self) -> None:
        """Start following the catalogue; the first read runs at once."""
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._queue = asyncio.Queue(maxsize=10 * _MAX_BATCH)
        self._bound = asyncio.Semaphore(max(1, self.hub.settings.camera_events_concurrency))
        self._writer = asyncio.create_task(self._write(), name="camera-events-writer")
        self._task = asyncio.create_task(self._run(), name="camera-events")

    async def stop(self) -> None:
        """End every reader, hand what was pulled to the sink, wait for database steps.

        A long-poll in flight is let finish (at most ``camera_events_pull_seconds`` plus
        the call deadline): a device hands its queued events to whichever request takes
        them, so a poll cut off would take events to a hub that is gone. Subscriptions
        are not ended on the devices: the next hub goes on with them.
        """
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        for camera_id in list(self._readers):
            self._end(camera_id, gracefully=True)
        while self._retiring:
            await asyncio.wait(set(self._retiring))
        if self._queue is not None and self._writer is not None and not self._writer.done():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._queue.join(), 30)
        if self._writer is not None:
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
            self._writer = None
        if self._db_steps:
            await asyncio.wait(set(self._db_steps), timeout=30)

    def wake(self) -> None:
        """Read the catalogue again now (safe from any thread)."""
        if self._loop is not None and self._wake is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._wake.set)

    def following(self) -> set[int]:
        """Ids of the cameras whose reader runs."""
        return {cid for cid, r in self._readers.items() if not r.task.done()}

    # --- the catalogue ---------------------------------------------------------------

    async def _run(self) -> None:
        assert self._wake is not None
        while True:
            self._wake.clear()
            try:
                await self.follow_catalogue()
            except Exception:  # one bad read must not end the service
                log.exception("reading the catalogue for camera events failed")
            self.refreshes += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._wake.wait(), self.hub.settings.camera_events_refresh_seconds
                )

    async def follow_catalogue(self) -> None:
        """Start, restart or end readers to match the catalogue."""
        targets = await self._in_thread(self._targets)
        wanted = {t.access.camera_id: t for t in targets}
        for camera_id in [cid for cid in self._readers if cid not in wanted]:
            self._end(camera_id, gracefully=False)  # its events have no camera to go to
        for camera_id, target in wanted.items():
            fingerprint = _fingerprint(target.access)
            reader = self._readers.get(camera_id)
            if reader is not None and reader.task.done():  # ended by an unexpected error
                if not reader.task.cancelled() and reader.task.exception() is not None:
                    log.error(
                        "camera events reader of camera %s failed",
                        camera_id,
                        exc_info=reader.task.exception(),
                    )
                self._readers.pop(camera_id)
                reader = None
            if reader is not None and reader.fingerprint == fingerprint:
                continue
            if reader is not None:
                moved = reader.access.onvif_url != target.access.onvif_url
                self._end(camera_id, gracefully=True)
                if moved:  # the stored pull point belongs to the old address
                    await self._in_thread(partial(self._forget, camera_id))
                    target = _Target(target.access, None, None)
            stop = asyncio.Event()
            task = asyncio.create_task(
                self._follow(target, stop), name=f"camera-events-{camera_id}"
            )
            self._readers[camera_id] = _Reader(target.access, fingerprint, task, stop)

    def _end(self, camera_id: int, gracefully: bool) -> None:
        """End a reader; ``gracefully``: let its call in flight finish first (a device
        hands queued events to whichever poll takes them: a poll cut off takes them to
        nobody), within the poll's time and deadline and ``camera_events_stop_grace_seconds``."""
        reader = self._readers.pop(camera_id)
        reader.stop.set()
        settings = self.hub.settings
        grace = min(
            settings.camera_events_pull_seconds + settings.camera_events_timeout_seconds,
            settings.camera_events_stop_grace_seconds,
        )

        async def retire() -> None:
            if gracefully:
                await asyncio.wait({reader.task}, timeout=grace)
            reader.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader.task

        task = asyncio.create_task(retire(), name=f"camera-events-end-{camera_id}")
        self._retiring.add(task)
        task.add_done_callback(self._retiring.discard)

    def _targets(self) -> list[_Target]:
        """Cameras with an event service (the others are recorded ``unsupported``)."""
        now = self.hub.clock.now()
        with self.hub.sessions() as session, session.begin():
            stored = {s.camera_id: s for s in session.scalars(select(EventSubscription))}
            targets = []
            for camera in session.scalars(select(Camera).order_by(Camera.id)):
                row = stored.get(camera.id)
                if camera.has_events:
                    address = row.address if row is not None else None
                    terminates = row.terminates_at if row is not None else None
                    targets.append(_Target(device_access(camera), address, terminates))
                elif row is None or row.state != SubscriptionState.UNSUPPORTED:
                    row = row or EventSubscription(camera_id=camera.id, failures=0)
                    row.state, row.address, row.terminates_at = "unsupported", None, None
                    row.last_error, row.updated_at = "unsupported", now
                    session.add(row)
            return targets

    def _forget(self, camera_id: int) -> None:
        with self.hub.sessions() as session, session.begin():
            row = session.get(EventSubscription, camera_id)
            if row is not None:
                row.address = row.terminates_at = None

    # --- one camera ------------------------------------------------------------------

    async def _follow(self, target: _Target, stopping: asyncio.Event) -> None:
        """Subscribe (or go on with the stored pull point), pull and renew until the
        service stops."""
        settings = self.hub.settings
        camera_id = target.access.camera_id
        address = target.address
        if target.terminates_at is not None and target.terminates_at <= self.hub.clock.now():
            address = None  # expired while the hub was away
        progress = _Progress()
        while not stopping.is_set():
            device = EventDevice(target.access, settings.camera_events_timeout_seconds)
            resumed = address is not None
            try:
                if address is None:
                    assert self._bound is not None
                    async with self._bound:
                        address, granted = await device.subscribe(
                            settings.camera_events_termination_seconds
                        )
                    self.subscriptions += 1
                    await self._record(camera_id, SubscriptionState.ACTIVE, address, granted)
                    renew_in = granted / 2
                else:
                    await device.resume(address)
                    renew_in = 0.0  # renew at once: proves the device still knows it
                await self._read(device, camera_id, address, renew_in, progress, stopping)
                return  # stopping
            except EventsError as exc:
                error = exc
            finally:
                await device.close()
            if stopping.is_set():
                return  # a reader being replaced records nothing more
            progress.failures += 1
            reason = error.reason
            # A stored address that no longer answers while the device does (it moved,
            # or was replaced): subscribe anew rather than wait for it.
            stale = resumed and progress.renewed == 0 and reason == "unreachable"
            if reason == "subscription_lost" or (stale and device.connected):
                address, reason = None, "subscription_lost"
            state = SubscriptionState.FAILING
            if reason == "unsupported":
                state, address = SubscriptionState.UNSUPPORTED, None
            log.info("camera events of camera %s: %s", camera_id, reason)
            await self._record(camera_id, state, address, None, reason, progress.failures)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), self._backoff(reason, progress.failures))

    def _backoff(self, reason: str, failures: int) -> float:
        if reason == "unsupported":
            return _UNSUPPORTED_RETRY
        if reason == "subscription_lost" and failures == 1:
            return 0.0  # subscribe anew at once; back off only if that fails too
        base = self.hub.settings.camera_events_retry_seconds
        return float(min(base * 2 ** (failures - 1), _MAX_BACKOFF) * random.uniform(0.8, 1.2))

    async def _read(
        self,
        device: EventDevice,
        camera_id: int,
        address: str,
        renew_in: float,
        progress: _Progress,
        stopping: asyncio.Event,
    ) -> None:
        """Pull and renew on time until the service stops; a failed call raises
        :class:`EventsError`."""
        settings = self.hub.settings
        loop = asyncio.get_running_loop()
        renew_at = loop.time() + renew_in
        assert self._queue is not None
        while not stopping.is_set():
            if loop.time() >= renew_at:
                granted = await device.renew(settings.camera_events_termination_seconds)
                renew_at = loop.time() + max(granted / 2, 1.0)
                progress.renewed += 1
                progress.failures = 0
                if not stopping.is_set():  # a reader being replaced records nothing more
                    await self._record(camera_id, SubscriptionState.ACTIVE, address, granted)
            wait = max(1.0, min(settings.camera_events_pull_seconds, renew_at - loop.time()))
            messages = await device.pull(wait, max(1, settings.camera_events_message_limit))
            if progress.failures and not stopping.is_set():  # the pull point answers again
                progress.failures = 0
                await self._record(camera_id, SubscriptionState.ACTIVE, address, None)
            for message in messages:
                try:
                    event = camera_event(camera_id, message)
                except MalformedMessage as exc:
                    self.malformed += 1
                    log.warning("camera %s sent a malformed event: %s", camera_id, exc)
                    continue
                await self._queue.put(event)

    async def _record(
        self,
        camera_id: int,
        state: SubscriptionState,
        address: str | None,
        granted: float | None,
        reason: str | None = None,
        failures: int = 0,
    ) -> None:
        def store() -> None:
            now = self.hub.clock.now()
            with self.hub.sessions() as session, session.begin():
                if session.get(Camera, camera_id) is None:
                    return  # removed meanwhile
                row = session.get(EventSubscription, camera_id)
                if row is None:
                    row = EventSubscription(camera_id=camera_id)
                    session.add(row)
                row.state, row.address = state.value, address
                if granted is not None:
                    row.terminates_at = now + timedelta(seconds=granted)
                if address is None:
                    row.terminates_at = None
                row.failures, row.last_error, row.updated_at = failures, reason, now

        await self._in_thread(store)

    # --- the sink --------------------------------------------------------------------

    async def _write(self) -> None:
        """Hand what the readers pulled to the sink, in batches, one at a time."""
        assert self._queue is not None
        queue = self._queue
        while True:
            batch = [await queue.get()]
            while len(batch) < _MAX_BATCH and not queue.empty():
                batch.append(queue.get_nowait())
            try:
                await self._in_thread(partial(self._hand, batch))
            except Exception:  # the writer must outlive any one batch
                log.exception("handing %d camera events over failed", len(batch))
            finally:
                for _ in batch:
                    queue.task_done()

    def _hand(self, batch: list[CameraEvent]) -> None:
        for attempt in range(1, _SINK_ATTEMPTS + 1):
            try:
                self.stored += self.sink(batch)
                break
            except Exception:
                log.exception("storing %d camera events failed (try %d)", len(batch), attempt)
                if attempt < _SINK_ATTEMPTS:
                    time.sleep(0.5 * attempt)  # a worker thread: a locked database may free
        else:
            self.dropped += 1
            return
        self.delivered += len(batch)
        self._note_messages({e.camera_id for e in batch})

    def _note_messages(self, cameras: set[int]) -> None:
        now = self.hub.clock.now()
        with self.hub.sessions() as session, session.begin():
            for camera_id in sorted(cameras):
                row = session.get(EventSubscription, camera_id)
                if row is not None:
                    row.last_message_at = now

    async def _in_thread(self, work: Callable[[], T]) -> T:
        future = asyncio.ensure_future(asyncio.to_thread(work))
        step = cast("asyncio.Future[object]", future)
        self._db_steps.add(step)
        future.add_done_callback(lambda f: self._db_steps.discard(step))
        return await asyncio.shield(future)


def camera_event_service(hub: Hub) -> CameraEventService | None:
    """The FACTORIES entry: the pull-point reader unless the settings turn it off."""
    if not hub.settings.camera_events_enabled:
        return None
    return CameraEventService(hub)
