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
from hub.catalog.access import camera_or_404, device_access
from hub.catalog.contracts import (
    CameraOnboard,
    CameraOut,
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
from hub.scope.service import require_in_scope, require_permission

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


@router.post("/api/cameras/onboard", status_code=201)
def onboard(hub: HubDep, db: DbSession, principal: CameraManager, req: CameraOnboard) -> CameraOut:
    """Probe a device over ONVIF and register it (its territory must be in scope)."""
    domain = req.domain.value if req.domain else None
    require_in_scope(hub, db, principal, req.territory_id, domain, approvals=False)
    service.check_onboard(db, req)
    db.commit()  # no transaction held while the device answers
    found = service.probe(hub, principal.actor, req.onvif_url, req.username, req.password, req.code)
    camera = service.onboard_camera(hub, db, principal.actor, req, found)
    return service.camera_out(camera)


@router.patch("/api/cameras/{camera_id}")
def update(
    hub: HubDep, db: DbSession, principal: CameraManager, camera_id: PathId, req: CameraUpdate
) -> CameraOut:
    """Change a catalogue entry; opens a "change" catalogue deadline."""
    camera = service.managed_camera(hub, db, principal, camera_id)
    return service.camera_out(service.update_camera(hub, db, principal, camera, req))


@router.post("/api/cameras/{camera_id}/refresh")
def refresh(hub: HubDep, db: DbSession, principal: CameraManager, camera_id: PathId) -> CameraOut:
    """Probe the device again and store what changed (firmware, streams, PTZ…)."""
    camera = service.managed_camera(hub, db, principal, camera_id)
    access = device_access(camera)
    db.commit()
    found = service.probe(
        hub,
        principal.actor,
        access.onvif_url,
        access.username or "",
        access.password or "",
        camera.code,
    )
    camera = camera_or_404(db, camera_id)
    service.refresh_camera(hub, db, principal.actor, camera, found)
    return service.camera_out(camera)


@router.post("/api/cameras/{camera_id}/check")
def check(hub: HubDep, db: DbSession, principal: CurrentUser, camera_id: PathId) -> CameraOut:
    """Check a camera's health now (image.live in scope, or camera.manage in scope)."""
    perms = principal.permissions
    if Permission.CAMERA_MANAGE in perms:
        camera = service.managed_camera(hub, db, principal, camera_id)
    else:
        require_permission(principal, Permission.IMAGE_LIVE)
        camera = camera_or_404(db, camera_id)
        require_in_scope(hub, db, principal, camera.territory_id, camera.domain)
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
