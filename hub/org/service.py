# SPDX-License-Identifier: GPL-3.0-or-later
"""Managing territories, organisation units and accounts, within the manager's scope."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.audit.service import Actor
from hub.auth import throttle
from hub.auth.passwords import check_password_policy
from hub.auth.principal import Principal
from hub.auth.sessions import revoke_user_sessions
from hub.context import Hub
from hub.contracts import (
    AccountReview,
    PasswordReset,
    Role,
    TerritoryCreate,
    TerritoryLevel,
    TerritoryOut,
    UnitCreate,
    UnitKind,
    UnitOut,
    UnitUpdate,
    UserCreate,
    UserOut,
    UserUpdate,
)
from hub.errors import HubError
from hub.events import disconnect_after_commit
from hub.org import roles as role_rules
from hub.org.models import OrgUnit, RoleChange, Territory, User, UserRole

SYSTEM = Actor(None, "system", None)


def user_out(user: User, password_change_required: bool | None = None) -> UserOut:
    """An account as a contract."""
    return UserOut(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        unit_id=user.unit_id,
        roles=[Role(r.role) for r in user.roles],
        disabled=user.disabled,
        locked=user.locked,
        mfa_enrolled=user.totp_enrolled,
        password_change_required=(
            user.password_change_required
            if password_change_required is None
            else password_change_required
        ),
        created_at=user.created_at,
        last_login_at=user.last_login_at,
        last_reviewed_at=user.last_reviewed_at,
    )


def unit_out(unit: OrgUnit) -> UnitOut:
    """A unit as a contract."""
    return UnitOut.model_validate(unit, from_attributes=True)


def territory_out(t: Territory) -> TerritoryOut:
    """A territory as a contract."""
    return TerritoryOut.model_validate(t, from_attributes=True)


Row = TypeVar("Row", Territory, OrgUnit, User)


def get_or_404(session: Session, model: type[Row], ident: int) -> Row:
    """Load a row by id or raise ``not_found``."""
    row = session.get(model, ident)
    if row is None:
        raise HubError(404, "not_found", {"object": model.__tablename__, "id": ident})
    return row


def unit(session: Session, ident: int) -> OrgUnit:
    """Load a unit or raise 404."""
    return get_or_404(session, OrgUnit, ident)


def user(session: Session, ident: int) -> User:
    """Load an account or raise 404."""
    return get_or_404(session, User, ident)


def territory(session: Session, ident: int) -> Territory:
    """Load a territory or raise 404."""
    return get_or_404(session, Territory, ident)


_CHILD_LEVEL = {
    TerritoryLevel.PROVINCE: TerritoryLevel.DISTRICT,
    TerritoryLevel.DISTRICT: TerritoryLevel.COMMUNE,
}


def create_territory(
    hub: Hub, session: Session, actor: Principal | None, req: TerritoryCreate
) -> Territory:
    """Add a territory below its parent (province → district → commune)."""
    if req.parent_id is None:
        if req.level != TerritoryLevel.PROVINCE:
            raise HubError(422, "territory.bad_level")
    elif _CHILD_LEVEL.get(TerritoryLevel(territory(session, req.parent_id).level)) != req.level:
        raise HubError(422, "territory.bad_level")
    row = Territory(name=req.name, level=req.level.value, parent_id=req.parent_id)
    session.add(row)
    session.flush()
    hub.audit.append(
        session,
        actor.actor if actor else SYSTEM,
        "territory.create",
        object_type="territory",
        object_id=row.id,
        detail=req.model_dump(mode="json"),
    )
    return row


def create_unit(hub: Hub, session: Session, actor: Principal | None, req: UnitCreate) -> OrgUnit:
    """Add an organisation unit with its leader and IT focal point (TN 22.1)."""
    territory(session, req.territory_id)
    if req.parent_id is not None:
        unit(session, req.parent_id)
    if req.kind in (UnitKind.SPECIALISED_CENTRE, UnitKind.DEPARTMENT) and req.domain is None:
        raise HubError(422, "unit.domain_required")
    row = OrgUnit(
        name=req.name,
        kind=req.kind.value,
        parent_id=req.parent_id,
        territory_id=req.territory_id,
        domain=req.domain.value if req.domain else None,
        leader=req.leader,
        it_focal_point=req.it_focal_point,
    )
    session.add(row)
    session.flush()
    hub.audit.append(
        session,
        actor.actor if actor else SYSTEM,
        "unit.create",
        object_type="unit",
        object_id=row.id,
        detail=req.model_dump(mode="json"),
    )
    return row


def update_unit(
    hub: Hub, session: Session, actor: Principal, row: OrgUnit, req: UnitUpdate
) -> OrgUnit:
    """Rename a unit or change its leader / IT focal point."""
    changes = req.model_dump(exclude_none=True)
    for key, value in changes.items():
        setattr(row, key, value)
    hub.audit.append(
        session, actor.actor, "unit.update", object_type="unit", object_id=row.id, detail=changes
    )
    return row


def create_user(hub: Hub, session: Session, actor: Principal | None, req: UserCreate) -> User:
    """Issue an account; it must change its password and enrol MFA at first login.

    Raises:
        HubError: 409 ``user.exists`` or a ``password.*`` policy error.
    """
    unit(session, req.unit_id)
    check_password_policy(req.password, req.username, hub.settings.password_min_length)
    if session.scalars(select(User.id).where(User.username == req.username)).first():
        raise HubError(409, "user.exists")
    wanted = sorted({r.value for r in req.roles})
    # An administrator giving a new account roles of two families (TN 11.1): refused, or
    # (where the profile allows) the account starts without roles and the roles wait for
    # a second administrator. The hub's own seeding (actor None) is not a person.
    pending = actor is not None and role_rules.needs_second_admin([], wanted)
    if pending:
        assert actor is not None
        role_rules.check_families_allowed(hub, actor, None, [], wanted)
    now = hub.clock.now()
    row = User(
        username=req.username,
        display_name=req.display_name,
        unit_id=req.unit_id,
        password_hash=hub.passwords.hash(req.password),
        password_changed_at=now,
        password_change_required=actor is not None,
        totp_enrolled=False,
        disabled=False,
        failed_logins=0,
        locked=False,
        created_at=now,
        last_reviewed_at=now,
        roles=[] if pending else [UserRole(role=r) for r in wanted],
    )
    session.add(row)
    session.flush()
    hub.audit.append(
        session,
        actor.actor if actor else SYSTEM,
        "user.create",
        object_type="user",
        object_id=row.id,
        detail={
            "username": req.username,
            "unit_id": req.unit_id,
            "roles": [] if pending else wanted,
        },
    )
    if pending:
        assert actor is not None
        role_rules.request_change(hub, session, actor, row, [], wanted)
    return row


def update_user(
    hub: Hub, session: Session, actor: Principal, row: User, req: UserUpdate
) -> tuple[User, RoleChange | None]:
    """Rename an account, move it to another unit or replace its roles (audited as a
    permission change with before and after).

    The caller has checked that the new unit is in their scope. Returns the account and,
    when the roles need a second administrator, the pending change (the roles are not
    changed yet).

    Raises:
        HubError: 403 ``user.cannot_change_own_roles`` / ``user.cannot_change_own_unit``,
        409 ``user.role_families_separated`` (all audited).
    """
    before = sorted(r.role for r in row.roles)
    after = sorted({r.value for r in req.roles}) if req.roles is not None else before
    moves = req.unit_id is not None and req.unit_id != row.unit_id
    if row.id == actor.user_id and after != before:
        raise role_rules.refusal(
            actor,
            403,
            "user.cannot_change_own_roles",
            "user.roles_change",
            row.id,
            "own_account",
            {"before": before, "after": after},
        )
    if row.id == actor.user_id and moves:
        raise role_rules.refusal(
            actor,
            403,
            "user.cannot_change_own_unit",
            "user.unit_change",
            row.id,
            "own_account",
            {"before": row.unit_id, "after": req.unit_id},
        )
    pending: RoleChange | None = None
    if after != before and role_rules.needs_second_admin(before, after):
        role_rules.check_families_allowed(hub, actor, row.id, before, after)
        pending = role_rules.request_change(hub, session, actor, row, before, after)
    elif after != before:
        role_rules.apply_roles(hub, session, actor, row, before, after)
    if req.display_name is not None:
        row.display_name = req.display_name
        hub.audit.append(
            session,
            actor.actor,
            "user.update",
            object_type="user",
            object_id=row.id,
            detail={"display_name": req.display_name},
        )
    if moves:
        assert req.unit_id is not None
        unit(session, req.unit_id)
        hub.audit.append(
            session,
            actor.actor,
            "user.unit_changed",
            object_type="user",
            object_id=row.id,
            detail={"before": row.unit_id, "after": req.unit_id},
        )
        row.unit_id = req.unit_id
        # The open event streams were set up for the old unit's scope: they reconnect.
        user_id = row.id
        disconnect_after_commit(session, hub.events, lambda s: s.user_id == user_id)
    session.flush()
    return row, pending


def set_disabled(hub: Hub, session: Session, actor: Principal, row: User, disabled: bool) -> User:
    """Disable (effective immediately: sessions revoked) or re-enable an account."""
    if row.id == actor.user_id and disabled:
        raise HubError(409, "user.cannot_disable_self")
    row.disabled = disabled
    if disabled:
        revoke_user_sessions(session, hub, row.id, "account_disabled")
    hub.audit.append(
        session,
        actor.actor,
        "user.disable" if disabled else "user.enable",
        object_type="user",
        object_id=row.id,
    )
    return row


def unlock(hub: Hub, session: Session, actor: Principal, row: User) -> User:
    """Lift a lockout and forget the account's recent failures."""
    row.locked = False
    row.failed_logins = 0
    throttle.clear(session, f"user:{row.username}")
    hub.audit.append(session, actor.actor, "user.unlock", object_type="user", object_id=row.id)
    return row


