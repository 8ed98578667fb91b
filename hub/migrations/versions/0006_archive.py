# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence snapshots and archive depth."""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

from hub.db import UtcDateTime  # noqa: F401

revision = "0006_archive"
down_revision = "0005_ptz"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
