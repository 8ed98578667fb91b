# SPDX-License-Identifier: GPL-3.0-or-later
"""Events, incidents (steps, procedure ticks, attachments), incident rules with their
defaults, and edge AI boxes.

The default rules are written out here (not imported) so the migration stays what it
was when later releases change them.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from hub.db import UtcDateTime

revision = "0013_incidents"
down_revision = "0012_event_subscriptions"
branch_labels = None
depends_on = None

# key, category, priority, enabled, fold window (s), escalate after (min)
_RULES = [
    ("line_crossing", "violation", "high", True, 60, 15),
    ("violation", "violation", "high", True, 60, 15),
    ("intrusion", "intrusion", "high", True, 120, 10),
    ("tampering", "tampering", "critical", True, 300, 5),
    ("motion", "motion", "low", False, 600, None),
    ("recording", "other", "low", False, 0, None),
    ("other", "other", "low", False, 300, None),
    ("camera_offline", "fault", "medium", True, 0, 60),
]


def upgrade() -> None:
    op.create_table(
        "ai_boxes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
        sa.Column("revoked_by", sa.Integer(), nullable=True),
        sa.Column("last_seen_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_ai_boxes_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by"], ["users.id"], name=op.f("fk_ai_boxes_revoked_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_units.id"], name=op.f("fk_ai_boxes_unit_id_org_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_boxes")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_ai_boxes_token_hash")),
    )
    op.create_index(op.f("ix_ai_boxes_unit_id"), "ai_boxes", ["unit_id"], unique=False)
    op.create_table(
        "incident_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("priority", sa.String(length=10), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("fold_window_seconds", sa.Integer(), nullable=False),
        sa.Column("escalate_after_minutes", sa.Integer(), nullable=True),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_incident_rules_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_rules")),
        sa.UniqueConstraint("key", name=op.f("uq_incident_rules_key")),
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("priority", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=True),
        sa.Column("territory_id", sa.Integer(), nullable=True),
        sa.Column("domain", sa.String(length=40), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("escalated_to_unit_id", sa.Integer(), nullable=True),
        sa.Column("escalation_level", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=True),
        sa.Column("source_key", sa.String(length=100), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_event_at", UtcDateTime(), nullable=False),
        sa.Column("last_event_at", UtcDateTime(), nullable=False),
        sa.Column("opened_at", UtcDateTime(), nullable=False),
        sa.Column("opened_by", sa.Integer(), nullable=True),
        sa.Column("acknowledged_at", UtcDateTime(), nullable=True),
        sa.Column("acknowledged_by", sa.Integer(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("escalate_at", UtcDateTime(), nullable=True),
        sa.Column("due_at", UtcDateTime(), nullable=True),
        sa.Column("due_basis", sa.String(length=200), nullable=True),
        sa.Column("notice_due_at", UtcDateTime(), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("resolved_at", UtcDateTime(), nullable=True),
        sa.Column("closed_at", UtcDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["acknowledged_by"], ["users.id"], name=op.f("fk_incidents_acknowledged_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["users.id"], name=op.f("fk_incidents_assignee_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["camera_id"],
            ["cameras.id"],
            name=op.f("fk_incidents_camera_id_cameras"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["escalated_to_unit_id"],
            ["org_units.id"],
            name=op.f("fk_incidents_escalated_to_unit_id_org_units"),
        ),
        sa.ForeignKeyConstraint(
            ["opened_by"], ["users.id"], name=op.f("fk_incidents_opened_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"], ["incident_rules.id"], name=op.f("fk_incidents_rule_id_incident_rules")
        ),
        sa.ForeignKeyConstraint(
            ["territory_id"], ["territories.id"], name=op.f("fk_incidents_territory_id_territories")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_units.id"], name=op.f("fk_incidents_unit_id_org_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    op.create_index(op.f("ix_incidents_camera_id"), "incidents", ["camera_id"], unique=False)
    op.create_index("ix_incidents_escalate_at", "incidents", ["escalate_at"], unique=False)
    op.create_index(
        "ix_incidents_source_key_status", "incidents", ["source_key", "status"], unique=False
    )
    op.create_index("ix_incidents_status_id", "incidents", ["status", "id"], unique=False)
    op.create_index(op.f("ix_incidents_unit_id"), "incidents", ["unit_id"], unique=False)
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedup_key", sa.String(length=300), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=True),
        sa.Column("box_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("occurred_at", UtcDateTime(), nullable=False),
        sa.Column("received_at", UtcDateTime(), nullable=False),
        sa.Column("metadata_json", sa.Text(), nullable=False),
        sa.Column("snapshot_sha256", sa.String(length=64), nullable=True),
        sa.Column("snapshot_size", sa.Integer(), nullable=True),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("held", sa.Boolean(), nullable=False),
        sa.Column("hold_reference", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["box_id"], ["ai_boxes.id"], name=op.f("fk_events_box_id_ai_boxes")
        ),
        sa.ForeignKeyConstraint(
            ["camera_id"],
            ["cameras.id"],
            name=op.f("fk_events_camera_id_cameras"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_events_incident_id_incidents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_events_dedup_key")),
    )
    op.create_index(
        "ix_events_camera_id_occurred_at", "events", ["camera_id", "occurred_at"], unique=False
    )
    op.create_index(op.f("ix_events_incident_id"), "events", ["incident_id"], unique=False)
    op.create_index("ix_events_received_at", "events", ["received_at"], unique=False)
    op.create_table(
        "incident_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=True),
        sa.Column("added_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by"], ["users.id"], name=op.f("fk_incident_attachments_added_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_incident_attachments_incident_id_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_attachments")),
    )
    op.create_index(
        op.f("ix_incident_attachments_incident_id"),
        "incident_attachments",
        ["incident_id"],
        unique=False,
    )
    op.create_table(
        "incident_procedure_checks",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_by", sa.Integer(), nullable=True),
        sa.Column("done_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["done_by"], ["users.id"], name=op.f("fk_incident_procedure_checks_done_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_incident_procedure_checks_incident_id_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("incident_id", "key", name=op.f("pk_incident_procedure_checks")),
    )
    op.create_table(
        "incident_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_incident_steps_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_incident_steps_incident_id_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_steps")),
    )
    op.create_index(
        op.f("ix_incident_steps_incident_id"), "incident_steps", ["incident_id"], unique=False
    )
    rules = sa.table(
        "incident_rules",
        sa.column("key", sa.String),
        sa.column("category", sa.String),
        sa.column("priority", sa.String),
        sa.column("enabled", sa.Boolean),
        sa.column("fold_window_seconds", sa.Integer),
        sa.column("escalate_after_minutes", sa.Integer),
        sa.column("updated_at", UtcDateTime()),
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        rules,
        [
            {
                "key": key,
                "category": category,
                "priority": priority,
                "enabled": enabled,
                "fold_window_seconds": fold,
                "escalate_after_minutes": escalate,
                "updated_at": now,
            }
            for key, category, priority, enabled, fold, escalate in _RULES
        ],
    )


def downgrade() -> None:
    op.drop_table("incident_steps")
    op.drop_table("incident_procedure_checks")
    op.drop_table("incident_attachments")
    op.drop_table("events")
    op.drop_table("incidents")
    op.drop_table("incident_rules")
    op.drop_table("ai_boxes")
