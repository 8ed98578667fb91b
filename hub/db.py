# SPDX-License-Identifier: GPL-3.0-or-later
"""Database engine, declarative base and migrations (SQLite WAL or PostgreSQL)."""

from __future__ import annotations

import asyncio
import logging
import os
import traceback
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import DateTime, Engine, MetaData, create_engine, event, text
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from hub.clock import as_utc

log = logging.getLogger(__name__)

#: Event loops that serve a hub (registered by the application's lifespan).
_HUB_LOOPS: weakref.WeakSet[asyncio.AbstractEventLoop] = weakref.WeakSet()

#: ``VWALL_HUB_LOOP_CHECK=raise`` (the test suite) makes a database statement (or a SQLite
#: transaction begun) on a hub's event loop an error; otherwise it is logged with the place
#: that ran it.
LOOP_CHECK_ENV = "VWALL_HUB_LOOP_CHECK"


#: Where transactions were begun on a hub's loop (the test suite fails the test that did it,
#: also when a background task swallowed the error).
_VIOLATIONS: list[str] = []


def loop_violations() -> list[str]:
    """Take the places where a SQLite transaction was begun on a hub's event loop."""
    taken = list(_VIOLATIONS)
    del _VIOLATIONS[: len(taken)]
    return taken


class LoopTransactionError(RuntimeError):
    """A database statement ran (or a SQLite transaction began) on a hub's event loop."""


def serve_on_this_loop() -> None:
    """Mark the running event loop as a hub's: SQLite transactions must not begin on it."""
    _HUB_LOOPS.add(asyncio.get_running_loop())


def _on_hub_loop() -> bool:
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return False
    return loop in _HUB_LOOPS


def _check_not_on_hub_loop(what: str = "SQLite transaction begun") -> None:
    """A statement waits on the database: for a lock another transaction holds (a row
    lock, the audit chain's advisory lock, SQLite's one write lock), for the network, for
    the disk. On the hub's loop that wait stops every request, and the transaction holding
    the lock may need the loop to finish (every request stalls for the busy timeout, or
    for good). Catch the mistake where it is made."""
    if not _on_hub_loop():
        return
    frames = [f for f in traceback.format_stack()[:-2] if "site-packages" not in f]
    where = "".join(frames[-8:])
    _VIOLATIONS.append(where)
    if os.environ.get(LOOP_CHECK_ENV) == "raise":
        raise LoopTransactionError(f"{what} on the hub's event loop:\n{where}")
    log.warning("%s on the hub's event loop:\n%s", what, where)


def _check_statement(*_args: Any) -> None:
    _check_not_on_hub_loop("database statement")


# Any constant will do; it names "the schema migration" for pg_advisory_lock.
_PG_MIGRATION_LOCK = 0x76_77_6D_69_67  # "vwmig"

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every hub table."""

    metadata = MetaData(naming_convention=NAMING)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored as UTC and always returned timezone-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else as_utc(value)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else as_utc(value)


def is_sqlite(engine: Engine) -> bool:
    """Whether the engine talks to SQLite."""
    return engine.dialect.name == "sqlite"


def make_engine(url: str) -> Engine:
    """Create the engine: SQLite in WAL mode with foreign keys, or PostgreSQL by URL.

    On SQLite every transaction starts with ``BEGIN IMMEDIATE`` so that writers queue
    on the database lock instead of failing on a stale read snapshot; this is also what
    serialises audit appends (one chain head, never forked).
    """
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"timeout": 30, "check_same_thread": False}, pool_size=8
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            _check_not_on_hub_loop()
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        event.listen(engine, "before_cursor_execute", _check_statement)
        return engine
    engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
    event.listen(engine, "before_cursor_execute", _check_statement)
    return engine


def make_sessionmaker(engine: Engine, info: dict[str, Any] | None = None) -> sessionmaker[Session]:
    """Session factory; objects stay readable after commit; ``info`` goes to every session."""
    return sessionmaker(engine, expire_on_commit=False, info=info)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work commits on success and rolls back on any error."""
    with factory() as session, session.begin():
        yield session


async def begin_again(session: Session) -> None:
    """Open the session's next transaction in a worker thread, after a request committed
    its checks to wait for a device, ffmpeg or the relay.

    On SQLite a transaction begins with ``BEGIN IMMEDIATE``, which waits (up to the busy
    timeout) for the database's write lock. Waiting on the event loop would stop the very
    request that holds the lock from finishing (it needs the loop too): every request
    stalls for the busy timeout and ends "database is locked". In a worker thread the
    wait is harmless. On PostgreSQL it costs a thread hop.
    """
    await asyncio.to_thread(session.connection)


def alembic_config(engine: Engine, secret_box: object = None) -> Config:
    """Alembic configuration pointing at the migrations shipped in the hub package.

    ``secret_box`` (a ``hub.auth.secretbox.SecretBox``) lets migration 0002 seal existing
    plaintext TOTP secrets.
    """
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.attributes["engine"] = engine
    if secret_box is not None:
        cfg.attributes["secret_box"] = secret_box
    return cfg


def upgrade(engine: Engine, secret_box: object = None, revision: str = "head") -> None:
    """Bring the schema to ``revision``: the newest migration (run at every start), or an
    older one (tests of a migration's data step).

    Every hub migrates at start, and a province's hubs start together (after a reboot, a
    new release): on PostgreSQL the upgrade runs under a session-level advisory lock on a
    connection of its own, so one hub migrates and the others wait, then find nothing to do
    (unlocked, their DDL blocked one another until the statement timeout).
    """
    if engine.dialect.name != "postgresql":
        command.upgrade(alembic_config(engine, secret_box), revision)
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as lock:
        lock.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        try:
            command.upgrade(alembic_config(engine, secret_box), revision)
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_MIGRATION_LOCK})


def stamp(engine: Engine, revision: str) -> None:
    """Record ``revision`` as the schema's version without running anything (tests that
    replay one migration's data step over rows an older hub wrote)."""
    command.stamp(alembic_config(engine), revision)
