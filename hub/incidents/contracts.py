# SPDX-License-Identifier: GPL-3.0-or-later
"""Shapes of events, incidents, incident rules and edge AI boxes, shared by the hub and
the console (pydantic only, no server code).

Routes (all under the hub's app, JSON, bearer session token unless said otherwise):

- ``GET /api/incidents`` (filters: ``status``, ``priority``, ``category``, ``camera_id``,
  ``overdue``, ``open``, ``limit``, ``before_id``) → ``list[IncidentOut]``, newest first,
  only what the caller's scope covers; ``GET /api/incidents/{id}`` → :class:`IncidentDetail`;
  ``POST /api/incidents`` (:class:`IncidentReport`, any signed-in user) → 201 ``IncidentOut``.
- ``POST /api/incidents/{id}/acknowledge|start|close`` (:class:`VersionIn`),
  ``/assign`` (:class:`AssignIn`), ``/resolve`` (:class:`ResolveIn`), ``/reopen``
  (:class:`ReopenIn`), ``/escalate`` (:class:`EscalateIn`) → the new ``IncidentOut``;
  ``/comments`` (:class:`CommentIn`), ``/procedure/{key}`` (:class:`ProcedureTick`),
  ``/attachments`` (:class:`AttachmentIn`) → the new ``IncidentOut``;
  ``GET /api/incidents/{id}/attachments/{attachment_id}`` → the bytes;
  ``GET /api/incidents/assignees?incident_id=`` → ``list[AssigneeOut]``.
  A stale ``version`` → 409 ``incident.stale``; a step the status does not allow → 409
  ``incident.bad_transition``; a wrong role → 403 (audited); out of scope → 404
  ``incident.not_found``.
- Events: **``GET /api/events/recent``** (``camera_id``, ``kind``, ``since``, ``limit``) →
  ``list[EventOut]`` — not ``GET /api/events``, which is the push stream (SSE) — and
  ``GET /api/events/{id}/snapshot`` → ``image/jpeg``.
- Rules: ``GET /api/incident-rules`` → ``list[IncidentRuleOut]``; ``PATCH
  /api/incident-rules/{id}`` (:class:`IncidentRuleUpdate`, ``incident.supervise``).
- Edge AI boxes: ``POST /api/ai-boxes`` (:class:`AiBoxCreate`, ``camera.manage``) → 201
  :class:`AiBoxEnrolled` (the token, shown once); ``GET /api/ai-boxes``; ``POST
  /api/ai-boxes/{id}/revoke``. The box itself posts ``POST /api/ingest/ai-events``
  (``Authorization: Bearer <box token>``, never a user session) with an
  :class:`AiEventIn` (→ :class:`AiEventResult`, 201 new / 200 duplicate) or an
  :class:`AiEventBatch` (→ :class:`AiEventBatchResult`).

Push topics (SSE): ``incident.opened`` and ``incident.updated``, data = ``IncidentOut``
JSON with ``allowed_actions`` empty (ask ``GET /api/incidents/{id}`` for them).
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from hub.contracts import Name, RowId, UtcDateTimeIn
from hub.incidents.camera_events import EventKind


def _no_control(value: str) -> str:
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise ValueError("control characters are not allowed")
    return value


def _single_line(value: str) -> str:
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ValueError("control characters are not allowed")
    return value


Title = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_single_line)]
LongText = Annotated[str, Field(max_length=4000), AfterValidator(_no_control)]
NonEmptyLongText = Annotated[str, Field(min_length=1, max_length=4000), AfterValidator(_no_control)]
ShortText = Annotated[str, Field(max_length=100), AfterValidator(_single_line)]
Version = Annotated[int, Field(ge=1, le=2_147_483_647)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- enums ------------------------------------------------------------------------------


class IncidentCategory(StrEnum):
    """What an incident is about."""

    FAULT = "fault"  # a camera or the system does not work (DH 8, YB 8; TN 15)
    SECURITY_INCIDENT = "security_incident"  # TN 11.5
    DATA_LEAK = "data_leak"  # personal data leaked (TN 11.5)
    ABUSE = "abuse"  # abuse of the system (HCM 10.4, TN 9.4)
    VIOLATION = "violation"
    INTRUSION = "intrusion"
    MOTION = "motion"
    TAMPERING = "tampering"
    OTHER = "other"


# What a person may report from the console (the others come from rules).
REPORTABLE = frozenset(
    {
        IncidentCategory.FAULT,
        IncidentCategory.SECURITY_INCIDENT,
        IncidentCategory.DATA_LEAK,
        IncidentCategory.ABUSE,
    }
)


class Priority(StrEnum):
    """Priority of an incident; ``critical`` needs a forced acknowledgement."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class IncidentStatus(StrEnum):
    """Life cycle: new → acknowledged → assigned → in_progress → resolved → closed."""

    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"


