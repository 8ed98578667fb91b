# SPDX-License-Identifier: GPL-3.0-or-later
"""Violation cases: who sees a case, who may take which step, output, steps, push and
the legal hold.

Two sides work a case (DH 11.3): the **IOC side** is the case's operating unit (the
unit of the operator who opened it); the **police side** is the police unit it was sent
or transferred to. A step is taken only by someone holding ``case.work`` whose unit *is*
that side's unit (a unit above sees the case but does not act for the unit below);
everything else is a 403 ``forbidden`` with ``reason`` ``no_case_right`` or
``wrong_unit``, audited. Who sees a case: the IOC (``everything``), its opener, and the
members of its operating unit, of its police unit, of the police unit that transferred
it last and of the units above them; anyone else gets 404 ``case.not_found``.

Every step is a ``case_steps`` row and an audit record, raises ``version`` (a stale one
is 409 ``case.stale``; comments do not raise it) and is pushed to both sides
(``case.updated``) after the commit. Writers take the audit chain lock before case rows,
like the incident writers (an overdue case opens an incident).

Legal hold (TN 12.2): while a case is open, the events of the incident it came from and
the events of its cameras within its time ranges are ``held`` (``hold_reference``
``case:<id>``), and its media are named by :func:`held_sha256s`; closing or cancelling
the case releases them unless another open case holds them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from hub.auth.principal import Principal
from hub.cases.contracts import (
    OPEN_STATUSES,
    CameraRangeOut,
    CaseAction,
    CaseDeadlineOut,
    CaseOrigin,
    CaseOut,
    CaseOutcome,
    CaseStatus,
    DecisionExtension,
    ViolationType,
)
from hub.cases.deadlines import deadline_out
from hub.cases.models import CaseCamera, CaseDeadline, CaseMedia, CaseStep, ViolationCase
from hub.catalog.models import Camera
from hub.clock import as_utc
from hub.context import Hub
from hub.contracts import Permission, UnitKind
from hub.errors import HubError, PendingAudit
from hub.events import Audience, publish_after_commit
from hub.incidents.models import CameraEventRow
from hub.incidents.service import unit_chain, unit_parents
from hub.org.models import OrgUnit, User
from hub.privacy.service import masks_of
from hub.scope.service import Scope, scope_of

TOPIC_OPENED = "case.opened"
TOPIC_UPDATED = "case.updated"

S = CaseStatus
A = CaseAction
OPEN = tuple(s.value for s in OPEN_STATUSES)
# The units a case may be handed to (DH 11.2, YB 11.2: the police force and its teams).
POLICE_KINDS = frozenset(
    {
        UnitKind.PROVINCIAL_POLICE.value,
        UnitKind.CITY_POLICE.value,
        UnitKind.WARD_POLICE.value,
        UnitKind.TRAFFIC_POLICE_TEAM.value,
        UnitKind.URBAN_ORDER_TEAM.value,
    }
)
# What each side may do in each status (rights and unit are checked apart).
IOC_STEPS: dict[CaseStatus, tuple[CaseAction, ...]] = {
    S.DRAFT: (A.EDIT, A.ADD_MEDIA, A.SEND, A.CANCEL),
    S.CONCLUDED: (A.CLOSE,),
}
POLICE_STEPS: dict[CaseStatus, tuple[CaseAction, ...]] = {
    S.SENT: (A.ACCEPT, A.TRANSFER),
    S.VERIFYING: (A.MARK_COMPLEX, A.IDENTIFY, A.TRANSFER, A.CONCLUDE),
    S.IDENTIFIED: (A.RECORD, A.TRANSFER, A.CONCLUDE),
    S.RECORDED: (A.TRANSFER, A.EXTEND, A.DECIDE),
    S.DECIDED: (A.CONCLUDE,),
}
IOC_ACTIONS = frozenset({A.EDIT, A.ADD_MEDIA, A.SEND, A.CANCEL, A.CLOSE, A.EXPORT})
POLICE_ACTIONS = frozenset(
    {
        A.ACCEPT,
        A.MARK_COMPLEX,
        A.IDENTIFY,
        A.RECORD,
        A.TRANSFER,
        A.EXTEND,
        A.DECIDE,
        A.CONCLUDE,
    }
)


def hold_reference(case_id: int) -> str:
    """The ``hold_reference`` of events a case holds."""
    return f"case:{case_id}"


def case_number(row: ViolationCase) -> str:
    """The case's number, e.g. ``VP-2026-000042`` (year of opening, id)."""
    return row.number or f"VP-{as_utc(row.opened_at).year}-{row.id:06d}"


