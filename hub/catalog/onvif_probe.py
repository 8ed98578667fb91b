# SPDX-License-Identifier: GPL-3.0-or-later
"""Talking ONVIF to a device: what it is and offers (onboarding), and what time it has.

Built on onvif-zeep-async. Its failures come in many shapes (zeep faults, transport
errors, aiohttp and socket errors, XML syntax errors, ``ONVIFError`` wrappers); this
module folds them into three the catalogue can explain to a user: the device cannot be
reached, it refused the credentials, or it answered something that is not ONVIF.
Messages never carry the credentials.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import aiohttp
import zeep.exceptions
from lxml import etree
from onvif import ONVIFCamera
from onvif.exceptions import ONVIFAuthError, ONVIFError, ONVIFTimeoutError

log = logging.getLogger(__name__)

T = TypeVar("T")

NS_MEDIA = "http://www.onvif.org/ver10/media/wsdl"
NS_PTZ = "http://www.onvif.org/ver20/ptz/wsdl"
NS_EVENTS = "http://www.onvif.org/ver10/events/wsdl"
NS_RECORDING = "http://www.onvif.org/ver10/recording/wsdl"
NS_REPLAY = "http://www.onvif.org/ver10/replay/wsdl"
NS_SEARCH = "http://www.onvif.org/ver10/search/wsdl"
NS_ANALYTICS = "http://www.onvif.org/ver20/analytics/wsdl"
NS_MEDIA2 = "http://www.onvif.org/ver20/media/wsdl"
_PROFILE_SCOPE = "onvif://www.onvif.org/profile/"
_NAME_SCOPE = "onvif://www.onvif.org/name/"
# Profile scopes as devices announce them ("Streaming" is the historical name of S).
_PROFILE_NAMES = {"streaming": "S", "s": "S", "g": "G", "t": "T", "m": "M"}


class ProbeError(Exception):
    """A device could not be probed; ``code`` is the catalogue's error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class Unreachable(ProbeError):
    """No answer: refused, timed out, HTTP error (503 while offline), name not found."""

    def __init__(self, message: str) -> None:
        super().__init__("camera.unreachable", message)


class AuthFailed(ProbeError):
    """The device refused the credentials (ter:NotAuthorized, HTTP 401)."""

    def __init__(self, message: str = "the device refused the credentials") -> None:
        super().__init__("camera.auth_failed", message)


class BadReply(ProbeError):
    """The device answered with something that is not a usable ONVIF reply."""

    def __init__(self, message: str) -> None:
        super().__init__("camera.bad_reply", message)


@dataclass(frozen=True)
class StreamInfo:
    """One media profile with its RTSP URI (credentials never embedded)."""

    token: str
    uri: str
    width: int
    height: int


@dataclass(frozen=True)
class DeviceProbe:
    """What onboarding learns from a device."""

    manufacturer: str
    model: str
    firmware: str
    serial_number: str
    hardware_id: str
    name: str | None
    scopes: list[str]
    profiles: list[str]  # ONVIF profiles claimed: "S", "G", "T", "M"
    main: StreamInfo | None
    sub: StreamInfo | None
    has_ptz: bool
    has_events: bool
    has_recording: bool
    services: list[str] = field(default_factory=list)


def _is_auth_fault(exc: zeep.exceptions.Fault) -> bool:
    names = [etree.QName(q).localname for q in (exc.subcodes or []) if q is not None]
    text = f"{exc.code or ''} {exc.message or ''}".lower()
    return "NotAuthorized" in names or "notauthorized" in text or "not authorized" in text


