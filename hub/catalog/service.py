# SPDX-License-Identifier: GPL-3.0-or-later
"""The camera catalogue: who sees which camera, onboarding by ONVIF probe, changes.

Visibility (REQUIREMENTS §1–2): a camera is visible to a user when their scope covers
its territory and domain (the IOC sees everything), when their unit manages, operates
or uses it, or under an unexpired written approval covering it. Management (onboarding,
changes, refresh, deadlines) needs ``camera.manage`` and the scope itself: approvals
extend access to images, never the power to manage.

Device I/O (probing, health checks, discovery) never happens inside a database
transaction the routes hold open: on SQLite every transaction holds the write lock,
so a slow device would stall the whole hub. The routes commit their checks first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import anyio.from_thread
from sqlalchemy import event as sa_event
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hub.audit.service import Actor
from hub.auth.principal import Principal
from hub.catalog.access import camera_or_404, unit_uses
from hub.catalog.contracts import (
    CameraOnboard,
    CameraOut,
    CameraProbeOut,
    CameraStatus,
    CameraUpdate,
    DeadlineKind,
    DeviceAddress,
    ProbeChannel,
    ProbeProfile,
    StreamKind,
    url_credentials,
    url_without_credentials,
)
from hub.catalog.deadlines import open_deadline
from hub.catalog.models import Camera, CameraUsingUnit
from hub.catalog.onvif_probe import (
    CARRIED_CODECS,
    NS_PTZ,
    DeviceProbe,
    ProbeError,
    UnknownChannel,
    host_port,
    probe_device,
)
from hub.clock import as_utc
from hub.context import Hub
from hub.errors import HubError, PendingAudit
from hub.org.models import OrgUnit, Territory
from hub.scope.models import AccessApproval
from hub.scope.service import Scope, require_in_scope, scope_of, territory_subtree

T = TypeVar("T")
A = TypeVar("A", bound=DeviceAddress)

# The hub itself (health checks, the CLI's inventory onboarding) as an audit actor.
SYSTEM = Actor(None, "system", None)

_PROBE_STATUS = {"camera.unreachable": 502, "camera.auth_failed": 422, "camera.bad_reply": 502}
_PROBE_STATUS["camera.unknown_channel"] = 422


def run_coroutine(factory: Callable[[], Awaitable[T]]) -> T:
    """Run device I/O from synchronous code: on the server's event loop from a route's
    worker thread, or on a fresh loop from the CLI and tests."""
    try:
        anyio.from_thread.check_cancelled()  # raises outside a worker thread
    except RuntimeError:
        return asyncio.run(_await(factory))
    return anyio.from_thread.run(_await, factory)


async def _await(factory: Callable[[], Awaitable[T]]) -> T:
    return await factory()


def catalogue_changed(hub: Hub, session: Session) -> None:
    """Wake the services that follow the catalogue (camera events: ``wake()``) once
    ``session``'s transaction commits."""
    session.info["catalogue_changed"] = True
    if session.info.get("catalogue_hooked"):
        return
    session.info["catalogue_hooked"] = True

    def wake(sess: Session) -> None:
        if sess.info.pop("catalogue_changed", False):
            service = hub.services.get("camera_events")
            if service is not None:
                service.wake()

    sa_event.listen(session, "after_commit", wake)
    sa_event.listen(
        session, "after_rollback", lambda sess: sess.info.pop("catalogue_changed", None)
    )


# --- output ---------------------------------------------------------------------------


