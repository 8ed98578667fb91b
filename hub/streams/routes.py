# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP endpoints of live stream grants: ask for one, renew it, release it.

A grant is issued only for a camera in the caller's scope with ``image.live`` (checked and
recorded as the ``access.image.live`` view record by :func:`hub.catalog.access.use_camera`);
its issue is audited as ``stream.grant`` and its release as ``stream.release``, never with
the URL or passphrase. Renewal re-checks the right and the scope; a caller who lost either
loses the stream at once. An unknown, foreign or ended grant is the same 404
``grant.not_found`` to everyone.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from hub.auth.principal import Principal
from hub.catalog.access import camera_or_404, device_access, use_camera
from hub.catalog.contracts import StreamGrantOut
from hub.contracts import Permission
from hub.deps import CurrentUser, DbSession, HubDep, PathId
from hub.errors import HubError
from hub.media import RelayError
from hub.scope.service import require_in_scope, require_permission
from hub.streams.contracts import LiveGrantRequest
from hub.streams.grants import ARCHIVE, Grant, GrantNotFound, GrantOwner
from hub.streams.service import NAME, RELEASED, RelayService, running_relay

router = APIRouter(prefix="/api", tags=["streams"])

# Grant ids are token_urlsafe strings; anything else is simply not found.
GrantId = Annotated[str, Path(min_length=1, max_length=64)]

# The right each kind of grant stands on (re-checked on renewal).
KIND_PERMISSION = {ARCHIVE: Permission.IMAGE_ARCHIVE}


def owner_of(user: Principal) -> GrantOwner:
    """The grant owner a signed-in user is: their user id and this session."""
    return GrantOwner(user_id=user.user_id, session_id=user.session_id)


def _not_found() -> HubError:
    return HubError(404, "grant.not_found")


@router.post("/cameras/{camera_id}/grants", status_code=201)
def grant_live(
    camera_id: PathId, req: LiveGrantRequest, hub: HubDep, db: DbSession, user: CurrentUser
) -> StreamGrantOut:
    """A short-lived SRT URL (with its own passphrase) for the camera's main or sub stream.

    Raises:
        HubError: 403 (right, scope, TN 6.2 reason; audited), 404 ``camera.not_found``,
            409 ``camera.stream_unavailable``, 503 ``media.relay_unavailable``.
    """
    camera, decision = use_camera(
        hub, db, user, camera_id, Permission.IMAGE_LIVE, req.reason, req.reason_note
    )
    service = running_relay(hub)
    source_url = device_access(camera).rtsp_url(req.stream)
    try:
        grant = service.grants.issue(
            owner_of(user), camera.id, req.stream, f"cam{camera.id}/{req.stream.value}", source_url
        )
    except RelayError as exc:
        raise HubError(503, "media.relay_unavailable") from exc
    try:
        hub.audit.append(
            db,
            user.actor,
            "stream.grant",
            object_type="camera",
            object_id=camera.id,
            reason=req.reason.value if req.reason else None,
            detail={**grant.audit_detail(), "basis": decision.basis},
        )
        db.flush()
    except BaseException:
        service.grants.revoke(grant.grant_id, None, "failed")
        raise
    return grant.out()


def _own_grant(hub: HubDep, user: Principal, grant_id: str) -> Grant:
    service = hub.services.get(NAME)
    grant = service.grants.get(grant_id) if isinstance(service, RelayService) else None
    if grant is None or not owner_of(user).holds(grant):
        raise _not_found()
    return grant


@router.post("/grants/{grant_id}/renew")
def renew_grant(grant_id: GrantId, hub: HubDep, db: DbSession, user: CurrentUser) -> StreamGrantOut:
    """Extend one's grant by the grant lifetime; the right and scope are checked again.

    Raises:
        HubError: 404 ``grant.not_found``; 403 when the right or scope is gone (the grant
            ends then, audited).
    """
    grant = _own_grant(hub, user, grant_id)
    service = running_relay(hub)
    try:
        camera = camera_or_404(db, grant.camera_id)
        require_permission(user, KIND_PERMISSION.get(grant.kind, Permission.IMAGE_LIVE))
        require_in_scope(hub, db, user, camera.territory_id, camera.domain)
    except HubError:
        service.grants.revoke(grant.grant_id, None, "access_withdrawn")
        raise
    try:
        return service.grants.renew(grant_id, owner_of(user)).out()
    except GrantNotFound as exc:
        raise _not_found() from exc


@router.delete("/grants/{grant_id}", status_code=204)
def release_grant(grant_id: GrantId, hub: HubDep, db: DbSession, user: CurrentUser) -> Response:
    """End one's grant now (the tile closed or switched camera).

    Raises:
        HubError: 404 ``grant.not_found``.
    """
    grant = _own_grant(hub, user, grant_id)
    service = running_relay(hub)
    if not service.grants.revoke(grant.grant_id, owner_of(user), RELEASED):
        raise _not_found()
    hub.audit.append(
        db,
        user.actor,
        "stream.release",
        object_type="camera",
        object_id=grant.camera_id,
        detail={"grant_id": grant.grant_id, "stream": grant.stream.value, "kind": grant.kind},
    )
    return Response(status_code=204)
