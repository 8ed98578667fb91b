# SPDX-License-Identifier: GPL-3.0-or-later
"""Who may touch what: scope by territory and domain, approvals, TN 6.2 reasons, emergency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.auth.principal import Principal
from hub.context import Hub
from hub.contracts import (
    AccessDecision,
    AccessReason,
    AccessRequest,
    Domain,
    Permission,
    ScopeOut,
    UnitKind,
)
from hub.errors import HubError, PendingAudit
from hub.org.models import OrgUnit, Territory
from hub.scope.models import AccessApproval, Emergency

# HCM 7, DB 7-8, TN 6: the IOC (Tier I) sees every camera; provincial police the province.
_EVERYTHING = {UnitKind.PROVINCE_IOC.value}


@dataclass(frozen=True)
class Scope:
    """Territories (a subtree) and domain a user works in."""

    unit_id: int
    territory_id: int
    territory_ids: frozenset[int]
    domain: str | None
    everything: bool
    central: bool
    emergency_id: int | None

    def covers(self, territory_id: int, domain: str | None) -> bool:
        """Whether an object at ``territory_id`` in ``domain`` is inside this scope."""
        if self.everything:
            return True
        if territory_id not in self.territory_ids:
            return False
        return self.domain is None or self.domain == domain

    def out(self) -> ScopeOut:
        """As a contract."""
        return ScopeOut(
            unit_id=self.unit_id,
            territory_id=self.territory_id,
            domain=Domain(self.domain) if self.domain else None,
            everything=self.everything,
            emergency_id=self.emergency_id,
        )


def territory_subtree(session: Session, root: int) -> frozenset[int]:
    """``root`` and every territory below it."""
    children: dict[int, list[int]] = {}
    for tid, parent in session.execute(select(Territory.id, Territory.parent_id)):
        if parent is not None:
            children.setdefault(parent, []).append(tid)
    out, todo = {root}, [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in out:
                out.add(child)
                todo.append(child)
    return frozenset(out)


def active_emergency(
    session: Session, now: datetime, raised_by: int | None = None
) -> Emergency | None:
    """The current emergency (of one leader, if given), if any."""
    stmt = select(Emergency).where(
        Emergency.ended_at.is_(None), Emergency.started_at <= now, Emergency.ends_at > now
    )
    if raised_by is not None:
        stmt = stmt.where(Emergency.raised_by == raised_by)
    return session.scalars(stmt.order_by(Emergency.id.desc()).limit(1)).first()


def scope_of(session: Session, principal: Principal, now: datetime) -> Scope:
    """The caller's scope: their unit's territory subtree and domain; more for the IOC."""
    unit = session.get(OrgUnit, principal.unit_id)
    assert unit is not None
    emergency = active_emergency(session, now, raised_by=principal.user_id)
    central = unit.kind in _EVERYTHING
    return Scope(
        unit_id=unit.id,
        territory_id=unit.territory_id,
        territory_ids=territory_subtree(session, unit.territory_id),
        domain=unit.domain,
        # HCM 7.1: during an emergency the IOC leader commands every centre.
        everything=central or emergency is not None,
        central=central,
        emergency_id=emergency.id if emergency else None,
    )


def covering_approval(
    session: Session, user_id: int, territory_id: int, domain: str | None, now: datetime
) -> AccessApproval | None:
    """An unexpired, unrevoked approval of ``user_id`` covering the object, if any."""
    stmt = select(AccessApproval).where(
        AccessApproval.grantee_id == user_id,
        AccessApproval.revoked_at.is_(None),
        AccessApproval.expires_at > now,
    )
    for approval in session.scalars(stmt):
        if approval.domain is not None and approval.domain != domain:
            continue
        if territory_id in territory_subtree(session, approval.territory_id):
            return approval
    return None


def require_permission(principal: Principal, permission: Permission) -> None:
    """Refuse (and audit) a caller without ``permission``.

    Raises:
        HubError: 403 ``forbidden``.
    """
    # TN 11.1: permissions come only from the roles that carry them, never by family.
    if permission not in principal.permissions:
        raise HubError(
            403,
            "forbidden",
            {"permission": permission.value},
            PendingAudit(
                principal.actor,
                "authz.denied",
                {"outcome": "denied", "reason": f"missing {permission.value}"},
            ),
        )


def require_in_scope(
    hub: Hub,
    session: Session,
    principal: Principal,
    territory_id: int,
    domain: str | None,
    *,
    approvals: bool = True,
) -> str:
    """Refuse (and audit) an object outside the caller's scope; return the basis.

    Raises:
        HubError: 403 ``scope.out_of_scope``.
    """
    now = hub.clock.now()
    scope = scope_of(session, principal, now)
    if scope.covers(territory_id, domain):
        return "emergency" if scope.emergency_id and not scope.central else "scope"
    if approvals:
        # HCM 10.3, DB 8.2, TN 9.1: out-of-scope access only with a written approval.
        approval = covering_approval(session, principal.user_id, territory_id, domain, now)
        if approval is not None:
            return f"approval:{approval.id}"
    raise HubError(
        403,
        "scope.out_of_scope",
        None,
        PendingAudit(
            principal.actor,
            "scope.denied",
            {
                "outcome": "denied",
                "object_type": "territory",
                "object_id": territory_id,
                "reason": "out_of_scope",
                "detail": {"domain": domain},
            },
        ),
    )


def check_access(
    hub: Hub, session: Session, principal: Principal, req: AccessRequest
) -> AccessDecision:
    """Decide (and audit) use of a permission on a scoped object.

    Raises:
        HubError: 403 ``forbidden``, ``scope.out_of_scope`` or ``scope.reason_required``.
    """
    require_permission(principal, req.permission)
    obj = req.object
    domain = obj.domain.value if obj.domain else None
    now = hub.clock.now()
    scope = scope_of(session, principal, now)
    basis = require_in_scope(hub, session, principal, obj.territory_id, domain)
    reason = req.reason.value if req.reason else None
    emergency = active_emergency(session, now)
    if scope.central and obj.dedicated and reason is None:
        if emergency is None:
            # TN 6.2: the central operator opens a dedicated system only for a stated reason.
            raise HubError(
                403,
                "scope.reason_required",
                {"reasons": [r.value for r in AccessReason]},
                PendingAudit(
                    principal.actor,
                    "scope.denied",
                    {
                        "outcome": "denied",
                        "object_type": obj.object_type,
                        "object_id": obj.object_id or None,
                        "reason": "tn_6_2_reason_required",
                    },
                ),
            )
        reason = "emergency_ordered_by_provincial_leaders"
    if basis == "scope" and scope.central:
        basis = "tier1"
    approval_id = int(basis.split(":")[1]) if basis.startswith("approval:") else None
    hub.audit.append(
        session,
        principal.actor,
        f"access.{req.permission.value}",
        object_type=obj.object_type,
        object_id=obj.object_id or None,
        reason=reason,
        detail={
            "basis": basis.split(":")[0],
            "territory_id": obj.territory_id,
            "domain": domain,
            "dedicated": obj.dedicated,
            "note": req.reason_note,
        },
    )
    return AccessDecision(
        allowed=True,
        basis=basis.split(":")[0],
        approval_id=approval_id,
        emergency_id=scope.emergency_id,
    )