def _classify(exc: BaseException, what: str) -> ProbeError:
    """The catalogue error for a failure of ``what`` (an ONVIF call)."""
    if isinstance(exc, ProbeError):
        return exc
    cause = exc.__cause__ if isinstance(exc, ONVIFError) and exc.__cause__ else exc
    if isinstance(exc, ONVIFAuthError):
        return AuthFailed()
    if isinstance(cause, zeep.exceptions.Fault):
        if _is_auth_fault(cause):
            return AuthFailed()
        return BadReply(f"{what}: the device answered a SOAP fault ({cause.code or 'fault'})")
    if isinstance(cause, zeep.exceptions.TransportError):
        if cause.status_code == 401:
            return AuthFailed()
        return Unreachable(f"{what}: HTTP {cause.status_code}")
    if isinstance(cause, etree.XMLSyntaxError | zeep.exceptions.XMLSyntaxError):
        return BadReply(f"{what}: the reply is not well-formed XML")
    if isinstance(
        cause, ONVIFTimeoutError | TimeoutError | asyncio.TimeoutError | aiohttp.ServerTimeoutError
    ):
        return Unreachable(f"{what}: no answer in time")
    if isinstance(cause, aiohttp.ClientConnectionError | OSError):
        return Unreachable(f"{what}: {type(cause).__name__}")
    if isinstance(cause, zeep.exceptions.Error | aiohttp.ClientError | ONVIFError):
        return BadReply(f"{what}: {type(cause).__name__}")
    return BadReply(f"{what}: unexpected reply ({type(cause).__name__})")


async def _call(what: str, time_limit: float, fn: Callable[[], Awaitable[T]]) -> T:
    try:
        return await asyncio.wait_for(fn(), time_limit)
    except (TimeoutError, Exception) as exc:  # folded into three kinds
        raise _classify(exc, what) from None