# --- who sees, who acts -------------------------------------------------------------------


def units_below(parents: dict[int, int | None], unit_id: int) -> frozenset[int]:
    """``unit_id`` and every unit below it."""
    return frozenset(u for u in parents if unit_id in unit_chain(parents, u))


@dataclass
class CaseViewer:
    """The caller as the case domain sees them (scope, units, rights)."""

    principal: Principal
    scope: Scope
    parents: dict[int, int | None]

    @classmethod
    def of(cls, hub: Hub, session: Session, principal: Principal) -> CaseViewer:
        """Build for this request."""
        return cls(principal, scope_of(session, principal, hub.clock.now()), unit_parents(session))

    @property
    def everything(self) -> bool:
        """The IOC: sees every case."""
        return self.scope.everything

    def subtree(self) -> frozenset[int]:
        """The caller's unit and the units below it."""
        return units_below(self.parents, self.principal.unit_id)

    def _above(self, unit_id: int | None) -> bool:
        return unit_id is not None and self.principal.unit_id in unit_chain(self.parents, unit_id)

    def sees(self, row: ViolationCase) -> bool:
        """Whether the case exists for the caller (else 404)."""
        if self.everything or row.opened_by == self.principal.user_id:
            return True
        return (
            self._above(row.unit_id)
            or self._above(row.police_unit_id)
            or self._above(row.transferred_from_unit_id)
        )

    @property
    def works(self) -> bool:
        """Whether the caller holds ``case.work``."""
        return Permission.CASE_WORK in self.principal.permissions

    def ioc_side(self, row: ViolationCase) -> bool:
        """Whether the caller acts for the case's operating unit."""
        return self.works and self.principal.unit_id == row.unit_id

    def police_side(self, row: ViolationCase) -> bool:
        """Whether the caller acts for the police unit the case sits with."""
        return (
            self.works
            and row.police_unit_id is not None
            and self.principal.unit_id == row.police_unit_id
        )

    def allowed(self, row: ViolationCase) -> list[CaseAction]:
        """What the caller may do to the case now."""
        status = CaseStatus(row.status)
        out: list[CaseAction] = []
        if self.ioc_side(row):
            out += IOC_STEPS.get(status, ())
        if self.police_side(row):
            steps = POLICE_STEPS.get(status, ())
            if status is S.RECORDED and row.decision_extension is not None:
                steps = tuple(a for a in steps if a is not A.EXTEND)
            if status is S.VERIFYING and row.complex:
                steps = tuple(a for a in steps if a is not A.MARK_COMPLEX)
            out += steps
        if status.value in OPEN and (self.ioc_side(row) or self.police_side(row)):
            out.append(A.COMMENT)
        if status.value in OPEN and Permission.IMAGE_EXPORT_REQUEST in self.principal.permissions:
            out.append(A.REQUEST_EXTRACTION)
        if status.value in OPEN and self.ioc_side(row):
            out.append(A.EXPORT)
        return out


def refuse(principal: Principal, action: str, case_id: int | None, reason: str) -> HubError:
    """A 403 for a step the caller's rights or unit do not allow (audited)."""
    return HubError(
        403,
        "forbidden",
        {"reason": reason},
        PendingAudit(
            principal.actor,
            f"case.{action}",
            {
                "outcome": "denied",
                "object_type": "case",
                "object_id": case_id,
                "reason": reason,
            },
        ),
    )


def visible_case(
    session: Session, viewer: CaseViewer, case_id: int, lock: bool = False
) -> ViolationCase:
    """A case the caller sees, or 404 ``case.not_found``."""
    row = session.get(ViolationCase, case_id, with_for_update=lock)
    if row is None or not viewer.sees(row):
        raise HubError(404, "case.not_found")
    return row


def step(
    hub: Hub,
    session: Session,
    principal: Principal,
    case_id: int,
    action: CaseAction,
    version: int | None,
) -> tuple[ViolationCase, CaseViewer]:
    """Load a case for a step: visible (404), ``case.work`` and the side's unit (403,
    audited), the version (409 ``case.stale``), the status (409 ``case.bad_transition``).
    """
    hub.audit.lock_chain(session)
    viewer = CaseViewer.of(hub, session, principal)
    row = visible_case(session, viewer, case_id, lock=True)
    if not viewer.works:
        raise refuse(principal, action.value, row.id, "no_case_right")
    if action in IOC_ACTIONS and not viewer.ioc_side(row):
        raise refuse(principal, action.value, row.id, "wrong_unit")
    if action in POLICE_ACTIONS and not viewer.police_side(row):
        raise refuse(principal, action.value, row.id, "wrong_unit")
    if action is A.COMMENT and not (viewer.ioc_side(row) or viewer.police_side(row)):
        raise refuse(principal, action.value, row.id, "wrong_unit")
    if version is not None and version != row.version:
        raise HubError(409, "case.stale", {"version": row.version})
    if action not in viewer.allowed(row):
        raise HubError(409, "case.bad_transition", {"status": row.status})
    return row, viewer


