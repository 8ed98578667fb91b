# SPDX-License-Identifier: GPL-3.0-or-later
"""The incident service in the background: escalation of unacknowledged incidents and
the retention purge of events.

- **Escalation.** An incident still ``new`` at its ``escalate_at`` (its rule's
  ``escalate_after_minutes`` from opening; reports: ``incidents.report_escalate_minutes``)
  goes to the unit above its current one, as the system (step, audit, push), and
  escalates again after the same time while nobody acknowledges it; at the top it stays.
- **Retention.** Events older than the profile's ``events_retention_months`` (TN 12.1c:
  12 months; by the hub's receiving time, which a device's clock cannot push into the
  future) are deleted unless their incident is not closed or they are held (``held``,
  ``hold_reference``: case work); pictures no row names any more are removed. Each purge
  that found events past retention is audited with its counts (``event.purge``). Also
  ``vwall-hub purge-events``.

Time is the hub's clock (tests move it); rounds run every ``incidents.check_seconds``
and on :meth:`IncidentUpkeep.wake`.
"""

from __future__ import annotations

import contextlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session

from hub.catalog.service import SYSTEM
from hub.clock import as_utc
from hub.context import Hub
from hub.db import transaction
from hub.incidents import files
from hub.incidents.contracts import IncidentStatus
from hub.incidents.models import CameraEventRow, Incident, IncidentAttachment, IncidentRule
from hub.incidents.queue import apply_escalation
from hub.incidents.service import TOPIC_UPDATED, add_step, push, unit_chain, unit_parents
from hub.upkeep import Upkeep

log = logging.getLogger(__name__)

NAME = "incidents"


def escalate_due(hub: Hub, session: Session) -> list[int]:
    """Escalate every unacknowledged incident past its time; the ids escalated."""
    now = hub.clock.now()
    hub.audit.lock_chain(session)  # before the incident rows, like every incident writer
    stmt = (
        select(Incident)
        .where(
            Incident.status == IncidentStatus.NEW.value,
            Incident.escalate_at.is_not(None),
            Incident.escalate_at <= now,
        )
        .order_by(Incident.id)
        .with_for_update()
    )
    rows = list(session.scalars(stmt))
    if not rows:
        return []
    parents = unit_parents(session)
    rules = {r.id: r for r in session.scalars(select(IncidentRule))}
    done = []
    for row in rows:
        above = unit_chain(parents, row.escalated_to_unit_id or row.unit_id)[1:]
        rule = rules.get(row.rule_id) if row.rule_id is not None else None
        minutes = (
            rule.escalate_after_minutes
            if rule is not None
            else hub.settings.incidents.report_escalate_minutes
        )
        if not above or minutes is None:
            row.escalate_at = None  # nobody above: it stays where it is
            continue
        apply_escalation(row, above[0])
        row.escalate_at = now + timedelta(minutes=minutes)
        row.version += 1
        row.updated_at = now
        text = f"tự động: chưa được xác nhận sau {minutes} phút"
        add_step(hub, session, row, None, "escalate", row.status, text)
        hub.audit.append(
            session,
            SYSTEM,
            "incident.escalate",
            object_type="incident",
            object_id=row.id,
            detail={
                "automatic": True,
                "unit_id": above[0],
                "level": row.escalation_level,
                "after_minutes": minutes,
            },
        )
        push(hub, session, row, TOPIC_UPDATED)
        done.append(row.id)
    session.flush()
    return done


def months_before(moment: datetime, months: int) -> datetime:
    """``moment`` minus whole calendar months (day clamped to the month's length)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    for day in range(moment.day, 27, -1):
        with contextlib.suppress(ValueError):
            return moment.replace(year=year, month=month + 1, day=day)
    return moment.replace(year=year, month=month + 1, day=min(moment.day, 28))


@dataclass(frozen=True)
class PurgeResult:
    """What a purge did."""

    cutoff: datetime
    deleted: int
    kept_open: int
    kept_held: int
    files_removed: int


def purge_events(hub: Hub, session: Session) -> PurgeResult:
    """Delete the events past retention that no open incident or hold keeps (audited)."""
    now = hub.clock.now()
    cutoff = months_before(now, hub.profile.events_retention_months)
    old = CameraEventRow.received_at < cutoff
    closed = select(Incident.id).where(Incident.status == IncidentStatus.CLOSED.value)
    free = or_(CameraEventRow.incident_id.is_(None), CameraEventRow.incident_id.in_(closed))
    kept_held = int(
        session.scalar(select(func.count()).where(old, CameraEventRow.held.is_(True))) or 0
    )
    kept_open = int(
        session.scalar(select(func.count()).where(old, CameraEventRow.held.is_(False), ~free)) or 0
    )
    result_proxy = session.execute(
        delete(CameraEventRow)
        .where(and_(old, CameraEventRow.held.is_(False), free))
        .execution_options(synchronize_session=False)
    )
    deleted = int(getattr(result_proxy, "rowcount", 0) or 0)
    referenced = set(
        session.scalars(
            select(CameraEventRow.snapshot_sha256).where(
                CameraEventRow.snapshot_sha256.is_not(None)
            )
        )
    ) | set(session.scalars(select(IncidentAttachment.sha256)))
    result = PurgeResult(cutoff, int(deleted or 0), kept_open, kept_held, 0)
    if deleted:
        # Files younger than an hour may belong to a post still being committed.
        removed = files.remove_unreferenced(hub, {str(r) for r in referenced}, time.time() - 3600)
        result = PurgeResult(cutoff, result.deleted, kept_open, kept_held, removed)
    if not (result.deleted or kept_open or kept_held):
        return result  # nothing past retention: nothing to record
    hub.audit.append(
        session,
        SYSTEM,
        "event.purge",
        object_type="events",
        detail={
            "cutoff": as_utc(cutoff).isoformat(),
            "retention_months": hub.profile.events_retention_months,
            "deleted": result.deleted,
            "kept_open_incident": kept_open,
            "kept_held": kept_held,
            "files_removed": result.files_removed,
        },
    )
    return result


class IncidentUpkeep(Upkeep):
    """Escalation every ``incidents.check_seconds``, purge every ``purge_every_hours``."""

    name = NAME

    def __init__(self, hub: Hub) -> None:
        super().__init__(hub)
        self._next_purge: datetime | None = None

    def interval(self) -> float:
        """``incidents.check_seconds``."""
        return self.hub.settings.incidents.check_seconds

    def round(self) -> None:
        """One round: escalations, and the purge when it is due (hub clock)."""
        with transaction(self.hub.sessions) as session:
            escalate_due(self.hub, session)
        now = self.hub.clock.now()
        if self._next_purge is None or now >= self._next_purge:
            with transaction(self.hub.sessions) as session:
                purge_events(self.hub, session)
            hours = self.hub.settings.incidents.purge_every_hours
            self._next_purge = now + timedelta(hours=hours)


def incident_upkeep(hub: Hub) -> IncidentUpkeep:
    """The FACTORIES entry: escalations and the event retention purge (always on)."""
    return IncidentUpkeep(hub)
