# SPDX-License-Identifier: GPL-3.0-or-later
"""The incident queue: who sees an incident, what they may do, the life cycle, the
deadlines of the active profile, opening and folding, and the push.

Life cycle (REQUIREMENTS §5): new → acknowledged → assigned → in_progress → resolved →
closed; a resolved or closed incident may be reopened (back to acknowledged); an open one
may be escalated to a higher unit. Every step is a row of ``incident_steps`` and an audit
record; every refusal is audited. ``version`` grows with every step a person takes: a
step sent with an older version is refused (409 ``incident.stale``). Events folding into
an incident change its count, not its version (a busy source must not make every
acknowledgement stale).

Who sees an incident: those whose scope covers its camera's place; for an incident
without a camera (a report), the members of its unit and of the units above it; the
unit it was escalated to (and above); the person who reported it. Anyone else gets 404.
Who works it: ``incident.handle`` (any category) or ``fault.handle`` (faults: the
technical family repairs cameras); closing, reopening, assigning to someone else take
``incident.supervise``. A critical incident must be acknowledged before anything else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from hub.audit.service import Actor
from hub.auth.principal import Principal
from hub.catalog.models import Camera
from hub.catalog.service import SYSTEM
from hub.clock import as_utc
from hub.context import Hub
from hub.contracts import Permission
from hub.errors import HubError, PendingAudit
from hub.events import Audience, publish_after_commit
from hub.incidents.contracts import (
    IncidentAction,
    IncidentCategory,
    IncidentOut,
    IncidentStatus,
    Priority,
    ProcedureStep,
)
from hub.incidents.models import Incident, IncidentRule, IncidentStep, ProcedureCheck
from hub.incidents.procedures import steps_of
from hub.org.models import OrgUnit, Territory, User
from hub.profiles.model import Deadline, DeadlineUnit, ProfileCode, RecomputedDeadline
from hub.profiles.store import stored_days
from hub.profiles.working_days import due_at
from hub.scope.service import Scope, scope_of

TOPIC_OPENED = "incident.opened"
TOPIC_UPDATED = "incident.updated"

S = IncidentStatus
A = IncidentAction
ACTIVE = (S.NEW.value, S.ACKNOWLEDGED.value, S.ASSIGNED.value, S.IN_PROGRESS.value)
DONE = (S.RESOLVED.value, S.CLOSED.value)

# Where each profile sets its fault repair deadline (None: per the incident procedure).
FAULT_ARTICLE = {
    ProfileCode.HCM: "HCM 16.2",
    ProfileCode.DB: "DB 11.2",
    ProfileCode.DH: "DH 8",
    ProfileCode.YB: "YB 8",
    ProfileCode.TN: "TN 15.1",
}
NOTICE_ARTICLE = "TN 11.5"
_UNIT_VI = {
    DeadlineUnit.WORKING_DAYS: "ngày làm việc",
    DeadlineUnit.DAYS: "ngày",
    DeadlineUnit.HOURS: "giờ",
    DeadlineUnit.WORKING_HOURS: "giờ làm việc",
    DeadlineUnit.MONTHS: "tháng",
}
# A person's report: its priority unless they say otherwise (abuse: HCM 10.4, TN 9.4 —
# reported at once, so critical with a forced acknowledgement).
REPORT_PRIORITY = {
    IncidentCategory.FAULT: Priority.MEDIUM,
    IncidentCategory.SECURITY_INCIDENT: Priority.HIGH,
    IncidentCategory.DATA_LEAK: Priority.HIGH,
    IncidentCategory.ABUSE: Priority.CRITICAL,
}


# --- units ------------------------------------------------------------------------------


def unit_parents(session: Session) -> dict[int, int | None]:
    return {uid: parent for uid, parent in session.execute(select(OrgUnit.id, OrgUnit.parent_id))}


def unit_chain(parents: dict[int, int | None], unit_id: int | None) -> list[int]:
    """``unit_id`` and the units above it, nearest first."""
    out: list[int] = []
    current = unit_id if unit_id in parents else None
    while current is not None and current not in out:
        out.append(current)
        current = parents.get(current)
    return out


# --- deadlines --------------------------------------------------------------------------


def _amount(rule: Deadline) -> str:
    return f"{rule.amount} {_UNIT_VI[rule.unit]}"


def deadlines_for(
    hub: Hub, session: Session, category: str, start: datetime
) -> tuple[datetime | None, str | None, datetime | None]:
    """(due_at, due_basis, notice_due_at) of an incident opened at ``start`` under the
    active profile, counted by the hub's one deadline function with its recorded days."""
    profile = hub.profile
    due: datetime | None = None
    basis: str | None = None
    notice: datetime | None = None
    days = None
    if category == IncidentCategory.FAULT.value:
        article = FAULT_ARTICLE[profile.code]
        rule = profile.fault_fix
        if rule is None:
            basis = f"{article}: theo quy trình xử lý sự cố, không có thời hạn cố định"
        else:
            days = stored_days(session)
            due = due_at(profile, start, rule.amount, rule.unit, days)
            basis = f"{article}: {_amount(rule)}"
    elif category in (IncidentCategory.SECURITY_INCIDENT.value, IncidentCategory.DATA_LEAK.value):
        rule = profile.breach_notification
        if rule is not None:
            days = stored_days(session)
            notice = due_at(profile, start, rule.amount, rule.unit, days)
            basis = f"{NOTICE_ARTICLE}: thông báo bằng văn bản trong {_amount(rule)}"
    return due, basis, notice


