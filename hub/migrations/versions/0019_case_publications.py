# SPDX-License-Identifier: GPL-3.0-or-later
"""Publications: one row per blurred copy of a case medium made for citizens (channel,
final tracks, masks painted, hashes of the copy and of the original, who and when)."""

import sqlalchemy as sa
from alembic import op

from hub.db import UtcDateTime

revision = "0019_case_publications"
down_revision = "0018_evidence_packages"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("tracks_json", sa.Text(), nullable=False),
        sa.Column("track_count", sa.Integer(), nullable=False),
        sa.Column("masks_json", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("original_sha256", sa.String(length=64), nullable=False),
        sa.Column("published_by", sa.Integer(), nullable=False),
        sa.Column("published_unit_id", sa.Integer(), nullable=False),
        sa.Column("published_at", UtcDateTime(), nullable=False),
        sa.Column("built_at", UtcDateTime(), nullable=True),
        sa.Column("file_name", sa.String(length=200), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("failure", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_publications_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["media_id"], ["case_media.id"], name=op.f("fk_case_publications_media_id_case_media")
        ),
        sa.ForeignKeyConstraint(
            ["published_by"], ["users.id"], name=op.f("fk_case_publications_published_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["published_unit_id"],
            ["org_units.id"],
            name=op.f("fk_case_publications_published_unit_id_org_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_publications")),
    )
    op.create_index(
        op.f("ix_case_publications_case_id"), "case_publications", ["case_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_case_publications_case_id"), table_name="case_publications")
    op.drop_table("case_publications")
