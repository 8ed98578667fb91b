# SPDX-License-Identifier: GPL-3.0-or-later
"""The incident rules: read by those who work incidents, changed by supervisors."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.auth.principal import Principal
from hub.context import Hub
from hub.errors import HubError
from hub.incidents.contracts import IncidentCategory, IncidentRuleOut, IncidentRuleUpdate, Priority
from hub.incidents.models import IncidentRule


def rule_out(row: IncidentRule) -> IncidentRuleOut:
    """As a contract."""
    return IncidentRuleOut(
        id=row.id,
        key=row.key,
        category=IncidentCategory(row.category),
        priority=Priority(row.priority),
        enabled=row.enabled,
        fold_window_seconds=row.fold_window_seconds,
        escalate_after_minutes=row.escalate_after_minutes,
        updated_at=row.updated_at,
    )


def list_rules(session: Session) -> list[IncidentRuleOut]:
    """Every rule, by key."""
    return [rule_out(r) for r in session.scalars(select(IncidentRule).order_by(IncidentRule.key))]


def update_rule(
    hub: Hub, session: Session, principal: Principal, rule_id: int, req: IncidentRuleUpdate
) -> IncidentRuleOut:
    """Change a rule (audited ``incident.rule_update`` with before and after); it applies
    to events from now on.

    Raises:
        HubError: 404 ``incident.rule_not_found``.
    """
    row = session.get(IncidentRule, rule_id, with_for_update=True)
    if row is None:
        raise HubError(404, "incident.rule_not_found")
    before = rule_out(row).model_dump(mode="json", exclude={"updated_at"})
    if req.category is not None:
        row.category = req.category.value
    if req.priority is not None:
        row.priority = req.priority.value
    if req.enabled is not None:
        row.enabled = req.enabled
    if req.fold_window_seconds is not None:
        row.fold_window_seconds = req.fold_window_seconds
    if req.escalate_after_minutes is not None:
        row.escalate_after_minutes = req.escalate_after_minutes
    if req.clear_escalation:
        row.escalate_after_minutes = None
    row.updated_at = hub.clock.now()
    row.updated_by = principal.user_id
    session.flush()
    after = rule_out(row)
    hub.audit.append(
        session,
        principal.actor,
        "incident.rule_update",
        object_type="incident_rule",
        object_id=row.id,
        detail={
            "key": row.key,
            "before": before,
            "after": after.model_dump(mode="json", exclude={"updated_at"}),
        },
    )
    return after
