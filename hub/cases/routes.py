# SPDX-License-Identifier: GPL-3.0-or-later
"""Routes of violation cases (``/api/cases``), extraction requests, fast-extraction
authorisations, storage devices and the extraction and personal-data logs (see
:mod:`hub.cases.contracts` for the list)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Response
from fastapi.responses import FileResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from hub.auth.principal import Principal
from hub.cases import downloads, export, extraction, handoff, logs, media
from hub.cases.contracts import (
    AcceptIn,
    ApprovalDecisionIn,
    AuthorisationCreate,
    AuthorisationOut,
    BoardItem,
    CaseCommentIn,
    CaseCreate,
    CaseDetail,
    CaseMediaOut,
    CaseOut,
    CaseSide,
    CaseStatus,
    CaseUpdate,
    ClipIn,
    ConcludeIn,
    DeadlineState,
    DecideIn,
    DossierIn,
    ExportCopyIn,
    ExportIn,
    ExportOut,
    ExtendIn,
    ExtractionLogOut,
    ExtractionRequestCreate,
    ExtractionRequestOut,
    FastExtractionIn,
    IdentifyIn,
    PersonalDataLogOut,
    ReasonIn,
    RecordIn,
    SendIn,
    SnapshotIn,
    StorageDeviceCreate,
    StorageDeviceOut,
    TransferIn,
    VersionIn,
    WithdrawIn,
)
from hub.cases.deadlines import board
from hub.cases.service import CaseViewer
from hub.context import Hub
from hub.contracts import Permission
from hub.deps import Auditor, CurrentUser, DbSession, HubDep, PathId, require

router = APIRouter(prefix="/api", tags=["cases"])

CaseWorker = Annotated[Principal, Depends(require(Permission.CASE_WORK))]
Approver = Annotated[Principal, Depends(require(Permission.APPROVAL_GRANT))]
DeviceManager = Annotated[Principal, Depends(require(Permission.STORAGE_DEVICE_MANAGE))]
Limit = Annotated[int, Query(ge=1, le=1000)]
BeforeId = Annotated[int | None, Query(ge=1, le=2_147_483_647)]
# A hand-off step of the service: (hub, db, me, case id, body) -> the case.
Step = Callable[[Hub, Session, Principal, int, Any], CaseOut]


# --- cases ----------------------------------------------------------------------------------


@router.get("/cases")
def list_cases(
    hub: HubDep,
    db: DbSession,
    me: CurrentUser,
    status: CaseStatus | None = None,
    side: Literal["ioc", "police"] | None = None,
    inbox: bool = False,
    open: bool = False,
    limit: Limit = 200,
    before_id: BeforeId = None,
) -> list[CaseOut]:
    """Cases I see, newest first (``inbox``: sent to my unit, not yet accepted)."""
    return handoff.list_cases(
        hub,
        db,
        me,
        status=status,
        side=side,
        inbox=inbox,
        open_only=open,
        limit=limit,
        before_id=before_id,
    )


@router.post("/cases", status_code=201)
def open_case(hub: HubDep, db: DbSession, me: CaseWorker, req: CaseCreate) -> CaseOut:
    """Open a case in my unit (from an incident, a tile or a timeline selection)."""
    return handoff.create_case(hub, db, me, req)


@router.get("/cases/board")
def deadline_board(
    hub: HubDep,
    db: DbSession,
    me: CurrentUser,
    side: CaseSide | None = None,
    state: DeadlineState | None = None,
    limit: Limit = 500,
) -> list[BoardItem]:
    """Deadlines due soon and overdue of the cases I see (both sides), soonest first."""
    viewer = CaseViewer.of(hub, db, me)
    units = None if viewer.everything else viewer.subtree()
    return board(hub, db, units, me.user_id, side, state, limit)


@router.get("/cases/{case_id}")
def get_case(hub: HubDep, db: DbSession, me: CurrentUser, case_id: PathId) -> CaseDetail:
    """One case with its media, history, extraction requests and exports."""
    return handoff.case_detail(hub, db, me, case_id)


@router.patch("/cases/{case_id}")
def edit_case(
    hub: HubDep, db: DbSession, me: CurrentUser, case_id: PathId, req: CaseUpdate
) -> CaseOut:
    """Change a draft (IOC side)."""
    return handoff.update_case(hub, db, me, case_id, req)


def _close(hub: Hub, db: Session, me: Principal, case_id: int, req: VersionIn) -> CaseOut:
    return handoff.close(hub, db, me, case_id, req.version)


def _step(path: str, body: type[BaseModel], action: Step, doc: str, name: str = "") -> None:
    """Route ``POST /cases/{case_id}/<path>``: one hand-off step on a case, answered with
    the case. ``doc`` is its OpenAPI description, ``name`` its name (default: the path)."""

    def step(hub: HubDep, db: DbSession, me: CurrentUser, case_id: PathId, req: Any) -> CaseOut:
        return action(hub, db, me, case_id, req)

    step.__annotations__["req"] = body  # the body model FastAPI validates and documents
    step.__name__ = step.__qualname__ = name or path.replace("-", "_")
    step.__doc__ = doc
    router.post(f"/cases/{{case_id}}/{path}")(step)


_step("send", SendIn, handoff.send, "Hand the case to a police unit (DH 11.3a).")
_step("cancel", ReasonIn, handoff.cancel, "Drop a draft.")
_step("close", VersionIn, _close, "Close a concluded case (IOC side; the legal hold ends).")
_step("accept", AcceptIn, handoff.accept, "Accept a case sent to my police unit.")
_step(
    "mark-complex",
    ReasonIn,
    handoff.mark_complex,
    "The verification is complex (2 months, DH 11.3b).",
)
_step("identify", IdentifyIn, handoff.identify, "The violator is identified (DH 13.1).")
_step("record", RecordIn, handoff.record, "The violation record is made (DH 13.1).")
_step(
    "transfer",
    TransferIn,
    handoff.transfer,
    "Hand the case to the competent police unit (DH 13.1).",
)
_step("extend", ExtendIn, handoff.extend, "The decision takes longer (DH 13.2).")
_step("decide", DecideIn, handoff.decide, "The penalty decision is made (DH 13.2).")
_step("conclude", ConcludeIn, handoff.conclude, "Tell the IOC the conclusion (DH 11.3b).")
_step("comments", CaseCommentIn, handoff.comment, "A comment (either side).", name="comment")


# --- media ----------------------------------------------------------------------------------


@router.post("/cases/{case_id}/media/clips", status_code=201)
async def add_clip(
    hub: HubDep, db: DbSession, me: CurrentUser, case_id: PathId, req: ClipIn
) -> CaseMediaOut:
    """Cut a clip of a case camera within its range (stream copy) into the case."""
    return await media.add_clip(hub, db, me, case_id, req)


@router.post("/cases/{case_id}/media/snapshots", status_code=201)
async def add_snapshot(
    hub: HubDep, db: DbSession, me: CurrentUser, case_id: PathId, req: SnapshotIn
) -> CaseMediaOut:
    """Add an evidence snapshot (taken, or taken now from the archive) to the case."""
    return await media.add_snapshot(hub, db, me, case_id, req)


@router.get(
    "/cases/{case_id}/media/{media_id}",
    response_class=FileResponse,
    responses={200: {"content": {"video/mp4": {}, "image/jpeg": {}}}, 206: {}},
)
def media_bytes(
    hub: HubDep,
    db: DbSession,
    me: CurrentUser,
    case_id: PathId,
    media_id: PathId,
    export_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    range_: Annotated[str | None, Header(alias="range")] = None,
) -> FileResponse:
    """The stored clip or snapshot (streamed from disk; ranges; its SHA-256 in
    ``X-Content-SHA256`` and ``ETag``); every fetch is audited."""
    stored = downloads.media_file(hub, db, me, case_id, media_id, export_id, range_)
    return FileResponse(
        stored.path,
        media_type=stored.content_type,
        filename=stored.download_name,
        content_disposition_type="attachment",
        headers={
            "ETag": f'"{stored.sha256}"',
            "X-Content-SHA256": stored.sha256,
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )


# --- extraction -----------------------------------------------------------------------------


@router.post("/cases/{case_id}/extraction-requests", status_code=201)
def request_extraction(
    hub: HubDep, db: DbSession, me: CurrentUser, case_id: PathId, req: ExtractionRequestCreate
) -> ExtractionRequestOut:
    """Ask to extract the case's footage (the profile's approval chain)."""
    return extraction.create_request(hub, db, me, case_id, req)


@router.post("/cases/{case_id}/fast-extractions", status_code=201)
def fast_extraction(
    hub: HubDep, db: DbSession, me: CurrentUser, case_id: PathId, req: FastExtractionIn
) -> ExtractionRequestOut:
    """TN 9.2 fast extraction (commune chairman or authorised person; reason, purpose)."""
    return extraction.fast_extraction(hub, db, me, case_id, req)


@router.get("/extraction-requests")
def list_extraction_requests(
    hub: HubDep, db: DbSession, me: CurrentUser, pending_for_me: bool = False, limit: Limit = 200
) -> list[ExtractionRequestOut]:
    """Requests I made, may decide, or whose case I see (``pending_for_me``: to act on)."""
    return extraction.list_requests(hub, db, me, pending_for_me, limit)


@router.post("/extraction-requests/{request_id}/decide")
def decide_extraction(
    hub: HubDep, db: DbSession, me: CurrentUser, request_id: PathId, req: ApprovalDecisionIn
) -> ExtractionRequestOut:
    """Endorse or decide a request (never one's own)."""
    return extraction.decide(hub, db, me, request_id, req)


@router.post("/extraction-requests/{request_id}/withdraw")
def withdraw_extraction(
    hub: HubDep, db: DbSession, me: CurrentUser, request_id: PathId, req: WithdrawIn
) -> ExtractionRequestOut:
    """Withdraw my pending request."""
    return extraction.withdraw(hub, db, me, request_id, req)


@router.post("/extraction-requests/{request_id}/dossier")
def complete_dossier(
    hub: HubDep, db: DbSession, me: CurrentUser, request_id: PathId, req: DossierIn
) -> ExtractionRequestOut:
    """The internal dossier of a fast extraction is complete (TN 9.2b)."""
    return extraction.complete_dossier(hub, db, me, request_id, req)


@router.post("/fast-extraction-authorisations", status_code=201)
def authorise(
    hub: HubDep, db: DbSession, me: Approver, req: AuthorisationCreate
) -> AuthorisationOut:
    """Record a commune chairman's written authorisation (TN 9.2a)."""
    return extraction.authorise(hub, db, me, req)


@router.get("/fast-extraction-authorisations")
def list_authorisations(hub: HubDep, db: DbSession, me: Approver) -> list[AuthorisationOut]:
    """Authorisations of my unit."""
    return extraction.list_authorisations(hub, db, me)


# --- devices and export --------------------------------------------------------------------


@router.post("/storage-devices", status_code=201)
def register_device(
    hub: HubDep, db: DbSession, me: DeviceManager, req: StorageDeviceCreate
) -> StorageDeviceOut:
    """Register a state-owned storage device (TN 9.2c)."""
    return export.register_device(hub, db, me, req)


@router.get("/storage-devices")
def list_devices(hub: HubDep, db: DbSession, me: CurrentUser) -> list[StorageDeviceOut]:
    """Registered devices of my units."""
    return export.list_devices(hub, db, me)


@router.post("/storage-devices/{device_id}/revoke")
def revoke_device(
    hub: HubDep, db: DbSession, me: DeviceManager, device_id: PathId
) -> StorageDeviceOut:
    """Take a device off the register."""
    return export.revoke_device(hub, db, me, device_id)


@router.post("/cases/{case_id}/exports", status_code=201)
def export_media(
    hub: HubDep, db: DbSession, me: CurrentUser, case_id: PathId, req: ExportIn
) -> ExportOut:
    """Copy raw media to a registered device under an approved request."""
    return export.export(hub, db, me, case_id, req)


@router.post("/cases/{case_id}/exports/{export_id}/copy", status_code=204)
def export_copied(
    hub: HubDep,
    db: DbSession,
    me: CurrentUser,
    case_id: PathId,
    export_id: PathId,
    req: ExportCopyIn,
) -> Response:
    """The workstation's account of copying an export to the device (audited)."""
    downloads.record_copy(hub, db, me, case_id, export_id, req)
    return Response(status_code=204)


# --- logs -----------------------------------------------------------------------------------


@router.get("/extraction-log")
def extraction_log(
    hub: HubDep,
    db: DbSession,
    me: Auditor,
    case_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    limit: Limit = 200,
    before_id: BeforeId = None,
) -> list[ExtractionLogOut]:
    """The extraction log (DB 16.3; ``audit.read``)."""
    return logs.extraction_log(hub, db, me, case_id, limit, before_id)


@router.get("/personal-data-log")
def personal_data_log(
    hub: HubDep,
    db: DbSession,
    me: Auditor,
    case_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    limit: Limit = 200,
    before_id: BeforeId = None,
) -> list[PersonalDataLogOut]:
    """The personal-data processing log (TN 21.5b; ``audit.read``)."""
    return logs.personal_data_log(hub, db, me, case_id, limit, before_id)
