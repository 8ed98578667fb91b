# SPDX-License-Identifier: GPL-3.0-or-later
"""Using a camera: find it, check right + scope (audited), and open its device access.

Every feature that touches a device (stream grants, PTZ, archive, snapshots, health)
goes through here, so the scope rule and the credential handling live in one place.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit, urlunsplit

from sqlalchemy.orm import Session

from hub.auth.principal import Principal
from hub.catalog.contracts import StreamKind
from hub.catalog.models import Camera
from hub.context import Hub
from hub.contracts import (
    AccessDecision,
    AccessReason,
    AccessRequest,
    Domain,
    Permission,
    ScopedObject,
)
from hub.errors import HubError
from hub.scope.service import check_access, require_in_scope, require_permission

# TN 6.2: the reason a central operator states for opening a dedicated system, as sent
# with a request whose body cannot carry it (PTZ commands, archive searches and grants:
# query parameters ``reason`` and ``reason_note``, see hub.deps.StatedReason). Set per
# request by that dependency; :func:`use_camera` reads it when no reason is passed.
stated_reason: ContextVar[tuple[AccessReason, str | None] | None] = ContextVar(
    "stated_reason", default=None
)


@dataclass(frozen=True)
class DeviceAccess:
    """How the hub reaches one device. Never leaves the hub; never logged.

    ``onvif_url`` is the device-service URL as given at onboarding (scheme, host, port
    and path): ONVIF clients are built from it (:func:`hub.catalog.onvif_client.
    onvif_client`), never from a host and port.
    """

    camera_id: int
    code: str
    onvif_url: str
    username: str | None
    password: str | None = field(repr=False)
    rtsp_main_url: str | None = field(repr=False)
    rtsp_sub_url: str | None = field(repr=False)
    main_profile_token: str | None
    sub_profile_token: str | None
    has_ptz: bool

    def rtsp_url(self, stream: StreamKind) -> str:
        """The stream's RTSP URL with the device credentials in it (for the relay only).

        Raises:
            HubError: 409 ``camera.stream_unavailable`` when the device has no such stream.
        """
        url = self.rtsp_main_url if stream is StreamKind.MAIN else self.rtsp_sub_url
        if not url:
            raise HubError(409, "camera.stream_unavailable", {"stream": stream.value})
        return with_credentials(url, self.username, self.password)


def with_credentials(url: str, username: str | None, password: str | None) -> str:
    """``url`` with ``username:password@`` in its authority (replacing any there)."""
    if not username:
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{quote(username, safe='')}:{quote(password or '', safe='')}@{host}"
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def camera_or_404(session: Session, camera_id: int) -> Camera:
    """The camera, or a 404 ``camera.not_found``."""
    camera = session.get(Camera, camera_id)
    if camera is None:
        raise HubError(404, "camera.not_found")
    return camera


def scoped_object(camera: Camera) -> ScopedObject:
    """The camera as a scoped object (territory, domain, dedicated system)."""
    return ScopedObject(
        territory_id=camera.territory_id,
        domain=Domain(camera.domain) if camera.domain else None,
        dedicated=camera.dedicated,
        object_type="camera",
        object_id=str(camera.id),
    )


def use_camera(
    hub: Hub,
    session: Session,
    principal: Principal,
    camera_id: int,
    permission: Permission,
    reason: AccessReason | None = None,
    reason_note: str | None = None,
) -> tuple[Camera, AccessDecision]:
    """Check ``permission`` on a camera in the caller's scope (or under an approval or
    emergency) and write the ``access.<permission>`` audit record; refusals are audited
    too (``authz.denied`` / ``scope.denied``).

    Raises:
        HubError: 403 ``forbidden`` / ``scope.out_of_scope`` / ``scope.reason_required``,
            404 ``camera.not_found``.
    """
    camera = camera_or_404(session, camera_id)
    if reason is None:  # the request's own TN 6.2 reason, if its route takes one
        stated = stated_reason.get()
        if stated is not None:
            reason, reason_note = stated
    try:
        decision = check_access(
            hub,
            session,
            principal,
            AccessRequest(
                object=scoped_object(camera),
                permission=permission,
                reason=reason,
                reason_note=reason_note,
            ),
        )
    except HubError as exc:
        # A unit that manages, operates or is registered as using the camera (đơn vị sử
        # dụng) works with its images wherever it stands: the catalogue lists it for them.
        if exc.code != "scope.out_of_scope" or not unit_uses(camera, principal.unit_id):
            raise
        hub.audit.append(
            session,
            principal.actor,
            f"access.{permission.value}",
            object_type="camera",
            object_id=str(camera.id),
            reason=reason.value if reason else None,
            detail={
                "basis": "unit",
                "territory_id": camera.territory_id,
                "domain": camera.domain,
                "dedicated": camera.dedicated,
                "note": reason_note,
            },
        )
        decision = AccessDecision(allowed=True, basis="unit")
    return camera, decision


def recheck_camera(
    hub: Hub, session: Session, principal: Principal, camera_id: int, permission: Permission
) -> Camera:
    """The rules of :func:`use_camera` again, for a use that goes on (a stream grant's
    renewal): the right, and the caller's scope, a written approval, an emergency or a
    unit registered on the camera. No access record is written (the use was recorded when
    it began); a refusal is audited as in :func:`use_camera`.

    Raises:
        HubError: 403 ``forbidden`` / ``scope.out_of_scope``, 404 ``camera.not_found``.
    """
    camera = camera_or_404(session, camera_id)
    require_permission(principal, permission)
    try:
        require_in_scope(hub, session, principal, camera.territory_id, camera.domain)
    except HubError as exc:
        if exc.code != "scope.out_of_scope" or not unit_uses(camera, principal.unit_id):
            raise
    return camera


def unit_uses(camera: Camera, unit_id: int) -> bool:
    """Whether ``unit_id`` manages, operates or uses ``camera``."""
    return unit_id in (camera.managing_unit_id, camera.operating_unit_id) or any(
        u.unit_id == unit_id for u in camera.using_units
    )


def device_access(camera: Camera) -> DeviceAccess:
    """Open the camera's device access (credentials unsealed with the hub's key)."""
    creds = camera.credentials
    return DeviceAccess(
        camera_id=camera.id,
        code=camera.code,
        onvif_url=camera.onvif_url,
        username=creds[0] if creds else None,
        password=creds[1] if creds else None,
        rtsp_main_url=camera.rtsp_main_url,
        rtsp_sub_url=camera.rtsp_sub_url,
        main_profile_token=camera.main_profile_token,
        sub_profile_token=camera.sub_profile_token,
        has_ptz=camera.has_ptz,
    )
