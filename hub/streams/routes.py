# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP endpoints of live stream grants: ask for one, renew it, release it.

A grant is issued only for a camera in the caller's scope with ``image.live`` (checked and
recorded as the ``access.image.live`` view record by :func:`hub.catalog.access.use_camera`);
its issue is audited as ``stream.grant`` and its release as ``stream.release``, never with
the URL or token. Renewal re-checks the right and the scope by the rules of the grant (a
unit registered on the camera, an approval, an emergency: :func:`recheck_camera`); a
caller who lost them loses the stream at once. A renewal is a video keep-alive, not an
operator action: it does not restart the session's idle time. An unknown, foreign or ended
grant is the same 404 ``grant.not_found`` to everyone.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response
from sqlalchemy.orm import Session

from hub.auth.principal import Principal
from hub.auth.sessions import authenticate
from hub.catalog.access import device_access, recheck_camera, use_camera
from hub.catalog.contracts import StreamGrantOut
from hub.context import Hub
from hub.contracts import AccessReason, Permission
from hub.deps import BearerToken, CurrentUser, DbSession, HubDep, PathId, SourceDep
from hub.errors import HubError, PendingAudit
from hub.media import RelayError
from hub.privacy.service import grant_with_masks, lift_masks
from hub.scope.service import active_emergency
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


def renewing_user(hub: HubDep, db: DbSession, token: BearerToken, source: SourceDep) -> Principal:
    """The caller of a renewal, re-checked like every caller but without counting the call
    as activity: idle time counts operator actions, not video keep-alives (a console
    watching a wall is guarded by its own idle lock)."""
    principal = authenticate(db, hub, token, source, touch=False)
    if principal.password_change_required:
        raise HubError(403, "auth.password_change_required")
    return principal


RenewingUser = Annotated[Principal, Depends(renewing_user)]


@router.post("/cameras/{camera_id}/grants", status_code=201)
def grant_live(
    camera_id: PathId, req: LiveGrantRequest, hub: HubDep, db: DbSession, user: CurrentUser
) -> StreamGrantOut:
    """A short-lived stream URL (with its own token) for the camera's main or sub stream.

    Raises:
        HubError: 403 (right, scope, TN 6.2 reason; audited), 404 ``camera.not_found``,
            409 ``camera.stream_unavailable``, 503 ``media.relay_unavailable``.
    """
    camera, decision = use_camera(
        hub, db, user, camera_id, Permission.IMAGE_LIVE, req.reason, req.reason_note
    )
    if req.unmasked:
        lift_masks(hub, db, user, camera.id, "live")
    service = running_relay(hub)
    source_url = device_access(camera).rtsp_url(req.stream)
    db.commit()  # no transaction held while the relay opens (on SQLite it locks writers)
    # TN 6.2 without a reason given: only an emergency in force let it through, and the
    # grant is renewed only while one still is.
    emergency = camera.dedicated and req.reason is None and decision.basis == "tier1"
    try:
        grant = service.grants.issue(
            owner_of(user),
            camera.id,
            req.stream,
            f"cam{camera.id}/{req.stream.value}",
            source_url,
            emergency=emergency,
            unmasked=req.unmasked,
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
    return grant_with_masks(db, grant.out(), req.unmasked)


def _own_grant(hub: HubDep, user: Principal, grant_id: str) -> Grant:
    service = hub.services.get(NAME)
    grant = service.grants.get(grant_id) if isinstance(service, RelayService) else None
    if grant is None or not owner_of(user).holds(grant):
        raise _not_found()
    return grant


def _require_emergency(hub: Hub, db: Session, user: Principal, grant: Grant) -> None:
    """A grant that stood on an emergency (TN 6.2 reason given by it) ends with it.

    Raises:
        HubError: 403 ``scope.reason_required`` (audited ``scope.denied``).
    """
    if active_emergency(db, hub.clock.now()) is not None:
        return
    raise HubError(
        403,
        "scope.reason_required",
        {"reasons": [r.value for r in AccessReason]},
        PendingAudit(
            user.actor,
            "scope.denied",
            {
                "outcome": "denied",
                "object_type": "camera",
                "object_id": str(grant.camera_id),
                "reason": "emergency_ended",
            },
        ),
    )


@router.post("/grants/{grant_id}/renew")
def renew_grant(
    grant_id: GrantId, hub: HubDep, db: DbSession, user: RenewingUser
) -> StreamGrantOut:
    """Extend one's grant by the grant lifetime; the right and scope are checked again by
    the rules the grant was given under; the session's idle time does not restart.

    Raises:
        HubError: 404 ``grant.not_found``; 403 when the right or scope is gone (the grant
            ends then, audited).
    """
    grant = _own_grant(hub, user, grant_id)
    service = running_relay(hub)
    try:
        permission = KIND_PERMISSION.get(grant.kind, Permission.IMAGE_LIVE)
        recheck_camera(hub, db, user, grant.camera_id, permission)
        if grant.emergency:
            _require_emergency(hub, db, user, grant)
        unmasked = grant.unmasked
        if unmasked and Permission.PRIVACY_LIFT not in user.permissions:
            lift_masks(hub, db, user, grant.camera_id, grant.kind)  # refused, audited
    except HubError:
        service.grants.revoke(grant.grant_id, None, "access_withdrawn")
        raise
    try:
        return grant_with_masks(db, service.grants.renew(grant_id, owner_of(user)).out(), unmasked)
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
