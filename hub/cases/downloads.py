# SPDX-License-Identifier: GPL-3.0-or-later
"""A case's stored media leaving the hub: the bytes of a clip or snapshot for a
workstation (to play, or to copy to a registered device under an export), and the
workstation's account of that copy.

Who: a ``case.work`` holder who sees the case (else 404 ``case.not_found``; without the
right 403 ``forbidden`` ``{reason: no_case_right}``, audited). The route streams the file
from disk (ranges for clips, so a player can seek) with its stored SHA-256 as
``X-Content-SHA256`` and ``ETag``; the hub checks the file is there with its stored size,
the receiver checks the hash (hashing a long clip on every fetch would read it twice).

Every fetch is audited (``case.view_media``: the medium, its hash, the range asked, the
export it is for). A fetch that is not part of an export is a processing of personal
data of its own and is written to the personal-data log (TN 21.5b: purpose, time, data
type, performer); the fetches of an export are covered by the export's entry (one
processing, one entry), and name the export, which must be the caller's own, of this
case and hold the medium (else 404 ``case.export_not_found``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.archive.clips import clip_dir
from hub.archive.models import EvidenceSnapshot
from hub.archive.snapshots import snapshot_dir
from hub.auth.principal import Principal
from hub.cases.contracts import DataType, ExportCopyIn, LogAction, MediaKind
from hub.cases.logs import log_personal_data
from hub.cases.models import CaseExport, CaseExportItem, CaseMedia, StorageDevice
from hub.cases.service import CaseViewer, case_number, refuse, visible_case
from hub.clock import as_utc
from hub.context import Hub
from hub.errors import HubError

log = logging.getLogger(__name__)

CONTENT_TYPES = {MediaKind.CLIP.value: "video/mp4", MediaKind.SNAPSHOT.value: "image/jpeg"}


@dataclass(frozen=True)
class StoredMedium:
    """Where a medium's bytes are and what to say about them."""

    path: Path
    content_type: str
    sha256: str
    size: int
    download_name: str  # e.g. ``VP-2026-000042-m7.mp4`` (no client-chosen part)


def _path(hub: Hub, session: Session, medium: CaseMedia) -> Path | None:
    if medium.kind == MediaKind.CLIP.value:
        name = medium.file_name or f"{medium.sha256}.mp4"
        return clip_dir(hub) / Path(name).name
    if medium.snapshot_id is not None:
        snap = session.get(EvidenceSnapshot, medium.snapshot_id)
        if snap is not None:
            return snapshot_dir(hub) / Path(snap.file_name).name
    return None


def _export_of(
    session: Session, principal: Principal, case_id: int, export_id: int, media_id: int
) -> CaseExport:
    row = session.get(CaseExport, export_id)
    held = session.scalars(
        select(CaseExportItem.media_id).where(
            CaseExportItem.export_id == export_id, CaseExportItem.media_id == media_id
        )
    ).first()
    if (
        row is None
        or row.case_id != case_id
        or row.performed_by != principal.user_id
        or held is None
    ):
        raise HubError(404, "case.export_not_found")
    return row


