# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence packages: a lease on a package being built and the number of starts, so a
build cut off by a stopped hub is resumed (hub.leases)."""

import sqlalchemy as sa
from alembic import op

from hub.db import UtcDateTime

revision = "0020_evidence_build_lease"
down_revision = "0019_case_publications"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evidence_packages") as batch:
        batch.add_column(sa.Column("lease_until", UtcDateTime(), nullable=True))
        batch.add_column(
            sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )


def downgrade() -> None:
    with op.batch_alter_table("evidence_packages") as batch:
        batch.drop_column("attempts")
        batch.drop_column("lease_until")
