# SPDX-License-Identifier: GPL-3.0-or-later
"""Saved walls (per user, shared per unit) and enrolled wall displays."""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

from hub.db import UtcDateTime  # noqa: F401

revision = "0004_walls_displays"
down_revision = "0003_catalogue"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
