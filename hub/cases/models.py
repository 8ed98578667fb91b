# SPDX-License-Identifier: GPL-3.0-or-later
"""Tables of violation cases: the case and its camera ranges, media, steps and legal
deadlines; extraction requests, their decisions and the written authorisations of fast
extraction; the register of storage devices; exports; the extraction log and the
personal-data processing log.

A case is never deleted (a closed or cancelled case keeps its history). Its deadlines are
rows (one per kind) so the deadline board is one indexed query: ``pending`` is true while
a deadline is neither met nor void.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from hub.db import Base, UtcDateTime


class ViolationCase(Base):
    """One violation case; ``version`` grows with every step (optimistic lock)."""

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_status_id", "status", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str | None] = mapped_column(String(30), unique=True)
    status: Mapped[str] = mapped_column(String(20))
    origin: Mapped[str] = mapped_column(String(10))
    violation_type: Mapped[str] = mapped_column(String(30))
    incident_id: Mapped[int | None] = mapped_column(
        ForeignKey("incidents.id", ondelete="SET NULL"), index=True
    )
    place: Mapped[str] = mapped_column(String(200))
    plate: Mapped[str | None] = mapped_column(String(20))
    vehicle_type: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    detected_at: Mapped[datetime] = mapped_column(UtcDateTime)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    police_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    accepted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    complex: Mapped[bool] = mapped_column(Boolean, default=False)
    violator: Mapped[str | None] = mapped_column(String(200))
    identified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    recorded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    record_number: Mapped[str | None] = mapped_column(String(100))
    outside_authority: Mapped[bool] = mapped_column(Boolean, default=False)
    transferred_from_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
    transferred_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decision_extension: Mapped[str | None] = mapped_column(String(30))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decision_number: Mapped[str | None] = mapped_column(String(100))
    outcome: Mapped[str | None] = mapped_column(String(30))
    conclusion: Mapped[str | None] = mapped_column(Text)
    concluded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    held: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CaseCamera(Base):
    """A camera of a case and the time range of the violation on it."""

    __tablename__ = "case_cameras"
    __table_args__ = (Index("ix_case_cameras_camera_id_start", "camera_id", "start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("cameras.id"))
    start: Mapped[datetime] = mapped_column(UtcDateTime)
    end: Mapped[datetime] = mapped_column(UtcDateTime)


class CaseDeadline(Base):
    """One legal deadline of a case (a kind at most once), counted from the case's facts
    by the active profile; ``unit_id`` is the unit that must act."""

    __tablename__ = "case_deadlines"
    __table_args__ = (
        UniqueConstraint("case_id", "kind"),
        Index("ix_case_deadlines_pending_due_at", "pending", "due_at"),
        Index("ix_case_deadlines_unit_id_pending_due_at", "unit_id", "pending", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    side: Mapped[str] = mapped_column(String(10))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    article: Mapped[str] = mapped_column(String(20))
    basis: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    met_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    void: Mapped[bool] = mapped_column(Boolean, default=False)
    pending: Mapped[bool] = mapped_column(Boolean, default=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id", ondelete="SET NULL"))


class CaseMedia(Base):
    """A clip or snapshot of a case; the file is named by its SHA-256 (clips: the
    archive's clip store; snapshots: an evidence snapshot)."""

    __tablename__ = "case_media"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    camera_id: Mapped[int] = mapped_column(ForeignKey("cameras.id"))
    start: Mapped[datetime] = mapped_column(UtcDateTime)
    end: Mapped[datetime] = mapped_column(UtcDateTime)
    duration_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("evidence_snapshots.id"))
    file_name: Mapped[str | None] = mapped_column(String(300))
    added_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CaseStep(Base):
    """One recorded step of a case (status change, comment, media, extraction…)."""

    __tablename__ = "case_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str | None] = mapped_column(Text)