def camera_out(camera: Camera) -> CameraOut:
    """A catalogue entry as users see it: no address, no credentials."""
    urls = ((StreamKind.MAIN, camera.rtsp_main_url), (StreamKind.SUB, camera.rtsp_sub_url))
    streams = [kind for kind, url in urls if url]
    data: dict[str, Any] = {
        "id": camera.id,
        "code": camera.code,
        "name": camera.name,
        "manufacturer": camera.manufacturer,
        "model": camera.model,
        "firmware": camera.firmware,
        "serial_number": camera.serial_number,
        "onvif_profiles": [p for p in camera.onvif_profiles.split(",") if p],
        "has_ptz": camera.has_ptz,
        "has_events": camera.has_events,
        "has_recording": camera.has_recording,
        "streams": streams,
        "codecs": {
            kind: codec
            for kind, codec in (
                (StreamKind.MAIN, camera.main_codec),
                (StreamKind.SUB, camera.sub_codec),
            )
            if codec and kind in streams
        },
        "channel": camera.channel_token,
        "managing_unit_id": camera.managing_unit_id,
        "operating_unit_id": camera.operating_unit_id,
        "using_unit_ids": [u.unit_id for u in camera.using_units],
        "update_method": camera.update_method,
        "update_frequency_days": camera.update_frequency_days,
        "tier": camera.tier,
        "category": camera.category,
        "territory_id": camera.territory_id,
        "domain": camera.domain,
        "latitude": camera.latitude,
        "longitude": camera.longitude,
        "mounting_layer": camera.mounting_layer,
        "public_sharing": camera.public_sharing,
        "dedicated": camera.dedicated,
        "status": camera.status,
        "status_detail": camera.status_detail,
        "last_seen_at": as_utc(camera.last_seen_at) if camera.last_seen_at else None,
        "last_checked_at": as_utc(camera.last_checked_at) if camera.last_checked_at else None,
        "clock_offset_seconds": camera.clock_offset_seconds,
        "created_at": as_utc(camera.created_at),
        "updated_at": as_utc(camera.updated_at),
    }
    return CameraOut.model_validate(data)


# --- visibility -----------------------------------------------------------------------


class Visibility:
    """Decides which cameras one user sees; built once per request."""

    def __init__(self, hub: Hub, session: Session, principal: Principal) -> None:
        now = hub.clock.now()
        self.principal = principal
        self.scope: Scope = scope_of(session, principal, now)
        self._approvals: list[tuple[frozenset[int], str | None]] = []
        if not self.scope.everything:
            stmt = select(AccessApproval).where(
                AccessApproval.grantee_id == principal.user_id,
                AccessApproval.revoked_at.is_(None),
                AccessApproval.expires_at > now,
            )
            for approval in session.scalars(stmt):
                subtree = territory_subtree(session, approval.territory_id)
                self._approvals.append((subtree, approval.domain))

    def by_unit(self, camera: Camera) -> bool:
        """Whether the caller's unit manages, operates or uses the camera."""
        return unit_uses(camera, self.principal.unit_id)

    def by_approval(self, camera: Camera) -> bool:
        """Whether a written approval of the caller covers the camera."""
        return any(
            camera.territory_id in subtree and (domain is None or domain == camera.domain)
            for subtree, domain in self._approvals
        )

    def sees(self, camera: Camera) -> bool:
        """Scope, own unit, or approval."""
        return (
            self.scope.covers(camera.territory_id, camera.domain)
            or self.by_unit(camera)
            or self.by_approval(camera)
        )


def cameras_visible(
    hub: Hub,
    session: Session,
    principal: Principal,
    q: str | None = None,
    status: CameraStatus | None = None,
) -> list[Camera]:
    """The cameras the caller may see, by code; optionally searched (code or name,
    case-insensitive) and filtered by health status."""
    stmt = select(Camera).order_by(Camera.code)
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(
            or_(Camera.code.ilike(pattern, escape="\\"), Camera.name.ilike(pattern, escape="\\"))
        )
    if status is not None:
        stmt = stmt.where(Camera.status == status.value)
    cameras = list(session.scalars(stmt))
    visibility = Visibility(hub, session, principal)
    return [c for c in cameras if visibility.sees(c)]


def visible_camera(hub: Hub, session: Session, principal: Principal, camera_id: int) -> Camera:
    """A camera the caller may see.

    Raises:
        HubError: 404 ``camera.not_found``; 403 ``scope.out_of_scope`` (audited).
    """
    camera = camera_or_404(session, camera_id)
    if Visibility(hub, session, principal).sees(camera):
        return camera
    raise _out_of_scope(principal, camera)


def _out_of_scope(principal: Principal, camera: Camera) -> HubError:
    return HubError(
        403,
        "scope.out_of_scope",
        None,
        PendingAudit(
            principal.actor,
            "scope.denied",
            {
                "outcome": "denied",
                "object_type": "camera",
                "object_id": camera.id,
                "reason": "out_of_scope",
                "detail": {"territory_id": camera.territory_id, "domain": camera.domain},
            },
        ),
    )


def managed_camera(hub: Hub, session: Session, principal: Principal, camera_id: int) -> Camera:
    """A camera inside the caller's own scope (for management; approvals do not count).

    Raises:
        HubError: 404 ``camera.not_found``; 403 ``scope.out_of_scope`` (audited).
    """
    camera = camera_or_404(session, camera_id)
    scope = scope_of(session, principal, hub.clock.now())
    if not scope.covers(camera.territory_id, camera.domain):
        raise _out_of_scope(principal, camera)
    return camera


