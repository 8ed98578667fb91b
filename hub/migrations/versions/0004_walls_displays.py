# SPDX-License-Identifier: GPL-3.0-or-later
"""Saved walls (per user, shared per unit) and enrolled wall displays."""

import sqlalchemy as sa
from alembic import op

from hub.db import UtcDateTime

revision = "0004_walls_displays"
down_revision = "0003_catalogue"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "walls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("shared_unit_id", sa.Integer(), nullable=True),
        sa.Column("layout_json", sa.Text(), nullable=False),
        sa.Column("cameras_json", sa.Text(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_walls_owner_id_users")),
        sa.ForeignKeyConstraint(
            ["shared_unit_id"], ["org_units.id"], name=op.f("fk_walls_shared_unit_id_org_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_walls")),
        sa.UniqueConstraint("owner_id", "name", name="uq_walls_owner_id_name"),
    )
    op.create_index(op.f("ix_walls_owner_id"), "walls", ["owner_id"], unique=False)
    op.create_index(op.f("ix_walls_shared_unit_id"), "walls", ["shared_unit_id"], unique=False)
    op.create_table(
        "displays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
        sa.Column("revoked_by", sa.Integer(), nullable=True),
        sa.Column("last_seen_at", UtcDateTime(), nullable=True),
        sa.Column("current_wall_id", sa.Integer(), nullable=True),
        sa.Column("current_name", sa.String(length=100), nullable=True),
        sa.Column("current_layout_json", sa.Text(), nullable=True),
        sa.Column("current_cameras_json", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_displays_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["current_wall_id"],
            ["walls.id"],
            name=op.f("fk_displays_current_wall_id_walls"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by"], ["users.id"], name=op.f("fk_displays_revoked_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_units.id"], name=op.f("fk_displays_unit_id_org_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_displays")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_displays_token_hash")),
    )
    op.create_index(op.f("ix_displays_unit_id"), "displays", ["unit_id"], unique=False)
    op.create_table(
        "last_walls",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("wall_id", sa.Integer(), nullable=True),
        sa.Column("layout_json", sa.Text(), nullable=False),
        sa.Column("cameras_json", sa.Text(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_last_walls_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["wall_id"],
            ["walls.id"],
            name=op.f("fk_last_walls_wall_id_walls"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_last_walls")),
    )
    op.create_table(
        "display_walls",
        sa.Column("display_id", sa.Integer(), nullable=False),
        sa.Column("wall_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["display_id"],
            ["displays.id"],
            name=op.f("fk_display_walls_display_id_displays"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["wall_id"],
            ["walls.id"],
            name=op.f("fk_display_walls_wall_id_walls"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("display_id", "wall_id", name=op.f("pk_display_walls")),
    )
    op.create_index(op.f("ix_display_walls_wall_id"), "display_walls", ["wall_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_display_walls_wall_id"), table_name="display_walls")
    op.drop_table("display_walls")
    op.drop_table("last_walls")
    op.drop_index(op.f("ix_displays_unit_id"), table_name="displays")
    op.drop_table("displays")
    op.drop_index(op.f("ix_walls_shared_unit_id"), table_name="walls")
    op.drop_index(op.f("ix_walls_owner_id"), table_name="walls")
    op.drop_table("walls")