class IncidentAction(StrEnum):
    """What a caller may do to an incident (``IncidentOut.allowed_actions``)."""

    ACKNOWLEDGE = "acknowledge"
    ASSIGN = "assign"
    START = "start"
    COMMENT = "comment"
    ESCALATE = "escalate"
    RESOLVE = "resolve"
    CLOSE = "close"
    REOPEN = "reopen"
    CHECK = "check"  # tick a procedure step
    ATTACH = "attach"


class EventSource(StrEnum):
    """Where an event came from."""

    ONVIF = "onvif"
    AI_BOX = "ai_box"


# --- incidents --------------------------------------------------------------------------


class ProcedureStep(BaseModel):
    """One step of the category's procedure (checklist), as ticked on this incident."""

    key: str
    text_vi: str
    text_en: str
    done: bool
    done_by: str | None = None
    done_at: datetime | None = None


class IncidentOut(BaseModel):
    """An incident as the queue shows it."""

    id: int
    category: IncidentCategory
    priority: Priority
    status: IncidentStatus
    title: str
    description: str
    camera_id: int | None
    camera_name: str | None
    territory_id: int | None
    territory_name: str | None
    unit_id: int  # the owning / duty unit
    unit_name: str
    domain: str | None
    rule_id: int | None
    count: int  # events folded into it
    first_event_at: datetime
    last_event_at: datetime
    opened_at: datetime
    opened_by: str | None  # display name; None when opened automatically
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    assignee_id: int | None
    assignee_name: str | None
    escalation_level: int
    escalated_to_unit_id: int | None
    due_at: datetime | None  # repair deadline (fault) from the active profile
    due_basis: str | None  # the article and amount, e.g. "TN 15.1: 3 ngày làm việc"
    notice_due_at: datetime | None  # TN 11.5: written notice within 72 h
    overdue: bool
    requires_ack: bool
    resolution: str | None
    resolved_at: datetime | None
    closed_at: datetime | None
    version: int
    procedure: list[ProcedureStep] = Field(default_factory=list)
    allowed_actions: list[IncidentAction] = Field(default_factory=list)


class IncidentStepOut(BaseModel):
    """One recorded step of an incident's history."""

    at: datetime
    actor_name: str | None
    action: str
    from_status: IncidentStatus | None
    to_status: IncidentStatus | None
    text: str | None


class AttachmentOut(BaseModel):
    """A file attached to an incident (the bytes: ``GET …/attachments/{id}``)."""

    id: int
    name: str
    content_type: str
    size: int
    sha256: str
    added_by: str | None
    added_at: datetime


class EventOut(BaseModel):
    """One stored event."""

    id: int
    camera_id: int | None
    source: EventSource
    box_name: str | None
    kind: EventKind
    topic: str
    occurred_at: datetime
    received_at: datetime
    metadata: dict[str, Any]
    has_snapshot: bool
    incident_id: int | None


class IncidentDetail(IncidentOut):
    """An incident with its history, attachments and latest events (50)."""

    steps: list[IncidentStepOut] = Field(default_factory=list)
    attachments: list[AttachmentOut] = Field(default_factory=list)
    events: list[EventOut] = Field(default_factory=list)


class IncidentReport(_In):
    """A person reports a fault, security incident, data leak or abuse (console → hub)."""

    category: IncidentCategory
    title: Title
    description: LongText = ""
    camera_id: RowId | None = None
    priority: Priority | None = None

    @field_validator("category")
    @classmethod
    def _reportable(cls, value: IncidentCategory) -> IncidentCategory:
        if value not in REPORTABLE:
            raise ValueError("only fault, security_incident, data_leak or abuse are reported")
        return value


class VersionIn(_In):
    """A step that needs only the version the caller saw."""

    version: Version


class AssignIn(_In):
    """Give the incident to someone (oneself, or others with ``incident.supervise``)."""

    version: Version
    user_id: RowId


class ResolveIn(_In):
    """Record how the incident was resolved."""

    version: Version
    resolution: NonEmptyLongText