# --- onboarding -----------------------------------------------------------------------


def _check_units_and_territory(session: Session, unit_ids: list[int], territory_id: int) -> None:
    if session.get(Territory, territory_id) is None:
        raise HubError(422, "camera.unknown_territory", {"territory_id": territory_id})
    wanted = set(unit_ids)
    found = set(session.scalars(select(OrgUnit.id).where(OrgUnit.id.in_(wanted))))
    missing = sorted(wanted - found)
    if missing:
        raise HubError(422, "camera.unknown_unit", {"unit_ids": missing})


def same_device(a: str, b: str) -> bool:
    """Whether two ONVIF URLs reach the same device (host and port; an NVR's channels
    share one device)."""
    try:
        return host_port(a) == host_port(b)
    except ProbeError:
        return False


def take_url_credentials(actor: Actor, req: A, action: str = "camera.onboard") -> A:
    """``req`` with any credentials removed from its ONVIF URL: they are the request's
    ``username`` and ``password`` (the contract fills those from the URL when absent),
    which are sealed, so no device password is ever stored in a URL.

    Raises:
        HubError: 422 ``camera.conflicting_credentials`` (audited) when the URL names
            other credentials than the request.
    """
    found = url_credentials(req.onvif_url)
    if found is None:
        return req
    if found != (req.username, req.password):
        raise HubError(
            422,
            "camera.conflicting_credentials",
            {"field": "onvif_url"},
            PendingAudit(
                actor,
                action,
                {
                    "outcome": "denied",
                    "object_type": "camera",
                    "object_id": getattr(req, "code", None),
                    "reason": "camera.conflicting_credentials",
                },
            ),
        )
    return req.model_copy(update={"onvif_url": url_without_credentials(req.onvif_url)})


def unit_defaults(session: Session, unit_id: int) -> tuple[int, int]:
    """(unit, its territory): what an onboarding leaving them out registers.

    Raises:
        HubError: 422 ``camera.unknown_unit`` when the unit is gone.
    """
    unit = session.get(OrgUnit, unit_id)
    if unit is None:
        raise HubError(422, "camera.unknown_unit", {"unit_ids": [unit_id]})
    return unit.id, unit.territory_id


def with_defaults(session: Session, unit_id: int | None, req: CameraOnboard) -> CameraOnboard:
    """``req`` with the managing and operating unit and the territory it leaves out set
    to ``unit_id`` (the onboarding administrator's unit) and that unit's territory.

    Raises:
        HubError: 422 ``camera.unit_required`` when something is left out and there is
            no unit to default to (the system itself onboarding).
    """
    keys = ("managing_unit_id", "operating_unit_id", "territory_id")
    if all(getattr(req, k) is not None for k in keys):
        return req
    if unit_id is None:
        missing = [k for k in keys if getattr(req, k) is None]
        raise HubError(422, "camera.unit_required", {"fields": missing})
    unit, territory = unit_defaults(session, unit_id)
    update: dict[str, Any] = {
        "managing_unit_id": req.managing_unit_id or unit,
        "operating_unit_id": req.operating_unit_id or unit,
        "territory_id": req.territory_id or territory,
    }
    return req.model_copy(update=update)


def regulation_ids(req: CameraOnboard) -> tuple[int, int, int]:
    """(managing unit, operating unit, territory) of a request with its defaults set."""
    ids = (req.managing_unit_id, req.operating_unit_id, req.territory_id)
    if ids[0] is None or ids[1] is None or ids[2] is None:
        missing = [
            k
            for k, v in zip(
                ("managing_unit_id", "operating_unit_id", "territory_id"), ids, strict=True
            )
            if v is None
        ]
        raise HubError(422, "camera.unit_required", {"fields": missing})
    return ids[0], ids[1], ids[2]


def _device_cameras(session: Session, onvif_url: str) -> list[str]:
    """The channel tokens of the catalogue cameras at the device of ``onvif_url``."""
    rows = session.execute(select(Camera.onvif_url, Camera.channel_token))
    return [token for url, token in rows if same_device(url, onvif_url)]


def _duplicate(req: DeviceAddress) -> HubError:
    return HubError(409, "camera.duplicate", {"field": "channel" if req.channel else "onvif_url"})


