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


def test_hubs_starting_together_migrate_once(tmp_path: Path) -> None:
    """Every hub migrates at start; several hubs started at once on one fresh PostgreSQL
    (a province's systemd units after a reboot) must all come up on the newest schema."""
    from concurrent.futures import ThreadPoolExecutor

    from hub.db import make_engine
    from hub.testing import postgres_database
    from tests.hub.conftest import PG_URL, no_postgres

    if not PG_URL:
        no_postgres()
    with postgres_database(PG_URL) as url:
        engines = [make_engine(url) for _ in range(3)]
        try:
            with ThreadPoolExecutor(len(engines)) as pool:
                for done in [pool.submit(upgrade, engine) for engine in engines]:
                    done.result(timeout=120)
            with engines[0].connect() as conn:
                diff = compare_metadata(MigrationContext.configure(conn), models.Base.metadata)
            assert diff == [], diff
        finally:
            for engine in engines:
                engine.dispose()
