# SPDX-License-Identifier: GPL-3.0-or-later
"""TOTP secrets sealed with AES-256-GCM (key file outside the database); plaintext dropped."""

import sqlalchemy as sa
from alembic import context, op

revision = "0002_totp_secret_sealed"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("totp_secret_sealed", sa.String(length=200), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL")
    ).all()
    if rows:
        # The hub hands its SecretBox over (hub.db.upgrade); without it the plaintext
        # secrets could only be dropped, forcing every user to enrol again.
        box = context.config.attributes.get("secret_box")
        if box is None:
            raise RuntimeError(
                "sealing existing TOTP secrets needs the hub's key: run `vwall-hub migrate`"
            )
        for user_id, secret in rows:
            bind.execute(
                sa.text("UPDATE users SET totp_secret_sealed = :sealed WHERE id = :id"),
                {"sealed": box.seal_totp(user_id, secret), "id": user_id},
            )
    # Native DROP COLUMN (SQLite ≥ 3.35, PostgreSQL): a batch table rebuild would drop
    # `users` under foreign keys that cascade to role grants.
    op.execute("ALTER TABLE users DROP COLUMN totp_secret")


def downgrade() -> None:
    raise NotImplementedError("sealed TOTP secrets are not written back in plaintext")