def check_onboard(session: Session, req: CameraOnboard) -> None:
    """What can be refused before touching the device: a known code, a known device
    and channel (a channel token stored or asked for; "" and none are the device's
    first), unknown units or territory. :func:`check_channel_free` completes the
    channel check once the probe has named the channels.

    Raises:
        HubError: 409 ``camera.duplicate``, 422 ``camera.unknown_unit`` /
            ``camera.unknown_territory`` / ``camera.unit_required``.
    """
    if session.scalar(select(Camera.id).where(Camera.code == req.code)) is not None:
        raise HubError(409, "camera.duplicate", {"field": "code"})
    if (req.channel or "") in _device_cameras(session, req.onvif_url):
        raise _duplicate(req)
    managing, operating, territory = regulation_ids(req)
    _check_units_and_territory(session, [managing, operating, *req.using_unit_ids], territory)


def check_channel_free(session: Session, req: DeviceAddress, found: DeviceProbe) -> None:
    """Refuse a channel of a device that a catalogue camera is already (one stored
    without a channel is the device's first).

    Raises:
        HubError: 409 ``camera.duplicate``.
    """
    if _channel_taken(_device_cameras(session, req.onvif_url), found, found.channel):
        raise _duplicate(req)


def _channel_taken(stored: list[str], found: DeviceProbe, channel: str) -> bool:
    first = found.channels[0].token if found.channels else ""
    return any((token or first) == channel for token in stored)


def probe(
    hub: Hub,
    actor: Actor,
    onvif_url: str,
    username: str,
    password: str,
    code: str | None,
    channel: str | None = None,
) -> DeviceProbe:
    """Probe a device (describing ``channel``, the first by default), turning failures
    into catalogue errors (audited as failures).

    Raises:
        HubError: 502 ``camera.unreachable`` / ``camera.bad_reply``, 422
            ``camera.auth_failed`` / ``camera.unknown_channel`` (with the channels).
    """
    time_limit = hub.settings.onvif_timeout_seconds
    try:
        return run_coroutine(
            lambda: probe_device(onvif_url, username, password, time_limit, channel)
        )
    except ProbeError as exc:
        detail: dict[str, Any] = {"reason": str(exc)}
        if isinstance(exc, UnknownChannel):
            detail["channels"] = exc.channels
        raise HubError(
            _PROBE_STATUS[exc.code],
            exc.code,
            detail,
            PendingAudit(
                actor,
                "camera.probe",
                {
                    "outcome": "failed",
                    "object_type": "camera",
                    "object_id": code,
                    "reason": exc.code,
                },
            ),
        ) from None


def check_codecs(actor: Actor, found: DeviceProbe, code: str) -> None:
    """Refuse a device none of whose streams the relay can carry (audited), here at
    onboarding rather than at its first stream grant.

    Raises:
        HubError: 422 ``camera.codec_unsupported`` with the codecs the device offers.
    """
    if found.main is not None:
        return
    codecs = sorted({s.codec or "?" for s in found.streams})
    raise HubError(
        422,
        "camera.codec_unsupported",
        {"codecs": codecs, "supported": list(CARRIED_CODECS)},
        PendingAudit(
            actor,
            "camera.onboard",
            {
                "outcome": "refused",
                "object_type": "camera",
                "object_id": code,
                "reason": "camera.codec_unsupported",
                "detail": {"codecs": codecs},
            },
        ),
    )


def _apply_probe(camera: Camera, found: DeviceProbe) -> list[str]:
    """Copy device information into the record; returns the names of changed fields."""
    values: dict[str, Any] = {
        "manufacturer": found.manufacturer,
        "model": found.model,
        "firmware": found.firmware,
        "serial_number": found.serial_number,
        "hardware_id": found.hardware_id,
        "onvif_profiles": ",".join(found.profiles),
        "has_ptz": found.has_ptz,
        "has_events": found.has_events,
        "has_recording": found.has_recording,
        # A device may name its streams with credentials in them: they are sealed
        # apart, and the relay puts them back (catalog.access.with_credentials).
        "rtsp_main_url": url_without_credentials(found.main.uri) if found.main else None,
        "rtsp_sub_url": url_without_credentials(found.sub.uri) if found.sub else None,
        "main_profile_token": found.main.token if found.main else None,
        "sub_profile_token": found.sub.token if found.sub else None,
        "main_codec": found.main.codec if found.main else "",
        "sub_codec": found.sub.codec if found.sub else "",
    }
    changed = []
    for key, value in values.items():
        if getattr(camera, key) != value:
            setattr(camera, key, value)
            changed.append(key)
    return changed


