# SPDX-License-Identifier: GPL-3.0-or-later
"""Tables of events, incidents (steps, procedure ticks, attachments), incident rules and
edge AI boxes.

An event is stored once: ``dedup_key`` (unique) names it across re-deliveries — the
device's key for ONVIF events, the box and its own event id for an AI box. Pictures and
attachments are files named by their SHA-256 under the hub's data directory; the rows
keep the hash.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.db import Base, UtcDateTime


class IncidentRule(Base):
    """How events of one kind (``key``: an EventKind value or ``camera_offline``) become
    incidents: category, priority, folding of repeats, escalation when unacknowledged."""

    __tablename__ = "incident_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    category: Mapped[str] = mapped_column(String(30))
    priority: Mapped[str] = mapped_column(String(10))
    enabled: Mapped[bool] = mapped_column(Boolean)
    fold_window_seconds: Mapped[int] = mapped_column(Integer)
    escalate_after_minutes: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class AiBox(Base):
    """An edge AI box of a unit, enrolled with a token (only its SHA-256 is kept)."""

    __tablename__ = "ai_boxes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    last_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Incident(Base):
    """One incident of the queue; ``version`` grows with every change (optimistic lock).

    ``source_key`` names what opened it (a rule on a camera, a camera offline): a repeat
    of the same source while it is open folds into it (``count``, ``last_event_at``).
    ``escalate_at`` is when it escalates if still unacknowledged (None: never).
    """

    __tablename__ = "incidents"
    __table_args__ = (
        Index("ix_incidents_status_id", "status", "id"),
        Index("ix_incidents_source_key_status", "source_key", "status"),
        Index("ix_incidents_escalate_at", "escalate_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(30))
    priority: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    camera_id: Mapped[int | None] = mapped_column(
        ForeignKey("cameras.id", ondelete="SET NULL"), index=True
    )
    territory_id: Mapped[int | None] = mapped_column(ForeignKey("territories.id"))
    domain: Mapped[str | None] = mapped_column(String(40))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    escalated_to_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("incident_rules.id"))
    source_key: Mapped[str | None] = mapped_column(String(100))
    count: Mapped[int] = mapped_column(Integer, default=1)
    first_event_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_event_at: Mapped[datetime] = mapped_column(UtcDateTime)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    acknowledged_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    escalate_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    due_basis: Mapped[str | None] = mapped_column(String(200))
    notice_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolution: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CameraEventRow(Base):
    """One stored event (ONVIF or AI box); purged after the profile's retention unless
    its incident is still open or it is held (``held``, ``hold_reference``: case work)."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_camera_id_occurred_at", "camera_id", "occurred_at"),
        Index("ix_events_received_at", "received_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(300), unique=True)
    source: Mapped[str] = mapped_column(String(10))
    camera_id: Mapped[int | None] = mapped_column(ForeignKey("cameras.id", ondelete="SET NULL"))
    box_id: Mapped[int | None] = mapped_column(ForeignKey("ai_boxes.id"))
    kind: Mapped[str] = mapped_column(String(20))
    topic: Mapped[str] = mapped_column(String(200))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    metadata_json: Mapped[str] = mapped_column(Text, default="{}")
    snapshot_sha256: Mapped[str | None] = mapped_column(String(64))
    snapshot_size: Mapped[int | None] = mapped_column(Integer)
    incident_id: Mapped[int | None] = mapped_column(
        ForeignKey("incidents.id", ondelete="SET NULL"), index=True
    )
    held: Mapped[bool] = mapped_column(Boolean, default=False)
    hold_reference: Mapped[str | None] = mapped_column(String(100))


class IncidentStep(Base):
    """One recorded step of an incident (status change, comment, tick, escalation…)."""

    __tablename__ = "incident_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str | None] = mapped_column(Text)


class ProcedureCheck(Base):
    """A ticked (or unticked) procedure step of one incident."""

    __tablename__ = "incident_procedure_checks"

    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    done: Mapped[bool] = mapped_column(Boolean)
    done_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class IncidentAttachment(Base):
    """A file attached to an incident, stored by its SHA-256."""

    __tablename__ = "incident_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    added_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)
