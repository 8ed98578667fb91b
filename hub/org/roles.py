# SPDX-License-Identifier: GPL-3.0-or-later
"""Role changes under TN 11.1: separated privilege families, four-eyes, no self-service.

- Nobody changes their own roles or unit.
- A change that gives one person roles of two privilege families is refused unless the
  regulation profile allows such accounts (``role_families_combinable``); then it is
  stored as pending and applies only when another administrator — never the requester,
  never the account itself — confirms it.
- Every change, request, decision and refusal is audited with the roles before and after.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.auth.principal import Principal
from hub.context import Hub
from hub.contracts import ROLE_FAMILY, Role, RoleChangeOut, RoleChangeStatus
from hub.errors import HubError, PendingAudit
from hub.org.models import RoleChange, User, UserRole


def families(roles: Iterable[str]) -> list[str]:
    """The privilege families (TN 11.1) the roles lie in, sorted."""
    return sorted({ROLE_FAMILY[Role(r)].value for r in roles})


def join_roles(roles: Iterable[str]) -> str:
    """Roles as stored in ``role_changes`` (sorted, comma-separated)."""
    return ",".join(sorted(set(roles)))


def split_roles(text: str) -> list[str]:
    """The roles of a ``role_changes`` column."""
    return [r for r in text.split(",") if r]


def refusal(
    actor: Principal,
    status: int,
    code: str,
    action: str,
    user_id: int | None,
    reason: str,
    detail: dict[str, Any] | None = None,
) -> HubError:
    """A refusal of an account change that is audited after the rollback."""
    fields: dict[str, Any] = {
        "outcome": "denied",
        "object_type": "user",
        "object_id": user_id,
        "reason": reason,
    }
    if detail:
        fields["detail"] = detail
    return HubError(status, code, detail, PendingAudit(actor.actor, action, fields))


def needs_second_admin(before: Iterable[str], after: Iterable[str]) -> bool:
    """Whether a change gives one person roles of two families (TN 11.1)."""
    added = set(after) - set(before)
    return bool(added) and len(families(after)) > 1


def check_families_allowed(
    hub: Hub, actor: Principal, user_id: int | None, before: list[str], after: list[str]
) -> None:
    """Refuse roles of two families unless the profile allows them.

    Raises:
        HubError: 409 ``user.role_families_separated`` (audited).
    """
    if not hub.profile.role_families_combinable:
        raise refusal(
            actor,
            409,
            "user.role_families_separated",
            "user.roles_change",
            user_id,
            "families_separated",
            {"before": before, "after": after, "families": families(after)},
        )


def apply_roles(
    hub: Hub,
    session: Session,
    actor: Principal,
    row: User,
    before: list[str],
    after: list[str],
    **extra: Any,
) -> None:
    """Give ``row`` exactly the roles ``after`` and audit the change with before and after."""
    # Keep unchanged grants as they are: re-inserting them would clash on
    # (user_id, role) before the orphans are deleted.
    kept = [r for r in row.roles if r.role in after]
    row.roles = kept + [UserRole(role=r) for r in after if r not in before]
    hub.audit.append(
        session,
        actor.actor,
        "user.roles_changed",
        object_type="user",
        object_id=row.id,
        detail={"before": before, "after": after, **extra},
    )
    supersede_pending(hub, session, actor, row.id)


def supersede_pending(hub: Hub, session: Session, actor: Principal, user_id: int) -> None:
    """Pending changes of ``user_id`` were asked for other roles: they lapse (audited)."""
    now = hub.clock.now()
    for change in session.scalars(
        select(RoleChange).where(
            RoleChange.user_id == user_id, RoleChange.status == RoleChangeStatus.PENDING.value
        )
    ):
        change.status = RoleChangeStatus.SUPERSEDED.value
        change.decided_by, change.decided_at = actor.user_id, now
        hub.audit.append(
            session,
            actor.actor,
            "user.role_change_superseded",
            object_type="role_change",
            object_id=change.id,
            detail={"user_id": user_id},
        )


def request_change(
    hub: Hub, session: Session, actor: Principal, row: User, before: list[str], after: list[str]
) -> RoleChange:
    """Store a change that needs a second administrator; earlier pending ones lapse."""
    supersede_pending(hub, session, actor, row.id)
    change = RoleChange(
        user_id=row.id,
        roles_before=join_roles(before),
        roles_after=join_roles(after),
        requested_by=actor.user_id,
        requested_at=hub.clock.now(),
        status=RoleChangeStatus.PENDING.value,
    )
    session.add(change)
    session.flush()
    hub.audit.append(
        session,
        actor.actor,
        "user.role_change_requested",
        object_type="user",
        object_id=row.id,
        detail={
            "role_change_id": change.id,
            "before": before,
            "after": after,
            "families": families(after),
        },
    )
    return change


def _check_decider(actor: Principal, change: RoleChange, action: str) -> None:
    if change.status != RoleChangeStatus.PENDING.value:
        raise refusal(
            actor,
            409,
            "role_change.not_pending",
            action,
            change.user_id,
            f"status {change.status}",
            {"role_change_id": change.id, "status": change.status},
        )
    if change.requested_by == actor.user_id:
        raise refusal(
            actor,
            403,
            "role_change.own_request",
            action,
            change.user_id,
            "requester_cannot_decide",
            {"role_change_id": change.id},
        )
    if change.user_id == actor.user_id:
        raise refusal(
            actor,
            403,
            "user.cannot_change_own_roles",
            action,
            change.user_id,
            "own_account",
            {"role_change_id": change.id},
        )


def confirm(hub: Hub, session: Session, actor: Principal, change: RoleChange) -> RoleChange:
    """A second administrator confirms a pending change: the roles apply now.

    Raises:
        HubError: 409 ``role_change.not_pending`` / ``role_change.stale`` /
        ``user.role_families_separated``, 403 ``role_change.own_request`` /
        ``user.cannot_change_own_roles`` (all audited).
    """
    action = "user.role_change_confirm"
    _check_decider(actor, change, action)
    before, after = split_roles(change.roles_before), split_roles(change.roles_after)
    row = session.get(User, change.user_id)
    assert row is not None
    current = sorted(r.role for r in row.roles)
    if current != before:
        raise refusal(
            actor,
            409,
            "role_change.stale",
            action,
            row.id,
            "roles_changed_since_request",
            {"role_change_id": change.id, "current": current, "before": before},
        )
    if needs_second_admin(before, after):
        check_families_allowed(hub, actor, row.id, before, after)
    change.status = RoleChangeStatus.CONFIRMED.value
    change.decided_by, change.decided_at = actor.user_id, hub.clock.now()
    apply_roles(
        hub,
        session,
        actor,
        row,
        before,
        after,
        role_change_id=change.id,
        requested_by=change.requested_by,
        confirmed_by=actor.user_id,
    )
    session.flush()
    return change


def reject(hub: Hub, session: Session, actor: Principal, change: RoleChange) -> RoleChange:
    """A second administrator rejects a pending change; nothing changes on the account.

    Raises:
        HubError: 409 ``role_change.not_pending``, 403 ``role_change.own_request`` /
        ``user.cannot_change_own_roles`` (all audited).
    """
    action = "user.role_change_reject"
    _check_decider(actor, change, action)
    change.status = RoleChangeStatus.REJECTED.value
    change.decided_by, change.decided_at = actor.user_id, hub.clock.now()
    hub.audit.append(
        session,
        actor.actor,
        "user.role_change_rejected",
        object_type="user",
        object_id=change.user_id,
        detail={
            "role_change_id": change.id,
            "before": split_roles(change.roles_before),
            "after": split_roles(change.roles_after),
            "requested_by": change.requested_by,
        },
    )
    return change


def role_change_out(session: Session, change: RoleChange) -> RoleChangeOut:
    """A role change as a contract."""
    row = session.get(User, change.user_id)
    return RoleChangeOut(
        id=change.id,
        user_id=change.user_id,
        username=row.username if row else "",
        roles_before=[Role(r) for r in split_roles(change.roles_before)],
        roles_after=[Role(r) for r in split_roles(change.roles_after)],
        requested_by=change.requested_by,
        requested_at=change.requested_at,
        status=RoleChangeStatus(change.status),
        decided_by=change.decided_by,
        decided_at=change.decided_at,
    )


def get_change(session: Session, ident: int) -> RoleChange:
    """Load a role change or raise 404."""
    row = session.get(RoleChange, ident)
    if row is None:
        raise HubError(404, "not_found", {"object": "role_changes", "id": ident})
    return row


def changes_of(session: Session, user_ids: list[int], status: str | None) -> list[RoleChange]:
    """Role changes of the given accounts, newest first, optionally of one status."""
    stmt = select(RoleChange).where(RoleChange.user_id.in_(user_ids))
    if status is not None:
        stmt = stmt.where(RoleChange.status == status)
    return list(session.scalars(stmt.order_by(RoleChange.id.desc())))
