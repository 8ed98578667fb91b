# SPDX-License-Identifier: GPL-3.0-or-later
"""Camera catalogue shapes shared by the hub and the console (pydantic only).

Device addresses and credentials never appear in an ``Out`` model: they stay in the hub.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hub.contracts import Domain, HostName, HttpUrlText


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


def url_credentials(url: str) -> tuple[str, str] | None:
    """The (user name, password) written into ``url``, percent-decoded; ``None`` if none.

    Raises:
        ValueError: ``url`` cannot be parsed.
    """
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return None
    return unquote(parts.username or ""), unquote(parts.password or "")


def url_without_credentials(url: str) -> str:
    """``url`` with any ``user:password@`` removed from its authority.

    Raises:
        ValueError: ``url`` cannot be parsed.
    """
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


class CameraTier(StrEnum):
    """Who runs the system a camera belongs to (DB 3.3, HCM 7)."""

    TIER_1 = "tier_1"  # provincial IOC (central)
    TIER_2 = "tier_2"  # departments, specialised centres, districts
    TIER_3 = "tier_3"  # communes, wards, other local systems


class CameraCategory(StrEnum):
    """What a camera is for (REQUIREMENTS §2; HCM 8, TN 3)."""

    SECURITY = "security"
    FACE_RECOGNITION = "face_recognition"
    VIOLATION_ENFORCEMENT = "violation_enforcement"
    TRAFFIC_COUNTING = "traffic_counting"
    CROWD_DETECTION = "crowd_detection"
    OTHER_AI = "other_ai"


class MountingLayer(StrEnum):
    """Mounting-height layers of HCM 13.2."""

    ABOVE_20M = "above_20m"  # panorama, smoke, fire
    FROM_10_TO_20M = "10_20m"  # squares, stations, highways
    FROM_5_TO_10M = "5_10m"  # security, traffic
    FROM_3_TO_5M = "3_5m"  # behaviour and plate recognition
    BELOW_3M = "below_3m"  # face recognition, water level


class UpdateMethod(StrEnum):
    """How the catalogue entry is kept up to date (HCM 9)."""

    AUTOMATIC = "automatic"  # synchronised from the device (ONVIF)
    MANUAL = "manual"  # entered by the managing unit


class CameraStatus(StrEnum):
    """Health as the hub last saw it."""

    UNKNOWN = "unknown"
    ONLINE = "online"
    DEGRADED = "degraded"  # ONVIF or RTSP answers, not both
    OFFLINE = "offline"


class StreamKind(StrEnum):
    """The two live encodings of a camera."""

    MAIN = "main"
    SUB = "sub"


class CameraOut(BaseModel):
    """A catalogue entry as any user in scope sees it (no address, no credentials)."""

    id: int
    code: str
    name: str
    manufacturer: str
    model: str
    firmware: str
    serial_number: str
    onvif_profiles: list[str]
    has_ptz: bool
    has_events: bool
    has_recording: bool
    streams: list[StreamKind]
    # Video codec of each stream ("H264", "H265"); a stream the device did not say is absent.
    codecs: dict[StreamKind, str] = {}
    # The channel (ONVIF video source) of an NVR or encoder; "" the device's first or only.
    channel: str = ""
    managing_unit_id: int
    operating_unit_id: int
    using_unit_ids: list[int]
    update_method: UpdateMethod
    update_frequency_days: int
    tier: CameraTier
    category: CameraCategory
    territory_id: int
    domain: Domain | None
    latitude: float | None
    longitude: float | None
    mounting_layer: MountingLayer
    public_sharing: bool
    dedicated: bool
    status: CameraStatus
    status_detail: str | None
    last_seen_at: datetime | None
    last_checked_at: datetime | None
    clock_offset_seconds: float | None
    created_at: datetime
    updated_at: datetime


class CameraStatusEvent(BaseModel):
    """Pushed to consoles (topic ``camera.status``) when a camera's health changes."""

    camera_id: int
    status: CameraStatus
    status_detail: str | None
    last_seen_at: datetime | None
    clock_offset_seconds: float | None


class GrantRequest(_In):
    """Ask for a live stream of a camera in scope."""

    stream: StreamKind = StreamKind.SUB


class StreamGrantOut(BaseModel):
    """A short-lived right to receive one stream: an HTTP(S) URL with its own token.

    The URL carries the grant's token in its query; the console hands it to its player
    and must never log, show or save it.
    """

    grant_id: str
    camera_id: int
    stream: StreamKind
    url: str = Field(repr=False)
    expires_at: datetime
    # HCM 6.3: the camera's privacy masks (normalized polygons) the player paints opaque
    # into every frame; empty with ``unmasked`` when the holder lifted them (privacy.lift).
    masks: list[list[tuple[float, float]]] = Field(default_factory=list)
    unmasked: bool = False


# --- catalogue management (onboarding, changes, discovery, deadlines) ------------------


class CameraRegulation(_In):
    """The regulation fields a managing unit states for a camera (REQUIREMENTS §2).

    The managing and operating units and the territory default to the onboarding
    administrator's own unit and that unit's territory.
    """

    managing_unit_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    operating_unit_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    using_unit_ids: list[int] = Field(default_factory=list, max_length=100)
    update_method: UpdateMethod = UpdateMethod.AUTOMATIC
    update_frequency_days: int = Field(default=1, ge=1, le=3650)
    tier: CameraTier
    category: CameraCategory
    territory_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    domain: Domain | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    mounting_layer: MountingLayer
    public_sharing: bool = False
    dedicated: bool = False


