# SPDX-License-Identifier: GPL-3.0-or-later
"""Archive rules and actions: depth per role, recording search, archive grants.

**Archive depth.** How far back a user may replay is decided by role, with one override
by unit kind (``settings.archive``):

- each role holding ``image.archive`` has a depth in days (``depth_days``; a role not
  listed takes ``default_depth_days``; ``None`` means no limit). Defaults: operator and
  export requester 7 days (a ward officer sees a week), supervisor 30 days;
- a user holding several such roles gets the largest depth;
- a user whose unit is of a kind in ``unlimited_unit_kinds`` (the provincial IOC) sees the
  whole archive, whatever the role.

The hub enforces it on every archive grant, archive snapshot and recording search (the
search is clipped to the limit and refused when the whole range is older); a refusal is
403 ``archive.too_old`` with ``{limit_days, earliest}`` and is audited.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode, urlsplit, urlunsplit

from sqlalchemy.orm import Session

from hub.archive import recordings
from hub.archive.contracts import (
    RATES,
    ArchiveGrantOut,
    ArchiveGrantRequest,
    ArchiveLimitOut,
    GapKind,
    GapOut,
    MarkerOut,
    RecordingsOut,
    TimeRange,
)
from hub.archive.recordings import ChannelRecording
from hub.archive.views import NAME as VIEWS
from hub.archive.views import ArchiveViews, OpenView
from hub.auth.principal import Principal
from hub.catalog.access import DeviceAccess, device_access, use_camera, with_credentials
from hub.catalog.contracts import StreamGrantOut, StreamKind
from hub.catalog.models import Camera
from hub.clock import as_utc
from hub.context import Hub
from hub.contracts import ROLE_PERMISSIONS, Permission
from hub.errors import HubError, PendingAudit
from hub.media import RelayError
from hub.org.models import OrgUnit
from hub.privacy.service import grant_with_masks, lift_masks
from hub.streams.grants import ARCHIVE, GrantOwner
from hub.streams.service import running_relay

FUTURE_SLACK = timedelta(seconds=5)  # a start "in the future" by clock skew is accepted
MAX_SEARCH_SPAN = timedelta(days=62)  # one recording search covers two months at most


def depth_days(hub: Hub, session: Session, principal: Principal) -> int | None:
    """The caller's archive depth in days (``None``: unlimited); see the module doc."""
    rules = hub.settings.archive
    unit = session.get(OrgUnit, principal.unit_id)
    if unit is not None and unit.kind in rules.unlimited_unit_kinds:
        return None
    best = 0
    for role in principal.roles:
        if Permission.IMAGE_ARCHIVE not in ROLE_PERMISSIONS[role]:
            continue
        days = rules.depth_days.get(role.value, rules.default_depth_days)
        if days is None:
            return None
        best = max(best, days)
    return best


def archive_limit(hub: Hub, session: Session, principal: Principal) -> ArchiveLimitOut:
    """The caller's depth and the earliest instant it allows (now − depth)."""
    days = depth_days(hub, session, principal)
    if days is None:
        return ArchiveLimitOut(limit_days=None, earliest=None)
    return ArchiveLimitOut(limit_days=days, earliest=hub.clock.now() - timedelta(days=days))


def check_depth(
    principal: Principal, limit: ArchiveLimitOut, camera_id: int, start: datetime
) -> None:
    """Refuse (403 ``archive.too_old``, audited) a start older than the caller's depth."""
    if limit.earliest is None or as_utc(start) >= limit.earliest:
        return
    detail = {"limit_days": limit.limit_days, "earliest": limit.earliest.isoformat()}
    raise HubError(
        403,
        "archive.too_old",
        detail,
        PendingAudit(
            principal.actor,
            "archive.denied",
            {
                "outcome": "denied",
                "object_type": "camera",
                "object_id": camera_id,
                "reason": "archive.too_old",
                "detail": {**detail, "start": as_utc(start).isoformat()},
            },
        ),
    )


def check_not_future(hub: Hub, moment: datetime) -> None:
    if as_utc(moment) > hub.clock.now() + FUTURE_SLACK:
        raise HubError(422, "archive.in_future", {"at": as_utc(moment).isoformat()})


def _moment(unix_seconds: float) -> datetime:
    return datetime.fromtimestamp(unix_seconds, UTC)


def require_recording(camera: Camera) -> None:
    if not camera.has_recording:
        raise HubError(409, "camera.no_recording", {"camera_id": camera.id})


def channel_recording(camera: Camera) -> recordings.ChannelRecording:
    """What the camera is on its device (channel, profiles, the recording found before):
    which of the device's recordings its archive is (:func:`recordings.find_recording`)."""
    profiles = (camera.main_profile_token or "", camera.sub_profile_token or "")
    return recordings.ChannelRecording(
        camera_id=camera.id,
        channel=camera.channel_token or "",
        profiles=tuple(p for p in profiles if p),
        known=camera.recording_token or "",
    )


def remember_recording(camera: Camera, token: str) -> None:
    """Keep the recording found for the camera's channel (in the caller's transaction)."""
    if token and camera.recording_token != token:
        camera.recording_token = token


