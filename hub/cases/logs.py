# SPDX-License-Identifier: GPL-3.0-or-later
"""The extraction log (DB 16.3: purpose, time, performer, requester) and the
personal-data processing log (TN 21.5b: purpose, time, data type, performer): written by
every capture, hand-off, identification, fast extraction and export, read by auditors
(``audit.read``) for the cases their unit sees (the IOC: all)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hub.auth.principal import Principal
from hub.cases.contracts import DataType, ExtractionLogOut, LogAction, PersonalDataLogOut
from hub.cases.models import ExtractionLogEntry, PersonalDataLogEntry, ViolationCase
from hub.cases.service import CaseViewer, case_number, refuse
from hub.clock import as_utc
from hub.context import Hub
from hub.contracts import Permission
from hub.org.models import OrgUnit, User


def log_extraction(
    hub: Hub,
    session: Session,
    principal: Principal,
    row: ViolationCase,
    action: LogAction,
    *,
    purpose: str,
    requester: str,
    camera_ids: Iterable[int],
    media_count: int = 0,
    request_id: int | None = None,
    device_identifier: str | None = None,
) -> None:
    """Write one extraction-log entry."""
    session.add(
        ExtractionLogEntry(
            at=hub.clock.now(),
            action=action.value,
            case_id=row.id,
            request_id=request_id,
            purpose=purpose,
            performer_id=principal.user_id,
            performer_unit_id=principal.unit_id,
            requester=requester[:400],
            camera_ids=json.dumps(sorted(set(camera_ids))),
            media_count=media_count,
            device_identifier=device_identifier,
        )
    )


def log_personal_data(
    hub: Hub,
    session: Session,
    principal: Principal,
    row: ViolationCase,
    action: LogAction,
    purpose: str,
    data_types: Iterable[DataType],
) -> None:
    """Write one personal-data processing log entry."""
    session.add(
        PersonalDataLogEntry(
            at=hub.clock.now(),
            action=action.value,
            case_id=row.id,
            purpose=purpose,
            data_types=",".join(sorted({d.value for d in data_types})),
            performer_id=principal.user_id,
            performer_unit_id=principal.unit_id,
        )
    )


def requester_of(session: Session, principal: Principal) -> str:
    """A person and their unit, as the extraction log names a requester."""
    user = session.get(User, principal.user_id)
    unit = session.get(OrgUnit, principal.unit_id)
    return f"{user.display_name if user else principal.username} ({unit.name if unit else ''})"


def _reader(hub: Hub, session: Session, principal: Principal, which: str) -> CaseViewer:
    if Permission.AUDIT_READ not in principal.permissions:
        raise refuse(principal, f"{which}_read", None, "no_log_right")
    hub.audit.append(session, principal.actor, f"case.{which}_read", object_type="case_log")
    return CaseViewer.of(hub, session, principal)


def _seen(viewer: CaseViewer, case_column: object) -> object | None:
    if viewer.everything:
        return None
    units = sorted(viewer.subtree())
    return or_(ViolationCase.unit_id.in_(units), ViolationCase.police_unit_id.in_(units))


def _people(session: Session, ids: set[int], model: type[User] | type[OrgUnit]) -> dict[int, str]:
    if not ids:
        return {}
    if model is User:
        rows = session.execute(select(User.id, User.display_name).where(User.id.in_(ids)))
    else:
        rows = session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(ids)))
    return {int(k): str(v) for k, v in rows}


def extraction_log(
    hub: Hub,
    session: Session,
    principal: Principal,
    case_id: int | None,
    limit: int,
    before_id: int | None,
) -> list[ExtractionLogOut]:
    """Extraction-log entries of the cases the caller's unit sees, newest first (the read
    is audited).

    Raises:
        HubError: 403 without ``audit.read`` (audited).
    """
    viewer = _reader(hub, session, principal, "extraction_log")
    stmt = (
        select(ExtractionLogEntry, ViolationCase)
        .join(ViolationCase, ViolationCase.id == ExtractionLogEntry.case_id)
        .order_by(ExtractionLogEntry.id.desc())
        .limit(limit)
    )
    seen = _seen(viewer, ViolationCase)
    if seen is not None:
        stmt = stmt.where(seen)  # type: ignore[arg-type]
    if case_id is not None:
        stmt = stmt.where(ExtractionLogEntry.case_id == case_id)
    if before_id is not None:
        stmt = stmt.where(ExtractionLogEntry.id < before_id)
    rows = list(session.execute(stmt))
    users = _people(session, {e.performer_id for e, _ in rows}, User)
    units = _people(session, {e.performer_unit_id for e, _ in rows}, OrgUnit)
    return [
        ExtractionLogOut(
            id=e.id,
            at=as_utc(e.at),
            action=LogAction(e.action),
            case_id=c.id,
            case_number=case_number(c),
            request_id=e.request_id,
            purpose=e.purpose,
            performer_id=e.performer_id,
            performer_name=users.get(e.performer_id, ""),
            performer_unit_name=units.get(e.performer_unit_id, ""),
            requester=e.requester,
            camera_ids=json.loads(e.camera_ids or "[]"),
            media_count=e.media_count,
            device_identifier=e.device_identifier,
        )
        for e, c in rows
    ]


def personal_data_log(
    hub: Hub,
    session: Session,
    principal: Principal,
    case_id: int | None,
    limit: int,
    before_id: int | None,
) -> list[PersonalDataLogOut]:
    """Personal-data processing log entries of the cases the caller's unit sees, newest
    first (the read is audited).

    Raises:
        HubError: 403 without ``audit.read`` (audited).
    """
    viewer = _reader(hub, session, principal, "personal_data_log")
    stmt = (
        select(PersonalDataLogEntry, ViolationCase)
        .join(ViolationCase, ViolationCase.id == PersonalDataLogEntry.case_id)
        .order_by(PersonalDataLogEntry.id.desc())
        .limit(limit)
    )
    seen = _seen(viewer, ViolationCase)
    if seen is not None:
        stmt = stmt.where(seen)  # type: ignore[arg-type]
    if case_id is not None:
        stmt = stmt.where(PersonalDataLogEntry.case_id == case_id)
    if before_id is not None:
        stmt = stmt.where(PersonalDataLogEntry.id < before_id)
    rows = list(session.execute(stmt))
    users = _people(session, {e.performer_id for e, _ in rows}, User)
    units = _people(session, {e.performer_unit_id for e, _ in rows}, OrgUnit)
    return [
        PersonalDataLogOut(
            id=e.id,
            at=as_utc(e.at),
            action=LogAction(e.action),
            case_id=c.id,
            case_number=case_number(c),
            purpose=e.purpose,
            data_types=[DataType(t) for t in e.data_types.split(",") if t],
            performer_id=e.performer_id,
            performer_name=users.get(e.performer_id, ""),
            performer_unit_name=units.get(e.performer_unit_id, ""),
        )
        for e, c in rows
    ]