def recompute_open_incident_deadlines(hub: Hub, session: Session) -> list[RecomputedDeadline]:
    """Count the deadlines of every incident not yet resolved again from its opening
    (after a calendar change); the ones that moved."""
    moved: list[RecomputedDeadline] = []
    hub.audit.lock_chain(session)  # before the incident rows, like every incident writer
    stmt = (
        select(Incident)
        .where(Incident.status.in_(ACTIVE))
        .where((Incident.due_at.is_not(None)) | (Incident.notice_due_at.is_not(None)))
        .order_by(Incident.id)
        .with_for_update()
    )
    for row in session.scalars(stmt):
        due, basis, notice = deadlines_for(hub, session, row.category, as_utc(row.opened_at))
        for kind, before, after in (
            ("incident", row.due_at, due),
            ("incident_notice", row.notice_due_at, notice),
        ):
            if before is not None and after is not None and as_utc(before) != after:
                moved.append(
                    RecomputedDeadline(kind=kind, id=row.id, before=as_utc(before), after=after)
                )
        row.due_at, row.due_basis, row.notice_due_at = due, basis, notice
    session.flush()
    return moved


# --- who sees, who works ------------------------------------------------------------------


@dataclass
class Viewer:
    """The caller as the incident queue sees them (scope, units below, rights)."""

    principal: Principal
    scope: Scope
    parents: dict[int, int | None]

    @classmethod
    def of(cls, hub: Hub, session: Session, principal: Principal) -> Viewer:
        """Build for this request."""
        return cls(principal, scope_of(session, principal, hub.clock.now()), unit_parents(session))

    def _above(self, unit_id: int | None) -> bool:
        return self.principal.unit_id in unit_chain(self.parents, unit_id)

    def sees(self, row: Incident) -> bool:
        """Whether the incident exists for the caller (else 404)."""
        if self.scope.everything or row.opened_by == self.principal.user_id:
            return True
        if row.territory_id is not None and self.scope.covers(row.territory_id, row.domain):
            return True
        return self._above(row.unit_id) or self._above(row.escalated_to_unit_id)

    def works(self, row: Incident) -> bool:
        """Whether the caller may work the incident (rights for its category)."""
        perms = self.principal.permissions
        if Permission.INCIDENT_HANDLE in perms:
            return True
        return Permission.FAULT_HANDLE in perms and row.category == IncidentCategory.FAULT.value

    def supervises(self, row: Incident) -> bool:
        """Whether the caller may close, reopen and assign it to others."""
        return self.works(row) and Permission.INCIDENT_SUPERVISE in self.principal.permissions

    def reads(self, row: Incident) -> bool:
        """Whether the caller may read its detail (works it, or reported it)."""
        return self.works(row) or row.opened_by == self.principal.user_id

    def allowed(self, row: Incident) -> list[IncidentAction]:
        """What the caller may do to the incident now."""
        if not self.works(row):
            return []
        status = IncidentStatus(row.status)
        unacked = row.priority == Priority.CRITICAL.value and row.acknowledged_at is None
        out: list[IncidentAction] = []
        if status is S.NEW:
            out.append(A.ACKNOWLEDGE)
        if status.value in ACTIVE and not unacked:
            out += [A.ASSIGN, A.RESOLVE]
            if status is not S.IN_PROGRESS:
                out.append(A.START)
        if status.value in ACTIVE:
            out.append(A.ESCALATE)
        if status is S.RESOLVED and self.supervises(row):
            out.append(A.CLOSE)
        if status.value in DONE and self.supervises(row):
            out.append(A.REOPEN)
        if status is not S.CLOSED:
            out += [A.COMMENT, A.CHECK, A.ATTACH]
        return out


