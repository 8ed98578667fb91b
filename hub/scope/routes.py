# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP endpoints for scope checks, written approvals and emergency command."""

from __future__ import annotations

from fastapi import APIRouter

from hub.contracts import (
    AccessDecision,
    AccessRequest,
    ApprovalCreate,
    ApprovalOut,
    EmergencyCreate,
    EmergencyOut,
    ScopeOut,
)
from hub.deps import ApprovalRecorder, Commander, CurrentUser, DbSession, HubDep, PathId
from hub.scope import approvals
from hub.scope.service import check_access, scope_of

router = APIRouter(prefix="/api", tags=["scope"])


@router.get("/scope/me")
def my_scope(hub: HubDep, db: DbSession, user: CurrentUser) -> ScopeOut:
    """The caller's territory, domain and whether they see everything."""
    return scope_of(db, user, hub.clock.now()).out()


@router.post("/scope/access")
def request_access(
    req: AccessRequest, hub: HubDep, db: DbSession, user: CurrentUser
) -> AccessDecision:
    """Use a permission on a scoped object: allowed (and audited) or 403."""
    return check_access(hub, db, user, req)


@router.get("/approvals")
def list_approvals(hub: HubDep, db: DbSession, user: ApprovalRecorder) -> list[ApprovalOut]:
    """Approvals over territories the caller oversees."""
    return [approvals.approval_out(a) for a in approvals.approvals_visible(hub, db, user)]


@router.post("/approvals", status_code=201)
def record_approval(
    req: ApprovalCreate, hub: HubDep, db: DbSession, user: ApprovalRecorder
) -> ApprovalOut:
    """Record a written approval for out-of-scope access."""
    return approvals.approval_out(approvals.record_approval(hub, db, user, req))


@router.post("/approvals/{approval_id}/revoke")
def revoke_approval(
    approval_id: PathId, hub: HubDep, db: DbSession, user: ApprovalRecorder
) -> ApprovalOut:
    """Withdraw an approval before it expires."""
    return approvals.approval_out(approvals.revoke_approval(hub, db, user, approval_id))


@router.get("/emergencies")
def list_emergencies(hub: HubDep, db: DbSession, _user: CurrentUser) -> list[EmergencyOut]:
    """Emergency command periods in force."""
    return [approvals.emergency_out(e) for e in approvals.emergencies_active(hub, db)]


@router.post("/emergencies", status_code=201)
def raise_emergency(
    req: EmergencyCreate, hub: HubDep, db: DbSession, leader: Commander
) -> EmergencyOut:
    """An IOC leader takes command of every centre (HCM 7.1)."""
    return approvals.emergency_out(approvals.raise_emergency(hub, db, leader, req))


@router.post("/emergencies/{emergency_id}/end")
def end_emergency(
    emergency_id: PathId, hub: HubDep, db: DbSession, leader: Commander
) -> EmergencyOut:
    """End one's emergency command."""
    return approvals.emergency_out(approvals.end_emergency(hub, db, leader, emergency_id))
