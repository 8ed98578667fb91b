# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP routes of the camera catalogue: list and read, onboard, change, refresh, check,
WS-Discovery scan, catalogue deadlines.

Routes that talk to a device commit their checks first (``db.commit()``), so no
database transaction — on SQLite, the write lock — is held while a device answers;
the writes that follow run in a new transaction of the same request.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select

from hub.auth.principal import Principal
from hub.catalog import deadlines as deadline_service
from hub.catalog import service
from hub.catalog.access import camera_or_404, device_access, recheck_camera
from hub.catalog.contracts import (
    CameraOnboard,
    CameraOut,
    CameraProbe,
    CameraProbeOut,
    CameraStatus,
    CameraUpdate,
    DeadlineOut,
    DiscoveredDevice,
    DiscoverRequest,
)
from hub.catalog.discovery import DiscoveryError, discover
from hub.catalog.health import apply_health, probe_health
from hub.catalog.models import Camera
from hub.contracts import Permission
from hub.deps import CurrentUser, DbSession, HubDep, PathId, require
from hub.errors import HubError
from hub.scope.service import require_in_scope

router = APIRouter(tags=["catalogue"])

CameraManager = Annotated[Principal, Depends(require(Permission.CAMERA_MANAGE))]


@router.get("/api/cameras")
def list_cameras(
    hub: HubDep,
    db: DbSession,
    principal: CurrentUser,
    q: Annotated[str | None, Query(max_length=100)] = None,
    status: CameraStatus | None = None,
) -> list[CameraOut]:
    """Cameras in the caller's scope, of their unit, or under their written approvals."""
    cameras = service.cameras_visible(hub, db, principal, q, status)
    return [service.camera_out(c) for c in cameras]


@router.get("/api/cameras/{camera_id}")
def get_camera(hub: HubDep, db: DbSession, principal: CurrentUser, camera_id: PathId) -> CameraOut:
    """One catalogue entry (403 ``scope.out_of_scope`` outside the caller's view)."""
    return service.camera_out(service.visible_camera(hub, db, principal, camera_id))


def _check_soon(hub: HubDep, db: DbSession, camera_id: int) -> None:
    """Commit, then have the health checker check the camera at once (its status is
    known within seconds, not at the next round)."""
    db.commit()
    checker = hub.services.get("camera_health")
    if checker is not None:
        checker.check_now(camera_id)


@router.post("/api/cameras/probe")
def probe_device(
    hub: HubDep, db: DbSession, principal: CameraManager, req: CameraProbe
) -> CameraProbeOut:
    """What onboarding a device (one channel of an NVR) would register — model, channels
    with their profiles and codecs, PTZ, recording, events, the default unit and
    territory, any reason it would be refused — without storing anything (audited)."""
    req = service.take_url_credentials(principal.actor, req, "camera.probe")
    service.unit_defaults(db, principal.unit_id)
    db.commit()  # no transaction held while the device answers
    found = service.probe(
        hub, principal.actor, req.onvif_url, req.username, req.password, None, req.channel
    )
    out = service.probe_out(db, req, found, principal.unit_id)
    hub.audit.append(
        db,
        principal.actor,
        "camera.probe",
        object_type="camera",
        detail=service.probe_audit_detail(req, out),
    )
    return out


@router.post("/api/cameras/onboard", status_code=201)
def onboard(hub: HubDep, db: DbSession, principal: CameraManager, req: CameraOnboard) -> CameraOut:
    """Probe a device over ONVIF and register it (its territory must be in scope; unit
    and territory default to the caller's unit and its territory)."""
    req = service.take_url_credentials(principal.actor, req)
    req = service.with_defaults(db, principal.unit_id, req)
    domain = req.domain.value if req.domain else None
    _managing, _operating, territory = service.regulation_ids(req)
    require_in_scope(hub, db, principal, territory, domain, approvals=False)
    service.check_onboard(db, req)
    db.commit()  # no transaction held while the device answers
    found = service.probe(
        hub, principal.actor, req.onvif_url, req.username, req.password, req.code, req.channel
    )
    camera = service.onboard_camera(hub, db, principal.actor, req, found)
    camera_id = camera.id
    _check_soon(hub, db, camera_id)
    return service.camera_out(camera_or_404(db, camera_id))


