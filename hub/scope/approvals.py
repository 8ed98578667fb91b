# SPDX-License-Identifier: GPL-3.0-or-later
"""Recording written approvals for out-of-scope access, and emergency command periods."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.auth.principal import Principal
from hub.context import Hub
from hub.contracts import (
    ApprovalCreate,
    ApprovalOut,
    Domain,
    EmergencyCreate,
    EmergencyOut,
    UnitKind,
)
from hub.errors import HubError
from hub.org import service as org
from hub.scope.models import AccessApproval, Emergency
from hub.scope.service import active_emergency, require_in_scope, scope_of


def approval_out(row: AccessApproval) -> ApprovalOut:
    """An approval as a contract."""
    return ApprovalOut(
        id=row.id,
        grantee_id=row.grantee_id,
        territory_id=row.territory_id,
        domain=Domain(row.domain) if row.domain else None,
        document_number=row.document_number,
        document_date=row.document_date,
        approver=row.approver,
        purpose=row.purpose,
        expires_at=row.expires_at,
        recorded_by=row.recorded_by,
        revoked=row.revoked_at is not None,
    )


def record_approval(
    hub: Hub, session: Session, principal: Principal, req: ApprovalCreate
) -> AccessApproval:
    """Record a written approval (number, date, approver, purpose, expiry).

    The recorder must oversee the approved territory: an approval never extends
    the power to approve.

    Raises:
        HubError: 403 ``scope.out_of_scope``, 404, 422 ``approval.expired``.
    """
    # HCM 10.3, DB 8.2, TN 9.1: out-of-scope access needs a recorded written approval.
    org.user(session, req.grantee_id)
    org.territory(session, req.territory_id)
    domain = req.domain.value if req.domain else None
    require_in_scope(hub, session, principal, req.territory_id, domain, approvals=False)
    now = hub.clock.now()
    if req.expires_at <= now:
        raise HubError(422, "approval.expired")
    row = AccessApproval(
        grantee_id=req.grantee_id,
        territory_id=req.territory_id,
        domain=domain,
        document_number=req.document_number,
        document_date=req.document_date,
        approver=req.approver,
        purpose=req.purpose,
        expires_at=req.expires_at,
        recorded_by=principal.user_id,
        recorded_at=now,
    )
    session.add(row)
    session.flush()
    hub.audit.append(
        session,
        principal.actor,
        "approval.record",
        object_type="approval",
        object_id=row.id,
        reason=req.purpose,
        detail=req.model_dump(mode="json"),
    )
    return row


def approvals_visible(hub: Hub, session: Session, principal: Principal) -> list[AccessApproval]:
    """Approvals over territories the caller oversees."""
    scope = scope_of(session, principal, hub.clock.now())
    rows = session.scalars(select(AccessApproval).order_by(AccessApproval.id))
    return [r for r in rows if scope.covers(r.territory_id, r.domain)]


def revoke_approval(
    hub: Hub, session: Session, principal: Principal, approval_id: int
) -> AccessApproval:
    """Withdraw an approval before its expiry."""
    row = session.get(AccessApproval, approval_id)
    if row is None:
        raise HubError(404, "not_found", {"object": "approval", "id": approval_id})
    require_in_scope(hub, session, principal, row.territory_id, row.domain, approvals=False)
    if row.revoked_at is None:
        row.revoked_at = hub.clock.now()
        hub.audit.append(
            session, principal.actor, "approval.revoke", object_type="approval", object_id=row.id
        )
    return row


def emergency_out(row: Emergency) -> EmergencyOut:
    """An emergency as a contract."""
    return EmergencyOut.model_validate(row, from_attributes=True)


def raise_emergency(
    hub: Hub, session: Session, principal: Principal, req: EmergencyCreate
) -> Emergency:
    """HCM 7.1: an IOC leader takes command of every centre for ``duration_minutes``.

    Raises:
        HubError: 403 ``emergency.not_ioc``, 409 ``emergency.active``.
    """
    if org.unit(session, principal.unit_id).kind != UnitKind.PROVINCE_IOC.value:
        raise HubError(403, "emergency.not_ioc")
    now = hub.clock.now()
    if active_emergency(session, now, raised_by=principal.user_id) is not None:
        raise HubError(409, "emergency.active")
    row = Emergency(
        raised_by=principal.user_id,
        reason=req.reason,
        started_at=now,
        ends_at=now + timedelta(minutes=req.duration_minutes),
    )
    session.add(row)
    session.flush()
    hub.audit.append(
        session,
        principal.actor,
        "emergency.raise",
        object_type="emergency",
        object_id=row.id,
        reason=req.reason,
        detail={"duration_minutes": req.duration_minutes},
    )
    return row


def end_emergency(hub: Hub, session: Session, principal: Principal, emergency_id: int) -> Emergency:
    """End one's own emergency command early."""
    row = session.get(Emergency, emergency_id)
    if row is None or row.raised_by != principal.user_id:
        raise HubError(404, "not_found", {"object": "emergency", "id": emergency_id})
    if row.ended_at is None:
        row.ended_at = hub.clock.now()
        hub.audit.append(
            session, principal.actor, "emergency.end", object_type="emergency", object_id=row.id
        )
    return row


def emergencies_active(hub: Hub, session: Session) -> list[Emergency]:
    """Emergencies in force now."""
    now = hub.clock.now()
    stmt = select(Emergency).where(Emergency.ended_at.is_(None), Emergency.ends_at > now)
    return list(session.scalars(stmt.order_by(Emergency.id)))