def reset_password(
    hub: Hub, session: Session, actor: Principal, row: User, req: PasswordReset
) -> User:
    """Set a temporary password; the user must change it at next login."""
    check_password_policy(req.new_password, row.username, hub.settings.password_min_length)
    now = hub.clock.now()
    row.password_hash = hub.passwords.hash(req.new_password)
    row.password_changed_at = now
    row.password_change_required = True
    revoke_user_sessions(session, hub, row.id, "password_reset")
    hub.audit.append(
        session, actor.actor, "user.password_reset", object_type="user", object_id=row.id
    )
    return row


def mark_reviewed(hub: Hub, session: Session, actor: Principal, row: User) -> User:
    """Record that the account's entitlement was reviewed today (TN 18.1)."""
    row.last_reviewed_at = hub.clock.now()
    hub.audit.append(session, actor.actor, "user.reviewed", object_type="user", object_id=row.id)
    return row


def review_list(hub: Hub, session: Session, visible: list[User]) -> AccountReview:
    """Accounts due for review and accounts not used for a long time."""
    now = hub.clock.now()
    due_before = now - timedelta(days=hub.account_review_days)
    unused_before = now - timedelta(days=hub.settings.unused_after_days)

    def older(value: datetime | None, limit: datetime) -> bool:
        return value is None or value < limit

    active = [u for u in visible if not u.disabled]
    return AccountReview(
        due_for_review=[user_out(u) for u in active if older(u.last_reviewed_at, due_before)],
        unused=[
            user_out(u)
            for u in active
            if older(u.last_login_at, unused_before) and u.created_at < unused_before
        ],
    )


def users_in_units(session: Session, unit_ids: list[int] | None) -> list[User]:
    """Accounts of the given units (all units when ``None``)."""
    stmt = select(User).order_by(User.id)
    if unit_ids is not None:
        stmt = stmt.where(User.unit_id.in_(unit_ids))
    return list(session.scalars(stmt))
