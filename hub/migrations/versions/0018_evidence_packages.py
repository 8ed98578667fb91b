# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence packages: one row per export of a case as a signed package (requester,
second approval, the package's hashes and key fingerprint, its collection)."""

import sqlalchemy as sa
from alembic import op

from hub.db import UtcDateTime

revision = "0018_evidence_packages"
down_revision = "0017_privacy_masks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence_packages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("export_id", sa.Integer(), nullable=False),
        sa.Column("raw", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=False),
        sa.Column("requested_unit_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", UtcDateTime(), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", UtcDateTime(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("built_at", UtcDateTime(), nullable=True),
        sa.Column("file_name", sa.String(length=200), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=True),
        sa.Column("content_sha256", sa.String(length=64), nullable=True),
        sa.Column("key_fingerprint", sa.String(length=80), nullable=True),
        sa.Column("timestamp_kind", sa.String(length=20), nullable=True),
        sa.Column("failure", sa.String(length=300), nullable=True),
        sa.Column("downloaded_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_evidence_packages_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["export_id"],
            ["case_exports.id"],
            name=op.f("fk_evidence_packages_export_id_case_exports"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["users.id"], name=op.f("fk_evidence_packages_requested_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["requested_unit_id"],
            ["org_units.id"],
            name=op.f("fk_evidence_packages_requested_unit_id_org_units"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_evidence_packages_decided_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_packages")),
        sa.UniqueConstraint("export_id", name=op.f("uq_evidence_packages_export_id")),
    )
    op.create_index(
        op.f("ix_evidence_packages_case_id"), "evidence_packages", ["case_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_evidence_packages_case_id"), table_name="evidence_packages")
    op.drop_table("evidence_packages")