class FastExtractionAuthorisation(Base):
    """TN 9.2a: a commune chairman's written authorisation of a person to direct fast
    extraction for the commune, until it expires or is revoked."""

    __tablename__ = "fast_extraction_authorisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    grantee_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    granted_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    document_number: Mapped[str] = mapped_column(String(100))
    document_date: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ExtractionRequest(Base):
    """A request to extract a case's footage under the profile's approval rule, or a
    fast extraction (TN 9.2) with its dossier deadline."""

    __tablename__ = "extraction_requests"
    __table_args__ = (
        Index("ix_extraction_requests_status", "status"),
        Index("ix_extraction_requests_dossier_due_at", "dossier_due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    rule: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(30))
    purpose: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    commitment: Mapped[str | None] = mapped_column(Text)
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requester_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    requester_agency: Mapped[str | None] = mapped_column(String(200))
    document_number: Mapped[str | None] = mapped_column(String(100))
    document_date: Mapped[date | None] = mapped_column(Date)
    offence: Mapped[str | None] = mapped_column(String(30))
    reason: Mapped[str | None] = mapped_column(Text)
    authorisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("fast_extraction_authorisations.id")
    )
    dossier_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    dossier_completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    dossier_reference: Mapped[str | None] = mapped_column(String(100))
    dossier_flagged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    dossier_incident_id: Mapped[int | None] = mapped_column(
        ForeignKey("incidents.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ExtractionDecision(Base):
    """An endorsement or decision on an extraction request (never by its requester)."""

    __tablename__ = "extraction_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("extraction_requests.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(String(20))
    verdict: Mapped[str] = mapped_column(String(10))
    by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    by_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class StorageDevice(Base):
    """A registered state-owned storage device (TN 9.2c): raw media go nowhere else."""

    __tablename__ = "storage_devices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identifier: Mapped[str] = mapped_column(String(100), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    owner_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    asset_number: Mapped[str] = mapped_column(String(100))
    registered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CaseExport(Base):
    """Media of a case copied to a registered device under an extraction request."""

    __tablename__ = "case_exports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("extraction_requests.id"))
    device_id: Mapped[int] = mapped_column(ForeignKey("storage_devices.id"))
    performed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    performed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    purpose: Mapped[str] = mapped_column(Text)
    recipient_agency: Mapped[str | None] = mapped_column(String(200))
    consent_document_number: Mapped[str | None] = mapped_column(String(100))
    consent_document_date: Mapped[date | None] = mapped_column(Date)


class CaseExportItem(Base):
    """A medium of an export."""

    __tablename__ = "case_export_items"

    export_id: Mapped[int] = mapped_column(
        ForeignKey("case_exports.id", ondelete="CASCADE"), primary_key=True
    )
    media_id: Mapped[int] = mapped_column(ForeignKey("case_media.id"), primary_key=True)


class ExtractionLogEntry(Base):
    """DB 16.3: each extraction with its purpose, time, performer and requester."""

    __tablename__ = "extraction_log"
    __table_args__ = (Index("ix_extraction_log_case_id_id", "case_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    action: Mapped[str] = mapped_column(String(20))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("extraction_requests.id"))
    purpose: Mapped[str] = mapped_column(Text)
    performer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    performer_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    requester: Mapped[str] = mapped_column(String(400))
    camera_ids: Mapped[str] = mapped_column(String(400), default="")
    media_count: Mapped[int] = mapped_column(Integer, default=0)
    device_identifier: Mapped[str | None] = mapped_column(String(100))


class PersonalDataLogEntry(Base):
    """TN 21.5b: each processing of personal data with its purpose, time, data type and
    performer."""

    __tablename__ = "personal_data_log"
    __table_args__ = (Index("ix_personal_data_log_case_id_id", "case_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    action: Mapped[str] = mapped_column(String(20))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    purpose: Mapped[str] = mapped_column(Text)
    data_types: Mapped[str] = mapped_column(String(100))
    performer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    performer_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