# --- output -------------------------------------------------------------------------------


class Names:
    """Display names of the cameras, places, units and people of some incidents."""

    def __init__(self, session: Session, rows: Iterable[Incident]) -> None:
        rows = list(rows)
        camera_ids = {r.camera_id for r in rows if r.camera_id is not None}
        unit_ids = {r.unit_id for r in rows}
        territory_ids = {r.territory_id for r in rows if r.territory_id is not None}
        user_ids = {
            u
            for r in rows
            for u in (r.opened_by, r.acknowledged_by, r.assignee_id)
            if u is not None
        }
        self.cameras = _names(session, Camera.id, Camera.name, camera_ids)
        self.units = _names(session, OrgUnit.id, OrgUnit.name, unit_ids)
        self.territories = _names(session, Territory.id, Territory.name, territory_ids)
        self.users = _names(session, User.id, User.display_name, user_ids)
        self._session = session

    def user(self, user_id: int | None) -> str | None:
        """A person's display name (read on demand for people not preloaded)."""
        if user_id is None:
            return None
        if user_id not in self.users:
            row = self._session.get(User, user_id)
            self.users[user_id] = row.display_name if row else ""
        return self.users[user_id]


def _names(
    session: Session,
    key: InstrumentedAttribute[int],
    label: InstrumentedAttribute[str],
    ids: set[int],
) -> dict[int, str]:
    if not ids:
        return {}
    return {int(k): str(v) for k, v in session.execute(select(key, label).where(key.in_(ids)))}


def procedure_of(session: Session, row: Incident, names: Names) -> list[ProcedureStep]:
    """The category's procedure with this incident's ticks."""
    checks = {
        c.key: c
        for c in session.scalars(select(ProcedureCheck).where(ProcedureCheck.incident_id == row.id))
    }
    out = []
    for key, vi, en in steps_of(IncidentCategory(row.category)):
        check = checks.get(key)
        done = bool(check and check.done)
        out.append(
            ProcedureStep(
                key=key,
                text_vi=vi,
                text_en=en,
                done=done,
                done_by=names.user(check.done_by) if check and done else None,
                done_at=as_utc(check.done_at) if check and done and check.done_at else None,
            )
        )
    return out


def is_overdue(row: Incident, now: datetime) -> bool:
    """Past its repair or notice deadline and not resolved."""
    if row.status in DONE:
        return False
    return any(d is not None and as_utc(d) < now for d in (row.due_at, row.notice_due_at))


def incident_out(
    hub: Hub,
    session: Session,
    row: Incident,
    names: Names | None = None,
    viewer: Viewer | None = None,
    procedure: bool = True,
) -> IncidentOut:
    """As a contract; ``allowed_actions`` for ``viewer`` (empty without one)."""
    names = names or Names(session, [row])
    return IncidentOut(
        id=row.id,
        category=IncidentCategory(row.category),
        priority=Priority(row.priority),
        status=IncidentStatus(row.status),
        title=row.title,
        description=row.description,
        camera_id=row.camera_id,
        camera_name=names.cameras.get(row.camera_id) if row.camera_id else None,
        territory_id=row.territory_id,
        territory_name=names.territories.get(row.territory_id) if row.territory_id else None,
        unit_id=row.unit_id,
        unit_name=names.units.get(row.unit_id, ""),
        domain=row.domain,
        rule_id=row.rule_id,
        count=row.count,
        first_event_at=as_utc(row.first_event_at),
        last_event_at=as_utc(row.last_event_at),
        opened_at=as_utc(row.opened_at),
        opened_by=names.user(row.opened_by),
        acknowledged_at=as_utc(row.acknowledged_at) if row.acknowledged_at else None,
        acknowledged_by=names.user(row.acknowledged_by),
        assignee_id=row.assignee_id,
        assignee_name=names.user(row.assignee_id),
        escalation_level=row.escalation_level,
        escalated_to_unit_id=row.escalated_to_unit_id,
        due_at=as_utc(row.due_at) if row.due_at else None,
        due_basis=row.due_basis,
        notice_due_at=as_utc(row.notice_due_at) if row.notice_due_at else None,
        overdue=is_overdue(row, hub.clock.now()),
        requires_ack=row.priority == Priority.CRITICAL.value and row.acknowledged_at is None,
        resolution=row.resolution,
        resolved_at=as_utc(row.resolved_at) if row.resolved_at else None,
        closed_at=as_utc(row.closed_at) if row.closed_at else None,
        version=row.version,
        procedure=procedure_of(session, row, names) if procedure else [],
        allowed_actions=viewer.allowed(row) if viewer else [],
    )


