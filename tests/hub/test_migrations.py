# SPDX-License-Identifier: GPL-3.0-or-later
"""The migrations build exactly the tables the models declare (no drift either way)."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

import hub.models as models
from hub.db import upgrade


def test_migrations_match_the_models(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), models.Base.metadata)
    engine.dispose()
    assert diff == [], diff
