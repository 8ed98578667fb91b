# SPDX-License-Identifier: GPL-3.0-or-later
"""Violation cases: cases, camera ranges, media, steps and legal deadlines; extraction
requests, decisions and fast-extraction authorisations; storage devices; exports; the
extraction log and the personal-data processing log."""

import sqlalchemy as sa
from alembic import op

from hub.db import UtcDateTime

revision = "0015_cases"
down_revision = "0014_camera_channel"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fast_extraction_authorisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("grantee_id", sa.Integer(), nullable=False),
        sa.Column("granted_by", sa.Integer(), nullable=False),
        sa.Column("document_number", sa.String(length=100), nullable=False),
        sa.Column("document_date", sa.Date(), nullable=False),
        sa.Column("recorded_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["granted_by"],
            ["users.id"],
            name=op.f("fk_fast_extraction_authorisations_granted_by_users"),
        ),
        sa.ForeignKeyConstraint(
            ["grantee_id"],
            ["users.id"],
            name=op.f("fk_fast_extraction_authorisations_grantee_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["org_units.id"],
            name=op.f("fk_fast_extraction_authorisations_unit_id_org_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fast_extraction_authorisations")),
    )
    op.create_index(
        op.f("ix_fast_extraction_authorisations_grantee_id"),
        "fast_extraction_authorisations",
        ["grantee_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_fast_extraction_authorisations_unit_id"),
        "fast_extraction_authorisations",
        ["unit_id"],
        unique=False,
    )
    op.create_table(
        "storage_devices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identifier", sa.String(length=100), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("owner_unit_id", sa.Integer(), nullable=False),
        sa.Column("asset_number", sa.String(length=100), nullable=False),
        sa.Column("registered_by", sa.Integer(), nullable=True),
        sa.Column("registered_at", UtcDateTime(), nullable=False),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
        sa.Column("revoked_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_unit_id"],
            ["org_units.id"],
            name=op.f("fk_storage_devices_owner_unit_id_org_units"),
        ),
        sa.ForeignKeyConstraint(
            ["registered_by"], ["users.id"], name=op.f("fk_storage_devices_registered_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by"], ["users.id"], name=op.f("fk_storage_devices_revoked_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_storage_devices")),
        sa.UniqueConstraint("identifier", name=op.f("uq_storage_devices_identifier")),
    )
    op.create_index(
        op.f("ix_storage_devices_owner_unit_id"), "storage_devices", ["owner_unit_id"], unique=False
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=30), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("violation_type", sa.String(length=30), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("plate", sa.String(length=20), nullable=True),
        sa.Column("vehicle_type", sa.String(length=100), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("detected_at", UtcDateTime(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("opened_by", sa.Integer(), nullable=True),
        sa.Column("opened_at", UtcDateTime(), nullable=False),
        sa.Column("police_unit_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", UtcDateTime(), nullable=True),
        sa.Column("accepted_at", UtcDateTime(), nullable=True),
        sa.Column("accepted_by", sa.Integer(), nullable=True),
        sa.Column("complex", sa.Boolean(), nullable=False),
        sa.Column("violator", sa.String(length=200), nullable=True),
        sa.Column("identified_at", UtcDateTime(), nullable=True),
        sa.Column("recorded_at", UtcDateTime(), nullable=True),
        sa.Column("record_number", sa.String(length=100), nullable=True),
        sa.Column("outside_authority", sa.Boolean(), nullable=False),
        sa.Column("transferred_from_unit_id", sa.Integer(), nullable=True),
        sa.Column("transferred_at", UtcDateTime(), nullable=True),
        sa.Column("decision_extension", sa.String(length=30), nullable=True),
        sa.Column("decided_at", UtcDateTime(), nullable=True),
        sa.Column("decision_number", sa.String(length=100), nullable=True),
        sa.Column("outcome", sa.String(length=30), nullable=True),
        sa.Column("conclusion", sa.Text(), nullable=True),
        sa.Column("concluded_at", UtcDateTime(), nullable=True),
        sa.Column("closed_at", UtcDateTime(), nullable=True),
        sa.Column("held", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["accepted_by"], ["users.id"], name=op.f("fk_cases_accepted_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_cases_incident_id_incidents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["opened_by"], ["users.id"], name=op.f("fk_cases_opened_by_users")),
        sa.ForeignKeyConstraint(
            ["police_unit_id"], ["org_units.id"], name=op.f("fk_cases_police_unit_id_org_units")
        ),
        sa.ForeignKeyConstraint(
            ["transferred_from_unit_id"],
            ["org_units.id"],
            name=op.f("fk_cases_transferred_from_unit_id_org_units"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_units.id"], name=op.f("fk_cases_unit_id_org_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("number", name=op.f("uq_cases_number")),
    )
    op.create_index(op.f("ix_cases_incident_id"), "cases", ["incident_id"], unique=False)
    op.create_index(op.f("ix_cases_police_unit_id"), "cases", ["police_unit_id"], unique=False)
    op.create_index("ix_cases_status_id", "cases", ["status", "id"], unique=False)
    op.create_index(op.f("ix_cases_unit_id"), "cases", ["unit_id"], unique=False)
    op.create_table(
        "case_cameras",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("start", UtcDateTime(), nullable=False),
        sa.Column("end", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["camera_id"], ["cameras.id"], name=op.f("fk_case_cameras_camera_id_cameras")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_cameras_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_cameras")),
    )
    op.create_index(
        "ix_case_cameras_camera_id_start", "case_cameras", ["camera_id", "start"], unique=False
    )
    op.create_index(op.f("ix_case_cameras_case_id"), "case_cameras", ["case_id"], unique=False)
    op.create_table(
        "case_deadlines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("article", sa.String(length=20), nullable=False),
        sa.Column("basis", sa.String(length=200), nullable=False),
        sa.Column("started_at", UtcDateTime(), nullable=False),
        sa.Column("due_at", UtcDateTime(), nullable=False),
        sa.Column("met_at", UtcDateTime(), nullable=True),
        sa.Column("void", sa.Boolean(), nullable=False),
        sa.Column("pending", sa.Boolean(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_deadlines_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_case_deadlines_incident_id_incidents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_units.id"], name=op.f("fk_case_deadlines_unit_id_org_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_deadlines")),
        sa.UniqueConstraint("case_id", "kind", name=op.f("uq_case_deadlines_case_id")),
    )
    op.create_index(
        "ix_case_deadlines_pending_due_at", "case_deadlines", ["pending", "due_at"], unique=False
    )
    op.create_index(
        "ix_case_deadlines_unit_id_pending_due_at",
        "case_deadlines",
        ["unit_id", "pending", "due_at"],
        unique=False,
    )
    op.create_table(
        "case_media",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("start", UtcDateTime(), nullable=False),
        sa.Column("end", UtcDateTime(), nullable=False),
        sa.Column("duration_seconds", sa.Float(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=True),
        sa.Column("file_name", sa.String(length=300), nullable=True),
        sa.Column("added_by", sa.Integer(), nullable=True),
        sa.Column("added_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by"], ["users.id"], name=op.f("fk_case_media_added_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["camera_id"], ["cameras.id"], name=op.f("fk_case_media_camera_id_cameras")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_media_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["evidence_snapshots.id"],
            name=op.f("fk_case_media_snapshot_id_evidence_snapshots"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_media")),
    )
    op.create_index(op.f("ix_case_media_case_id"), "case_media", ["case_id"], unique=False)
    op.create_index(op.f("ix_case_media_sha256"), "case_media", ["sha256"], unique=False)
    op.create_table(
        "case_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_case_steps_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_steps_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_units.id"], name=op.f("fk_case_steps_unit_id_org_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_steps")),
    )
    op.create_index(op.f("ix_case_steps_case_id"), "case_steps", ["case_id"], unique=False)
    op.create_table(
        "extraction_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("commitment", sa.Text(), nullable=True),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("requester_unit_id", sa.Integer(), nullable=False),
        sa.Column("requester_agency", sa.String(length=200), nullable=True),
        sa.Column("document_number", sa.String(length=100), nullable=True),
        sa.Column("document_date", sa.Date(), nullable=True),
        sa.Column("offence", sa.String(length=30), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("authorisation_id", sa.Integer(), nullable=True),
        sa.Column("dossier_due_at", UtcDateTime(), nullable=True),
        sa.Column("dossier_completed_at", UtcDateTime(), nullable=True),
        sa.Column("dossier_reference", sa.String(length=100), nullable=True),
        sa.Column("dossier_flagged_at", UtcDateTime(), nullable=True),
        sa.Column("dossier_incident_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["authorisation_id"],
            ["fast_extraction_authorisations.id"],
            name=op.f("fk_extraction_requests_authorisation_id_fast_extraction_authorisations"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_extraction_requests_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["dossier_incident_id"],
            ["incidents.id"],
            name=op.f("fk_extraction_requests_dossier_incident_id_incidents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"], ["users.id"], name=op.f("fk_extraction_requests_requester_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["requester_unit_id"],
            ["org_units.id"],
            name=op.f("fk_extraction_requests_requester_unit_id_org_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extraction_requests")),
    )
    op.create_index(
        op.f("ix_extraction_requests_case_id"), "extraction_requests", ["case_id"], unique=False
    )
    op.create_index(
        "ix_extraction_requests_dossier_due_at",
        "extraction_requests",
        ["dossier_due_at"],
        unique=False,
    )
    op.create_index(
        "ix_extraction_requests_status", "extraction_requests", ["status"], unique=False
    )
    op.create_table(
        "personal_data_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("data_types", sa.String(length=100), nullable=False),
        sa.Column("performer_id", sa.Integer(), nullable=False),
        sa.Column("performer_unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_personal_data_log_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["performer_id"], ["users.id"], name=op.f("fk_personal_data_log_performer_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["performer_unit_id"],
            ["org_units.id"],
            name=op.f("fk_personal_data_log_performer_unit_id_org_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_data_log")),
    )
    op.create_index(
        "ix_personal_data_log_case_id_id", "personal_data_log", ["case_id", "id"], unique=False
    )
    op.create_table(
        "case_exports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("performed_by", sa.Integer(), nullable=False),
        sa.Column("performed_at", UtcDateTime(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("recipient_agency", sa.String(length=200), nullable=True),
        sa.Column("consent_document_number", sa.String(length=100), nullable=True),
        sa.Column("consent_document_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_exports_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["storage_devices.id"],
            name=op.f("fk_case_exports_device_id_storage_devices"),
        ),
        sa.ForeignKeyConstraint(
            ["performed_by"], ["users.id"], name=op.f("fk_case_exports_performed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["extraction_requests.id"],
            name=op.f("fk_case_exports_request_id_extraction_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_exports")),
    )
    op.create_index(op.f("ix_case_exports_case_id"), "case_exports", ["case_id"], unique=False)
    op.create_table(
        "extraction_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("verdict", sa.String(length=10), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("by_unit_id", sa.Integer(), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_id"], ["users.id"], name=op.f("fk_extraction_decisions_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["by_unit_id"],
            ["org_units.id"],
            name=op.f("fk_extraction_decisions_by_unit_id_org_units"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["extraction_requests.id"],
            name=op.f("fk_extraction_decisions_request_id_extraction_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extraction_decisions")),
    )
    op.create_index(
        op.f("ix_extraction_decisions_request_id"),
        "extraction_decisions",
        ["request_id"],
        unique=False,
    )
    op.create_table(
        "extraction_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("performer_id", sa.Integer(), nullable=False),
        sa.Column("performer_unit_id", sa.Integer(), nullable=False),
        sa.Column("requester", sa.String(length=400), nullable=False),
        sa.Column("camera_ids", sa.String(length=400), nullable=False),
        sa.Column("media_count", sa.Integer(), nullable=False),
        sa.Column("device_identifier", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_extraction_log_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["performer_id"], ["users.id"], name=op.f("fk_extraction_log_performer_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["performer_unit_id"],
            ["org_units.id"],
            name=op.f("fk_extraction_log_performer_unit_id_org_units"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["extraction_requests.id"],
            name=op.f("fk_extraction_log_request_id_extraction_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extraction_log")),
    )
    op.create_index(
        "ix_extraction_log_case_id_id", "extraction_log", ["case_id", "id"], unique=False
    )
    op.create_table(
        "case_export_items",
        sa.Column("export_id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["export_id"],
            ["case_exports.id"],
            name=op.f("fk_case_export_items_export_id_case_exports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["media_id"], ["case_media.id"], name=op.f("fk_case_export_items_media_id_case_media")
        ),
        sa.PrimaryKeyConstraint("export_id", "media_id", name=op.f("pk_case_export_items")),
    )


def downgrade() -> None:

    op.drop_table("case_export_items")
    op.drop_index("ix_extraction_log_case_id_id", table_name="extraction_log")
    op.drop_table("extraction_log")
    op.drop_index(op.f("ix_extraction_decisions_request_id"), table_name="extraction_decisions")
    op.drop_table("extraction_decisions")
    op.drop_index(op.f("ix_case_exports_case_id"), table_name="case_exports")
    op.drop_table("case_exports")
    op.drop_index("ix_personal_data_log_case_id_id", table_name="personal_data_log")
    op.drop_table("personal_data_log")
    op.drop_index("ix_extraction_requests_status", table_name="extraction_requests")
    op.drop_index("ix_extraction_requests_dossier_due_at", table_name="extraction_requests")
    op.drop_index(op.f("ix_extraction_requests_case_id"), table_name="extraction_requests")
    op.drop_table("extraction_requests")
    op.drop_index(op.f("ix_case_steps_case_id"), table_name="case_steps")
    op.drop_table("case_steps")
    op.drop_index(op.f("ix_case_media_sha256"), table_name="case_media")
    op.drop_index(op.f("ix_case_media_case_id"), table_name="case_media")
    op.drop_table("case_media")
    op.drop_index("ix_case_deadlines_unit_id_pending_due_at", table_name="case_deadlines")
    op.drop_index("ix_case_deadlines_pending_due_at", table_name="case_deadlines")
    op.drop_table("case_deadlines")
    op.drop_index(op.f("ix_case_cameras_case_id"), table_name="case_cameras")
    op.drop_index("ix_case_cameras_camera_id_start", table_name="case_cameras")
    op.drop_table("case_cameras")
    op.drop_index(op.f("ix_cases_unit_id"), table_name="cases")
    op.drop_index("ix_cases_status_id", table_name="cases")
    op.drop_index(op.f("ix_cases_police_unit_id"), table_name="cases")
    op.drop_index(op.f("ix_cases_incident_id"), table_name="cases")
    op.drop_table("cases")
    op.drop_index(op.f("ix_storage_devices_owner_unit_id"), table_name="storage_devices")
    op.drop_table("storage_devices")
    op.drop_index(
        op.f("ix_fast_extraction_authorisations_unit_id"),
        table_name="fast_extraction_authorisations",
    )
    op.drop_index(
        op.f("ix_fast_extraction_authorisations_grantee_id"),
        table_name="fast_extraction_authorisations",
    )
    op.drop_table("fast_extraction_authorisations")
