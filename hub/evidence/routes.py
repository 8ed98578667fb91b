# SPDX-License-Identifier: GPL-3.0-or-later
"""Routes of evidence packages (see :mod:`hub.evidence.contracts` for the list)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse

from hub.deps import CurrentUser, DbSession, HubDep, PathId
from hub.evidence import service
from hub.evidence.contracts import (
    EvidenceKeyOut,
    PackageDecisionIn,
    PackageIn,
    PackageOut,
    PendingPackageOut,
)

router = APIRouter(prefix="/api", tags=["evidence"])

Limit = Annotated[int, Query(ge=1, le=1000)]


@router.post("/cases/{case_id}/packages", status_code=201)
async def request_package(
    hub: HubDep, db: DbSession, me: CurrentUser, case_id: PathId, req: PackageIn
) -> PackageOut:
    """Export the case as a signed, time-stamped evidence package (an export: approved
    request, registered device); a raw one may wait for a second person."""
    return await service.request_package(hub, db, me, case_id, req)


@router.get("/cases/{case_id}/packages")
def list_packages(hub: HubDep, db: DbSession, me: CurrentUser, case_id: PathId) -> list[PackageOut]:
    """The case's packages, oldest first."""
    return service.list_packages(hub, db, me, case_id)


@router.get("/cases/{case_id}/packages/{package_id}")
def get_package(
    hub: HubDep, db: DbSession, me: CurrentUser, case_id: PathId, package_id: PathId
) -> PackageOut:
    """One package of the case."""
    return service.get_package(hub, db, me, case_id, package_id)


@router.post("/cases/{case_id}/packages/{package_id}/decide")
async def decide_package(
    hub: HubDep,
    db: DbSession,
    me: CurrentUser,
    case_id: PathId,
    package_id: PathId,
    req: PackageDecisionIn,
) -> PackageOut:
    """Approve (and build) or reject a raw export: a second person, never the requester."""
    return await service.decide(hub, db, me, case_id, package_id, req)


@router.get(
    "/cases/{case_id}/packages/{package_id}/file",
    response_class=FileResponse,
    responses={200: {"content": {"application/zip": {}}}},
)
def package_file(
    hub: HubDep, db: DbSession, me: CurrentUser, case_id: PathId, package_id: PathId
) -> FileResponse:
    """The package's ZIP, once, to its requester (recorded and audited)."""
    path, sha256, name = service.package_file(hub, db, me, case_id, package_id)
    return FileResponse(
        path,
        media_type="application/zip",
        filename=name,
        content_disposition_type="attachment",
        headers={
            "ETag": f'"{sha256}"',
            "X-Content-SHA256": sha256,
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )


@router.get("/evidence/pending")
def pending_packages(
    hub: HubDep, db: DbSession, me: CurrentUser, limit: Limit = 200
) -> list[PendingPackageOut]:
    """Packages waiting for a second person that I may decide (never my own)."""
    return service.pending_for(hub, db, me, limit)


@router.get("/evidence/key")
def evidence_key(hub: HubDep, me: CurrentUser) -> EvidenceKeyOut:
    """The hub's evidence signing key: what a receiver records to trust its packages."""
    return service.key_out(hub)
