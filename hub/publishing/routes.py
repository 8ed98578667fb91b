# SPDX-License-Identifier: GPL-3.0-or-later
"""Routes of publishing case media (see :mod:`hub.publishing.contracts` for the list)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response

from hub.deps import CurrentUser, DbSession, HubDep, PathId
from hub.publishing import service
from hub.publishing.contracts import (
    PreviewIn,
    ProposalIn,
    ProposalOut,
    PublicationIn,
    PublicationOut,
)

router = APIRouter(prefix="/api", tags=["publishing"])


@router.post("/cases/{case_id}/publications/proposals")
async def propose(
    hub: HubDep, db: DbSession, me: CurrentUser, case_id: PathId, req: ProposalIn
) -> ProposalOut:
    """Faces and plates found on a medium of a concluded case, as tracks to adjust."""
    return await service.propose(hub, db, me, case_id, req)


@router.post(
    "/cases/{case_id}/publications/preview",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}}},
)
async def preview(
    hub: HubDep, db: DbSession, me: CurrentUser, case_id: PathId, req: PreviewIn
) -> Response:
    """The frame at ``t`` as it would be published (tracks blurred, masks painted)."""
    data = await service.preview(hub, db, me, case_id, req)
    return Response(
        data,
        media_type="image/jpeg",
        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
    )


@router.post("/cases/{case_id}/publications", status_code=201)
async def publish(
    hub: HubDep, db: DbSession, me: CurrentUser, case_id: PathId, req: PublicationIn
) -> PublicationOut:
    """Publish a medium of a concluded case with the tracks blurred (recorded, audited)."""
    return await service.publish(hub, db, me, case_id, req)


@router.get("/cases/{case_id}/publications")
def list_publications(
    hub: HubDep, db: DbSession, me: CurrentUser, case_id: PathId
) -> list[PublicationOut]:
    """The case's publications, oldest first."""
    return service.list_publications(hub, db, me, case_id)


@router.get("/cases/{case_id}/publications/{publication_id}")
def get_publication(
    hub: HubDep, db: DbSession, me: CurrentUser, case_id: PathId, publication_id: PathId
) -> PublicationOut:
    """One publication of the case."""
    return service.get_publication(hub, db, me, case_id, publication_id)


@router.get(
    "/cases/{case_id}/publications/{publication_id}/file",
    response_class=FileResponse,
    responses={200: {"content": {"video/mp4": {}, "image/jpeg": {}}}},
)
def publication_file(
    hub: HubDep, db: DbSession, me: CurrentUser, case_id: PathId, publication_id: PathId
) -> FileResponse:
    """The published copy (audited)."""
    path, sha256, media_type, name = service.publication_file(hub, db, me, case_id, publication_id)
    return FileResponse(
        path,
        media_type=media_type,
        filename=name,
        content_disposition_type="attachment",
        headers={
            "ETag": f'"{sha256}"',
            "X-Content-SHA256": sha256,
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )
