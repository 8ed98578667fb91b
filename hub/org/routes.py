# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP endpoints for territories, organisation units and accounts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlalchemy import select

from hub.auth.mfa import reset_mfa
from hub.contracts import (
    AccountReview,
    PasswordReset,
    RoleChangeOut,
    RoleChangeStatus,
    TerritoryCreate,
    TerritoryOut,
    UnitCreate,
    UnitOut,
    UnitUpdate,
    UserCreate,
    UserOut,
    UserUpdate,
)
from hub.deps import (
    AccountReviewer,
    CurrentUser,
    DbSession,
    HubDep,
    OrgManager,
    PathId,
    UserManager,
)
from hub.org import roles, service
from hub.org.models import OrgUnit, Territory, User
from hub.scope.service import require_in_scope, scope_of

router = APIRouter(prefix="/api", tags=["organisation"])


@router.get("/territories")
def list_territories(db: DbSession, _user: CurrentUser) -> list[TerritoryOut]:
    """Every territory (names are not sensitive)."""
    return [service.territory_out(t) for t in db.scalars(select(Territory).order_by(Territory.id))]


@router.post("/territories", status_code=201)
def create_territory(
    req: TerritoryCreate, hub: HubDep, db: DbSession, admin: OrgManager
) -> TerritoryOut:
    """Add a district or commune inside one's territory."""
    parent = req.parent_id if req.parent_id is not None else -1
    require_in_scope(hub, db, admin, parent, None, approvals=False)
    return service.territory_out(service.create_territory(hub, db, admin, req))


@router.get("/units")
def list_units(db: DbSession, _user: CurrentUser) -> list[UnitOut]:
    """The organisation tree, flat."""
    return [service.unit_out(u) for u in db.scalars(select(OrgUnit).order_by(OrgUnit.id))]


@router.get("/units/{unit_id}")
def get_unit(unit_id: PathId, db: DbSession, _user: CurrentUser) -> UnitOut:
    """One unit with its leader and IT focal point."""
    return service.unit_out(service.unit(db, unit_id))


@router.post("/units", status_code=201)
def create_unit(req: UnitCreate, hub: HubDep, db: DbSession, admin: OrgManager) -> UnitOut:
    """Add a unit inside one's scope."""
    service.territory(db, req.territory_id)
    domain = req.domain.value if req.domain else None
    require_in_scope(hub, db, admin, req.territory_id, domain, approvals=False)
    return service.unit_out(service.create_unit(hub, db, admin, req))


@router.patch("/units/{unit_id}")
def update_unit(
    unit_id: PathId, req: UnitUpdate, hub: HubDep, db: DbSession, admin: OrgManager
) -> UnitOut:
    """Change a unit's name, leader or IT focal point."""
    row = service.unit(db, unit_id)
    require_in_scope(hub, db, admin, row.territory_id, row.domain, approvals=False)
    return service.unit_out(service.update_unit(hub, db, admin, row, req))


def _managed_user(hub: HubDep, db: DbSession, admin: CurrentUser, user_id: int) -> User:
    row = service.user(db, user_id)
    unit = service.unit(db, row.unit_id)
    require_in_scope(hub, db, admin, unit.territory_id, unit.domain, approvals=False)
    return row


def _visible_users(hub: HubDep, db: DbSession, admin: CurrentUser) -> list[User]:
    scope = scope_of(db, admin, hub.clock.now())
    units = [u.id for u in db.scalars(select(OrgUnit)) if scope.covers(u.territory_id, u.domain)]
    return service.users_in_units(db, units)


@router.get("/users")
def list_users(hub: HubDep, db: DbSession, admin: UserManager) -> list[UserOut]:
    """Accounts of the units in one's scope."""
    return [service.user_out(u) for u in _visible_users(hub, db, admin)]


@router.post("/users", status_code=201)
def create_user(req: UserCreate, hub: HubDep, db: DbSession, admin: UserManager) -> UserOut:
    """Issue an account in a unit of one's scope."""
    unit = service.unit(db, req.unit_id)
    require_in_scope(hub, db, admin, unit.territory_id, unit.domain, approvals=False)
    return service.user_out(service.create_user(hub, db, admin, req))


@router.get("/users/review")
def review(hub: HubDep, db: DbSession, reviewer: AccountReviewer) -> AccountReview:
    """Accounts due for periodic review and accounts unused for long (TN 18.1)."""
    return service.review_list(hub, db, _visible_users(hub, db, reviewer))


@router.get("/users/{user_id}")
def get_user(user_id: PathId, hub: HubDep, db: DbSession, admin: UserManager) -> UserOut:
    """One account."""
    return service.user_out(_managed_user(hub, db, admin, user_id))


