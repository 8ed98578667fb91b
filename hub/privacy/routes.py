# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP routes of privacy masks: list, replace and delete a camera's masks.

Managing masks needs ``privacy.manage`` and the camera in the caller's own scope (as
changing the catalogue entry: written approvals do not count). Lifting them is asked on
a live or archive grant (``unmasked``), see :func:`hub.privacy.service.lift_masks`.

The mask editor draws on a current picture of the camera
(``GET /api/cameras/{id}/privacy-masks/picture``): one frame of the sub stream, without
masks (the administrator must see what to hide), never stored, audited
``privacy.picture``. It is the only picture the technical family gets (TN 11.1).
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from hub.archive.snapshots import grab_frame
from hub.auth.principal import Principal
from hub.catalog.access import device_access
from hub.catalog.contracts import StreamKind
from hub.catalog.service import managed_camera
from hub.contracts import Permission
from hub.deps import DbSession, HubDep, PathId, require
from hub.privacy import service
from hub.privacy.contracts import PrivacyMaskOut, PrivacyMasksIn

router = APIRouter(prefix="/api", tags=["privacy"])

MaskManager = Annotated[Principal, Depends(require(Permission.PRIVACY_MANAGE))]


@router.get("/cameras/{camera_id}/privacy-masks")
def list_masks(
    camera_id: PathId, hub: HubDep, db: DbSession, principal: MaskManager
) -> list[PrivacyMaskOut]:
    """The camera's masks with who created and last changed them."""
    camera = managed_camera(hub, db, principal, camera_id)
    return service.list_masks(db, camera.id)


@router.put("/cameras/{camera_id}/privacy-masks")
def set_masks(
    camera_id: PathId, req: PrivacyMasksIn, hub: HubDep, db: DbSession, principal: MaskManager
) -> list[PrivacyMaskOut]:
    """Replace the camera's masks (audited with before and after)."""
    camera = managed_camera(hub, db, principal, camera_id)
    return service.set_masks(hub, db, principal, camera.id, req)


@router.delete("/cameras/{camera_id}/privacy-masks/{mask_id}", status_code=204)
def delete_mask(
    camera_id: PathId, mask_id: PathId, hub: HubDep, db: DbSession, principal: MaskManager
) -> Response:
    """Delete one mask of the camera (audited with before and after)."""
    camera = managed_camera(hub, db, principal, camera_id)
    service.delete_mask(hub, db, principal, camera.id, mask_id)
    return Response(status_code=204)


@router.get(
    "/cameras/{camera_id}/privacy-masks/picture",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}}},
)
async def mask_picture(
    camera_id: PathId, hub: HubDep, db: DbSession, principal: MaskManager
) -> Response:
    """A current frame of the camera to draw masks on (not stored; audited).

    Raises:
        HubError: 403, 404 as the other mask routes; 502 ``snapshot.failed``.
    """

    def check() -> str:  # the database in a worker thread, never on the loop
        camera = managed_camera(hub, db, principal, camera_id)
        url = device_access(camera).rtsp_url(StreamKind.SUB)
        hub.audit.append(
            db, principal.actor, "privacy.picture", object_type="camera", object_id=camera.id
        )
        db.commit()  # no transaction held while the device answers
        return url

    url = await asyncio.to_thread(check)
    data = await grab_frame(url, hub.settings.archive.device_timeout)
    return Response(data, media_type="image/jpeg", headers={"Cache-Control": "no-store"})