@router.patch("/api/cameras/{camera_id}")
def update(
    hub: HubDep, db: DbSession, principal: CameraManager, camera_id: PathId, req: CameraUpdate
) -> CameraOut:
    """Change a catalogue entry; opens a "change" catalogue deadline."""
    camera = service.managed_camera(hub, db, principal, camera_id)
    camera = service.update_camera(hub, db, principal, camera, req)
    if req.username is not None or req.password is not None:  # new access: check it now
        _check_soon(hub, db, camera_id)
        camera = camera_or_404(db, camera_id)
    return service.camera_out(camera)


@router.post("/api/cameras/{camera_id}/refresh")
def refresh(hub: HubDep, db: DbSession, principal: CameraManager, camera_id: PathId) -> CameraOut:
    """Probe the device again and store what changed (firmware, streams, PTZ…)."""
    camera = service.managed_camera(hub, db, principal, camera_id)
    access = device_access(camera)
    db.commit()
    channel = camera.channel_token or None
    found = service.probe(
        hub,
        principal.actor,
        access.onvif_url,
        access.username or "",
        access.password or "",
        camera.code,
        channel,
    )
    camera = camera_or_404(db, camera_id)
    if service.refresh_camera(hub, db, principal.actor, camera, found):
        _check_soon(hub, db, camera_id)  # streams changed: check the new ones now
        camera = camera_or_404(db, camera_id)
    return service.camera_out(camera)


@router.post("/api/cameras/{camera_id}/check")
def check(hub: HubDep, db: DbSession, principal: CurrentUser, camera_id: PathId) -> CameraOut:
    """Check a camera's health now (camera.manage in scope, or image.live where the caller
    may watch it: scope, approval, emergency or a unit registered on the camera)."""
    perms = principal.permissions
    if Permission.CAMERA_MANAGE in perms:
        camera = service.managed_camera(hub, db, principal, camera_id)
    else:
        camera = recheck_camera(hub, db, principal, camera_id, Permission.IMAGE_LIVE)
    access = device_access(camera)
    db.commit()
    result = service.run_coroutine(lambda: probe_health(access, hub))
    camera = camera_or_404(db, camera_id)
    apply_health(hub, db, camera, result)
    hub.audit.append(
        db,
        principal.actor,
        "camera.check",
        object_type="camera",
        object_id=camera.id,
        detail={"status": camera.status},
    )
    return service.camera_out(camera)


@router.post("/api/cameras/discover")
def discover_devices(
    hub: HubDep, db: DbSession, principal: CameraManager, req: DiscoverRequest
) -> list[DiscoveredDevice]:
    """WS-Discovery scan (multicast on an interface, or directed at an address)."""
    known = [url for (url,) in db.execute(select(Camera.onvif_url))]
    db.commit()
    try:
        found = service.run_coroutine(
            lambda: discover(req.address, req.port, req.interface, req.timeout_seconds)
        )
    except DiscoveryError as exc:
        raise HubError(422, "camera.discovery_failed", {"reason": str(exc)}) from None
    out = [
        DiscoveredDevice(
            endpoint=f.endpoint,
            xaddrs=f.xaddrs,
            scopes=f.scopes,
            types=f.types,
            registered=any(service.same_device(x, k) for x in f.xaddrs for k in known),
        )
        for f in found
    ]
    hub.audit.append(
        db,
        principal.actor,
        "camera.discover",
        detail={
            "mode": "unicast" if req.address else "multicast",
            "interface": req.interface,
            "found": len(out),
            "unregistered": sum(not d.registered for d in out),
        },
    )
    return out


@router.get("/api/catalogue/deadlines")
def list_deadlines(
    hub: HubDep,
    db: DbSession,
    principal: CameraManager,
    open: bool = False,
    overdue: bool = False,
) -> list[DeadlineOut]:
    """Catalogue deadlines of cameras in the caller's scope (``overdue``: past due, open)."""
    return deadline_service.list_deadlines(hub, db, principal, open, overdue)


@router.post("/api/catalogue/deadlines/{deadline_id}/close")
def close_deadline(
    hub: HubDep, db: DbSession, principal: CameraManager, deadline_id: PathId
) -> DeadlineOut:
    """Record that the central catalogue received the update."""
    return deadline_service.close_deadline(hub, db, principal, deadline_id, principal.actor)
