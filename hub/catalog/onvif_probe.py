# SPDX-License-Identifier: GPL-3.0-or-later
"""Talking ONVIF to a device: what it is and offers (onboarding), and what time it has.

Built on onvif-zeep-async. Media profiles are read from ONVIF Media 2 (Profile T) where
the device offers it — only there can an encoder say H.265 — and from Media 1 otherwise.
onvif-zeep-async ships no Media 2 WSDL: the ONVIF one (``onvif_wsdl/``, unmodified) is
loaded through onvif-zeep-async's own service class, so the calls are zeep's from the
WSDL with the same WS-Security digest, never SOAP written by hand.

The client's failures come in many shapes (zeep faults, transport errors, aiohttp and
socket errors, XML syntax errors, ``ONVIFError`` wrappers); this module folds them into
three the catalogue can explain to a user: the device cannot be reached, it refused the
credentials, or it answered something that is not ONVIF.
Messages never carry the credentials.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import aiohttp
import zeep.exceptions
from lxml import etree
from onvif import ONVIFCamera, ONVIFService
from onvif.exceptions import ONVIFAuthError, ONVIFError, ONVIFTimeoutError

from hub.catalog.onvif_client import onvif_client

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
MEDIA2_WSDL = Path(__file__).with_name("onvif_wsdl") / "ver20" / "media" / "wsdl" / "media.wsdl"
# Video codecs the media relay carries (RTP encoding names, as Media 2 names encodings).
CARRIED_CODECS = ("H264", "H265")
# Media 1's tt:VideoEncoding and other names devices use, to the Media 2 names.
_CODEC_NAMES = {"H264": "H264", "H.264": "H264", "AVC": "H264", "H265": "H265", "H.265": "H265"}
_CODEC_NAMES |= {"HEVC": "H265", "JPEG": "JPEG", "MJPEG": "JPEG", "MPEG4": "MPV4-ES"}
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


class UnknownChannel(ProbeError):
    """The channel asked for is none of the device's video sources or profiles."""

    def __init__(self, channels: list[str]) -> None:
        super().__init__("camera.unknown_channel", "the device has no such channel")
        self.channels = channels


@dataclass(frozen=True)
class StreamInfo:
    """One media profile with its RTSP URI (credentials never embedded), its video
    codec as ONVIF Media 2 names it (``H264``, ``H265``, ``JPEG``…; ``""`` unknown), the
    video source (channel) it encodes (``""`` not said) and whether it has PTZ."""

    token: str
    uri: str
    width: int
    height: int
    codec: str = ""
    source: str = ""
    ptz: bool = False

    @property
    def carried(self) -> bool:
        """Whether the relay can carry it (an unknown codec is tried: the relay says)."""
        return not self.codec or self.codec in CARRIED_CODECS


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
    # Every RTSP profile of the channel, carried or not; main and sub are chosen among
    # the carried ones (none carried: main is None and the catalogue refuses the device).
    streams: list[StreamInfo] = field(default_factory=list)
    media_service: str = "media"  # "media2" when profiles came from ONVIF Media 2
    # The video source (channel) described: one camera of an NVR or encoder, each its
    # own catalogue entry ("" when the device names no source); and every channel.
    channel: str = ""
    channels: list[ChannelInfo] = field(default_factory=list)


@dataclass(frozen=True)
class ChannelInfo:
    """One video source of a device (a camera's only one, or an NVR's channel)."""

    token: str
    streams: list[StreamInfo]

    @property
    def has_ptz_config(self) -> bool:
        """Whether one of its profiles has a PTZ configuration."""
        return any(s.ptz for s in self.streams)


def channels_of(streams: list[StreamInfo]) -> list[ChannelInfo]:
    """The device's channels, in the order its profiles first name them."""
    order: dict[str, list[StreamInfo]] = {}
    for stream in streams:
        order.setdefault(stream.source, []).append(stream)
    return [ChannelInfo(token, found) for token, found in order.items()]


def pick_channel(channels: list[ChannelInfo], selector: str | None) -> ChannelInfo:
    """The channel a selector names — a video source token or one of its profiles'
    tokens — or the first channel when none is given.

    Raises:
        UnknownChannel: no channel or profile has that token.
    """
    if not selector:
        return channels[0]
    for channel in channels:
        if channel.token == selector:
            return channel
    for channel in channels:
        if any(s.token == selector for s in channel.streams):
            return channel
    raise UnknownChannel([c.token for c in channels])


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


def _resolution(encoder: Any) -> tuple[int, int]:
    resolution = getattr(encoder, "Resolution", None) if encoder is not None else None
    if resolution is None:
        return 0, 0
    return int(getattr(resolution, "Width", 0) or 0), int(getattr(resolution, "Height", 0) or 0)


def codec_name(encoding: Any) -> str:
    """A device's name for an encoding as Media 2 and RTP name it (``H264``, ``H265``…)."""
    text = _text(encoding).upper()
    return _CODEC_NAMES.get(text, text[:32])


