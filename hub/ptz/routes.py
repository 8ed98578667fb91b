# SPDX-License-Identifier: GPL-3.0-or-later
"""PTZ routes: ``/api/cameras/{camera_id}/ptz/…``.

The handlers are async and open no request transaction: :mod:`hub.ptz.service` decides
in a short transaction of its own and calls the device with none open.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from hub.deps import BearerToken, HubDep, PathId, SourceDep, StatedReason
from hub.ptz.contracts import (
    PRESET_TOKEN_PATTERN,
    PtzAbsolute,
    PtzControl,
    PtzMove,
    PtzPreset,
    PtzPresetCreate,
    PtzPresetRename,
    PtzRelative,
    PtzReserve,
    PtzStatus,
)
from hub.ptz.service import ptz_service

# Every PTZ request may carry a central operator's TN 6.2 reason (query parameters).
router = APIRouter(prefix="/api/cameras/{camera_id}/ptz", tags=["ptz"], dependencies=[StatedReason])

PresetToken = Annotated[str, Path(pattern=PRESET_TOKEN_PATTERN)]


@router.post("/move")
async def move(
    camera_id: PathId, body: PtzMove, hub: HubDep, token: BearerToken, source: SourceDep
) -> PtzControl:
    """Continuous move at a velocity; keep it alive with ``heartbeat`` (image.ptz)."""
    return await ptz_service(hub).move(
        token, source, camera_id, (body.pan, body.tilt, body.zoom), body.timeout_ms
    )


@router.post("/stop")
async def stop(camera_id: PathId, hub: HubDep, token: BearerToken, source: SourceDep) -> PtzControl:
    """Stop pan, tilt and zoom (image.ptz)."""
    return await ptz_service(hub).stop_move(token, source, camera_id)


@router.post("/heartbeat")
async def heartbeat(
    camera_id: PathId, hub: HubDep, token: BearerToken, source: SourceDep
) -> PtzControl:
    """Keep one's running move alive; 409 ``ptz.not_moving`` when none runs (image.ptz)."""
    return await ptz_service(hub).heartbeat(token, source, camera_id)


@router.post("/absolute")
async def absolute(
    camera_id: PathId, body: PtzAbsolute, hub: HubDep, token: BearerToken, source: SourceDep
) -> PtzControl:
    """Go to a position, e.g. click-to-centre (image.ptz)."""
    return await ptz_service(hub).absolute(
        token, source, camera_id, body.pan, body.tilt, body.zoom, body.speed
    )


@router.post("/relative")
async def relative(
    camera_id: PathId, body: PtzRelative, hub: HubDep, token: BearerToken, source: SourceDep
) -> PtzControl:
    """Move by a translation, e.g. a drag or a wheel step (image.ptz)."""
    return await ptz_service(hub).relative(
        token, source, camera_id, (body.pan, body.tilt, body.zoom), body.speed
    )


@router.post("/home")
async def home(camera_id: PathId, hub: HubDep, token: BearerToken, source: SourceDep) -> PtzControl:
    """Go to the home position (image.ptz)."""
    return await ptz_service(hub).home(token, source, camera_id)


@router.get("/status")
async def status(
    camera_id: PathId, hub: HubDep, token: BearerToken, source: SourceDep
) -> PtzStatus:
    """Who controls the camera, any reservation, and its position (image.ptz)."""
    return await ptz_service(hub).status(token, source, camera_id)


@router.post("/release")
async def release(
    camera_id: PathId, hub: HubDep, token: BearerToken, source: SourceDep
) -> PtzControl:
    """Give up one's control of the camera (image.ptz)."""
    return await ptz_service(hub).release(token, source, camera_id)


@router.post("/reserve")
async def reserve(
    camera_id: PathId, body: PtzReserve, hub: HubDep, token: BearerToken, source: SourceDep
) -> PtzControl:
    """Keep the camera for a time and a reason (image.ptz_reserve)."""
    return await ptz_service(hub).reserve(token, source, camera_id, body.minutes, body.reason)


@router.delete("/reserve")
async def end_reservation(
    camera_id: PathId, hub: HubDep, token: BearerToken, source: SourceDep
) -> PtzControl:
    """End one's reservation, or a lower priority's (image.ptz)."""
    return await ptz_service(hub).end_reservation(token, source, camera_id)


@router.get("/presets")
async def presets(
    camera_id: PathId, hub: HubDep, token: BearerToken, source: SourceDep
) -> list[PtzPreset]:
    """The camera's presets (image.ptz)."""
    return await ptz_service(hub).presets(token, source, camera_id)


@router.post("/presets", status_code=201)
async def save_preset(
    camera_id: PathId, body: PtzPresetCreate, hub: HubDep, token: BearerToken, source: SourceDep
) -> PtzPreset:
    """Save the current position as a preset (image.ptz_preset)."""
    return await ptz_service(hub).save_preset(token, source, camera_id, body.name)


@router.post("/presets/{preset}/goto")
async def goto_preset(
    camera_id: PathId, preset: PresetToken, hub: HubDep, token: BearerToken, source: SourceDep
) -> PtzControl:
    """Go to a preset (image.ptz)."""
    return await ptz_service(hub).goto_preset(token, source, camera_id, preset)


@router.put("/presets/{preset}")
async def rename_preset(
    camera_id: PathId,
    preset: PresetToken,
    body: PtzPresetRename,
    hub: HubDep,
    token: BearerToken,
    source: SourceDep,
) -> PtzPreset:
    """Rename a preset (image.ptz_preset)."""
    return await ptz_service(hub).rename_preset(token, source, camera_id, preset, body.name)


@router.delete("/presets/{preset}", status_code=204)
async def delete_preset(
    camera_id: PathId, preset: PresetToken, hub: HubDep, token: BearerToken, source: SourceDep
) -> Response:
    """Delete a preset (image.ptz_preset)."""
    await ptz_service(hub).delete_preset(token, source, camera_id, preset)
    return Response(status_code=204)