def onboard_camera(
    hub: Hub,
    session: Session,
    actor: Actor,
    req: CameraOnboard,
    found: DeviceProbe | None = None,
) -> Camera:
    """Register a device: probe it (unless ``found`` is given), store it with sealed
    credentials, open its installation deadline and audit ``camera.onboard``.

    Raises:
        HubError: see :func:`check_onboard`, :func:`check_channel_free` and :func:`probe`.
    """
    req = take_url_credentials(actor, req)
    check_onboard(session, req)
    if found is None:
        found = probe(hub, actor, req.onvif_url, req.username, req.password, req.code, req.channel)
    check_channel_free(session, req, found)
    check_codecs(actor, found, req.code)
    now = hub.clock.now()
    camera = Camera(
        code=req.code,
        name=req.name or found.name or found.model or req.code,
        onvif_url=req.onvif_url,
        channel_token=found.channel,
        managing_unit_id=req.managing_unit_id,
        operating_unit_id=req.operating_unit_id,
        update_method=req.update_method.value,
        update_frequency_days=req.update_frequency_days,
        tier=req.tier.value,
        category=req.category.value,
        territory_id=req.territory_id,
        domain=req.domain.value if req.domain else None,
        latitude=req.latitude,
        longitude=req.longitude,
        mounting_layer=req.mounting_layer.value,
        public_sharing=req.public_sharing,
        dedicated=req.dedicated,
        status=CameraStatus.UNKNOWN.value,
        created_at=now,
        updated_at=now,
    )
    _apply_probe(camera, found)
    camera.using_units = [CameraUsingUnit(unit_id=u) for u in sorted(set(req.using_unit_ids))]
    session.add(camera)
    try:
        session.flush()
    except IntegrityError:
        raise HubError(409, "camera.duplicate", {"field": "code"}) from None
    camera.credentials = (req.username, req.password)
    deadline = open_deadline(hub, session, camera, DeadlineKind.INSTALLATION)
    hub.audit.append(
        session,
        actor,
        "camera.onboard",
        object_type="camera",
        object_id=camera.id,
        detail={
            "code": camera.code,
            "territory_id": camera.territory_id,
            "domain": camera.domain,
            "managing_unit_id": camera.managing_unit_id,
            "model": camera.model,
            "channel": camera.channel_token,
            "profiles": camera.onvif_profiles,
            "deadline_id": deadline.id if deadline else None,
        },
    )
    catalogue_changed(hub, session)
    return camera


# --- changes --------------------------------------------------------------------------

_CREDENTIAL_FIELDS = {"username", "password"}


def update_camera(
    hub: Hub, session: Session, principal: Principal, camera: Camera, req: CameraUpdate
) -> Camera:
    """Apply a change to a managed camera, open a "change" deadline and audit the names
    of the changed fields (never credential values).

    Raises:
        HubError: 403 ``scope.out_of_scope`` when moved outside the caller's scope,
            422 ``camera.unknown_unit`` / ``camera.unknown_territory`` /
            ``camera.credentials_incomplete``.
    """
    given = req.model_dump(exclude_unset=True)
    creds = {k: given.pop(k) for k in list(given) if k in _CREDENTIAL_FIELDS}
    territory = given.get("territory_id", camera.territory_id)
    domain = given["domain"].value if given.get("domain") else None
    if "domain" not in given:
        domain = camera.domain
    if "territory_id" in given or "domain" in given:
        require_in_scope(hub, session, principal, territory, domain, approvals=False)
    units = [given[k] for k in ("managing_unit_id", "operating_unit_id") if given.get(k)]
    units += given.get("using_unit_ids") or []
    _check_units_and_territory(session, units, territory)
    changed: list[str] = []
    for key, value in given.items():
        if key == "using_unit_ids":
            wanted = sorted(set(value or []))
            if wanted != [u.unit_id for u in camera.using_units]:
                # Keep the rows that stay: the unit of work inserts before it deletes,
                # so re-creating one would collide with the unique (camera, unit).
                kept = [u for u in camera.using_units if u.unit_id in wanted]
                have = {u.unit_id for u in kept}
                added = [CameraUsingUnit(unit_id=u) for u in wanted if u not in have]
                camera.using_units = sorted(kept + added, key=lambda u: u.unit_id)
                changed.append(key)
            continue
        if value is None and key not in ("domain", "latitude", "longitude"):
            continue  # a field that cannot be empty, sent as null: left unchanged
        stored = value.value if hasattr(value, "value") else value
        if getattr(camera, key) != stored:
            setattr(camera, key, stored)
            changed.append(key)
    if creds:
        current = camera.credentials
        username = creds.get("username") or (current[0] if current else None)
        password = creds.get("password")
        if password is None:
            password = current[1] if current else None
        if not username or password is None:
            raise HubError(422, "camera.credentials_incomplete")
        if current != (username, password):
            camera.credentials = (username, password)
            changed.append("credentials")
    if changed:
        camera.updated_at = hub.clock.now()
        deadline = open_deadline(hub, session, camera, DeadlineKind.CHANGE, ",".join(changed))
        hub.audit.append(
            session,
            principal.actor,
            "camera.update",
            object_type="camera",
            object_id=camera.id,
            detail={
                "fields": changed,
                "territory_id": camera.territory_id,
                "deadline_id": deadline.id if deadline else None,
            },
        )
        catalogue_changed(hub, session)
    return camera


