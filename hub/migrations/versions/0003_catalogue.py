# SPDX-License-Identifier: GPL-3.0-or-later
"""Camera catalogue: cameras (regulation fields, sealed device credentials), using units,
catalogue-update deadlines."""

import sqlalchemy as sa
from alembic import op

from hub.db import UtcDateTime

revision = "0003_catalogue"
down_revision = "0002_totp_secret_sealed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cameras",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("manufacturer", sa.String(length=200), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("firmware", sa.String(length=100), nullable=False),
        sa.Column("serial_number", sa.String(length=100), nullable=False),
        sa.Column("hardware_id", sa.String(length=100), nullable=False),
        sa.Column("onvif_profiles", sa.String(length=40), nullable=False),
        sa.Column("has_ptz", sa.Boolean(), nullable=False),
        sa.Column("has_events", sa.Boolean(), nullable=False),
        sa.Column("has_recording", sa.Boolean(), nullable=False),
        sa.Column("onvif_url", sa.String(length=500), nullable=False),
        sa.Column("rtsp_main_url", sa.String(length=500), nullable=True),
        sa.Column("rtsp_sub_url", sa.String(length=500), nullable=True),
        sa.Column("main_profile_token", sa.String(length=64), nullable=True),
        sa.Column("sub_profile_token", sa.String(length=64), nullable=True),
        sa.Column("credentials_sealed", sa.Text(), nullable=True),
        sa.Column("managing_unit_id", sa.Integer(), nullable=False),
        sa.Column("operating_unit_id", sa.Integer(), nullable=False),
        sa.Column("update_method", sa.String(length=20), nullable=False),
        sa.Column("update_frequency_days", sa.Integer(), nullable=False),
        sa.Column("tier", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("territory_id", sa.Integer(), nullable=False),
        sa.Column("domain", sa.String(length=40), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("mounting_layer", sa.String(length=20), nullable=False),
        sa.Column("public_sharing", sa.Boolean(), nullable=False),
        sa.Column("dedicated", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_detail", sa.String(length=200), nullable=True),
        sa.Column("last_seen_at", UtcDateTime(), nullable=True),
        sa.Column("last_checked_at", UtcDateTime(), nullable=True),
        sa.Column("clock_offset_seconds", sa.Float(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["managing_unit_id"],
            ["org_units.id"],
            name=op.f("fk_cameras_managing_unit_id_org_units"),
        ),
        sa.ForeignKeyConstraint(
            ["operating_unit_id"],
            ["org_units.id"],
            name=op.f("fk_cameras_operating_unit_id_org_units"),
        ),
        sa.ForeignKeyConstraint(
            ["territory_id"], ["territories.id"], name=op.f("fk_cameras_territory_id_territories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cameras")),
        sa.UniqueConstraint("code", name=op.f("uq_cameras_code")),
    )
    op.create_index(
        op.f("ix_cameras_managing_unit_id"), "cameras", ["managing_unit_id"], unique=False
    )
    op.create_index(
        op.f("ix_cameras_operating_unit_id"), "cameras", ["operating_unit_id"], unique=False
    )
    op.create_index(op.f("ix_cameras_territory_id"), "cameras", ["territory_id"], unique=False)
    op.create_table(
        "camera_using_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["camera_id"],
            ["cameras.id"],
            name=op.f("fk_camera_using_units_camera_id_cameras"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_units.id"], name=op.f("fk_camera_using_units_unit_id_org_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_camera_using_units")),
        sa.UniqueConstraint("camera_id", "unit_id", name=op.f("uq_camera_using_units_camera_id")),
    )
    op.create_index(
        op.f("ix_camera_using_units_camera_id"), "camera_using_units", ["camera_id"], unique=False
    )
    op.create_index(
        op.f("ix_camera_using_units_unit_id"), "camera_using_units", ["unit_id"], unique=False
    )
    op.create_table(
        "catalogue_deadlines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("opened_at", UtcDateTime(), nullable=False),
        sa.Column("due_at", UtcDateTime(), nullable=False),
        sa.Column("closed_at", UtcDateTime(), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["camera_id"],
            ["cameras.id"],
            name=op.f("fk_catalogue_deadlines_camera_id_cameras"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["closed_by"], ["users.id"], name=op.f("fk_catalogue_deadlines_closed_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_deadlines")),
    )
    op.create_index(
        op.f("ix_catalogue_deadlines_camera_id"), "catalogue_deadlines", ["camera_id"], unique=False
    )
    op.create_index(
        op.f("ix_catalogue_deadlines_due_at"), "catalogue_deadlines", ["due_at"], unique=False
    )


def downgrade() -> None:
    op.drop_table("catalogue_deadlines")
    op.drop_table("camera_using_units")
    op.drop_table("cameras")