def audience(
    session: Session, row: Incident, parents: dict[int, int | None] | None = None
) -> Audience:
    """Who is told about the incident: those who may work it (rights for its category)
    whose scope covers its camera's place, or who are in its unit or escalation unit or a
    unit above them; and whoever reported it."""
    parents = parents if parents is not None else unit_parents(session)
    units = set(unit_chain(parents, row.unit_id)) | set(
        unit_chain(parents, row.escalated_to_unit_id)
    )
    place = (row.territory_id, row.domain) if row.territory_id is not None else None
    rights = {Permission.INCIDENT_HANDLE.value}
    if row.category == IncidentCategory.FAULT.value:
        rights.add(Permission.FAULT_HANDLE.value)
    reporter = frozenset({row.opened_by}) if row.opened_by is not None else frozenset()
    return Audience(users=reporter, units=frozenset(units), place=place, requires=frozenset(rights))


def push(hub: Hub, session: Session, row: Incident, topic: str) -> None:
    """Publish the incident after the transaction commits."""
    push_many(hub, session, [row], topic)


def push_many(hub: Hub, session: Session, rows: list[Incident], topic: str) -> None:
    """Publish several incidents after the transaction commits (names and units read
    once for all)."""
    if not rows:
        return
    names = Names(session, rows)
    parents = unit_parents(session)
    for row in rows:
        data = incident_out(hub, session, row, names, procedure=False).model_dump(mode="json")
        publish_after_commit(session, hub.events, topic, data, audience(session, row, parents))


def add_step(
    hub: Hub,
    session: Session,
    row: Incident,
    actor_id: int | None,
    action: str,
    before: str | None = None,
    text: str | None = None,
) -> None:
    """Record one step of the incident's history."""
    changed = before is not None and before != row.status
    session.add(
        IncidentStep(
            incident_id=row.id,
            at=hub.clock.now(),
            actor_id=actor_id,
            action=action,
            from_status=before if changed else None,
            to_status=row.status if changed else None,
            text=text,
        )
    )


# --- opening and folding -------------------------------------------------------------------


def rules_by_key(session: Session) -> dict[str, IncidentRule]:
    """Every incident rule by its key."""
    return {r.key: r for r in session.scalars(select(IncidentRule))}


def escalate_at(hub: Hub, rule: IncidentRule | None, start: datetime) -> datetime | None:
    """When an incident opened at ``start`` escalates if nobody acknowledges it."""
    minutes = hub.settings.incidents.report_escalate_minutes
    if rule is not None:
        minutes = rule.escalate_after_minutes
    return None if minutes is None else start + timedelta(minutes=minutes)


