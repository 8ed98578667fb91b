# SPDX-License-Identifier: GPL-3.0-or-later
"""The register of state-owned storage devices and the export of a case's raw media.

TN 9.2c: extracted data goes only to a dedicated device owned by a state body, never to a
personal device. The technical administration keeps a register of such devices
(``storage_device.manage``): an identifier and the state asset record. The identifier
is what the workstation reads from the plugged-in device (:mod:`console.case_export`):
the disk's hardware serial number as ``lsblk`` reports it, else the filesystem UUID —
the console's register window reads it the same way, so the register and the export
agree. An export names the device by its identifier, which must be registered, not
revoked and owned by the exporter's unit or a unit above it; anything else is 403
``case.device_not_registered`` (audited with the identifier given).

An export is done by the case's operating unit (YB 12.2a: the operating unit extracts
and hands over) under an extraction request that is approved (or a fast extraction, TN
9.2); media going to another agency need that agency's written consent or request on
record (TN 22.3, HCM 23.3, DB 18.3: no sharing outside without written consent), else 403
``case.consent_required``. Every export writes the extraction log (DB 16.3) and the
personal-data log (TN 21.5b).

The export is recorded before anything is copied; the workstation then downloads each
medium naming the export (:mod:`hub.cases.downloads`), writes and verifies it on the
device, and reports the outcome per file (``case.export_copy``, success or failed).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.auth.principal import Principal
from hub.cases.contracts import (
    CaseAction,
    DataType,
    ExportIn,
    ExportOut,
    ExtractionStatus,
    LogAction,
    StorageDeviceCreate,
    StorageDeviceOut,
)
from hub.cases.logs import log_extraction, log_personal_data
from hub.cases.media import media_out
from hub.cases.models import (
    CaseExport,
    CaseExportItem,
    CaseMedia,
    ExtractionRequest,
    StorageDevice,
    ViolationCase,
)
from hub.cases.service import (
    TOPIC_UPDATED,
    CaseViewer,
    Names,
    add_step,
    push,
    step,
)
from hub.clock import as_utc
from hub.context import Hub
from hub.errors import HubError, PendingAudit
from hub.incidents.service import unit_chain, unit_parents
from hub.org.models import OrgUnit, User

A = CaseAction
EFFECTIVE = (ExtractionStatus.APPROVED.value, ExtractionStatus.FAST.value)


# --- the register -----------------------------------------------------------------------------


def _device_out(row: StorageDevice, session: Session) -> StorageDeviceOut:
    unit = session.get(OrgUnit, row.owner_unit_id)
    user = session.get(User, row.registered_by) if row.registered_by else None
    return StorageDeviceOut(
        id=row.id,
        identifier=row.identifier,
        label=row.label,
        owner_unit_id=row.owner_unit_id,
        owner_unit_name=unit.name if unit else "",
        asset_number=row.asset_number,
        registered_by=user.display_name if user else None,
        registered_at=as_utc(row.registered_at),
        revoked_at=as_utc(row.revoked_at) if row.revoked_at else None,
    )


def _managed_units(hub: Hub, session: Session, principal: Principal) -> frozenset[int] | None:
    viewer = CaseViewer.of(hub, session, principal)
    return None if viewer.everything else viewer.subtree()


def register_device(
    hub: Hub, session: Session, principal: Principal, req: StorageDeviceCreate
) -> StorageDeviceOut:
    """Register a state-owned device for a unit of the caller's (audited).

    Raises:
        HubError: 404 ``org.unit_not_found``; 403 ``scope.out_of_scope`` (a unit outside
            the caller's); 409 ``case.device_exists``.
    """
    unit = session.get(OrgUnit, req.owner_unit_id)
    if unit is None:
        raise HubError(404, "org.unit_not_found")
    units = _managed_units(hub, session, principal)
    if units is not None and unit.id not in units:
        raise HubError(
            403,
            "scope.out_of_scope",
            None,
            PendingAudit(
                principal.actor,
                "storage_device.register",
                {
                    "outcome": "denied",
                    "object_type": "org_unit",
                    "object_id": unit.id,
                    "reason": "out_of_scope",
                },
            ),
        )
    exists = session.scalars(
        select(StorageDevice).where(StorageDevice.identifier == req.identifier)
    ).first()
    if exists is not None:
        raise HubError(409, "case.device_exists", {"id": exists.id})
    row = StorageDevice(
        identifier=req.identifier,
        label=req.label,
        owner_unit_id=unit.id,
        asset_number=req.asset_number,
        registered_by=principal.user_id,
        registered_at=hub.clock.now(),
    )
    session.add(row)
    session.flush()
    hub.audit.append(
        session,
        principal.actor,
        "storage_device.register",
        object_type="storage_device",
        object_id=row.id,
        detail={"identifier": row.identifier, "owner_unit_id": unit.id, "asset": req.asset_number},
    )
    return _device_out(row, session)


def list_devices(hub: Hub, session: Session, principal: Principal) -> list[StorageDeviceOut]:
    """Devices of the caller's units (the IOC: all), by identifier."""
    stmt = select(StorageDevice).order_by(StorageDevice.identifier)
    units = _managed_units(hub, session, principal)
    if units is not None:
        stmt = stmt.where(StorageDevice.owner_unit_id.in_(sorted(units)))
    return [_device_out(r, session) for r in session.scalars(stmt)]


def revoke_device(
    hub: Hub, session: Session, principal: Principal, device_id: int
) -> StorageDeviceOut:
    """Take a device off the register (lost, retired); audited.

    Raises:
        HubError: 404 ``case.device_not_found`` (also outside the caller's units).
    """
    row = session.get(StorageDevice, device_id, with_for_update=True)
    units = _managed_units(hub, session, principal)
    if row is None or (units is not None and row.owner_unit_id not in units):
        raise HubError(404, "case.device_not_found")
    if row.revoked_at is None:
        row.revoked_at = hub.clock.now()
        row.revoked_by = principal.user_id
        hub.audit.append(
            session,
            principal.actor,
            "storage_device.revoke",
            object_type="storage_device",
            object_id=row.id,
            detail={"identifier": row.identifier},
        )
    return _device_out(row, session)


# --- export -----------------------------------------------------------------------------------


def _refused(principal: Principal, case_id: int, code: str, detail: dict[str, object]) -> HubError:
    return HubError(
        403,
        code,
        detail,
        PendingAudit(
            principal.actor,
            "case.export",
            {
                "outcome": "denied",
                "object_type": "case",
                "object_id": case_id,
                "reason": code,
                "detail": detail,
            },
        ),
    )


def export(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: ExportIn
) -> ExportOut:
    """Copy raw media of a case to a registered device (see the module doc).

    Raises:
        HubError: 404 ``case.not_found`` / ``case.request_not_found`` /
            ``case.media_not_found``; 403 ``forbidden`` (right, unit),
            ``case.device_not_registered``, ``case.not_approved``,
            ``case.consent_required`` (all audited); 409 ``case.no_media``.
    """
    row, _viewer = step(hub, session, principal, case_id, A.EXPORT, None)
    request = session.get(ExtractionRequest, req.request_id)
    if request is None or request.case_id != row.id:
        raise HubError(404, "case.request_not_found")
    if request.status not in EFFECTIVE:
        raise _refused(
            principal,
            row.id,
            "case.not_approved",
            {"request_id": request.id, "status": request.status},
        )
    device = session.scalars(
        select(StorageDevice).where(StorageDevice.identifier == req.device_identifier)
    ).first()
    parents = unit_parents(session)
    if (
        device is None
        or device.revoked_at is not None
        or device.owner_unit_id not in unit_chain(parents, principal.unit_id)
    ):
        raise _refused(
            principal,
            row.id,
            "case.device_not_registered",
            {"device_identifier": req.device_identifier},
        )
    agency = req.recipient_agency or request.requester_agency
    if (
        agency
        and not (req.consent_document_number and req.consent_document_date)
        and not (request.document_number and request.document_date)
    ):
        raise _refused(principal, row.id, "case.consent_required", {"recipient_agency": agency})
    stmt = select(CaseMedia).where(CaseMedia.case_id == row.id).order_by(CaseMedia.id)
    media = list(session.scalars(stmt))
    if req.media_ids is not None:
        wanted = set(req.media_ids)
        media = [m for m in media if m.id in wanted]
        if len(media) != len(wanted):
            raise HubError(404, "case.media_not_found")
    if not media:
        raise HubError(409, "case.no_media")
    now = hub.clock.now()
    out = CaseExport(
        case_id=row.id,
        request_id=request.id,
        device_id=device.id,
        performed_by=principal.user_id,
        performed_at=now,
        purpose=request.purpose,
        recipient_agency=agency,
        consent_document_number=req.consent_document_number or request.document_number,
        consent_document_date=req.consent_document_date or request.document_date,
    )
    session.add(out)
    session.flush()
    for m in media:
        session.add(CaseExportItem(export_id=out.id, media_id=m.id))
    requester = session.get(User, request.requester_id)
    requester_unit = session.get(OrgUnit, request.requester_unit_id)
    who = (
        f"{requester.display_name if requester else ''} "
        f"({requester_unit.name if requester_unit else ''})"
    )
    if request.requester_agency:
        who = f"{request.requester_agency} — {who}"
    log_extraction(
        hub,
        session,
        principal,
        row,
        LogAction.EXPORT,
        purpose=request.purpose,
        requester=who,
        camera_ids={m.camera_id for m in media},
        media_count=len(media),
        request_id=request.id,
        device_identifier=device.identifier,
    )
    types = {DataType.VIDEO if m.kind == "clip" else DataType.IMAGE for m in media}
    if row.plate:
        types.add(DataType.PLATE)
    log_personal_data(hub, session, principal, row, LogAction.EXPORT, request.purpose, types)
    add_step(hub, session, row, principal, "export", None, device.identifier)
    row.updated_at = now
    session.flush()
    hub.audit.append(
        session,
        principal.actor,
        "case.export",
        object_type="case",
        object_id=row.id,
        detail={
            "export_id": out.id,
            "request_id": request.id,
            "device_id": device.id,
            "device_identifier": device.identifier,
            "media": [m.id for m in media],
            "sha256": [m.sha256 for m in media],
            "recipient_agency": agency,
        },
    )
    push(hub, session, row, TOPIC_UPDATED)
    return _export_out(session, out, Names(session, [row]))


def _export_out(session: Session, row: CaseExport, names: Names) -> ExportOut:
    device = session.get(StorageDevice, row.device_id)
    items = session.scalars(
        select(CaseMedia)
        .join(CaseExportItem, CaseExportItem.media_id == CaseMedia.id)
        .where(CaseExportItem.export_id == row.id)
        .order_by(CaseMedia.id)
    )
    return ExportOut(
        id=row.id,
        case_id=row.case_id,
        request_id=row.request_id,
        device_id=row.device_id,
        device_identifier=device.identifier if device else "",
        performed_by=names.user(row.performed_by) or "",
        performed_at=as_utc(row.performed_at),
        purpose=row.purpose,
        recipient_agency=row.recipient_agency,
        consent_document_number=row.consent_document_number,
        consent_document_date=row.consent_document_date,
        items=[media_out(m, names) for m in items],
    )


def exports_of(session: Session, row: ViolationCase, names: Names) -> list[ExportOut]:
    """The exports of a case, oldest first."""
    stmt = select(CaseExport).where(CaseExport.case_id == row.id).order_by(CaseExport.id)
    return [_export_out(session, e, names) for e in session.scalars(stmt)]
