# SPDX-License-Identifier: GPL-3.0-or-later
"""PTZ control: right + scope, the control lock, the device call, the audit, the push.

Why the request flow looks the way it does: a PTZ command must leave for the device
within tens of milliseconds, and a slow device must never hold the database. So each
command is decided in one short transaction in a worker thread (authenticate, rate
limit, :func:`use_camera` — right, scope and the ``access.image.ptz`` record — the
lock, and the command's own audit record, written before the device is called so a
command is on record even if the hub dies mid-call), and the ONVIF call then runs on
the event loop with no transaction open. A device failure adds a ``ptz.device_error``
record.

The watchdog (the ``ptz`` service) is the safety net: a continuous move that no move or
heartbeat renewed for ``ptz_move_timeout_seconds`` is stopped, whatever happened to the
console; the device is also given a ``Timeout`` with each ContinuousMove, so it stops by
itself even if the hub goes away. Stopping the hub stops every running move.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hub.audit.service import Actor
from hub.auth.principal import Principal
from hub.auth.sessions import authenticate
from hub.catalog.access import DeviceAccess, device_access, use_camera
from hub.catalog.models import Camera
from hub.context import Hub
from hub.contracts import Permission
from hub.errors import HubError, PendingAudit
from hub.events import Audience
from hub.org.models import User
from hub.ptz.contracts import CONTROL_TOPIC, PtzControl, PtzPreset, PtzStatus
from hub.ptz.locks import (
    CameraControl,
    Controller,
    Grant,
    LockTable,
    Move,
    Refused,
    parse_priorities,
    priority_of,
)
from hub.ptz.models import PtzPresetLabel
from hub.ptz.onvif_ptz import DeviceError, PtzDevices
from hub.scope.service import require_permission

log = logging.getLogger(__name__)

R = TypeVar("R")
SERVICE_NAME = "ptz"
WATCHDOG_ACTOR = Actor(None, "ptz-watchdog", None)
TICK_SECONDS = 0.05


@dataclass(frozen=True)
class Authorized(Generic[R]):
    """A command admitted by :meth:`PtzService.authorize`."""

    principal: Principal
    who: Controller
    camera_id: int
    place: tuple[int, str | None]
    device: DeviceAccess
    grant: Grant | None
    result: R
    state: CameraControl | None  # the camera's control state as the command left it


Inside = Callable[[Session, Camera, Controller], R]
AfterLock = Callable[[Session, Controller], object]
FULL_SWEEP_SECONDS = 1.0  # lapsed locks, and moves whose heartbeats went to another hub


class PtzService:
    """PTZ control of the running hub (service ``ptz``): locks, devices, watchdog."""

    name = SERVICE_NAME

    def __init__(self, hub: Hub, now: Callable[[], float] = time.time) -> None:
        s = hub.settings
        self.hub = hub
        self.now = now  # wall-clock seconds: lock deadlines are shared by every hub process
        self.priorities = parse_priorities(s.ptz_role_priorities)
        self.locks = LockTable(s.ptz_lock_idle_seconds, now)
        self.rate_per_second = s.ptz_rate_per_second
        self.devices = PtzDevices(s.ptz_device_timeout_seconds)
        self.move_timeout = s.ptz_move_timeout_seconds
        self.device_move_seconds = s.ptz_device_move_seconds
        self._access: dict[int, DeviceAccess] = {}
        # Deadlines of the moves this process started or kept alive (camera id → clock
        # seconds): the watchdog looks at the database when one is due, and every
        # FULL_SWEEP_SECONDS for the rest (lapsed locks, moves another hub kept).
        self._deadlines: dict[int, float] = {}
        self._next_full_sweep = 0.0
        self._task: asyncio.Task[None] | None = None
        # When the watchdog last stopped a camera (camera id → time.monotonic), for tests.
        self.watchdog_stops: dict[int, float] = {}

    # --- service life --------------------------------------------------------------

    async def start(self) -> None:
        """Start the watchdog."""
        self._task = asyncio.create_task(self._watchdog(), name="ptz-watchdog")

    async def stop(self) -> None:
        """Stop the watchdog, stop every running move, close the device clients."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        started_here = [c for c in self._deadlines if c in self._access]
        try:
            ended = await asyncio.to_thread(self._end_moves, started_here)
        except Exception:  # the devices' own move timeout still stops them
            log.exception("PTZ: cannot end the running moves at shutdown")
            ended = []
        for camera_id in ended:
            try:
                await self.devices.stop(self._access[camera_id])
            except DeviceError as exc:
                log.warning("camera %s: stop at shutdown failed: %s", camera_id, exc.reason)
        await self.devices.close()

    def _end_moves(self, camera_ids: list[int]) -> list[int]:
        """End the moves of ``camera_ids`` (one transaction); the cameras that had one."""
        with self.hub.sessions() as session, session.begin():
            return [c for c in camera_ids if self.locks.end_move(session, c) is not None]

    async def _end_move(self, camera_id: int) -> None:
        self._deadlines.pop(camera_id, None)
        await asyncio.to_thread(self._end_moves, [camera_id])

    async def _watchdog(self) -> None:
        while True:
            await asyncio.sleep(TICK_SECONDS)
            now = self.now()
            due = any(d <= now for d in self._deadlines.values())
            if not due and now < self._next_full_sweep:
                continue
            try:
                await self.sweep()
            except Exception:  # the safety net must keep running
                log.exception("PTZ watchdog sweep failed")

    def _sweep_sync(
        self,
    ) -> tuple[list[tuple[CameraControl, Move, DeviceAccess | None]], list[CameraControl]]:
        with self.hub.sessions() as session, session.begin():
            overdue, lapsed = self.locks.sweep(session)
            out = []
            for state, move in overdue:
                camera = session.get(Camera, state.camera_id)
                out.append((state, move, device_access(camera) if camera is not None else None))
            return out, lapsed

    async def sweep(self) -> None:
        """Stop overdue moves (whichever hub started them); push lapsed locks and
        reservations."""
        now = self.now()
        self._next_full_sweep = now + FULL_SWEEP_SECONDS
        overdue, lapsed = await asyncio.to_thread(self._sweep_sync)
        for camera_id in [c for c, d in self._deadlines.items() if d <= now]:
            del self._deadlines[camera_id]  # stopped below, or kept alive through another hub
        for state, move, dev in overdue:
            await self._watchdog_stop(state, move, dev)
        for state in lapsed:
            self.publish(state)

    async def _watchdog_stop(
        self, state: CameraControl, move: Move, dev: DeviceAccess | None
    ) -> None:
        outcome, reason = "success", None
        if dev is not None:
            try:
                await self.devices.stop(dev)
            except DeviceError as exc:
                outcome, reason = "failure", exc.reason
        self.watchdog_stops[state.camera_id] = time.monotonic()
        holder = state.holder.username if state.holder else None
        await asyncio.to_thread(
            self.hub.audit.record_now,
            self.hub.sessions,
            WATCHDOG_ACTOR,
            "ptz.stop",
            outcome=outcome,
            object_type="camera",
            object_id=str(state.camera_id),
            reason="no_heartbeat",
            detail={
                "by": "watchdog",
                "holder": holder,
                "silent_ms": round((self.now() - move.last_beat) * 1000),
                "device_error": reason,
            },
        )

    # --- control state and pushes --------------------------------------------------

    def control(self, state: CameraControl | None, camera_id: int) -> PtzControl:
        """The API/event view of a camera's control state."""
        if state is None or state.holder is None:
            return PtzControl(camera_id=camera_id, version=state.version if state else 0)
        now = self.now()
        if state.reservation is not None:
            left, reason = state.reservation.until - now, state.reservation.reason
        else:
            base = now if state.move is not None else state.last_active
            left, reason = base + self.locks.idle_seconds - now, None
        return PtzControl(
            camera_id=camera_id,
            holder_user_id=state.holder.user_id,
            holder_username=state.holder.username,
            holder_display_name=state.holder.display_name,
            until=self.hub.clock.now() + timedelta(seconds=max(0.0, left)),
            reserved=state.reservation is not None,
            reason=reason,
            version=state.version,
        )

    def publish(self, state: CameraControl, also: tuple[int, ...] = ()) -> None:
        """Push ``ptz.control`` to whoever's scope covers the camera (and ``also``)."""
        users = set(also)
        if state.holder is not None:
            users.add(state.holder.user_id)
        self.hub.events.publish(
            CONTROL_TOPIC,
            self.control(state, state.camera_id).model_dump(mode="json"),
            Audience(users=frozenset(users), place=state.place),
        )

    # --- admission -----------------------------------------------------------------

    def _controller(self, session: Session, principal: Principal) -> Controller:
        user = session.get(User, principal.user_id)
        display = user.display_name if user is not None else principal.username
        return Controller(
            principal.user_id,
            principal.username,
            display,
            priority_of(principal.roles, self.priorities),
        )

    def _principal(self, session: Session, token: str, source: str | None) -> Principal:
        principal = authenticate(session, self.hub, token, source)
        if principal.password_change_required:
            raise HubError(403, "auth.password_change_required")
        return principal

    def _limit(
        self, session: Session, principal: Principal, camera_id: int, place: tuple[int, str | None]
    ) -> None:
        wait = self.locks.hit(session, camera_id, place, principal.user_id, self.rate_per_second)
        if wait is not None:
            raise HubError(429, "ptz.rate_limited", {"retry_after": round(wait, 3)})

    def _refusal(
        self, exc: Refused, actor: Actor, camera_id: int, operation: str | None = None
    ) -> HubError:
        control = self.control(exc.control, camera_id)
        detail: dict[str, Any] = {"holder": control.holder_username, "reserved": control.reserved}
        if operation is not None:
            detail["operation"] = operation
        return HubError(
            409,
            exc.code,
            control.model_dump(mode="json"),
            PendingAudit(
                actor,
                "ptz.denied",
                {
                    "outcome": "denied",
                    "object_type": "camera",
                    "object_id": str(camera_id),
                    "reason": exc.code,
                    "detail": detail,
                },
            ),
        )

    def _authorize_sync(
        self,
        token: str,
        source: str | None,
        camera_id: int,
        permission: Permission,
        lock: bool,
        action: str | None,
        detail: dict[str, Any] | None,
        reserve: tuple[float, str] | None,
        inside: Inside[R] | None,
        after_lock: AfterLock | None,
    ) -> Authorized[R]:
        hub = self.hub
        session = hub.sessions()
        grant: Grant | None = None
        try:
            session.begin()
            principal = self._principal(session, token, source)
            camera, _decision = use_camera(hub, session, principal, camera_id, permission)
            if not camera.has_ptz:
                raise HubError(409, "ptz.unsupported")
            place = (camera.territory_id, camera.domain)
            self._limit(session, principal, camera_id, place)
            who = self._controller(session, principal)
            if lock:
                try:
                    grant = self.locks.acquire(session, camera_id, place, who)
                    if after_lock is not None:
                        after_lock(session, who)
                except Refused as exc:
                    raise self._refusal(exc, principal.actor, camera_id) from None
                if grant.took_over is not None or grant.broke_reservation is not None:
                    res = grant.broke_reservation
                    hub.audit.append(
                        session,
                        principal.actor,
                        "ptz.takeover",
                        object_type="camera",
                        object_id=str(camera_id),
                        reason=res.reason if res else None,
                        detail={
                            "from": grant.took_over.username if grant.took_over else None,
                            "reservation_broken": res is not None,
                            "reserved_by": res.by.username if res else None,
                            "priority": who.priority,
                        },
                    )
                if reserve is not None:
                    self.locks.reserve(session, camera_id, who, reserve[0], reserve[1])
            result = inside(session, camera, who) if inside is not None else None
            if action is not None:
                hub.audit.append(
                    session,
                    principal.actor,
                    action,
                    object_type="camera",
                    object_id=str(camera_id),
                    detail=detail,
                )
            dev = device_access(camera)
            state = self.locks.snapshot(session, camera_id)
            session.commit()
        except HubError as exc:
            session.rollback()
            if exc.audit is not None:
                hub.audit.record_now(
                    hub.sessions, exc.audit.actor, exc.audit.action, **exc.audit.fields
                )
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        self._access[camera_id] = dev
        if grant is not None and (grant.changed or reserve is not None) and state is not None:
            also = (grant.took_over.user_id,) if grant.took_over else ()
            if grant.broke_reservation is not None:
                also = (*also, grant.broke_reservation.by.user_id)
            self.publish(state, also)
        return Authorized(principal, who, camera_id, place, dev, grant, result, state)  # type: ignore[arg-type]

    async def authorize(
        self,
        token: str,
        source: str | None,
        camera_id: int,
        permission: Permission,
        *,
        lock: bool,
        action: str | None = None,
        detail: dict[str, Any] | None = None,
        reserve: tuple[float, str] | None = None,
        inside: Inside[R] | None = None,
        after_lock: AfterLock | None = None,
    ) -> Authorized[R]:
        """Admit a command (in a worker thread, one short transaction); ``after_lock``
        changes the lock state in it (a move starts or ends).

        Raises:
            HubError: 401/403 (audited), 404 ``camera.not_found``, 409 ``ptz.unsupported``
                / ``ptz.locked`` / ``ptz.reserved`` (audited), 429 ``ptz.rate_limited``.
        """
        return await asyncio.to_thread(
            self._authorize_sync,
            token,
            source,
            camera_id,
            permission,
            lock,
            action,
            detail,
            reserve,
            inside,
            after_lock,
        )

    async def _device_failed(
        self, auth: Authorized[Any], operation: str, exc: DeviceError
    ) -> HubError:
        await asyncio.to_thread(
            self.hub.audit.record_now,
            self.hub.sessions,
            auth.principal.actor,
            "ptz.device_error",
            outcome="failure",
            object_type="camera",
            object_id=str(auth.camera_id),
            reason=exc.reason,
            detail={"operation": operation, "fault": exc.fault},
        )
        return HubError(exc.status, exc.code, {"reason": exc.reason, "fault": exc.fault})

    def _ended_move(self, camera_id: int) -> AfterLock:
        """``after_lock`` of a command that replaces a running move (a position, a stop)."""
        self._deadlines.pop(camera_id, None)
        return lambda session, _who: self.locks.end_move(session, camera_id)

    # --- commands ------------------------------------------------------------------

    async def move(
        self,
        token: str,
        source: str | None,
        camera_id: int,
        vector: tuple[float, float, float],
        timeout_ms: int | None,
    ) -> PtzControl:
        """Start or change a continuous move (a zero vector is a stop)."""
        if vector == (0.0, 0.0, 0.0):
            return await self.stop_move(token, source, camera_id)
        pan, tilt, zoom = vector
        timeout = self.move_timeout
        if timeout_ms is not None:
            timeout = min(timeout, timeout_ms / 1000)

        def start(session: Session, who: Controller) -> None:
            self.locks.start_move(session, camera_id, who.user_id, vector, timeout)

        auth: Authorized[None] = await self.authorize(
            token,
            source,
            camera_id,
            Permission.IMAGE_PTZ,
            lock=True,
            action="ptz.move",
            detail={"pan": pan, "tilt": tilt, "zoom": zoom},
            after_lock=start,
        )
        self._deadlines[camera_id] = self.now() + timeout
        try:
            await self.devices.continuous_move(
                auth.device, pan, tilt, zoom, self.device_move_seconds
            )
        except DeviceError as exc:
            await self._end_move(camera_id)
            raise await self._device_failed(auth, "ContinuousMove", exc) from None
        return self.control(auth.state, camera_id)

    async def stop_move(self, token: str, source: str | None, camera_id: int) -> PtzControl:
        """Stop pan, tilt and zoom."""
        auth: Authorized[None] = await self.authorize(
            token,
            source,
            camera_id,
            Permission.IMAGE_PTZ,
            lock=True,
            action="ptz.stop",
            after_lock=self._ended_move(camera_id),
        )
        try:
            await self.devices.stop(auth.device)
        except DeviceError as exc:
            raise await self._device_failed(auth, "Stop", exc) from None
        return self.control(auth.state, camera_id)

    def _heartbeat_sync(
        self, token: str, source: str | None, camera_id: int
    ) -> tuple[Move | None, DeviceAccess | None, CameraControl | None]:
        """Keep the caller's move alive: the move, the device when the move is due to be
        sent again (its own timeout is half gone), and the camera's state."""
        with self.hub.sessions() as session, session.begin():
            principal = self._principal(session, token, source)
            require_permission(principal, Permission.IMAGE_PTZ)
            camera = session.get(Camera, camera_id)
            if camera is None:  # nothing of it can be moving (409 ptz.not_moving)
                return None, None, None
            self._limit(session, principal, camera_id, (camera.territory_id, camera.domain))
            move, renew = self.locks.heartbeat(
                session, camera_id, principal.user_id, self.device_move_seconds / 2
            )
            dev = device_access(camera) if renew else None
            return move, dev, self.locks.snapshot(session, camera_id)

    async def heartbeat(self, token: str, source: str | None, camera_id: int) -> PtzControl:
        """Keep the caller's running move alive (no audit record: the move has one).

        Raises:
            HubError: 409 ``ptz.not_moving`` when the caller has no running move (stopped
                by the watchdog, taken over, or never started).
        """
        move, dev, state = await asyncio.to_thread(self._heartbeat_sync, token, source, camera_id)
        if move is None:
            control = self.control(state, camera_id)
            raise HubError(409, "ptz.not_moving", control.model_dump(mode="json"))
        self._deadlines[camera_id] = move.deadline
        if dev is not None:
            # Renew the device's own timeout before it runs out.
            try:
                await self.devices.continuous_move(
                    dev, move.pan, move.tilt, move.zoom, self.device_move_seconds
                )
            except DeviceError as exc:
                log.info("camera %s: renewing a move failed: %s", camera_id, exc.reason)
        return self.control(state, camera_id)

    async def absolute(
        self,
        token: str,
        source: str | None,
        camera_id: int,
        pan: float | None,
        tilt: float | None,
        zoom: float | None,
        speed: float | None,
    ) -> PtzControl:
        """Go to a position (click-to-centre)."""
        auth: Authorized[None] = await self.authorize(
            token,
            source,
            camera_id,
            Permission.IMAGE_PTZ,
            lock=True,
            action="ptz.absolute",
            detail={"pan": pan, "tilt": tilt, "zoom": zoom, "speed": speed},
            after_lock=self._ended_move(camera_id),
        )
        try:
            await self.devices.absolute_move(auth.device, pan, tilt, zoom, speed)
        except DeviceError as exc:
            raise await self._device_failed(auth, "AbsoluteMove", exc) from None
        return self.control(auth.state, camera_id)

    async def relative(
        self,
        token: str,
        source: str | None,
        camera_id: int,
        vector: tuple[float, float, float],
        speed: float | None,
    ) -> PtzControl:
        """Move by a translation (drag, wheel zoom)."""
        pan, tilt, zoom = vector
        auth: Authorized[None] = await self.authorize(
            token,
            source,
            camera_id,
            Permission.IMAGE_PTZ,
            lock=True,
            action="ptz.relative",
            detail={"pan": pan, "tilt": tilt, "zoom": zoom, "speed": speed},
            after_lock=self._ended_move(camera_id),
        )
        try:
            await self.devices.relative_move(auth.device, pan, tilt, zoom, speed)
        except DeviceError as exc:
            raise await self._device_failed(auth, "RelativeMove", exc) from None
        return self.control(auth.state, camera_id)

    async def home(self, token: str, source: str | None, camera_id: int) -> PtzControl:
        """Go to the home position."""
        auth: Authorized[None] = await self.authorize(
            token,
            source,
            camera_id,
            Permission.IMAGE_PTZ,
            lock=True,
            action="ptz.home",
            after_lock=self._ended_move(camera_id),
        )
        try:
            await self.devices.home(auth.device)
        except DeviceError as exc:
            raise await self._device_failed(auth, "GotoHomePosition", exc) from None
        return self.control(auth.state, camera_id)

    async def status(self, token: str, source: str | None, camera_id: int) -> PtzStatus:
        """Lock holder, reservation, and where the dome looks."""
        auth: Authorized[None] = await self.authorize(
            token, source, camera_id, Permission.IMAGE_PTZ, lock=False
        )
        out = PtzStatus(control=self.control(auth.state, camera_id))
        try:
            out.position, out.moving = await self.devices.status(auth.device)
        except DeviceError as exc:
            out.device_error = exc.reason
        return out

    # --- presets -------------------------------------------------------------------

    @staticmethod
    def _labels(session: Session, camera: Camera, who: Controller) -> dict[str, str]:
        rows = session.scalars(
            select(PtzPresetLabel).where(PtzPresetLabel.camera_id == camera.id)
        ).all()
        return {row.token: row.name for row in rows}

    async def _device_presets(
        self, auth: Authorized[dict[str, str]], operation: str = "GetPresets"
    ) -> list[PtzPreset]:
        try:
            presets = await self.devices.presets(auth.device)
        except DeviceError as exc:
            raise await self._device_failed(auth, operation, exc) from None
        labels = auth.result
        return [PtzPreset(token=p.token, name=labels.get(p.token, p.name)) for p in presets]

    async def presets(self, token: str, source: str | None, camera_id: int) -> list[PtzPreset]:
        """The camera's presets, with the names operators gave them."""
        auth = await self.authorize(
            token, source, camera_id, Permission.IMAGE_PTZ, lock=False, inside=self._labels
        )
        return await self._device_presets(auth)

    async def goto_preset(
        self, token: str, source: str | None, camera_id: int, preset: str
    ) -> PtzControl:
        """Go to a preset."""
        auth: Authorized[None] = await self.authorize(
            token,
            source,
            camera_id,
            Permission.IMAGE_PTZ,
            lock=True,
            action="ptz.preset.goto",
            detail={"token": preset},
            after_lock=self._ended_move(camera_id),
        )
        try:
            await self.devices.goto_preset(auth.device, preset)
        except DeviceError as exc:
            raise await self._device_failed(auth, "GotoPreset", exc) from None
        return self.control(auth.state, camera_id)

    async def save_preset(
        self, token: str, source: str | None, camera_id: int, name: str
    ) -> PtzPreset:
        """Save the current position as a new preset named ``name``."""
        auth = await self.authorize(
            token,
            source,
            camera_id,
            Permission.IMAGE_PTZ_PRESET,
            lock=False,
            action="ptz.preset.save",
            detail={"name": name},
            inside=self._labels,
        )
        existing = await self._device_presets(auth, "SetPreset")
        if any(p.name == name for p in existing):
            raise HubError(409, "ptz.preset_exists", {"name": name})
        try:
            preset_token = await self.devices.set_preset(auth.device, name)
        except DeviceError as exc:
            raise await self._device_failed(auth, "SetPreset", exc) from None
        await asyncio.to_thread(self._set_label, camera_id, preset_token, None, auth.who)
        return PtzPreset(token=preset_token, name=name)

    def _set_label(self, camera_id: int, token: str, name: str | None, who: Controller) -> None:
        """Set (or with ``name=None`` forget) the hub's name of a preset."""
        with self.hub.sessions() as session, session.begin():
            session.execute(
                delete(PtzPresetLabel).where(
                    PtzPresetLabel.camera_id == camera_id, PtzPresetLabel.token == token
                )
            )
            if name is not None:
                session.add(
                    PtzPresetLabel(
                        camera_id=camera_id,
                        token=token,
                        name=name,
                        updated_by=who.user_id,
                        updated_at=self.hub.clock.now(),
                    )
                )

    async def rename_preset(
        self, token: str, source: str | None, camera_id: int, preset: str, name: str
    ) -> PtzPreset:
        """Rename a preset (kept by the hub; the device's stored position is untouched)."""
        auth = await self.authorize(
            token,
            source,
            camera_id,
            Permission.IMAGE_PTZ_PRESET,
            lock=False,
            action="ptz.preset.rename",
            detail={"token": preset, "name": name},
            inside=self._labels,
        )
        existing = await self._device_presets(auth, "GetPresets")
        if not any(p.token == preset for p in existing):
            raise HubError(404, "ptz.preset_not_found", {"token": preset})
        if any(p.name == name and p.token != preset for p in existing):
            raise HubError(409, "ptz.preset_exists", {"name": name})
        await asyncio.to_thread(self._set_label, camera_id, preset, name, auth.who)
        return PtzPreset(token=preset, name=name)

    async def delete_preset(
        self, token: str, source: str | None, camera_id: int, preset: str
    ) -> None:
        """Delete a preset from the device (and its hub name)."""
        auth: Authorized[None] = await self.authorize(
            token,
            source,
            camera_id,
            Permission.IMAGE_PTZ_PRESET,
            lock=False,
            action="ptz.preset.delete",
            detail={"token": preset},
        )
        try:
            await self.devices.remove_preset(auth.device, preset)
        except DeviceError as exc:
            raise await self._device_failed(auth, "RemovePreset", exc) from None
        await asyncio.to_thread(self._set_label, camera_id, preset, None, auth.who)

    # --- reservations and release --------------------------------------------------

    async def reserve(
        self, token: str, source: str | None, camera_id: int, minutes: int, reason: str
    ) -> PtzControl:
        """Keep the camera for the caller for ``minutes`` (only a higher priority breaks it)."""
        auth: Authorized[None] = await self.authorize(
            token,
            source,
            camera_id,
            Permission.IMAGE_PTZ_RESERVE,
            lock=True,
            action="ptz.reserve",
            detail={"minutes": minutes},
            reserve=(minutes * 60.0, reason),
        )
        if auth.grant is not None and auth.grant.stopped_move is not None:
            # Taken from someone whose move was running: it must not run on unwatched.
            try:
                await self.devices.stop(auth.device)
            except DeviceError as exc:
                raise await self._device_failed(auth, "Stop", exc) from None
        return self.control(auth.state, camera_id)

    async def end_reservation(self, token: str, source: str | None, camera_id: int) -> PtzControl:
        """End the caller's reservation (or a lower priority's)."""

        def inside(session: Session, camera: Camera, who: Controller) -> bool:
            try:
                return self.locks.end_reservation(session, camera_id, who) is not None
            except Refused as exc:  # someone else's reservation of equal or higher rank
                actor = Actor(who.user_id, who.username, source)
                raise self._refusal(exc, actor, camera_id, "reserve.end") from None

        auth = await self.authorize(
            token,
            source,
            camera_id,
            Permission.IMAGE_PTZ,
            lock=False,
            action="ptz.reserve.end",
            inside=inside,
        )
        state = auth.state
        if auth.result and state is not None:
            self.publish(state)
        return self.control(auth.state, camera_id)

    async def release(self, token: str, source: str | None, camera_id: int) -> PtzControl:
        """Give up the lock (a running move of the caller is stopped first)."""

        def inside(session: Session, camera: Camera, who: Controller) -> CameraControl | None:
            return self.locks.holds(session, camera_id, who.user_id)

        auth = await self.authorize(
            token, source, camera_id, Permission.IMAGE_PTZ, lock=False, inside=inside
        )
        held = auth.result
        if held is None:
            return self.control(auth.state, camera_id)
        if held.move is not None:
            await self._end_move(camera_id)
            try:
                await self.devices.stop(auth.device)
            except DeviceError as exc:
                raise await self._device_failed(auth, "Stop", exc) from None
        state = await asyncio.to_thread(self._release_sync, auth)
        if state is None:
            return self.control(auth.state, camera_id)
        self.publish(state, (auth.who.user_id,))
        return self.control(state, camera_id)

    def _release_sync(self, auth: Authorized[Any]) -> CameraControl | None:
        """Give the lock up and record it (one transaction); the state, if it was held."""
        with self.hub.sessions() as session, session.begin():
            state = self.locks.release(session, auth.camera_id, auth.who.user_id)
            if state is not None:
                self.hub.audit.append(
                    session,
                    auth.principal.actor,
                    "ptz.release",
                    object_type="camera",
                    object_id=str(auth.camera_id),
                )
            return state


def ptz_service(hub: Hub) -> PtzService:
    """The running PTZ service (the ``FACTORIES`` line starts it)."""
    service = hub.services.get(SERVICE_NAME)
    if not isinstance(service, PtzService):
        raise HubError(503, "ptz.unavailable")
    return service


def create_ptz_service(hub: Hub) -> PtzService:
    """The ``FACTORIES`` entry."""
    return PtzService(hub)