def open_incident(
    hub: Hub,
    session: Session,
    *,
    category: str,
    priority: str,
    title: str,
    description: str,
    camera: Camera | None,
    unit_id: int,
    at: datetime,
    rule: IncidentRule | None = None,
    source_key: str | None = None,
    opened_by: Actor = SYSTEM,
    count: int = 1,
) -> Incident:
    """Open an incident (audited ``incident.open``, pushed ``incident.opened``)."""
    now = hub.clock.now()
    due, basis, notice = deadlines_for(hub, session, category, now)
    row = Incident(
        category=category,
        priority=priority,
        status=S.NEW.value,
        title=title[:200],
        description=description,
        camera_id=camera.id if camera else None,
        territory_id=camera.territory_id if camera else None,
        domain=camera.domain if camera else None,
        unit_id=unit_id,
        escalation_level=0,
        rule_id=rule.id if rule else None,
        source_key=source_key,
        count=count,
        first_event_at=at,
        last_event_at=at,
        opened_at=now,
        opened_by=opened_by.user_id,
        escalate_at=escalate_at(hub, rule, now),
        due_at=due,
        due_basis=basis,
        notice_due_at=notice,
        version=1,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    add_step(hub, session, row, opened_by.user_id, "open", text=None)
    hub.audit.append(
        session,
        opened_by,
        "incident.open",
        object_type="incident",
        object_id=row.id,
        detail={
            "category": category,
            "priority": priority,
            "camera_id": row.camera_id,
            "unit_id": unit_id,
            "rule": rule.key if rule else None,
            "due_at": due.isoformat() if due else None,
            "notice_due_at": notice.isoformat() if notice else None,
        },
    )
    push(hub, session, row, TOPIC_OPENED)
    return row


def open_source(session: Session, source_key: str) -> Incident | None:
    """The newest incident of ``source_key`` that is not resolved or closed."""
    stmt = (
        select(Incident)
        .where(Incident.source_key == source_key, Incident.status.in_(ACTIVE))
        .order_by(Incident.id.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


def folds(rule: IncidentRule | None, row: Incident, at: datetime) -> bool:
    """Whether an event at ``at`` folds into the open ``row`` (window 0: while open)."""
    return within(rule, as_utc(row.last_event_at), at)


def within(rule: IncidentRule | None, last_event_at: datetime, at: datetime) -> bool:
    """Whether ``at`` lies in the rule's fold window after ``last_event_at``."""
    window = rule.fold_window_seconds if rule is not None else 0
    return window == 0 or at - last_event_at <= timedelta(seconds=window)


def fold(row: Incident, at: datetime, n: int = 1) -> None:
    """Count ``n`` more events of the incident's source (no new version)."""
    row.count += n
    if at > as_utc(row.last_event_at):
        row.last_event_at = at


# --- life cycle ---------------------------------------------------------------------------


def refuse(principal: Principal, action: str, incident_id: int, reason: str) -> HubError:
    """A 403 for a step the caller's rights do not allow (audited)."""
    return HubError(
        403,
        "forbidden",
        {"reason": reason},
        PendingAudit(
            principal.actor,
            f"incident.{action}",
            {
                "outcome": "denied",
                "object_type": "incident",
                "object_id": incident_id,
                "reason": reason,
            },
        ),
    )


def visible_incident(
    hub: Hub, session: Session, viewer: Viewer, incident_id: int, lock: bool = False
) -> Incident:
    """An incident the caller sees, or 404 ``incident.not_found`` (audited refusal)."""
    row = session.get(Incident, incident_id, with_for_update=lock)
    if row is None or not viewer.sees(row):
        raise HubError(404, "incident.not_found")
    return row


def step(
    hub: Hub,
    session: Session,
    principal: Principal,
    incident_id: int,
    action: IncidentAction,
    version: int | None,
) -> tuple[Incident, Viewer]:
    """Load the incident for a step: visible (404), the caller's rights (403, audited),
    the version (409 ``incident.stale``), the status (409 ``incident.bad_transition``;
    ``incident.ack_required`` for an unacknowledged critical one)."""
    # The audit chain before the incident row: every writer locks in that order (the
    # health checker holds the chain while it folds a camera's fault incident).
    hub.audit.lock_chain(session)
    viewer = Viewer.of(hub, session, principal)
    row = visible_incident(hub, session, viewer, incident_id, lock=True)
    if not viewer.works(row):
        raise refuse(principal, action.value, row.id, "no_incident_right")
    if action in (A.CLOSE, A.REOPEN) and not viewer.supervises(row):
        raise refuse(principal, action.value, row.id, "missing incident.supervise")
    if version is not None and version != row.version:
        raise HubError(409, "incident.stale", {"version": row.version})
    if action not in viewer.allowed(row):
        unacked = row.priority == Priority.CRITICAL.value and row.acknowledged_at is None
        if unacked and action in (A.ASSIGN, A.START, A.RESOLVE):
            raise HubError(409, "incident.ack_required", {"status": row.status})
        raise HubError(409, "incident.bad_transition", {"status": row.status})
    return row, viewer


def finish(
    hub: Hub,
    session: Session,
    principal: Principal,
    row: Incident,
    viewer: Viewer,
    action: str,
    before: str,
    text: str | None = None,
    detail: dict[str, object] | None = None,
    bump: bool = True,
) -> IncidentOut:
    """Record the step (history, audit, push) and answer the new state."""
    now = hub.clock.now()
    if bump:
        row.version += 1
    row.updated_at = now
    add_step(hub, session, row, principal.user_id, action, before, text)
    session.flush()
    hub.audit.append(
        session,
        principal.actor,
        f"incident.{action}",
        object_type="incident",
        object_id=row.id,
        detail={"from": before, "to": row.status, "version": row.version, **(detail or {})},
    )
    push(hub, session, row, TOPIC_UPDATED)
    return incident_out(hub, session, row, viewer=viewer)