def refresh_camera(
    hub: Hub, session: Session, actor: Actor, camera: Camera, found: DeviceProbe
) -> list[str]:
    """Store re-probed device information; a change opens a "change" deadline (audited)."""
    changed = _apply_probe(camera, found)
    if changed:
        camera.updated_at = hub.clock.now()
        open_deadline(hub, session, camera, DeadlineKind.CHANGE, ",".join(changed))
        catalogue_changed(hub, session)
    hub.audit.append(
        session,
        actor,
        "camera.refresh",
        object_type="camera",
        object_id=camera.id,
        detail={"fields": changed},
    )
    return changed


# --- probe only -------------------------------------------------------------------------


def probe_channels(session: Session, req: DeviceAddress, found: DeviceProbe) -> list[ProbeChannel]:
    """The probed device's channels, each with its profiles, PTZ and whether a
    catalogue camera is that channel already."""
    stored = _device_cameras(session, req.onvif_url)
    ptz_service = NS_PTZ in found.services
    return [
        ProbeChannel(
            token=c.token,
            profiles=[
                ProbeProfile(
                    token=s.token, codec=s.codec, width=s.width, height=s.height, carried=s.carried
                )
                for s in c.streams
            ],
            has_ptz=ptz_service and c.has_ptz_config,
            registered=_channel_taken(stored, found, c.token),
        )
        for c in found.channels
    ]


def probe_out(
    session: Session, req: DeviceAddress, found: DeviceProbe, unit_id: int
) -> CameraProbeOut:
    """What onboarding ``found`` would register, with the caller's unit and territory
    as the defaults and the reason it would be refused, if any (nothing is stored).

    Raises:
        HubError: 422 ``camera.unknown_unit`` when the caller's unit is gone.
    """
    unit, territory = unit_defaults(session, unit_id)
    stored = _device_cameras(session, req.onvif_url)
    channels = probe_channels(session, req, found)
    refusal: str | None = None
    refusal_detail: dict[str, Any] | None = None
    if found.main is None:
        refusal = "camera.codec_unsupported"
        codecs = sorted({s.codec or "?" for s in found.streams})
        refusal_detail = {"codecs": codecs, "supported": list(CARRIED_CODECS)}
    elif _channel_taken(stored, found, found.channel):
        refusal = "camera.duplicate"
        refusal_detail = {"field": "channel" if req.channel else "onvif_url"}
    pairs = ((StreamKind.MAIN, found.main), (StreamKind.SUB, found.sub))
    return CameraProbeOut(
        manufacturer=found.manufacturer,
        model=found.model,
        firmware=found.firmware,
        serial_number=found.serial_number,
        name=found.name,
        onvif_profiles=found.profiles,
        media_service=found.media_service,
        channel=found.channel,
        channels=channels,
        streams=[kind for kind, stream in pairs if stream is not None],
        codecs={kind: stream.codec for kind, stream in pairs if stream and stream.codec},
        has_ptz=found.has_ptz,
        has_events=found.has_events,
        has_recording=found.has_recording,
        managing_unit_id=unit,
        operating_unit_id=unit,
        territory_id=territory,
        refusal=refusal,
        refusal_detail=refusal_detail,
    )


def probe_audit_detail(req: DeviceAddress, out: CameraProbeOut) -> dict[str, Any]:
    """The audit detail of a probe: what was found, never the address or credentials."""
    return {
        "scheme": urlsplit(req.onvif_url).scheme,
        "manufacturer": out.manufacturer,
        "model": out.model,
        "channel": out.channel,
        "channels": len(out.channels),
        "refusal": out.refusal,
    }