# --- output -------------------------------------------------------------------------------


class Names:
    """Display names of the units, people and cameras of some cases (read once)."""

    def __init__(
        self,
        session: Session,
        rows: Iterable[ViolationCase],
        cameras: Iterable[CaseCamera] = (),
    ) -> None:
        rows = list(rows)
        unit_ids = {u for r in rows for u in (r.unit_id, r.police_unit_id) if u is not None}
        user_ids = {u for r in rows for u in (r.opened_by, r.accepted_by) if u is not None}
        self.units = _names(session, OrgUnit.id, OrgUnit.name, unit_ids)
        self.users = _names(session, User.id, User.display_name, user_ids)
        self.cameras = _names(session, Camera.id, Camera.name, {c.camera_id for c in cameras})
        self._session = session
        self._masks: dict[int, list[list[tuple[float, float]]]] = {}

    def masks(self, camera_id: int) -> list[list[tuple[float, float]]]:
        """A camera's privacy masks (normalized polygons), read once (HCM 6.3)."""
        if camera_id not in self._masks:
            self._masks[camera_id] = masks_of(self._session, camera_id)
        return self._masks[camera_id]

    def user(self, user_id: int | None) -> str | None:
        """A person's display name (read on demand for people not preloaded)."""
        if user_id is None:
            return None
        if user_id not in self.users:
            row = self._session.get(User, user_id)
            self.users[user_id] = row.display_name if row else ""
        return self.users[user_id]

    def unit(self, unit_id: int | None) -> str | None:
        """A unit's name (read on demand)."""
        if unit_id is None:
            return None
        if unit_id not in self.units:
            row = self._session.get(OrgUnit, unit_id)
            self.units[unit_id] = row.name if row else ""
        return self.units[unit_id]

    def camera(self, camera_id: int) -> str | None:
        """A camera's name (read on demand)."""
        if camera_id not in self.cameras:
            row = self._session.get(Camera, camera_id)
            self.cameras[camera_id] = row.name if row else ""
        return self.cameras[camera_id]


def _names(
    session: Session,
    key: InstrumentedAttribute[int],
    label: InstrumentedAttribute[str],
    ids: set[int],
) -> dict[int, str]:
    if not ids:
        return {}
    return {int(k): str(v) for k, v in session.execute(select(key, label).where(key.in_(ids)))}


@dataclass
class CaseParts:
    """The rows a case's output needs, read for many cases in one query each."""

    cameras: dict[int, list[CaseCamera]]
    deadlines: dict[int, list[CaseDeadline]]
    media_counts: dict[int, int]

    @classmethod
    def read(cls, session: Session, ids: list[int]) -> CaseParts:
        """Read for the cases ``ids``."""
        cameras: dict[int, list[CaseCamera]] = {i: [] for i in ids}
        deadlines: dict[int, list[CaseDeadline]] = {i: [] for i in ids}
        counts: dict[int, int] = dict.fromkeys(ids, 0)
        if ids:
            for c in session.scalars(
                select(CaseCamera).where(CaseCamera.case_id.in_(ids)).order_by(CaseCamera.id)
            ):
                cameras[c.case_id].append(c)
            for d in session.scalars(
                select(CaseDeadline)
                .where(CaseDeadline.case_id.in_(ids))
                .order_by(CaseDeadline.started_at, CaseDeadline.id)
            ):
                deadlines[d.case_id].append(d)
            for case_id in session.scalars(
                select(CaseMedia.case_id).where(CaseMedia.case_id.in_(ids))
            ):
                counts[case_id] += 1
        return cls(cameras, deadlines, counts)


