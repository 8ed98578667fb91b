# SPDX-License-Identifier: GPL-3.0-or-later
"""Archive API: recording search, archive grants, archive depth, evidence snapshots."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from hub.archive import service, snapshots
from hub.archive.contracts import (
    ArchiveGrantOut,
    ArchiveGrantRequest,
    ArchiveLimitOut,
    RecordingsOut,
    SnapshotOut,
    SnapshotRequest,
)
from hub.auth.principal import Principal
from hub.contracts import Permission, UtcDateTimeIn
from hub.deps import CurrentUser, DbSession, HubDep, PathId, StatedReason, require

# Archive searches, grants and snapshots may carry a TN 6.2 reason (query parameters).
router = APIRouter(prefix="/api", tags=["archive"], dependencies=[StatedReason])

ArchiveViewer = Annotated[Principal, Depends(require(Permission.IMAGE_ARCHIVE))]


@router.get("/archive/limits")
def my_limit(hub: HubDep, db: DbSession, principal: ArchiveViewer) -> ArchiveLimitOut:
    """How far back I may replay (``limit_days`` None: the whole archive)."""
    return service.archive_limit(hub, db, principal)


@router.get("/cameras/{camera_id}/recordings")
async def recordings_in_range(
    camera_id: PathId,
    hub: HubDep,
    db: DbSession,
    principal: CurrentUser,
    start: Annotated[UtcDateTimeIn, Query()],
    end: Annotated[UtcDateTimeIn, Query()],
) -> RecordingsOut:
    """Recorded ranges, gaps and event markers of a camera in [start, end] (≤ 62 days),
    from the device's recording search, clipped to my archive depth (audited)."""
    return await service.search(hub, db, principal, camera_id, start, end)


@router.post("/cameras/{camera_id}/archive-grants")
async def archive_grant(
    camera_id: PathId,
    body: ArchiveGrantRequest,
    hub: HubDep,
    db: DbSession,
    principal: CurrentUser,
) -> ArchiveGrantOut:
    """Replay a camera from ``start`` at ``rate`` through the relay (audited
    ``archive.view``); renew and release it like any stream grant."""
    return await service.open_archive_grant(hub, db, principal, camera_id, body)


@router.post("/cameras/{camera_id}/snapshots")
async def take_snapshot(
    camera_id: PathId,
    body: SnapshotRequest,
    hub: HubDep,
    db: DbSession,
    principal: CurrentUser,
) -> SnapshotOut:
    """Grab one frame (live, or the archive at ``at``) and keep it as evidence."""
    return await snapshots.take_snapshot(hub, db, principal, camera_id, body)


@router.get(
    "/snapshots/{snapshot_id}",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}}},
)
def get_snapshot(
    snapshot_id: PathId, hub: HubDep, db: DbSession, principal: CurrentUser
) -> Response:
    """The JPEG of a stored snapshot (checked against its hash; the view is audited)."""
    out, data = snapshots.read_snapshot(hub, db, principal, snapshot_id)
    captured: datetime = out.captured_at
    return Response(
        data,
        media_type="image/jpeg",
        headers={
            "X-Snapshot-SHA256": out.sha256,
            "X-Snapshot-Captured-At": captured.isoformat(),
            "Cache-Control": "no-store",
        },
    )