class DeviceAddress(_In):
    """Where and how to reach a device: its ONVIF device-service URL as given (scheme,
    host, port and path are kept and used), the credentials, and for an NVR or encoder
    the channel (an ONVIF video source token, or one of its profiles' tokens; the
    device's first channel when absent).

    Credentials written into the URL (``http://user:password@host/…``) stand for
    ``username`` and ``password`` when those are not given; the hub seals them with the
    other device credentials and never stores them in the URL.
    """

    @model_validator(mode="before")
    @classmethod
    def _credentials_from_url(cls, data: Any) -> Any:
        if not isinstance(data, dict) or "username" in data or "password" in data:
            return data
        url = data.get("onvif_url")
        if not isinstance(url, str):
            return data
        try:
            found = url_credentials(url)
        except ValueError:
            return data  # the URL's own validation says what is wrong with it
        if found is None:
            return data
        return {**data, "username": found[0], "password": found[1]}

    onvif_url: HttpUrlText = Field(min_length=8, max_length=500, pattern=r"^https?://[^\s]+$")
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(max_length=200, repr=False)
    # An ONVIF ReferenceToken (at most 64 characters).
    channel: str | None = Field(default=None, min_length=1, max_length=64, pattern=r"^[^\s]+$")


class CameraProbe(DeviceAddress):
    """Ask what onboarding a device would register, without storing anything."""


class CameraOnboard(CameraRegulation, DeviceAddress):
    """Register a device (one channel of an NVR or encoder): the hub probes ``onvif_url``
    with the credentials and fills the device information; ``name`` defaults to the
    name the device announces."""

    code: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")
    name: str | None = Field(default=None, min_length=1, max_length=200)


class ProbeProfile(BaseModel):
    """One media profile of a probed channel."""

    token: str
    codec: str  # "H264", "H265", "JPEG"…; "" when the device did not say
    width: int
    height: int
    carried: bool  # whether the relay can carry it


class ProbeChannel(BaseModel):
    """One channel (video source) of a probed device."""

    token: str  # the video source token ("" when the device names none)
    profiles: list[ProbeProfile]
    has_ptz: bool
    registered: bool  # a catalogue camera is this channel already


class CameraProbeOut(BaseModel):
    """What onboarding would register (``POST /api/cameras/probe``; nothing stored)."""

    manufacturer: str
    model: str
    firmware: str
    serial_number: str
    name: str | None  # the device's name scope
    onvif_profiles: list[str]
    media_service: str  # "media2" (Profile T) or "media"
    channel: str  # the channel that would be registered
    channels: list[ProbeChannel]
    streams: list[StreamKind]
    codecs: dict[StreamKind, str] = {}
    has_ptz: bool
    has_events: bool
    has_recording: bool
    # Defaults of an onboarding that leaves them out: the caller's unit and its territory.
    managing_unit_id: int
    operating_unit_id: int
    territory_id: int
    # Why onboarding would be refused ("camera.codec_unsupported", "camera.duplicate").
    refusal: str | None = None
    refusal_detail: dict[str, Any] | None = None


class CameraUpdate(_In):
    """A change to a catalogue entry; every field optional. New credentials are sealed
    and never echoed; changing the device address is a new onboarding."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    managing_unit_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    operating_unit_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    using_unit_ids: list[int] | None = Field(default=None, max_length=100)
    update_method: UpdateMethod | None = None
    update_frequency_days: int | None = Field(default=None, ge=1, le=3650)
    tier: CameraTier | None = None
    category: CameraCategory | None = None
    territory_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    domain: Domain | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    mounting_layer: MountingLayer | None = None
    public_sharing: bool | None = None
    dedicated: bool | None = None
    username: str | None = Field(default=None, min_length=1, max_length=100)
    password: str | None = Field(default=None, max_length=200, repr=False)


class DiscoverRequest(_In):
    """A WS-Discovery scan: multicast on ``interface`` (an IPv4 address or a name; the
    default route's when absent), or a directed Probe to ``address`` (unicast)."""

    address: HostName | None = Field(default=None, min_length=1, max_length=253)
    port: int = Field(default=3702, ge=1, le=65535)
    # An IPv4 address, or a Linux interface name (at most 15 characters).
    interface: str | None = Field(
        default=None, min_length=1, max_length=64, pattern=r"^(?:[0-9.]{7,15}|[\w.:-]{1,15})$"
    )
    timeout_seconds: float = Field(default=3.0, gt=0, le=10)


class DiscoveredDevice(BaseModel):
    """A device that answered a WS-Discovery Probe."""

    endpoint: str
    xaddrs: list[str]
    scopes: list[str]
    types: list[str]
    registered: bool


class DeadlineKind(StrEnum):
    """Why the central catalogue is owed an update."""

    INSTALLATION = "installation"
    CHANGE = "change"


class DeadlineOut(BaseModel):
    """A catalogue update owed to the central catalogue (HCM 9.1, DB 7.5, TN 8.1)."""

    id: int
    camera_id: int
    camera_code: str
    kind: DeadlineKind
    opened_at: datetime
    due_at: datetime
    closed_at: datetime | None
    closed_by: int | None
    overdue: bool
    detail: str | None
