# SPDX-License-Identifier: GPL-3.0-or-later
"""Hub fixtures: every test runs on a SQLite file and, when configured, on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
from sqlalchemy.engine import make_url

from hub.db import make_engine, upgrade
from hub.testing import LiveHub, Province, postgres_database, seed_province, settings_for_tests

PG_URL = os.environ.get("VWALL_TEST_PG_URL")
NO_PG = "VWALL_TEST_PG_URL is not set (scripts/postgres.sh starts a server)"


def in_ci() -> bool:
    """Whether this run is CI (``CI=true``): every PostgreSQL case must run there."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def no_postgres() -> NoReturn:
    """Skip a PostgreSQL case without a server; in CI, fail it instead (a skipped case
    would hide that half the matrix never ran)."""
    if in_ci():
        pytest.fail(f"CI=true but {NO_PG}", pytrace=False)
    pytest.skip(NO_PG)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """In CI, a PostgreSQL case skipped anywhere (any fixture's own skip) is a failure."""
    report = yield
    if in_ci() and report.skipped and "VWALL_TEST_PG_URL" in str(report.longrepr):
        report.outcome = "failed"
        report.longrepr = f"CI=true but {NO_PG}"
    return report


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str | None]:
    """A migrated PostgreSQL database that each test's database is copied from."""
    if not PG_URL:
        yield None
        return
    with postgres_database(PG_URL) as url:
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield make_url(url).database


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database: a SQLite file, or a new database on the test PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hub.sqlite3'}"
        return
    if not PG_URL:
        no_postgres()
    template = request.getfixturevalue("pg_template")
    with postgres_database(PG_URL, template) as url:
        yield url


@pytest.fixture
def start_hub(db_url: str, tmp_path: Path) -> Iterator[Callable[..., LiveHub]]:
    """Start a real hub (uvicorn, HTTP) with setting overrides; stopped after the test."""
    started: list[LiveHub] = []

    def start(**overrides: Any) -> LiveHub:
        live = LiveHub(settings_for_tests(db_url, tmp_path / "data", **overrides)).start()
        started.append(live)
        return live

    yield start
    for live in started:
        live.stop()


@pytest.fixture
def live(start_hub: Callable[..., LiveHub]) -> LiveHub:
    """A running hub with default test settings."""
    return start_hub()


@pytest.fixture
def province(live: LiveHub) -> Province:
    """The seeded province of :func:`hub.testing.seed_province` in ``live``."""
    return seed_province(live.hub)
