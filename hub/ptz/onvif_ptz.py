# SPDX-License-Identifier: GPL-3.0-or-later
"""The hub's ONVIF PTZ calls (onvif-zeep-async), one cached client per camera.

A client is created on a camera's first PTZ command (finding its services costs a few
round trips) and kept: a held key sends a command every few hundred milliseconds and
each must leave at once. A client is dropped after a transport failure (the next
command reconnects) and when the device access changes (new address or credentials).
Every call has a deadline; device faults become :class:`DeviceError` with a stable
reason, never the device's address or credentials.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

import zeep.exceptions
from lxml import etree
from onvif import ONVIFCamera
from onvif.exceptions import ONVIFAuthError, ONVIFError, ONVIFTimeoutError

from hub.catalog.access import DeviceAccess
from hub.catalog.onvif_client import onvif_client
from hub.ptz.contracts import PtzPosition, PtzPreset

log = logging.getLogger(__name__)
# Debug records "send <Operation> camera <id>" are emitted just before each request
# leaves (the latency benchmark listens to them).
wire_log = logging.getLogger("hub.ptz.wire")

T = TypeVar("T")

# Fault subcodes (ONVIF Core §5.11 / PTZ service) that mean something to the operator.
_UNSUPPORTED = {"PTZNotSupported", "ActionNotSupported", "NoPTZProfile"}
_REFUSED = {
    "NoToken": (404, "ptz.preset_not_found"),
    "PresetExist": (409, "ptz.preset_exists"),
    "TooManyPresets": (409, "ptz.too_many_presets"),
}
_AUTH = {"NotAuthorized", "FailedAuthentication"}


class DeviceError(Exception):
    """A PTZ call failed: ``status``/``code`` for the API, ``reason`` for the operator."""

    def __init__(self, status: int, code: str, reason: str, fault: str | None = None) -> None:
        super().__init__(f"{code}: {reason}")
        self.status = status
        self.code = code
        self.reason = reason
        self.fault = fault

    @property
    def transient(self) -> bool:
        """Whether the client should be rebuilt (the connection, not the command, failed)."""
        return self.reason in {"unreachable", "timeout", "auth", "invalid_reply"}


def _subcodes(fault: zeep.exceptions.Fault) -> list[str]:
    out = []
    for q in fault.subcodes or []:
        try:
            out.append(etree.QName(q).localname)
        except (ValueError, TypeError):
            out.append(str(q).rpartition(":")[2])
    return out


def classify(exc: BaseException) -> DeviceError:
    """Map an exception from the ONVIF stack to a :class:`DeviceError`."""
    if isinstance(exc, DeviceError):
        return exc
    if isinstance(exc, TimeoutError | asyncio.TimeoutError | ONVIFTimeoutError):
        return DeviceError(502, "ptz.device_error", "timeout")
    if isinstance(exc, ONVIFAuthError):
        return DeviceError(502, "ptz.device_error", "auth")
    if isinstance(exc, zeep.exceptions.Fault):
        codes = _subcodes(exc)
        for code in codes:
            if code in _UNSUPPORTED:
                return DeviceError(409, "ptz.unsupported", "unsupported", code)
            if code in _REFUSED:
                status, api_code = _REFUSED[code]
                return DeviceError(status, api_code, "refused", code)
            if code in _AUTH:
                return DeviceError(502, "ptz.device_error", "auth", code)
        return DeviceError(502, "ptz.device_error", "fault", codes[-1] if codes else None)
    if isinstance(exc, zeep.exceptions.TransportError):
        if exc.status_code in (401, 403):
            return DeviceError(502, "ptz.device_error", "auth")
        return DeviceError(502, "ptz.device_error", "unreachable")
    if isinstance(exc, zeep.exceptions.Error | etree.XMLSyntaxError | ValueError):
        return DeviceError(502, "ptz.device_error", "invalid_reply")
    if isinstance(exc, ONVIFError) and isinstance(exc.__cause__, BaseException):
        return classify(exc.__cause__)
    if isinstance(exc, OSError | ONVIFError):
        return DeviceError(502, "ptz.device_error", "unreachable")
    # aiohttp's client errors derive from OSError or from aiohttp.ClientError
    name = type(exc).__module__
    if name.startswith("aiohttp"):
        return DeviceError(502, "ptz.device_error", "unreachable")
    return DeviceError(502, "ptz.device_error", "invalid_reply")


def _fingerprint(dev: DeviceAccess) -> str:
    raw = f"{dev.onvif_url}\0{dev.username}\0{dev.password}".encode()
    return hashlib.sha256(raw).hexdigest()


def _seconds(value: float) -> timedelta:
    return timedelta(seconds=value)


@dataclass
class _Client:
    fingerprint: str
    camera: ONVIFCamera
    ptz: Any  # onvif.client.ONVIFService (untyped library)


class PtzDevices:
    """ONVIF PTZ clients by camera id, created lazily, closed by :meth:`close`.

    Use from the event loop only. Calls to one camera are serialised, so a stop never
    overtakes the move it ends.
    """

    def __init__(self, call_timeout: float) -> None:
        self.call_timeout = call_timeout
        self._clients: dict[int, _Client] = {}
        self._locks: dict[int, asyncio.Lock] = {}

    def _lock(self, camera_id: int) -> asyncio.Lock:
        lock = self._locks.get(camera_id)
        if lock is None:
            lock = self._locks[camera_id] = asyncio.Lock()
        return lock

    async def _client(self, dev: DeviceAccess) -> _Client:
        fingerprint = _fingerprint(dev)
        client = self._clients.get(dev.camera_id)
        if client is not None and client.fingerprint == fingerprint:
            return client
        if client is not None:
            await self._drop(dev.camera_id)
        camera = onvif_client(dev.onvif_url, dev.username, dev.password)
        try:
            await camera.update_xaddrs()
            ptz = await camera.create_ptz_service()
        except BaseException:
            await _close_quietly(camera)
            raise
        client = _Client(fingerprint, camera, ptz)
        self._clients[dev.camera_id] = client
        return client

    async def _drop(self, camera_id: int) -> None:
        client = self._clients.pop(camera_id, None)
        if client is not None:
            await _close_quietly(client.camera)

    async def call(
        self, dev: DeviceAccess, operation: str, make: Callable[[Any], Awaitable[T]]
    ) -> T:
        """Run ``make(ptz_service)`` against the device within the call deadline.

        Raises:
            DeviceError: the device failed, refused or did not answer in time.
        """
        async with self._lock(dev.camera_id):
            try:
                async with asyncio.timeout(self.call_timeout):
                    client = await self._client(dev)
                    wire_log.debug("send %s camera %s", operation, dev.camera_id)
                    return await make(client.ptz)
            except Exception as exc:
                error = classify(exc)
                if error.transient:
                    await self._drop(dev.camera_id)
                log.info(
                    "PTZ %s on camera %s failed: %s (%s)",
                    operation,
                    dev.camera_id,
                    error.reason,
                    error.fault or type(exc).__name__,
                )
                raise error from None

    async def close(self) -> None:
        """Close every client."""
        for camera_id in list(self._clients):
            await self._drop(camera_id)

    # --- operations ----------------------------------------------------------------

    @staticmethod
    def _profile(dev: DeviceAccess) -> str:
        if not dev.main_profile_token:
            raise DeviceError(409, "ptz.unsupported", "no_profile")
        return dev.main_profile_token

    async def continuous_move(
        self, dev: DeviceAccess, pan: float, tilt: float, zoom: float, lasting: float
    ) -> None:
        """Move at a velocity; the device itself stops after ``lasting`` seconds."""
        request: dict[str, Any] = {
            "ProfileToken": self._profile(dev),
            "Velocity": {"PanTilt": {"x": pan, "y": tilt}, "Zoom": {"x": zoom}},
            "Timeout": _seconds(lasting),
        }
        try:
            await self.call(dev, "ContinuousMove", lambda ptz: ptz.ContinuousMove(request))
        except DeviceError as exc:
            if exc.fault != "TimeoutNotSupported":
                raise
            # Some devices refuse a Timeout: the hub's watchdog alone stops the move then.
            del request["Timeout"]
            await self.call(dev, "ContinuousMove", lambda ptz: ptz.ContinuousMove(request))

    async def stop(self, dev: DeviceAccess) -> None:
        """Stop pan, tilt and zoom."""
        request = {"ProfileToken": self._profile(dev), "PanTilt": True, "Zoom": True}
        await self.call(dev, "Stop", lambda ptz: ptz.Stop(request))

    async def absolute_move(
        self,
        dev: DeviceAccess,
        pan: float | None,
        tilt: float | None,
        zoom: float | None,
        speed: float | None,
    ) -> None:
        """Go to a position; missing axes keep theirs (pan and tilt go together)."""
        profile = self._profile(dev)
        if (pan is None) != (tilt is None) or speed is not None:
            here = await self.status(dev)
            here_pos = here[0]
            if here_pos is not None:
                pan = here_pos.pan if pan is None else pan
                tilt = here_pos.tilt if tilt is None else tilt
        position: dict[str, Any] = {}
        if pan is not None and tilt is not None:
            position["PanTilt"] = {"x": pan, "y": tilt}
        if zoom is not None:
            position["Zoom"] = {"x": zoom}
        request: dict[str, Any] = {"ProfileToken": profile, "Position": position}
        if speed is not None:
            request["Speed"] = {"PanTilt": {"x": speed, "y": speed}, "Zoom": {"x": speed}}
        await self.call(dev, "AbsoluteMove", lambda ptz: ptz.AbsoluteMove(request))

    async def relative_move(
        self, dev: DeviceAccess, pan: float, tilt: float, zoom: float, speed: float | None
    ) -> None:
        """Move by a translation."""
        request: dict[str, Any] = {
            "ProfileToken": self._profile(dev),
            "Translation": {"PanTilt": {"x": pan, "y": tilt}, "Zoom": {"x": zoom}},
        }
        if speed is not None:
            request["Speed"] = {"PanTilt": {"x": speed, "y": speed}, "Zoom": {"x": speed}}
        await self.call(dev, "RelativeMove", lambda ptz: ptz.RelativeMove(request))

    async def home(self, dev: DeviceAccess) -> None:
        """Go to the home position."""
        request = {"ProfileToken": self._profile(dev)}
        await self.call(dev, "GotoHomePosition", lambda ptz: ptz.GotoHomePosition(request))

    async def status(self, dev: DeviceAccess) -> tuple[PtzPosition | None, bool]:
        """(position, moving) as the device reports them."""
        request = {"ProfileToken": self._profile(dev)}
        reply = await self.call(dev, "GetStatus", lambda ptz: ptz.GetStatus(request))
        position = None
        pos = getattr(reply, "Position", None)
        if pos is not None and pos.PanTilt is not None:
            zoom = pos.Zoom.x if pos.Zoom is not None else 0.0
            position = PtzPosition(pan=pos.PanTilt.x, tilt=pos.PanTilt.y, zoom=zoom)
        moving = False
        move_status = getattr(reply, "MoveStatus", None)
        if move_status is not None:
            moving = "MOVING" in (str(move_status.PanTilt), str(move_status.Zoom))
        return position, moving

    async def presets(self, dev: DeviceAccess) -> list[PtzPreset]:
        """The device's presets."""
        request = {"ProfileToken": self._profile(dev)}
        reply = await self.call(dev, "GetPresets", lambda ptz: ptz.GetPresets(request))
        return [PtzPreset(token=str(p.token), name=str(p.Name or p.token)) for p in (reply or [])]

    async def goto_preset(self, dev: DeviceAccess, token: str) -> None:
        """Go to a preset."""
        request = {"ProfileToken": self._profile(dev), "PresetToken": token}
        await self.call(dev, "GotoPreset", lambda ptz: ptz.GotoPreset(request))

    async def set_preset(self, dev: DeviceAccess, name: str, token: str | None = None) -> str:
        """Save the current position (new preset, or ``token`` renamed/overwritten)."""
        request: dict[str, Any] = {"ProfileToken": self._profile(dev), "PresetName": name}
        if token is not None:
            request["PresetToken"] = token
        reply = await self.call(dev, "SetPreset", lambda ptz: ptz.SetPreset(request))
        return str(reply)

    async def remove_preset(self, dev: DeviceAccess, token: str) -> None:
        """Delete a preset."""
        request = {"ProfileToken": self._profile(dev), "PresetToken": token}
        await self.call(dev, "RemovePreset", lambda ptz: ptz.RemovePreset(request))


async def _close_quietly(camera: ONVIFCamera) -> None:
    try:
        await camera.close()
    except Exception:  # closing a broken connection may fail; nothing to keep
        log.debug("closing an ONVIF client failed", exc_info=True)