def media_file(
    hub: Hub,
    session: Session,
    principal: Principal,
    case_id: int,
    media_id: int,
    export_id: int | None,
    byte_range: str | None,
) -> StoredMedium:
    """A medium's stored file for the caller (see the module doc); the fetch is audited.

    Raises:
        HubError: 404 ``case.not_found`` / ``case.media_not_found`` /
            ``case.export_not_found``; 403 ``forbidden`` (no ``case.work``; audited);
            500 ``case.media_missing`` when the file is gone or not its stored size.
    """
    viewer = CaseViewer.of(hub, session, principal)
    row = visible_case(session, viewer, case_id)
    medium = session.get(CaseMedia, media_id)
    if medium is None or medium.case_id != row.id:
        raise HubError(404, "case.media_not_found")
    if not viewer.works:
        raise refuse(principal, "view_media", row.id, "no_case_right")
    export = _export_of(session, principal, row.id, export_id, medium.id) if export_id else None
    path = _path(hub, session, medium)
    try:
        size = path.stat().st_size if path is not None else -1
    except OSError:
        size = -1
    if path is None or size != medium.size:
        log.error("case %d medium %d: file missing or not its stored size", row.id, medium.id)
        raise HubError(500, "case.media_missing", {"media_id": medium.id})
    number = case_number(row)
    if export is None:
        kind = DataType.VIDEO if medium.kind == MediaKind.CLIP.value else DataType.IMAGE
        types = {kind, DataType.PLATE} if row.plate else {kind}
        log_personal_data(
            hub, session, principal, row, LogAction.VIEW, f"Xem chứng cứ vụ việc {number}", types
        )
    hub.audit.append(
        session,
        principal.actor,
        "case.view_media",
        object_type="case",
        object_id=row.id,
        detail={
            "media_id": medium.id,
            "kind": medium.kind,
            "camera_id": medium.camera_id,
            "start": as_utc(medium.start).isoformat(),
            "sha256": medium.sha256,
            "range": byte_range[:100] if byte_range else None,
            "export_id": export.id if export is not None else None,
        },
    )
    suffix = ".mp4" if medium.kind == MediaKind.CLIP.value else ".jpg"
    return StoredMedium(
        path=path,
        content_type=CONTENT_TYPES[medium.kind],
        sha256=medium.sha256,
        size=medium.size,
        download_name=f"{number}-m{medium.id}{suffix}",
    )


def record_copy(
    hub: Hub,
    session: Session,
    principal: Principal,
    case_id: int,
    export_id: int,
    req: ExportCopyIn,
) -> None:
    """The workstation's account of copying an export: audited ``case.export_copy``,
    ``success`` when every file was written and read back with its stored hash, else
    ``failed`` with what went wrong (a hash the workstation claims but that is not the
    medium's counts as a failure whatever it says).

    Raises:
        HubError: 404 ``case.not_found`` / ``case.export_not_found`` (not the caller's
            export of this case); 422 ``case.bad_copy_report`` (a file not of the
            export, or another device than the export's).
    """
    viewer = CaseViewer.of(hub, session, principal)
    row = visible_case(session, viewer, case_id)
    export = session.get(CaseExport, export_id)
    if export is None or export.case_id != row.id or export.performed_by != principal.user_id:
        raise HubError(404, "case.export_not_found")
    items = dict(
        session.execute(
            select(CaseMedia.id, CaseMedia.sha256)
            .join(CaseExportItem, CaseExportItem.media_id == CaseMedia.id)
            .where(CaseExportItem.export_id == export.id)
        ).all()
    )
    device = session.get(StorageDevice, export.device_id)
    if device is None or device.identifier != req.device_identifier:
        raise HubError(422, "case.bad_copy_report", {"field": "device_identifier"})
    if any(f.media_id not in items for f in req.files):
        raise HubError(422, "case.bad_copy_report", {"field": "files"})
    files = [
        {
            "media_id": f.media_id,
            "ok": bool(f.ok and f.sha256 == items[f.media_id]),
            "sha256": f.sha256,
            "error": f.error or (None if f.ok and f.sha256 == items[f.media_id] else "hash"),
        }
        for f in req.files
    ]
    complete = {f.media_id for f in req.files} == set(items)
    errors = [str(f["error"]) for f in files if not f["ok"]]
    reason = req.error or (errors[0] if errors else None) or (None if complete else "incomplete")
    hub.audit.append(
        session,
        principal.actor,
        "case.export_copy",
        object_type="case",
        object_id=row.id,
        outcome="failed" if reason else "success",
        reason=reason,
        detail={
            "export_id": export.id,
            "device_identifier": device.identifier,
            "files": files,
            "manifest_sha256": req.manifest_sha256,
            "error": req.error,
        },
    )
