# SPDX-License-Identifier: GPL-3.0-or-later
"""Events in: store each once, then let the rules open or fold incidents.

Both doors (the ONVIF pull points, :func:`ingest_camera_events`; the edge AI boxes,
:mod:`hub.incidents.aiboxes`) end in :func:`store_events`. An event is inserted with
``ON CONFLICT (dedup_key) DO NOTHING`` (SQLite and PostgreSQL): a re-delivery, even one
racing another transaction, is dropped without an error. New active events then go
through the rule of their kind: a disabled rule opens nothing; an enabled one folds the
event into the open incident of the same camera and rule (within its fold window) or
opens a new one. Everything happens in the caller's transaction; pushes leave after it
commits.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from hub.catalog.models import Camera
from hub.clock import as_utc
from hub.context import Hub
from hub.incidents.camera_events import CameraEvent, EventKind
from hub.incidents.contracts import EventSource
from hub.incidents.models import CameraEventRow, Incident, IncidentRule
from hub.incidents.service import (
    ACTIVE,
    TOPIC_UPDATED,
    fold,
    folds,
    open_incident,
    push_many,
    rules_by_key,
    within,
)

log = logging.getLogger(__name__)

EVENTS = cast(Table, CameraEventRow.__table__)  # the core table, for bulk statements


@dataclass
class NewEvent:
    """An event ready to store (from either door)."""

    dedup_key: str
    source: EventSource
    camera_id: int
    kind: EventKind
    topic: str
    occurred_at: datetime
    active: bool = True
    box_id: int | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    snapshot_sha256: str | None = None
    snapshot_size: int | None = None
    # Filled by store_events:
    id: int | None = None
    incident_id: int | None = None


def _insert(session: Session) -> Any:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def store_events(hub: Hub, session: Session, events: Sequence[NewEvent]) -> list[NewEvent]:
    """Store the events not stored before, run the rules; returns the new ones (with
    their ``id`` and ``incident_id``). Events of cameras not in the catalogue are dropped."""
    seen: set[str] = set()
    batch: list[NewEvent] = []
    for e in events:
        if e.dedup_key not in seen:
            seen.add(e.dedup_key)
            batch.append(e)
    if not batch:
        return []
    camera_ids = {e.camera_id for e in batch}
    cameras = {c.id: c for c in session.scalars(select(Camera).where(Camera.id.in_(camera_ids)))}
    unknown = camera_ids - set(cameras)
    if unknown:
        log.warning("events of %d cameras not in the catalogue dropped", len(unknown))
        batch = [e for e in batch if e.camera_id in cameras]
    now = hub.clock.now()
    insert = _insert(session)
    by_key = {e.dedup_key: e for e in batch}
    new: list[NewEvent] = []
    # One statement, compiled once and cached, sent as multi-row INSERTs by SQLAlchemy's
    # "insertmanyvalues" (RETURNING gives back only the rows really inserted).
    table = EVENTS
    stmt = (
        insert(table)
        .on_conflict_do_nothing(index_elements=["dedup_key"])
        .returning(table.c.id, table.c.dedup_key)
    )
    params = [
        {
            "dedup_key": e.dedup_key,
            "source": e.source.value,
            "camera_id": e.camera_id,
            "box_id": e.box_id,
            "kind": e.kind.value,
            "topic": e.topic[:200],
            "occurred_at": e.occurred_at,
            "received_at": now,
            "metadata_json": json.dumps(e.metadata, ensure_ascii=False, separators=(",", ":")),
            "snapshot_sha256": e.snapshot_sha256,
            "snapshot_size": e.snapshot_size,
            "held": False,
        }
        for e in batch
    ]
    for row_id, key in session.connection().execute(stmt, params):
        event = by_key[key]
        event.id = row_id
        new.append(event)
    if new:
        _apply_rules(hub, session, new, cameras)
    return new


def _apply_rules(
    hub: Hub, session: Session, events: list[NewEvent], cameras: dict[int, Camera]
) -> None:
    rules = rules_by_key(session)
    touched: dict[int, Incident] = {}
    opened: set[int] = set()
    links: dict[int, list[int]] = {}  # incident id -> its new events
    todo: list[tuple[NewEvent, IncidentRule]] = []
    for event in sorted(events, key=lambda e: e.occurred_at):
        rule = rules.get(event.kind.value) or rules.get(EventKind.OTHER.value)
        if rule is not None and rule.enabled and event.active:
            todo.append((event, rule))
    current = _open_sources(session, {source_key(r, e.camera_id) for e, r in todo})
    if _will_open(todo, current):
        # An opening appends to the audit chain: take it before any incident row, the
        # order of every incident writer (and of the health checker). A batch that only
        # folds never waits for the chain.
        hub.audit.lock_chain(session)
    for event, rule in todo:
        camera = cameras[event.camera_id]
        key = source_key(rule, camera.id)
        row = current.get(key)
        if row is not None and not folds(rule, row, event.occurred_at):
            row = None
        if row is None:
            row = open_incident(
                hub,
                session,
                category=rule.category,
                priority=rule.priority,
                title=f"{camera.name}: {event.kind.value}",
                description=event.topic,
                camera=camera,
                unit_id=camera.operating_unit_id,
                at=event.occurred_at,
                rule=rule,
                source_key=key,
            )
            opened.add(row.id)
            current[key] = row
        else:
            fold(row, event.occurred_at)
        touched[row.id] = row
        event.incident_id = row.id
        assert event.id is not None
        links.setdefault(row.id, []).append(event.id)
    if links:  # one executemany (pipelined by the driver), not a statement per event
        table = EVENTS
        session.connection().execute(
            update(table)
            .where(table.c.id == bindparam("event_id"))
            .values(incident_id=bindparam("incident"))
            .execution_options(synchronize_session=False),
            [{"event_id": e, "incident": i} for i, ids in links.items() for e in ids],
        )
    folded = [row for incident_id, row in touched.items() if incident_id not in opened]
    now = hub.clock.now()
    for row in folded:
        row.updated_at = now
    session.flush()
    push_many(hub, session, folded, TOPIC_UPDATED)


def _will_open(todo: list[tuple[NewEvent, IncidentRule]], current: dict[str, Incident]) -> bool:
    """Whether applying ``todo`` opens an incident (a dry run of the folding)."""
    last: dict[str, datetime] = {k: as_utc(r.last_event_at) for k, r in current.items()}
    for event, rule in todo:
        key = source_key(rule, event.camera_id)
        seen = last.get(key)
        if seen is None or not within(rule, seen, event.occurred_at):
            return True
        last[key] = max(seen, event.occurred_at)
    return False


def source_key(rule: IncidentRule, camera_id: int) -> str:
    """What folds: one rule on one camera."""
    return f"rule:{rule.id}:camera:{camera_id}"


def _open_sources(session: Session, keys: set[str]) -> dict[str, Incident]:
    """The newest open incident of each source key, in one query."""
    if not keys:
        return {}
    stmt = (
        select(Incident)
        .where(Incident.source_key.in_(keys), Incident.status.in_(ACTIVE))
        .order_by(Incident.id)
    )
    return {row.source_key: row for row in session.scalars(stmt) if row.source_key}


def ingest_camera_events(hub: Hub, session: Session, events: Sequence[CameraEvent]) -> int:
    """Store the ONVIF events of cameras (dropping re-deliveries by ``key``), run the
    rules, open or fold incidents; pushes leave when ``session`` commits. Returns how
    many events were new."""
    items = [
        NewEvent(
            dedup_key=f"onvif:{e.camera_id}:{e.key}"[:300],
            source=EventSource.ONVIF,
            camera_id=e.camera_id,
            kind=e.kind,
            topic=e.topic,
            occurred_at=e.occurred_at,
            active=e.active,
            metadata={
                **({"source": e.source} if e.source else {}),
                **({"data": e.data} if e.data else {}),
                **({"operation": e.operation.value} if e.operation else {}),
            },
        )
        for e in events
    ]
    return len(store_events(hub, session, items))