def case_out(
    hub: Hub,
    session: Session,
    row: ViolationCase,
    names: Names | None = None,
    viewer: CaseViewer | None = None,
    parts: CaseParts | None = None,
) -> CaseOut:
    """As a contract; ``allowed_actions`` for ``viewer`` (empty without one)."""
    parts = parts or CaseParts.read(session, [row.id])
    cameras = parts.cameras.get(row.id, [])
    names = names or Names(session, [row], cameras)
    now = hub.clock.now()
    soon = hub.settings.cases.due_soon_hours
    deadlines = [deadline_out(d, now, soon) for d in parts.deadlines.get(row.id, [])]
    pending = [d for d in deadlines if d.met_at is None and d.state.value != "void"]
    return CaseOut(
        id=row.id,
        number=case_number(row),
        status=CaseStatus(row.status),
        origin=CaseOrigin(row.origin),
        violation_type=ViolationType(row.violation_type),
        incident_id=row.incident_id,
        place=row.place,
        plate=row.plate,
        vehicle_type=row.vehicle_type,
        description=row.description,
        detected_at=as_utc(row.detected_at),
        cameras=[
            CameraRangeOut(
                camera_id=c.camera_id,
                camera_name=names.camera(c.camera_id) or "",
                start=as_utc(c.start),
                end=as_utc(c.end),
            )
            for c in cameras
        ],
        unit_id=row.unit_id,
        unit_name=names.unit(row.unit_id) or "",
        opened_by=names.user(row.opened_by),
        opened_at=as_utc(row.opened_at),
        police_unit_id=row.police_unit_id,
        police_unit_name=names.unit(row.police_unit_id),
        sent_at=_utc(row.sent_at),
        accepted_at=_utc(row.accepted_at),
        accepted_by=names.user(row.accepted_by),
        complex=row.complex,
        identified_at=_utc(row.identified_at),
        recorded_at=_utc(row.recorded_at),
        record_number=row.record_number,
        outside_authority=row.outside_authority,
        transferred_from_unit_id=row.transferred_from_unit_id,
        transferred_at=_utc(row.transferred_at),
        decision_extension=DecisionExtension(row.decision_extension)
        if row.decision_extension
        else None,
        decided_at=_utc(row.decided_at),
        decision_number=row.decision_number,
        outcome=CaseOutcome(row.outcome) if row.outcome else None,
        conclusion=row.conclusion,
        concluded_at=_utc(row.concluded_at),
        closed_at=_utc(row.closed_at),
        held=row.held,
        media_count=parts.media_counts.get(row.id, 0),
        deadlines=deadlines,
        next_due_at=min((d.due_at for d in pending), default=None),
        due_soon=any(d.due_soon for d in pending),
        overdue=any(d.overdue for d in pending),
        version=row.version,
        allowed_actions=viewer.allowed(row) if viewer else [],
    )


def cases_out(
    hub: Hub, session: Session, rows: list[ViolationCase], viewer: CaseViewer | None
) -> list[CaseOut]:
    """Many cases, their parts and names read once for all."""
    parts = CaseParts.read(session, [r.id for r in rows])
    names = Names(session, rows, [c for cs in parts.cameras.values() for c in cs])
    return [case_out(hub, session, r, names, viewer, parts) for r in rows]