def host_port(onvif_url: str) -> tuple[str, int]:
    """Host and port of a device's ONVIF URL.

    Raises:
        Unreachable: the URL has no host.
    """
    parts = urlsplit(onvif_url)
    if not parts.hostname:
        raise Unreachable("the ONVIF address has no host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise Unreachable("the ONVIF address has an invalid port") from None
    return parts.hostname, port


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def profiles_from(scopes: list[str], services: list[str]) -> list[str]:
    """ONVIF profiles the device claims (TN 13.2b asks for S, G, T and M).

    Conformant devices announce them as ``onvif://www.onvif.org/Profile/<name>`` scopes;
    a device announcing none gets what its services imply: S (media), G (recording,
    search and replay), T (media 2), M (analytics). An implication is not a claim of
    conformance, but tells the catalogue what the device can be asked for.
    """
    found: set[str] = set()
    for scope in scopes:
        if scope.lower().startswith(_PROFILE_SCOPE):
            name = scope[len(_PROFILE_SCOPE) :].strip("/").lower()
            if name in _PROFILE_NAMES:
                found.add(_PROFILE_NAMES[name])
    if not found:
        offered = set(services)
        implied = {
            "S": {NS_MEDIA},
            "G": {NS_RECORDING, NS_SEARCH, NS_REPLAY},
            "T": {NS_MEDIA2},
            "M": {NS_ANALYTICS},
        }
        found = {name for name, needs in implied.items() if needs <= offered}
    return [p for p in "SGTM" if p in found]


def name_from(scopes: list[str]) -> str | None:
    """The device's name scope (``onvif://www.onvif.org/name/…``), decoded."""
    for scope in scopes:
        if scope.lower().startswith(_NAME_SCOPE):
            name = unquote(scope[len(_NAME_SCOPE) :]).replace("_", " ").strip()
            if name:
                return name[:200]
    return None


def _resolution(profile: Any) -> tuple[int, int]:
    encoder = getattr(profile, "VideoEncoderConfiguration", None)
    resolution = getattr(encoder, "Resolution", None) if encoder is not None else None
    if resolution is None:
        return 0, 0
    return int(getattr(resolution, "Width", 0) or 0), int(getattr(resolution, "Height", 0) or 0)


async def probe_device(
    onvif_url: str, username: str, password: str, time_limit: float = 5.0
) -> DeviceProbe:
    """Ask a device what it is and offers: identity, services, scopes, media profiles
    with their RTSP URIs (the largest is the main stream, the smallest the sub stream),
    PTZ, events and recording support.

    Raises:
        Unreachable, AuthFailed, BadReply: see the classes.
    """
    host, port = host_port(onvif_url)
    camera = ONVIFCamera(host, port, username, password)
    try:
        device = await _call("device service", time_limit, camera.create_devicemgmt_service)
        info = await _call("GetDeviceInformation", time_limit, device.GetDeviceInformation)
        await _call("GetServices", time_limit, camera.update_xaddrs)
        services = sorted(camera.xaddrs)
        scopes_reply = await _call("GetScopes", time_limit, device.GetScopes)
        scopes = [_text(getattr(s, "ScopeItem", None)) for s in scopes_reply or [] if s is not None]
        scopes = [s for s in scopes if s]
        if NS_MEDIA not in camera.xaddrs:
            raise BadReply("the device offers no ONVIF media service")
        media = await _call("media service", time_limit, camera.create_media_service)
        profiles = list(await _call("GetProfiles", time_limit, media.GetProfiles) or [])
        streams: list[StreamInfo] = []
        has_ptz_config = False
        for profile in profiles:
            token = _text(getattr(profile, "token", None))
            if not token:
                continue
            if getattr(profile, "PTZConfiguration", None) is not None:
                has_ptz_config = True
            width, height = _resolution(profile)
            request = {
                "StreamSetup": {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}},
                "ProfileToken": token,
            }
            reply = await _call("GetStreamUri", time_limit, partial(media.GetStreamUri, request))
            uri = _text(getattr(reply, "Uri", None))
            if uri.lower().startswith("rtsp://"):
                streams.append(StreamInfo(token, _strip_userinfo(uri), width, height))
        if not streams:
            raise BadReply("the device offers no RTSP stream")
        ordered = sorted(streams, key=lambda s: s.width * s.height, reverse=True)
        main = ordered[0]
        sub = ordered[-1] if len(ordered) > 1 else None
        return DeviceProbe(
            manufacturer=_text(info.Manufacturer)[:200],
            model=_text(info.Model)[:200],
            firmware=_text(info.FirmwareVersion)[:100],
            serial_number=_text(info.SerialNumber)[:100],
            hardware_id=_text(info.HardwareId)[:100],
            name=name_from(scopes),
            scopes=scopes,
            profiles=profiles_from(scopes, services),
            main=main,
            sub=sub,
            has_ptz=NS_PTZ in camera.xaddrs and has_ptz_config,
            has_events=NS_EVENTS in camera.xaddrs,
            has_recording=any(ns in camera.xaddrs for ns in (NS_RECORDING, NS_REPLAY)),
            services=services,
        )
    finally:
        try:
            await camera.close()
        except Exception:  # closing a half-open client must not hide the real outcome
            log.debug("closing the ONVIF client failed", exc_info=True)


def _strip_userinfo(uri: str) -> str:
    parts = urlsplit(uri)
    if "@" not in parts.netloc:
        return uri
    return parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]).geturl()


async def device_time(onvif_url: str, time_limit: float = 3.0) -> datetime:
    """The device's UTC clock (GetSystemDateAndTime, which needs no credentials).

    Raises:
        Unreachable, BadReply: see the classes.
    """
    host, port = host_port(onvif_url)
    camera = ONVIFCamera(host, port, None, None)
    try:
        device = await _call("device service", time_limit, camera.create_devicemgmt_service)
        reply = await _call(
            "GetSystemDateAndTime", time_limit, device.authless_GetSystemDateAndTime
        )
        try:
            utc = reply.UTCDateTime
            return datetime(
                int(utc.Date.Year),
                int(utc.Date.Month),
                int(utc.Date.Day),
                int(utc.Time.Hour),
                int(utc.Time.Minute),
                int(utc.Time.Second),
                tzinfo=UTC,
            )
        except (AttributeError, TypeError, ValueError):
            raise BadReply("GetSystemDateAndTime: no usable UTC time") from None
    finally:
        try:
            await camera.close()
        except Exception:
            log.debug("closing the ONVIF client failed", exc_info=True)