async def search(
    hub: Hub,
    session: Session,
    principal: Principal,
    camera_id: int,
    start: datetime,
    end: datetime,
) -> RecordingsOut:
    """Recorded ranges, gaps and event markers of a camera in [start, end] (audited).

    Raises:
        HubError: 422 ``archive.bad_range``; 403 (right, scope, ``archive.too_old``);
            404 ``camera.not_found``; 409 ``camera.no_recording``; 502/504 device errors.
    """
    start, end = as_utc(start), as_utc(end)
    if end <= start or end - start > MAX_SEARCH_SPAN:
        raise HubError(422, "archive.bad_range", {"max_days": MAX_SEARCH_SPAN.days})

    def check() -> tuple[Camera, ArchiveLimitOut, datetime, DeviceAccess, ChannelRecording]:
        camera, _decision = use_camera(hub, session, principal, camera_id, Permission.IMAGE_ARCHIVE)
        limit = archive_limit(hub, session, principal)
        check_depth(principal, limit, camera.id, end)
        lo = max(start, limit.earliest) if limit.earliest else start
        require_recording(camera)
        device, channel = device_access(camera), channel_recording(camera)
        session.commit()  # no transaction held while the device answers
        return camera, limit, lo, device, channel

    # The database is used in worker threads only (see "Requests end their transaction off
    # the event loop", hub/README.md); the device is awaited on the loop.
    camera, limit, lo, device, channel = await asyncio.to_thread(check)
    found = await recordings.search_recordings(
        device,
        channel,
        lo.timestamp(),
        end.timestamp(),
        wait_seconds=hub.settings.archive.device_timeout,
        max_markers=hub.settings.archive.max_markers,
    )

    def record() -> None:
        remember_recording(camera, found.recording_token)
        hub.audit.append(
            session,
            principal.actor,
            "archive.search",
            object_type="camera",
            object_id=camera.id,
            detail={"from": lo.isoformat(), "to": end.isoformat()},
        )

    await asyncio.to_thread(record)
    return RecordingsOut(
        camera_id=camera.id,
        start=lo,
        end=end,
        ranges=[TimeRange(start=_moment(a), end=_moment(b)) for a, b in found.ranges],
        gaps=[GapOut(start=_moment(a), end=_moment(b), kind=GapKind(k)) for a, b, k in found.gaps],
        markers=[MarkerOut(at=_moment(m.at), kind=m.kind, label=m.label) for m in found.markers],
        markers_truncated=found.markers_truncated,
        data_from=_moment(found.data_from) if found.data_from is not None else None,
        data_until=_moment(found.data_until) if found.data_until is not None else None,
        limit=limit,
    )


def replay_source(uri: str, device: DeviceAccess, stream: StreamKind, **query: str) -> str:
    """The replay URI with credentials, and the stream (and any extra) in its query.

    ONVIF replays a recording, not a profile; devices that record both encodings (the
    simulator does) pick one with ``stream=sub|main`` in the URI's query, which others
    ignore.
    """
    parts = urlsplit(with_credentials(uri, device.username, device.password))
    extra = urlencode({"stream": stream.value, **query})
    return urlunsplit(parts._replace(query=f"{parts.query}&{extra}" if parts.query else extra))


async def open_archive_grant(
    hub: Hub,
    session: Session,
    principal: Principal,
    camera_id: int,
    request: ArchiveGrantRequest,
) -> ArchiveGrantOut:
    """Issue an archive stream grant replaying the camera from ``start`` at ``rate``.

    Raises:
        HubError: 422 ``archive.bad_rate`` / ``archive.in_future``; 403 (right, scope,
            ``archive.too_old``); 409 ``camera.no_recording``; 502/504 device errors;
            503 ``media.relay_unavailable``.
    """
    if request.rate not in RATES:
        raise HubError(422, "archive.bad_rate", {"rates": list(RATES)})
    start = as_utc(request.start)
    check_not_future(hub, start)

    def check() -> tuple[Camera, DeviceAccess, ChannelRecording]:
        camera, _decision = use_camera(hub, session, principal, camera_id, Permission.IMAGE_ARCHIVE)
        limit = archive_limit(hub, session, principal)
        check_depth(principal, limit, camera.id, start)
        require_recording(camera)
        if request.unmasked:
            lift_masks(hub, session, principal, camera.id, "archive")
        device, channel = device_access(camera), channel_recording(camera)
        session.commit()  # no transaction held while the device and the relay answer
        return camera, device, channel

    camera, device, channel = await asyncio.to_thread(check)  # the database off the loop
    registry = running_relay(hub).grants
    replay = await recordings.replay_uri(
        device, channel, wait_seconds=hub.settings.archive.device_timeout
    )
    source_url = replay_source(replay.uri, device, request.stream)
    # Each archive grant gets its own pull: a replay position is the viewer's own, and a
    # later viewer of the "same" start must not join a replay that already moved on.
    source_key = (
        f"cam{camera.id}/{request.stream.value}/archive@{start.timestamp():.3f}"
        f"x{request.rate:g}#{secrets.token_hex(4)}"
    )
    owner = GrantOwner(user_id=principal.user_id, session_id=principal.session_id)
    now_mono = time.monotonic()
    try:
        grant = await asyncio.to_thread(
            registry.issue,
            owner,
            camera.id,
            request.stream,
            source_key,
            source_url,
            start=start.timestamp(),
            rate=request.rate,
            kind=ARCHIVE,
            unmasked=request.unmasked,
        )
    except RelayError:
        raise HubError(503, "media.relay_unavailable") from None
    views = hub.services.get(VIEWS)
    if isinstance(views, ArchiveViews):
        views.opened(
            OpenView(grant.grant_id, camera.id, principal.user_id, start, request.rate, now_mono)
        )

    def record() -> StreamGrantOut:
        remember_recording(camera, replay.recording_token)
        hub.audit.append(
            session,
            principal.actor,
            "archive.view",
            object_type="camera",
            object_id=camera.id,
            detail={
                "grant_id": grant.grant_id,
                "from": start.isoformat(),
                "rate": request.rate,
                "stream": request.stream.value,
                "expires_at": grant.expires_at.isoformat(),
            },
        )
        return grant_with_masks(session, grant.out(), request.unmasked)

    out = await asyncio.to_thread(record)
    return ArchiveGrantOut(grant=out, start=start, rate=request.rate)
