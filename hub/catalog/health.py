# SPDX-License-Identifier: GPL-3.0-or-later
"""Camera health: a periodic ONVIF + RTSP check of every camera, pushed to consoles.

Each check asks the device its time (ONVIF GetSystemDateAndTime — also how far its clock
is from the hub's, since times on evidence depend on it) and DESCRIBEs its sub stream
over RTSP with digest authentication (a DESCRIBE, not just OPTIONS: a camera whose
encoder is down still answers OPTIONS). Both answer: online; one: degraded; none:
offline. A status change, or the clock crossing the drift threshold, is pushed on topic
``camera.status`` to whoever's scope covers the camera and to its units; status changes
are audited as the system's.

Checks run concurrently with a bound (``health_concurrency``), each probe with its own
timeout, and never inside a database transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar, cast
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.catalog.access import DeviceAccess, device_access
from hub.catalog.contracts import CameraStatus, CameraStatusEvent
from hub.catalog.models import Camera
from hub.catalog.onvif_probe import ProbeError, device_time
from hub.catalog.service import SYSTEM
from hub.context import Hub
from hub.events import Audience, publish_after_commit
from hub.incidents import faults

log = logging.getLogger(__name__)

TOPIC = "camera.status"
T = TypeVar("T")
_MAX_HEADER_BYTES = 16384


@dataclass(frozen=True)
class HealthResult:
    """One check of one camera."""

    camera_id: int
    onvif_ok: bool
    rtsp_ok: bool
    clock_offset_seconds: float | None
    detail: str | None

    @property
    def status(self) -> CameraStatus:
        """online (both answer), degraded (one), offline (none)."""
        if self.onvif_ok and self.rtsp_ok:
            return CameraStatus.ONLINE
        if self.onvif_ok or self.rtsp_ok:
            return CameraStatus.DEGRADED
        return CameraStatus.OFFLINE


class RtspError(Exception):
    """The RTSP server did not serve the stream."""


async def rtsp_describe(
    url: str, username: str | None, password: str | None, time_limit: float
) -> None:
    """DESCRIBE ``url`` (answering one digest or basic challenge); return on 200.

    Raises:
        RtspError: refused, closed, timed out or any other status (the message names it).
    """
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 554
    clean = parts._replace(netloc=f"{host}:{port}" if ":" not in host else f"[{host}]:{port}")
    uri = clean.geturl()
    try:
        async with asyncio.timeout(time_limit):
            reader, writer = await asyncio.open_connection(host, port)
            try:
                status, headers = await _describe(reader, writer, uri, 1, None)
                if status == 401 and username:
                    auth = _authorization(
                        headers.get("www-authenticate", ""), username, password or "", uri
                    )
                    if auth is not None:
                        status, headers = await _describe(reader, writer, uri, 2, auth)
            finally:
                writer.close()
                with contextlib.suppress(OSError):
                    await writer.wait_closed()
    except TimeoutError:
        raise RtspError("rtsp: no answer in time") from None
    except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
        raise RtspError(f"rtsp: {type(exc).__name__}") from None
    if status == 401:
        raise RtspError("rtsp: credentials refused")
    if status != 200:
        raise RtspError(f"rtsp: status {status}")


async def _describe(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    uri: str,
    cseq: int,
    authorization: str | None,
) -> tuple[int, dict[str, str]]:
    lines = [f"DESCRIBE {uri} RTSP/1.0", f"CSeq: {cseq}", "Accept: application/sdp"]
    lines.append("User-Agent: vwall-hub health")
    if authorization:
        lines.append(f"Authorization: {authorization}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    if len(head) > _MAX_HEADER_BYTES:
        raise ValueError("header too long")
    text = head.decode("utf-8", "replace").split("\r\n")
    status_line = text[0].split()
    if len(status_line) < 2 or not status_line[0].startswith("RTSP/"):
        raise ValueError("not RTSP")
    headers: dict[str, str] = {}
    for line in text[1:]:
        key, sep, value = line.partition(":")
        if sep:
            headers[key.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    if length:
        await reader.readexactly(min(length, 1 << 20))
    return int(status_line[1]), headers


def _authorization(challenge: str, username: str, password: str, uri: str) -> str | None:
    if challenge.lower().startswith("digest"):
        realm = re.search(r'realm="([^"]*)"', challenge)
        nonce = re.search(r'nonce="([^"]*)"', challenge)
        if not (realm and nonce):
            return None
        ha1 = _md5(f"{username}:{realm[1]}:{password}")
        response = _md5(f"{ha1}:{nonce[1]}:{_md5(f'DESCRIBE:{uri}')}")
        return (
            f'Digest username="{username}", realm="{realm[1]}", nonce="{nonce[1]}", '
            f'uri="{uri}", response="{response}"'
        )
    if challenge.lower().startswith("basic"):
        import base64

        token = base64.b64encode(f"{username}:{password}".encode()).decode()
        return f"Basic {token}"
    return None


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


async def probe_health(access: DeviceAccess, hub: Hub) -> HealthResult:
    """Check one device now (ONVIF time and RTSP DESCRIBE, concurrently)."""
    time_limit = hub.settings.health_timeout_seconds
    clock = hub.clock

    async def onvif() -> tuple[float | None, str | None]:
        before = clock.now()
        try:
            device = await device_time(access.onvif_url, time_limit)
        except ProbeError as exc:
            return None, f"onvif: {exc}"
        after = clock.now()
        # The device answers in whole seconds (truncated): +0.5 s centres the error.
        middle = before + (after - before) / 2
        return round((device - middle).total_seconds() + 0.5, 3), None

    async def rtsp() -> str | None:
        url = access.rtsp_sub_url or access.rtsp_main_url
        if not url:
            return "rtsp: no stream"
        try:
            await rtsp_describe(url, access.username, access.password, time_limit)
        except RtspError as exc:
            return str(exc)
        return None

    (offset, onvif_error), rtsp_error = await asyncio.gather(onvif(), rtsp())
    problems = [p for p in (onvif_error, rtsp_error) if p]
    return HealthResult(
        camera_id=access.camera_id,
        onvif_ok=onvif_error is None,
        rtsp_ok=rtsp_error is None,
        clock_offset_seconds=offset,
        detail="; ".join(problems)[:200] if problems else None,
    )


def _drifting(offset: float | None, threshold: float) -> bool:
    return offset is not None and abs(offset) > threshold


def apply_health(hub: Hub, session: Session, camera: Camera, result: HealthResult) -> bool:
    """Store a check; push (after commit) and audit a change. Returns whether it changed."""
    hub.audit.lock_chain(session)  # before the camera row: appenders lock in one order
    now: datetime = hub.clock.now()
    threshold = hub.settings.clock_drift_threshold_seconds
    before_status = camera.status
    before_drift = _drifting(camera.clock_offset_seconds, threshold)
    status = result.status
    camera.status = status.value
    camera.last_checked_at = now
    if status is not CameraStatus.OFFLINE:
        camera.last_seen_at = now
    if result.clock_offset_seconds is not None:
        camera.clock_offset_seconds = result.clock_offset_seconds
    drift = _drifting(camera.clock_offset_seconds, threshold)
    detail = result.detail
    if drift and camera.clock_offset_seconds is not None:
        note = f"clock off by {camera.clock_offset_seconds:+.1f} s"
        detail = f"{detail}; {note}" if detail else note
    camera.status_detail = detail[:200] if detail else None
    status_changed = before_status != status.value
    if not status_changed and before_drift == drift:
        return False
    event = CameraStatusEvent(
        camera_id=camera.id,
        status=status,
        status_detail=camera.status_detail,
        last_seen_at=camera.last_seen_at,
        clock_offset_seconds=camera.clock_offset_seconds,
    )
    units = {camera.managing_unit_id, camera.operating_unit_id}
    units |= {u.unit_id for u in camera.using_units}
    publish_after_commit(
        session,
        hub.events,
        TOPIC,
        event.model_dump(mode="json"),
        Audience(units=frozenset(units), place=(camera.territory_id, camera.domain)),
    )
    if status_changed:
        hub.audit.append(
            session,
            SYSTEM,
            "camera.status",
            object_type="camera",
            object_id=camera.id,
            detail={"from": before_status, "to": status.value, "detail": camera.status_detail},
        )
        # A fault incident for the operating unit's duty desk (DH 8.1, YB 8.1).
        if status is CameraStatus.OFFLINE:
            faults.camera_offline(hub, session, camera, camera.status_detail)
        elif before_status == CameraStatus.OFFLINE.value:
            faults.camera_online(hub, session, camera)
    return True


class CameraHealthService:
    """Checks every camera every ``health_interval_seconds`` (background service)."""

    name = "camera_health"

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.rounds = 0  # completed rounds (tests wait on it)
        self._task: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        # A database step runs in a worker thread that cancelling cannot stop: stop()
        # lets it finish, so the hub never closes its database under a running write.
        self._db_step: asyncio.Future[object] | None = None
        self._checks: set[asyncio.Task[None]] = set()  # targeted checks (check_now)
        self.targeted = 0  # targeted checks done (tests wait on it)
        # Set by stop(): a check asked for later is not started (its task would outlive
        # the loop, its HTTP call cut off when the closed loop's tasks are collected).
        self._stopping = False

    async def start(self) -> None:
        """Start the loop; the first round runs at once."""
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name="camera-health")

    async def stop(self) -> None:
        """Cancel the loop (after its database step, if one is running) and wait for it;
        targeted checks still running are let finish (each is bounded by its timeouts)."""
        self._stopping = True
        if self._checks:
            await asyncio.wait(set(self._checks), timeout=30)
        if self._task is not None:
            step = self._db_step
            if step is not None and not step.done():
                await asyncio.wait({step}, timeout=30)
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def wake(self) -> None:
        """Run the next round now (safe from any thread)."""
        if self._loop is not None and self._wake is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._wake.set)

    def check_now(self, camera_id: int) -> None:
        """Check one camera at once, outside the rounds (a new or changed camera's status
        is known within seconds, not at the next round). Safe from any thread; call it
        after the camera's change is committed."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._start_check, camera_id)

    def _start_check(self, camera_id: int) -> None:
        if self._stopping:
            return
        task = asyncio.create_task(self._check_one(camera_id), name=f"camera-check-{camera_id}")
        self._checks.add(task)
        task.add_done_callback(self._checks.discard)

    async def _check_one(self, camera_id: int) -> None:
        try:
            access = await asyncio.to_thread(self._target, camera_id)
            if access is not None:
                result = await probe_health(access, self.hub)
                await asyncio.to_thread(self._store, [result])
        except Exception:  # a failed check must not end the service
            log.exception("camera %s: health check failed", camera_id)
        self.targeted += 1

    def _target(self, camera_id: int) -> DeviceAccess | None:
        with self.hub.sessions() as session, session.begin():
            camera = session.get(Camera, camera_id)
            return device_access(camera) if camera is not None else None

    async def _run(self) -> None:
        assert self._wake is not None
        while True:
            try:
                await self.check_all()
            except Exception:  # one bad round must not end the checks
                log.exception("camera health round failed")
            self.rounds += 1
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.hub.settings.health_interval_seconds)

    async def check_all(self) -> int:
        """Check every camera once; returns how many changed."""
        targets = await self._in_thread(self._targets)
        if not targets:
            return 0
        bound = asyncio.Semaphore(max(1, self.hub.settings.health_concurrency))

        async def one(access: DeviceAccess) -> HealthResult:
            async with bound:
                return await probe_health(access, self.hub)

        results = await asyncio.gather(*(one(a) for a in targets))
        return await self._in_thread(lambda: self._store(results))

    async def _in_thread(self, work: Callable[[], T]) -> T:
        future = asyncio.ensure_future(asyncio.to_thread(work))
        self._db_step = cast("asyncio.Future[object]", future)
        try:
            return await asyncio.shield(future)
        finally:
            self._db_step = None

    def _targets(self) -> list[DeviceAccess]:
        with self.hub.sessions() as session, session.begin():
            return [device_access(c) for c in session.scalars(select(Camera).order_by(Camera.id))]

    def _store(self, results: list[HealthResult]) -> int:
        changed = 0
        with self.hub.sessions() as session, session.begin():
            for result in results:
                camera = session.get(Camera, result.camera_id)
                if camera is not None and apply_health(self.hub, session, camera, result):
                    changed += 1
        return changed


def health_service(hub: Hub) -> CameraHealthService | None:
    """The FACTORIES entry: the health checker unless the settings turn it off."""
    if not hub.settings.health_enabled:
        return None
    return CameraHealthService(hub)