def _utc(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


def deadline_outs(hub: Hub, rows: Iterable[CaseDeadline]) -> list[CaseDeadlineOut]:
    """Deadline rows as contracts, at the hub's now."""
    now = hub.clock.now()
    return [deadline_out(d, now, hub.settings.cases.due_soon_hours) for d in rows]


# --- push -----------------------------------------------------------------------------------


def audience(
    session: Session, row: ViolationCase, parents: dict[int, int | None] | None = None
) -> Audience:
    """Who is told about a case: ``case.work`` holders of its operating unit, its police
    unit, the unit it came from and the units above them; and its opener."""
    parents = parents if parents is not None else unit_parents(session)
    units: set[int] = set()
    for unit_id in (row.unit_id, row.police_unit_id):
        units |= set(unit_chain(parents, unit_id))
    opener = frozenset({row.opened_by}) if row.opened_by is not None else frozenset()
    return Audience(
        users=opener, units=frozenset(units), requires=frozenset({Permission.CASE_WORK.value})
    )


def push(hub: Hub, session: Session, row: ViolationCase, topic: str) -> None:
    """Publish the case after the transaction commits (``allowed_actions`` empty)."""
    data = case_out(hub, session, row).model_dump(mode="json")
    publish_after_commit(session, hub.events, topic, data, audience(session, row))


# --- steps ----------------------------------------------------------------------------------


def add_step(
    hub: Hub,
    session: Session,
    row: ViolationCase,
    principal: Principal | None,
    action: str,
    before: str | None = None,
    text: str | None = None,
) -> None:
    """Record one step of the case's history."""
    changed = before is not None and before != row.status
    session.add(
        CaseStep(
            case_id=row.id,
            at=hub.clock.now(),
            actor_id=principal.user_id if principal else None,
            unit_id=principal.unit_id if principal else None,
            action=action,
            from_status=before if changed else None,
            to_status=row.status if changed else None,
            text=text,
        )
    )


def finish(
    hub: Hub,
    session: Session,
    principal: Principal,
    row: ViolationCase,
    viewer: CaseViewer,
    action: str,
    before: str,
    text: str | None = None,
    detail: dict[str, object] | None = None,
    bump: bool = True,
) -> CaseOut:
    """Record the step (history, deadlines, hold, audit, push) and answer the new state."""
    from hub.cases.deadlines import sync_deadlines

    now = hub.clock.now()
    if bump:
        row.version += 1
    row.updated_at = now
    add_step(hub, session, row, principal, action, before, text)
    sync_deadlines(hub, session, row)
    if row.status not in OPEN and row.held:
        release_hold(session, row)
    session.flush()
    hub.audit.append(
        session,
        principal.actor,
        f"case.{action}",
        object_type="case",
        object_id=row.id,
        detail={"from": before, "to": row.status, "version": row.version, **(detail or {})},
    )
    push(hub, session, row, TOPIC_UPDATED)
    return case_out(hub, session, row, viewer=viewer)


# --- legal hold -------------------------------------------------------------------------------


def _hold_filter(session: Session, row: ViolationCase) -> list[object]:
    ranges = list(session.scalars(select(CaseCamera).where(CaseCamera.case_id == row.id)))
    terms: list[object] = [
        and_(
            CameraEventRow.camera_id == c.camera_id,
            CameraEventRow.occurred_at >= c.start,
            CameraEventRow.occurred_at <= c.end,
        )
        for c in ranges
    ]
    if row.incident_id is not None:
        terms.append(CameraEventRow.incident_id == row.incident_id)
    return terms


def apply_hold(session: Session, row: ViolationCase) -> int:
    """Hold the events of the case (its incident's, its cameras' in its ranges); how many
    were not held before."""
    terms = _hold_filter(session, row)
    if not terms:
        return 0
    result = session.execute(
        update(CameraEventRow)
        .where(or_(*terms), CameraEventRow.held.is_(False))  # type: ignore[arg-type]
        .values(held=True, hold_reference=hold_reference(row.id))
        .execution_options(synchronize_session=False)
    )
    row.held = True
    return int(getattr(result, "rowcount", 0) or 0)


def release_hold(session: Session, row: ViolationCase) -> None:
    """Release what the case held; events another open case covers stay held (under
    that case's reference)."""
    session.execute(
        update(CameraEventRow)
        .where(CameraEventRow.hold_reference == hold_reference(row.id))
        .values(held=False, hold_reference=None)
        .execution_options(synchronize_session=False)
    )
    row.held = False
    session.flush()
    cameras = select(CaseCamera.camera_id).where(CaseCamera.case_id == row.id)
    others = session.scalars(
        select(ViolationCase)
        .where(
            ViolationCase.id != row.id,
            ViolationCase.status.in_(OPEN),
            or_(
                ViolationCase.id.in_(
                    select(CaseCamera.case_id).where(CaseCamera.camera_id.in_(cameras))
                ),
                and_(
                    ViolationCase.incident_id.is_not(None),
                    ViolationCase.incident_id == row.incident_id,
                ),
            ),
        )
        .order_by(ViolationCase.id)
    )
    for other in others:
        apply_hold(session, other)


def held_sha256s(session: Session) -> set[str]:
    """SHA-256 of every medium an open case holds: a purge of stored files must keep
    them (TN 12.2: kept until the case is closed)."""
    stmt = (
        select(CaseMedia.sha256)
        .join(ViolationCase, ViolationCase.id == CaseMedia.case_id)
        .where(ViolationCase.status.in_(OPEN))
    )
    return {str(s) for s in session.scalars(stmt)}


def police_unit(session: Session, unit_id: int) -> OrgUnit:
    """A unit a case may be handed to.

    Raises:
        HubError: 422 ``case.bad_police_unit`` (no such unit, or not a police unit).
    """
    unit = session.get(OrgUnit, unit_id)
    if unit is None or unit.kind not in POLICE_KINDS:
        raise HubError(422, "case.bad_police_unit", {"unit_id": unit_id})
    return unit