@router.patch(
    "/users/{user_id}",
    response_model=UserOut | RoleChangeOut,
    responses={202: {"model": RoleChangeOut, "description": "roles wait for a second admin"}},
)
def update_user(
    user_id: PathId,
    req: UserUpdate,
    hub: HubDep,
    db: DbSession,
    admin: UserManager,
    response: Response,
) -> UserOut | RoleChangeOut:
    """Rename an account, move it to another unit of one's scope or change its roles.

    Never one's own roles or unit. Roles of two privilege families (TN 11.1) are refused
    unless the regulation profile allows them; then the answer is 202 with the pending
    change, which another administrator confirms or rejects (``/api/role-changes``).
    """
    row = _managed_user(hub, db, admin, user_id)
    if req.unit_id is not None and req.unit_id != row.unit_id:
        target = service.unit(db, req.unit_id)
        require_in_scope(hub, db, admin, target.territory_id, target.domain, approvals=False)
    row, pending = service.update_user(hub, db, admin, row, req)
    if pending is not None:
        response.status_code = 202
        return roles.role_change_out(db, pending)
    return service.user_out(row)


@router.post("/users/{user_id}/disable")
def disable_user(user_id: PathId, hub: HubDep, db: DbSession, admin: UserManager) -> UserOut:
    """Disable an account now; its sessions end at once."""
    row = _managed_user(hub, db, admin, user_id)
    return service.user_out(service.set_disabled(hub, db, admin, row, True))


@router.post("/users/{user_id}/enable")
def enable_user(user_id: PathId, hub: HubDep, db: DbSession, admin: UserManager) -> UserOut:
    """Re-enable an account."""
    row = _managed_user(hub, db, admin, user_id)
    return service.user_out(service.set_disabled(hub, db, admin, row, False))


@router.post("/users/{user_id}/unlock")
def unlock_user(user_id: PathId, hub: HubDep, db: DbSession, admin: UserManager) -> UserOut:
    """Lift a lockout after too many failed logins."""
    row = _managed_user(hub, db, admin, user_id)
    return service.user_out(service.unlock(hub, db, admin, row))


@router.post("/users/{user_id}/password")
def reset_password(
    user_id: PathId, req: PasswordReset, hub: HubDep, db: DbSession, admin: UserManager
) -> UserOut:
    """Set a temporary password (to be changed at next login)."""
    row = _managed_user(hub, db, admin, user_id)
    return service.user_out(service.reset_password(hub, db, admin, row, req))


@router.post("/users/{user_id}/mfa/reset")
def reset_user_mfa(user_id: PathId, hub: HubDep, db: DbSession, admin: UserManager) -> UserOut:
    """Forget an account's authenticator (lost phone): it enrols again at next login and
    every session of it ends now."""
    row = _managed_user(hub, db, admin, user_id)
    return service.user_out(reset_mfa(hub, db, admin, row))


@router.post("/users/{user_id}/review")
def mark_reviewed(
    user_id: PathId, hub: HubDep, db: DbSession, reviewer: AccountReviewer
) -> UserOut:
    """Record that an account's entitlement was reviewed."""
    row = _managed_user(hub, db, reviewer, user_id)
    return service.user_out(service.mark_reviewed(hub, db, reviewer, row))


@router.get("/role-changes")
def list_role_changes(
    hub: HubDep,
    db: DbSession,
    admin: UserManager,
    status: Annotated[RoleChangeStatus | None, Query()] = None,
) -> list[RoleChangeOut]:
    """Role changes of accounts in one's scope, newest first (``status``: only those)."""
    ids = [u.id for u in _visible_users(hub, db, admin)]
    found = roles.changes_of(db, ids, status.value if status else None)
    return [roles.role_change_out(db, c) for c in found]


@router.get("/role-changes/{change_id}")
def get_role_change(
    change_id: PathId, hub: HubDep, db: DbSession, admin: UserManager
) -> RoleChangeOut:
    """One role change of an account in one's scope."""
    change = roles.get_change(db, change_id)
    _managed_user(hub, db, admin, change.user_id)
    return roles.role_change_out(db, change)


@router.post("/role-changes/{change_id}/confirm")
def confirm_role_change(
    change_id: PathId, hub: HubDep, db: DbSession, admin: UserManager
) -> RoleChangeOut:
    """Second administrator (never the requester, never the account itself): the roles
    apply now, if the account still holds the roles the change was asked against."""
    change = roles.get_change(db, change_id)
    _managed_user(hub, db, admin, change.user_id)
    return roles.role_change_out(db, roles.confirm(hub, db, admin, change))


@router.post("/role-changes/{change_id}/reject")
def reject_role_change(
    change_id: PathId, hub: HubDep, db: DbSession, admin: UserManager
) -> RoleChangeOut:
    """Second administrator (never the requester): the change is dropped."""
    change = roles.get_change(db, change_id)
    _managed_user(hub, db, admin, change.user_id)
    return roles.role_change_out(db, roles.reject(hub, db, admin, change))