async def _media1_streams(camera: ONVIFCamera, time_limit: float) -> list[StreamInfo]:
    """The RTSP profiles from ONVIF Media 1."""
    media = await _call("media service", time_limit, camera.create_media_service)
    profiles = list(await _call("GetProfiles", time_limit, media.GetProfiles) or [])
    streams: list[StreamInfo] = []
    for profile in profiles:
        token = _text(getattr(profile, "token", None))
        if not token:
            continue
        ptz = getattr(profile, "PTZConfiguration", None) is not None
        source = _text(
            getattr(getattr(profile, "VideoSourceConfiguration", None), "SourceToken", None)
        )
        encoder = getattr(profile, "VideoEncoderConfiguration", None)
        width, height = _resolution(encoder)
        request = {
            "StreamSetup": {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}},
            "ProfileToken": token,
        }
        reply = await _call("GetStreamUri", time_limit, partial(media.GetStreamUri, request))
        uri = _text(getattr(reply, "Uri", None))
        if uri.lower().startswith("rtsp://"):
            # Media 1 cannot say H.265: many H.265 devices say H264 here. Either is carried
            # (the relay follows what the RTP announces); MPEG-4 and JPEG are not.
            codec = codec_name(getattr(encoder, "Encoding", None))
            info = StreamInfo(token, _strip_userinfo(uri), width, height, codec, source, ptz)
            streams.append(info)
    return streams


async def _media2_service(camera: ONVIFCamera) -> ONVIFService:
    """An onvif-zeep-async service for the device's Media 2 endpoint, from the ONVIF WSDL."""
    service = ONVIFService(
        camera.xaddrs[NS_MEDIA2],
        camera.user,
        camera.passwd,
        str(MEDIA2_WSDL),
        camera.encrypt,
        no_cache=camera.no_cache,
        dt_diff=camera.dt_diff,
        binding_name=f"{{{NS_MEDIA2}}}Media2Binding",
        binding_key=("media2", None),
    )
    await service.setup()
    camera.services[("media2", None)] = service  # closed with the camera
    return service


async def _media2_streams(camera: ONVIFCamera, time_limit: float) -> list[StreamInfo]:
    """The RTSP profiles with their codecs from ONVIF Media 2."""
    media = await _call("media2 service", time_limit, partial(_media2_service, camera))
    request = {"Type": ["All"]}
    profiles = list(
        await _call("GetProfiles (media2)", time_limit, partial(media.GetProfiles, request)) or []
    )
    streams: list[StreamInfo] = []
    for profile in profiles:
        token = _text(getattr(profile, "token", None))
        configurations = getattr(profile, "Configurations", None)
        if not token or configurations is None:
            continue
        ptz = getattr(configurations, "PTZ", None) is not None
        source = _text(getattr(getattr(configurations, "VideoSource", None), "SourceToken", None))
        encoder = getattr(configurations, "VideoEncoder", None)
        if encoder is None:
            continue  # audio or metadata only
        width, height = _resolution(encoder)
        request2 = {"Protocol": "RtspUnicast", "ProfileToken": token}
        reply = await _call(
            "GetStreamUri (media2)", time_limit, partial(media.GetStreamUri, request2)
        )
        uri = _text(getattr(reply, "Uri", reply))
        if uri.lower().startswith("rtsp://"):
            codec = codec_name(getattr(encoder, "Encoding", None))
            info = StreamInfo(token, _strip_userinfo(uri), width, height, codec, source, ptz)
            streams.append(info)
    return streams


async def probe_device(
    onvif_url: str,
    username: str,
    password: str,
    time_limit: float = 5.0,
    channel: str | None = None,
) -> DeviceProbe:
    """Ask a device what it is and offers: identity, services, scopes, its channels
    (video sources) with their media profiles, RTSP URIs and codecs (Media 2 where
    offered, else Media 1), PTZ, events and recording support. The device service is
    reached at ``onvif_url`` as given; the others where the device says they are.

    The probe describes one channel (``channel``: a video source or profile token; the
    first when absent): of its profiles the relay can carry, the largest is the main
    stream, the smallest the sub stream; PTZ is the channel's.

    Raises:
        Unreachable, AuthFailed, BadReply, UnknownChannel: see the classes.
    """
    host, _port = host_port(onvif_url)
    camera = onvif_client(onvif_url, username, password)
    try:
        device = await _call("device service", time_limit, camera.create_devicemgmt_service)
        info = await _call("GetDeviceInformation", time_limit, device.GetDeviceInformation)
        await _call("GetServices", time_limit, camera.update_xaddrs)
        services = sorted(camera.xaddrs)
        scopes_reply = await _call("GetScopes", time_limit, device.GetScopes)
        scopes = [_text(getattr(s, "ScopeItem", None)) for s in scopes_reply or [] if s is not None]
        scopes = [s for s in scopes if s]
        media_service = "media"
        if NS_MEDIA2 in camera.xaddrs:
            try:
                streams = await _media2_streams(camera, time_limit)
                media_service = "media2"
            except BadReply as exc:  # a broken Media 2 on a device that also has Media 1
                if NS_MEDIA not in camera.xaddrs:
                    raise
                log.info("%s: media2 unusable (%s), reading media1", host, exc)
        if media_service == "media":
            if NS_MEDIA not in camera.xaddrs:
                raise BadReply("the device offers no ONVIF media service")
            streams = await _media1_streams(camera, time_limit)
        if not streams:
            raise BadReply("the device offers no RTSP stream")
        channels = channels_of(streams)
        chosen = pick_channel(channels, channel)
        streams = chosen.streams
        carried = [s for s in streams if s.carried]
        ordered = sorted(carried, key=lambda s: s.width * s.height, reverse=True)
        main = ordered[0] if ordered else None
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
            has_ptz=NS_PTZ in camera.xaddrs and chosen.has_ptz_config,
            has_events=NS_EVENTS in camera.xaddrs,
            has_recording=any(ns in camera.xaddrs for ns in (NS_RECORDING, NS_REPLAY)),
            services=services,
            streams=streams,
            media_service=media_service,
            channel=chosen.token,
            channels=channels,
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
    host_port(onvif_url)  # an address without a host is refused before any I/O
    camera = onvif_client(onvif_url, None, None)
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