class ReopenIn(_In):
    """Reopen a resolved or closed incident, saying why."""

    version: Version
    reason: NonEmptyLongText


class EscalateIn(_In):
    """Hand the incident to a higher unit (default: the parent of its current unit)."""

    version: Version
    reason: NonEmptyLongText
    unit_id: RowId | None = None


class CommentIn(_In):
    """A comment on an incident."""

    text: NonEmptyLongText


class ProcedureTick(_In):
    """Tick (or untick) one step of the incident's procedure."""

    done: bool


class AttachmentIn(_In):
    """A file to attach (the hub limits its size: ``incident_attachment_max_bytes``)."""

    name: Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_single_line)]
    content_type: Annotated[
        str, Field(min_length=3, max_length=100, pattern=r"^[a-z0-9.+-]+/[a-zA-Z0-9.+-]+$")
    ]
    data_base64: Annotated[str, Field(min_length=1)]


class AssigneeOut(BaseModel):
    """Someone an incident can be assigned to."""

    id: int
    name: str


# --- rules ------------------------------------------------------------------------------


class IncidentRuleOut(BaseModel):
    """How events of one kind become incidents."""

    id: int
    key: str  # an EventKind value, or "camera_offline"
    category: IncidentCategory
    priority: Priority
    enabled: bool  # False: events are stored, no incident is opened
    fold_window_seconds: int  # a repeat within this window folds in (0: while it is open)
    escalate_after_minutes: int | None  # unacknowledged this long → the parent unit
    updated_at: datetime


class IncidentRuleUpdate(_In):
    """Change a rule (``incident.supervise``); omitted fields stay."""

    category: IncidentCategory | None = None
    priority: Priority | None = None
    enabled: bool | None = None
    fold_window_seconds: Annotated[int | None, Field(ge=0, le=7 * 86_400)] = None
    escalate_after_minutes: Annotated[int | None, Field(ge=1, le=30 * 24 * 60)] = None
    clear_escalation: bool = False  # True: never escalate automatically


# --- edge AI boxes ----------------------------------------------------------------------


class AiBoxCreate(_In):
    """Enrol an edge AI box for a unit (``camera.manage``)."""

    name: Name
    unit_id: RowId


class AiBoxOut(BaseModel):
    """An enrolled AI box (never its token)."""

    id: int
    name: str
    unit_id: int
    created_at: datetime
    revoked_at: datetime | None
    last_seen_at: datetime | None


class AiBoxEnrolled(AiBoxOut):
    """A new box and its token, shown this once (only its SHA-256 is kept)."""

    token: str


_EXTRA_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_EXTRA_KEYS = 16
ExtraValue = (
    Annotated[str, Field(max_length=200), AfterValidator(_single_line)] | int | float | bool | None
)


class AiMetadata(_In):
    """What the box read from the picture (TN 3.11-3.13: metadata as text attributes)."""

    plate: Annotated[str, Field(max_length=20), AfterValidator(_single_line)] | None = None
    vehicle_type: ShortText | None = None
    colour: ShortText | None = None
    confidence: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    extra: dict[str, ExtraValue] = Field(default_factory=dict, max_length=MAX_EXTRA_KEYS)

    @field_validator("extra")
    @classmethod
    def _keys(cls, value: dict[str, Any]) -> dict[str, Any]:
        bad = [k for k in value if not _EXTRA_KEY.match(k)]
        if bad:
            raise ValueError("extra keys are 1-40 lower-case letters, digits or _")
        return value


class AiEventIn(_In):
    """One event from an edge AI box (see hub/README.md, "Events from edge AI boxes")."""

    event_id: Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[!-~]+$")]
    camera_id: RowId
    rule: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
    kind: EventKind = EventKind.VIOLATION
    occurred_at: UtcDateTimeIn  # with its UTC offset
    metadata: AiMetadata = Field(default_factory=AiMetadata)
    snapshot_base64: str | None = None  # one JPEG, at most ``ai_snapshot_max_bytes``


class AiEventBatch(_In):
    """Up to 500 events in one post (all stored, or none when one is refused)."""

    events: list[AiEventIn] = Field(min_length=1, max_length=500)


class AiEventResult(BaseModel):
    """What became of one posted event."""

    event_id: str
    duplicate: bool
    id: int | None = None  # the hub's event id (None for a duplicate)
    incident_id: int | None = None


class AiEventBatchResult(BaseModel):
    """What became of a batch."""

    stored: int
    duplicates: int
    results: list[AiEventResult]
