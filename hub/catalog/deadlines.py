# SPDX-License-Identifier: GPL-3.0-or-later
"""Catalogue deadlines: a new installation or a change must reach the central catalogue
in the time the active regulation profile allows (HCM 9.1: 10 working days, DB 7.5:
5 days, TN 8.1: 15 working days; DH and YB set none, so nothing is opened there).
Due times count with the hub's calendar (``profiles.store.calendar_of``: recorded day
swaps included) and are counted again when an administrator changes it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.audit.service import Actor
from hub.auth.principal import Principal
from hub.catalog.contracts import DeadlineKind, DeadlineOut
from hub.catalog.models import Camera, CatalogueDeadline
from hub.clock import as_utc
from hub.context import Hub
from hub.errors import HubError
from hub.profiles.model import RecomputedDeadline
from hub.profiles.store import calendar_of
from hub.profiles.working_days import WorkingDayCalendar
from hub.scope.service import require_in_scope, scope_of


def open_deadline(
    hub: Hub, session: Session, camera: Camera, kind: DeadlineKind, detail: str | None = None
) -> CatalogueDeadline | None:
    """Open a deadline for ``camera`` due per the profile; ``None`` when it sets none."""
    rule = hub.profile.catalogue_update
    if rule is None:
        return None
    now = hub.clock.now()
    row = CatalogueDeadline(
        camera_id=camera.id,
        kind=kind.value,
        opened_at=now,
        due_at=calendar_of(hub.profile, session).deadline(now, rule),
        detail=detail,
    )
    session.add(row)
    session.flush()
    return row


def recompute_open_deadlines(
    hub: Hub, session: Session, calendar: WorkingDayCalendar
) -> list[RecomputedDeadline]:
    """Count every open catalogue deadline again from its opening with ``calendar`` (after
    a change of the recorded days off and working days); the ones that moved."""
    rule = hub.profile.catalogue_update
    if rule is None:
        return []
    moved = []
    stmt = (
        select(CatalogueDeadline)
        .where(CatalogueDeadline.closed_at.is_(None))
        .order_by(CatalogueDeadline.id)
        .with_for_update()
    )
    for row in session.scalars(stmt):
        before = as_utc(row.due_at)
        after = calendar.deadline(as_utc(row.opened_at), rule)
        if after != before:
            row.due_at = after
            moved.append(
                RecomputedDeadline(kind="catalogue", id=row.id, before=before, after=after)
            )
    session.flush()
    return moved


def deadline_out(hub: Hub, row: CatalogueDeadline, code: str) -> DeadlineOut:
    """As a contract; ``overdue`` = past due and still open."""
    now = hub.clock.now()
    return DeadlineOut(
        id=row.id,
        camera_id=row.camera_id,
        camera_code=code,
        kind=DeadlineKind(row.kind),
        opened_at=as_utc(row.opened_at),
        due_at=as_utc(row.due_at),
        closed_at=as_utc(row.closed_at) if row.closed_at else None,
        closed_by=row.closed_by,
        overdue=row.closed_at is None and as_utc(row.due_at) < now,
        detail=row.detail,
    )


def list_deadlines(
    hub: Hub,
    session: Session,
    principal: Principal,
    open_only: bool = False,
    overdue_only: bool = False,
) -> list[DeadlineOut]:
    """Deadlines of the cameras the caller manages (their scope; approvals give no
    management), oldest due first."""
    now = hub.clock.now()
    scope = scope_of(session, principal, now)
    stmt = select(CatalogueDeadline, Camera).join(Camera, Camera.id == CatalogueDeadline.camera_id)
    if open_only or overdue_only:
        stmt = stmt.where(CatalogueDeadline.closed_at.is_(None))
    if overdue_only:
        stmt = stmt.where(CatalogueDeadline.due_at < now)
    stmt = stmt.order_by(CatalogueDeadline.due_at, CatalogueDeadline.id)
    return [
        deadline_out(hub, row, camera.code)
        for row, camera in session.execute(stmt)
        if scope.covers(camera.territory_id, camera.domain)
    ]


def close_deadline(
    hub: Hub, session: Session, principal: Principal, deadline_id: int, actor: Actor
) -> DeadlineOut:
    """Record that the central catalogue received the update (audited).

    Raises:
        HubError: 404 ``deadline.not_found``, 403 ``scope.out_of_scope``,
            409 ``deadline.closed``.
    """
    # Locked to commit (PostgreSQL): two closes of one deadline never both succeed.
    row = session.get(CatalogueDeadline, deadline_id, with_for_update=True)
    if row is None:
        raise HubError(404, "deadline.not_found")
    camera = session.get(Camera, row.camera_id)
    assert camera is not None
    require_in_scope(hub, session, principal, camera.territory_id, camera.domain, approvals=False)
    if row.closed_at is not None:
        raise HubError(409, "deadline.closed")
    now = hub.clock.now()
    row.closed_at = now
    row.closed_by = principal.user_id
    out = deadline_out(hub, row, camera.code)
    hub.audit.append(
        session,
        actor,
        "catalogue.deadline_close",
        object_type="catalogue_deadline",
        object_id=row.id,
        detail={
            "camera_id": camera.id,
            "kind": row.kind,
            "due_at": out.due_at.isoformat(),
            "late": out.closed_at is not None and out.closed_at > out.due_at,
        },
    )
    return out
